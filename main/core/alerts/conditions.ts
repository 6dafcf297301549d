// Does a level's fire condition hold, and has it cleared past its hysteresis
// threshold? Integer arithmetic on used and limit, so 8 of 10 is exactly 80%.
//
// Small pools. A "licenses left" threshold is read against the pool it judges:
// it fires only while someone holds a license (a pool of 1 at rest has "1 left"
// but nothing to worry about), so it is capped at limit - 1; and its clear
// point (threshold + margin) is capped (remainingClearPoint) so every level can clear
// before the pool is empty where it has room. A utilization clear point is
// never below 0%.

import type { AlertLevel } from '../types/index.ts'
import { ALERT_LEVELS, type Hysteresis, type LevelRule, type LevelRules } from './config.ts'
import type { RowValue } from './notice-text.ts'

/** A row whose numbers can be judged: known, finite limit. */
export interface JudgedValue extends RowValue {
  limit: number
  remaining: number
}

export function isJudged(value: RowValue): value is JudgedValue {
  return value.limit !== null && value.remaining !== null && Number.isFinite(value.limit) && Number.isFinite(value.used)
}

/** The "licenses left" fire point for this pool: never the whole pool (nobody holding is never a worry). */
export function remainingFirePoint(threshold: number, limit: number): number {
  return Math.min(threshold, limit - 1)
}

/**
 * The "licenses left" clear point for this pool: at least one above the fire
 * point (else a level would fire and clear at the same count, and flap), and
 * no further than "one license still in use" where the pool has room for it,
 * so a level clears before the pool is empty (a pool of 3 critical at 1 left
 * clears at 2 left, not only at 3).
 */
export function remainingClearPoint(threshold: number, margin: number, limit: number): number {
  const fire = remainingFirePoint(threshold, limit)
  const room = Math.max(1, limit - 1 - fire)
  return fire + Math.min(Math.max(margin, 1), room)
}

export function holds(rule: LevelRule, value: JudgedValue): boolean {
  const byUtilization = rule.utilizationPercent !== null && value.limit > 0 && value.used * 100 >= rule.utilizationPercent * value.limit
  const byRemaining = rule.remaining !== null && value.used > 0 && value.remaining <= remainingFirePoint(rule.remaining, value.limit)
  return byUtilization || byRemaining
}

/** True when every condition the level uses is back past its margin (a level using none is always clear). */
export function cleared(rule: LevelRule, value: JudgedValue, margin: Hysteresis): boolean {
  const clearPercent = Math.max(0, (rule.utilizationPercent ?? 0) - margin.utilizationPoints)
  const utilizationClear = rule.utilizationPercent === null || value.limit <= 0 || value.used * 100 <= clearPercent * value.limit
  const remainingClear =
    rule.remaining === null || value.used === 0 || value.remaining >= remainingClearPoint(rule.remaining, margin.remaining, value.limit)
  return utilizationClear && remainingClear
}

/** Levels whose condition holds now, worst first. */
export function holdingLevels(rules: LevelRules, value: JudgedValue): AlertLevel[] {
  return [...ALERT_LEVELS].reverse().filter((level) => holds(rules[level], value))
}

/** The worst level at or below `level` that has not cleared; null when all have. */
export function sustainedLevel(rules: LevelRules, value: JudgedValue, margin: Hysteresis, level: AlertLevel): AlertLevel | null {
  const candidates = ALERT_LEVELS.slice(0, ALERT_LEVELS.indexOf(level) + 1).reverse()
  return candidates.find((candidate) => !cleared(rules[candidate], value, margin)) ?? null
}
