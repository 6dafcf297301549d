// Bodies the simulated servers send: the contract object, the bare array,
// and the deliberately broken ones of the fault modes.

import type { ServerResponse } from 'node:http'
import { SERVER_VERSION } from './catalog.ts'
import type { LicenseModel, ModelServer, WireRecord } from './license-model.ts'
import type { WireSession } from './sessions.ts'

/** Just over 6 MiB: above the poller's 5 MiB default limit. */
export const OVERSIZED_BYTES = 6 * 1024 * 1024 + 64 * 1024

/** The offset of 4D's published example ("+01:00"). */
export const DEFAULT_UTC_OFFSET_MINUTES = 60

/** A record as a real server sends it: globalProductUsedCount only when its machine runs several servers. */
export interface ServedRecord {
  productId: number
  productName: string
  productUsedCount: number
  productBalance: number
  globalProductUsedCount?: number
  token: number
  time: string
  reason: string
  session: WireSession
  [unknownField: string]: unknown
}

/**
 * The model's record as a real single 4D Server writes it (4D blog, January
 * 2022): `time` in the server's own offset without milliseconds,
 * `creationDateTime` without seconds, and no `globalProductUsedCount` on a
 * machine that runs one server (4D gives it only when several do).
 */
export function servedRecord(model: LicenseModel, server: ModelServer, record: WireRecord, offsetMinutes: number): ServedRecord {
  const shared =
    model.answers.globalCounts === 'always' || model.servers.some((other) => other !== server && other.machine === server.machine)
  const { globalProductUsedCount, ...rest } = record
  const served: ServedRecord = {
    ...rest,
    ...(shared ? { globalProductUsedCount } : {}),
    time: inServerZone(record.time, offsetMinutes, 'second'),
    session: { ...record.session },
  }
  const created = served.session['creationDateTime']
  if (typeof created === 'string') served.session['creationDateTime'] = inServerZone(created, offsetMinutes, 'minute')
  return served
}

/** "2026-11-28T10:15:02+01:00" (or to the minute) from an ISO time; text that is not a time is kept. */
export function inServerZone(iso: string, offsetMinutes: number, unit: 'second' | 'minute'): string {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return iso
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, unit === 'second' ? 19 : 16)
  const abs = Math.abs(offsetMinutes)
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${local}${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
}

export function usageArray(model: LicenseModel, server: ModelServer, offsetMinutes: number): ServedRecord[] {
  return server.licenses.map((l) => servedRecord(model, server, l.record, offsetMinutes))
}

/** The project's contract JSON object (see shared/docs/4d-license-domain.md). */
export function contractObject(model: LicenseModel, server: ModelServer, now: number, usage: unknown[]): Record<string, unknown> {
  return {
    ...(model.answers.serverBlock ? { server: { name: server.name, machine: server.machine, version: SERVER_VERSION } } : {}),
    // The envelope's stamp is the endpoint's own (4D's Timestamp keeps milliseconds); only License usage's record times are whole seconds.
    time: new Date(now).toISOString(),
    licenseInfo: {
      ...(model.answers.licenseNumbers ? { licenseNumber: model.licenseNumber(server.machine) } : {}),
      products: model.products.map((p) => ({
        id: p.productId,
        name: p.productName,
        usedCount: server.licenses.filter((l) => l.record.productId === p.productId).length,
        allowedCount: p.allowed,
      })),
    },
    usage,
  }
}

/** Valid records plus three that break the schema in the ways real endpoints do. */
export function withBrokenRecords(model: LicenseModel, server: ModelServer, now: number, offsetMinutes: number): unknown[] {
  const valid = usageArray(model, server, offsetMinutes)
  const template: ServedRecord = valid[0] ?? {
    productId: 808464441,
    productName: '4D Client',
    productUsedCount: 1,
    productBalance: 0,
    globalProductUsedCount: 1,
    token: 0,
    time: new Date(now).toISOString(),
    reason: 'remote connection',
    session: { type: 'remote', userName: 'ghost', IPAddress: '10.0.0.2', hostType: 'windows', state: 'active' },
  }
  // Tokens far above the real ones so a broken record never shadows a valid one.
  const { productId: _dropped, ...missingProductId } = { ...template, token: 1_000_001 }
  const tokenAsObject = { ...template, token: { value: 1_000_002 } }
  const productNameAsNumber = { ...template, token: 1_000_003, productName: 42 }
  return [missingProductId, ...valid.slice(0, 1), tokenAsObject, ...valid.slice(1), productNameAsNumber]
}

/** A 200 body that starts like a valid answer but is cut off mid-object. */
export function invalidJsonText(body: unknown): string {
  const text = JSON.stringify(body)
  return text.slice(0, Math.max(1, Math.floor(text.length / 2))) + ', "usage": [ {"productId": 8084'
}

/**
 * Streams `body` (an object or an array) with a padding string that takes it
 * over OVERSIZED_BYTES, without a Content-Length, so a client must count
 * bytes as they arrive. Stops writing when the client goes away.
 */
export async function streamOversized(res: ServerResponse, body: Record<string, unknown> | unknown[]): Promise<void> {
  const text = JSON.stringify(body)
  const isArray = Array.isArray(body)
  const opener = isArray
    ? `${text.slice(0, -1)}${body.length > 0 ? ',' : ''}{"padding":"`
    : `${text.slice(0, -1)}${text.length > 2 ? ',' : ''}"padding":"`
  const closer = isArray ? '"}]' : '"}'
  const chunk = 'x'.repeat(64 * 1024)
  let written = 0
  const write = async (part: string): Promise<boolean> => {
    if (res.destroyed) return false
    written += Buffer.byteLength(part)
    if (!res.write(part)) await drainOrClose(res)
    return !res.destroyed
  }
  if (!(await write(opener))) return
  while (written < OVERSIZED_BYTES) {
    if (!(await write(chunk))) return
  }
  if (!res.destroyed) res.end(closer)
}

function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.on('drain', done)
    res.on('close', done)
  })
}
