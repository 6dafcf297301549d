// Crash safety: a child process records transactions and reports each commit;
// it is killed with SIGKILL at random moments, and after every kill the file
// must be intact, hold every reported commit, and hold no transaction in part.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openHistory } from '../../../main/core/history/db.ts'
import { SAMPLES_PER_TRANSACTION } from './crash-snapshot.ts'
import { prng } from './usage-data.ts'

const WRITER = join(import.meta.dirname, 'crash-writer.ts')
const KILLS = 21
let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lm-history-crash-'))
})
/** Writers still running when the test ends (a timeout on a loaded machine): they loop forever unless killed. */
const running = new Set<ChildProcess>()
afterAll(() => {
  for (const child of running) child.kill('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})

/** Runs the writer until it has reported `commits` commits, then SIGKILLs it after `delayMs`; returns the numbers it reported. */
function runAndKill(commits: number, delayMs: number): Promise<{ reported: number[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, dir], { stdio: ['ignore', 'pipe', 'pipe'] })
    running.add(child)
    child.once('exit', () => running.delete(child))
    const reported: number[] = []
    let pending = ''
    let stderr = ''
    let killing = false
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString()
      const lines = pending.split('\n')
      pending = lines.pop()!
      for (const line of lines) reported.push(Number(line))
      if (!killing && reported.length >= commits) {
        killing = true
        setTimeout(() => child.kill('SIGKILL'), delayMs)
      }
    })
    child.on('error', reject)
    // 'close' waits for stdout to end, so every number printed before the kill is counted.
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`the writer exited with ${code ?? signal} before the kill: ${stderr}`))
      else resolve({ reported, stderr })
    })
  })
}

// 21 writer processes each start TypeScript in a fresh Node: over 60 s on a machine at load 25, about 10 s when quiet.
it(
  `survives ${KILLS} SIGKILLs at random moments: integrity ok, every reported commit present, no transaction half there`,
  { timeout: 180_000 },
  async () => {
    const random = prng(20261128)
    const allReported: number[] = []
    for (let kill = 0; kill < KILLS; kill++) {
      const { reported, stderr } = await runAndKill(1 + Math.floor(random() * 20), random() * 15)
      expect(stderr).toBe('')
      expect(reported.length).toBeGreaterThan(0)
      allReported.push(...reported)

      const history = openHistory(dir)
      try {
        expect(history.notice).toBeNull()
        expect(history.db.prepare('PRAGMA integrity_check').all()).toEqual([{ integrity_check: 'ok' }])
        const counts = new Map(
          (history.db.prepare('SELECT at, count(*) AS n FROM samples GROUP BY at').all() as { at: number; n: number }[]).map((row) => [
            row.at,
            row.n,
          ]),
        )
        for (const n of allReported) expect(counts.get(n), `transaction ${n}`).toBe(SAMPLES_PER_TRANSACTION)
        for (const [at, n] of counts) expect(n, `transaction ${at}`).toBe(SAMPLES_PER_TRANSACTION)
        // Holdings follow the same transactions: exactly 50 open at any commit boundary.
        expect(history.db.prepare('SELECT count(*) AS n FROM holdings WHERE end_at IS NULL').get()).toEqual({ n: 50 })
        expect(history.db.prepare(`SELECT value FROM meta WHERE key = 'last_record_at'`).get()).toEqual({
          value: Math.max(...counts.keys()),
        })
      } finally {
        history.close()
      }
    }
    expect(new Set(allReported).size).toBe(allReported.length)
  },
)
