// The one rounding rule for a utilization shown to an admin (notices, the
// tray, the table through renderer/src/model/percent.ts, which must stay a
// copy of this: the renderer may import only types from main).
//
// Rounded down to a tenth of a percent, ".0" dropped: a shown value is never
// above the real one, so it never reaches a threshold (80%, 95%, 100%) the
// level has not reached; 199 of 200 reads "99.5%" at critical with 1 left,
// 159 of 200 "79.5%" while the level is ok. A pool in use never reads "0%".

/** Tenths of a percent, rounded down; the epsilon absorbs float error in used / limit (real gaps are >= 1e-6). */
function tenthsOf(utilization: number): number {
  return Math.floor(utilization * 1000 + 1e-9)
}

/** Utilization in tenths of a percent, rounded down (negative values read 0): for writers in other languages. */
export function utilizationTenths(utilization: number): number {
  return Math.max(0, tenthsOf(utilization))
}

/** "80%", "99.5%", "<0.1%" for utilization as a ratio (used / limit). */
export function utilizationText(utilization: number): string {
  const tenths = Math.max(0, tenthsOf(utilization))
  if (tenths === 0 && utilization > 0) return '<0.1%'
  return tenths % 10 === 0 ? `${tenths / 10}%` : `${(tenths / 10).toFixed(1)}%`
}
