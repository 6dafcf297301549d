// What the served page may ask of the monitor: only what the servers file
// already allows. A canary secret sits in an environment variable the file
// names; a trap server (a URL the page picks) records every request, and no
// request may ever carry the canary, whatever the page sends.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFilePersistence } from '../../../main/core/servers/file-persistence.ts'
import { createServerList, type ServerListService } from '../../../main/core/servers/server-list.ts'
import { draftOf, emptyDraft } from '../../../main/core/servers/server-record.ts'
import type { ServerDraft } from '../../../main/core/types/index.ts'

const CANARY = 'canary-page-limit-4e7d'
const ENV = { SALES_TOKEN: CANARY, PATH_LIKE: CANARY }

let dir: string
let trap: Server
let trapUrl: string
let seen: IncomingHttpHeaders[]
let saved: Server
let savedUrl: string
let savedSeen: IncomingHttpHeaders[]

function listen(record: IncomingHttpHeaders[]): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    record.push(request.headers)
    response.writeHead(200, { 'content-type': 'application/json' }).end('[]')
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/usage` })),
  )
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lm-page-limits-'))
  seen = []
  savedSeen = []
  ;({ server: trap, url: trapUrl } = await listen(seen))
  ;({ server: saved, url: savedUrl } = await listen(savedSeen))
  writeFileSync(join(dir, 'ca.pem'), 'not used')
  writeFileSync(
    join(dir, 'servers.json'),
    JSON.stringify({ servers: [{ name: 'Sales', url: savedUrl, auth: { type: 'bearer', token: { env: 'SALES_TOKEN' } } }] }),
  )
})
afterEach(async () => {
  await Promise.all([trap, saved].map((server) => new Promise((resolve) => server.close(resolve))))
  rmSync(dir, { recursive: true, force: true })
})

function service(): ServerListService {
  return createServerList({
    persistence: createFilePersistence({ path: join(dir, 'servers.json'), env: ENV, log: () => undefined }),
    apply: () => undefined,
    env: ENV,
  })
}

const savedDraft = (list: ServerListService): ServerDraft => draftOf(list.list().servers[0]!)
const newDraft = (overrides: Partial<ServerDraft>): ServerDraft => ({
  ...emptyDraft(),
  name: 'Trap',
  url: trapUrl,
  authType: 'bearer',
  ...overrides,
})

describe('the served page asks only what the servers file allows', () => {
  it('never sends the canary to a URL the page picked, however the draft is put', async () => {
    const list = service()
    const attempts: ServerDraft[] = [
      newDraft({ secretEnv: 'SALES_TOKEN' }), // a variable the file uses, to a new URL
      newDraft({ secretEnv: 'PATH_LIKE' }), // a variable the file does not use
      newDraft({ secretEnv: 'PATH_LIKE', allowPlainHttpCredentials: true, url: trapUrl.replace('127.0.0.1', 'localhost') }),
      { ...savedDraft(list), url: trapUrl }, // the saved server, its kept secret, another URL
      { ...savedDraft(list), url: trapUrl, secretEnv: 'SALES_TOKEN' },
    ]
    for (const draft of attempts) {
      const result = await list.testConnection(draft)
      expect(result.ok).toBe(false)
      expect(JSON.stringify(result)).not.toContain(CANARY)
    }
    expect(seen).toEqual([])
    // The same, through a save: refused before anything is written or polled.
    const before = readFileSync(join(dir, 'servers.json'), 'utf8')
    const outcome = await list.save([savedDraft(list), newDraft({ secretEnv: 'PATH_LIKE' })])
    expect(outcome).toMatchObject({ status: 'invalid', problems: [{ index: 1, field: 'secretEnv' }] })
    expect(readFileSync(join(dir, 'servers.json'), 'utf8')).toBe(before)
  })

  it('a saved server is tested at its saved URL with its secret, and a new one may use the variable suggested for it', async () => {
    const list = service()
    expect(await list.testConnection(savedDraft(list))).toMatchObject({ ok: true })
    expect(savedSeen.map((headers) => headers.authorization)).toEqual([`Bearer ${CANARY}`])
    expect(list.validate([savedDraft(list), newDraft({ secretEnv: 'TRAP_TOKEN' })])).toEqual([])
    expect(list.validate([savedDraft(list), newDraft({ secretEnv: 'SALES_TOKEN' })])).toEqual([])
  })

  it('names no new CA file, and never says whether one exists', () => {
    const list = service()
    const https = (caFile: string) => newDraft({ url: 'https://trap.example/x', authType: 'none', caFile })
    const existing = list.validate([savedDraft(list), https(join(dir, 'ca.pem'))])
    const missing = list.validate([savedDraft(list), https(join(dir, 'nope.pem'))])
    expect(existing).toEqual([
      {
        index: 1,
        field: 'caFile',
        message: 'CA file: must be a CA file the servers file already uses; name a new one in the file itself',
        sentence: { id: 'servers.validation.caFileNotInFile', params: {} },
      },
    ])
    expect(missing).toEqual(existing)
    expect(missing.map((problem) => problem.message)).toEqual(existing.map((problem) => problem.message))
  })

  it('an import keeps no variable the file does not name, and says so', async () => {
    const list = service()
    const outcome = await list.importJson(
      JSON.stringify({
        servers: [{ name: 'Other', url: 'https://other.example/x', auth: { type: 'bearer', token: { env: 'PATH_LIKE' } } }],
      }),
    )
    expect(outcome.entries[0]).toMatchObject({
      status: 'added',
      needsSecret: true,
      notes: [expect.stringMatching(/^The variable PATH_LIKE was not taken/)],
      noteMessages: [{ id: 'servers.import.variableNotTaken', params: { name: 'PATH_LIKE' } }],
    })
    const written = readFileSync(join(dir, 'servers.json'), 'utf8')
    expect(written).not.toContain('PATH_LIKE')
    expect(written).toContain('OTHER_TOKEN')
  })
})
