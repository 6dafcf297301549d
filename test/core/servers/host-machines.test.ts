// Host names resolved once, when the list is loaded or saved (issue 18):
// hosts that resolve to one address give one machine, with a reason the
// Servers view shows; labels are left alone; a failed lookup keeps the host.

import { describe, expect, it } from 'vitest'
import { resolveHostMachines, type HostLookup } from '../../../main/core/servers/host-machines.ts'
import { resolveMachine } from '../../../main/core/usage/machine.ts'
import type { ServerConfig } from '../../../main/core/types/index.ts'

const config = (id: string, url: string, machine?: string): ServerConfig => ({
  id,
  name: id,
  url,
  kind: 'http-json',
  ...(machine ? { machine } : {}),
})

/** A DNS of our own: names outside it are not found, as a real resolver says. */
function zone(records: Record<string, string[]>): HostLookup & { asked: string[] } {
  const asked: string[] = []
  const lookup = (host: string) => {
    asked.push(host)
    const found = records[host]
    return found ? Promise.resolve(found) : Promise.reject(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }))
  }
  return Object.assign(lookup, { asked })
}

describe('resolveHostMachines', () => {
  it('an IP and a host name resolving to it are one machine, named by the host name', async () => {
    const dns = zone({ 'srv-app-01.example.com': ['10.0.0.5'] })
    const { configs, views } = await resolveHostMachines(
      [config('a', 'http://10.0.0.5:8080/u'), config('b', 'http://SRV-APP-01.example.com./u')],
      dns,
    )
    expect(configs.map((c) => resolveMachine(c, null))).toEqual(['srv-app-01.example.com', 'srv-app-01.example.com'])
    expect(views.get('a')?.reason).toBe('10.0.0.5, srv-app-01.example.com. resolve to 10.0.0.5: one machine')
    expect(views.get('a')?.reasonMessage).toEqual({
      id: 'servers.hosts.joinedAddress',
      params: { hosts: '10.0.0.5, srv-app-01.example.com.', address: '10.0.0.5' },
    })
    // Looked up without the trailing dot the admin typed.
    expect(dns.asked).toEqual(['srv-app-01.example.com'])
  })

  it('localhost, 127.0.0.1, [::1] and a name of this computer are one machine: localhost', async () => {
    const dns = zone({ 'my-box': ['127.0.1.1'] })
    const { configs, views } = await resolveHostMachines(
      [
        config('a', 'http://127.0.0.1:1/u'),
        config('b', 'http://localhost:2/u'),
        config('c', 'http://[::1]:3/u'),
        config('d', 'http://my-box:4/u'),
      ],
      dns,
    )
    expect(configs.map((c) => resolveMachine(c, null))).toEqual(['localhost', 'localhost', 'localhost', 'localhost'])
    expect(views.get('d')?.reason).toContain('are this computer (loopback)')
    expect(views.get('d')?.reasonMessage?.id).toBe('servers.hosts.joinedLoopback')
    expect(dns.asked).toEqual(['my-box'])
  })

  it('two names on two addresses stay two machines, and say what they resolve to', async () => {
    const dns = zone({ 'srv-a': ['10.0.0.5'], 'srv-b': ['10.0.0.6'] })
    const { configs, views } = await resolveHostMachines([config('a', 'http://srv-a/u'), config('b', 'http://srv-b/u')], dns)
    expect(configs.map((c) => resolveMachine(c, null))).toEqual(['srv-a', 'srv-b'])
    expect(configs.every((c) => c.hostMachine === undefined)).toBe(true)
    expect(views.get('a')?.reason).toBe('srv-a resolves to 10.0.0.5')
    expect(views.get('a')?.reasonMessage).toEqual({ id: 'servers.hosts.resolves', params: { host: 'srv-a', addresses: '10.0.0.5' } })
  })

  it('a label is left alone and not looked up; a failed lookup keeps the host as typed, with the cause', async () => {
    const dns = zone({})
    const { configs, views } = await resolveHostMachines([config('a', 'http://srv-a/u', 'Pool A'), config('b', 'http://srv-gone/u')], dns)
    expect(configs.map((c) => resolveMachine(c, null))).toEqual(['Pool A', 'srv-gone'])
    expect(dns.asked).toEqual(['srv-gone'])
    expect(views.has('a')).toBe(false)
    expect(views.get('b')?.reason).toBe('srv-gone could not be looked up (ENOTFOUND): kept as typed')
    expect(views.get('b')?.reasonMessage).toEqual({ id: 'servers.hosts.lookupFailed', params: { host: 'srv-gone', cause: 'ENOTFOUND' } })
  })

  it('a lookup that hangs is given up after the timeout', async () => {
    const never: HostLookup = () => new Promise(() => undefined)
    const started = Date.now()
    const { views } = await resolveHostMachines([config('a', 'http://srv-slow/u')], never, 50)
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(views.get('a')?.reason).toBe('srv-slow could not be looked up (no answer within 50 ms): kept as typed')
    expect(views.get('a')?.reasonMessage).toEqual({ id: 'servers.hosts.lookupTimedOut', params: { host: 'srv-slow', waitMs: 50 } })
  })
})
