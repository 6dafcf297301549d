// What the table's status column says for one row (issue 20, item 4): the
// level the current numbers meet, never the level an alert is held at. An
// alert held by hysteresis (its condition no longer holds, its clear point not
// reached) is reported beside it as `recovering`, with the remaining count at
// which it clears, so "Exhausted" never shows with a license left and
// "Critical" never below its threshold without saying why.
//
// The numbers judged are the rule engine's (judgedRow: the monitor's own
// license left out unless countMonitorLicense); the clear point is given back
// in the row's own terms (what the table's Remaining column will read).

import type { ProductUsage, RowRecovering, UsageStatus } from '../types/index.ts'
import { levelRank, type AlertConfig, type Hysteresis, type LevelRule, type LevelRules } from './config.ts'
import { holdingLevels, isJudged, remainingClearPoint } from './conditions.ts'
import { judgedRow } from './engine.ts'
import type { LicenseAlert } from './state.ts'

export interface RowStatus {
  status: UsageStatus
  recovering?: RowRecovering
}

/**
 * The status of `row` under `rules`, and the alert still held above it, if any.
 * `alert` is the engine's state for the row (undefined when none).
 */
export function rowStatus(
  row: ProductUsage,
  rules: LevelRules,
  config: Pick<AlertConfig, 'hysteresis' | 'countMonitorLicense'>,
  alert: LicenseAlert | undefined,
): RowStatus {
  if (row.unlimited) return { status: row.status }
  const judged = judgedRow(row, config)
  const value = { used: judged.used, limit: judged.limit, remaining: judged.remaining }
  if (!isJudged(value)) return { status: 'unknown' }
  const meets = holdingLevels(rules, value)[0] ?? null
  const held = alert && (alert.phase === 'firing' || alert.phase === 'recovering') ? alert.level : null
  const status: UsageStatus = meets ?? 'ok'
  if (held === null || levelRank(held) <= levelRank(meets)) return { status }
  const own = judged.used === row.used ? 0 : row.used - judged.used
  return { status, recovering: { level: held, clearsAtRemaining: clearRemaining(rules[held], config.hysteresis, value.limit) - own } }
}

/**
 * The fewest licenses left at which `rule` has cleared (conditions.ts `cleared`):
 * the remaining clear point, and the remaining count that brings utilization
 * down to its clear percent, whichever asks for more. Integer arithmetic, as there.
 */
export function clearRemaining(rule: LevelRule, margin: Hysteresis, limit: number): number {
  let atLeast = 0
  if (rule.remaining !== null) atLeast = remainingClearPoint(rule.remaining, margin.remaining, limit)
  if (rule.utilizationPercent !== null && limit > 0) {
    const clearPercent = Math.max(0, rule.utilizationPercent - margin.utilizationPoints)
    // Most licenses in use with used * 100 <= clearPercent * limit.
    const bound = clearPercent * limit
    let mostUsed = Math.floor(bound / 100)
    if (mostUsed * 100 > bound) mostUsed -= 1 // the division rounded up past the bound
    atLeast = Math.max(atLeast, limit - mostUsed)
  }
  return Math.min(atLeast, limit)
}
