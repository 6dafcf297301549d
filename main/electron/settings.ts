// Settings on disk (electron-store, JSON schema checked). The servers list is
// stored without required ids: an id is derived from the name when absent.
// A corrupt file is moved aside, never fatal, and never quoted in a log:
// it may hold server tokens.
import { existsSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { app } from 'electron'
import Store from 'electron-store'
import type { ServerConfig } from '../core/types.ts'

export interface StoredSettings {
  servers: Array<Omit<ServerConfig, 'id'> & { id?: string }>
  /** Default poll interval for servers that set none. */
  intervalMs: number
  /** Default request timeout for servers that set none (kept at most the interval). */
  timeoutMs: number
}

export const DEFAULT_SETTINGS: Readonly<StoredSettings> = Object.freeze({ servers: [], intervalMs: 5000, timeoutMs: 4000 })

const SERVER_SCHEMA = {
  type: 'object',
  required: ['name', 'url', 'kind'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', minLength: 1 },
    name: { type: 'string', minLength: 1 },
    url: { type: 'string', minLength: 1 },
    kind: { enum: ['http-json', 'rest-function'] },
    machine: { type: 'string' },
    token: { type: 'string' },
    allowPlainHttpCredentials: { type: 'boolean' },
    intervalMs: { type: 'integer', minimum: 250 },
    timeoutMs: { type: 'integer', minimum: 100 },
    maxBodyBytes: { type: 'integer', minimum: 1024 },
  },
} as const

export const SETTINGS_SCHEMA = {
  servers: { type: 'array', items: SERVER_SCHEMA, default: [] },
  intervalMs: { type: 'integer', minimum: 250, default: DEFAULT_SETTINGS.intervalMs },
  timeoutMs: { type: 'integer', minimum: 100, default: DEFAULT_SETTINGS.timeoutMs },
} as const

export interface AppSettings {
  /** Absolute path of the settings file. */
  path: string
  /** Servers with ids and the default interval/timeout filled in. */
  servers(): ServerConfig[]
  /** A sentence telling the user their settings file was unreadable and where it went; null when it was fine. */
  recovery: string | null
}

export interface SettingsOptions {
  /** Folder of the settings file (default: Electron's userData). */
  cwd?: string
  log?: (line: string) => void
}

/** Why a store could not be opened, without quoting the file (a JSON parse error would). */
function describeProblem(error: unknown): string {
  if (error instanceof SyntaxError) return 'it is not valid JSON'
  const message = error instanceof Error ? error.message : String(error)
  const schema = /^Config schema violation: (.*)$/s.exec(message)
  return schema ? `it does not match the settings schema: ${schema[1]}` : message
}

function openStore(cwd: string): Store<StoredSettings> {
  return new Store<StoredSettings>({ cwd, name: 'settings', schema: SETTINGS_SCHEMA, clearInvalidConfig: false })
}

export function setupSettings(options: SettingsOptions = {}): AppSettings {
  const log = options.log ?? ((line: string) => console.warn(line))
  const cwd = options.cwd ?? app.getPath('userData')
  let store: Store<StoredSettings>
  let recovery: string | null = null
  try {
    store = openStore(cwd)
    void store.store // reads and validates the file now, not at the first use
  } catch (error) {
    const path = join(cwd, 'settings.json')
    const backup = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`
    if (existsSync(path)) renameSync(path, backup)
    recovery = `The settings file ${path} could not be read (${describeProblem(error)}); it was moved to ${backup} and default settings are used.`
    log(recovery)
    store = openStore(cwd)
  }
  return { path: store.path, servers: () => withIdsAndDefaults(store.store), recovery }
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'server'
}

/** Fills ids (unique, from the name) and the default interval and timeout. */
export function withIdsAndDefaults(settings: StoredSettings): ServerConfig[] {
  const taken = new Set(settings.servers.flatMap((server) => (server.id ? [server.id] : [])))
  return settings.servers.map((server) => {
    let id = server.id
    if (!id) {
      const base = slug(server.name)
      id = base
      for (let n = 2; taken.has(id); n++) id = `${base}-${n}`
      taken.add(id)
    }
    const intervalMs = server.intervalMs ?? settings.intervalMs
    const timeoutMs = Math.min(server.timeoutMs ?? settings.timeoutMs, intervalMs)
    return { ...server, id, intervalMs, timeoutMs }
  })
}
