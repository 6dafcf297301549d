// Does a level's fire condition hold, and has it cleared past its hysteresis
// threshold? Integer arithmetic on used and limit, so 8 of 10 is exactly 80%.

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

export function holds(rule: LevelRule, value: JudgedValue): boolean {
  const byUtilization = rule.utilizationPercent !== null && value.limit > 0 && value.used * 100 >= rule.utilizationPercent * value.limit
  const byRemaining = rule.remaining !== null && value.remaining <= rule.remaining
  return byUtilization || byRemaining
}

/** True when every condition the level uses is back past its margin (a level using none is always clear). */
export function cleared(rule: LevelRule, value: JudgedValue, margin: Hysteresis): boolean {
  const utilizationClear =
    rule.utilizationPercent === null || value.limit <= 0 || value.used * 100 <= (rule.utilizationPercent - margin.utilizationPoints) * value.limit
  const remainingClear = rule.remaining === null || value.remaining >= rule.remaining + margin.remaining
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
