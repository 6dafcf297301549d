// The one redaction step every sentence passes before it leaves the core:
// poll errors and warnings (fetchServer's outcome, which feeds the snapshot,
// the stream, testConnection, alerts.json and the history) and thrown errors
// (errorSentence, which feeds call answers, logs and the served mode's 500s).
// It masks the secrets the caller knows by value, and, by shape, the secrets
// it cannot know: a 4D session cookie a server echoes, an Authorization
// header, URL user info, a token or password in a query string.

export const MASK = '***'

/**
 * Shapes of secrets, each kept up to the part that names it. A session
 * cookie's value is what a 4D web session (and over REST, its license) is
 * held by; a server that echoes the request in an error body shows it.
 */
const SHAPES: readonly [RegExp, string][] = [
  // 4DSID_<app>=..., WASID4D=..., and any cookie pair after the word cookie.
  [/\b(4DSID\w*|WASID4D)(\s*[=:]\s*)("[^"]*"|[^\s;,"'&]+)/gi, `$1$2${MASK}`],
  [/\b((?:set-)?cookie:?\s+)([^\s=;,]+)=("[^"]*"|[^\s;,"'&]+)/gi, `$1$2=${MASK}`],
  // An Authorization header's credentials; short words ("Bearer token") are prose, not secrets.
  [/\b(Bearer|Basic)(\s+)[A-Za-z0-9._~+/-]{8,}=*/g, `$1$2${MASK}`],
  // user:password@ in a URL.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi, `$1${MASK}@`],
  // ?token=..., &password=... and the like.
  [/\b(token|password|passwd|pwd|secret|api[_-]?key|sid)=([^\s&;,"']+)/gi, `$1=${MASK}`],
]

/** `text` with every known secret and every secret-shaped part masked as `***`. */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  // Longest first, so a secret that contains another is masked whole.
  const known = [...new Set(secrets)].filter((secret) => secret.length > 0).sort((a, b) => b.length - a.length)
  const masked = known.reduce((result, secret) => result.split(secret).join(MASK), text)
  return SHAPES.reduce((result, [shape, replacement]) => result.replace(shape, replacement), masked)
}
