// The recommendation, a pure function of the figures: how many licenses the
// history says the pool needs, in a sentence, with the arithmetic written out
// so the admin can check it (and show it to whoever pays).
//
// Rules, in order:
// - no data, or no limit: say what is known and recommend nothing;
// - the pool was full: demand above the limit was refused and never reached
//   the history, so the peak is a floor; the smallest pool that keeps that
//   peak below 90 % is floor(peak * 10 / 9) + 1 licenses;
// - otherwise the pool needs its highest daily peak plus the margin: fewer
//   than now is 'reduce', more is 'add', the same is 'keep'.
import type { CapacityPressure, CapacityRecommendation } from '../types/index.ts'

export interface RecommendInput {
  machine: string
  productName: string
  limit: number | null
  maxDailyPeak: number | null
  p95DailyPeak: number | null
  pressure: CapacityPressure
  margin: number
  /** "over the last 30 days", "in November 2026": the period in words. */
  period: string
  /** Share of the period the history covers, 0..1. */
  coverage: number
}

export function recommend(input: RecommendInput): CapacityRecommendation {
  const { limit, maxDailyPeak: peak, p95DailyPeak: p95, margin, period, pressure } = input
  const caveat = input.coverage < 0.995 ? ` (the history covers ${percent(input.coverage)} of the period; the rest is unknown)` : ''
  if (peak === null || p95 === null) {
    return {
      action: 'unknown',
      suggestedLimit: null,
      text: `The history has no usage of ${input.productName} on ${input.machine} ${period}, so there is nothing to recommend.`,
      arithmetic: '',
    }
  }
  const held = peak + margin
  if (limit === null) {
    return {
      action: 'unknown',
      suggestedLimit: null,
      text: `${capital(period)} ${input.productName} on ${input.machine} never went above ${peak}; its limit is unknown or unlimited, so the history cannot say whether to add or drop licenses${caveat}.`,
      arithmetic: `${peak} (highest daily peak) + ${margin} (margin) = ${held} licenses would be needed`,
    }
  }
  if (pressure.fullMs > 0) {
    const below90 = Math.floor((peak * 10) / 9) + 1
    const more = Math.max(1, below90 - limit)
    const days = pressure.fullDays === 1 ? '1 day' : `${pressure.fullDays} days`
    return {
      action: 'add',
      suggestedLimit: limit + more,
      text: `${capital(period)} the pool of ${limit} was full for ${duration(pressure.fullMs)} on ${days}: ${more} more ${plural(more, 'license')} would have kept it below 90 %${caveat}. Requests refused while it was full are not in the history, so this is the least it needed.`,
      arithmetic: `highest peak ${peak}; the smallest pool with ${peak} below 90 % is floor(${peak} × 10 / 9) + 1 = ${below90}; ${below90} − ${limit} = ${more}`,
    }
  }
  const head = `${capital(period)} the pool of ${limit} never went above ${peak}; 95 % of days peaked at ${p95} or less`
  const arithmetic = `${peak} (highest daily peak) + ${margin} (margin) = ${held}; ${held} − ${limit} = ${held - limit >= 0 ? held - limit : `−${limit - held}`}`
  if (held < limit) {
    return {
      action: 'reduce',
      suggestedLimit: held,
      text: `${head}: you could hold ${held} and keep a ${margin}-license margin${caveat}.`,
      arithmetic,
    }
  }
  if (held > limit) {
    return {
      action: 'add',
      suggestedLimit: held,
      text: `${head}: keeping a ${margin}-license margin above that peak needs ${held - limit} more ${plural(held - limit, 'license')}${caveat}.`,
      arithmetic,
    }
  }
  return {
    action: 'keep',
    suggestedLimit: held,
    text: `${head}: the pool of ${limit} is exactly that peak plus a ${margin}-license margin${caveat}.`,
    arithmetic,
  }
}

/** 22_320_000 -> "6 h 12 min"; under an hour in minutes only. */
export function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000)
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  if (hours === 0) return `${rest} min`
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`
}

function percent(ratio: number): string {
  return `${Math.floor(ratio * 100)} %`
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
