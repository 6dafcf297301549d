// The threshold settings form: the few global numbers an admin changes, to
// and from the contract's AlertThresholds, with messages that say what to fix.
// Per-product and per-machine overrides are kept as they are (file only).

import type { AlertThresholds } from '../../../main/core/types/index.ts'
import { t } from '../i18n/index.ts'
import { formatNumber } from './format.ts'

export interface AlertForm {
  warningPercent: number | null
  criticalPercent: number | null
  /** Critical also at this many licenses left (empty = only the percentage). */
  criticalRemaining: number | null
  hysteresisPoints: number | null
  hysteresisRemaining: number | null
  /** How long a warning must hold before it fires. */
  warningForSeconds: number | null
  /** Repeat of critical and exhausted while firing; 0 = never. */
  repeatMinutes: number | null
}

export type AlertFormErrors = Partial<Record<keyof AlertForm, string>>

const MINUTE = 60_000

export function formFromThresholds(config: AlertThresholds): AlertForm {
  return {
    warningPercent: config.warning?.utilizationPercent ?? null,
    criticalPercent: config.critical?.utilizationPercent ?? null,
    criticalRemaining: config.critical?.remaining ?? null,
    hysteresisPoints: config.hysteresis?.utilizationPoints ?? null,
    hysteresisRemaining: config.hysteresis?.remaining ?? null,
    warningForSeconds: config.warning?.forMs === undefined ? null : config.warning.forMs / 1000,
    repeatMinutes:
      config.critical?.repeatMs === undefined ? null : config.critical.repeatMs === null ? 0 : config.critical.repeatMs / MINUTE,
  }
}

function inRange(value: number | null, min: number, max: number, integer: boolean): boolean {
  return value !== null && Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value))
}

/** One sentence per field that needs fixing; empty when the form can be saved. */
export function validateForm(form: AlertForm): AlertFormErrors {
  const errors: AlertFormErrors = {}
  if (!inRange(form.warningPercent, 1, 100, false)) errors.warningPercent = t('alertSettings.errors.warningPercent')
  if (!inRange(form.criticalPercent, 1, 100, false)) errors.criticalPercent = t('alertSettings.errors.criticalPercent')
  else if (
    errors.warningPercent === undefined &&
    form.warningPercent !== null &&
    form.criticalPercent !== null &&
    form.warningPercent >= form.criticalPercent
  ) {
    errors.warningPercent = t('alertSettings.errors.warningBelowCritical', {
      percent: formatNumber(form.criticalPercent / 100, { style: 'percent', maximumFractionDigits: 2 }),
    })
  }
  if (form.criticalRemaining !== null && !inRange(form.criticalRemaining, 0, 10_000, true))
    errors.criticalRemaining = t('alertSettings.errors.criticalRemaining')
  if (!inRange(form.hysteresisPoints, 0, 50, false)) errors.hysteresisPoints = t('alertSettings.errors.hysteresisPoints')
  if (!inRange(form.hysteresisRemaining, 0, 1000, true)) errors.hysteresisRemaining = t('alertSettings.errors.hysteresisRemaining')
  if (!inRange(form.warningForSeconds, 0, 86_400, true)) errors.warningForSeconds = t('alertSettings.errors.warningForSeconds')
  if (!inRange(form.repeatMinutes, 0, 10_080, true) || (form.repeatMinutes !== null && form.repeatMinutes > 0 && form.repeatMinutes < 1))
    errors.repeatMinutes = t('alertSettings.errors.repeatMinutes')
  return errors
}

/** The form applied over the thresholds in force (overrides and other fields kept). */
export function thresholdsFromForm(form: AlertForm, base: AlertThresholds): AlertThresholds {
  const repeatMs = form.repeatMinutes === 0 || form.repeatMinutes === null ? null : form.repeatMinutes * MINUTE
  return {
    ...base,
    warning: { ...base.warning, utilizationPercent: form.warningPercent, forMs: (form.warningForSeconds ?? 0) * 1000 },
    critical: { ...base.critical, utilizationPercent: form.criticalPercent, remaining: form.criticalRemaining, repeatMs },
    exhausted: { ...base.exhausted, repeatMs },
    hysteresis: { utilizationPoints: form.hysteresisPoints ?? 0, remaining: form.hysteresisRemaining ?? 0 },
  }
}
