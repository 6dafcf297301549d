// The Servers view's "Servers that share a machine" (issue 18) in happy-dom:
// the offer built from the live rows' pool evidence, its merged-row preview,
// the one-click call through the contract, and the hosts resolved on save.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it } from 'vitest'
import { setLanguageChoice } from '../../../renderer/src/i18n/index.ts'
import ServersView from '../../../renderer/src/views/ServersView.vue'
import { useLicensesStore } from '../../../renderer/src/stores/licenses.ts'
import type { MachineUsage, ProductUsage, ServerList, SharedPool } from '../../../main/core/types/index.ts'
import { entry } from '../server-fake-api.ts'

afterEach(() => {
  delete (window as unknown as { licenseMonitor?: unknown }).licenseMonitor
  setLanguageChoice('system')
})

function row(used: number, pool: SharedPool): ProductUsage {
  return {
    productId: 808464441,
    productName: '4D Client',
    used: 9,
    limit: 10,
    remaining: 1,
    utilization: 0.9,
    unlimited: false,
    limitSource: 'records',
    status: 'critical',
    shares: [],
    flags: [],
    stale: false,
    licenses: [],
    pool: { ...pool, heldHere: used },
  }
}

function pool(server: string, machine: string, used: number): SharedPool {
  return {
    heldHere: 0,
    elsewhere: [{ server, machine, used }],
    unlisted: 0,
    evidence: ['globalCount'],
    proof: null,
    sentence: `Shares one pool with ${server} (on ${machine}, ${used} held), listed as another machine`,
  }
}

describe('Servers that share a machine', () => {
  it('offers to put the pool’s servers on one machine, previews the merged row, and saves through the contract', async () => {
    setActivePinia(createPinia())
    const list: ServerList = {
      servers: [entry('a', { name: 'A' }), entry('b', { name: 'B' }), entry('c', { name: 'C' }), entry('d', { name: 'D' })],
      secretInput: 'env',
      storageWarning: null,
      hostMachines: {
        c: { machine: 'srv-app-09', addresses: ['10.0.0.9'], reason: '10.0.0.9, srv-app-09 resolve to 10.0.0.9: one machine' },
        d: { machine: 'srv-app-09', addresses: ['10.0.0.9'], reason: 'srv-app-09, 10.0.0.9 resolve to 10.0.0.9: one machine' },
      },
    }
    const calls: unknown[][] = []
    ;(window as unknown as { licenseMonitor?: unknown }).licenseMonitor = {
      listServers: async () => ({ ok: true, data: list }),
      putOnOneMachine: async (ids: string[], machine: string) => {
        calls.push([ids, machine])
        return { ok: true, data: { status: 'saved', list } }
      },
    }
    const machines: MachineUsage[] = [
      { machine: '127.0.0.1', servers: ['A'], products: [row(4, pool('B', 'localhost', 5))] },
      { machine: 'localhost', servers: ['B'], products: [row(5, pool('A', '127.0.0.1', 4))] },
    ]
    useLicensesStore().applyMachines(machines)
    const view = mount(ServersView)
    await flushPromises()

    const offers = view.findAll('[data-testid="shared-offer"]')
    expect(offers).toHaveLength(1)
    expect(offers[0]!.text()).toContain('A, B are listed as different machines')
    expect(offers[0]!.get('[data-testid="merge-preview"]').text()).toContain('4D Client 9 used, 1 of 10 left')
    await offers[0]!.get('[data-testid="merge-machines"]').trigger('click')
    await flushPromises()
    expect(calls).toEqual([[['a', 'b'], '127.0.0.1']])

    const hosts = view.findAll('[data-testid="host-group"]')
    expect(hosts.map((host) => host.text())).toEqual([
      'C, D are one machine, srv-app-09: 10.0.0.9, srv-app-09 resolve to 10.0.0.9: one machine (looked up when the list was saved).',
    ])
  })

  it('says why hosts are one machine in Brazilian Portuguese, from the reasons core resolved', async () => {
    setActivePinia(createPinia())
    setLanguageChoice('pt-BR')
    // As core's resolveHostMachines sends them (test/core/servers/host-machines.test.ts checks these ids and parameters):
    // an address and a name of it, and a name of this computer beside localhost; the English beside is not what is shown.
    const joined = { id: 'servers.hosts.joinedAddress', params: { hosts: '10.0.0.9, srv-app-09', address: '10.0.0.9' } }
    const loopback = { id: 'servers.hosts.joinedLoopback', params: { hosts: 'localhost, my-box' } }
    const list: ServerList = {
      servers: [entry('c', { name: 'C' }), entry('d', { name: 'D' }), entry('e', { name: 'E' }), entry('f', { name: 'F' })],
      secretInput: 'env',
      storageWarning: null,
      hostMachines: {
        c: { machine: 'srv-app-09', addresses: ['10.0.0.9'], reason: 'in English', reasonMessage: joined },
        d: { machine: 'srv-app-09', addresses: ['10.0.0.9'], reason: 'in English', reasonMessage: joined },
        e: { machine: 'localhost', addresses: ['localhost'], reason: 'in English', reasonMessage: loopback },
        f: { machine: 'localhost', addresses: ['localhost'], reason: 'in English', reasonMessage: loopback },
      },
    }
    ;(window as unknown as { licenseMonitor?: unknown }).licenseMonitor = { listServers: async () => ({ ok: true, data: list }) }
    const view = mount(ServersView)
    await flushPromises()
    expect(view.findAll('[data-testid="host-group"]').map((host) => host.text())).toEqual([
      'C, D são uma só máquina, srv-app-09: 10.0.0.9, srv-app-09 resolvem para 10.0.0.9: uma só máquina (verificado quando a lista foi salva).',
      'E, F são uma só máquina, localhost: localhost, my-box são este computador (loopback): uma só máquina (verificado quando a lista foi salva).',
    ])
  })

  it('shows nothing when no pool reaches beyond its machine', async () => {
    setActivePinia(createPinia())
    ;(window as unknown as { licenseMonitor?: unknown }).licenseMonitor = {
      listServers: async () => ({ ok: true, data: { servers: [entry('a')], secretInput: 'env', storageWarning: null } }),
    }
    const view = mount(ServersView)
    await flushPromises()
    expect(view.find('[data-testid="shared-machines"]').exists()).toBe(false)
  })
})
