import { mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import LicenseTable from '../../../renderer/src/components/LicenseTable.vue'
import { buildGroups, rowKey } from '../../../renderer/src/model/rows.ts'
import type { SortDirection, SortKey } from '../../../renderer/src/model/rows.ts'
import { machines, NOW } from '../fixtures.ts'
import type { MachineUsage } from '../../../main/core/types/index.ts'

function mountTable(
  options: { expanded?: string[]; sortKey?: SortKey; sortDirection?: SortDirection; filter?: string; machines?: MachineUsage[] } = {},
) {
  const sortKey = options.sortKey ?? 'machine'
  const sortDirection = options.sortDirection ?? 'ascending'
  return mount(LicenseTable, {
    props: {
      groups: buildGroups(options.machines ?? machines(), options.filter ?? '', sortKey, sortDirection),
      sortKey,
      sortDirection,
      expandedKeys: new Set(options.expanded ?? []),
      now: NOW,
      filtered: !!options.filter,
    },
    attachTo: document.body,
  })
}

const row = (wrapper: ReturnType<typeof mountTable>, machine: string, productId: number) =>
  wrapper.get(`[data-testid=product-row][data-machine="${machine}"][data-product-id="${productId}"]`)

describe('LicenseTable', () => {
  it('groups rows by machine and shows used, limit, remaining, utilization and status as a word', () => {
    const wrapper = mountTable()
    expect(wrapper.findAll('[data-testid=machine-group]').map((g) => g.attributes('data-machine'))).toEqual(['srv-app-01', 'srv-app-02'])
    const client = row(wrapper, 'srv-app-01', 808464441)
    expect(client.get('[data-testid=used]').text()).toBe('8')
    expect(client.get('[data-testid=limit]').text()).toBe('10')
    expect(client.get('[data-testid=remaining]').text()).toBe('2')
    expect(client.get('[data-testid=utilization]').text()).toBe('80%')
    expect(client.get('[data-testid=status]').text()).toBe('Warning')
    expect(client.get('.utilization-fill').attributes('style')).toContain('width: 80%')
    expect(row(wrapper, 'srv-app-01', 808465464).get('[data-testid=status]').text()).toBe('Exhausted')
    wrapper.unmount()
  })

  it('says unlimited or unknown when there is no limit, with no remaining and no percentage', () => {
    const wrapper = mountTable()
    const web = row(wrapper, 'srv-app-01', 808465209)
    expect([
      web.get('[data-testid=limit]').text(),
      web.get('[data-testid=remaining]').text(),
      web.get('[data-testid=utilization]').text(),
    ]).toEqual(['unlimited', '—', '—'])
    const view = row(wrapper, 'srv-app-02', 808465207)
    expect(view.get('[data-testid=limit]').text()).toBe('unknown')
    expect(view.get('[data-testid=status]').text()).toBe('Unknown')
    wrapper.unmount()
  })

  it('marks stale rows and lists flags as sentences', () => {
    const wrapper = mountTable()
    expect(row(wrapper, 'srv-app-02', 808464441).get('[data-testid=stale-marker]').text()).toBe('Stale')
    expect(row(wrapper, 'srv-app-01', 808464441).find('[data-testid=stale-marker]').exists()).toBe(false)
    expect(row(wrapper, 'srv-app-01', 808465464).get('[data-testid=flag]').text()).toBe(
      'Accounting reports a limit of 5 and HR reports 6 for 4D SQL Server; showing 5.',
    )
    wrapper.unmount()
  })

  it('marks a row whose servers were not read as one round, and a skew, with the reason in the flags', () => {
    const data = machines()
    const [first, second] = data
    const note =
      "Not one consistent reading: Sales's 5 from 12.0 s earlier (down: connection refused); critical and exhausted alerts wait for one"
    first!.products[0] = { ...first!.products[0]!, consistent: false, flags: [note] }
    second!.products[0] = {
      ...second!.products[0]!,
      used: 11,
      limit: 10,
      remaining: null,
      utilization: null,
      status: 'unknown',
      skew: true,
      consistent: false,
    }
    const wrapper = mountTable({ machines: data })
    const partial = row(wrapper, first!.machine, first!.products[0]!.productId)
    expect(partial.get('[data-testid=round-marker]').text()).toBe('Not one reading')
    expect(partial.get('[data-testid=flag]').text()).toBe(note)
    const skew = row(wrapper, second!.machine, second!.products[0]!.productId)
    expect(skew.get('[data-testid=round-marker]').text()).toBe('Skew')
    expect([skew.get('[data-testid=remaining]').text(), skew.get('[data-testid=status]').text()]).toEqual(['—', 'Unknown'])
    // A row read as one round has no marker.
    expect(row(wrapper, first!.machine, first!.products[1]!.productId).find('[data-testid=round-marker]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('lists the licenses held under an expanded row: user, session, client machine, IP, state, held since, server', () => {
    const key = rowKey('srv-app-01', 808465464)
    const wrapper = mountTable({ expanded: [key] })
    const button = row(wrapper, 'srv-app-01', 808465464).get('[data-testid=expand-button]')
    expect(button.attributes('aria-expanded')).toBe('true')
    const panel = wrapper.get(`#${button.attributes('aria-controls')}`)
    const licenses = panel.findAll('[data-testid=license-row]')
    expect(licenses.map((l) => l.attributes('data-token'))).toEqual([
      '80846546400',
      '80846546401',
      '80846546402',
      '80846546403',
      '80846546404',
    ])
    const cells = licenses[3]!.findAll('td').map((td) => td.text())
    expect(cells[0]).toBe('pedro')
    expect(cells[1]).toBe('remote · windows')
    expect(cells.slice(2, 5)).toEqual(['PC-013', '10.0.3.23', 'sleeping'])
    expect(cells[5]).toMatch(/^1 h 54 min ago\s*\S+/)
    expect(cells[6]).toBe('HR')
    expect(panel.text()).toContain('By server:')
    expect(wrapper.findAll('[data-testid=licenses-panel]')).toHaveLength(1)
    wrapper.unmount()
  })

  it('emits toggle with the row key on click, Enter and Space, once each', async () => {
    const wrapper = mountTable()
    const button = row(wrapper, 'srv-app-02', 808464441).get('[data-testid=expand-button]')
    expect(button.element.tagName).toBe('BUTTON')
    expect(button.attributes('aria-expanded')).toBe('false')
    await button.trigger('click')
    await button.trigger('keydown', { key: 'Enter' })
    await button.trigger('keydown', { key: ' ' })
    await button.trigger('keydown', { key: 'a' })
    const key = rowKey('srv-app-02', 808464441)
    expect(wrapper.emitted('toggle')).toEqual([[key], [key], [key]])
    wrapper.unmount()
  })

  it('has sort buttons in the headers and marks the sorted one with aria-sort', async () => {
    const wrapper = mountTable({ sortKey: 'utilization', sortDirection: 'descending' })
    const headers = wrapper.findAll('thead th')
    expect(headers.map((th) => th.attributes('aria-sort'))).toEqual([
      'none',
      'none',
      'none',
      undefined,
      'none',
      'descending',
      undefined,
      undefined,
    ])
    await wrapper.get('[data-testid=sort-remaining]').trigger('click')
    expect(wrapper.emitted('sort')).toEqual([['remaining']])
    wrapper.unmount()
  })

  it('says when the filter matches nothing', () => {
    const wrapper = mountTable({ filter: 'zzz' })
    expect(wrapper.get('[data-testid=table-empty]').text()).toBe('No machine, product, server or user matches the filter.')
    wrapper.unmount()
  })

  it('says which row the user means to open: a pointer resting 60 ms on it, or the keyboard entering it', async () => {
    vi.useFakeTimers()
    try {
      const wrapper = mountTable()
      const client = row(wrapper, 'srv-app-01', 808464441)
      const intents = () => (wrapper.emitted('intent') ?? []).map(([key]) => key)
      // Passing over a row on the way elsewhere says nothing.
      await client.trigger('pointerenter')
      vi.advanceTimersByTime(40)
      await client.trigger('pointerleave')
      vi.advanceTimersByTime(100)
      expect(intents()).toEqual([])
      // Resting on it does, once.
      await client.trigger('pointerenter')
      vi.advanceTimersByTime(59)
      expect(intents()).toEqual([])
      vi.advanceTimersByTime(1)
      expect(intents()).toEqual([rowKey('srv-app-01', 808464441)])
      // Tabbing into another row's toggle says it at once.
      await row(wrapper, 'srv-app-02', 808465207).get('[data-testid=expand-button]').trigger('focusin')
      expect(intents()).toEqual([rowKey('srv-app-01', 808464441), rowKey('srv-app-02', 808465207)])
      wrapper.unmount()
    } finally {
      vi.useRealTimers()
    }
  })
})
