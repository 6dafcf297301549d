import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { rowKey } from '../../../renderer/src/model/rows.ts'
import { useLicensesStore } from '../../../renderer/src/stores/licenses.ts'
import { useUiStore } from '../../../renderer/src/stores/ui.ts'
import { machines, product } from '../fixtures.ts'

beforeEach(() => {
  sessionStorage.clear()
  setActivePinia(createPinia())
})

describe('licenses store', () => {
  it('keys machines by name and derives filtered, sorted groups from the ui store', () => {
    const licenses = useLicensesStore()
    const ui = useUiStore()
    licenses.applyMachines(machines())
    expect(Object.keys(licenses.byMachine)).toEqual(['srv-app-01', 'srv-app-02'])
    expect(licenses.totalRows).toBe(6)
    ui.setFilter('view')
    expect(licenses.groups.map((g) => [g.machine, g.rows.map((r) => r.usage.productName)])).toEqual([['srv-app-02', ['4D View']]])
    expect(licenses.visibleRows).toBe(1)
    ui.setFilter('')
    ui.sortBy('machine')
    expect(licenses.groups.map((g) => g.machine)).toEqual(['srv-app-02', 'srv-app-01'])
  })

  it('keeps expanded keys across snapshot updates, and the rows behind them follow the new data', () => {
    const licenses = useLicensesStore()
    const ui = useUiStore()
    licenses.applyMachines(machines())
    const key = rowKey('srv-app-02', 808464441)
    ui.toggleExpanded(key)
    const next = machines()
    next[1]!.products[0]!.used = 10
    licenses.applyMachines(next)
    expect(ui.isExpanded(key)).toBe(true)
    expect(licenses.findRow(key)?.used).toBe(10)
  })

  it('drops malformed machines and products and keeps the rest', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const licenses = useLicensesStore()
    const good = machines()
    licenses.applyMachines([null, { machine: 42 }, { ...good[0]!, products: [...good[0]!.products, { productId: 'x' }] }, good[1]])
    expect(Object.keys(licenses.byMachine)).toEqual(['srv-app-01', 'srv-app-02'])
    expect(licenses.totalRows).toBe(6)
    expect(warn).toHaveBeenCalledTimes(3)
    warn.mockRestore()
  })

  it('merges a machine listed twice, one row per product id', () => {
    const licenses = useLicensesStore()
    licenses.applyMachines([
      { machine: 'm', servers: ['A'], products: [product({ productId: 1, productName: 'P', used: 1 })] },
      {
        machine: 'm',
        servers: ['A', 'B'],
        products: [product({ productId: 1, productName: 'P', used: 2 }), product({ productId: 2, productName: 'Q' })],
      },
    ])
    expect(licenses.machines).toHaveLength(1)
    expect(licenses.machines[0]!.products.map((p) => [p.productId, p.used])).toEqual([
      [1, 2],
      [2, 0],
    ])
  })
})
