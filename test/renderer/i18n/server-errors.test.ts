// Server error sentences from main/core (ingest/error-text.ts) said in the
// page's language: English from the catalogue is word for word core's English,
// other languages write durations and numbers their own way, and a detail
// quoted from the server stays as sent inside the translated frame.
import { afterEach, describe, expect, it } from 'vitest'
import * as errors from '../../../main/core/ingest/error-text.ts'
import type { ErrorText } from '../../../main/core/ingest/error-text.ts'
import { setLanguageChoice } from '../../../renderer/src/i18n/index.ts'
import { translateMessage } from '../../../renderer/src/i18n/text-message.ts'

const say = (error: ErrorText) => translateMessage(error.message, error.text)
const HOUR = 3_600_000

afterEach(() => setLanguageChoice('system'))

/** Messages that are only what the server sent (the HTTP status line, 4D's own error text): nothing to translate. */
const QUOTED = new Set(['serverErrors.http', 'serverErrors.httpDetail'])

const CASES: ErrorText[] = [
  errors.timedOut(4000),
  errors.timedOut(1500),
  errors.timedOut(250),
  errors.refused(),
  errors.connectionReset(),
  errors.hostNotFound('srv-app-01'),
  errors.hostUnreachable('10.0.0.5'),
  errors.networkUnreachable('10.0.0.5'),
  errors.tlsError('wrong version number'),
  errors.requestFailed('other side closed (UND_ERR_X)'),
  errors.unexpectedFailure('boom'),
  errors.unusableAnswer('3 of 5 records invalid: usage[0].token: expected a number'),
  errors.untrusted('srv', 'self-signed', undefined),
  errors.untrusted('srv', 'self-signed', null),
  errors.untrusted('srv', 'self-signed', 'AB:CD'),
  errors.fingerprintMismatch('srv', 'AB:CD', 'EF:01'),
  errors.caFileUnreadable('/etc/ca.pem', null),
  errors.caFileUnreadable('/etc/ca.pem', 'ENOENT'),
  errors.pinNotSha256('srv'),
  errors.responseTooLarge('5 MiB'),
  errors.emptyBody(),
  errors.htmlInsteadOfJson(),
  errors.invalidJson(null),
  errors.invalidJson({ line: 3, column: 14, atEnd: false }),
  errors.invalidJson({ line: 1, column: 1200, atEnd: true }),
  errors.invalidUrl('ftp://x'),
  errors.urlWithCredentials(),
  errors.plainHttpRefused(true, 'srv'),
  errors.plainHttpRefused(false, 'srv'),
  errors.authFailed('HTTP 401 Unauthorized', 'Accounting', 'none'),
  errors.authFailed('HTTP 401 Unauthorized', 'Accounting', 'token'),
  errors.authFailed('HTTP 403 Forbidden', 'Accounting', 'password'),
  errors.forceLogin('HTTP 401 Unauthorized', 'Accounting'),
  errors.redirects('HTTP 302 Found', 'https://elsewhere/'),
  errors.redirects('HTTP 302 Found', ''),
  errors.httpStatus('HTTP 500 Internal Server Error', null, null, HOUR),
  errors.httpStatus('HTTP 500 Internal Server Error', 'the method failed', null, HOUR),
  errors.httpStatus('HTTP 503 Service Unavailable', null, 90_000, HOUR),
  errors.httpStatus('HTTP 503 Service Unavailable', 'busy', 7000, HOUR),
  errors.httpStatus('HTTP 503 Service Unavailable', null, 3 * 86_400_000, HOUR),
  errors.httpStatus('HTTP 503 Service Unavailable', 'busy', 2 * HOUR, HOUR),
  errors.restLoginFailed(errors.authFailed('HTTP 401 Unauthorized', 'Accounting', 'password')),
  errors.restLoginRefused('Accounting'),
  errors.restNoCookie('Accounting'),
]

describe('server errors in the page’s language', () => {
  it('English from the catalogue is word for word the English core writes', () => {
    setLanguageChoice('en')
    for (const error of CASES) expect(say(error), error.message.id).toBe(error.text)
  })

  it('every other language says every case in its own words', () => {
    for (const language of ['pt-BR', 'fr', 'es', 'de', 'ja'] as const) {
      setLanguageChoice(language)
      const same = CASES.filter(
        (error) => /[a-z]{4,} [a-z]{4,}/i.test(error.text) && say(error) === error.text && !QUOTED.has(error.message.id),
      )
      expect(
        same.map((error) => error.message.id),
        language,
      ).toEqual([])
    }
  })

  it('Brazilian Portuguese: units and decimal commas of the language, the server’s own detail kept as sent', () => {
    setLanguageChoice('pt-BR')
    expect(say(errors.refused())).toBe('conexão recusada')
    expect(say(errors.timedOut(1500))).toBe('tempo esgotado após 1,5 s')
    expect(say(errors.httpStatus('HTTP 503 Service Unavailable', null, 5 * 60_000, HOUR))).toBe(
      'HTTP 503 Service Unavailable; o servidor pediu para aguardar 5 min (Retry-After): a próxima tentativa é em 5 min',
    )
    expect(say(errors.unusableAnswer('usage[0].token: expected a number'))).toBe('resposta inutilizável: usage[0].token: expected a number')
  })

  it('Japanese and French write their own units', () => {
    setLanguageChoice('ja')
    expect(say(errors.httpStatus('HTTP 503 Service Unavailable', null, 2 * HOUR, HOUR))).toContain('1 時間')
    setLanguageChoice('fr')
    expect(say(errors.httpStatus('HTTP 503 Service Unavailable', null, 3 * 86_400_000, HOUR))).toContain('3 j')
  })
})
