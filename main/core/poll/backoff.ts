// Full-jitter exponential backoff (AWS Architecture Blog, "Exponential Backoff
// and Jitter"): spreading retries uniformly over the whole window keeps many
// monitors from hammering a recovering 4D Server in lockstep.

/** A delay in [0, min(cap, base * 2^failures)); `random` returns [0, 1) like Math.random. */
export function fullJitterDelay(failures: number, baseMs: number, capMs: number, random: () => number): number {
  const exponent = Math.max(0, Math.floor(failures))
  // 2^exponent overflows to Infinity for large counts, which min() then caps.
  const window = Math.min(capMs, baseMs * 2 ** exponent)
  return Math.max(0, window) * random()
}
