import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import App from '../../renderer/src/App.vue'
import { useMonitorStore } from '../../renderer/src/stores/monitor.ts'
import { fakeApi } from './fake-api.ts'
import type { FakeApi } from './fake-api.ts'
import { NOW, snapshot } from './fixtures.ts'

let api: FakeApi

async function mountApp(first = snapshot()) {
  const pinia = createPinia()
  setActivePinia(pinia)
  api = fakeApi({ connection: true })
  api.results.push({ ok: true, data: first })
  const wrapper = mount(App, { global: { plugins: [pinia] }, attachTo: document.body })
  await useMonitorStore().start(api, { clock: () => NOW })
  await flushPromises()
  return wrapper
}

function changed() {
  const next = snapshot({ generatedAt: new Date(NOW + 5000).toISOString() })
  const client = next.machines[1]!.products[0]!
  client.used = 10
  client.remaining = 0
  client.utilization = 1
  client.status = 'exhausted'
  client.licenses = client.licenses.slice(1)
  // Rows and licenses before the watched ones vanish: index keys would re-use the wrong elements.
  next.machines[0]!.products = next.machines[0]!.products.filter((p) => p.productName !== '4D Client')
  return next
}

const rowSelector = (machine: string, productId: number) =>
  `[data-testid=product-row][data-machine="${machine}"][data-product-id="${productId}"]`

beforeEach(() => sessionStorage.clear())
afterEach(() => {
  useMonitorStore().stop()
  document.body.innerHTML = ''
})

describe('App', () => {
  it('shows the demo banner only for demo data', async () => {
    const demo = await mountApp(snapshot({ demo: true }))
    expect(demo.get('[data-testid=demo-banner]').text()).toBe('Demo data from the built-in 4D Server simulator: no server is configured')
    demo.unmount()
    const real = await mountApp()
    expect(real.find('[data-testid=demo-banner]').exists()).toBe(false)
    real.unmount()
  })

  it('updates rows in place: the same DOM element for an unchanged row key, expanded rows stay expanded', async () => {
    const wrapper = await mountApp()
    const selector = rowSelector('srv-app-02', 808464441)
    const before = wrapper.get(selector).element
    const sqlBefore = wrapper.get(rowSelector('srv-app-01', 808465464)).element
    await wrapper.get(`${selector} [data-testid=expand-button]`).trigger('click')
    const licenseBefore = wrapper.get('[data-testid=licenses-panel] [data-testid=license-row][data-token="80846444101"]').element
    expect(wrapper.findAll('[data-testid=licenses-panel] [data-testid=license-row]')).toHaveLength(9)

    api.push(changed())
    await flushPromises()

    const after = wrapper.get(selector)
    expect(after.element).toBe(before)
    expect(wrapper.get(rowSelector('srv-app-01', 808465464)).element).toBe(sqlBefore)
    expect(wrapper.find(rowSelector('srv-app-01', 808464441)).exists()).toBe(false)
    expect(after.get('[data-testid=used]').text()).toBe('10')
    expect(after.get('[data-testid=status]').text()).toBe('Exhausted')
    expect(after.get('[data-testid=expand-button]').attributes('aria-expanded')).toBe('true')
    const licenses = wrapper.findAll('[data-testid=licenses-panel] [data-testid=license-row]')
    expect(licenses).toHaveLength(8)
    expect(wrapper.get('[data-testid=license-row][data-token="80846444101"]').element).toBe(licenseBefore)
    wrapper.unmount()
  })

  it('filters from the filter input and says how many rows it shows', async () => {
    const wrapper = await mountApp()
    await wrapper.get('[data-testid=filter-input]').setValue('view')
    expect(wrapper.findAll('[data-testid=product-row]').map((r) => r.attributes('data-product-id'))).toEqual(['808465207'])
    expect(wrapper.get('[data-testid=row-count]').text()).toBe('1 of 6 product rows')
    wrapper.unmount()
  })

  it('sorts from the headers', async () => {
    const wrapper = await mountApp()
    await wrapper.get('[data-testid=sort-machine]').trigger('click')
    expect(wrapper.findAll('[data-testid=machine-group]').map((g) => g.attributes('data-machine'))).toEqual(['srv-app-02', 'srv-app-01'])
    expect(wrapper.get('[data-testid=sort-machine]').element.closest('th')?.getAttribute('aria-sort')).toBe('descending')
    wrapper.unmount()
  })

  it('toggles a row from the keyboard', async () => {
    const wrapper = await mountApp()
    const button = wrapper.get(`${rowSelector('srv-app-01', 808464945)} [data-testid=expand-button]`)
    await button.trigger('keydown', { key: 'Enter' })
    expect(button.attributes('aria-expanded')).toBe('true')
    expect(wrapper.findAll('[data-testid=license-row]')).toHaveLength(1)
    await button.trigger('keydown', { key: ' ' })
    expect(button.attributes('aria-expanded')).toBe('false')
    expect(wrapper.find('[data-testid=licenses-panel]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('shows "Cannot reach the monitor" with the reason and keeps the last data', async () => {
    const wrapper = await mountApp()
    api.setConnection({ status: 'reconnecting', reason: 'the live update stream /api/events dropped; reconnecting' })
    await flushPromises()
    expect(wrapper.get('[data-testid=connection-error]').text()).toBe(
      'Cannot reach the monitor: the live update stream /api/events dropped; reconnecting (showing the last data received)',
    )
    expect(wrapper.findAll('[data-testid=product-row]')).toHaveLength(6)
    expect(wrapper.findAll('[data-testid=server-chip]')).toHaveLength(3)
    wrapper.unmount()
  })

  it('shows the error without data when the first load fails', async () => {
    const pinia = createPinia()
    setActivePinia(pinia)
    api = fakeApi()
    api.results.push({ ok: false, error: 'the main process did not answer' })
    const wrapper = mount(App, { global: { plugins: [pinia] } })
    await useMonitorStore().start(api)
    await flushPromises()
    expect(wrapper.get('[data-testid=connection-error]').text()).toBe('Cannot reach the monitor: the main process did not answer')
    expect(wrapper.get('[data-testid=table-empty]').text()).toBe('No license usage reported yet.')
    wrapper.unmount()
  })
})
