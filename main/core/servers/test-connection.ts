// "Test connection": one poll of a draft server, with a REST session store of
// its own so it never reuses nor leaks the monitor's session (and logs out
// after, so a test does not keep a 4D Client license). Says what came back.
import { readFileSync } from 'node:fs'
import { CookieJar } from '../ingest/cookie-jar.ts'
import { endRestSession, fetchServer, RestSessionStore } from '../ingest/fetch-server.ts'
import type { ServerPayload } from '../types/index.ts'
import { sentence } from './problem-text.ts'
import { authWith, configOf, type ServerRecord } from './server-record.ts'
import type { ConnectionTestResult, TestedProduct } from './server-types.ts'

export interface TestConnectionDeps {
  fetch: typeof fetch
  now: () => number
}

export const COUNTS_ONLY_WARNING = 'this endpoint reports counts only, no per-license detail'
export const NO_SESSION_WARNING = 'records have no session object'
export const REST_SESSION_WARNING = 'this endpoint opened a licensed REST session'

const FINGERPRINT = /SHA-256 fingerprint is ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})/

export async function testConnection(
  record: ServerRecord,
  secret: string,
  resolveCaPath: (caFile: string) => string,
  deps: Partial<TestConnectionDeps> = {},
): Promise<ConnectionTestResult> {
  let ca: string | undefined
  if (record.tls?.caFile) {
    try {
      ca = readFileSync(resolveCaPath(record.tls.caFile), 'utf8')
    } catch {
      const refusal = sentence('testCaFile', `the CA file ${record.tls.caFile} cannot be read`, { file: record.tls.caFile })
      return { ok: false, latencyMs: 0, error: refusal.text, errorMessage: refusal.message }
    }
  }
  const config = configOf(record, authWith(record, secret), ca)
  const fetchDeps = {
    fetch: deps.fetch ?? globalThis.fetch,
    now: deps.now ?? Date.now,
    restSessions: new RestSessionStore(),
    cookieJar: new CookieJar(),
  }
  const outcome = await fetchServer(config, fetchDeps)
  if (record.auth.type === 'rest-login') await endRestSession(config, fetchDeps).catch(() => false)
  if (!outcome.ok) {
    const fingerprint = FINGERPRINT.exec(outcome.error)?.[1]
    return {
      ok: false,
      latencyMs: outcome.latencyMs,
      error: outcome.error,
      ...(outcome.errorMessage ? { errorMessage: outcome.errorMessage } : {}),
      ...(fingerprint ? { fingerprint256: fingerprint } : {}),
    }
  }
  const { payload } = outcome
  return {
    ok: true,
    latencyMs: outcome.latencyMs,
    licenses: payload.records.length,
    products: productsOf(payload),
    warnings: warningsOf(payload, outcome.warnings),
  }
}

function warningsOf(payload: ServerPayload, pollWarnings: readonly string[]): string[] {
  const warnings: string[] = []
  if (payload.countsOnly) warnings.push(COUNTS_ONLY_WARNING)
  if (payload.records.some((record) => record.session === null)) warnings.push(NO_SESSION_WARNING)
  if (payload.holdsLicense) warnings.push(REST_SESSION_WARNING)
  // The poll's own remarks (invalid records); its REST-session sentence is said above in the form's words.
  for (const warning of pollWarnings) if (!payload.holdsLicense || !warning.includes('REST session')) warnings.push(warning)
  return warnings
}

/** Products from License info where sent, else counted from the records. */
function productsOf(payload: ServerPayload): TestedProduct[] {
  if (payload.licenseInfo && payload.licenseInfo.products.length > 0) {
    return payload.licenseInfo.products.map((product) => ({
      name: product.name,
      used: product.usedCount ?? payload.records.filter((record) => record.productId === product.id).length,
      limit: product.allowedCount,
    }))
  }
  const byName = new Map<string, TestedProduct>()
  for (const record of payload.records) {
    const product = byName.get(record.productName) ?? { name: record.productName, used: 0, limit: null }
    product.used += 1
    const limit =
      record.globalProductUsedCount !== null && record.productBalance !== null
        ? record.globalProductUsedCount + record.productBalance
        : null
    if (limit !== null) product.limit = limit
    byName.set(record.productName, product)
  }
  return [...byName.values()]
}
