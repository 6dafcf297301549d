// The capacity settings form: the margin and the user groups (a name and its
// user-name patterns, written comma-separated), to and from the contract's
// CapacitySettings, with one sentence per field that says what to fix. The
// backend checks again (main/core/capacity/capacity-settings.ts): the renderer
// takes no run-time code from main, so the limits are written here too.
import type { CapacitySettings } from '../../../main/core/types/index.ts'
import { t } from '../i18n/index.ts'

export interface CapacityGroupDraft {
  name: string
  /** Patterns separated by commas: "fin-*, maria". */
  patterns: string
}

export interface CapacitySettingsForm {
  margin: number | null
  groups: CapacityGroupDraft[]
}

/** Keys: `margin`, `groups.<i>.name`, `groups.<i>.patterns`. */
export type CapacityFormErrors = Record<string, string>

const MAX_MARGIN = 10_000
const MAX_TEXT = 200

export function formFromSettings(settings: CapacitySettings): CapacitySettingsForm {
  return { margin: settings.margin, groups: settings.groups.map((group) => ({ name: group.name, patterns: group.patterns.join(', ') })) }
}

export function patternsOf(text: string): string[] {
  return text
    .split(',')
    .map((pattern) => pattern.trim())
    .filter((pattern) => pattern !== '')
}

export function validateCapacityForm(form: CapacitySettingsForm): CapacityFormErrors {
  const errors: CapacityFormErrors = {}
  const margin = form.margin
  if (margin === null || !Number.isInteger(margin) || margin < 0 || margin > MAX_MARGIN)
    errors.margin = t('capacity.settings.errors.margin', { max: MAX_MARGIN })
  const seen = new Set<string>()
  form.groups.forEach((group, index) => {
    const number = index + 1
    const name = group.name.trim()
    if (name === '') errors[`groups.${String(index)}.name`] = t('capacity.settings.errors.nameEmpty', { number })
    else if (name.length > MAX_TEXT)
      errors[`groups.${String(index)}.name`] = t('capacity.settings.errors.nameLong', { number, max: MAX_TEXT })
    else if (seen.has(name.toLowerCase()))
      errors[`groups.${String(index)}.name`] = t('capacity.settings.errors.nameTwice', { number, name })
    seen.add(name.toLowerCase())
    const patterns = patternsOf(group.patterns)
    const bad = patterns.find((pattern) => /[[\]]/.test(pattern))
    const long = patterns.find((pattern) => pattern.length > MAX_TEXT)
    const key = `groups.${String(index)}.patterns`
    if (patterns.length === 0) errors[key] = t('capacity.settings.errors.patternsEmpty', { number })
    else if (bad !== undefined) errors[key] = t('capacity.settings.errors.patternBracket', { number, pattern: bad })
    else if (long !== undefined) errors[key] = t('capacity.settings.errors.patternLong', { number, max: MAX_TEXT })
  })
  return errors
}

/** The settings to save; call only when validateCapacityForm found nothing. */
export function settingsFromForm(form: CapacitySettingsForm): CapacitySettings {
  return {
    margin: form.margin ?? 0,
    groups: form.groups.map((group) => ({ name: group.name.trim(), patterns: patternsOf(group.patterns) })),
  }
}
