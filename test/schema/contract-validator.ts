// The committed contract schema, compiled by ajv: an independent validator, so the
// tests do not only check zod against itself.

import { readFileSync } from 'node:fs'
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js'
import { SCHEMA_ID, SCHEMA_PATH } from '../../scripts/generate-contract-schema.ts'

export interface ContractValidator {
  /** The whole payload: contract object or bare array. */
  payload: ValidateFunction
  /** One `License usage` record. */
  record: ValidateFunction
  /** One entry of `License info`.products. */
  product: ValidateFunction
}

export function loadContractSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>
}

export function createContractValidator(): ContractValidator {
  // Strict mode stays on; union types ("type": ["string", "null"]) are how zod writes nullable fields.
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true })
  // The same test the app applies to a time: Date.parse must read it.
  ajv.addFormat('date-time', { type: 'string', validate: (text: string) => !Number.isNaN(Date.parse(text)) })
  ajv.addSchema(loadContractSchema())
  const get = (ref: string): ValidateFunction => {
    const validate = ajv.getSchema(ref)
    if (!validate) throw new Error(`the contract schema has no ${ref}`)
    return validate
  }
  return {
    payload: get(SCHEMA_ID),
    record: get(`${SCHEMA_ID}#/$defs/licenseRecord`),
    product: get(`${SCHEMA_ID}#/$defs/licenseInfoProduct`),
  }
}

/** Where each error is: a missing property is named by its own path, e.g. /usage/0/productId. */
export function errorPaths(errors: readonly ErrorObject[] | null | undefined): string[] {
  const paths = (errors ?? []).map((error) =>
    error.keyword === 'required' ? `${error.instancePath}/${String(error.params['missingProperty'])}` : error.instancePath,
  )
  return [...new Set(paths)].sort()
}

/** Validates and returns the error paths; [] when valid. */
export function contractErrors(validate: ValidateFunction, value: unknown): string[] {
  return validate(value) ? [] : errorPaths(validate.errors)
}
