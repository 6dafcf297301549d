// Time to exhaustion from the recent trend: a least-squares line through the
// `used` samples of the last 15 minutes, measured from now (an outage empties
// the window instead of freezing the last figure). A forecast is only worth
// showing when the pool is clearly filling, so it appears only when
//   - the row is current (not stale) and has licenses left,
//   - the window holds enough samples over a long enough span, the newest recent,
//   - the fitted line rises by at least `minRise` licenses over the span,
//   - both halves of the window rise on their own, and the newest sample is
//     at least the highest of the older half (the recent direction agrees: a
//     climb followed by a plateau, one login on a plateau, or the drop of a
//     sawtooth give none).
// Hysteresis: once shown, it stays `holdMs` past the last poll whose trend
// supported it, so noise at the edge does not make it flicker; a stale or
// full row, an empty window, or a drop of more than one license below the
// older half's highest (a release, not noise) ends it at once.

export interface UsageSample {
  at: number
  used: number
}

export interface ForecastOptions {
  /** Only samples from the last `windowMs` before now count (older ones are dropped). */
  windowMs?: number
  /** At least this many samples... */
  minSamples?: number
  /** ...spanning at least this long... */
  minSpanMs?: number
  /** ...the newest no older than this. */
  maxAgeMs?: number
  /** The fitted line must rise by this many licenses over the span. */
  minRise?: number
  /** A shown forecast stays this long after the trend stops supporting it, unless the trend broke (hysteresis). */
  holdMs?: number
  /** Ring size per row. */
  maxSamples?: number
}

export const FORECAST_DEFAULTS: Required<ForecastOptions> = {
  windowMs: 15 * 60_000,
  minSamples: 5,
  minSpanMs: 2 * 60_000,
  maxAgeMs: 2 * 60_000,
  minRise: 1,
  holdMs: 2 * 60_000,
  maxSamples: 500,
}

/** Slope of `used` per millisecond by least squares; null when all samples share one time. */
export function leastSquaresSlope(samples: readonly UsageSample[]): number | null {
  const n = samples.length
  if (n < 2) return null
  const meanAt = samples.reduce((sum, s) => sum + s.at, 0) / n
  const meanUsed = samples.reduce((sum, s) => sum + s.used, 0) / n
  let covariance = 0
  let variance = 0
  for (const s of samples) {
    covariance += (s.at - meanAt) * (s.used - meanUsed)
    variance += (s.at - meanAt) ** 2
  }
  return variance === 0 ? null : covariance / variance
}

export interface TrendInput {
  now: number
  /** The row is stale (its servers did not answer lately): never a forecast. */
  stale?: boolean
}

/** The rising slope (licenses per ms) to forecast with, or null when the trend does not support a forecast. */
export function risingSlope(samples: readonly UsageSample[], input: TrendInput, options: ForecastOptions = {}): number | null {
  const o = { ...FORECAST_DEFAULTS, ...options }
  if (input.stale) return null
  const recent = samples.filter((s) => s.at >= input.now - o.windowMs && s.at <= input.now)
  const first = recent[0]
  const newest = recent.at(-1)
  if (!first || !newest || input.now - newest.at > o.maxAgeMs) return null
  const span = newest.at - first.at
  if (recent.length < o.minSamples || span < o.minSpanMs) return null
  const slope = leastSquaresSlope(recent)
  if (slope === null || slope * span < o.minRise) return null
  const middle = first.at + span / 2
  const olderHalf = recent.filter((s) => s.at <= middle)
  const newer = leastSquaresSlope(recent.filter((s) => s.at >= middle))
  if (newer === null || newer <= 0) return null
  // Right after a drop (a sawtooth) the fit still rises; the pool does not.
  if (newest.used < Math.max(...olderHalf.map((s) => s.used))) return null
  const older = leastSquaresSlope(olderHalf)
  if (older === null || older <= 0) return null
  return slope
}

/** The trend is over, not just pausing: nothing recent to go on, or the pool dropped below its earlier level. */
export function trendBroken(samples: readonly UsageSample[], input: TrendInput, options: ForecastOptions = {}): boolean {
  const o = { ...FORECAST_DEFAULTS, ...options }
  if (input.stale) return true
  const recent = samples.filter((s) => s.at >= input.now - o.windowMs && s.at <= input.now)
  const first = recent[0]
  const newest = recent.at(-1)
  if (!first || !newest || input.now - newest.at > o.maxAgeMs) return true
  const middle = first.at + (newest.at - first.at) / 2
  const olderHighest = Math.max(...recent.filter((s) => s.at <= middle).map((s) => s.used))
  return newest.used < olderHighest - 1
}

/**
 * Minutes until `remaining` reaches 0 at the trend of the samples; null when
 * the pool is already full or the trend does not support a forecast (above).
 */
export function minutesToExhaustion(
  samples: readonly UsageSample[],
  remaining: number,
  input: TrendInput,
  options: ForecastOptions = {},
): number | null {
  if (remaining <= 0) return null
  const slope = risingSlope(samples, input, options)
  return slope === null ? null : remaining / slope / 60_000
}

/** "< 1 min", "~12 min", "~2 h", "~3 d". */
export function formatForecast(minutes: number): string {
  if (minutes < 1) return '< 1 min'
  if (minutes < 59.5) return `~${Math.round(minutes)} min`
  const hours = minutes / 60
  if (hours < 47.5) return `~${Math.round(hours)} h`
  return `~${Math.round(hours / 24)} d`
}

/**
 * A bounded ring of samples per row, trimmed by time, and the trend judged
 * once per evaluation (`judge`), which every reader of that evaluation then
 * sees; lives in memory only (a restart starts a new trend).
 */
export class UsageHistory {
  private readonly rows = new Map<string, UsageSample[]>()
  /** The slope a shown forecast uses, and when the trend last supported it. */
  private readonly slopes = new Map<string, { slope: number; supportedAt: number }>()
  private readonly options: Required<ForecastOptions>

  constructor(options: ForecastOptions = {}) {
    this.options = { ...FORECAST_DEFAULTS, ...options }
  }

  record(key: string, at: number, used: number): void {
    const samples = this.rows.get(key) ?? []
    const last = samples.at(-1)
    // Several servers of one machine finish their polls at different times; one sample per moment is enough.
    if (last && last.at === at) last.used = used
    else samples.push({ at, used })
    this.trim(samples, at)
    this.rows.set(key, samples)
  }

  /** Decides, as of `now`, whether this row's trend supports a forecast; call once per evaluation. */
  judge(key: string, now: number, stale = false): void {
    const samples = this.rows.get(key) ?? []
    this.trim(samples, now)
    const slope = risingSlope(samples, { now, stale }, this.options)
    const shown = this.slopes.get(key)
    if (slope !== null) this.slopes.set(key, { slope, supportedAt: now })
    else if (!shown || now - shown.supportedAt > this.options.holdMs || trendBroken(samples, { now, stale }, this.options))
      this.slopes.delete(key)
  }

  samples(key: string): readonly UsageSample[] {
    return this.rows.get(key) ?? []
  }

  /** Minutes to exhaustion as of the last `judge`; null when none is shown. */
  forecast(key: string, remaining: number): number | null {
    const shown = this.slopes.get(key)
    return shown === undefined || remaining <= 0 ? null : remaining / shown.slope / 60_000
  }

  /** Forget rows not in `keep` (a product or machine that went away). */
  retain(keep: ReadonlySet<string>): void {
    for (const key of [...this.rows.keys()]) if (!keep.has(key)) this.rows.delete(key)
    for (const key of [...this.slopes.keys()]) if (!keep.has(key)) this.slopes.delete(key)
  }

  private trim(samples: UsageSample[], now: number): void {
    const oldest = now - this.options.windowMs
    while (samples.length > this.options.maxSamples || (samples[0] && samples[0].at < oldest)) samples.shift()
  }
}
