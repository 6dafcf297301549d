// The virtualised license list (issue 11): a 10,000-license row puts only the
// rows in view, plus an overscan, in the DOM; scrolling moves the window; the
// region stays reachable and named for keyboard and screen-reader users.
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import LicenseList from '../../../renderer/src/components/LicenseList.vue'
import type { LicenseHeld } from '../../../main/core/types/index.ts'
import { license, NOW } from '../fixtures.ts'

const many = (count: number): LicenseHeld[] =>
  Array.from({ length: count }, (_, i) =>
    license({ server: i % 2 ? 'Sales' : 'Accounting', token: i, productId: 808464441, userName: `user-${String(i)}` }),
  )

function mountList(licenses: LicenseHeld[]) {
  return mount(LicenseList, {
    props: { licenses, shares: [], now: NOW, countsOnly: false, label: 'Licenses of 4D Client on srv-app-01' },
    attachTo: document.body,
  })
}

const tokens = (wrapper: ReturnType<typeof mountList>) =>
  wrapper.findAll('[data-testid=license-row]').map((r) => Number(r.attributes('data-token')))

/** happy-dom does no layout: the region is given the scroll position a browser would report, then told it scrolled. */
async function scrollTo(wrapper: ReturnType<typeof mountList>, top: number): Promise<void> {
  const region = wrapper.get('[data-testid=license-scroll]')
  Object.defineProperty(region.element, 'scrollTop', { value: top, configurable: true })
  await region.trigger('scroll')
}

describe('LicenseList, virtualised', () => {
  it('puts only the first rows of a 10,000-license list in the DOM, the rest stood in for by a spacer of their height', () => {
    const wrapper = mountList(many(10_000))
    const shown = tokens(wrapper)
    expect(shown.length).toBeGreaterThanOrEqual(20)
    expect(shown.length).toBeLessThan(60)
    expect(shown).toEqual(Array.from({ length: shown.length }, (_, i) => i))
    const spacers = wrapper.findAll('.license-spacer td')
    expect(spacers).toHaveLength(1)
    expect(spacers[0]!.attributes('style')).toContain(`height: ${String((10_000 - shown.length) * 24)}px`)
    wrapper.unmount()
  })

  it('tells screen readers the full count and where each rendered row sits', () => {
    const wrapper = mountList(many(10_000))
    expect(wrapper.get('table').attributes('aria-rowcount')).toBe('10001')
    const rows = wrapper.findAll('[data-testid=license-row]')
    expect(rows[0]!.attributes('aria-rowindex')).toBe('2')
    expect(rows[3]!.attributes('aria-rowindex')).toBe('5')
    wrapper.unmount()
  })

  it('moves the window when the region scrolls: the rows in view are rendered, with spacers on both sides', async () => {
    const wrapper = mountList(many(10_000))
    await scrollTo(wrapper, 5_000 * 24)
    const shown = tokens(wrapper)
    expect(shown).toContain(5_000)
    expect(shown).toContain(5_019)
    expect(shown).not.toContain(0)
    expect(shown.length).toBeLessThan(60)
    const row = wrapper.get('[data-testid=license-row][data-token="5000"]')
    expect(row.attributes('aria-rowindex')).toBe('5002')
    expect(row.find('td').text()).toBe('user-5000')
    const [before, after] = wrapper.findAll('.license-spacer td').map((td) => td.attributes('style'))
    expect(before).toContain(`height: ${String(shown[0]! * 24)}px`)
    expect(after).toContain(`height: ${String((10_000 - shown.at(-1)! - 1) * 24)}px`)
    wrapper.unmount()
  })

  it('keeps the same row elements while the list is updated in place, and follows a shrinking list', async () => {
    const wrapper = mountList(many(10_000))
    const first = wrapper.get('[data-testid=license-row][data-token="0"]').element
    await wrapper.setProps({ licenses: many(10_000).map((l) => ({ ...l, state: 'sleeping' })) })
    expect(wrapper.get('[data-testid=license-row][data-token="0"]').element).toBe(first)
    await scrollTo(wrapper, 9_000 * 24)
    await wrapper.setProps({ licenses: many(40) })
    expect(tokens(wrapper).at(-1)).toBe(39)
    wrapper.unmount()
  })

  it('a list that scrolls is a named region with a tab stop; a short one is named but takes no tab stop', () => {
    const long = mountList(many(500))
    const region = long.get('[data-testid=license-scroll]')
    expect(region.attributes('role')).toBe('region')
    expect(region.attributes('aria-label')).toBe('Licenses of 4D Client on srv-app-01')
    expect(region.attributes('tabindex')).toBe('0')
    long.unmount()
    const short = mountList(many(5))
    expect(tokens(short)).toEqual([0, 1, 2, 3, 4])
    expect(short.get('[data-testid=license-scroll]').attributes('tabindex')).toBeUndefined()
    expect(short.findAll('.license-spacer')).toHaveLength(0)
    short.unmount()
  })

  it('cuts a 10 KB user name to one line and keeps a longer part of it in the title', () => {
    const hostile = 'user-' + 'W'.repeat(10_240)
    const wrapper = mountList([license({ server: 'Hostile', token: 1, productId: 808464441, userName: hostile })])
    const cell = wrapper.get('[data-testid=license-row] td')
    expect(cell.text()).toBe(`${hostile.slice(0, 63)}…`)
    expect(cell.attributes('title')).toBe(hostile.slice(0, 1024))
    wrapper.unmount()
  })
})
