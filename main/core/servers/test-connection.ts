// "Test connection": one poll of a draft server, with a REST session store of
// its own so it never reuses nor leaks the monitor's session (and logs out
// after, so a test does not keep a 4D Client license). Says what came back.
import { readFileSync } from 'node:fs'
import { CookieJar } from '../ingest/cookie-jar.ts'
import { endRestSession, fetchServer, RestSessionStore } from '../ingest/fetch-server.ts'
import type { LocalText, ServerPayload, TextMessage } from '../types/index.ts'
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

// The test's own remarks as catalogue messages (serverTest.warnings.*), beside their English.
const OWN_WARNINGS = {
  countsOnly: COUNTS_ONLY_WARNING,
  noSession: NO_SESSION_WARNING,
  restSession: REST_SESSION_WARNING,
} as const

function own(name: keyof typeof OWN_WARNINGS): LocalText {
  return { text: OWN_WARNINGS[name], message: { id: `serverTest.warnings.${name}`, params: {} } }
}

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
  const warnings = warningsOf(payload, outcome.warnings, outcome.warningMessages)
  return {
    ok: true,
    latencyMs: outcome.latencyMs,
    licenses: payload.records.length,
    products: productsOf(payload),
    warnings: warnings.map((warning) => warning.text),
    // Only when every warning has its message: a list the page says by position must never be misaligned.
    ...(warnings.every((warning) => warning.message) ? { warningMessages: warnings.map((warning) => warning.message as TextMessage) } : {}),
  }
}

interface TestWarning {
  text: string
  message: TextMessage | undefined
}

function warningsOf(
  payload: ServerPayload,
  pollWarnings: readonly string[],
  pollMessages: readonly TextMessage[] | undefined,
): TestWarning[] {
  const warnings: TestWarning[] = []
  if (payload.countsOnly) warnings.push(own('countsOnly'))
  if (payload.records.some((record) => record.session === null)) warnings.push(own('noSession'))
  if (payload.holdsLicense) warnings.push(own('restSession'))
  // The poll's own remarks (invalid records); its REST-session sentence is said above in the form's words.
  const aligned = pollMessages?.length === pollWarnings.length ? pollMessages : undefined
  pollWarnings.forEach((text, index) => {
    if (payload.holdsLicense && text.includes('REST session')) return
    warnings.push({ text, message: aligned?.[index] })
  })
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
