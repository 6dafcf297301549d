// A server's CA file, read when servers.json is loaded so a wrong path is
// reported at once, naming the entry and the file.

import { readFileSync } from 'node:fs'
import { dirname, isAbsolute, resolve } from 'node:path'
import type { ServerTls } from '../types/index.ts'

/** Relative paths are relative to the folder of servers.json (when `source` is a path). */
export function readCaFile(caFile: string, source: string, where: string): Pick<ServerTls, 'caFile' | 'ca'> {
  const path = isAbsolute(caFile) ? caFile : resolve(dirname(source), caFile)
  let ca: string
  try {
    ca = readFileSync(path, 'utf8')
  } catch (error) {
    const code = (error as { code?: unknown }).code
    throw new Error(`${where}: cannot read ${path}${typeof code === 'string' ? ` (${code})` : ''}`)
  }
  if (!ca.includes('-----BEGIN CERTIFICATE-----')) throw new Error(`${where}: ${path} is not a PEM certificate file`)
  return { caFile: path, ca }
}
