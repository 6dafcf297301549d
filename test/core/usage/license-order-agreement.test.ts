// The page keeps a patched license list in the order main builds it in. The
// dependency rules let the renderer take only types from main, so the order is
// written twice: main/core/usage/license-lists.ts (compareHeld, merging each
// server's sorted licenses) and renderer/src/model/license-order.ts. Random
// rows (several servers, equal, unknown, unreadable and offset times, shared
// tokens, names that sort naturally) go through main's real list builder; the
// page's comparator must sort the same licenses, shuffled, into the same list.
import { describe, expect, it } from 'vitest'
import { licenseList } from '../../../main/core/usage/license-lists.ts'
import { productRecords } from '../../../main/core/usage/server-records.ts'
import type { LicenseRecord } from '../../../main/core/types/index.ts'
import { prng } from '../history/usage-data.ts'
import { record, session } from './aggregate-helpers.ts'
import { compareLicenses } from '../../../renderer/src/model/license-order.ts'

const pick = <T>(random: () => number, values: readonly T[]): T => values[Math.floor(random() * values.length)] as T

const PRODUCT = 808464441
const SERVERS = ['srv-2', 'srv-10', 'Srv-1', 'srv-1', 'Accounting', 'accounting', 'Ärger', 'b']
const TIMES = [
  null,
  'not a time',
  '',
  '2026-11-28T09:00:00Z',
  '2026-11-28T10:00:00+01:00',
  '2026-11-28T09:00:00.000Z',
  '2026-11-28T09:00:01.5Z',
  '2026-11-28T09:14:40.002Z',
  '2026-11-27T23:59:59Z',
  '2026-11-28T09:15',
]

function recordsOf(random: () => number, count: number): LicenseRecord[] {
  const tokens = new Set<number>()
  while (tokens.size < count) tokens.add(Math.floor(random() * count * 3) + 1)
  return [...tokens].map((token) =>
    record({ productId: PRODUCT, token, time: pick(random, TIMES), session: session({ userName: `user${String(token)}` }) }),
  )
}

describe('the page orders a license list as main builds it', () => {
  it('agrees with main on 300 random rows of one to four servers', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = prng(seed)
      const servers = [...SERVERS].sort(() => random() - 0.5).slice(0, 1 + Math.floor(random() * 4))
      const parts = servers.map((server) => {
        const { records, times } = productRecords(recordsOf(random, Math.floor(random() * 30)), PRODUCT)
        return { server, records, times, monitorTokens: undefined }
      })
      const built = licenseList(parts)
      const shuffled = [...built].sort(() => random() - 0.5)
      expect(shuffled.sort(compareLicenses), `seed ${String(seed)}`).toEqual(built)
    }
  })

  it('says 0 only for the same server and token', () => {
    const license = { server: 'srv-1', token: 7, productId: PRODUCT, since: null, reason: null, sessionType: null }
    const rest = { userName: null, clientMachine: null, ipAddress: null, state: null, hostType: null }
    const a = { ...license, ...rest }
    expect(compareLicenses(a, { ...a, userName: 'other' })).toBe(0)
    expect(compareLicenses(a, { ...a, server: 'Srv-1' })).not.toBe(0)
    expect(compareLicenses(a, { ...a, token: 8 })).toBeLessThan(0)
    // Unknown and unreadable times go after every real one, whatever the token.
    expect(compareLicenses({ ...a, since: 'garbage', token: 1 }, { ...a, since: '2026-11-28T09:00:00Z', token: 9 })).toBeGreaterThan(0)
  })
})
