// Acting on the pool evidence (pool-evidence.ts) across the machines the
// table lists (issue 18). A row whose pool reaches beyond its machine's
// servers (servers listed as other machines, or servers not polled at all) is
// rated by what the newest record proves, so an alert fires on the pool's
// real state before the admin fixes the configuration:
// - the newest record with a global count and a balance (latest time, then
//   highest token) among the pool's listed servers says the pool held
//   `global` licenses when it was retained, `own` of them on its server;
// - every license the pool's listed servers hold now was retained at or
//   before it (it is the newest), so held elsewhere then, on servers not
//   listed, is at most global - own - (what the other listed servers hold
//   now); that "unlisted" count is added to what the listed servers hold;
// - the result never exceeds `global` (the proof), however far apart the
//   servers were read: a client moving between servers is not counted twice.
// The row keeps its own licenses and shares; `used`, `remaining`,
// `utilization` and `status` become the pool's, and `pool` says why.

import { usageStatus } from './status.ts'
import { poolSkew, withFlags } from './row-text.ts'
import { poolSentenceLocal } from './pool-text.ts'
import { evidenceOf, groupFits, linkEvidence, pairFits, type ProductEvidence, type RecordPoint } from './pool-evidence.ts'
import type { MachineUsage, PoolEvidenceKind, ProductUsage, ServerState, SharedPool } from '../types/index.ts'

interface Member {
  machine: string
  evidence: ProductEvidence
}

/** Machines linked into one pool for one product, and why. */
interface PoolGroup {
  machines: Set<string>
  kinds: Set<PoolEvidenceKind>
}

/** Rows rated by their shared pools; the same array when no pool reaches beyond its machine. */
export function applySharedPools(machines: readonly MachineUsage[], states: readonly ServerState[]): MachineUsage[] {
  const pools = new Map<string, SharedPool>()
  const rowOf = new Map<string, ProductUsage>()
  for (const machine of machines) for (const row of machine.products) rowOf.set(key(machine.machine, row.productId), row)
  const productIds = new Set(machines.flatMap((machine) => machine.products.map((row) => row.productId)))
  for (const productId of productIds) {
    const members = states.flatMap((state) => {
      const evidence = evidenceOf(state, productId)
      return evidence ? [{ machine: state.machine, evidence }] : []
    })
    // Nothing to act on without a record that proves sharing or a license number to compare.
    if (!members.some(({ evidence }) => evidence.shared || evidence.licenseNumber !== null)) continue
    const groups = rememberedGroups(productId, members)
    const byMachine = new Map<string, Member[]>()
    for (const member of members) {
      const list = byMachine.get(member.machine)
      if (list) list.push(member)
      else byMachine.set(member.machine, [member])
    }
    for (const machine of machines) {
      const row = rowOf.get(key(machine.machine, productId))
      if (!row) continue
      const group = groups.get(machine.machine) ?? { machines: new Set([machine.machine]), kinds: new Set<PoolEvidenceKind>() }
      // A machine alone (the usual case) takes its servers from the index: filtering every server per machine was
      // machines x servers per rebuild. A group keeps the states' order, as the pool's sentence lists them.
      const inGroup =
        group.machines.size === 1 ? (byMachine.get(machine.machine) ?? []) : members.filter((member) => group.machines.has(member.machine))
      const pool = sharedPool(row, machine.machine, group, inGroup)
      if (pool) pools.set(key(machine.machine, productId), pool)
    }
  }
  if (pools.size === 0) return machines as MachineUsage[]
  return machines.map((machine) => {
    if (!machine.products.some((row) => pools.has(key(machine.machine, row.productId)))) return machine
    const products = machine.products.map((row) => {
      const pool = pools.get(key(machine.machine, row.productId))
      return pool ? rated(row, pool, linkedRows(pool, row.productId, rowOf)) : row
    })
    return { ...machine, products }
  })
}

function key(machine: string, productId: number): string {
  return `${String(productId)}\u0000${machine}`
}

/** Per product: the members the groups were last made of, and the groups. */
const lastGroups = new Map<number, { members: readonly Member[]; groups: Map<string, PoolGroup> }>()

/**
 * poolGroups, remembered while every member is the same server on the same machine with the same evidence
 * object (evidence is kept per records array while a server repeats its answer: pool-evidence.ts). A fleet
 * of many machines, each with proof that its own servers share (E4), otherwise re-tried every pair of
 * servers on every rebuild: servers² link checks (bench:monitor at 200 servers).
 */
function rememberedGroups(productId: number, members: readonly Member[]): Map<string, PoolGroup> {
  const known = lastGroups.get(productId)
  if (
    known !== undefined &&
    known.members.length === members.length &&
    known.members.every((member, i) => member.machine === members[i]?.machine && member.evidence === members[i].evidence)
  ) {
    return known.groups
  }
  const groups = poolGroups(members)
  lastGroups.set(productId, { members, groups })
  return groups
}

/**
 * Machines whose servers share a pool, by machine. A link needs E4 or E1 on
 * both sides (pool-evidence.ts); a group that links more than two servers
 * must also fit as a whole (E3), else the evidence is contradictory and no
 * machine is grouped.
 */
function poolGroups(members: readonly Member[]): Map<string, PoolGroup> {
  const parent = new Map<string, string>()
  const find = (machine: string): string => {
    let root = machine
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root) as string
    return root
  }
  const kinds = new Map<string, Set<PoolEvidenceKind>>()
  const candidates = members.filter(({ evidence }) => evidence.shared || evidence.licenseNumber !== null)
  for (const [i, a] of candidates.entries()) {
    for (const b of candidates.slice(i + 1)) {
      if (a.machine === b.machine) continue
      const found = linkEvidence(a.evidence, b.evidence)
      if (found.length === 0) continue
      const [ra, rb] = [find(a.machine), find(b.machine)]
      // Already in one group for these reasons: E3 on this pair could add nothing. Skipping it keeps a
      // fleet that reads as one pool at one E3 check per server instead of one per pair (servers²).
      if (ra === rb && found.every((kind) => kinds.get(ra)?.has(kind))) continue
      if (!pairFits(a.evidence, b.evidence)) continue
      const merged = new Set([...(kinds.get(ra) ?? []), ...(kinds.get(rb) ?? []), ...found])
      if (ra !== rb) parent.set(rb, ra)
      kinds.set(ra, merged)
    }
  }
  const byRoot = new Map<string, PoolGroup>()
  for (const machine of parent.keys()) {
    const root = find(machine)
    const group = byRoot.get(root) ?? { machines: new Set([root]), kinds: kinds.get(root) ?? new Set() }
    group.machines.add(machine)
    byRoot.set(root, group)
  }
  const groups = new Map<string, PoolGroup>()
  for (const group of byRoot.values()) {
    const inGroup = members.filter((member) => group.machines.has(member.machine)).map((member) => member.evidence)
    if (group.machines.size > 2 && !groupFits(inGroup)) continue
    for (const machine of group.machines) groups.set(machine, group)
  }
  return groups
}

/** The newest of the members' newest records, with its server. */
function newestProof(members: readonly Member[]): { member: Member; point: RecordPoint } | null {
  let best: { member: Member; point: RecordPoint } | null = null
  for (const member of members) {
    const point = member.evidence.newest
    if (!point) continue
    if (
      !best ||
      point.earliestMs > best.point.earliestMs ||
      (point.earliestMs === best.point.earliestMs && point.token > best.point.token)
    ) {
      best = { member, point }
    }
  }
  return best
}

/** `members`: the servers of the group's machines, in the order the states list them. */
function sharedPool(row: ProductUsage, machine: string, group: PoolGroup, members: readonly Member[]): SharedPool | null {
  const elsewhere = members
    .filter((member) => member.machine !== machine)
    .map(({ machine: other, evidence }) => ({ server: evidence.server, machine: other, used: evidence.held.length }))
  const proof = newestProof(members)
  // Alone in the list, global - own at the proof is exactly what other servers held then. With listed siblings
  // only a bound: what they hold now may be less than at the proof (releases leave no trace). A machine listed
  // with all its servers and no sibling elsewhere keeps its rows as they are (consistency.ts judges them).
  let unlisted = 0
  const alone = members.length === 1
  if (proof && proof.point.global !== null && (alone || elsewhere.length > 0)) {
    const others = members.filter((member) => member !== proof.member).reduce((sum, member) => sum + member.evidence.held.length, 0)
    const own = proof.point.own ?? proof.member.evidence.held.length
    unlisted = Math.max(0, proof.point.global - own - others)
  }
  if (elsewhere.length === 0 && unlisted === 0) return null
  const heldHere = row.used
  const pool: Omit<SharedPool, 'sentence' | 'sentenceMessage'> = {
    heldHere,
    elsewhere,
    unlisted,
    ...(unlisted > 0 && !alone ? { unlistedAtMost: true as const } : {}),
    evidence: [...group.kinds].sort(),
    proof:
      proof && proof.point.global !== null && proof.point.balance !== null
        ? {
            server: proof.member.evidence.server,
            token: proof.point.token,
            time: proof.point.time,
            global: proof.point.global,
            balance: proof.point.balance,
          }
        : null,
  }
  const sentence = poolSentenceLocal(pool, row.limit)
  return { ...pool, sentence: sentence.text, sentenceMessage: sentence.message }
}

/** The other machines' rows of the pool (for staleness and consistency). */
function linkedRows(pool: SharedPool, productId: number, rowOf: Map<string, ProductUsage>): ProductUsage[] {
  const machines = new Set(pool.elsewhere.map((entry) => entry.machine))
  return [...machines].flatMap((machine) => rowOf.get(key(machine, productId)) ?? [])
}

function rated(row: ProductUsage, pool: SharedPool, linked: ProductUsage[]): ProductUsage {
  const used = pool.heldHere + pool.elsewhere.reduce((sum, entry) => sum + entry.used, 0) + pool.unlisted
  const limit = row.limit
  const skew = limit !== null && used > limit
  const consistent = row.consistent !== false && linked.every((other) => other.consistent !== false)
  const flags = skew ? withFlags(row, [poolSkew(used, limit)]) : {}
  return {
    ...row,
    used,
    remaining: limit === null || skew ? null : limit - used,
    utilization: limit === null || skew || limit === 0 ? null : used / limit,
    status: skew ? 'unknown' : usageStatus(used, limit, row.unlimited),
    stale: row.stale || linked.some((other) => other.stale),
    ...flags,
    ...(consistent ? {} : { consistent: false as const }),
    ...(skew ? { skew: true as const } : {}),
    pool,
  }
}

/** "Shares one pool with Sales (on localhost, 5 held), by …: 9 held across the pool, 1 of 10 left (…)." (pool-text.ts) */
export function poolSentence(pool: Omit<SharedPool, 'sentence' | 'sentenceMessage'>, limit: number | null): string {
  return poolSentenceLocal(pool, limit).text
}
