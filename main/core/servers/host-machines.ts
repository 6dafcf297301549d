// The machine each server's URL host names, settled once when the server list
// is loaded or saved (issue 18): hosts are normalised (main/core/usage/machine-id.ts)
// and looked up with node:dns, and servers whose hosts resolve to one address
// get one machine id. The result rides on the configs (`hostMachine`) and is
// shown in the Servers view with its reason; the poller never looks a name up
// again, so a DNS change cannot move a server to another pool mid-run.
// A label or the payload's own machine still wins (usage/machine.ts).

import { lookup } from 'node:dns/promises'
import { addressMachineId, hostMachineId, isAddress, LOOPBACK_MACHINE } from '../usage/machine-id.ts'
import type { HostMachineView, ServerConfig } from '../types/index.ts'

/** Every address a host name resolves to (tests inject their own). */
export type HostLookup = (host: string) => Promise<string[]>

/** A lookup that takes longer than this keeps the host as typed: a save must not hang on DNS. */
export const LOOKUP_TIMEOUT_MS = 2_000

export const dnsLookup: HostLookup = async (host) => (await lookup(host, { all: true })).map((entry) => entry.address)

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no answer within ${ms / 1000} s`))
    }, ms)
  })
  return Promise.race([promise, timeout]).finally(() => {
    clearTimeout(timer)
  })
}

interface Resolved {
  config: ServerConfig
  host: string
  /** The normalised host (hostMachineId). */
  typed: string
  /** Addresses as machine ids (loopback as "localhost"); empty when not looked up or not found. */
  addresses: string[]
  problem: string | null
}

async function resolveOne(config: ServerConfig, lookupHost: HostLookup, timeoutMs: number): Promise<Resolved> {
  let host = ''
  try {
    host = new URL(config.url).hostname
  } catch {
    return { config, host: config.url, typed: config.url, addresses: [], problem: 'the URL cannot be read' }
  }
  const typed = hostMachineId(host)
  // A label decides the machine: its host need not be looked up. An address or loopback is already what a lookup would give.
  if (config.machine?.trim()) return { config, host, typed, addresses: [], problem: null }
  if (typed === LOOPBACK_MACHINE || isAddress(typed)) return { config, host, typed, addresses: [typed], problem: null }
  try {
    const found = await withTimeout(lookupHost(host.replace(/\.+$/, '')), timeoutMs)
    return { config, host, typed, addresses: [...new Set(found.map(addressMachineId))].sort(), problem: null }
  } catch (error) {
    const code = (error as { code?: unknown }).code
    const why = typeof code === 'string' ? code : error instanceof Error ? error.message : 'lookup failed'
    return { config, host, typed, addresses: [], problem: `${host} could not be looked up (${why})` }
  }
}

/** A machine id for hosts that resolve to one address: loopback, else the first host name in order, else the address. */
function groupName(members: Resolved[], address: string): string {
  if (address === LOOPBACK_MACHINE) return LOOPBACK_MACHINE
  const names = [...new Set(members.map((member) => member.typed))].filter((typed) => !isAddress(typed)).sort()
  return names[0] ?? address
}

export interface HostMachines {
  /** The configs, with `hostMachine` set where hosts typed differently resolve to one address. */
  configs: ServerConfig[]
  /** What each server's host resolved to and why, by server id. */
  views: Map<string, HostMachineView>
}

/** Resolves every unlabelled server's host once and joins the servers whose hosts share an address. */
export async function resolveHostMachines(
  configs: readonly ServerConfig[],
  lookupHost: HostLookup = dnsLookup,
  timeoutMs = LOOKUP_TIMEOUT_MS,
): Promise<HostMachines> {
  const resolved = await Promise.all(configs.map((config) => resolveOne(config, lookupHost, timeoutMs)))
  const byAddress = new Map<string, Resolved[]>()
  for (const entry of resolved) {
    for (const address of entry.addresses) byAddress.set(address, [...(byAddress.get(address) ?? []), entry])
  }
  const views = new Map<string, HostMachineView>()
  const out = resolved.map((entry) => {
    if (entry.config.machine?.trim()) return entry.config
    // The first address shared with another host decides (a host with several addresses joins on any of them).
    const shared = entry.addresses.map((address) => ({ address, members: byAddress.get(address) ?? [] }))
    const join = shared.find(({ members }) => new Set(members.map((member) => member.typed)).size > 1)
    const machine = join ? groupName(join.members, join.address) : entry.typed
    const others = join ? [...new Set(join.members.map((member) => member.host).filter((host) => host !== entry.host))] : []
    const reason = entry.problem
      ? `${entry.problem}: kept as typed`
      : join
        ? `${[entry.host, ...others].join(', ')} ${join.address === LOOPBACK_MACHINE ? 'are this computer (loopback)' : `resolve to ${join.address}`}: one machine`
        : entry.addresses.length > 0 && entry.addresses[0] !== entry.typed
          ? `${entry.host} resolves to ${entry.addresses.join(', ')}`
          : `${entry.host}${entry.typed === LOOPBACK_MACHINE ? ' is this computer (loopback)' : ''}`
    views.set(entry.config.id, { machine, addresses: entry.addresses, reason })
    // Only a join needs carrying: alone, the poller normalises the host the same way (usage/machine.ts).
    return join ? { ...entry.config, hostMachine: machine } : entry.config
  })
  return { configs: out, views }
}
