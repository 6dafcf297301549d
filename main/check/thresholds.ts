// Thresholds of the check: `--warning 80%` (utilization), `--warning 3`
// (licenses left), or both `--critical 95%,1` (either fires). The defaults
// and the rule that judges a row are the app's own (main/core/alerts/), so
// the check and the tray agree on what "critical" means.

import { defaultAlertConfig, type LevelRule, type LevelRules } from '../core/alerts/config.ts'
import { holdingLevels, type JudgedValue } from '../core/alerts/conditions.ts'
import type { AlertLevel } from '../core/types/index.ts'

export type Condition = Pick<LevelRule, 'utilizationPercent' | 'remaining'>

/** "80%" -> utilization, "3" -> licenses left, "95%,1" -> both; a sentence naming the flag otherwise. */
export function parseCondition(text: string, flag: string): Condition | { error: string } {
  const condition: Condition = { utilizationPercent: null, remaining: null }
  const parts = text.split(',').map((part) => part.trim())
  for (const part of parts) {
    const percent = /^(\d+(?:\.\d+)?)%$/.exec(part)
    if (percent && condition.utilizationPercent === null && Number(percent[1]) <= 1000) {
      condition.utilizationPercent = Number(percent[1])
    } else if (/^\d+$/.test(part) && condition.remaining === null && Number(part) <= Number.MAX_SAFE_INTEGER) {
      condition.remaining = Number(part)
    } else {
      return { error: `${flag} must be a utilization such as 80%, a number of licenses left such as 3, or both as 95%,1; not "${text}".` }
    }
  }
  return condition
}

/** The app's default rules, with the conditions the flags give (exhausted stays "0 left"). */
export function checkRules(warning: Condition | null, critical: Condition | null): LevelRules {
  const levels = defaultAlertConfig().levels
  return {
    warning: warning ? { ...levels.warning, ...warning } : levels.warning,
    critical: critical ? { ...levels.critical, ...critical } : levels.critical,
    exhausted: levels.exhausted,
  }
}

/** The worst level whose condition holds now; null when none does. No `for`: a check is one look. */
export function levelOf(rules: LevelRules, value: JudgedValue): AlertLevel | null {
  return holdingLevels(rules, value)[0] ?? null
}

/**
 * A level's threshold as performance data: the highest `used` that does not
 * fire it. Monitoring Plugins read a threshold "N" as "alert above N", so
 * with 80% of 10 (fires at 8 used) the warning threshold is 7.
 */
export function perfThreshold(rule: Condition, limit: number): number | null {
  const firing: number[] = []
  if (rule.utilizationPercent !== null && limit > 0) firing.push(Math.ceil((rule.utilizationPercent * limit) / 100))
  if (rule.remaining !== null) firing.push(limit - rule.remaining)
  if (firing.length === 0) return null
  return Math.max(0, Math.min(...firing) - 1)
}
