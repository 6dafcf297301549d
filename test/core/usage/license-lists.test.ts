// License lists are built once per server's records and kept (issue 11): a row
// whose servers repeated their answers keeps the same list object; any change
// gives a new list whose content is what a fresh aggregation gives (the
// oracle: the same states deep-copied, so nothing can be reused), in the order
// the table promises (checked against a reference sort written here).
import { describe, expect, it } from 'vitest'
import { aggregate } from '../../../main/core/usage/aggregate.ts'
import { evidenceOf, fitTogether, groupFits } from '../../../main/core/usage/pool-evidence.ts'
import type { LicenseHeld, LicenseRecord, MachineUsage, ProductUsage, ServerState } from '../../../main/core/types/index.ts'
import { CLIENT, SQL, info, payload, record, records, server, session } from './aggregate-helpers.ts'

function row(machines: MachineUsage[], machine: string, productId: number): ProductUsage {
  const found = machines.find((m) => m.machine === machine)?.products.find((p) => p.productId === productId)
  if (!found) throw new Error(`no row ${machine} ${productId}`)
  return found
}

/** The next poll of a server as the poller gives it: a new state and payload object around the records it kept. */
function repoll(state: ServerState, recs: LicenseRecord[] = state.payload?.records ?? []): ServerState {
  if (!state.payload) throw new Error('no payload')
  return { ...state, latencyMs: 15, payload: { ...state.payload, records: recs, time: '2026-11-28T09:15:07.000Z' } }
}

/** Reference order of the table: known times oldest first, unknown last, then token, then server name (natural). */
function referenceOrder(licenses: readonly LicenseHeld[]): LicenseHeld[] {
  const ms = (l: LicenseHeld) => (l.since === null || Number.isNaN(Date.parse(l.since)) ? Number.POSITIVE_INFINITY : Date.parse(l.since))
  return [...licenses].sort(
    (a, b) =>
      ms(a) - ms(b) || a.token - b.token || a.server.localeCompare(b.server, 'en', { numeric: true }) || (a.server < b.server ? -1 : 1),
  )
}

const at = (second: number) => `2026-11-28T09:00:${String(second).padStart(2, '0')}Z`

describe('license lists kept across rebuilds', () => {
  it('servers that repeat their answers: the same list object; the content a fresh aggregation gives', () => {
    const a = server(
      'Accounting',
      'srv-1',
      payload([...records(3, 1), ...records(2, 50, { productId: SQL, productName: '4D SQL Server' })]),
    )
    const b = server('Sales', 'srv-1', payload(records(4, 100)))
    const c = server('Stock', 'srv-2', payload(records(2, 200)))
    const first = aggregate([a, b, c])
    const states = [repoll(a), repoll(b), repoll(c)]
    const second = aggregate(states)
    for (const [machine, product] of [
      ['srv-1', CLIENT],
      ['srv-1', SQL],
      ['srv-2', CLIENT],
    ] as const) {
      expect(row(second, machine, product).licenses).toBe(row(first, machine, product).licenses)
    }
    expect(second).toEqual(aggregate(structuredClone(states)))
  })

  it('one server changed: a new list for its rows, with the right content; other rows keep theirs', () => {
    const a = server('Accounting', 'srv-1', payload(records(3, 1)))
    const b = server('Sales', 'srv-1', payload(records(4, 100)))
    const c = server('Stock', 'srv-2', payload(records(2, 200)))
    const first = aggregate([a, b, c])
    const changed = [...(b.payload?.records ?? []).slice(1), record({ token: 104, time: at(30), session: session({ userName: 'ana' }) })]
    const states = [repoll(a), repoll(b, changed), repoll(c)]
    const second = aggregate(states)
    const list = row(second, 'srv-1', CLIENT).licenses
    expect(list).not.toBe(row(first, 'srv-1', CLIENT).licenses)
    // Same retain time for all but the new license (09:00:30): by token, the new one last.
    expect(list.map((l) => `${l.server} ${l.token}`)).toEqual([
      'Accounting 1',
      'Accounting 2',
      'Accounting 3',
      'Sales 101',
      'Sales 102',
      'Sales 103',
      'Sales 104',
    ])
    expect(second).toEqual(aggregate(structuredClone(states)))
    expect(row(second, 'srv-2', CLIENT).licenses).toBe(row(first, 'srv-2', CLIENT).licenses)
  })

  it('merged from several servers in the table order: times, unknown times last, token, then server', () => {
    const times = [at(5), null, at(1), 'not a time', at(5), at(3)]
    const recs = (first: number, shift: number) =>
      times.map((_, i) => record({ token: first + ((i * 7) % 5), time: times[(i + shift) % times.length] ?? null }))
    const states = [
      server('srv-10', 'm', payload(recs(1, 0))),
      server('srv-2', 'm', payload(recs(1, 1))),
      server('srv-2b', 'm', payload(recs(3, 2))),
    ]
    const list = row(aggregate(states), 'm', CLIENT).licenses
    expect(list).toHaveLength(states.reduce((n, s) => n + new Set(s.payload?.records.map((r) => r.token)).size, 0))
    expect(list).toEqual(referenceOrder(list))
    expect(list).toEqual(row(aggregate(structuredClone(states)), 'm', CLIENT).licenses)
  })

  it('a renamed server or a license the monitor now holds itself: a new list that says so', () => {
    const a = server('Accounting', 'srv-1', payload(records(3, 1)))
    const first = row(aggregate([a]), 'srv-1', CLIENT).licenses
    const renamed = row(aggregate([{ ...repoll(a), name: 'Finance' }]), 'srv-1', CLIENT).licenses
    expect(renamed).not.toBe(first)
    expect(renamed.map((l) => l.server)).toEqual(['Finance', 'Finance', 'Finance'])
    const held = repoll(a)
    const own = { ...held, payload: held.payload ? { ...held.payload, monitorTokens: [2] } : null }
    const mine = row(aggregate([own]), 'srv-1', CLIENT).licenses
    expect(mine).not.toBe(first)
    expect(mine.map((l) => l.heldByMonitor === true)).toEqual([false, true, false])
  })
})

describe('pool evidence kept per records array', () => {
  it('the same records with another license number or limit: evidence that says so', () => {
    const recs = records(2, 1, { productUsedCount: 1, globalProductUsedCount: 3, productBalance: 7 })
    const a = server('Accounting', 'srv-1', payload(recs, [info(CLIENT, '4D Client', 10)]))
    const first = evidenceOf(a, CLIENT)
    expect(evidenceOf(repoll(a), CLIENT)).toBe(first)
    const other = {
      ...a,
      payload: {
        ...payload(recs, [info(CLIENT, '4D Client', 12)]),
        licenseInfo: { products: [info(CLIENT, '4D Client', 12)], licenseNumber: 'L-2' },
      },
    }
    expect(evidenceOf(other, CLIENT)).toMatchObject({ allowed: 12, licenseNumber: 'L-2', held: first?.held })
    expect(evidenceOf({ ...a, name: 'Finance' }, CLIENT)?.server).toBe('Finance')
  })

  it('groupFits gives fitTogether’s verdict, for the same members and after one changed', () => {
    // Y and Z each hold 3 licenses since 09:00:01; X's record of 09:00:05 counted 4 on other servers: X, Y and Z cannot
    // share one pool (6 held before it), X, Y and a server whose only license came later can.
    const held = (first: number) => records(3, first, { time: at(1), productUsedCount: 1, globalProductUsedCount: 1, productBalance: 9 })
    const late = record({ token: 90, time: at(5), productUsedCount: 4, globalProductUsedCount: 8, productBalance: 2 })
    const x = evidenceOf(server('X', 'x', payload([...held(1), late])), CLIENT)
    const y = evidenceOf(server('Y', 'y', payload(held(10))), CLIENT)
    const z = evidenceOf(server('Z', 'z', payload(held(20))), CLIENT)
    const calm = evidenceOf(server('Z', 'z', payload(records(1, 30, { time: at(9) }))), CLIENT)
    if (!x || !y || !z || !calm) throw new Error('no evidence')
    expect(fitTogether([x, y, z])).toBe(false)
    expect(groupFits([x, y, z])).toBe(false)
    expect(groupFits([x, y, z])).toBe(false)
    expect(fitTogether([x, y, calm])).toBe(true)
    expect(groupFits([x, y, calm])).toBe(true)
    expect(groupFits([x, y, z])).toBe(false)
  })
})
