// A small seeded PRNG so one seed always plays the same clients: tests and
// benchmarks compare runs, and a demo looks the same after a restart.

/** mulberry32: 32-bit state, good enough spread for simulated traffic, not for secrets. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Draws built on one seeded source; every draw advances the same sequence. */
export interface Random {
  /** [0, 1) */
  next(): number
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number
  chance(probability: number): boolean
  pick<T>(items: readonly T[]): T
  /** Hex digits, for uuid-like session ids. */
  hex(length: number): string
}

export function createRandom(seed: number): Random {
  const next = mulberry32(seed)
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1))
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('Cannot pick from an empty list.')
      return items[int(0, items.length - 1)] as T
    },
    hex(length) {
      let out = ''
      for (let i = 0; i < length; i++) out += int(0, 15).toString(16)
      return out
    },
  }
}

/** A uuid-like string (8-4-4-4-12 upper-case hex), as 4D shows session IDs. */
export function uuidLike(random: Random): string {
  return [8, 4, 4, 4, 12]
    .map((n) => random.hex(n))
    .join('-')
    .toUpperCase()
}
