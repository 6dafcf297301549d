// The session key that the history uses to tell sessions apart: stable for one
// ID, different for another, absent without an ID, never the ID itself.
import { describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import { aggregate } from '../../../main/core/usage/aggregate.ts'
import { sessionKey } from '../../../main/core/usage/session-key.ts'
import type { LicenseRecord, ServerState } from '../../../main/core/types/index.ts'

const ID_A = '6F1B2C3D-0000-4000-8000-00000000000A'
const ID_B = '6F1B2C3D-0000-4000-8000-00000000000B'

function record(token: number, id: string | null): LicenseRecord {
  return {
    productId: 1,
    productName: '4D Client',
    productUsedCount: 1,
    productBalance: 9,
    globalProductUsedCount: null,
    token,
    time: '2026-11-28T09:00:00Z',
    reason: 'CLIENT',
    session: {
      type: 'rest',
      userName: 'ana',
      machineName: null,
      systemUserName: null,
      IPAddress: null,
      hostType: null,
      creationDateTime: null,
      state: null,
      ID: id,
    },
  }
}

function serverWith(records: LicenseRecord[]): ServerState {
  return {
    id: 'a',
    name: 'Accounting',
    machine: 'srv-01',
    url: 'http://127.0.0.1/a',
    status: 'up',
    latencyMs: 1,
    lastSuccessAt: '2026-11-28T09:00:05Z',
    lastAttemptAt: '2026-11-28T09:00:05Z',
    lastError: null,
    warnings: [],
    consecutiveFailures: 0,
    version: null,
    payload: {
      server: { name: null, machine: null, version: null },
      time: null,
      licenseInfo: null,
      records,
      invalidCount: 0,
      totalCount: records.length,
      invalidSummary: null,
    },
  }
}

describe('sessionKey', () => {
  it('is the same for one ID, differs between IDs, and is null without an ID', () => {
    expect(sessionKey(ID_A)).toBe(sessionKey(ID_A))
    expect(sessionKey(ID_A)).not.toBe(sessionKey(ID_B))
    expect(sessionKey(ID_A)).toMatch(/^[0-9a-f]{16}$/)
    expect(sessionKey(null)).toBeNull()
    expect(sessionKey('')).toBeNull()
  })

  it("reaches the snapshot's licenses as a key, never as the ID (a REST sessionID is a cookie value)", () => {
    const [machine] = aggregate([serverWith([record(1, ID_A), record(2, null)])])
    const licenses = machine!.products[0]!.licenses
    expect(licenses.map((l) => l.sessionKey)).toEqual([sessionKey(ID_A), undefined])
    expect(JSON.stringify(licenses)).not.toContain(ID_A)
  })
})

describe('sessionKey, remembered per ID (bench:monitor)', () => {
  const digest = (id: string) => createHash('sha256').update(id).digest('hex').slice(0, 16)

  it('gives the SHA-256 prefix for a repeated ID, and again after its memory of 100,000 IDs started over', () => {
    expect(sessionKey(ID_A)).toBe(digest(ID_A))
    expect(sessionKey(ID_A)).toBe(digest(ID_A))
    for (let i = 0; i <= 100_000; i++) sessionKey(`session-${i}`)
    expect(sessionKey(ID_A)).toBe(digest(ID_A))
    expect(sessionKey('session-99999')).toBe(digest('session-99999'))
    expect(sessionKey(ID_B)).toBe(digest(ID_B))
  })
})
