// A copy of main/core/alerts/percent-text.ts (the renderer may import only
// types from main): test/renderer/model/percent.test.ts checks the two agree.
// Rounded down to a tenth of a percent, so the table never shows a value that
// crosses a threshold the row's level has not reached.

function tenthsOf(utilization: number): number {
  return Math.floor(utilization * 1000 + 1e-9)
}

/** Utilization in tenths of a percent, rounded down (negative values read 0): the one rounding rule. */
export function utilizationTenths(utilization: number): number {
  return Math.max(0, tenthsOf(utilization))
}

/** "80%", "99.5%", "<0.1%" for utilization as a ratio (used / limit). */
export function utilizationText(utilization: number): string {
  const tenths = Math.max(0, tenthsOf(utilization))
  if (tenths === 0 && utilization > 0) return '<0.1%'
  return tenths % 10 === 0 ? `${tenths / 10}%` : `${(tenths / 10).toFixed(1)}%`
}
