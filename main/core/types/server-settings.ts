// Types only: the renderer type-checks this file (tsconfig.web.json), so nothing here may import a runtime module.
import type { EndpointKind, ServerAuth, TextMessage } from './index.ts'

// Server settings as the contract carries them (issue 5): main/core/servers/ checks and keeps
// them. No secret value ever travels from the backend to the page; the page may send one
// (Electron, where it is encrypted at once) or name an environment variable (served mode).

export type AuthType = ServerAuth['type']

/** Whether a server's token or password is saved; `env` names the variable it comes from (served mode). */
export interface SecretStatusView {
  state: 'set' | 'not set'
  env?: string
}

/** One server as the form edits it: flat, every field present, '' for "none". */
export interface ServerDraft {
  /** Absent for a server not saved yet. */
  id?: string
  name: string
  url: string
  kind: EndpointKind
  /** Machine label; '' = from the payload or the URL's host. */
  machine: string
  intervalMs: number
  timeoutMs: number
  authType: AuthType
  /** basic and rest-login. */
  username: string
  /** A new token or password (Electron only); '' keeps the saved one. */
  secret: string
  /** The environment variable holding the token or password (served mode); '' keeps the saved one. */
  secretEnv: string
  /** PEM file of CA certificates to trust for this server; ''= none. */
  caFile: string
  /** SHA-256 fingerprint of the server's certificate to trust; '' = none. */
  fingerprint256: string
  allowPlainHttpCredentials: boolean
  enabled: boolean
}

/** A saved server as listed: the draft's fields without secrets, plus whether its secret is set. */
export type ServerListEntry = Omit<ServerDraft, 'id' | 'secret' | 'secretEnv'> & { id: string; secret: SecretStatusView }

/** What a server's URL host says about its machine, resolved once when the list was loaded or saved (issue 18). */
export interface HostMachineView {
  /** The machine id the host gives (a label or the server's own answer still wins). */
  machine: string
  /** The addresses it resolved to, as machine ids ("localhost" for loopback); empty when not looked up or not found. */
  addresses: string[]
  /** Why, in a sentence: "srv-app-01, 10.0.0.5 resolve to 10.0.0.5: one machine". */
  reason: string
  /** `reason` as a servers.hosts.* message, for the page's language; absent from older backends. */
  reasonMessage?: TextMessage
}

export interface ServerList {
  servers: ServerListEntry[]
  /** By server id, for the enabled servers without a machine label: what their host resolved to (absent before the first resolution). */
  hostMachines?: Record<string, HostMachineView>
  /** 'value': the form may take a token or password (Electron, encrypted); 'env': only an environment variable name (served mode). */
  secretInput: 'value' | 'env'
  /** A sentence to show before a secret is saved (no keyring); null when secrets are protected. */
  storageWarning: string | null
  /** `storageWarning` as a catalogue message (desktop.secrets.*), for the page's language; absent from older backends. */
  storageWarningMessage?: TextMessage
}

export type DraftField = keyof ServerDraft

/**
 * One thing to fix, on the field the admin should change. `message` is the English sentence,
 * after the field's label ("URL: must be an http or https URL"); `sentence` is the part after
 * the label as a message id (servers.validation.*) and parameters, the whole sentence when the
 * field is 'list'. The page puts it after the label in its language; an older backend sends
 * no `sentence`, and the English is shown.
 */
export interface FieldProblem {
  field: DraftField | 'list'
  message: string
  sentence?: TextMessage
}

/** A FieldProblem of one server of a list; index into the list given. */
export interface ServerProblem extends FieldProblem {
  index: number
}

export type SaveServersOutcome = { status: 'saved'; list: ServerList } | { status: 'invalid'; problems: ServerProblem[] }

export interface TestedProduct {
  name: string
  used: number
  limit: number | null
}

export type ConnectionTestResult =
  /** `warningMessages`: `warnings` as catalogue messages, in the same order; absent when one has none (or from older backends). */
  | { ok: true; latencyMs: number; licenses: number; products: TestedProduct[]; warnings: string[]; warningMessages?: TextMessage[] }
  /** `fingerprint256`: the untrusted certificate's fingerprint, for an "Accept this certificate" action. */
  | {
      ok: false
      latencyMs: number
      error: string
      errorMessage?: TextMessage
      fingerprint256?: string
      /** When the draft itself was refused: its problems one by one (`error` joins their English). */
      problems?: FieldProblem[]
    }

export interface ImportedEntry {
  index: number
  name: string
  status: 'added' | 'invalid'
  problems: string[]
  /** `problems` one by one with their field and message ids, in the same order; absent from older backends. */
  problemDetails?: FieldProblem[]
  /** Added with an authentication whose secret is not set yet. */
  needsSecret: boolean
  /** Remarks that did not stop the import (e.g. a secret value in the file, not taken). */
  notes: string[]
  /** `notes` as message ids (servers.import.*), in the same order; absent from older backends. */
  noteMessages?: TextMessage[]
}

export interface ImportOutcome {
  entries: ImportedEntry[]
  list: ServerList
}
