// The server settings types live in ../types.ts (the renderer's type check
// lists only the contract and that file); this module names them for main/core/servers.
export type {
  AuthType,
  ConnectionTestResult,
  DraftField,
  FieldProblem,
  ImportedEntry,
  ImportOutcome,
  SaveServersOutcome,
  SecretStatusView,
  ServerDraft,
  ServerList,
  ServerListEntry,
  ServerProblem,
  TestedProduct,
} from '../types/index.ts'
