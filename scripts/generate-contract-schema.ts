// Builds schema/license-usage.schema.json, the JSON Schema (draft 2020-12) of what a
// 4D Server endpoint may send, from the zod schemas the app validates with
// (main/core/ingest/payload-schema.ts), so the two cannot drift.
//
//   node scripts/generate-contract-schema.ts           writes the file
//   node scripts/generate-contract-schema.ts --check   exits 1 when the committed file is out of date
//
// zod's generator needs help in three places, each handled below with a reason:
// - A preprocess is described by its output only (productId as a number), but a server
//   may send the input side (productId as "808464441"). We ask each preprocess what it
//   accepts, by parsing probe values, and describe that. Records are normalised by one
//   preprocess per object (one zod pipe per field was the main cost of a poll), so each
//   field that preprocess converts is probed on its own, as if it had its own preprocess.
// - `required` comes from the output side too (a missing `time` becomes null, so it is
//   not required): a property is required exactly when the app refuses it missing.
// - The app validates records and License info products one by one, outside the
//   envelope schema (one odd record must not cost the rest), so the envelope says
//   `usage: unknown[]`. The contract says what each item must be.

import { readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { licenseInfoProductSchema, licenseRecordSchema, payloadSchema } from '../main/core/ingest/payload-schema.ts'

type Json = Record<string, unknown>

export const SCHEMA_FILE = 'schema/license-usage.schema.json'
export const SCHEMA_PATH = fileURLToPath(new URL(`../${SCHEMA_FILE}`, import.meta.url))
/** An identifier, not a download address: the file lives in the repository. */
export const SCHEMA_ID = 'urn:4d-license-monitor:schema:license-usage'
export const OUT_OF_DATE_MESSAGE = `${SCHEMA_FILE} is out of date: run node scripts/generate-contract-schema.ts`

/**
 * Numbers sent as text. Narrower than what the app converts (Number() also takes
 * "0x1F", " 12 " and "1e3"): the contract promises only plain decimals, and keeps
 * them short enough to stay finite.
 */
export const NUMERIC_TEXT_PATTERN = '^-?[0-9]{1,15}([.][0-9]{1,15})?$'

/** Whole numbers as text, for the fields the app reads as counts (issue 12: counts are safe integers). */
export const COUNT_TEXT_PATTERN = '^[0-9]{1,15}$'
export const WHOLE_TEXT_PATTERN = '^-?[0-9]{1,15}$'
/** 0 to 4294967295 as text: a 4D product id is four ASCII characters read as a 32-bit number. */
export const PRODUCT_ID_TEXT_PATTERN = [
  '[0-9]{1,9}',
  '[1-3][0-9]{9}',
  '4[01][0-9]{8}',
  '42[0-8][0-9]{7}',
  '429[0-3][0-9]{6}',
  '4294[0-8][0-9]{5}',
  '42949[0-5][0-9]{4}',
  '429496[0-6][0-9]{3}',
  '4294967[01][0-9]{2}',
  '42949672[0-8][0-9]',
  '429496729[0-5]',
]
  .map((part) => `^${part}$`)
  .join('|')

/** The text pattern that says the same range as the number alternative of a field. */
function numericTextPattern(options: readonly Json[]): string {
  const integer = options.find((option) => option['type'] === 'integer')
  if (!integer) return NUMERIC_TEXT_PATTERN
  if (integer['maximum'] === 0xffff_ffff) return PRODUCT_ID_TEXT_PATTERN
  return integer['minimum'] === 0 ? COUNT_TEXT_PATTERN : WHOLE_TEXT_PATTERN
}

const ISO_PROBE = '2026-11-28T09:15:02.311Z'

/** What a preprocess in payload-schema.ts does to what a server sends, found by probing it. */
type PreprocessKind = 'numeric-text' | 'number-as-text' | 'time' | 'tolerant'

function parsesTo(schema: z.ZodType, input: unknown, expected: unknown): boolean {
  const result = schema.safeParse(input)
  return result.success && result.data === expected
}

function preprocessKind(pipe: z.ZodType): PreprocessKind {
  if (parsesTo(pipe, '12', 12)) return 'numeric-text'
  if (parsesTo(pipe, 12, '12')) return 'number-as-text'
  if (parsesTo(pipe, ISO_PROBE, ISO_PROBE) && parsesTo(pipe, 'not a time', null)) return 'time'
  // objectOrNull, array-or-empty: whatever is not the right shape is dropped, never refused.
  if (pipe.safeParse('not the right shape').success) return 'tolerant'
  throw new Error('payload-schema.ts has a preprocess whose input side this script does not know: describe it in inputSideOf()')
}

function isPreprocess(schema: z.ZodType): boolean {
  return schema instanceof z.ZodPipe && schema.in instanceof z.ZodTransform
}

type ObjectPreprocess = z.ZodPipe<z.ZodTransform, z.ZodObject>

/** A preprocess that normalises the fields of an object before a plain z.object checks them. */
function isObjectPreprocess(schema: z.ZodType): schema is ObjectPreprocess {
  return isPreprocess(schema) && (schema as z.ZodPipe).out instanceof z.ZodObject
}

/** Values a field conversion would change: a field that changes none of them is not converted. */
const CONVERSION_PROBES: unknown[] = ['12', 12, 'not a time']

/** The conversion an object preprocess applies to one field, as a preprocess of that field alone; null when it leaves the field as sent. */
function fieldPreprocess(pipe: ObjectPreprocess, key: string): z.ZodType | null {
  const convert = (value: unknown): unknown => (pipe.in.parse({ [key]: value }) as Json)[key]
  if (CONVERSION_PROBES.every((value) => convert(value) === value)) return null
  return z.preprocess(convert, pipe.out.shape[key] as z.ZodType)
}

/**
 * Marks where an object preprocess lands in the generated schema. Its fields are rewritten
 * once zod has finished (it still merges and compacts nodes after calling the override).
 */
const OBJECT_PREPROCESS_MARK = 'x-object-preprocess'

/** Rewrites each converted field of the marked objects into what a server may send. */
function describeObjectPreprocesses(node: unknown, pipes: ObjectPreprocess[]): void {
  if (typeof node !== 'object' || node === null) return
  for (const child of Object.values(node)) describeObjectPreprocesses(child, pipes)
  const json = node as Json
  const mark = json[OBJECT_PREPROCESS_MARK]
  if (typeof mark !== 'number') return
  Reflect.deleteProperty(json, OBJECT_PREPROCESS_MARK)
  const pipe = pipes[mark]!
  const properties = json['properties'] as Record<string, Json>
  for (const key of Object.keys(pipe.out.shape)) {
    const field = fieldPreprocess(pipe, key)
    if (field && properties[key]) {
      inputSideOf(field, properties[key])
      compactTypes(properties[key])
    }
  }
}

/** {anyOf: [{type: a}, {type: b}]} as {type: [a, b]}, the spelling zod gives the fields it rewrites itself. */
function compactTypes(json: Json): void {
  const options = json['anyOf']
  if (!Array.isArray(options) || json['type'] !== undefined) return
  const types: unknown[] = []
  for (const option of options as Json[]) {
    const keys = Object.keys(option)
    if (keys.length !== 1 || keys[0] !== 'type' || typeof option['type'] !== 'string') return
    types.push(option['type'])
  }
  delete json['anyOf']
  json['type'] = types.length === 1 ? types[0] : types
}

/** The alternatives of a generated schema ({type: [a, b]} or {anyOf: [...]}), without its annotations. */
function alternatives(json: Json): Json[] {
  const { description: _description, ...rest } = json
  if (Array.isArray(rest['anyOf'])) return rest['anyOf'] as Json[]
  if (Array.isArray(rest['type'])) return (rest['type'] as unknown[]).map((type) => ({ type }))
  return [rest]
}

function replaceContent(json: Json, anyOf: Json[]): void {
  const description = json['description']
  for (const key of Object.keys(json)) Reflect.deleteProperty(json, key)
  if (description !== undefined) json['description'] = description
  const ordered = nullLast(anyOf)
  if (ordered.length === 1) Object.assign(json, ordered[0])
  else json['anyOf'] = ordered
}

/** Null last, so the schema reads "a number, or its text, or null". */
function nullLast(options: Json[]): Json[] {
  return [...options.filter((o) => o['type'] !== 'null'), ...options.filter((o) => o['type'] === 'null')]
}

/** Rewrites the output-side description of a preprocess into what a server may send. */
function inputSideOf(pipe: z.ZodType, json: Json): void {
  const kind = preprocessKind(pipe)
  const options = alternatives(json)
  switch (kind) {
    case 'numeric-text':
      replaceContent(json, [...options, { type: 'string', pattern: numericTextPattern(options) }])
      return
    case 'number-as-text':
      replaceContent(json, [...options, { type: 'number' }])
      return
    case 'time':
      // The app keeps a parsable time and turns anything else into null; the contract asks for a parsable one.
      replaceContent(
        json,
        options.map((option) => (option['type'] === 'string' ? { type: 'string', format: 'date-time' } : option)),
      )
      return
    case 'tolerant':
      return
  }
}

/** Required exactly when the app refuses the object without that property. */
function requiredOf(object: z.ZodObject, json: Json): void {
  const required = Object.entries(object.shape)
    .filter(([, schema]) => !(schema as z.ZodType).safeParse(undefined).success)
    .map(([key]) => key)
  if (required.length > 0) json['required'] = required
  else delete json['required']
}

function toInputJsonSchema(schema: z.ZodType): Json {
  const objectPreprocesses: ObjectPreprocess[] = []
  const json = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    override: (ctx) => {
      const node = ctx.zodSchema as unknown as z.ZodType
      if (isObjectPreprocess(node)) ctx.jsonSchema[OBJECT_PREPROCESS_MARK] = objectPreprocesses.push(node) - 1
      else if (isPreprocess(node)) inputSideOf(node, ctx.jsonSchema)
      if (node instanceof z.ZodObject) requiredOf(node, ctx.jsonSchema)
    },
  }) as Json
  describeObjectPreprocesses(json, objectPreprocesses)
  delete json['$schema']
  return json
}

function child(json: Json, path: string[], what: string): Json {
  let node: unknown = json
  for (const key of path) {
    node = typeof node === 'object' && node !== null ? (node as Json)[key] : undefined
  }
  if (typeof node !== 'object' || node === null)
    throw new Error(`the generated schema has no ${what} at ${path.join('/')}: payload-schema.ts changed shape`)
  return node as Json
}

/** The object alternative of an {anyOf: [object, null]}. */
function objectAlternative(json: Json, what: string): Json {
  const found = alternatives(json).find((option) => option['type'] === 'object')
  if (!found) throw new Error(`the generated schema has no object for ${what}: payload-schema.ts changed shape`)
  return found
}

/** Items the app validates one by one: the contract names their schema. */
function itemsMustBe(array: Json, ref: string, what: string): void {
  if (array['type'] !== 'array' || Object.keys(child(array, ['items'], what)).length > 0) {
    throw new Error(`${what} is no longer a list of unknown items in payload-schema.ts: update generate-contract-schema.ts`)
  }
  array['items'] = { $ref: ref }
}

export function buildContractSchema(): Json {
  const payload = toInputJsonSchema(payloadSchema)
  const [envelope, usage] = alternatives(payload)
  if (!envelope || !usage || envelope['type'] !== 'object')
    throw new Error('payloadSchema is no longer "envelope or bare array": update generate-contract-schema.ts')

  itemsMustBe(child(envelope, ['properties', 'usage'], 'usage'), '#/$defs/licenseRecord', 'envelope usage')
  itemsMustBe(usage, '#/$defs/licenseRecord', 'the bare License usage array')
  const licenseInfo = objectAlternative(child(envelope, ['properties', 'licenseInfo'], 'licenseInfo'), 'licenseInfo')
  itemsMustBe(child(licenseInfo, ['properties', 'products'], 'licenseInfo.products'), '#/$defs/licenseInfoProduct', 'licenseInfo.products')
  usage['description'] = 'A bare `License usage` collection, as the 4D command returns it'

  return sortKeys({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: SCHEMA_ID,
    title: '4D License Monitor: License usage payload',
    description:
      'What a 4D Server endpoint returns to the 4D License Monitor: the contract object, or a bare `License usage` collection. ' +
      'A REST function wraps it as {"result": ...}. Numbers may arrive as decimal text, descriptive text as numbers, ' +
      'fields may be null, and unknown extra fields are allowed everywhere.',
    $comment:
      `Generated from main/core/ingest/payload-schema.ts by scripts/generate-contract-schema.ts; do not edit by hand. ` +
      'The app is more tolerant than this contract: it drops an invalid record and keeps the others, turns an ' +
      'unparsable time into null, ignores a server or licenseInfo that is not an object, and converts any text Number() reads.',
    anyOf: [{ $ref: '#/$defs/envelope' }, { $ref: '#/$defs/usage' }],
    $defs: {
      envelope,
      usage,
      licenseRecord: toInputJsonSchema(licenseRecordSchema),
      licenseInfoProduct: toInputJsonSchema(licenseInfoProductSchema),
    },
  })
}

const KEY_ORDER = [
  '$schema',
  '$id',
  '$ref',
  'title',
  'description',
  '$comment',
  'type',
  'format',
  'pattern',
  'anyOf',
  'properties',
  'required',
  'items',
  'additionalProperties',
  '$defs',
]

/** Keywords in a fixed, readable order; property names keep the order of the zod shape. */
function sortKeys(value: unknown, parentKey = ''): Json {
  if (Array.isArray(value)) return value.map((item) => sortKeys(item)) as unknown as Json
  if (typeof value !== 'object' || value === null) return value as Json
  const keys = Object.keys(value)
  if (parentKey !== 'properties' && parentKey !== '$defs') keys.sort(compareKeywords)
  return Object.fromEntries(keys.map((key) => [key, sortKeys((value as Json)[key], key)]))
}

function compareKeywords(a: string, b: string): number {
  const rank = (key: string) => (KEY_ORDER.includes(key) ? KEY_ORDER.indexOf(key) : KEY_ORDER.length)
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0)
}

export function renderContractSchema(): string {
  return `${JSON.stringify(buildContractSchema(), null, 2)}\n`
}

async function readCommitted(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8')
  } catch {
    return null
  }
}

/** `--file <path>` points at another copy (tests use it to check a stale file without touching the real one). */
function targetPath(args: string[]): string {
  const index = args.indexOf('--file')
  return index >= 0 && args[index + 1] ? args[index + 1]! : SCHEMA_PATH
}

async function main(args: string[]): Promise<number> {
  const path = targetPath(args)
  const generated = renderContractSchema()
  if (args.includes('--check')) {
    if ((await readCommitted(path)) === generated) return 0
    console.error(path === SCHEMA_PATH ? OUT_OF_DATE_MESSAGE : `${path} is out of date: run node scripts/generate-contract-schema.ts`)
    return 1
  }
  await writeFile(path, generated)
  console.log(`wrote ${path === SCHEMA_PATH ? SCHEMA_FILE : path}`)
  return 0
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2))
}
