// The configured 4D Servers as the last snapshot described them (server strip).

import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import type { ServerSummary, SnapshotPatch } from '../../../main/core/types/index.ts'
import { isServerSummary } from '../api/snapshot-shape.ts'
import { patchServers } from '../model/snapshot-patch.ts'

export const useServersStore = defineStore('servers', () => {
  const byId = shallowRef<Record<string, ServerSummary>>({})
  /** Snapshot order: the order the admin configured them in. */
  const order = shallowRef<string[]>([])

  const list = computed(() => order.value.flatMap((id) => byId.value[id] ?? []))
  const downCount = computed(() => list.value.filter((server) => server.status === 'down').length)

  function applyServers(next: readonly unknown[]): void {
    const keyed: Record<string, ServerSummary> = {}
    const ids: string[] = []
    for (const server of next) {
      if (!isServerSummary(server)) {
        console.warn('Ignored a server entry of the snapshot that is malformed.')
        continue
      }
      if (!(server.id in keyed)) ids.push(server.id)
      keyed[server.id] = server
    }
    byId.value = keyed
    order.value = ids
  }

  /** A push of changes: the entries it names are replaced or removed, the others kept as they are. */
  function applyPatch(patch: SnapshotPatch): void {
    const servers = (patch.servers ?? []).filter(isServerSummary)
    const next = patchServers(list.value, { ...patch, servers })
    byId.value = Object.fromEntries(next.map((server) => [server.id, server]))
    order.value = next.map((server) => server.id)
  }

  return { byId, list, downCount, applyServers, applyPatch }
})
