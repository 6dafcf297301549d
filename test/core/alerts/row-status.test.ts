// Issue 20, item 4: the status column never contradicts its numbers. The rows
// go through the real alerting shell (rule engine, hysteresis, state), one
// evaluation every 30 s, and each decorated row is checked against its own
// numbers: the status is the level they meet; an alert held above it by
// hysteresis shows as `recovering`, with the remaining count at which it clears.

import { describe, expect, it } from 'vitest'
import { createAlerting } from '../../../main/core/alerts/alerting.ts'
import { defaultAlertConfig, levelRank, type AlertConfig } from '../../../main/core/alerts/config.ts'
import { clearRemaining } from '../../../main/core/alerts/row-status.ts'
import type { AlertLevel, ProductUsage } from '../../../main/core/types/index.ts'
import { snapshot } from './helpers.ts'

/** Evaluates `used` on a pool of `limit`, one step per 30 s, and returns each decorated row. */
function walk(limit: number, used: number[], config: AlertConfig = defaultAlertConfig()): ProductUsage[] {
  const clock = { now: 0 }
  const alerting = createAlerting({ config, now: () => clock.now })
  return used.map((count) => {
    const decorated = alerting.evaluate(snapshot([{ used: count, limit }]), {})
    clock.now += 30_000
    return decorated.machines[0]!.products[0]!
  })
}

const upAndDown = (limit: number): number[] => [
  ...Array.from({ length: limit + 1 }, (_, i) => i),
  ...Array.from({ length: limit }, (_, i) => limit - 1 - i),
]

/** The level the default rules give these numbers, written out from config.ts's defaults (not computed by the code under test). */
function expectedLevel(used: number, limit: number): ProductUsage['status'] {
  const left = limit - used
  if (used > 0 && left <= Math.min(0, limit - 1)) return 'exhausted'
  if (used * 100 >= 95 * limit || (used > 0 && left <= Math.min(1, limit - 1))) return 'critical'
  if (used * 100 >= 80 * limit) return 'warning'
  return 'ok'
}

describe('the status column against its own numbers (default rules, pools filled then drained)', () => {
  it.each([1, 2, 3, 4, 5, 10, 20, 50])('pool of %i: every row shows the level its numbers meet', (limit) => {
    const rows = walk(limit, upAndDown(limit))
    for (const row of rows) {
      const at = `${String(row.used)} of ${String(limit)}`
      expect(row.status, at).toBe(expectedLevel(row.used, limit))
      if (row.status === 'exhausted') expect(row.remaining, `"Exhausted" with licenses left at ${at}`).toBe(0)
      if (row.status === 'critical')
        expect(row.used * 100 >= 95 * limit || row.remaining! <= 1, `"Critical" below the critical threshold at ${at}`).toBe(true)
      if (row.recovering) {
        expect(levelRank(row.recovering.level), at).toBeGreaterThan(levelRank(row.status === 'ok' ? null : (row.status as AlertLevel)))
        expect(row.remaining!, `held although past its clear point at ${at}`).toBeLessThan(row.recovering.clearsAtRemaining)
      }
    }
    // Filling up never shows "recovering": nothing is held above the numbers.
    expect(rows.slice(0, limit + 1).filter((row) => row.recovering)).toEqual([])
  })

  it.each<[string, number, number[], ProductUsage['status'], { level: AlertLevel; clearsAtRemaining: number } | undefined]>([
    ['pool of 10, back to 1 left after exhaustion', 10, [10, 9], 'critical', { level: 'exhausted', clearsAtRemaining: 2 }],
    ['pool of 10, back to 2 left after exhaustion', 10, [10, 8], 'warning', { level: 'critical', clearsAtRemaining: 3 }],
    ['pool of 10, back to 3 left after exhaustion', 10, [10, 7], 'ok', undefined],
    ['pool of 10, critical at 96 % then 1 left', 10, [10, 10, 9], 'critical', { level: 'exhausted', clearsAtRemaining: 2 }],
    ['pool of 50, critical at 96 % then 92 %', 50, [48, 46], 'warning', { level: 'critical', clearsAtRemaining: 5 }],
    ['pool of 50, critical at 96 % then 90 %', 50, [48, 45], 'warning', undefined],
    ['pool of 3, exhausted then 1 left', 3, [3, 2], 'critical', { level: 'exhausted', clearsAtRemaining: 2 }],
    ['pool of 3, exhausted then 2 left', 3, [3, 1], 'ok', undefined],
    ['pool of 2, exhausted then 1 left (critical in a pool of 2)', 2, [2, 1], 'critical', undefined],
  ])('%s', (_name, limit, used, status, recovering) => {
    const last = walk(limit, used).at(-1)!
    expect(last.status).toBe(status)
    expect(last.recovering).toEqual(recovering)
  })

  it("gives the clear point in the table's terms when the monitor holds a license the rules leave out", () => {
    const clock = { now: 0 }
    const alerting = createAlerting({ config: defaultAlertConfig(), now: () => clock.now })
    const full = snapshot([{ used: 10, limit: 10 }])
    alerting.evaluate(full, {})
    clock.now += 30_000
    // 9 used, one of them the monitor's: the rules judge 8 used (2 left), the table reads 1 left.
    const after = snapshot([{ used: 9, limit: 10 }])
    after.machines[0]!.products[0]!.heldByMonitor = 1
    const row = alerting.evaluate(after, {}).machines[0]!.products[0]!
    expect(row.status).toBe('warning')
    expect(row.recovering).toEqual({ level: 'critical', clearsAtRemaining: 2 })
  })

  it('shows "unknown" without a limit, even while an alert is held', () => {
    const rows = walk(10, [10, 10])
    expect(rows.at(-1)?.status).toBe('exhausted')
    const clock = { now: 0 }
    const alerting = createAlerting({ config: defaultAlertConfig(), now: () => clock.now })
    alerting.evaluate(snapshot([{ used: 10, limit: 10 }]), {})
    const row = alerting.evaluate(snapshot([{ used: 10, limit: null }]), {}).machines[0]!.products[0]!
    expect(row.status).toBe('unknown')
    expect(row.recovering).toBeUndefined()
  })
})

describe('clearRemaining', () => {
  const margin = { utilizationPoints: 5, remaining: 2 }
  it.each([
    // [utilization %, remaining, limit, fewest left at which it has cleared]
    [80, null, 10, 3], // 75 % of 10 is 7.5: at most 7 used
    [95, 1, 10, 3], // 90 % allows 9 used, but 1 left + 2 margin asks for 3
    [95, 1, 100, 10], // 90 % of 100: at most 90 used
    [null, 0, 10, 2],
    [null, 0, 1, 1], // a pool of one clears when its license is back
    [33.3, null, 3, 3], // 28.3 % of 3 is 0.849: none may be in use
    [null, null, 10, 0], // a level that uses no condition is always clear
  ])('utilization %s, remaining %s, pool of %s: clears at %s left', (percent, remaining, limit, expected) => {
    expect(clearRemaining({ utilizationPercent: percent, remaining, forMs: 0, repeatMs: null }, margin, limit)).toBe(expected)
  })
})
