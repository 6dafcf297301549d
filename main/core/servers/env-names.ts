// The environment variable the served mode names for a secret not given yet
// (written in servers.json for the admin to set), and the one name the page
// may use for a new server without the file naming it first.
import type { SecretField } from './server-record.ts'
import { slugify } from './server-ids.ts'

/** "Sales EU", token -> SALES_EU_TOKEN. */
export function envNameFor(serverName: string, field: SecretField): string {
  const base = slugify(serverName).toUpperCase().replace(/-/g, '_')
  return `${/^[0-9]/.test(base) ? 'SERVER_' : ''}${base}_${field.toUpperCase()}`
}
