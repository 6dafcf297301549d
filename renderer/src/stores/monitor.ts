// The link to the monitor backend: the only store that calls the API. It
// loads the live snapshot, applies the numbered patches pushed after it, and
// hands each to the licenses, servers and alerts stores; a patch that does not
// follow the one held (a gap) makes it load the live snapshot again. It also
// fetches the license lists of the rows shown expanded (pushes leave lists
// out): whole at first, then the changes since the version held. A failure
// keeps the last data on screen.

import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { SnapshotPatch } from '../../../main/core/types/index.ts'
import type { ConnectionState, RendererApi } from '../api/connection.ts'
import { safeCall } from '../api/safe-call.ts'
import { isLicenseListChanges, isLicenseListView, isSnapshot, isSnapshotPatch } from '../api/snapshot-shape.ts'
import { useApi } from '../api/use-api.ts'
import { useAlertsStore } from './alerts.ts'
import { createRowSearch, type RowSearch } from './row-search.ts'
import { useLicensesStore } from './licenses.ts'
import { useServersStore } from './servers.ts'
import { useUiStore } from './ui.ts'

export interface MonitorStartOptions {
  /** Wait after a keystroke or a push before asking which rows the filter matches; default 150 ms. */
  rowSearchDelayMs?: number
  /** Clock for relative times ("3 min ago"); default Date.now. */
  clock?: () => number
  /** How often relative times are refreshed; default 30 s. */
  tickMs?: number
}

/** Relative times ("3 min ago") read in minutes: refreshing twice a minute is enough. */
const TICK_MS = 30_000
/** Patches held while the live snapshot is being loaded again; more than this and the newest win. */
const MAX_HELD_PATCHES = 100

export const useMonitorStore = defineStore('monitor', () => {
  const licenses = useLicensesStore()
  const servers = useServersStore()
  const alerts = useAlertsStore()
  const ui = useUiStore()

  const demo = ref(false)
  const generatedAt = ref<string | null>(null)
  const now = ref(Date.now())
  const loading = ref(false)
  /** Why the last getSnapshot failed; cleared by the next snapshot that arrives by any route. */
  const fetchError = ref<string | null>(null)
  /** Health of the live stream; null when the transport does not report it (Electron IPC). */
  const link = shallowRef<ConnectionState | null>(null)

  const hasData = computed(() => generatedAt.value !== null)
  /** The reason shown as "Cannot reach the monitor: <reason>"; null when all is well. */
  const error = computed(() => (link.value?.status === 'reconnecting' ? link.value.reason : null) ?? fetchError.value)

  let api: RendererApi | null = null
  let clock: () => number = Date.now
  let unsubscribers: (() => void)[] = []
  let ticker: ReturnType<typeof setInterval> | null = null
  /** Number of the push the stores hold (a live snapshot's `seq`); null before the first, or after a whole snapshot. */
  let seq: number | null = null
  /** Patches that came before the live snapshot they apply on. */
  let held: SnapshotPatch[] = []
  let refreshing: Promise<void> | null = null
  /** Asks which collapsed rows the filter matches by their lists (the page holds none of those lists). */
  let rowSearch: RowSearch | null = null
  /** Rows whose license list is being fetched. */
  const listsInFlight = new Set<string>()

  /**
   * Applies a snapshot unless it is malformed or older than the one shown (a slow load racing a push): by
   * number for live snapshots, by time otherwise.
   */
  function applySnapshot(value: unknown): boolean {
    if (!isSnapshot(value)) {
      console.warn('Ignored a snapshot that is malformed.')
      return false
    }
    const number = 'seq' in value && typeof value.seq === 'number' ? value.seq : null
    if (number !== null && seq !== null) {
      if (number < seq) return false
    } else if (generatedAt.value !== null && Date.parse(value.generatedAt) < Date.parse(generatedAt.value)) return false
    licenses.applyMachines(value.machines)
    servers.applyServers(value.servers)
    alerts.applyAlerts(value.alerts)
    seq = number
    showAsOf(value.generatedAt, value.demo)
    replayHeld()
    syncLists()
    rowSearch?.pushed()
    return true
  }

  function showAsOf(at: string, isDemo: boolean): void {
    demo.value = isDemo
    generatedAt.value = at
    fetchError.value = null
    now.value = clock()
  }

  /** Applies a pushed patch on the snapshot it follows; any other is held and the live snapshot loaded again. */
  function applyPatch(value: unknown): boolean {
    if (!isSnapshotPatch(value)) {
      console.warn('Ignored a snapshot patch that is malformed.')
      return false
    }
    if (seq !== null && value.seq <= seq) return false
    if (seq === null || value.base !== seq) {
      held = [...held, value].slice(-MAX_HELD_PATCHES)
      if (refreshing === null) void refresh()
      return false
    }
    licenses.applyPatch(value)
    servers.applyPatch(value)
    if (value.alerts !== undefined) alerts.applyAlerts(value.alerts ?? undefined)
    seq = value.seq
    showAsOf(value.generatedAt, value.demo)
    syncLists()
    rowSearch?.pushed()
    return true
  }

  /** The held patches that follow the snapshot just applied, in order; the others are dropped. */
  function replayHeld(): void {
    const waiting = held.sort((a, b) => a.seq - b.seq)
    held = []
    for (const patch of waiting) if (seq !== null && patch.base === seq) applyPatch(patch)
  }

  /**
   * Fetches the lists of expanded (and the previewed) rows that lack one or hold an older one, with the version
   * held so the monitor can answer the changes only; lets go of the others.
   */
  function syncLists(): void {
    const current = api
    if (!current) return
    licenses.keepLists(ui.listedRows)
    for (const wanted of licenses.listsWanted(ui.listedRows)) {
      if (listsInFlight.has(wanted.key)) continue
      listsInFlight.add(wanted.key)
      const { machine, productId, since } = wanted
      // No third argument rather than an undefined one: the served mode's JSON would make it null.
      const ask =
        since === undefined ? () => current.getLicenseList(machine, productId) : () => current.getLicenseList(machine, productId, since)
      void safeCall(ask).then((result) => {
        listsInFlight.delete(wanted.key)
        if (current !== api) return
        if (result.ok && isLicenseListView(result.data)) {
          licenses.setList(wanted.key, result.data.listVersion, result.data.licenses)
        } else if (result.ok && since !== undefined && isLicenseListChanges(result.data)) {
          const refused = licenses.patchList(wanted.key, result.data)
          if (refused !== null)
            console.warn(
              `The changes to the license list of product ${String(productId)} on ${machine} were refused (${refused}): fetching it whole.`,
            )
        } else if (result.ok && since !== undefined) {
          licenses.dropList(wanted.key)
          console.warn(
            `The changes to the license list of product ${String(productId)} on ${machine} were refused (malformed answer): fetching it whole.`,
          )
        } else {
          console.warn(`The license list of ${wanted.key} could not be loaded: ${result.ok ? 'malformed answer' : result.error}`)
          return
        }
        // A newer version may have been pushed while this one was on its way, or the copy was dropped.
        syncLists()
      })
    }
  }

  function refresh(): Promise<void> {
    refreshing ??= load().finally(() => {
      refreshing = null
    })
    return refreshing
  }

  async function load(): Promise<void> {
    const current = api
    if (!current) return
    loading.value = true
    const result = await safeCall(() => current.getLiveSnapshot())
    loading.value = false
    if (current !== api) return
    if (result.ok) applySnapshot(result.data)
    else fetchError.value = result.error
  }

  function onConnection(state: ConnectionState): void {
    const wasDown = link.value?.status === 'reconnecting'
    link.value = state
    // Pushes may have been missed while the stream was down: fetch the full snapshot again.
    if (wasDown && state.status === 'open') void refresh()
  }

  function stop(): void {
    for (const unsubscribe of unsubscribers) unsubscribe()
    unsubscribers = []
    if (ticker !== null) clearInterval(ticker)
    ticker = null
    rowSearch?.stop()
    rowSearch = null
    api = null
    link.value = null
    seq = null
    held = []
    listsInFlight.clear()
  }

  /** Subscribes first, then loads: a push that lands during the load is not lost. */
  async function start(next: RendererApi = useApi(), options: MonitorStartOptions = {}): Promise<void> {
    stop()
    api = next
    clock = options.clock ?? Date.now
    now.value = clock()
    unsubscribers.push(next.onSnapshot((snapshot) => applySnapshot(snapshot)))
    unsubscribers.push(next.onSnapshotPatch((patch) => applyPatch(patch)))
    unsubscribers.push(watch(() => ui.listedRows, syncLists))
    const search = createRowSearch({
      ask: (text) => safeCall(() => next.findMatchingRows(text)),
      found: (terms, keys) => {
        licenses.setFound(terms, keys)
      },
      delayMs: options.rowSearchDelayMs,
    })
    rowSearch = search
    unsubscribers.push(
      watch(
        () => ui.filterText,
        (text) => search.filterChanged(text),
        { immediate: true },
      ),
    )
    if (next.onConnection) unsubscribers.push(next.onConnection(onConnection))
    ticker = setInterval(() => {
      now.value = clock()
    }, options.tickMs ?? TICK_MS)
    await refresh()
  }

  return { demo, generatedAt, now, loading, hasData, error, link, start, stop, refresh, applySnapshot, applyPatch }
})
