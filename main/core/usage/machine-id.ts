// What a URL host says about the machine behind it (issue 18). Admins type
// hosts as they come: "LOCALHOST", "srv-app-01.", "127.0.0.1", "[::1]". Each
// names one machine, so each gives one machine id: lower case, no trailing
// dot, no brackets, an IPv4-mapped IPv6 address as its IPv4 address, and every
// loopback address as "localhost". Host names that resolve to one address are
// joined once, when the server list is loaded or saved
// (main/core/servers/host-machines.ts), never per poll.

import { isIP } from 'node:net'

/** The machine id of every loopback host: the machine the monitor runs on. */
export const LOOPBACK_MACHINE = 'localhost'

/** "[::FFFF:7F00:1]" -> "::ffff:7f00:1"; "SRV-01." -> "srv-01". */
function bare(host: string): string {
  let text = host.trim().toLowerCase()
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1)
  while (text.endsWith('.')) text = text.slice(0, -1)
  return text
}

/** The IPv4 address inside an IPv4-mapped IPv6 address ("::ffff:7f00:1" or "::ffff:127.0.0.1"), else null. */
function mappedIpv4(address: string): string | null {
  const match = /^(?:0{0,4}:){0,5}:?ffff:(.+)$/.exec(address)
  if (!match?.[1]) return null
  const tail = match[1]
  if (isIP(tail) === 4) return tail
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(tail)
  if (!hex?.[1] || !hex[2]) return null
  const high = Number.parseInt(hex[1], 16)
  const low = Number.parseInt(hex[2], 16)
  return [high >> 8, high & 255, low >> 8, low & 255].join('.')
}

/** An address as a machine id: IPv4 from a mapped address, loopback as "localhost". */
export function addressMachineId(address: string): string {
  const text = bare(address)
  const ip = mappedIpv4(text) ?? text
  if (isIP(ip) === 4 && ip.startsWith('127.')) return LOOPBACK_MACHINE
  if (isIP(ip) === 6 && /^(?:0{0,4}:){1,7}0{0,3}1$|^::1$/.test(ip)) return LOOPBACK_MACHINE
  return ip
}

/** The machine id a URL host gives before any name is resolved. */
export function hostMachineId(host: string): string {
  const text = bare(host)
  if (text === LOOPBACK_MACHINE || text.endsWith('.localhost')) return LOOPBACK_MACHINE
  return isIP(text) || mappedIpv4(text) ? addressMachineId(text) : text
}

/** True for an IP literal (after normalisation): a name is preferred over it as a machine id. */
export function isAddress(machineId: string): boolean {
  return isIP(machineId) !== 0
}
