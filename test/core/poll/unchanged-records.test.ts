// A server that repeats its answer keeps its record objects (issue 11): the
// payload must read exactly as the new answer, with the previous objects
// wherever they are equal, and a new object wherever anything differs.
import { afterEach, describe, expect, it } from 'vitest'
import { keepUnchanged, keepUnchangedRecords } from '../../../main/core/poll/unchanged-records.ts'
import { createPoller, type Poller } from '../../../main/core/poll/poller.ts'
import type { LicenseRecord, ServerConfig, ServerPayload, SessionInfo } from '../../../main/core/types/index.ts'
import { startSimulator, type LocalSimulator } from '../../../main/simulator/simulator.ts'
import { info, payload, record, records, session } from '../usage/aggregate-helpers.ts'

/** A deep copy: what a new poll of the same answer parses into. */
const again = <T>(value: T): T => structuredClone(value)

describe('keepUnchanged', () => {
  it('the same answer again: the previous records array and License info, the content of the new answer', () => {
    const previous: ServerPayload = { ...payload(records(5, 1), [info(1, '4D Client', 10, 5)]), monitorTokens: [3] }
    const next = { ...again(previous), time: '2026-11-28T09:15:07.000Z' }
    const kept = keepUnchanged(previous, next)
    expect(kept).toEqual(next)
    expect(kept.records).toBe(previous.records)
    expect(kept.licenseInfo).toBe(previous.licenseInfo)
    expect(kept.monitorTokens).toBe(previous.monitorTokens)
    expect(kept.time).toBe(next.time)
  })

  it('nothing to keep: the new payload itself', () => {
    const next = payload(records(2, 1))
    expect(keepUnchanged(null, next)).toBe(next)
    expect(keepUnchanged(payload(records(2, 50), [info(1, '4D Client', 10)]), next)).toBe(next)
  })

  const recordChanges: [string, Partial<LicenseRecord>][] = [
    ['productId', { productId: 1001 }],
    ['productName', { productName: '4D SQL Server' }],
    ['productUsedCount', { productUsedCount: 7 }],
    ['productBalance', { productBalance: 2 }],
    ['globalProductUsedCount', { globalProductUsedCount: 9 }],
    ['time', { time: '2026-11-28T09:00:01.000Z' }],
    ['reason', { reason: 'web connection' }],
    ['session', { session: null }],
  ]
  const sessionChanges: [string, Partial<SessionInfo>][] = [
    ['type', { type: 'rest' }],
    ['userName', { userName: 'ana' }],
    ['machineName', { machineName: 'MAC-DSN-35' }],
    ['systemUserName', { systemUserName: 'CORP\\ana' }],
    ['IPAddress', { IPAddress: '10.9.5.190' }],
    ['hostType', { hostType: 'mac' }],
    ['creationDateTime', { creationDateTime: '2026-11-28T08:00:00Z' }],
    ['state', { state: 'sleeping' }],
    ['ID', { ID: 'E42A8512-14AA-1883-C4FF-D020F5BD14DC' }],
  ]
  const changes: [string, (r: LicenseRecord) => LicenseRecord][] = [
    ...recordChanges.map(([field, change]): [string, (r: LicenseRecord) => LicenseRecord] => [field, (r) => ({ ...r, ...change })]),
    ...sessionChanges.map(([field, change]): [string, (r: LicenseRecord) => LicenseRecord] => [
      `session.${field}`,
      (r) => ({ ...r, session: { ...session(), ...r.session, ...change } }),
    ]),
  ]

  it.each(changes)('a record whose %s changed is the new record; the others stay the previous objects', (_field, change) => {
    const previous = records(4, 1)
    const next = again(previous)
    next[2] = change(next[2] as LicenseRecord)
    const kept = keepUnchangedRecords(previous, next)
    expect(kept).toEqual(next)
    expect(kept).not.toBe(previous)
    expect(kept[2]).toBe(next[2])
    for (const i of [0, 1, 3]) expect(kept[i]).toBe(previous[i])
  })

  it('licenses added, released and listed in another order: found by token, the array is new', () => {
    const previous = records(4, 1)
    const added = record({ token: 9, reason: 'web connection' })
    const next = [again(previous[3] as LicenseRecord), again(previous[0] as LicenseRecord), added, again(previous[2] as LicenseRecord)]
    const kept = keepUnchangedRecords(previous, next)
    expect(kept).toEqual(next)
    expect(kept.map((r) => r.token)).toEqual([4, 1, 9, 3])
    expect(kept[0]).toBe(previous[3])
    expect(kept[1]).toBe(previous[0])
    expect(kept[2]).toBe(added)
    expect(kept[3]).toBe(previous[2])
  })

  it('the same records in another order: the previous objects, not the previous array', () => {
    const previous = records(3, 1)
    const next = again(previous).reverse()
    const kept = keepUnchangedRecords(previous, next)
    expect(kept).not.toBe(previous)
    expect(kept).toEqual(next)
    expect(kept[0]).toBe(previous[2])
  })

  it('changed License info or own tokens are the new ones', () => {
    const previous: ServerPayload = { ...payload(records(2, 1), [info(1, '4D Client', 10, 2)]), monitorTokens: [1] }
    const next: ServerPayload = { ...payload(again(previous.records), [info(1, '4D Client', 12, 2)]), monitorTokens: [1, 2] }
    const kept = keepUnchanged(previous, next)
    expect(kept).toEqual(next)
    expect(kept.records).toBe(previous.records)
    expect(kept.licenseInfo).toBe(next.licenseInfo)
    expect(kept.monitorTokens).toBe(next.monitorTokens)
    const rights = { ...next, licenseInfo: { products: [{ ...info(1, '4D Client', 12, 2), rights: [5, 7] }] } }
    expect(keepUnchanged(next, rights).licenseInfo).toBe(rights.licenseInfo)
    const number = { ...next, licenseInfo: { ...next.licenseInfo, products: next.licenseInfo?.products ?? [], licenseNumber: 'X-1' } }
    expect(keepUnchanged(next, number).licenseInfo).toBe(number.licenseInfo)
  })
})

describe('the poller keeps what a server repeats (simulator, real sockets)', () => {
  let simulator: LocalSimulator | null = null
  let poller: Poller | null = null
  afterEach(async () => {
    await poller?.stop()
    await simulator?.stop()
  })

  it('an unchanged answer gives the same records array; a retained license a new one with the right content', async () => {
    simulator = await startSimulator({ servers: 2, machines: 1, seed: 3, initialClients: 6 })
    const configs: ServerConfig[] = simulator
      .servers()
      .map((s) => ({ id: s.id, name: s.name, url: s.jsonUrl, kind: 'http-json', machine: s.machine, intervalMs: 60_000 }))
    poller = createPoller({ servers: configs, onChange: () => undefined })
    const recordsOf = (id: string) => poller?.states().find((s) => s.id === id)?.payload?.records ?? []
    const [first, second] = configs as [ServerConfig, ServerConfig]

    await poller.pollNow()
    const before = recordsOf(first.id)
    const sibling = recordsOf(second.id)
    expect(before.length).toBeGreaterThan(0)
    await poller.pollNow()
    expect(recordsOf(first.id)).toBe(before)
    expect(recordsOf(second.id)).toBe(sibling)

    const retained = simulator.retain(first.id, simulator.truth().servers[0]?.records[0]?.productId ?? 0)
    expect(retained).not.toBeNull()
    await poller.pollNow()
    const after = recordsOf(first.id)
    expect(after).not.toBe(before)
    const byToken = (a: LicenseRecord, b: LicenseRecord) => a.token - b.token
    const truth = simulator.truth().servers.find((s) => s.id === first.id)?.records ?? []
    expect([...after].sort(byToken)).toEqual([...truth].sort(byToken))
    expect(after.filter((r) => before.includes(r))).toHaveLength(before.length)
    expect(after.find((r) => r.token === retained?.token)).toEqual(retained)
    expect(recordsOf(second.id)).toBe(sibling)
  })
})
