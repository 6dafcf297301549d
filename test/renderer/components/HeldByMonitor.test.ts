// "Held by this monitor": the row, the license and the server strip say when
// the monitor's own session holds a license; an inferred limit says so.
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import LicenseList from '../../../renderer/src/components/LicenseList.vue'
import ProductRow from '../../../renderer/src/components/ProductRow.vue'
import ServerStrip from '../../../renderer/src/components/ServerStrip.vue'
import { license, NOW, product, server } from '../fixtures.ts'

const NOTE =
  'Limit inferred from the latest license record (productUsedCount + productBalance): the server sends no License info and no global count, as a single 4D Server does'

function mountRow(overrides: Parameters<typeof product>[0]) {
  const table = document.createElement('table')
  const body = document.createElement('tbody')
  table.append(body)
  document.body.append(table)
  return mount(ProductRow, { props: { machine: 'srv-1', usage: product(overrides), expanded: false, now: NOW }, attachTo: body })
}

describe('held by this monitor', () => {
  it('the row says how many licenses the monitor holds, and nothing when it holds none', () => {
    const held = mountRow({ productId: 808464441, productName: '4D Client', used: 4, heldByMonitor: 1 })
    expect(held.get('[data-testid=held-by-monitor]').text()).toBe('1 held by this monitor')
    held.unmount()
    const none = mountRow({ productId: 808464441, productName: '4D Client', used: 4 })
    expect(none.find('[data-testid=held-by-monitor]').exists()).toBe(false)
    none.unmount()
  })

  it('an inferred limit carries its note and a title that names the source', () => {
    const wrapper = mountRow({
      productId: 808464441,
      productName: '4D Client',
      used: 2,
      limit: 3,
      limitSource: 'inferred',
      limitNote: NOTE,
    })
    expect(wrapper.get('[data-testid=limit-note]').text()).toBe(NOTE)
    expect(wrapper.get('[data-testid=limit]').attributes('title')).toContain('productUsedCount + productBalance')
    wrapper.unmount()
  })

  it("the license list marks the monitor's own license only", () => {
    const licenses = [
      license({ server: 'Solo', token: 1, productId: 808464441 }),
      license({ server: 'Solo', token: 2, productId: 808464441, userName: 'guest', sessionType: 'rest', heldByMonitor: true }),
    ]
    const wrapper = mount(LicenseList, {
      props: { licenses, shares: [], now: NOW, countsOnly: false, label: 'Licenses of 4D Client on Solo' },
    })
    const rows = wrapper.findAll('[data-testid=license-row]')
    expect(rows.map((row) => row.find('[data-testid=license-held-by-monitor]').exists())).toEqual([false, true])
    expect(rows[1]!.text()).toContain('held by this monitor')
  })

  it('the server strip says so for a server where the monitor holds a license', () => {
    const wrapper = mount(ServerStrip, {
      props: { servers: [server({ id: 'solo', name: 'Solo', holdsLicense: true }), server({ id: 'b', name: 'B' })] },
    })
    expect(wrapper.findAll('[data-testid=holds-license]').map((chip) => chip.text())).toEqual(['License held by this monitor'])
  })
})
