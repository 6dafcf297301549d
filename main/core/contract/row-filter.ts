// The license table's text filter, one rule for both sides: the page applies it
// to the rows it holds (renderer/src/model/rows.ts) and the backend applies it
// to the monitor's whole snapshot for `findMatchingRows`, because pushes leave
// license lists out and the page alone cannot find a user of a collapsed row.
// Pure and type-only in its imports, so the renderer may load it
// (.dependency-cruiser.cjs names this file as the one exception).

import type { MachineUsage, ProductUsage } from '../types/index.ts'

/** The filter text as terms: lower-cased, split on white space, empty ones dropped. */
export function filterTerms(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/)
    .filter((term) => term.length > 0)
}

/** A machine's own searchable text: its name and its servers, lower-cased. */
export function machineSearchText(machine: Pick<MachineUsage, 'machine' | 'servers'>): string {
  return [machine.machine, ...machine.servers].join('\n').toLowerCase()
}

/** A row's own searchable text: product name, servers, and the server and user name of each license it lists. */
export function productSearchText(product: Pick<ProductUsage, 'productName' | 'shares' | 'licenses'>): string {
  const parts = [product.productName]
  for (const share of product.shares) parts.push(share.server)
  for (const license of product.licenses) {
    parts.push(license.server)
    if (license.userName) parts.push(license.userName)
  }
  return parts.join('\n').toLowerCase()
}

/** Every term appears in the machine's or the row's text (terms hold no white space, so none spans two names). */
export function textsMatchTerms(machineText: string, productText: string, terms: readonly string[]): boolean {
  return terms.every((term) => machineText.includes(term) || productText.includes(term))
}
