// Per-server TLS trust for a 4D Server whose certificate no system CA vouches
// for. Node's fetch cannot take a CA or a pin per request, so servers with a
// `tls` setting are reached over node:https on a socket that this file opens
// and checks first: no request byte is written before the certificate is
// accepted. Verification is never turned off for anyone else.

import { readFile } from 'node:fs/promises'
import { isIP } from 'node:net'
import { connect, type PeerCertificate, type TLSSocket } from 'node:tls'
import type { ServerTls, TextMessage } from '../types/index.ts'
import { caFileUnreadable, fingerprintMismatch, pinNotSha256, untrusted, type ErrorText } from './error-text.ts'

/** A certificate we refuse, with the sentence that tells the user how to accept it. */
export class TrustError extends Error {
  local: TextMessage
  constructor(error: ErrorText) {
    super(error.text)
    this.name = 'TrustError'
    this.local = error.message
  }

  get errorText(): ErrorText {
    return { text: this.message, message: this.local }
  }
}

const REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its issuer cannot be verified',
  UNABLE_TO_GET_ISSUER_CERT: 'unknown certificate authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unknown certificate authority',
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'not yet valid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'issued for another host name',
}

/** Error codes that mean "this certificate is not trusted" (not a broken connection). */
export function isTrustCode(code: string | null): boolean {
  return code !== null && code in REASONS
}

export function trustReason(code: string): string {
  return REASONS[code] ?? code
}

/** "ab:cd..." or "ABCD..." -> "AB:CD:..."; null when it is not 32 bytes of hex. */
export function normalizeFingerprint(text: string): string | null {
  const hex = text.replace(/[:\s]/g, '').toUpperCase()
  if (!/^[0-9A-F]{64}$/.test(hex)) return null
  return hex.match(/../g)?.join(':') ?? null
}

export function untrustedMessage(host: string, reason: string, fingerprint: string | null): string {
  return untrusted(host, reason, fingerprint || null).text
}

export function mismatchMessage(host: string, expected: string, received: string): string {
  return fingerprintMismatch(host, expected, received).text
}

function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '')
}

function portOf(url: URL): number {
  return Number(url.port || 443)
}

/** The CA PEM of a server: given inline, or read from its file (a sentence names the file when it cannot be read). */
export async function caOf(tls: ServerTls): Promise<string | undefined> {
  if (tls.ca) return tls.ca
  if (!tls.caFile) return undefined
  try {
    return await readFile(tls.caFile, 'utf8')
  } catch (error) {
    const code = (error as { code?: unknown }).code
    throw new TrustError(caFileUnreadable(tls.caFile, typeof code === 'string' ? code : null))
  }
}

/**
 * Opens a TLS connection to `url` and resolves once its certificate is
 * accepted: by the pin when one is set (the pin names exactly one certificate,
 * so it stands in for the chain and host checks), else by the CA file or the
 * system CAs with the usual host name check.
 */
export function openTrustedSocket(url: URL, tls: ServerTls, ca: string | undefined, signal: AbortSignal | undefined): Promise<TLSSocket> {
  const host = bareHost(url)
  const pin = tls.fingerprint256 ? normalizeFingerprint(tls.fingerprint256) : null
  if (tls.fingerprint256 && !pin) return Promise.reject(new TrustError(pinNotSha256(host)))
  return new Promise((resolve, reject) => {
    // Verification is ours to do below, before any byte of the request is written.
    const socket = connect({
      host,
      port: portOf(url),
      servername: isIP(host) ? undefined : host,
      ca,
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    })
    const onAbort = (): void => {
      socket.destroy()
      reject(abortReason(signal))
    }
    if (signal?.aborted) {
      onAbort()
      return
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    // Stays attached: a late socket error must never become an uncaught exception.
    socket.on('error', (error: Error) => reject(error))
    socket.once('secureConnect', () => {
      signal?.removeEventListener('abort', onAbort)
      const received = fingerprintOf(socket) ?? ''
      const problem = pin ? pinProblem(host, pin, received) : chainProblem(host, socket, received)
      if (!problem) {
        resolve(socket)
        return
      }
      socket.destroy()
      reject(problem)
    })
  })
}

/** The peer's SHA-256 fingerprint; getPeerCertificate() answers {} when there is no certificate, whatever its type says. */
function fingerprintOf(socket: TLSSocket): string | undefined {
  const certificate: Partial<PeerCertificate> = socket.getPeerCertificate()
  return certificate.fingerprint256
}

/**
 * Why the signal aborted, to reject or destroy with as fetch does. AbortSignal types its reason as any;
 * abort() and AbortSignal.timeout() give a DOMException, an Error.
 */
export function abortReason(signal: AbortSignal | undefined): Error {
  return signal?.reason as Error
}

function pinProblem(host: string, pin: string, received: string): TrustError | null {
  return received.toUpperCase() === pin ? null : new TrustError(fingerprintMismatch(host, pin, received || 'no certificate'))
}

function chainProblem(host: string, socket: TLSSocket, received: string): TrustError | null {
  if (socket.authorized) return null
  // Typed Error, but Node sets the verification error's code (a string) here, or leaves it null.
  const error: unknown = socket.authorizationError
  const code = typeof error === 'string' ? error : 'unknown'
  return new TrustError(untrusted(host, trustReason(code), received || null))
}

/** The SHA-256 fingerprint of the certificate `url` presents; the connection is closed at once, nothing is sent. */
export function peerFingerprint(url: URL, signal: AbortSignal | undefined): Promise<string | null> {
  const host = bareHost(url)
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve(null)
      return
    }
    // Only to read the certificate for the message; no request goes over this socket.
    const socket = connect({ host, port: portOf(url), servername: isIP(host) ? undefined : host, rejectUnauthorized: false })
    const done = (fingerprint: string | null): void => {
      signal?.removeEventListener('abort', onAbort)
      socket.destroy()
      resolve(fingerprint)
    }
    const onAbort = (): void => done(null)
    signal?.addEventListener('abort', onAbort, { once: true })
    socket.on('error', () => done(null))
    socket.once('secureConnect', () => done(fingerprintOf(socket) ?? null))
  })
}
