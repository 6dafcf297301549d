// The History view's retention form: hours and days as typed, with messages
// that say what to fix. The backend checks the same rules (history-settings.ts);
// checking here too lets the admin see the problem before saving.
import type { HistoryRetention } from '../../../main/core/types/index.ts'

export type RetentionForm = { [K in keyof HistoryRetention]: number | null }
export type RetentionErrors = Partial<Record<keyof HistoryRetention, string>>

const MAX_DAYS = 3650

function wholeInRange(value: number | null, max: number): boolean {
  return value !== null && Number.isInteger(value) && value >= 1 && value <= max
}

/** One sentence per field that needs fixing; empty when the form can be saved. */
export function validateRetention(form: RetentionForm): RetentionErrors {
  const errors: RetentionErrors = {}
  if (!wholeInRange(form.rawHours, MAX_DAYS * 24)) errors.rawHours = 'Keep raw samples for at least 1 hour (a whole number of hours).'
  if (!wholeInRange(form.minuteDays, MAX_DAYS)) errors.minuteDays = `Enter a whole number of days from 1 to ${MAX_DAYS}.`
  else if (form.rawHours !== null && (form.minuteDays ?? 0) * 24 < form.rawHours)
    errors.minuteDays = `Keep per-minute rollups at least as long as raw samples (${form.rawHours} hours).`
  if (!wholeInRange(form.hourDays, MAX_DAYS)) errors.hourDays = `Enter a whole number of days from 1 to ${MAX_DAYS}.`
  else if (form.minuteDays !== null && (form.hourDays ?? 0) < form.minuteDays)
    errors.hourDays = `Keep per-hour rollups at least as long as per-minute rollups (${form.minuteDays} days).`
  if (!wholeInRange(form.holdingsDays, MAX_DAYS)) errors.holdingsDays = `Enter a whole number of days from 1 to ${MAX_DAYS}.`
  return errors
}

/** The form's values once validateRetention found nothing to fix. */
export function retentionFromForm(form: RetentionForm): HistoryRetention {
  return {
    rawHours: form.rawHours ?? 0,
    minuteDays: form.minuteDays ?? 0,
    hourDays: form.hourDays ?? 0,
    holdingsDays: form.holdingsDays ?? 0,
  }
}
