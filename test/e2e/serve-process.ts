// Starts `node main/serve/cli.ts` as a child process, the way an admin runs
// `npm run serve`, and hands the test its ready-to-open URL.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface ServeProcess {
  /** URL with ?token=..., ready to open. */
  openUrl: string
  /** http://127.0.0.1:<port> */
  origin: string
  token: string
  /** The --data folder: history, alert state, settings and (without --config) servers.json. */
  data: string
  output(): string
  stop(): Promise<void>
}

export function writeConfig(servers: unknown[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'lm-e2e-'))
  const file = join(dir, 'servers.json')
  writeFileSync(file, JSON.stringify({ servers }, null, 2))
  return file
}

/** `data`: a data folder the test prepared (e.g. a history recorded beforehand); default a new empty one. */
export async function startServe(args: string[], options: { data?: string } = {}): Promise<ServeProcess> {
  const token = 'e2e-' + Math.random().toString(36).slice(2)
  // Each run gets its own data folder: history and alert state never touch the user's.
  const data = options.data ?? mkdtempSync(join(tmpdir(), 'lm-e2e-data-'))
  const child: ChildProcess = spawn(process.execPath, ['main/serve/cli.ts', '--port', '0', '--token', token, '--data', data, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()))
  const deadline = Date.now() + 20_000
  let match: RegExpMatchArray | null = null
  while (!(match = out.match(/(http:\/\/127\.0\.0\.1:\d+)\/\?token=\S+/))) {
    if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}:\n${out}`)
    if (Date.now() > deadline) throw new Error(`serve printed no URL within 20 s:\n${out}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  return {
    openUrl: match[0],
    origin: match[1]!,
    token,
    data,
    output: () => out,
    async stop() {
      if (child.exitCode !== null) return
      child.kill('SIGTERM')
      await once(child, 'exit')
    },
  }
}
