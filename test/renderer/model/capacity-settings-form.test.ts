// The capacity settings form: to and from CapacitySettings, and one sentence
// per field that names it (margin, a group's name, a group's patterns).
import { describe, expect, it } from 'vitest'
import {
  formFromSettings,
  settingsFromForm,
  validateCapacityForm,
  type CapacitySettingsForm,
} from '../../../renderer/src/model/capacity-settings-form.ts'

const good: CapacitySettingsForm = {
  margin: 4,
  groups: [
    { name: ' Finance ', patterns: 'fin-*,  maria, ' },
    { name: 'Web', patterns: 'rest-*' },
  ],
}

describe('capacity settings form', () => {
  it('round-trips settings; patterns are comma-separated, names and patterns trimmed, empty entries dropped', () => {
    expect(validateCapacityForm(good)).toEqual({})
    const settings = settingsFromForm(good)
    expect(settings).toEqual({
      margin: 4,
      groups: [
        { name: 'Finance', patterns: ['fin-*', 'maria'] },
        { name: 'Web', patterns: ['rest-*'] },
      ],
    })
    expect(settingsFromForm(formFromSettings(settings))).toEqual(settings)
  })

  it('names the field that needs fixing', () => {
    expect(validateCapacityForm({ margin: null, groups: [] })).toEqual({
      margin: 'Margin: enter a whole number of licenses from 0 to 10000.',
    })
    expect(validateCapacityForm({ margin: 2.5, groups: [] }).margin).toContain('Margin:')
    expect(validateCapacityForm({ margin: -1, groups: [] }).margin).toContain('Margin:')
    expect(
      validateCapacityForm({
        margin: 3,
        groups: [
          { name: 'Web', patterns: 'rest-*' },
          { name: ' web', patterns: 'ws-[0-9]' },
          { name: '', patterns: ' , ' },
        ],
      }),
    ).toEqual({
      'groups.1.name': 'Group 2: another group is already named "web".',
      'groups.1.patterns': 'Group 2: the pattern "ws-[0-9]" may use * and ? but not [ or ].',
      'groups.2.name': 'Group 3: give the group a name.',
      'groups.2.patterns': 'Group 3: enter at least one user-name pattern.',
    })
  })
})
