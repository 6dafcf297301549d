// Each field of a server entry once: its type, its range and the sentence
// that refuses it. server-schema.ts composes them into the servers.json entry,
// the settings store's entry and the form's draft, so every path says the same.
import { z } from 'zod'
import { AUTH_TYPES, KIND_NAMES } from '../ingest/kinds/index.ts'
import { secretSchema } from '../ingest/config-secrets.ts'
import { normalizeFingerprint } from '../ingest/tls-trust.ts'
import { said } from './problem-text.ts'

/** The longest delay a Node timer holds; past it setTimeout fires at once and polling would never stop. */
export const MAX_TIMER_MS = 2 ** 31 - 1
/** A 4D Server gains nothing from faster polling, and the settings store always refused it. */
export const MIN_INTERVAL_MS = 250
export const MIN_TIMEOUT_MS = 100
/** Below 1 KiB not even an empty contract answer fits; above 1 GiB the monitor would run out of memory first. */
export const MIN_BODY_BYTES = 1024
export const MAX_BODY_BYTES = 2 ** 30
/**
 * Records one server's answer may hold (default in ingest/payload-schema.ts). Above five million a
 * single answer could not fit the largest body limit anyway (a record is a few hundred bytes).
 */
export const MIN_RECORDS_CAP = 1
export const MAX_RECORDS_CAP = 5_000_000

const HTTP_URL_MESSAGE = said('notHttpUrl', 'must be an http or https URL')
const USER_INFO_MESSAGE = said('userInfo', 'must not contain a user name or password: set "auth" instead')
const NOT_TEXT_MESSAGE = said('notText', 'must be a text')
/**
 * Limits travel as the digits the admin types in the field ("2147483647", not "2,147,483,647"),
 * so every language shows the number the input takes; `count` picks the plural form.
 */
const limit = (value: number) => ({ limit: String(value), count: value })
const tooLong = (max: number): string => said('tooLong', `must be at most ${max} characters`, limit(max))

/** The kind names as a sentence ends them: "a", "b" or "c" (the last one apart, so each language says its own "or"). */
const quotedKinds = KIND_NAMES.map((name) => `"${name}"`)
const KIND_MESSAGE = said('kindUnknown', `must be ${quotedKinds.slice(0, -1).join(', ')} or ${quotedKinds.at(-1) ?? ''}`, {
  kinds: quotedKinds.slice(0, -1).join(', '),
  last: quotedKinds.at(-1) ?? '',
})

// The secret's sentences are written in ingest/config-secrets.ts; declared here again so the form and the import translate them.
// A JSON shape travels as a parameter: the catalogue's syntax would read its braces as placeholders.
said('secretShape', 'must be a non-empty text or {"env": "VARIABLE_NAME"}', { shape: '{"env": "VARIABLE_NAME"}' })
said('envName', 'must be an environment variable name, e.g. "ACCOUNTING_TOKEN"')

function parsedUrl(text: string): URL | null {
  try {
    return new URL(text)
  } catch {
    return null
  }
}

function isHttpUrl(text: string): boolean {
  const url = parsedUrl(text)
  return url !== null && (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
}

/** http://user:pass@host/: the password would show wherever the URL does (snapshot, list, logs). Never echoed back. */
function hasUserInfo(text: string): boolean {
  const url = parsedUrl(text)
  return url !== null && (url.username !== '' || url.password !== '')
}

function text(max: number) {
  return z.string({ error: NOT_TEXT_MESSAGE }).trim().min(1, said('empty', 'must not be empty')).max(max, tooLong(max))
}

/** Each unit has its own messages (servers.validation.ms.atLeast, ...): a unit is a word to translate, with plural forms. */
function wholeNumber(unit: 'ms' | 'bytes' | 'records', min: number, max: number) {
  return (
    z
      .number({ error: said(`${unit}.notNumber`, `must be a number of ${unit}`) })
      // The range first: 1e308 is "at most ...", not "not whole" (zod's int means a safe integer).
      .min(min, said(`${unit}.atLeast`, `must be at least ${min} ${unit}`, limit(min)))
      .max(max, said(`${unit}.atMost`, `must be at most ${max} ${unit}`, limit(max)))
      .int(said(`${unit}.notWhole`, `must be a whole number of ${unit}`))
  )
}

const flag = z.boolean({ error: said('notBoolean', 'must be true or false') })

export const fields = {
  id: text(200).describe('Stable id; derived from the name when absent'),
  name: text(200).describe('Name shown in the table; unique, whatever the case'),
  url: z
    .string({ error: HTTP_URL_MESSAGE })
    .trim()
    .max(2000, tooLong(2000))
    .refine(isHttpUrl, HTTP_URL_MESSAGE)
    .refine((url) => !hasUserInfo(url), USER_INFO_MESSAGE)
    .describe('Full URL of the endpoint (http or https), without user name or password'),
  kind: z.enum(KIND_NAMES, { error: KIND_MESSAGE }).describe('How the endpoint answers: see ingest/kinds'),
  machine: text(200).describe('Machine label, when the payload does not say'),
  username: text(200),
  authType: z.enum(AUTH_TYPES, { error: said('authTypeUnknown', 'must be "none", "bearer", "basic" or "rest-login"') }),
  secret: secretSchema,
  caFile: text(4096).describe('PEM file of CA certificates to trust for this server (relative to the servers file)'),
  fingerprint256: z
    .string({ error: NOT_TEXT_MESSAGE })
    .refine(
      (value) => normalizeFingerprint(value) !== null,
      said('notFingerprint', 'must be a SHA-256 fingerprint: 32 bytes in hex, e.g. "AB:CD:..."'),
    )
    .transform((value) => normalizeFingerprint(value) as string)
    .describe('SHA-256 fingerprint of the server certificate to trust'),
  allowPlainHttpCredentials: flag.describe('Send credentials over plain http to a non-loopback host anyway'),
  enabled: flag.describe('false: kept in the list, not polled'),
  intervalMs: wholeNumber('ms', MIN_INTERVAL_MS, MAX_TIMER_MS).describe('Poll interval in ms (default 5000)'),
  timeoutMs: wholeNumber('ms', MIN_TIMEOUT_MS, MAX_TIMER_MS).describe('Request timeout in ms (default 4000, never more than the interval)'),
  maxBodyBytes: wholeNumber('bytes', MIN_BODY_BYTES, MAX_BODY_BYTES).describe(
    'Response size limit in bytes, measured decompressed (default 5 MiB)',
  ),
  maxRecords: wholeNumber('records', MIN_RECORDS_CAP, MAX_RECORDS_CAP).describe(
    'Most license records one answer may hold before the poll is refused (default 50000)',
  ),
}
