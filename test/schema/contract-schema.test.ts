// The committed JSON Schema of the contract: generated from the app's zod schemas (no drift),
// and checked with ajv against the sample payloads and against parsePayload itself.

import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parsePayload } from '../../main/core/ingest/payload-schema.ts'
import { OUT_OF_DATE_MESSAGE, SCHEMA_PATH, renderContractSchema } from '../../scripts/generate-contract-schema.ts'
import { contractErrors, createContractValidator } from './contract-validator.ts'

const run = promisify(execFile)
const SCRIPT = fileURLToPath(new URL('../../scripts/generate-contract-schema.ts', import.meta.url))
const FIXTURES = fileURLToPath(new URL('../fixtures/payloads/', import.meta.url))
const INVALID = join(FIXTURES, 'invalid')
const contract = createContractValidator()

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'))
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
}

/** Runs the generator script as an admin or CI would; resolves with its exit code and output. */
async function runScript(args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run(process.execPath, [SCRIPT, ...args])
    return { code: 0, stderr }
  } catch (error) {
    const failed = error as { code?: number; stderr?: string }
    return { code: failed.code ?? -1, stderr: failed.stderr ?? '' }
  }
}

describe('schema/license-usage.schema.json', () => {
  it('is exactly what the zod schemas generate', async () => {
    expect(await readFile(SCHEMA_PATH, 'utf8')).toBe(renderContractSchema())
  })

  describe('the --check command', () => {
    let dir = ''
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'contract-schema-'))
    })
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true })
    })

    it('passes on the committed file', async () => {
      expect(await runScript(['--check'])).toEqual({ code: 0, stderr: '' })
    })

    it('exits 1 with a sentence naming the file when a copy has drifted', async () => {
      const stale = join(dir, 'stale.schema.json')
      await writeFile(stale, renderContractSchema().replace('"productId"', '"productID"'))
      const result = await runScript(['--check', '--file', stale])
      expect(result.code).toBe(1)
      expect(result.stderr).toContain(`${stale} is out of date: run node scripts/generate-contract-schema.ts`)
    })

    it('names the committed file and the command to run in its message', () => {
      expect(OUT_OF_DATE_MESSAGE).toBe('schema/license-usage.schema.json is out of date: run node scripts/generate-contract-schema.ts')
    })
  })
})

/** Valid for the app, but on purpose not for the contract: one record lacks its productId. */
const BREAKS_CONTRACT_ON_PURPOSE: Record<string, string[]> = {
  'partly-invalid.json': ['/usage/2/productId'],
}

describe('sample payloads (test/fixtures/payloads)', () => {
  const conforming = jsonFiles(FIXTURES).filter((file) => !(file in BREAKS_CONTRACT_ON_PURPOSE))

  it('has conforming fixtures to check', () => {
    expect(conforming.length).toBeGreaterThanOrEqual(8)
  })

  it.each(conforming)('%s validates', (file) => {
    expect(contractErrors(contract.payload, readJson(join(FIXTURES, file)))).toEqual([])
  })

  it.each(Object.entries(BREAKS_CONTRACT_ON_PURPOSE))(
    '%s: the app keeps the good records, the contract names the bad one',
    (file, paths) => {
      const body = readJson(join(FIXTURES, file))
      expect(contractErrors(contract.payload, body)).toEqual(expect.arrayContaining(paths))
      const parsed = parsePayload(body)
      expect(parsed.ok && parsed.payload.invalidCount).toBe(paths.length)
    },
  )

  const invalid: Record<string, string[]> = {
    'missing-product-id.json': ['/usage/0/productId', '/usage/1/productId'],
    'usage-not-a-collection.json': ['/usage'],
    'wrong-types.json': ['/usage/0/token', '/usage/1/productId', '/usage/2/productName', '/usage/2/token'],
  }

  it('has an expectation for every invalid fixture', () => {
    expect(Object.keys(invalid).sort()).toEqual(jsonFiles(INVALID))
  })

  it.each(Object.entries(invalid))('invalid/%s is rejected with the path of each error', (file, paths) => {
    const errors = contractErrors(contract.payload, readJson(join(INVALID, file)))
    expect(errors).toEqual(expect.arrayContaining(paths))
    // Nothing else in these records is wrong: the schema must not blame valid fields.
    expect(errors.filter((path) => path.startsWith('/usage/'))).toEqual(paths.filter((path) => path.startsWith('/usage/')))
  })
})
