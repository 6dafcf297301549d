// Servers of one machine share one license pool, so the machine's "used" is a
// sum over several answers. A sum of answers taken at different moments counts
// a license that moved between servers twice, or not at all (issue 16). This
// module judges whether the readings behind a machine's rows form one
// consistent round, and corrects or marks the rows so the table never shows a
// count that no instant had. Pure, like aggregate.ts, which calls it last.
//
// Choices, and why:
// - When every server stamps its answer (`time` in the contract object, the
//   servers' shared clock), the spread of those stamps is how far apart the
//   readings are, however long the answers took to travel (a 4D worker may
//   also serve a copy taken before the request). Otherwise a reading is the
//   window between the poll's request and its answer (the monitor's clock),
//   and the spread is last answer minus first request, a bound on the distance.
// - Consistent = every server of the machine answered, is up, and the spread
//   is within the bound (1 s, or half the shortest interval when that is
//   less). Only a consistent round may raise critical or exhausted alerts.
// - Within one round (every server up and read in the latest tick, even if
//   too far apart to be called consistent), used is taken as of the earliest reading:
//   records that another server retained after that moment (by the records'
//   own times, on the servers' clock: one machine, one clock) were not held
//   then, so they wait for the next round. Releases in between leave no
//   trace, so the result can only be lower than that instant's true count,
//   never higher (for stamped servers; a server without a stamp is placed by
//   estimate). Without any server-side stamp no correction is made.
// - The newest counted record's globalProductUsedCount is what the machine
//   held at its retain; later retains would be newer records, so the true
//   count at any later reading is at most that: a count above it means the
//   readings disagree (flagged, and the row is not consistent).
// - A count above the limit is a skew (the pool cannot overflow): status
//   unknown, remaining and utilisation null, a sentence instead of "exhausted".

import { timeMs } from '../util/iso-time.ts'
import { usageStatus } from './status.ts'
import { behindReason, globalDisagrees, notOneReading, skew as skewFlag, uncountedLate, withFlags } from './row-text.ts'
import type { LicenseRecord, LocalText, MachineRound, MachineUsage, ProductUsage, ServerState } from '../types/index.ts'

export const DEFAULT_ROUND_BOUND_MS = 1_000

interface Reading {
  state: ServerState
  /** Monitor clock: the request of the poll that produced the payload, and its answer. */
  startMs: number
  endMs: number
  /** The server's own stamp of its answer (payload `time`), server clock; null when absent. */
  stampMs: number | null
}

/** Records another server retained after the earliest reading of a consistent round, by server name. */
interface Cutoff {
  referenceServer: string
  referenceMs: number
  late: Map<string, LicenseRecord[]>
}

/** The bound for one machine: 1 s, or half its shortest poll interval when that is less. */
export function roundBoundMs(states: readonly ServerState[]): number {
  const intervals = states.map((state) => state.intervalMs ?? Number.POSITIVE_INFINITY).filter((ms) => ms > 0)
  return Math.min(DEFAULT_ROUND_BOUND_MS, Math.min(...intervals) / 2)
}

function parsed(iso: string | null | undefined): number | null {
  if (iso == null) return null
  const ms = timeMs(iso)
  return Number.isNaN(ms) ? null : ms
}

function readingOf(state: ServerState): Reading | null {
  const endMs = parsed(state.lastSuccessAt)
  if (!state.payload || endMs === null) return null
  // latencyMs is the last poll's; it is the payload's poll only while the server is up.
  const latency = state.status === 'up' && state.latencyMs !== null ? state.latencyMs : 0
  return { state, startMs: endMs - latency, endMs, stampMs: parsed(state.payload.time) }
}

/** How the servers of one machine were read: consistent or not, how far apart, and who is behind. */
export function machineRound(states: readonly ServerState[], boundMs = roundBoundMs(states)): MachineRound {
  const readings = states.flatMap((state) => readingOf(state) ?? [])
  const behind: MachineRound['behind'] = []
  const latestStart = Math.max(...readings.map((reading) => reading.startMs))
  for (const state of states) {
    const reading = readings.find((r) => r.state === state)
    const add = (reason: LocalText, ageMs: number | null) =>
      behind.push({ server: state.name, reason: reason.text, reasonMessage: reason.message, ageMs })
    if (!reading) {
      add(behindReason.noAnswer(state.lastError, state.lastErrorMessage), null)
      continue
    }
    const ageMs = Math.max(0, latestStart - reading.endMs)
    if (state.status !== 'up')
      add(state.status === 'down' ? behindReason.down(state.lastError, state.lastErrorMessage) : behindReason.stale(), ageMs)
    else if (ageMs > boundMs) add(behindReason.notInRound(), ageMs)
    else if (!allStamped(readings, states) && reading.endMs - reading.startMs > boundMs) {
      add(behindReason.slow(reading.endMs - reading.startMs), ageMs)
    }
  }
  const spreadMs = readings.length < states.length ? null : spreadOf(readings, allStamped(readings, states))
  const consistent = spreadMs !== null && spreadMs <= boundMs && behind.length === 0
  return { consistent, spreadMs, boundMs, behind }
}

function allStamped(readings: Reading[], states: readonly ServerState[]): boolean {
  return readings.length === states.length && readings.every((r) => r.stampMs !== null)
}

function spreadOf(readings: Reading[], stampedOnly: boolean): number {
  const stamps = readings.flatMap((r) => (r.stampMs === null ? [] : [r.stampMs]))
  const stamped = stamps.length >= 2 ? Math.max(...stamps) - Math.min(...stamps) : 0
  if (stampedOnly) return stamped
  const monitor = Math.max(...readings.map((r) => r.endMs)) - Math.min(...readings.map((r) => r.startMs))
  return Math.max(monitor, stamped)
}

/** Every server up and read in the latest tick: one round, even when too far apart to be consistent. */
function oneRound(round: MachineRound, states: readonly ServerState[]): boolean {
  return (
    states.every((state) => state.payload !== null && state.status === 'up') &&
    round.behind.every((b) => b.ageMs !== null && b.ageMs <= round.boundMs)
  )
}

/**
 * Places every reading on the servers' clock (its stamp, else the middle of
 * its poll shifted by the clock offset seen on the quickest stamped sibling:
 * an estimate, within half the two polls' durations), and collects the
 * records retained after the earliest one on the other servers. Null when no
 * server stamps.
 */
function cutoffOf(states: readonly ServerState[]): Cutoff | null {
  const readings = states.flatMap((state) => readingOf(state) ?? [])
  const stamped = readings.filter((r) => r.stampMs !== null).sort((a, b) => a.endMs - a.startMs - (b.endMs - b.startMs))[0]
  if (!stamped || stamped.stampMs === null) return null
  const middle = (r: Reading) => (r.startMs + r.endMs) / 2
  const offset = stamped.stampMs - middle(stamped)
  const placed = readings.map((r) => ({ reading: r, atMs: r.stampMs ?? middle(r) + offset }))
  const reference = placed.reduce((a, b) => (b.atMs < a.atMs ? b : a))
  const late = new Map<string, LicenseRecord[]>()
  for (const { reading, atMs } of placed) {
    if (reading === reference.reading || atMs <= reference.atMs) continue
    const after = (reading.state.payload?.records ?? []).filter((record) => latestInstantOf(record.time) > reference.atMs)
    if (after.length > 0) late.set(reading.state.name, uniqueByToken(after))
  }
  return { referenceServer: reference.reading.state.name, referenceMs: reference.atMs, late }
}

/**
 * The latest instant a retain time can stand for. 4D writes record times
 * without milliseconds: "09:15:02" covers 09:15:02.000 to .999, so a record is
 * judged by the end of its second, and a license retained in the same second
 * as the reference reading waits for the next round (one too low for one
 * round, never one too high).
 */
export function latestInstantOf(iso: string | null | undefined): number {
  if (iso == null) return Number.NEGATIVE_INFINITY
  let latest = latestRemembered.get(iso)
  if (latest === undefined) {
    latest = readLatestInstant(iso)
    if (latestRemembered.size >= MAX_LATEST_REMEMBERED) latestRemembered.clear()
    latestRemembered.set(iso, latest)
  }
  return latest
}

// By text, like retain times (util/iso-time.ts): each poll brings back the same times, and the pool evidence
// and the round cut-off read every record's (a regular expression per record and rebuild, bench:monitor).
const MAX_LATEST_REMEMBERED = 100_000
const latestRemembered = new Map<string, number>()

function readLatestInstant(iso: string): number {
  const ms = parsed(iso)
  if (ms === null) return Number.NEGATIVE_INFINITY
  const clock = /T\d{2}:\d{2}(?::\d{2}(\.\d+)?)?/.exec(iso)
  if (!clock) return ms
  if (!clock[0].includes(':', 4)) return ms + 59_999
  return clock[1] === undefined ? ms + 999 : ms
}

function uniqueByToken(records: LicenseRecord[]): LicenseRecord[] {
  return [...new Map(records.map((record) => [record.token, record])).values()]
}

/** The machine's rows as one consistent round allows: corrected, or marked with what is old. Called by aggregate(). */
export function applyRound(usage: MachineUsage, states: readonly ServerState[], boundMs = roundBoundMs(states)): MachineUsage {
  const round = states.length >= 2 ? machineRound(states, boundMs) : null
  const cutoff = round && oneRound(round, states) ? cutoffOf(states) : null
  const products = usage.products.map((row) => adjustRow(row, states, round, cutoff))
  return round ? { ...usage, products, round } : { ...usage, products }
}

function adjustRow(row: ProductUsage, states: readonly ServerState[], round: MachineRound | null, cutoff: Cutoff | null): ProductUsage {
  const flags: LocalText[] = []
  let consistent = round === null || round.consistent
  const late = new Map<string, number>()
  for (const [server, records] of cutoff?.late ?? []) {
    const count = records.filter((record) => record.productId === row.productId).length
    if (count > 0) late.set(server, count)
  }
  const uncounted = [...late.values()].reduce((sum, n) => sum + n, 0)
  const used = row.used - uncounted
  if (cutoff && uncounted > 0) {
    const who = [...late.keys()].join(', ')
    flags.push(uncountedLate(uncounted, who, cutoff.referenceServer, new Date(cutoff.referenceMs).toISOString()))
  }
  const global = newestGlobalCount(states, row.productId, cutoff)
  if (global && used > global.count) {
    consistent = false
    flags.push(globalDisagrees(used, global.server, global.count, global.time))
  }
  if (round && !round.consistent) flags.push(notOneReading(round, row))
  const limit = row.limit
  const skew = limit !== null && used > limit
  if (skew) flags.push(skewFlag(used, limit, round !== null))
  return {
    ...row,
    used,
    shares: row.shares.map((share) => ({ ...share, used: share.used - (late.get(share.server) ?? 0) })),
    remaining: limit === null || skew ? null : limit - used,
    utilization: limit === null || skew || limit === 0 ? null : used / limit,
    status: skew ? 'unknown' : usageStatus(used, limit, row.unlimited),
    ...withFlags(row, flags),
    ...(consistent && !skew ? {} : { consistent: false as const }),
    ...(skew ? { skew: true as const } : {}),
    ...(uncounted > 0 ? { uncounted } : {}),
  }
}

function newestGlobalCount(
  states: readonly ServerState[],
  productId: number,
  cutoff: Cutoff | null,
): { server: string; count: number; time: string } | null {
  let best: { server: string; count: number; time: string; ms: number; token: number } | null = null
  for (const state of states) {
    const late = new Set((cutoff?.late.get(state.name) ?? []).map((record) => record.token))
    for (const record of state.payload?.records ?? []) {
      if (record.productId !== productId || record.globalProductUsedCount === null || late.has(record.token)) continue
      const ms = parsed(record.time)
      if (ms === null || record.time === null) continue
      if (!best || ms > best.ms || (ms === best.ms && record.globalProductUsedCount > best.count)) {
        best = { server: state.name, count: record.globalProductUsedCount, time: record.time, ms, token: record.token }
      }
    }
  }
  return best
}
