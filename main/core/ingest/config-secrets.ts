// Secrets in servers.json may be written in the file or, better, named as an
// environment variable: "token": {"env": "ACCOUNTING_TOKEN"}. The variable is
// read when the file is loaded; a missing one is named (its value never is).

import { z } from 'zod'
import type { ServerAuth } from '../types/index.ts'

export type SecretRef = string | { env: string }

export const secretSchema = z.union(
  [
    z.string().min(1),
    z.strictObject({
      env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name, e.g. "ACCOUNTING_TOKEN"'),
    }),
  ],
  { error: 'must be a non-empty text or {"env": "VARIABLE_NAME"}' },
)

type AuthEntry =
  | { type: 'none' }
  | { type: 'bearer'; token: SecretRef }
  | { type: 'basic' | 'rest-login'; username: string; password: SecretRef }

export function resolveSecret(secret: SecretRef, env: NodeJS.ProcessEnv, where: string): string {
  if (typeof secret === 'string') return secret
  const value = env[secret.env]
  if (value === undefined || value === '') throw new Error(`${where}: environment variable "${secret.env}" is not set`)
  return value
}

export function resolveSecrets(
  entry: { token?: SecretRef | undefined; auth?: AuthEntry | undefined },
  env: NodeJS.ProcessEnv,
  where: string,
): { token?: string; auth?: ServerAuth } {
  const result: { token?: string; auth?: ServerAuth } = {}
  if (entry.token !== undefined) result.token = resolveSecret(entry.token, env, `${where}.token`)
  const auth = entry.auth
  if (auth === undefined) return result
  if (auth.type === 'none') result.auth = { type: 'none' }
  else if (auth.type === 'bearer') result.auth = { type: 'bearer', token: resolveSecret(auth.token, env, `${where}.auth.token`) }
  else result.auth = { type: auth.type, username: auth.username, password: resolveSecret(auth.password, env, `${where}.auth.password`) }
  return result
}
