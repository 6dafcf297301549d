// The `cause` label of fourd_server_poll_errors_total: a small fixed set read
// from the poll's error sentence. The sentence itself names hosts, statuses
// and parser positions, so it would make one time series per wording; a
// fixed set keeps the cardinality bounded and lets alert rules match causes.

export const POLL_ERROR_CAUSES = [
  'timeout',
  'connection',
  'tls',
  'auth',
  'http',
  'too_large',
  'invalid_payload',
  'config',
  'other',
] as const

export type PollErrorCause = (typeof POLL_ERROR_CAUSES)[number]

// Order matters: an HTTP 401 sentence says "authentication failed", so auth is tested before http.
const RULES: readonly [RegExp, PollErrorCause][] = [
  [/timed out/i, 'timeout'],
  [/authentication failed|login failed|refusing to send/i, 'auth'],
  [/certificate|TLS error|fingerprint/i, 'tls'],
  [/^connection (refused|reset)|host not found|host unreachable|network unreachable|^request failed/i, 'connection'],
  [/^response larger than/i, 'too_large'],
  [/^HTTP \d{3}/, 'http'],
  [/invalid URL|URL of this server/i, 'config'],
  [
    /^invalid JSON|^no usable record|^unexpected REST answer|^4D REST error|^unexpected payload|metrics page has no|not a count of licenses|\bexpected (an?|the)\b/i,
    'invalid_payload',
  ],
]

/** The cause class of one failed poll, from the sentence the poller recorded. */
export function pollErrorCause(sentence: string): PollErrorCause {
  for (const [pattern, cause] of RULES) if (pattern.test(sentence)) return cause
  return 'other'
}
