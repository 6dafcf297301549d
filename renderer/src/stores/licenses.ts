// License usage per machine, keyed by machine name, as the last snapshot gave
// it; the table reads the filtered, sorted groups.

import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import type { MachineUsage, ProductUsage } from '../../../main/core/types/index.ts'
import { isMachineUsage, isProductUsage } from '../api/snapshot-shape.ts'
import { buildGroups, rowKey } from '../model/rows.ts'
import { useUiStore } from './ui.ts'

/** Drops malformed entries and merges repeated machines/products, so one odd entry never breaks the table. */
function keyMachines(machines: readonly unknown[]): Record<string, MachineUsage> {
  const byMachine: Record<string, MachineUsage> = {}
  for (const machine of machines) {
    if (!isMachineUsage(machine)) {
      console.warn('Ignored a machine entry of the snapshot that is malformed.')
      continue
    }
    const products = new Map<number, ProductUsage>()
    for (const product of [...(byMachine[machine.machine]?.products ?? []), ...machine.products]) {
      if (isProductUsage(product)) products.set(product.productId, product)
      else console.warn(`Ignored a malformed product entry of machine ${machine.machine}.`)
    }
    byMachine[machine.machine] = { ...machine, products: [...products.values()] }
  }
  return byMachine
}

export const useLicensesStore = defineStore('licenses', () => {
  const ui = useUiStore()
  // Replaced whole on every snapshot: no deep reactivity needed, and none paid for.
  const byMachine = shallowRef<Record<string, MachineUsage>>({})

  const machines = computed(() => Object.values(byMachine.value))
  const groups = computed(() => buildGroups(machines.value, ui.filterText, ui.sortKey, ui.sortDirection))
  const totalRows = computed(() => machines.value.reduce((sum, machine) => sum + machine.products.length, 0))
  const visibleRows = computed(() => groups.value.reduce((sum, group) => sum + group.rows.length, 0))

  function applyMachines(next: readonly unknown[]): void {
    byMachine.value = keyMachines(next)
  }

  function findRow(key: string): ProductUsage | null {
    for (const machine of machines.value) {
      const product = machine.products.find((p) => rowKey(machine.machine, p.productId) === key)
      if (product) return product
    }
    return null
  }

  return { byMachine, machines, groups, totalRows, visibleRows, applyMachines, findRow }
})
