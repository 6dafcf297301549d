// A fetch-shaped function for one server with its own TLS trust (tls-trust.ts):
// node:https over a socket whose certificate was checked first, answering a
// web Response so the rest of the poll reads it like any fetch result.

import type { IncomingMessage } from 'node:http'
import { request } from 'node:https'
import { Readable, pipeline } from 'node:stream'
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib'
import type { TLSSocket } from 'node:tls'
import type { ServerTls } from '../types/index.ts'
import { abortReason, caOf, openTrustedSocket } from './tls-trust.ts'

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304])

export function tlsFetch(tls: ServerTls): typeof fetch {
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    if (url.protocol !== 'https:') throw new TypeError(`TLS settings apply to https URLs only, not ${url.protocol}`)
    const signal = init.signal ?? undefined
    const socket = await openTrustedSocket(url, tls, await caOf(tls), signal)
    return await send(url, init, socket, signal)
  }) as typeof fetch
}

function send(url: URL, init: RequestInit, socket: TLSSocket, signal: AbortSignal | undefined): Promise<Response> {
  const headers: Record<string, string> = { 'accept-encoding': 'gzip, deflate, br', connection: 'close' }
  new Headers(init.headers).forEach((value, key) => {
    headers[key] = value
  })
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers, createConnection: () => socket }, (res) => {
      signal?.removeEventListener('abort', onAbort)
      resolve(toResponse(res, signal))
    })
    const onAbort = (): void => {
      req.destroy(abortReason(signal))
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    req.on('error', (error) => {
      signal?.removeEventListener('abort', onAbort)
      socket.destroy()
      reject(error)
    })
    req.end(typeof init.body === 'string' ? init.body : undefined)
  })
}

/** fetch decompresses for its callers; this does the same so size limits count decompressed bytes. */
function decoded(res: IncomingMessage): Readable {
  // Node's parser gives this header as one string (repeats joined with ", ").
  const encoding = (res.headers['content-encoding'] ?? '').trim().toLowerCase()
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : null
  if (!decoder) return res
  return pipeline(res, decoder, () => undefined)
}

function toResponse(res: IncomingMessage, signal: AbortSignal | undefined): Response {
  const status = res.statusCode ?? 500
  const headers = new Headers()
  for (const [key, value] of Object.entries(res.headers)) {
    if (value === undefined) continue
    for (const item of Array.isArray(value) ? value : [value]) headers.append(key, item)
  }
  if (NULL_BODY_STATUSES.has(status)) {
    res.resume()
    return new Response(null, { status, statusText: res.statusMessage ?? '', headers })
  }
  const body = decoded(res)
  // The poll's timeout covers the body too, as it does with fetch.
  const onAbort = (): void => {
    body.destroy(abortReason(signal))
    res.destroy()
  }
  signal?.addEventListener('abort', onAbort, { once: true })
  body.once('close', () => signal?.removeEventListener('abort', onAbort))
  return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, { status, statusText: res.statusMessage ?? '', headers })
}
