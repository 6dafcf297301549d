// A server's transitions in the Alerts view say their value in the page's
// language: the poll's error from its serverErrors.* message going down,
// "answers again" coming back; a transition saved without a message (an older
// alert state) keeps its English.
import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { AlertTransition } from '../../../main/core/types/index.ts'
import AlertTransitions from '../../../renderer/src/components/AlertTransitions.vue'
import { setLanguageChoice } from '../../../renderer/src/i18n/index.ts'

afterEach(() => setLanguageChoice('system'))

const serverTransition = (value: string, valueMessage: AlertTransition['valueMessage'], down: boolean): AlertTransition => ({
  at: '2026-11-28T09:15:00.000Z',
  kind: 'server',
  machine: 'srv-app-01',
  productId: null,
  subject: 'Contabilidade',
  from: down ? { phase: 'normal', level: null } : { phase: 'firing', level: 'unreachable' },
  to: down ? { phase: 'firing', level: 'unreachable' } : { phase: 'normal', level: null },
  value,
  ...(valueMessage ? { valueMessage } : {}),
})

describe('server transitions in the chosen language', () => {
  it('says the error and the recovery in Brazilian Portuguese, English where no message came', () => {
    setLanguageChoice('pt-BR')
    const wrapper = mount(AlertTransitions, {
      props: {
        transitions: [
          serverTransition('timed out after 4 s', { id: 'serverErrors.timeout', params: { durationMs: 4000 } }, true),
          serverTransition('answers again', { id: 'transitions.serverValues.answersAgain', params: {} }, false),
          serverTransition('connection refused', undefined, true),
        ],
      },
    })
    const values = wrapper.findAll('[data-testid=transition] td:last-child').map((cell) => cell.text())
    expect(values).toEqual(['tempo esgotado após 4 s', 'voltou a responder', 'connection refused'])
    expect(wrapper.findAll('[data-testid=transition-change]')[0]!.text()).toBe('ok → inacessível')
  })
})
