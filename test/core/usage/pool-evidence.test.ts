// The pool evidence rules (main/core/usage/pool-evidence.ts), one table each.

import { describe, expect, it } from 'vitest'
import {
  fitTogether,
  linkEvidence,
  productEvidence,
  provesAlone,
  provesSharing,
  sharedPoolEvidence,
  type ProductEvidence,
} from '../../../main/core/usage/pool-evidence.ts'
import type { LicenseRecord } from '../../../main/core/types/index.ts'
import { CLIENT, interleaved, licenseInfo, poolTimeline, type Step } from './pool-timeline.ts'

describe('E1 and E2: what one record proves', () => {
  it.each([
    { own: 4, global: 9, sharing: true, alone: false },
    { own: 1, global: 2, sharing: true, alone: false },
    { own: 5, global: 5, sharing: false, alone: true },
    { own: 5, global: null, sharing: false, alone: false },
    { own: null, global: 9, sharing: false, alone: false },
    // A global count below the own count is a broken record: it proves neither.
    { own: 6, global: 5, sharing: false, alone: false },
  ])('own $own, global $global: sharing $sharing, alone $alone', ({ own, global, sharing, alone }) => {
    expect(provesSharing({ own, global })).toBe(sharing)
    expect(provesAlone({ own, global })).toBe(alone)
  })
})

function evidence(
  server: string,
  steps: readonly Step[],
  options: { size?: number; info?: ReturnType<typeof licenseInfo> } = {},
): ProductEvidence {
  const held = poolTimeline(steps, { size: options.size ?? 10 })
  return productEvidence(server, CLIENT, held.get(server) ?? [], options.info ?? null)
}

describe('productEvidence: one server and product', () => {
  it('reads the newest record (latest time, then highest token) and the pool size it proves', () => {
    const steps = interleaved({ A: 4, B: 5 })
    const a = evidence('A', steps)
    const b = evidence('B', steps)
    expect(a.held).toHaveLength(4)
    expect(a.shared).toBe(true)
    expect(b.newest?.global).toBe(9)
    expect(b.poolSize).toBe(10)
    // A, B, A, B, A, B, A, B, B: A's fourth retain was the seventh in the pool.
    expect(a.newest?.global).toBe(7)
  })

  it('counts each token once and ignores other products', () => {
    const [first] = poolTimeline([{ retain: 'A' }], { size: 10 }).get('A') ?? []
    const other: LicenseRecord = { ...first!, token: 7, productId: 1001 }
    const result = productEvidence('A', CLIENT, [first!, first!, other], null)
    expect(result.held).toHaveLength(1)
  })

  it('takes the license number and allowedCount from License info', () => {
    const result = evidence('A', [{ retain: 'A' }], { info: licenseInfo(10, 1, 'LN-4471') })
    expect(result.licenseNumber).toBe('LN-4471')
    expect(result.allowed).toBe(10)
    expect(evidence('A', [{ retain: 'A' }], { info: licenseInfo(10, 1) }).licenseNumber).toBeNull()
  })

  it('a record time in another offset is placed on one time line', () => {
    const [early, late] = poolTimeline(interleaved({ A: 2 }), { size: 10 }).get('A') ?? []
    // 09:00:02Z written as 11:00:02+02:00 is still the newer record.
    const shifted: LicenseRecord = { ...late!, time: '2026-11-28T11:00:02+02:00' }
    expect(productEvidence('A', CLIENT, [shifted, early!], null).newest?.token).toBe(late!.token)
  })
})

describe('E3: servers that cannot share a pool', () => {
  const together = interleaved({ A: 4, B: 5 })
  const cases: { name: string; a: ProductEvidence; b: ProductEvidence; fit: boolean }[] = [
    { name: 'one pool, interleaved retains', a: evidence('A', together), b: evidence('B', together), fit: true },
    {
      name: 'two pools, each alone (global = own), both holding licenses',
      a: evidence('A', interleaved({ A: 4 })),
      b: evidence('B', interleaved({ B: 5 })),
      fit: false,
    },
    {
      // B's licenses were all retained after A's: A's records could not have counted them.
      name: 'two pools, one server idle before the other started',
      a: evidence('A', [{ retain: 'A' }]),
      b: evidence('B', [{ retain: 'A' }, { retain: 'B' }]),
      fit: true,
    },
  ]
  it.each(cases)('$name: fit $fit', ({ a, b, fit }) => {
    expect(fitTogether([a, b])).toBe(fit)
  })

  it('a record in the same whole second as another server’s retain proves nothing either way', () => {
    const held = poolTimeline(interleaved({ A: 2, B: 2 }), { size: 10, secondsApart: 0 })
    const a = productEvidence('A', CLIENT, held.get('A') ?? [], null)
    // Separate pools would say global = own; all in one second, B's licenses are not "before".
    const aloneA = { ...a, held: a.held.map((p) => ({ ...p, global: p.own })) }
    expect(fitTogether([aloneA, productEvidence('B', CLIENT, held.get('B') ?? [], null)])).toBe(true)
  })
})

describe('sharedPoolEvidence: why two servers listed apart draw from one pool', () => {
  const steps = interleaved({ A: 4, B: 5 })
  const withInfo = (server: string, number?: string, allowed = 10) =>
    evidence(server, steps, { info: licenseInfo(allowed, server === 'A' ? 4 : 5, number) })
  const noGlobal = (server: string) =>
    productEvidence(server, CLIENT, poolTimeline(steps, { size: 10, withoutGlobal: ['A', 'B'] }).get(server) ?? [], null)
  const separateA = evidence('A', interleaved({ A: 4 }))
  const separateB = evidence('B', interleaved({ B: 5 }))
  const cases: { name: string; a: ProductEvidence; b: ProductEvidence; kinds: string[] }[] = [
    { name: 'both shared, same pool size', a: evidence('A', steps), b: evidence('B', steps), kinds: ['globalCount'] },
    {
      name: 'same license number and both shared',
      a: withInfo('A', 'LN-1'),
      b: withInfo('B', 'LN-1'),
      kinds: ['globalCount', 'licenseNumber'],
    },
    {
      name: 'same license number, no global counts',
      a: { ...noGlobal('A'), licenseNumber: 'LN-1' },
      b: { ...noGlobal('B'), licenseNumber: 'LN-1' },
      kinds: ['licenseNumber'],
    },
    { name: 'different license numbers', a: withInfo('A', 'LN-1'), b: withInfo('B', 'LN-2'), kinds: [] },
    { name: 'different allowedCount', a: withInfo('A', undefined, 10), b: withInfo('B', undefined, 12), kinds: [] },
    { name: 'separate machines, global = own', a: separateA, b: separateB, kinds: [] },
    {
      name: 'same license number but the counts prove two pools',
      a: { ...separateA, licenseNumber: 'LN-1' },
      b: { ...separateB, licenseNumber: 'LN-1' },
      kinds: [],
    },
    {
      name: 'both shared, pool sizes differ',
      a: evidence('A', steps),
      b: evidence('B', steps, { size: 12 }),
      kinds: [],
    },
    {
      name: 'one shares, the other has no global count',
      a: evidence('A', steps),
      b: productEvidence('B', CLIENT, poolTimeline(steps, { size: 10, withoutGlobal: ['B'] }).get('B') ?? [], null),
      kinds: [],
    },
  ]
  it.each(cases)('$name: $kinds', ({ a, b, kinds }) => {
    expect(sharedPoolEvidence(a, b)).toEqual(kinds)
  })
})

describe('E3 over many servers: one search in the merged ends gives the pairwise verdict', () => {
  /** The rule as first written: for each record, each other server's licenses retained before it, one server at a time. */
  function pairwiseFit(members: readonly ProductEvidence[]): boolean {
    for (const member of members) {
      for (const point of member.held) {
        if (point.own === null || point.global === null || point.earliestMs === Number.NEGATIVE_INFINITY) continue
        let before = 0
        for (const other of members) if (other !== member) before += other.knownEnds.filter((end) => end < point.earliestMs).length
        if (before > point.global - point.own) return false
      }
    }
    return true
  }

  /** A seeded generator (mulberry32), so a failing case can be replayed. */
  function random(seed: number): () => number {
    let state = seed
    return () => {
      state = (state + 0x6d2b79f5) | 0
      let t = Math.imul(state ^ (state >>> 15), 1 | state)
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
  }

  /** A server holding a few licenses retained over a minute, with counts that may or may not leave room for the others. */
  function server(name: string, next: () => number): ProductEvidence {
    const records: LicenseRecord[] = Array.from({ length: 1 + Math.floor(next() * 6) }, (_, i) => {
      const own = i + 1
      return {
        productId: CLIENT,
        productName: '4D Client',
        productUsedCount: own,
        productBalance: 2,
        globalProductUsedCount: own + Math.floor(next() * 30),
        token: 100 + i,
        // Some times unknown (never "before" anything), most in whole seconds, a few shared by several retains.
        time: next() < 0.1 ? null : `2026-11-28T09:00:${String(Math.floor(next() * 20)).padStart(2, '0')}+00:00`,
        reason: 'CLIENT',
        session: null,
      }
    })
    return productEvidence(name, CLIENT, records, null)
  }

  it('gives the same verdict as the pairwise reading for 400 generated pools of 3 to 8 servers', () => {
    const next = random(11)
    const verdicts = { fit: 0, apart: 0 }
    for (let round = 0; round < 400; round++) {
      const members = Array.from({ length: 3 + Math.floor(next() * 6) }, (_, i) => server(`S${i}`, next))
      const expected = pairwiseFit(members)
      expect(fitTogether(members), `round ${round}`).toBe(expected)
      verdicts[expected ? 'fit' : 'apart'] += 1
    }
    // Both verdicts occur, so the comparison tested something.
    expect(verdicts.fit).toBeGreaterThan(20)
    expect(verdicts.apart).toBeGreaterThan(20)
  })

  it('a server listed twice is not one of its own others', () => {
    const next = random(5)
    for (let round = 0; round < 100; round++) {
      const [a, b] = [server('A', next), server('B', next)]
      expect(fitTogether([a, b, a])).toBe(pairwiseFit([a, b, a]))
    }
  })
})

describe('linkEvidence: each rule alone, and what parts two servers', () => {
  const base: ProductEvidence = {
    server: 'a',
    productId: CLIENT,
    held: [],
    knownEnds: [],
    shared: true,
    alone: false,
    newest: null,
    poolSize: 10,
    allowed: null,
    licenseNumber: null,
  }
  const pair = (a: Partial<ProductEvidence>, b: Partial<ProductEvidence>) => linkEvidence({ ...base, ...a }, { ...base, server: 'b', ...b })
  it.each([
    { case: 'both shared, one pool size', a: {}, b: {}, kinds: ['globalCount'] },
    { case: 'only the first shared', a: {}, b: { shared: false }, kinds: [] },
    { case: 'only the second shared', a: { shared: false }, b: {}, kinds: [] },
    { case: 'no pool size on either', a: { poolSize: null }, b: { poolSize: null }, kinds: [] },
    { case: 'pool sizes differ', a: {}, b: { poolSize: 11 }, kinds: [] },
    {
      case: 'one license number, not shared',
      a: { shared: false, licenseNumber: 'L1' },
      b: { shared: false, licenseNumber: 'L1' },
      kinds: ['licenseNumber'],
    },
    { case: 'both rules', a: { licenseNumber: 'L1' }, b: { licenseNumber: 'L1' }, kinds: ['globalCount', 'licenseNumber'] },
    {
      case: 'a license number on one side only parts nothing and links nothing',
      a: { licenseNumber: 'L1' },
      b: {},
      kinds: ['globalCount'],
    },
    { case: 'the other side only', a: {}, b: { licenseNumber: 'L1' }, kinds: ['globalCount'] },
    { case: 'two license numbers part them (E4)', a: { licenseNumber: 'L1' }, b: { licenseNumber: 'L2' }, kinds: [] },
    { case: 'two allowedCounts part them', a: { allowed: 10 }, b: { allowed: 20 }, kinds: [] },
    { case: 'one allowedCount alone parts nothing', a: { allowed: 10 }, b: {}, kinds: ['globalCount'] },
    { case: 'the other allowedCount alone', a: {}, b: { allowed: 10 }, kinds: ['globalCount'] },
    { case: 'equal allowedCounts', a: { allowed: 10 }, b: { allowed: 10 }, kinds: ['globalCount'] },
  ])('$case', ({ a, b, kinds }) => {
    expect(pair(a, b)).toEqual(kinds)
  })
})
