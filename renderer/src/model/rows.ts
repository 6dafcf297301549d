// Pure view logic of the license table: row keys, the text filter and the
// sort. The licenses store exposes the result as getters.

import type { MachineUsage, ProductUsage } from '../../../main/core/types/index.ts'
import { filterTerms, machineSearchText, productSearchText, textsMatchTerms } from '../../../main/core/contract/row-filter.ts'

// The matching rule is shared with the backend's findMatchingRows (main/core/contract/row-filter.ts).
export { filterTerms }

export type SortKey = 'machine' | 'product' | 'used' | 'remaining' | 'utilization'
/** Named like the aria-sort values the headers carry. */
export type SortDirection = 'ascending' | 'descending'

export const SORT_KEYS: readonly SortKey[] = ['machine', 'product', 'used', 'remaining', 'utilization']

/** The direction a column starts in: names A to Z, pressure (used, utilisation) highest first, remaining lowest first. */
export const DEFAULT_DIRECTION: Record<SortKey, SortDirection> = {
  machine: 'ascending',
  product: 'ascending',
  used: 'descending',
  remaining: 'ascending',
  utilization: 'descending',
}

export interface ProductRowView {
  /** machine + productId: stable across snapshots, so Vue patches the row instead of re-creating it. */
  key: string
  machine: string
  usage: ProductUsage
}

export interface MachineGroupView {
  machine: string
  servers: string[]
  rows: ProductRowView[]
  /** Rows of this machine before filtering. */
  totalRows: number
}

export function rowKey(machine: string, productId: number): string {
  return JSON.stringify([machine, productId])
}

/** Key of one license inside a row: a token is unique per server only. */
export function licenseKey(server: string, token: number): string {
  return JSON.stringify([server, token])
}

/**
 * A product row's own searchable text (its name, servers and user names), lower-cased once per product object:
 * a snapshot's rows are new objects, so the cache lives exactly as long as the row it describes, and a keystroke
 * on a 10,000-license row no longer joins and lower-cases 10,000 names.
 */
const productTexts = new WeakMap<ProductUsage, string>()

function productText(product: ProductUsage): string {
  let text = productTexts.get(product)
  if (text === undefined) {
    text = productSearchText(product)
    productTexts.set(product, text)
  }
  return text
}

/** Every term must appear in the machine, product, a server or a user name of the row (terms hold no white space, so none spans two names). */
export function matchesFilter(machine: MachineUsage, product: ProductUsage, terms: string[]): boolean {
  return matchesTerms(machineSearchText(machine), product, terms)
}

function matchesTerms(machine: string, product: ProductUsage, terms: string[]): boolean {
  if (terms.length === 0) return true
  return textsMatchTerms(machine, productText(product), terms)
}

const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

function numericValue(product: ProductUsage, key: SortKey): number | null {
  if (key === 'used') return product.used
  if (key === 'remaining') return product.remaining
  if (key === 'utilization') return product.utilization
  return null
}

/** Rows of one machine; unknown values (no limit) go last whatever the direction. */
export function compareProducts(key: SortKey, direction: SortDirection): (a: ProductUsage, b: ProductUsage) => number {
  const sign = direction === 'ascending' ? 1 : -1
  return (a, b) => {
    if (key === 'machine' || key === 'product') {
      return (key === 'product' ? sign : 1) * byName.compare(a.productName, b.productName) || a.productId - b.productId
    }
    const x = numericValue(a, key)
    const y = numericValue(b, key)
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1
    } else if (x !== y) {
      return sign * (x - y)
    }
    return byName.compare(a.productName, b.productName) || a.productId - b.productId
  }
}

/**
 * Machine groups in machine order (reversed when sorting by machine, descending), rows sorted inside each group.
 * `found`: row keys the backend matched over the whole lists (findMatchingRows) for this filter; they show too,
 * since collapsed rows arrive without their license lists.
 */
export function buildGroups(
  machines: MachineUsage[],
  filterText: string,
  key: SortKey,
  direction: SortDirection,
  found: ReadonlySet<string> = new Set(),
): MachineGroupView[] {
  const terms = filterTerms(filterText)
  const machineSign = key === 'machine' && direction === 'descending' ? -1 : 1
  const compare = compareProducts(key, direction)
  const groups: MachineGroupView[] = []
  for (const machine of [...machines].sort((a, b) => machineSign * byName.compare(a.machine, b.machine))) {
    const text = terms.length > 0 ? machineSearchText(machine) : ''
    const products = machine.products
      .filter((product) => matchesTerms(text, product, terms) || (found.size > 0 && found.has(rowKey(machine.machine, product.productId))))
      .sort(compare)
    if (products.length === 0 && terms.length > 0) continue
    groups.push({
      machine: machine.machine,
      servers: machine.servers,
      totalRows: machine.products.length,
      rows: products.map((usage) => ({ key: rowKey(machine.machine, usage.productId), machine: machine.machine, usage })),
    })
  }
  return groups
}
