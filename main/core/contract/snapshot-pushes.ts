// Numbers the monitor's snapshots and turns each into a small push (issue 11
// item 2): the live snapshot a page starts from, then one patch per change.
// Every page gets the same patch object, so each transport serialises it once
// (main/serve/events.ts keeps the last frame; IPC hands one object to every
// window). License lists stay here: a row carries `listVersion`, the number
// of the push in which its list last changed, and getLicenseList answers the
// list of one row, for the rows a page shows expanded: whole, or, when the page
// says which version it holds and that version is one of the last few kept,
// only what changed since (license-list-changes.ts).

import type { LicenseHeld, LicenseListAnswer, LiveSnapshot, Snapshot, SnapshotPatch } from '../types/index.ts'
import { listChanges } from './license-list-changes.ts'
import { diffSnapshots, listKey } from './snapshot-patch.ts'

export interface SnapshotPublisher {
  /** The snapshot pushes apply on: license lists left out, numbered. */
  live(): LiveSnapshot
  /**
   * One row's license list as of the latest push: the changes since version `since` when that version is still
   * kept and the changes are smaller than the list, else the whole list; null when the machine has no such row.
   */
  licenseList(machine: string, productId: number, since?: number): LicenseListAnswer | null
  /** Every patch from now on; returns its unsubscribe. */
  onPatch(listener: (patch: SnapshotPatch) => void): () => void
}

/** The part of the monitor pushes follow (kept to types of main/core/types, so the renderer's tests can run it). */
export interface SnapshotFeed {
  getSnapshot(): Snapshot
  onSnapshot(listener: (snapshot: Snapshot) => void): () => void
}

/**
 * Versions of a row's list kept for answering changes: the current one and three before it. A page that falls
 * further behind (a row expanded long ago in a hidden tab) gets the whole list, as it would without them.
 */
export const KEPT_LIST_VERSIONS = 4

interface ListVersion {
  version: number
  licenses: readonly LicenseHeld[]
}

interface ListState extends ListVersion {
  /** The list as JSON: compared to tell whether it changed, whatever object the monitor built. */
  json: string
  /**
   * Versions before this one, newest first, at most KEPT_LIST_VERSIONS - 1; none while the list is empty (a
   * whole empty list is as small as any change). Lists are shared read-only objects: keeping one costs a
   * reference, plus the licenses of its servers that have since answered anew.
   */
  older: readonly ListVersion[]
}

const PATCH_HEAD = new Set(['seq', 'base', 'generatedAt', 'demo'])

function carriesChange(patch: SnapshotPatch): boolean {
  return Object.keys(patch).some((key) => !PATCH_HEAD.has(key))
}

/** The JSON of each list object seen: the monitor reuses the rows of machines that did not change. */
const listJson = new WeakMap<readonly LicenseHeld[], string>()

function jsonOfList(licenses: readonly LicenseHeld[]): string {
  let json = listJson.get(licenses)
  if (json === undefined) {
    json = JSON.stringify(licenses)
    listJson.set(licenses, json)
  }
  return json
}

function nextState(old: ListState | undefined, json: string, version: number, licenses: readonly LicenseHeld[]): ListState {
  const older =
    old === undefined || licenses.length === 0
      ? []
      : [{ version: old.version, licenses: old.licenses }, ...old.older].slice(0, KEPT_LIST_VERSIONS - 1)
  return { json, version, licenses, older }
}

/** The changes from `since` to the current version, or null when that version is not kept or the changes are no smaller. */
function changesSince(state: ListState | undefined, since: number, licenses: readonly LicenseHeld[]) {
  if (state === undefined) return null
  const base = since === state.version ? state : state.older.find((kept) => kept.version === since)
  if (base === undefined) return null
  const changes = listChanges(base.licenses, licenses)
  if (changes === null || changes.removed.length + changes.changed.length >= Math.max(1, licenses.length)) return null
  return changes
}

/**
 * Numbers start at the publisher's start time in ms: a page still holding a number from before a restart
 * of the monitor holds a lower one, so the restarted monitor's snapshots are never taken for old ones.
 */
export function createSnapshotPublisher(monitor: SnapshotFeed, firstSeq = Date.now()): SnapshotPublisher {
  const listeners = new Set<(patch: SnapshotPatch) => void>()
  let seq = firstSeq - 1
  let full: Snapshot | null = null
  let live: LiveSnapshot | null = null
  let lists = new Map<string, ListState>()
  /** Set while some page listens: the monitor's subscription. */
  let stopTracking: (() => void) | null = null

  /** The snapshot without its lists; each row says which version of its list it stands for. */
  function withoutLists(snapshot: Snapshot, at: number): LiveSnapshot {
    const nextLists = new Map<string, ListState>()
    const machines = snapshot.machines.map((machine) => ({
      ...machine,
      products: machine.products.map((row) => {
        const key = listKey(machine.machine, row.productId)
        const json = jsonOfList(row.licenses)
        const old = lists.get(key)
        const state = old !== undefined && old.json === json ? old : nextState(old, json, at, row.licenses)
        nextLists.set(key, state)
        return { ...row, licenses: [], listVersion: state.version }
      }),
    }))
    lists = nextLists
    return { ...snapshot, machines, seq: at }
  }

  /** Numbers `next` and sends what changed. `quiet`: a snapshot the publisher fetched itself, not a change the monitor sent. */
  function advance(next: Snapshot, quiet = false): void {
    const previous = live
    const savedLists = lists
    const candidate = withoutLists(next, seq + 1)
    const patch = previous === null ? null : diffSnapshots(previous, candidate, seq + 1)
    // Taken afresh with nothing new in it (only the time it was built): the pages' numbers stay valid.
    if (quiet && patch !== null && !carriesChange(patch)) {
      lists = savedLists
      return
    }
    seq += 1
    full = next
    live = candidate
    if (patch === null) return
    for (const listener of [...listeners]) {
      try {
        listener(patch)
      } catch {
        // One broken page (a closed window, a dropped stream) must not starve the others.
      }
    }
  }

  /** The latest live snapshot: followed while a page listens, taken afresh otherwise (nobody listening costs nothing). */
  function current(): LiveSnapshot {
    if (stopTracking === null || live === null) advance(monitor.getSnapshot(), true)
    return live as LiveSnapshot
  }

  return {
    live: current,
    licenseList(machine, productId, since) {
      current()
      const row = full?.machines.find((m) => m.machine === machine)?.products.find((p) => p.productId === productId)
      if (row === undefined) return null
      const state = lists.get(listKey(machine, productId))
      const listVersion = state?.version ?? seq
      const changes = since === undefined ? null : changesSince(state, since, row.licenses)
      if (changes !== null && since !== undefined) {
        return { machine, productId, since, listVersion, count: row.licenses.length, ...changes }
      }
      return { machine, productId, listVersion, licenses: row.licenses }
    },
    onPatch(listener) {
      listeners.add(listener)
      if (stopTracking === null) {
        stopTracking = monitor.onSnapshot(advance)
        // What changed since a live snapshot taken before anyone listened goes out as the first patch.
        try {
          advance(monitor.getSnapshot(), true)
        } catch {
          // A monitor not ready yet: the first snapshot it sends, or the first live() call, starts the numbering.
        }
      }
      return () => {
        listeners.delete(listener)
        if (listeners.size > 0 || stopTracking === null) return
        stopTracking()
        stopTracking = null
      }
    },
  }
}
