// License usage per machine, keyed by machine name, as the last snapshot and
// the patches after it gave it; the table reads the filtered, sorted groups.
// Pushed rows come without their license lists (they carry `listVersion`):
// the lists of expanded rows are fetched by the monitor store and kept here,
// whole at first, then patched with the changes the monitor answers.

import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import type { LicenseHeld, LicenseListChanges, MachineUsage, ProductUsage, SnapshotPatch } from '../../../main/core/types/index.ts'
import { isMachineUsage, isProductUsage } from '../api/snapshot-shape.ts'
import { applyListChanges, type HeldList } from '../model/license-list-changes.ts'
import { buildGroups, rowKey } from '../model/rows.ts'
import { patchMachines } from '../model/snapshot-patch.ts'
import { termsKey } from './row-search.ts'
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

/** An expanded row whose list the page lacks or holds in an older version (`since`). */
export interface WantedList {
  key: string
  machine: string
  productId: number
  listVersion: number
  since?: number
}

export const useLicensesStore = defineStore('licenses', () => {
  const ui = useUiStore()
  // Replaced whole on every snapshot: no deep reactivity needed, and none paid for.
  const byMachine = shallowRef<Record<string, MachineUsage>>({})
  /** License lists fetched for expanded rows, by row key, with the list version they are. */
  const lists = shallowRef<Record<string, HeldList>>({})

  /** The machines with the fetched lists in their rows; rows without one keep what the snapshot sent. */
  const machines = computed(() => {
    const fetched = lists.value
    return Object.values(byMachine.value).map((machine) => {
      if (!machine.products.some((row) => rowKey(machine.machine, row.productId) in fetched)) return machine
      const products = machine.products.map((row) => {
        const list = fetched[rowKey(machine.machine, row.productId)]
        return list === undefined ? row : { ...row, licenses: list.licenses }
      })
      return { ...machine, products }
    })
  })
  /** Rows the backend matched over the whole lists (findMatchingRows), for the terms it was asked. */
  const found = shallowRef<{ terms: string; keys: ReadonlySet<string> } | null>(null)
  /** Only an answer to the filter shown counts: an older one would show rows the text no longer names. */
  const foundKeys = computed(() => (found.value !== null && found.value.terms === termsKey(ui.filterText) ? found.value.keys : undefined))
  const groups = computed(() => buildGroups(machines.value, ui.filterText, ui.sortKey, ui.sortDirection, foundKeys.value))
  const totalRows = computed(() => machines.value.reduce((sum, machine) => sum + machine.products.length, 0))
  const visibleRows = computed(() => groups.value.reduce((sum, group) => sum + group.rows.length, 0))

  function applyMachines(next: readonly unknown[]): void {
    byMachine.value = keyMachines(next)
  }

  /** A push of changes; machines it does not touch keep their objects, so their rows are not redrawn. */
  function applyPatch(patch: SnapshotPatch): void {
    const rows = (patch.rows ?? []).filter((entry) => {
      if (isProductUsage(entry.row)) return true
      console.warn(`Ignored a malformed product entry of machine ${entry.machine}.`)
      return false
    })
    const next = patchMachines(Object.values(byMachine.value), { ...patch, rows })
    byMachine.value = Object.fromEntries(next.map((machine) => [machine.machine, machine]))
  }

  /**
   * Rows shown expanded whose list is missing or older than the row says: the monitor store fetches these, with
   * `since` the version held (if any), so the monitor can answer the changes only.
   */
  function listsWanted(expanded: readonly string[]): WantedList[] {
    const wanted = new Set(expanded)
    const out: WantedList[] = []
    for (const machine of Object.values(byMachine.value)) {
      for (const row of machine.products) {
        const key = rowKey(machine.machine, row.productId)
        if (row.listVersion === undefined || !wanted.has(key)) continue
        const held = lists.value[key]
        if (held === undefined) out.push({ key, machine: machine.machine, productId: row.productId, listVersion: row.listVersion })
        else if (held.listVersion < row.listVersion)
          out.push({ key, machine: machine.machine, productId: row.productId, listVersion: row.listVersion, since: held.listVersion })
      }
    }
    return out
  }

  function setList(key: string, listVersion: number, licenses: LicenseHeld[]): void {
    const held = lists.value[key]
    if (held !== undefined && held.listVersion > listVersion) return
    lists.value = { ...lists.value, [key]: { listVersion, licenses } }
  }

  /**
   * Applies changes to the copy held for `key`. Answers older than the copy, or for a copy let go meanwhile, are
   * ignored (null). Changes that do not apply to the copy drop it and return why: the row then wants its list whole.
   */
  function patchList(key: string, changes: LicenseListChanges): string | null {
    const held = lists.value[key]
    if (held === undefined) return null
    if (changes.listVersion <= held.listVersion && changes.since !== held.listVersion) return null
    const outcome = applyListChanges(held, changes)
    if (!outcome.ok) {
      dropList(key)
      return outcome.cause
    }
    // Nothing new (an answer for the version held): the rows keep their objects and are not redrawn.
    const unchanged = changes.listVersion === held.listVersion && changes.removed.length === 0 && changes.changed.length === 0
    if (!unchanged) lists.value = { ...lists.value, [key]: { listVersion: changes.listVersion, licenses: outcome.licenses } }
    return null
  }

  function dropList(key: string): void {
    if (!(key in lists.value)) return
    const { [key]: _dropped, ...rest } = lists.value
    lists.value = rest
  }

  /** Lists of rows no longer expanded are let go: they would only go stale. */
  function keepLists(expanded: readonly string[]): void {
    const keep = new Set(expanded)
    const kept = Object.entries(lists.value).filter(([key]) => keep.has(key))
    if (kept.length !== Object.keys(lists.value).length) lists.value = Object.fromEntries(kept)
  }

  function setFound(terms: string, keys: ReadonlySet<string>): void {
    found.value = { terms, keys }
  }

  function findRow(key: string): ProductUsage | null {
    for (const machine of machines.value) {
      const product = machine.products.find((p) => rowKey(machine.machine, p.productId) === key)
      if (product) return product
    }
    return null
  }

  return {
    byMachine,
    lists,
    machines,
    groups,
    totalRows,
    visibleRows,
    applyMachines,
    applyPatch,
    listsWanted,
    setList,
    patchList,
    dropList,
    keepLists,
    findRow,
    found,
    setFound,
  }
})
