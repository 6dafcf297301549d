// The machine each server's URL host names, settled once when the server list
// is loaded or saved (issue 18): hosts are normalised (main/core/usage/machine-id.ts)
// and looked up with node:dns, and servers whose hosts resolve to one address
// get one machine id. The result rides on the configs (`hostMachine`) and is
// shown in the Servers view with its reason; the poller never looks a name up
// again, so a DNS change cannot move a server to another pool mid-run.
// A label or the payload's own machine still wins (usage/machine.ts).

import { lookup } from 'node:dns/promises'
import { formatDuration } from '../ingest/error-text.ts'
import { addressMachineId, hostMachineId, isAddress, LOOPBACK_MACHINE } from '../usage/machine-id.ts'
import type { HostMachineView, LocalText, ServerConfig, TextMessage } from '../types/index.ts'

/** Every address a host name resolves to (tests inject their own). */
export type HostLookup = (host: string) => Promise<string[]>

/** A lookup that takes longer than this keeps the host as typed: a save must not hang on DNS. */
export const LOOKUP_TIMEOUT_MS = 2_000

export const dnsLookup: HostLookup = async (host) => (await lookup(host, { all: true })).map((entry) => entry.address)

/** The lookup gave no answer in time: told apart from a resolver's error code so the page can say it in its words. */
class LookupTimeout extends Error {
  readonly waitMs: number
  constructor(waitMs: number) {
    super(`no answer within ${formatDuration(waitMs)}`)
    this.waitMs = waitMs
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new LookupTimeout(ms))
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
  /** Why the host is kept as typed, as a sentence and its servers.hosts.* message. */
  problem: LocalText | null
}

const hostText = (text: string, name: string, params: TextMessage['params']): LocalText => ({
  text,
  message: { id: `servers.hosts.${name}`, params },
})

async function resolveOne(config: ServerConfig, lookupHost: HostLookup, timeoutMs: number): Promise<Resolved> {
  let host = ''
  try {
    host = new URL(config.url).hostname
  } catch {
    return {
      config,
      host: config.url,
      typed: config.url,
      addresses: [],
      problem: hostText('the URL cannot be read: kept as typed', 'unreadableUrl', {}),
    }
  }
  const typed = hostMachineId(host)
  // A label decides the machine: its host need not be looked up. An address or loopback is already what a lookup would give.
  if (config.machine?.trim()) return { config, host, typed, addresses: [], problem: null }
  if (typed === LOOPBACK_MACHINE || isAddress(typed)) return { config, host, typed, addresses: [typed], problem: null }
  try {
    const found = await withTimeout(lookupHost(host.replace(/\.+$/, '')), timeoutMs)
    return { config, host, typed, addresses: [...new Set(found.map(addressMachineId))].sort(), problem: null }
  } catch (error) {
    return { config, host, typed, addresses: [], problem: lookupProblem(host, error) }
  }
}

function lookupProblem(host: string, error: unknown): LocalText {
  if (error instanceof LookupTimeout) {
    const text = `${host} could not be looked up (${error.message}): kept as typed`
    return hostText(text, 'lookupTimedOut', { host, waitMs: error.waitMs })
  }
  // A resolver's code (ENOTFOUND, EAI_AGAIN) reads the same in every language; a bare message stays as node wrote it.
  const code = (error as { code?: unknown }).code
  const cause = typeof code === 'string' ? code : error instanceof Error ? error.message : 'lookup failed'
  return hostText(`${host} could not be looked up (${cause}): kept as typed`, 'lookupFailed', { host, cause })
}

/** Why a host gives its machine, in English and as a servers.hosts.* message. */
function reasonOf(entry: Resolved, join: { address: string } | undefined, others: string[]): LocalText {
  if (entry.problem) return entry.problem
  if (join) {
    const hosts = [entry.host, ...others].join(', ')
    if (join.address === LOOPBACK_MACHINE)
      return hostText(`${hosts} are this computer (loopback): one machine`, 'joinedLoopback', { hosts })
    return hostText(`${hosts} resolve to ${join.address}: one machine`, 'joinedAddress', { hosts, address: join.address })
  }
  if (entry.addresses.length > 0 && entry.addresses[0] !== entry.typed) {
    const addresses = entry.addresses.join(', ')
    return hostText(`${entry.host} resolves to ${addresses}`, 'resolves', { host: entry.host, addresses })
  }
  if (entry.typed === LOOPBACK_MACHINE) return hostText(`${entry.host} is this computer (loopback)`, 'loopback', { host: entry.host })
  return hostText(entry.host, 'asTyped', { host: entry.host })
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
    const reason = reasonOf(entry, join, others)
    views.set(entry.config.id, { machine, addresses: entry.addresses, reason: reason.text, reasonMessage: reason.message })
    // Only a join needs carrying: alone, the poller normalises the host the same way (usage/machine.ts).
    return join ? { ...entry.config, hostMachine: machine } : entry.config
  })
  return { configs: out, views }
}
