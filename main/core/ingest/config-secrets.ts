// Secrets in servers.json may be written in the file or, better, named as an
// environment variable: "token": {"env": "ACCOUNTING_TOKEN"}. The variable is
// read each time the poller's configs are built (file-persistence.ts); a
// missing one is named in the log (its value never is) and shows "not set".

import { z } from 'zod'

export type SecretRef = string | { env: string }

export const secretSchema = z.union(
  [
    z.string().min(1).max(4096),
    z.strictObject({
      env: z
        .string()
        .max(200)
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name, e.g. "ACCOUNTING_TOKEN"'),
    }),
  ],
  { error: 'must be a non-empty text or {"env": "VARIABLE_NAME"}' },
)

export function resolveSecret(secret: SecretRef, env: NodeJS.ProcessEnv, where: string): string {
  if (typeof secret === 'string') return secret
  const value = env[secret.env]
  if (value === undefined || value === '') throw new Error(`${where}: environment variable "${secret.env}" is not set`)
  return value
}
