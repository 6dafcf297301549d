// The metrics flags: what the served mode accepts, and the sentence for each refusal.

import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseListenAddress, parseMetricsFlags } from '../../main/metrics/listen-options.ts'
import { pollErrorCause } from '../../main/metrics/poll-error-cause.ts'
import { parseServeArgs } from '../../main/serve/cli-args.ts'

const TOKEN = 'a-metrics-token-of-32-characters'

describe('--metrics-listen', () => {
  it.each([
    ['9470', { host: '127.0.0.1', port: 9470 }],
    ['127.0.0.1:9470', { host: '127.0.0.1', port: 9470 }],
    ['0.0.0.0:0', { host: '0.0.0.0', port: 0 }],
    ['[::1]:9470', { host: '::1', port: 9470 }],
    ['collector.example:9470', { host: 'collector.example', port: 9470 }],
  ])('reads %s', (text, expected) => {
    expect(parseListenAddress(text)).toEqual(expected)
  })

  it.each([['host'], ['1.2.3.4:70000'], ['::1:9470'], ['[not-v6]:9470'], ['']])('refuses %j with a sentence', (text) => {
    expect(parseListenAddress(text)).toEqual({ error: expect.stringMatching(/^--metrics-listen/) })
  })
})

describe('metrics flags of npm run serve', () => {
  it('is off by default and refuses metrics flags without --metrics-listen', () => {
    const parsed = parseServeArgs([])
    expect(parsed.ok && parsed.options.metrics).toBe(null)
    expect(parseServeArgs(['--metrics-token', TOKEN])).toEqual({
      ok: false,
      error: expect.stringMatching(/^--metrics-token has no effect without --metrics-listen/),
    })
  })

  it('needs a token, from the flag or from a named environment variable', () => {
    expect(parseMetricsFlags({ 'metrics-listen': '9470' })).toEqual({ ok: false, error: expect.stringMatching(/needs a credential/) })
    expect(parseMetricsFlags({ 'metrics-listen': '9470', 'metrics-token': 'short' })).toEqual({
      ok: false,
      error: expect.stringMatching(/at least 16 characters/),
    })
    expect(parseMetricsFlags({ 'metrics-listen': '9470', 'metrics-token-env': 'FLEET_TOKEN' }, {})).toEqual({
      ok: false,
      error: expect.stringMatching(/FLEET_TOKEN.*not set/),
    })
    expect(parseMetricsFlags({ 'metrics-listen': '9470', 'metrics-token-env': 'FLEET_TOKEN' }, { FLEET_TOKEN: TOKEN })).toEqual({
      ok: true,
      options: { host: '127.0.0.1', port: 9470, token: TOKEN },
    })
    const parsed = parseServeArgs(['--metrics-listen', '0.0.0.0:9470', '--metrics-token', TOKEN])
    expect(parsed.ok && parsed.options.metrics).toEqual({ host: '0.0.0.0', port: 9470, token: TOKEN })
  })

  it('reads the TLS files and names the one that is missing or not PEM, never quoting it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'metrics-tls-'))
    writeFileSync(join(dir, 'cert.pem'), '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n')
    writeFileSync(join(dir, 'key.txt'), 'secret-key-material')
    const base = { 'metrics-listen': '9470', 'metrics-token': TOKEN }
    expect(parseMetricsFlags({ ...base, 'metrics-tls-cert': join(dir, 'cert.pem') })).toEqual({
      ok: false,
      error: 'Give both --metrics-tls-cert and --metrics-tls-key, or neither.',
    })
    const notPem = parseMetricsFlags({ ...base, 'metrics-tls-cert': join(dir, 'cert.pem'), 'metrics-tls-key': join(dir, 'key.txt') })
    expect(notPem).toEqual({ ok: false, error: `--metrics-tls-key: ${join(dir, 'key.txt')} is not a PEM file (no "-----BEGIN" line).` })
    expect(JSON.stringify(notPem)).not.toContain('secret-key-material')
    expect(parseMetricsFlags({ ...base, 'metrics-tls-cert': join(dir, 'none.pem'), 'metrics-tls-key': join(dir, 'key.txt') })).toEqual({
      ok: false,
      error: `--metrics-tls-cert: ${join(dir, 'none.pem')} cannot be read (file not found).`,
    })
  })
})

describe('cause label of fourd_server_poll_errors_total', () => {
  it.each([
    ['timed out after 4 s', 'timeout'],
    ['connection refused', 'connection'],
    ['host not found: srv-app-01', 'connection'],
    ['HTTP 401 Unauthorized: authentication failed for Sales: check the token', 'auth'],
    ['4D REST login failed: authentication failed for Sales: check the user name and password', 'auth'],
    ['certificate of srv is not trusted (self-signed certificate)', 'tls'],
    ['HTTP 500 Internal Server Error', 'http'],
    ['response larger than 5 MiB', 'too_large'],
    ['invalid JSON: unexpected token at position 3', 'invalid_payload'],
    ['no usable record: 3 of 3 records invalid: productId missing', 'invalid_payload'],
    ['invalid URL "ftp://x": expected an http or https URL', 'config'],
    ['unexpected payload: expected a License usage array or an object with a usage array', 'invalid_payload'],
    ['poll failed unexpectedly: boom', 'other'],
  ])('%s -> %s', (sentence, cause) => {
    expect(pollErrorCause(sentence)).toBe(cause)
  })
})
