// The link to the monitor backend: the only store that calls the API. It
// loads the first snapshot, follows pushed ones, and hands each to the
// licenses and servers stores. A failure keeps the last data on screen.

import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { ConnectionState, RendererApi } from '../api/connection.ts'
import { safeCall } from '../api/safe-call.ts'
import { isSnapshot } from '../api/snapshot-shape.ts'
import { useApi } from '../api/use-api.ts'
import { useAlertsStore } from './alerts.ts'
import { useLicensesStore } from './licenses.ts'
import { useServersStore } from './servers.ts'

export interface MonitorStartOptions {
  /** Clock for relative times ("3 min ago"); default Date.now. */
  clock?: () => number
  /** How often relative times are refreshed; default 30 s. */
  tickMs?: number
}

/** Relative times ("3 min ago") read in minutes: refreshing twice a minute is enough. */
const TICK_MS = 30_000

export const useMonitorStore = defineStore('monitor', () => {
  const licenses = useLicensesStore()
  const servers = useServersStore()
  const alerts = useAlertsStore()

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

  /** Applies a snapshot unless it is malformed or older than the one shown (a slow getSnapshot racing a push). */
  function applySnapshot(value: unknown): boolean {
    if (!isSnapshot(value)) {
      console.warn('Ignored a snapshot that is malformed.')
      return false
    }
    if (generatedAt.value !== null && Date.parse(value.generatedAt) < Date.parse(generatedAt.value)) return false
    licenses.applyMachines(value.machines)
    servers.applyServers(value.servers)
    alerts.applyAlerts(value.alerts)
    demo.value = value.demo
    generatedAt.value = value.generatedAt
    fetchError.value = null
    now.value = clock()
    return true
  }

  async function refresh(): Promise<void> {
    const current = api
    if (!current) return
    loading.value = true
    const result = await safeCall(() => current.getSnapshot())
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
    api = null
    link.value = null
  }

  /** Subscribes first, then loads: a push that lands during the load is not lost. */
  async function start(next: RendererApi = useApi(), options: MonitorStartOptions = {}): Promise<void> {
    stop()
    api = next
    clock = options.clock ?? Date.now
    now.value = clock()
    unsubscribers.push(next.onSnapshot((snapshot) => applySnapshot(snapshot)))
    if (next.onConnection) unsubscribers.push(next.onConnection(onConnection))
    ticker = setInterval(() => {
      now.value = clock()
    }, options.tickMs ?? TICK_MS)
    await refresh()
  }

  return { demo, generatedAt, now, loading, hasData, error, link, start, stop, refresh, applySnapshot }
})
