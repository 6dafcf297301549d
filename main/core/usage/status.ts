// How worried an admin should be about one product's pool right now.
// A plain function of the current numbers: hysteresis and "has it held for a
// while" belong to the alert rule engine, which builds on this.

import type { UsageStatus } from '../types/index.ts'

export interface UsageThresholds {
  /** Utilization (used / limit) at or above which the pool is a warning. */
  warningUtilization: number
  /** Utilization at or above which the pool is critical. */
  criticalUtilization: number
  /** Remaining licenses at or below which the pool is critical, whatever its size (small pools hit this first). */
  criticalRemaining: number
}

export const DEFAULT_USAGE_THRESHOLDS: Readonly<UsageThresholds> = Object.freeze({
  warningUtilization: 0.8,
  criticalUtilization: 0.95,
  criticalRemaining: 1,
})

/** Human words for each status, as the table and notices show them. */
export const STATUS_LABEL: Readonly<Record<UsageStatus, string>> = Object.freeze({
  ok: 'OK',
  warning: 'Warning',
  critical: 'Critical',
  exhausted: 'Exhausted',
  unknown: 'Unknown',
})

/** Severity rank: higher is worse. An unknown limit outranks ok because the admin cannot tell it is fine. */
const SEVERITY: Readonly<Record<UsageStatus, number>> = Object.freeze({
  ok: 0,
  unknown: 1,
  warning: 2,
  critical: 3,
  exhausted: 4,
})

/**
 * Status of one pool. Unlimited pools are always ok; an unknown (or
 * non-finite) limit is 'unknown'. A pool with no license left is exhausted,
 * including a pool of size 0: nobody can take a license from it.
 */
export function usageStatus(
  used: number,
  limit: number | null,
  unlimited: boolean,
  thresholds: Partial<UsageThresholds> = DEFAULT_USAGE_THRESHOLDS,
): UsageStatus {
  if (unlimited) return 'ok'
  if (limit === null || !Number.isFinite(limit) || !Number.isFinite(used)) return 'unknown'
  const t = { ...DEFAULT_USAGE_THRESHOLDS, ...thresholds }
  const remaining = limit - used
  if (remaining <= 0) return 'exhausted'
  const utilization = used / limit
  // The same small-pool rule as the alert engine (alerts/conditions.ts): a "licenses left" threshold
  // counts only while a license is held, and never above limit - 1 (a pool of 1 at rest is not critical).
  const leftThreshold = Math.min(t.criticalRemaining, limit - 1)
  if (utilization >= t.criticalUtilization || (used > 0 && remaining <= leftThreshold)) return 'critical'
  if (utilization >= t.warningUtilization) return 'warning'
  return 'ok'
}

/** The worst of several statuses (exhausted > critical > warning > unknown > ok); 'ok' when there are none. */
export function worstStatus(statuses: Iterable<UsageStatus>): UsageStatus {
  let worst: UsageStatus = 'ok'
  for (const status of statuses) {
    if (SEVERITY[status] > SEVERITY[worst]) worst = status
  }
  return worst
}
