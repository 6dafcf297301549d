// The History view's retention form: hours and days as typed, with messages
// that say what to fix. The backend checks the same rules (history-settings.ts);
// checking here too lets the admin see the problem before saving.
import type { HistoryRetention } from '../../../main/core/types/index.ts'
import { t, tc } from '../i18n/index.ts'
import { formatNumber } from './format.ts'

export type RetentionForm = { [K in keyof HistoryRetention]: number | null }
export type RetentionErrors = Partial<Record<keyof HistoryRetention, string>>

const MAX_DAYS = 3650

function wholeInRange(value: number | null, max: number): boolean {
  return value !== null && Number.isInteger(value) && value >= 1 && value <= max
}

/** One sentence per field that needs fixing, in the page's language; empty when the form can be saved. */
export function validateRetention(form: RetentionForm): RetentionErrors {
  const errors: RetentionErrors = {}
  const wholeDays = t('retention.errors.wholeDays', { max: formatNumber(MAX_DAYS) })
  if (!wholeInRange(form.rawHours, MAX_DAYS * 24)) errors.rawHours = t('retention.errors.rawHours')
  if (!wholeInRange(form.minuteDays, MAX_DAYS)) errors.minuteDays = wholeDays
  else if (form.rawHours !== null && (form.minuteDays ?? 0) * 24 < form.rawHours)
    errors.minuteDays = tc('retention.errors.minuteShorter', form.rawHours)
  if (!wholeInRange(form.hourDays, MAX_DAYS)) errors.hourDays = wholeDays
  else if (form.minuteDays !== null && (form.hourDays ?? 0) < form.minuteDays)
    errors.hourDays = tc('retention.errors.hourShorter', form.minuteDays)
  if (!wholeInRange(form.holdingsDays, MAX_DAYS)) errors.holdingsDays = wholeDays
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
