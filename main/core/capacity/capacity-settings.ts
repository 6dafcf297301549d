// Capacity settings: the margin kept above the highest daily peak, and the
// user groups (a name per user-name pattern). Kept in
// <data>/capacity-config.json by both hosts and read by the CLI from the same
// --data folder, so the figures are the same wherever they are computed.
// A setting that cannot be used never stops the figures: the defaults apply
// and a sentence says why.
import { existsSync, readFileSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { CapacitySettings } from '../types/index.ts'
import type { HolderKey } from './holders.ts'
import { fileErrorReason, writeFileAtomically } from '../util/atomic-file.ts'

export const CAPACITY_CONFIG_FILE = 'capacity-config.json'
export const DEFAULT_CAPACITY_SETTINGS: Readonly<CapacitySettings> = Object.freeze({ margin: 3, groups: [] })
export const NO_GROUP = '(no group)'

const patternSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(200, 'is at most 200 characters')
  .refine((text) => !/[[\]]/.test(text), 'may use * and ? but not [ or ]')

const settingsSchema = z.strictObject({
  margin: z.number().int('must be a whole number').min(0, 'must be at least 0').max(10_000, 'must be at most 10000').optional(),
  groups: z
    .array(
      z.strictObject({
        name: z.string().trim().min(1, 'must not be empty').max(200, 'is at most 200 characters'),
        patterns: z.array(patternSchema).min(1, 'must hold at least one pattern').max(200, 'hold at most 200 patterns'),
      }),
    )
    .max(500, 'hold at most 500 groups')
    .optional(),
})

export type ParsedCapacitySettings = { ok: true; settings: CapacitySettings } | { ok: false; error: string }

/** A field of the settings in words ("pattern 2 of group 1"), for sentences a person reads. */
function fieldWords(path: readonly PropertyKey[]): string {
  const [top, group, part, pattern] = path
  if (top === 'margin') return 'the margin'
  if (top !== 'groups') return 'the settings'
  if (typeof group !== 'number') return 'the groups'
  const which = `group ${String(group + 1)}`
  if (part === 'name') return `the name of ${which}`
  if (part === 'patterns') return typeof pattern === 'number' ? `pattern ${String(pattern + 1)} of ${which}` : `the patterns of ${which}`
  return which
}

const EXPECTED_WORDS: Record<string, string> = { number: 'a number', string: 'text', array: 'a list', object: 'an object' }

export function parseCapacitySettings(value: unknown): ParsedCapacitySettings {
  const parsed = settingsSchema.safeParse(value ?? {})
  if (parsed.success) return { ok: true, settings: { ...DEFAULT_CAPACITY_SETTINGS, ...parsed.data } }
  const issue = parsed.error.issues[0]
  if (issue === undefined) return { ok: false, error: 'Capacity settings: not valid.' }
  if (issue.code === 'unrecognized_keys')
    return {
      ok: false,
      error: `Capacity settings: unknown field ${issue.keys.map((key) => `"${key}"`).join(', ')}${issue.path.length > 0 ? ` in ${fieldWords(issue.path)}` : ''}.`,
    }
  // zod's own words for a wrong type ("Invalid input: expected number, received string") are not a person's; a fraction is refused by .int() as a type.
  const expected = issue.code === 'invalid_type' ? EXPECTED_WORDS[issue.expected] : undefined
  const message = expected === undefined ? issue.message : `must be ${expected}`
  return { ok: false, error: `Capacity settings: ${fieldWords(issue.path)} ${message}.` }
}

/** The settings in `<dataDir>/capacity-config.json`, or the defaults with a sentence when it cannot be used. */
export function loadCapacitySettings(dataDir: string): { settings: CapacitySettings; problem: string | null } {
  const file = join(dataDir, CAPACITY_CONFIG_FILE)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return { settings: { ...DEFAULT_CAPACITY_SETTINGS }, problem: null }
    return {
      settings: { ...DEFAULT_CAPACITY_SETTINGS },
      problem: `The capacity settings file ${file} could not be read (${code ?? String(error)}); the defaults apply.`,
    }
  }
  let value: unknown
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    return {
      settings: { ...DEFAULT_CAPACITY_SETTINGS },
      problem: `The capacity settings file ${file} is not valid JSON; the defaults apply.`,
    }
  }
  const parsed = parseCapacitySettings(value)
  if (parsed.ok) return { settings: parsed.settings, problem: null }
  return { settings: { ...DEFAULT_CAPACITY_SETTINGS }, problem: `${parsed.error.replace(/\.$/, '')} in ${file}; the defaults apply.` }
}

export type SavedCapacitySettings = { ok: true; settings: CapacitySettings; keptAside: string | null } | { ok: false; error: string }

/**
 * Validates and saves the settings to `<dataDir>/capacity-config.json`
 * (temporary file and rename). A file there that could not be used (by hand,
 * or from a newer version) is not overwritten: it is renamed aside first and
 * its new name returned, so nothing the admin wrote is lost.
 */
export function saveCapacitySettings(dataDir: string, value: unknown, now: number = Date.now()): SavedCapacitySettings {
  const parsed = parseCapacitySettings(value)
  if (!parsed.ok) return parsed
  const file = join(dataDir, CAPACITY_CONFIG_FILE)
  let keptAside: string | null = null
  try {
    if (existsSync(file) && loadCapacitySettings(dataDir).problem !== null) {
      keptAside = join(dataDir, `capacity-config.unusable-${new Date(now).toISOString().replace(/[:.]/g, '-')}.json`)
      renameSync(file, keptAside)
    }
    writeFileAtomically(file, `${JSON.stringify(parsed.settings, null, 2)}\n`)
  } catch (error) {
    return { ok: false, error: `The capacity settings could not be saved to ${file} (${fileErrorReason(error)}).` }
  }
  return { ok: true, settings: parsed.settings, keptAside }
}

/**
 * The group of each holding's user as SQL: the first group with a matching
 * pattern wins. Patterns are GLOBs on the lower-cased name (SQLite's lower()
 * folds ASCII letters only, so "É" and "é" are different letters here).
 */
export function groupKey(groups: readonly CapacitySettings['groups'][number][]): HolderKey {
  const whens: string[] = []
  const params: string[] = []
  for (const group of groups) {
    for (const pattern of group.patterns) {
      whens.push("WHEN lower(coalesce(user_name, '')) GLOB ? THEN ?")
      params.push(pattern.toLowerCase(), group.name)
    }
  }
  if (whens.length === 0) return { sql: `'${NO_GROUP}'`, params: [] }
  return { sql: `CASE ${whens.join(' ')} ELSE '${NO_GROUP}' END`, params }
}
