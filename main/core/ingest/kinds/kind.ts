// What an endpoint kind is: how the monitor asks a 4D Server for its license
// usage and how it reads the answer. One file per kind beside this one, listed
// once in index.ts; the server schema takes each kind's name and allowed
// authentication from there. Kinds stay free of Node (no sockets, no files):
// fetch-server.ts does the transport, credentials and JSON parsing.
import type { AuthType, ServerPayload, TextMessage } from '../../types/index.ts'

/** Every way the monitor can prove who it is; a kind allows some of them. */
export const AUTH_TYPES = ['none', 'bearer', 'basic', 'rest-login'] as const satisfies readonly AuthType[]
type Unlisted = Exclude<AuthType, (typeof AUTH_TYPES)[number]>
/** The reverse check: an AuthType added to ServerAuth but not to AUTH_TYPES does not compile. */
export const AUTH_TYPES_COMPLETE: [Unlisted] extends [never] ? true : never = true

/** The request of one poll, before credentials (fetch-server.ts adds those). */
export interface KindRequest {
  url: URL
  method: 'GET' | 'POST'
  headers: Record<string, string>
  body?: string
}

/** `warningMessages`: the warnings as catalogue messages (ingest/warning-text.ts), one for each. */
export type KindAnswer =
  { ok: true; payload: ServerPayload; warnings: string[]; warningMessages?: TextMessage[] } | { ok: false; error: string }

interface KindBase<Name extends string> {
  /** As written in servers.json and the settings: "http-json". */
  name: Name
  /** Short name for the Servers view: "HTTP JSON". */
  label: string
  /** One sentence on what the 4D Server must answer. */
  description: string
  /** The authentication types this endpoint can check, "none" included where it may be open. */
  authTypes: readonly AuthType[]
  /** Why the other authentication types are refused, as the end of a sentence. */
  authRefusal: string
  request(url: URL): KindRequest
}

/** What a JSON kind needs from the server's settings to read an answer. */
export interface ReadLimits {
  /** The server's records cap (servers.json `maxRecords`); the default cap when absent. */
  maxRecords?: number
}

/** A JSON answer is parsed (with the poll's own error sentences) before `parse` sees it. */
export type EndpointKindDefinition<Name extends string = string> = KindBase<Name> &
  ({ answer: 'json'; parse(body: unknown, limits?: ReadLimits): KindAnswer } | { answer: 'text'; parse(text: string): KindAnswer })

/** Keeps the kind's name as a literal type, so the registry can derive the EndpointKind union. */
export function defineKind<const Name extends string>(kind: EndpointKindDefinition<Name>): EndpointKindDefinition<Name> {
  return kind
}

export const ANY_AUTH: readonly AuthType[] = AUTH_TYPES
