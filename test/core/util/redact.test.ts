// The one redaction step (issue 12): known secrets by value, unknown ones by shape.
import { describe, expect, it } from 'vitest'
import { errorSentence } from '../../../main/core/util/errors.ts'
import { redactSecrets } from '../../../main/core/util/redact.ts'

const bySecretShape: [string, string, string][] = [
  ['an echoed old-style 4D session cookie', 'cookie WASID4D=A1b2C3d4E5 refused', 'cookie WASID4D=*** refused'],
  ['a 4DSID_<app> cookie in a header line', 'Cookie: 4DSID_Accounting=ff00aa11; Path=/', 'Cookie: 4DSID_Accounting=***; Path=/'],
  ['any cookie pair after the word cookie', 'set-cookie theme_sess=q9w8e7r6', 'set-cookie theme_sess=***'],
  ['a Bearer header', 'sent Authorization: Bearer eyJhbGciOi.J9x-y', 'sent Authorization: Bearer ***'],
  ['a Basic header', 'Basic dXNlcjpwYXNzd29yZA==', 'Basic ***'],
  ['URL user info', 'GET https://admin:hunter2@srv/rest failed', 'GET https://***@srv/rest failed'],
  ['a token in a query string', '/license?token=abc123&x=1', '/license?token=***&x=1'],
  ['a password field', 'login with password=s3cr3t failed', 'login with password=*** failed'],
]

const prose: string[] = [
  'authentication failed for Accounting: check the token',
  'refusing to send the token over plain http to srv-app-01: use https',
  'Bearer token required',
  'HTTP 500 Internal Server Error',
  'invalid JSON: the body stops being valid JSON at line 1, column 11',
]

describe('redactSecrets', () => {
  it.each(bySecretShape)('masks %s', (_what, text, masked) => {
    expect(redactSecrets(text)).toBe(masked)
  })

  it.each(prose)('leaves prose alone: %s', (text) => {
    expect(redactSecrets(text)).toBe(text)
  })

  it('masks every known secret, the longest first so one inside another goes whole', () => {
    expect(redactSecrets('tok tokenXL and tokenXL2', ['tokenXL', 'tokenXL2'])).toBe('tok *** and ***')
  })

  it('errorSentence passes thrown messages through it (logs and call answers)', () => {
    expect(errorSentence(new Error('request with cookie WASID4D=deadbeef99 failed'))).toBe('request with cookie WASID4D=*** failed')
    expect(errorSentence('https://u:p@host/')).toBe('https://***@host/')
  })
})
