// ServerConfig entries that point the monitor at simulated servers, mixing
// the endpoint shapes so every source kind is exercised by a demo.

import type { EndpointKind, ServerConfig } from '../core/types/index.ts'
import type { SimServerInfo } from './api.ts'

/** Server 1 reads the contract object, server 2 calls the REST function, server 3 the bare array; then again. */
export function endpointFor(info: SimServerInfo, index: number): { url: string; kind: EndpointKind } {
  switch (index % 3) {
    case 0:
      return { url: info.jsonUrl, kind: 'http-json' }
    case 1:
      return { url: info.restUrl, kind: 'rest-function' }
    default:
      return { url: info.arrayUrl, kind: 'http-json' }
  }
}

export function serverConfigsFor(infos: readonly SimServerInfo[], token?: string): ServerConfig[] {
  return infos.map((info, index) => ({
    id: info.id,
    name: info.name,
    ...endpointFor(info, index),
    machine: info.machine,
    ...(token === undefined ? {} : { token }),
  }))
}

/** The servers.json shape an admin writes: {"servers":[{name, url, kind, machine?, token?}]}. */
export function serversJsonFor(infos: readonly SimServerInfo[], token?: string): { servers: Omit<ServerConfig, 'id'>[] } {
  return { servers: serverConfigsFor(infos, token).map(({ id: _id, ...rest }) => rest) }
}
