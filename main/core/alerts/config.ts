// Alert configuration: what counts as warning, critical and exhausted, how long
// a condition must hold before it fires, how often a firing alert repeats, and
// the overrides per product and per machine.
//
// Thresholds. Each level has up to two fire conditions; it holds when either does:
// - utilizationPercent: used / limit, as a percentage, at or above the value;
// - remaining: licenses left at or below the value.
// A level clears only past its hysteresis threshold: utilization at or below
// (percent - utilizationPoints) AND remaining at or above (remaining + remaining margin).
//
// Overrides. Effective rules for (machine, product) are built by applying, in
// this order, each later one winning: global levels, overrides naming only the
// machine, overrides naming only the product (by name, then by id), overrides
// naming both (by name, then by id). So machine+product > product > machine > global.
// In an override, a level that sets `utilizationPercent` or `remaining` replaces
// that level's whole condition (the one not given becomes "not used"), so
// `{ critical: { remaining: 2 } }` means exactly "critical at 2 left";
// `forMs` and `repeatMs` replace only themselves.

import { z } from 'zod'
import type { AlertLevel } from '../types/index.ts'

export const ALERT_LEVELS: readonly AlertLevel[] = ['warning', 'critical', 'exhausted']

/** Worse last: index is severity. */
export function levelRank(level: AlertLevel | null): number {
  return level === null ? -1 : ALERT_LEVELS.indexOf(level)
}

export interface LevelRule {
  /** Fire at or above this utilization, in percent; null = not used. */
  utilizationPercent: number | null
  /** Fire at or below this many licenses left; null = not used. */
  remaining: number | null
  /** How long the condition must hold (by clock) before it fires. */
  forMs: number
  /** Repeat a firing notice after this long; null = never. */
  repeatMs: number | null
}

export type LevelRules = Record<AlertLevel, LevelRule>

export interface Hysteresis {
  /** A utilization threshold clears this many points below itself. */
  utilizationPoints: number
  /** A remaining threshold clears this many licenses above itself. */
  remaining: number
}

export type LevelOverride = Partial<LevelRule>

export interface AlertOverride {
  /** Machine name as the snapshot shows it (compared without case). */
  machine?: string
  /** Product id (number) or product name (text, compared without case). */
  product?: number | string
  warning?: LevelOverride
  critical?: LevelOverride
  exhausted?: LevelOverride
}

export interface AlertConfig {
  levels: LevelRules
  hysteresis: Hysteresis
  overrides: AlertOverride[]
  /** Consecutive failed polls after which a server is reported unreachable. */
  unreachableAfterFailures: number
  /**
   * Whether a license held by the monitor's own session (a REST session in 4D's
   * default login mode) counts toward the alerts. Default false: the monitor
   * releases it when it stops, so the alerts judge what the users hold.
   */
  countMonitorLicense: boolean
}

const MINUTE = 60_000

export function defaultAlertConfig(): AlertConfig {
  return {
    levels: {
      warning: { utilizationPercent: 80, remaining: null, forMs: 30_000, repeatMs: null },
      critical: { utilizationPercent: 95, remaining: 1, forMs: 0, repeatMs: 30 * MINUTE },
      exhausted: { utilizationPercent: null, remaining: 0, forMs: 0, repeatMs: 30 * MINUTE },
    },
    hysteresis: { utilizationPoints: 5, remaining: 2 },
    overrides: [],
    unreachableAfterFailures: 3,
    countMonitorLicense: false,
  }
}

const percent = z.number().min(0).max(1000)
const count = z.number().int().min(0)
const duration = z
  .number()
  .int()
  .min(0)
  .max(7 * 24 * 60 * MINUTE)

const levelOverrideSchema = z.strictObject({
  utilizationPercent: percent.nullable().optional(),
  remaining: count.nullable().optional(),
  forMs: duration.optional(),
  repeatMs: duration.min(MINUTE).nullable().optional(),
})

const overrideSchema = z
  .strictObject({
    machine: z.string().trim().min(1).optional(),
    product: z.union([z.number().int(), z.string().trim().min(1)]).optional(),
    warning: levelOverrideSchema.optional(),
    critical: levelOverrideSchema.optional(),
    exhausted: levelOverrideSchema.optional(),
  })
  .refine((o) => o.machine !== undefined || o.product !== undefined, 'An override must name a machine, a product, or both.')

/** What a settings file or the settings screen may give: everything optional, defaults fill the rest. */
export const alertConfigInputSchema = z.strictObject({
  warning: levelOverrideSchema.optional(),
  critical: levelOverrideSchema.optional(),
  exhausted: levelOverrideSchema.optional(),
  hysteresis: z.strictObject({ utilizationPoints: percent.optional(), remaining: count.optional() }).optional(),
  overrides: z.array(overrideSchema).optional(),
  unreachableAfterFailures: z.number().int().min(1).max(100).optional(),
  countMonitorLicense: z.boolean().optional(),
})

export type AlertConfigInput = z.infer<typeof alertConfigInputSchema>

function applyLevel(rule: LevelRule, override: LevelOverride | undefined): LevelRule {
  if (!override) return rule
  const replacesCondition = override.utilizationPercent !== undefined || override.remaining !== undefined
  return {
    utilizationPercent: replacesCondition ? (override.utilizationPercent ?? null) : rule.utilizationPercent,
    remaining: replacesCondition ? (override.remaining ?? null) : rule.remaining,
    forMs: override.forMs ?? rule.forMs,
    repeatMs: override.repeatMs === undefined ? rule.repeatMs : override.repeatMs,
  }
}

function applyLevels(levels: LevelRules, override: Pick<AlertOverride, AlertLevel>): LevelRules {
  return {
    warning: applyLevel(levels.warning, override.warning),
    critical: applyLevel(levels.critical, override.critical),
    exhausted: applyLevel(levels.exhausted, override.exhausted),
  }
}

/** Warning must fire no later than critical, critical no later than exhausted: a sentence per conflict. */
function orderProblems(levels: LevelRules): string[] {
  const problems: string[] = []
  const pairs: [AlertLevel, AlertLevel][] = [
    ['warning', 'critical'],
    ['critical', 'exhausted'],
  ]
  for (const [lower, higher] of pairs) {
    const a = levels[lower]
    const b = levels[higher]
    if (a.utilizationPercent !== null && b.utilizationPercent !== null && a.utilizationPercent > b.utilizationPercent) {
      problems.push(`The ${lower} utilization (${a.utilizationPercent}%) must not be above the ${higher} one (${b.utilizationPercent}%).`)
    }
    if (a.remaining !== null && b.remaining !== null && a.remaining < b.remaining) {
      problems.push(`The ${lower} threshold (${a.remaining} left) must not be below the ${higher} one (${b.remaining} left).`)
    }
  }
  return problems
}

export type ParsedAlertConfig = { ok: true; config: AlertConfig } | { ok: false; error: string }

/** Validates user input and fills in the defaults; the error is a sentence naming each problem. */
export function parseAlertConfig(input: unknown): ParsedAlertConfig {
  const parsed = alertConfigInputSchema.safeParse(input ?? {})
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'alerts'}: ${issue.message}`)
    return { ok: false, error: `The alert settings are not valid (${details.join('; ')}).` }
  }
  const value = parsed.data
  const defaults = defaultAlertConfig()
  const config: AlertConfig = {
    levels: applyLevels(defaults.levels, value),
    hysteresis: { ...defaults.hysteresis, ...value.hysteresis },
    overrides: value.overrides ?? [],
    unreachableAfterFailures: value.unreachableAfterFailures ?? defaults.unreachableAfterFailures,
    countMonitorLicense: value.countMonitorLicense ?? defaults.countMonitorLicense,
  }
  const problems = orderProblems(config.levels)
  // An override is checked as it applies: on top of the global levels (a product critical at 60% under a global warning at 80% is refused).
  for (const override of config.overrides) {
    const own = orderProblems(applyLevels(config.levels, override)).map(
      (problem) => `In the override for ${overrideSubject(override)}: ${problem.charAt(0).toLowerCase()}${problem.slice(1)}`,
    )
    problems.push(...own)
  }
  if (problems.length > 0) return { ok: false, error: `The alert settings are not valid: ${problems.join(' ')}` }
  return { ok: true, config }
}

function overrideSubject(override: AlertOverride): string {
  const product =
    override.product === undefined ? null : typeof override.product === 'number' ? `product ${override.product}` : `"${override.product}"`
  const machine = override.machine === undefined ? null : `machine "${override.machine}"`
  return [product, machine].filter((part) => part !== null).join(' on ')
}

function namesProduct(override: AlertOverride, productId: number, productName: string): 'id' | 'name' | null {
  if (override.product === undefined) return null
  if (typeof override.product === 'number') return override.product === productId ? 'id' : null
  return override.product.trim().toLowerCase() === productName.trim().toLowerCase() ? 'name' : null
}

/** Lower applies first, so higher wins; -1 = does not apply. */
function precedence(override: AlertOverride, machine: string, productId: number, productName: string): number {
  const product = namesProduct(override, productId, productName)
  // Machine names are host names: case does not make another machine (SRV-APP-01 is srv-app-01).
  const machineMatches = override.machine !== undefined && override.machine.trim().toLowerCase() === machine.trim().toLowerCase()
  if (override.machine !== undefined && !machineMatches) return -1
  if (override.product !== undefined && product === null) return -1
  if (product === null) return 0 // machine only
  const byId = product === 'id' ? 1 : 0
  return machineMatches ? 3 + byId : 1 + byId
}

/** The rules that apply to one machine's product (see the precedence at the top of this file). */
export function resolveLevelRules(config: AlertConfig, machine: string, productId: number, productName: string): LevelRules {
  return config.overrides
    .map((override, index) => ({ override, index, rank: precedence(override, machine, productId, productName) }))
    .filter((entry) => entry.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .reduce((levels, entry) => applyLevels(levels, entry.override), config.levels)
}

/** What an override can name: the machines and products the monitor sees. */
export interface SeenPools {
  machine: string
  products: readonly { productId: number; productName: string }[]
}

/**
 * A sentence per override that names a machine or product the monitor does
 * not see (a misspelling would otherwise be ignored in silence); empty while
 * nothing has been seen yet, since then every name would look unknown.
 */
export function unmatchedOverrides(config: AlertConfig, seen: readonly SeenPools[]): string[] {
  if (seen.length === 0) return []
  const problems: string[] = []
  for (const override of config.overrides) {
    const machine = override.machine?.trim().toLowerCase()
    const machines = machine === undefined ? seen : seen.filter((pool) => pool.machine.trim().toLowerCase() === machine)
    if (machine !== undefined && machines.length === 0) {
      problems.push(`The alert override for ${overrideSubject(override)} names a machine the monitor does not see.`)
      continue
    }
    const products = machines.flatMap((pool) => pool.products)
    if (
      override.product !== undefined &&
      !products.some((product) => namesProduct(override, product.productId, product.productName) !== null)
    ) {
      problems.push(
        `The alert override for ${overrideSubject(override)} names a product the monitor does not see${override.machine === undefined ? '' : ' on that machine'}.`,
      )
    }
  }
  return problems
}
