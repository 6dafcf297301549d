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
import type { CapacityPressure, CapacityRecommendation, TextMessage } from '../types/index.ts'

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
  /** The same period as a message of the catalogue (capacity.period.*); absent: the English words as they are. */
  periodMessage?: TextMessage
  /** Share of the period the history covers, 0..1. */
  coverage: number
}

// Each sentence is made twice from the same numbers, as the notices are
// (main/core/alerts/notice-text.ts): English text for the CLI and the
// exports, and a message id with parameters (capacity.recommend.* in
// renderer/src/i18n/locales) that the page and the printed report say in their
// language. Parts that are sentences of their own (the period, a duration, the
// coverage caveat) travel as messages in `parts`, each said first and passed in
// by the same name.
export function recommend(input: RecommendInput): CapacityRecommendation {
  const { limit, maxDailyPeak: peak, p95DailyPeak: p95, margin, period, pressure } = input
  const where = { product: input.productName, machine: input.machine }
  const parts: Record<string, TextMessage> = {
    period: input.periodMessage ?? { id: 'capacity.period.words', params: { words: period } },
  }
  const covered = Math.floor(input.coverage * 100)
  const caveat = input.coverage < 0.995 ? ` (the history covers ${String(covered)} % of the period; the rest is unknown)` : ''
  if (caveat !== '') parts.caveat = { id: 'capacity.recommend.caveat', params: { percent: covered } }
  const sayParams = { period, caveat }
  if (peak === null || p95 === null) {
    return {
      action: 'unknown',
      suggestedLimit: null,
      text: `The history has no usage of ${input.productName} on ${input.machine} ${period}, so there is nothing to recommend.`,
      arithmetic: '',
      message: { id: 'capacity.recommend.noData', params: { ...where, ...sayParams } },
      arithmeticMessage: null,
      parts,
    }
  }
  const held = peak + margin
  const marginSum = { peak, margin, held }
  if (limit === null) {
    return {
      action: 'unknown',
      suggestedLimit: null,
      text: `${capital(period)} ${input.productName} on ${input.machine} never went above ${peak}; its limit is unknown or unlimited, so the history cannot say whether to add or drop licenses${caveat}.`,
      arithmetic: `${peak} (highest daily peak) + ${margin} (margin) = ${held} licenses would be needed`,
      message: { id: 'capacity.recommend.noLimit', params: { ...where, ...sayParams, peak } },
      arithmeticMessage: { id: 'capacity.arithmetic.noLimit', params: marginSum },
      parts,
    }
  }
  if (pressure.fullMs > 0) {
    const below90 = Math.floor((peak * 10) / 9) + 1
    const more = Math.max(1, below90 - limit)
    const days = pressure.fullDays === 1 ? '1 day' : `${pressure.fullDays} days`
    parts.duration = durationMessage(pressure.fullMs)
    parts.days = { id: 'capacity.recommend.days', params: { count: pressure.fullDays } }
    return {
      action: 'add',
      suggestedLimit: limit + more,
      text: `${capital(period)} the pool of ${limit} was full for ${duration(pressure.fullMs)} on ${days}: ${more} more ${plural(more, 'license')} would have kept it below 90 %${caveat}. Requests refused while it was full are not in the history, so this is the least it needed.`,
      arithmetic: `highest peak ${peak}; the smallest pool with ${peak} below 90 % is floor(${peak} × 10 / 9) + 1 = ${below90}; ${below90} − ${limit} = ${more}`,
      message: {
        id: 'capacity.recommend.full',
        params: { ...sayParams, limit, duration: duration(pressure.fullMs), days, count: more },
      },
      arithmeticMessage: { id: 'capacity.arithmetic.full', params: { peak, below90, limit, more } },
      parts,
    }
  }
  const head = `${capital(period)} the pool of ${limit} never went above ${peak}; 95 % of days peaked at ${p95} or less`
  const difference = held - limit >= 0 ? String(held - limit) : `−${String(limit - held)}`
  const arithmetic = `${peak} (highest daily peak) + ${margin} (margin) = ${held}; ${held} − ${limit} = ${difference}`
  const arithmeticMessage = { id: 'capacity.arithmetic.margin', params: { ...marginSum, limit, difference } }
  const base = { ...sayParams, limit, peak, p95, margin }
  if (held < limit) {
    return {
      action: 'reduce',
      suggestedLimit: held,
      text: `${head}: you could hold ${held} and keep a ${margin}-license margin${caveat}.`,
      arithmetic,
      message: { id: 'capacity.recommend.reduce', params: { ...base, held } },
      arithmeticMessage,
      parts,
    }
  }
  if (held > limit) {
    return {
      action: 'add',
      suggestedLimit: held,
      text: `${head}: keeping a ${margin}-license margin above that peak needs ${held - limit} more ${plural(held - limit, 'license')}${caveat}.`,
      arithmetic,
      message: { id: 'capacity.recommend.add', params: { ...base, count: held - limit } },
      arithmeticMessage,
      parts,
    }
  }
  return {
    action: 'keep',
    suggestedLimit: held,
    text: `${head}: the pool of ${limit} is exactly that peak plus a ${margin}-license margin${caveat}.`,
    arithmetic,
    message: { id: 'capacity.recommend.keep', params: base },
    arithmeticMessage,
    parts,
  }
}

/** The same words as duration(), as a message. */
function durationMessage(ms: number): TextMessage {
  const minutes = Math.round(ms / 60_000)
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  if (hours === 0) return { id: 'capacity.duration.minutes', params: { minutes: rest } }
  if (rest === 0) return { id: 'capacity.duration.hours', params: { hours } }
  return { id: 'capacity.duration.hoursMinutes', params: { hours, minutes: rest } }
}

/** 22_320_000 -> "6 h 12 min"; under an hour in minutes only. */
export function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000)
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  if (hours === 0) return `${rest} min`
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
