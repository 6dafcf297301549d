// The order names are listed in, everywhere the aggregation sorts by a name.

const collator = new Intl.Collator('en', { numeric: true })

/** Natural order for names ("srv-2" before "srv-10"), with a code-point tie-break so the order is total. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0)
}
