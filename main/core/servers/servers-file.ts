// The one loader of servers.json (the served mode's list, `--config`, the
// setup guide's examples). Every problem is one sentence naming the file and
// the field, so the admin can fix it at once; nothing of the file is quoted
// (a JSON error gives only its place: the text there may be a password).
import { readFileSync } from 'node:fs'
import { describeJsonErrorPosition } from '../util/json-position.ts'
import { describeIssue, orderedIssues, serversFileSchema, type ServerEntry } from './server-schema.ts'

export type { ServerEntry } from './server-schema.ts'

/** The checked entries of a servers.json text; throws a sentence starting with `source`. */
export function parseServersFile(text: string, source: string): ServerEntry[] {
  // A BOM left by Windows editors is not an error worth bothering the admin with.
  const json = text.replace(/^\uFEFF/, '')
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    throw new Error(`${source}: not valid JSON ${describeJsonErrorPosition(json)}`)
  }
  const parsed = serversFileSchema.safeParse(value)
  const issue = parsed.success ? undefined : orderedIssues(parsed.error.issues)[0]
  if (!parsed.success) throw new Error(`${source}: ${issue ? describeIssue(issue) : 'invalid server list'}`)
  return parsed.data.servers
}

/** The entries of the file at `path`; none when it does not exist yet (the first save creates it). */
export function readServersFile(path: string): ServerEntry[] {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const code = (error as { code?: unknown }).code
    if (code === 'ENOENT') return []
    const reason: unknown = code ?? (error as Error).message
    throw new Error(`${path}: ${FILE_PROBLEMS[String(code)] ?? `cannot be read (${String(reason)})`}`)
  }
  return parseServersFile(text, path)
}

const FILE_PROBLEMS: Record<string, string> = {
  EISDIR: 'is a folder, not a servers file',
  EACCES: 'cannot be read: permission denied',
  EPERM: 'cannot be read: permission denied',
}
