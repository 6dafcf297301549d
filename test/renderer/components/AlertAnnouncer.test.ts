import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { AlertTransition } from '../../../main/core/types/index.ts'
import AlertAnnouncer from '../../../renderer/src/components/AlertAnnouncer.vue'

function transition(at: string, level: AlertTransition['to']['level'], phase: AlertTransition['to']['phase'] = 'firing'): AlertTransition {
  return {
    at,
    kind: 'license',
    machine: 'srv-app-01',
    productId: 808464441,
    subject: '4D Client',
    from: { phase: 'normal', level: null },
    to: { phase: level === null ? 'normal' : phase, level },
    value: '1 of 10 left',
  }
}

const text = (wrapper: ReturnType<typeof mount>, which: 'polite' | 'assertive') => wrapper.get(`[data-testid=announce-${which}]`).text()

describe('AlertAnnouncer', () => {
  it('reads new transitions only, critical and exhausted assertively, the rest politely', async () => {
    const old = transition('2026-12-01T10:00:00Z', 'exhausted')
    const wrapper = mount(AlertAnnouncer, { props: { transitions: [], ready: false } })
    expect(wrapper.get('[data-testid=announce-polite]').attributes()).toMatchObject({ role: 'status', 'aria-live': 'polite' })
    expect(wrapper.get('[data-testid=announce-assertive]').attributes()).toMatchObject({ role: 'alert', 'aria-live': 'assertive' })

    // The first snapshot's transitions are history: nothing is read.
    await wrapper.setProps({ transitions: [old], ready: true })
    await flushPromises()
    expect([text(wrapper, 'polite'), text(wrapper, 'assertive')]).toEqual(['', ''])

    const critical = transition('2026-12-01T10:01:00Z', 'critical')
    await wrapper.setProps({ transitions: [critical, old] })
    await flushPromises()
    expect(text(wrapper, 'assertive')).toBe('Critical: 4D Client on srv-app-01. 1 of 10 left')
    expect(text(wrapper, 'polite')).toBe('')

    const warning = transition('2026-12-01T10:02:00Z', 'warning', 'recovering')
    const normal = transition('2026-12-01T10:03:00Z', null)
    await wrapper.setProps({ transitions: [normal, warning, critical, old] })
    await flushPromises()
    // Oldest first, in one sentence each; the assertive region is emptied (nothing new is urgent).
    expect(text(wrapper, 'polite')).toBe(
      'Warning (recovering): 4D Client on srv-app-01. 1 of 10 left 4D Client on srv-app-01: back to normal. 1 of 10 left',
    )
    expect(text(wrapper, 'assertive')).toBe('')
  })
})
