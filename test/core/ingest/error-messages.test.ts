// Every sentence a failed poll ends with carries a message id of the catalogue
// (section "serverErrors" of renderer/src/i18n/locales) with the parameters
// that message names, in every language: polled over real sockets, so the ids
// are the ones the running monitor sends, and no secret rides in a parameter.
import { afterEach, describe, expect, it } from 'vitest'
import { fetchServer, type PollOutcome } from '../../../main/core/ingest/fetch-server.ts'
import type { ServerConfig, TextMessage } from '../../../main/core/types/index.ts'
import { LANGUAGE_MESSAGES, LANGUAGES, type MessageTree } from '../../../renderer/src/i18n/catalogue.ts'
import { closedPort, sendJson, startLocalServer, type LocalServer } from '../local-server.ts'

const TOKEN = 's3cr3t-token-value'
const servers: LocalServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

async function serve(...args: Parameters<typeof startLocalServer>): Promise<LocalServer> {
  const server = await startLocalServer(...args)
  servers.push(server)
  return server
}

function config(url: string, extra: Partial<ServerConfig> = {}): ServerConfig {
  return { id: 'accounting', name: 'Accounting', url, kind: 'http-json', timeoutMs: 300, intervalMs: 1000, ...extra }
}

async function failureOf(config: ServerConfig): Promise<Extract<PollOutcome, { ok: false }>> {
  const outcome = await fetchServer(config, { fetch: globalThis.fetch, now: () => Date.now() })
  if (outcome.ok) throw new Error('expected the poll to fail')
  return outcome
}

function messageAt(tree: MessageTree, id: string): string | undefined {
  const value = id
    .split('.')
    .reduce<string | MessageTree | undefined>((node, part) => (typeof node === 'object' ? node[part] : undefined), tree)
  return typeof value === 'string' ? value : undefined
}

/** Problems with a message: missing in a language, or naming a parameter the sentence does not give. */
function problemsOf(message: TextMessage | undefined): string[] {
  if (!message) return ['no message']
  const problems: string[] = []
  for (const language of LANGUAGES) {
    const text = messageAt(LANGUAGE_MESSAGES[language], message.id)
    if (text === undefined) {
      problems.push(`${language}: no ${message.id}`)
      continue
    }
    for (const [, name] of text.matchAll(/\{(\w+)\}/g))
      if (!(name! in message.params)) problems.push(`${language}: ${message.id} names {${name!}}, not given`)
  }
  return problems
}

describe('server error sentences as catalogue messages', () => {
  it('each failure of a real poll names a message every language has, with its parameters', async () => {
    const html = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end('<!doctype html><title>Login</title>')
    })
    const busy = await serve((_req, res) => sendJson(res, 503, {}, { 'retry-after': '7' }))
    const denied = await serve((_req, res) => sendJson(res, 401, {}))
    const broken = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"usage": [1, 2')
    })
    const empty = await serve((_req, res) => sendJson(res, 200, { usage: 'none' }))
    const hung = await serve(() => undefined)
    const port = await closedPort()
    const cases: [ServerConfig, string][] = [
      [config(`http://127.0.0.1:${port}/license-usage`), 'serverErrors.refused'],
      [config(html.url()), 'serverErrors.html'],
      [config(busy.url()), 'serverErrors.httpRetry'],
      [config(denied.url(), { token: TOKEN }), 'serverErrors.authToken'],
      [config(denied.url()), 'serverErrors.authNone'],
      [config(broken.url()), 'serverErrors.jsonEnd'],
      [config(empty.url()), 'serverErrors.unusable'],
      [config(hung.url()), 'serverErrors.timeout'],
      [config('ftp://srv-app-01/usage'), 'serverErrors.invalidUrl'],
      [config('http://srv-app-01.example:8080/usage', { token: TOKEN }), 'serverErrors.plainHttpToken'],
    ]
    for (const [server, id] of cases) {
      const failure = await failureOf(server)
      expect(failure.errorMessage?.id, failure.error).toBe(id)
      expect(problemsOf(failure.errorMessage), id).toEqual([])
    }
  })

  it('keeps the durations as milliseconds for each language to write', async () => {
    const hung = await serve(() => undefined)
    const failure = await failureOf(config(hung.url()))
    expect(failure.error).toBe('timed out after 300 ms')
    expect(failure.errorMessage).toEqual({ id: 'serverErrors.timeout', params: { durationMs: 300 } })
  })

  it('redacts a secret in a parameter as it does in the English sentence', async () => {
    const redirecting = await serve((_req, res) => {
      res.writeHead(302, { location: `https://elsewhere.example/usage?token=${TOKEN}` })
      res.end()
    })
    const failure = await failureOf(config(redirecting.url(), { token: TOKEN }))
    expect(failure.errorMessage?.id).toBe('serverErrors.redirect')
    expect(failure.error).not.toContain(TOKEN)
    expect(JSON.stringify(failure.errorMessage)).not.toContain(TOKEN)
    expect(String(failure.errorMessage?.params.location)).toContain('elsewhere.example')
  })
})
