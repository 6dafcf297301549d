// The endpoint kinds, listed once. A new kind is a new file beside this one
// (see kind.ts), one line in REGISTRY and its name in the EndpointKind type
// (the compiler asks for both): the server schema, the settings file's JSON
// schema, the form's checks and the poll all follow.
import type { EndpointKind } from '../../types/index.ts'
import { httpJson } from './http-json.ts'
import type { EndpointKindDefinition } from './kind.ts'
import { prometheus4dExporter } from './prometheus-4d-exporter.ts'
import { restFunction } from './rest-function.ts'

/** By name, in the order the docs and the form list them; typed so that a name of EndpointKind without its file (or the reverse) does not compile. */
const REGISTRY: { readonly [Name in EndpointKind]: EndpointKindDefinition<Name> } = {
  'http-json': httpJson,
  'rest-function': restFunction,
  'prometheus-4d-exporter': prometheus4dExporter,
}

export const ENDPOINT_KINDS: readonly EndpointKindDefinition<EndpointKind>[] = Object.values(REGISTRY)

export const KIND_NAMES = Object.keys(REGISTRY) as [EndpointKind, ...EndpointKind[]]

export function kindOf(name: EndpointKind): EndpointKindDefinition<EndpointKind> {
  // The schema lets only listed names through; a caller that skipped it gets a sentence, not a crash later.
  if (!Object.hasOwn(REGISTRY, name)) throw new Error(`unknown endpoint kind "${name}"`)
  return REGISTRY[name]
}

export { AUTH_TYPES } from './kind.ts'
export type { EndpointKindDefinition } from './kind.ts'
export type { EndpointKind }
