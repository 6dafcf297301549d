// Capacity settings: the margin kept above the highest daily peak, and the
// user groups (a name per user-name pattern). Kept in
// <data>/capacity-config.json by both hosts and read by the CLI from the same
// --data folder, so the figures are the same wherever they are computed.
// A setting that cannot be used never stops the figures: the defaults apply
// and a sentence says why.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { CapacitySettings } from '../types/index.ts'
import type { HolderKey } from './holders.ts'

export const CAPACITY_CONFIG_FILE = 'capacity-config.json'
export const DEFAULT_CAPACITY_SETTINGS: Readonly<CapacitySettings> = Object.freeze({ margin: 3, groups: [] })
export const NO_GROUP = '(no group)'

const patternSchema = z
  .string()
  .min(1, 'a pattern must not be empty')
  .max(200, 'a pattern is at most 200 characters')
  .refine((text) => !/[[\]]/.test(text), 'a pattern may use * and ? but not [ or ]')

const settingsSchema = z.strictObject({
  margin: z.number().int('must be a whole number').min(0, 'must be at least 0').max(10_000, 'must be at most 10000').optional(),
  groups: z
    .array(z.strictObject({ name: z.string().min(1).max(200), patterns: z.array(patternSchema).min(1).max(200) }))
    .max(500)
    .optional(),
})

export type ParsedCapacitySettings = { ok: true; settings: CapacitySettings } | { ok: false; error: string }

export function parseCapacitySettings(value: unknown): ParsedCapacitySettings {
  const parsed = settingsSchema.safeParse(value ?? {})
  if (parsed.success) return { ok: true, settings: { ...DEFAULT_CAPACITY_SETTINGS, ...parsed.data } }
  const issue = parsed.error.issues[0]
  if (issue?.code === 'unrecognized_keys')
    return { ok: false, error: `Capacity settings: unknown field ${issue.keys.map((key) => `"${key}"`).join(', ')}.` }
  const where = issue && issue.path.length > 0 ? `"${issue.path.map(String).join('.')}" ` : ''
  return { ok: false, error: `Capacity settings: ${where}${issue?.message ?? 'not valid'}.` }
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
