// Time to exhaustion from the recent trend: a least-squares line through the
// `used` samples of the last 15 minutes. A forecast is only worth showing when
// the pool is clearly filling; a flat or falling trend, or too little data,
// gives none rather than a number nobody should trust.

export interface UsageSample {
  at: number
  used: number
}

export interface ForecastOptions {
  /** Samples older than this (before the newest) are ignored and dropped. */
  windowMs?: number
  /** At least this many samples... */
  minSamples?: number
  /** ...spanning at least this long. */
  minSpanMs?: number
  /** A rise of less than this many licenses over the samples' span counts as flat (noise, not a trend). */
  minRise?: number
  /** Ring size per row. */
  maxSamples?: number
}

export const FORECAST_DEFAULTS: Required<ForecastOptions> = {
  windowMs: 15 * 60_000,
  minSamples: 5,
  minSpanMs: 2 * 60_000,
  minRise: 0.5,
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

/**
 * Minutes until `remaining` reaches 0 at the trend of the samples; null when
 * the pool is already full, the trend is flat or falling, or the samples are
 * too few or span too short a time.
 */
export function minutesToExhaustion(samples: readonly UsageSample[], remaining: number, options: ForecastOptions = {}): number | null {
  const o = { ...FORECAST_DEFAULTS, ...options }
  const newest = samples.at(-1)
  if (!newest || remaining <= 0) return null
  const recent = samples.filter((s) => s.at >= newest.at - o.windowMs)
  const span = newest.at - (recent[0]?.at ?? newest.at)
  if (recent.length < o.minSamples || span < o.minSpanMs) return null
  const slope = leastSquaresSlope(recent)
  if (slope === null || slope * span < o.minRise) return null
  return remaining / slope / 60_000
}

/** "< 1 min", "~12 min", "~2 h", "~3 d". */
export function formatForecast(minutes: number): string {
  if (minutes < 1) return '< 1 min'
  if (minutes < 59.5) return `~${Math.round(minutes)} min`
  const hours = minutes / 60
  if (hours < 47.5) return `~${Math.round(hours)} h`
  return `~${Math.round(hours / 24)} d`
}

/** A bounded ring of samples per row, trimmed by time; lives in memory only (a restart starts a new trend). */
export class UsageHistory {
  private readonly rows = new Map<string, UsageSample[]>()
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
    const oldest = at - this.options.windowMs
    while (samples.length > this.options.maxSamples || (samples[0] && samples[0].at < oldest)) samples.shift()
    this.rows.set(key, samples)
  }

  samples(key: string): readonly UsageSample[] {
    return this.rows.get(key) ?? []
  }

  forecast(key: string, remaining: number): number | null {
    return minutesToExhaustion(this.samples(key), remaining, this.options)
  }

  /** Forget rows not in `keep` (a product or machine that went away). */
  retain(keep: ReadonlySet<string>): void {
    for (const key of [...this.rows.keys()]) if (!keep.has(key)) this.rows.delete(key)
  }
}
