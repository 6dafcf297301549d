// Where the server list is kept. Two implementations: a JSON file for the
// served mode (file-persistence.ts) and electron-store with safeStorage for
// the app (main/electron/server-store.ts). The list itself never holds a
// secret; each persistence keeps secrets its own way and attaches them only
// to the configs the poller uses.
import type { SecretRef } from '../ingest/config-secrets.ts'
import type { LocalText, ServerConfig } from '../types/index.ts'
import type { SecretStatusView } from './server-types.ts'
import type { ServerRecord } from './server-record.ts'

/** "Keep the saved secret": a symbol, so no secret value (not even the text "keep") can be mistaken for it. */
export const KEEP_SECRET: unique symbol = Symbol('keep the saved secret')

/** For one server on save: a new secret, KEEP_SECRET (if the auth type still uses it), or null for none. */
export type SecretChange = SecretRef | typeof KEEP_SECRET | null

export interface ServerPersistence {
  /** 'value': secrets may be given as values (and are encrypted); 'env': only as environment variable names. */
  readonly secretInput: 'value' | 'env'
  read(): ServerRecord[]
  /** Saves the whole list at once; `secrets` by server id (absent = KEEP_SECRET). Throws a sentence when it cannot. */
  write(records: ServerRecord[], secrets: ReadonlyMap<string, SecretChange>): void
  secretStatus(record: ServerRecord): SecretStatusView
  /** The poller's config of a saved server, its secret attached. */
  toConfig(record: ServerRecord): ServerConfig
  /** The plaintext secret saved for this server, for "Test connection" of a draft that keeps it; null when none. Throws a sentence when it can no longer be read. */
  savedSecret(record: ServerRecord): string | null
  /** A CA file path as the poller will read it (relative paths: from the folder of the servers file). */
  resolveCaPath(caFile: string): string
  /** What the page must say before a secret is saved (no keyring), in English and as a message; null when secrets are protected. */
  storageWarning(): LocalText | null
  /**
   * What the saved list already names outside itself: environment variables and CA files. The
   * served page may name only these (see validate.ts); absent where the page is the app's own
   * window and types secrets itself (the desktop app).
   */
  references?(): PageReferences
}

export interface PageReferences {
  envNames: ReadonlySet<string>
  caFiles: ReadonlySet<string>
}
