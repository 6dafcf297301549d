import { describe, expect, it } from 'vitest'
import { createRandom, mulberry32, uuidLike } from '../../main/simulator/prng.ts'

describe('seeded random', () => {
  it('repeats a sequence for a seed and differs for another seed', () => {
    const draw = (seed: number): number[] => Array.from({ length: 20 }, mulberry32(seed))
    expect(draw(42)).toEqual(draw(42))
    expect(draw(43)).not.toEqual(draw(42))
    for (const x of draw(1)) expect(x >= 0 && x < 1).toBe(true)
  })

  it('keeps int within its bounds and reaches both ends', () => {
    const random = createRandom(7)
    const seen = new Set<number>()
    for (let i = 0; i < 500; i++) {
      const n = random.int(2, 5)
      expect(n).toBeGreaterThanOrEqual(2)
      expect(n).toBeLessThanOrEqual(5)
      seen.add(n)
    }
    expect([...seen].sort()).toEqual([2, 3, 4, 5])
  })

  it('makes uuid-like ids and refuses to pick from nothing', () => {
    const random = createRandom(3)
    expect(uuidLike(random)).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/)
    expect(() => random.pick([])).toThrow(/empty list/)
  })
})
