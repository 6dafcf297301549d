// The answers and server entries that the docs show an admin are real: each marked code
// block is read from the Markdown itself, so the docs cannot drift from the contract
// (schema/license-usage.schema.json) or from what the monitor's configuration accepts.

import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { fileURLToPath } from 'node:url'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, it, vi } from 'vitest'
import { parseServersFile } from '../../main/core/servers/servers-file.ts'
import { parsePayload, unwrapRestResult } from '../../main/core/ingest/payload-schema.ts'
import { SETTINGS_SCHEMA } from '../../main/electron/settings.ts'
import { migrateSettings } from '../../main/electron/settings-migrations.ts'
import { contractErrors, createContractValidator } from './contract-validator.ts'

// settings.ts imports electron for its app paths; only its schema is used here.
vi.mock('electron', () => {
  const app = { getPath: () => tmpdir() }
  return { app, default: { app, ipcMain: {}, shell: {} } }
})

const COMPONENT_README = '4d-component/README.md'
const SETUP_GUIDE = 'docs/setup-4d-server.md'
const contract = createContractValidator()

function readDoc(path: string): string {
  return readFileSync(fileURLToPath(new URL(`../../${path}`, import.meta.url)), 'utf8')
}

/** The ```json blocks that directly follow a `<!-- marker...-->` line, numbered for test names. */
function markedBlocks(path: string, marker: string): { name: string; json: unknown }[] {
  const pattern = new RegExp(`^<!-- ${marker}[ :][^\\n]*-->\\n\`\`\`json\\n([\\s\\S]*?)\\n\`\`\`$`, 'gm')
  return [...readDoc(path).matchAll(pattern)].map((match, index) => {
    const text = match[1] ?? ''
    try {
      return { name: `${path} ${marker} #${index + 1}`, json: JSON.parse(text) as unknown }
    } catch (error) {
      throw new Error(`${path}: the ${marker} block #${index + 1} is not valid JSON (${(error as Error).message})`)
    }
  })
}

function expectContractPayload(body: unknown): void {
  expect(contractErrors(contract.payload, body)).toEqual([])
  const parsed = parsePayload(body)
  expect(parsed.ok && parsed.payload.invalidCount).toBe(0)
  expect(parsed.ok && parsed.payload.records.length).toBeGreaterThan(0)
}

describe("the 4D code's documented answer", () => {
  const blocks = markedBlocks(COMPONENT_README, 'contract-example')

  it('is marked in 4d-component/README.md', () => {
    expect(blocks).toHaveLength(1)
  })

  it.each(blocks)('$name validates against the contract and parses whole', ({ json }) => {
    expectContractPayload(json)
  })
})

describe('the setup guide', () => {
  const answers = markedBlocks(SETUP_GUIDE, 'contract-example')
  const restAnswers = markedBlocks(SETUP_GUIDE, 'contract-example-rest')
  const serverLists = markedBlocks(SETUP_GUIDE, 'servers-json-example')

  it('marks its example answers and server lists', () => {
    expect(answers).toHaveLength(2)
    expect(restAnswers).toHaveLength(1)
    expect(serverLists).toHaveLength(3)
  })

  it.each(answers)('$name validates against the contract and parses whole', ({ json }) => {
    expectContractPayload(json)
  })

  it.each(restAnswers)('$name, unwrapped from {"result": ...}, validates too', ({ json }) => {
    const unwrapped = unwrapRestResult(json)
    expect(unwrapped.ok).toBe(true)
    if (unwrapped.ok) expectContractPayload(unwrapped.value)
  })

  it.each(serverLists)('$name is accepted by the servers.json loader', ({ json }) => {
    const servers = parseServersFile(JSON.stringify(json), 'example')
    expect(servers.length).toBeGreaterThan(0)
    for (const server of servers) expect(server.token).toBeTruthy()
  })

  // The desktop app takes the same list as version-1 settings: migrated (ids written, tokens
  // encrypted out of the list), it must match the settings schema, which requires `kind`.
  const validateStored = new Ajv2020({ strict: false, allErrors: true }).compile(SETTINGS_SCHEMA.servers)

  it.each(serverLists)('$name is accepted by the desktop app settings schema', ({ json }) => {
    const servers = structuredClone((json as { servers: unknown[] }).servers)
    const migrated = migrateSettings({ servers }, (plaintext) => Buffer.from(plaintext).toString('base64')).settings as {
      servers: unknown[]
    }
    const valid = validateStored(migrated.servers)
    expect(validateStored.errors ?? []).toEqual([])
    expect(valid).toBe(true)
  })

  it('names every server kind the monitor supports', () => {
    const kinds = serverLists.flatMap(({ json }) => (json as { servers: { kind: string }[] }).servers.map((s) => s.kind))
    expect(new Set(kinds)).toEqual(new Set(['http-json', 'rest-function']))
  })
})
