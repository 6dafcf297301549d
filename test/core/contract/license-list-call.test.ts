// getLicenseList: the one route a license list takes to a page since pushes
// leave lists out (issue 11 item 2). Hostile machine names (10 KB, issue 12)
// must still find their row.
import { describe, expect, it } from 'vitest'
import { createBackend, dispatchCall } from '../../../main/core/contract/backend.ts'
import type { LicenseHeld, Snapshot } from '../../../main/core/types/index.ts'

const LONG_MACHINE = `srv-${'x'.repeat(10_000)}`

function held(token: number): LicenseHeld {
  return {
    server: 'Accounting',
    token,
    productId: 1,
    since: null,
    reason: null,
    sessionType: 'remote',
    userName: `user${token}`,
    clientMachine: null,
    ipAddress: null,
    state: 'active',
    hostType: null,
  }
}

const snapshot: Snapshot = {
  generatedAt: '2026-11-28T09:00:00.000Z',
  demo: false,
  machines: [
    {
      machine: LONG_MACHINE,
      servers: ['Accounting'],
      products: [
        {
          productId: 1,
          productName: '4D Client',
          used: 2,
          limit: 10,
          remaining: 8,
          utilization: 0.2,
          unlimited: false,
          limitSource: 'licenseInfo',
          status: 'ok',
          shares: [],
          flags: [],
          stale: false,
          licenses: [held(1), held(2)],
        },
      ],
    },
  ],
  servers: [],
}

const backend = createBackend({ monitor: { getSnapshot: () => snapshot, onSnapshot: () => () => undefined } })

describe('getLicenseList', () => {
  it('answers the list of a row, with the version the live snapshot names, for a 10 KB machine name too', async () => {
    const live = await dispatchCall(backend, 'getLiveSnapshot', [])
    const listVersion = live.ok ? (live.data as Snapshot).machines[0]?.products[0]?.listVersion : undefined
    expect(listVersion).toEqual(expect.any(Number))
    expect(await dispatchCall(backend, 'getLicenseList', [LONG_MACHINE, 1])).toEqual({
      ok: true,
      data: { machine: LONG_MACHINE, productId: 1, listVersion, licenses: [held(1), held(2)] },
    })
    // The live snapshot itself carries no list.
    expect(live.ok && (live.data as Snapshot).machines[0]?.products[0]?.licenses).toEqual([])
  })

  it('says so when the machine has no such row', async () => {
    expect(await dispatchCall(backend, 'getLicenseList', ['srv-gone', 1])).toEqual({
      ok: false,
      error: 'machine "srv-gone" has no row for product 1 (any more)',
    })
  })

  it.each([[[]], [['srv', -1]], [['srv', 1.5]], [[42, 1]], [['', 1]]])(
    'refuses arguments %j with a sentence naming the call',
    async (args) => {
      const answer = await dispatchCall(backend, 'getLicenseList', args)
      expect(answer.ok).toBe(false)
      expect(answer.ok ? '' : answer.error).toMatch(/^invalid arguments for getLicenseList: /)
    },
  )
})
