// The recorder keeps the open holdings in memory between records instead of
// reading them back from the file each time. Oracle: the same random sequence
// of snapshots recorded twice, once by a recorder whose file another connection
// writes before every record (so it must read the holdings again each time,
// PRAGMA data_version), once by a recorder left alone; after every record both
// files hold the same holdings and gaps. And a holding that another connection
// closes is not carried on by the recorder's memory.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, describe, expect, it } from 'vitest'
import { openHistory, type HistoryDb } from '../../../main/core/history/db.ts'
import { createRecorder } from '../../../main/core/history/recorder.ts'
import { snapshot, type LicenseSpec, type ServerSpec } from './snapshots.ts'
import { prng } from './usage-data.ts'

const dirs: string[] = []
const opened: { close(): void }[] = []
afterEach(() => {
  for (const db of opened.splice(0)) db.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function history(): { history: HistoryDb; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lm-history-kept-'))
  dirs.push(dir)
  const opened_ = openHistory(dir)
  opened.push(opened_)
  return { history: opened_, file: join(dir, 'history.sqlite') }
}

const tables = (db: DatabaseSync) => ({
  holdings: db
    .prepare(
      `SELECT server, token, product_id, user_name, retained_at, session_key, start_at, end_at, end_reason, unknown_since,
              last_seen_at, unknown_cause FROM holdings ORDER BY id`,
    )
    .all(),
  gaps: db.prepare('SELECT holding_id, from_at, to_at FROM holding_gaps ORDER BY holding_id, from_at').all(),
})

const SERVERS = ['A', 'B', 'C']

/** One step of a random fleet: servers up or down, licenses leaving, arriving, re-issued tokens after a restart. */
function randomFleet(seed: number, steps: number): { servers: ServerSpec[]; licenses: LicenseSpec[]; at: number }[] {
  const random = prng(seed)
  let licenses: LicenseSpec[] = []
  const nextToken: Record<string, number> = { A: 1, B: 1, C: 1 }
  const out: { servers: ServerSpec[]; licenses: LicenseSpec[]; at: number }[] = []
  let at = Date.UTC(2026, 10, 2, 8, 0, 0)
  for (let step = 0; step < steps; step++) {
    // Mostly one poll later; sometimes a long pause (the monitor not recording).
    const paused = random() < 0.08
    at += paused ? 3_600_000 : 5_000
    // While the monitor was not recording, every user of a server may have left and others come (not a restart).
    if (paused) {
      const name = SERVERS[Math.floor(random() * SERVERS.length)]!
      licenses = licenses.filter((l) => l.server !== name)
      licenses.push({ server: name, token: nextToken[name]!++, user: 'after-pause', since: new Date(at - 1_000).toISOString() })
    }
    const servers = SERVERS.map((name) => ({
      name,
      machine: name === 'C' ? 'm2' : 'm1',
      status: random() < 0.15 ? ('down' as const) : ('up' as const),
    }))
    licenses = licenses.filter(() => random() > 0.2)
    // A record that lacked its session or retain time gains it (an older 4D, then a newer answer): the holding takes it.
    licenses = licenses.map((l) => {
      if (l.sessionKey === undefined && random() < 0.2) return { ...l, sessionKey: `late-${String(l.token)}` }
      if (l.since === null && random() < 0.2) return { ...l, since: new Date(at - 60_000).toISOString() }
      // The same retain now names another session (replaced), or the token names a new retain (re-issued).
      if (l.sessionKey !== undefined && random() < 0.05) return { ...l, sessionKey: `other-${String(l.token)}-${String(step)}` }
      if (l.since !== null && random() < 0.03) return { ...l, since: new Date(at - 1_000).toISOString() }
      return l
    })
    for (const name of SERVERS) {
      if (random() < 0.05) {
        // A restart: its licenses gone, tokens start again from 1.
        licenses = licenses.filter((l) => l.server !== name)
        nextToken[name] = 1
      }
      const arrivals = Math.floor(random() * 4)
      for (let i = 0; i < arrivals; i++) {
        const token = nextToken[name]!++
        licenses.push({
          server: name,
          token,
          productId: 1 + Math.floor(random() * 2),
          user: `u${String(Math.floor(random() * 9))}`,
          since: random() < 0.2 ? null : new Date(at - Math.floor(random() * 4) * 1000).toISOString(),
          ...(random() < 0.7 ? { sessionKey: `s${String(token)}-${String(step)}` } : {}),
        })
      }
    }
    out.push({ servers, licenses: licenses.map((l) => ({ ...l })), at })
  }
  return out
}

describe('recorder: open holdings kept in memory between records', () => {
  it('gives the same holdings and gaps as reading them back each record, over random fleets', () => {
    for (const seed of [1, 2, 3]) {
      const kept = history()
      const reread = history()
      const toucher = new DatabaseSync(reread.file)
      opened.push(toucher)
      toucher.exec('CREATE TABLE IF NOT EXISTS scratch (n INTEGER)')
      const keptRecorder = createRecorder(kept.history.db, Date.now, { resumeAfterMs: 15_000 })
      const rereadRecorder = createRecorder(reread.history.db, Date.now, { resumeAfterMs: 15_000 })
      let reasons = new Set<string>()
      let gapsSeen = false
      for (const [step, { servers, licenses, at }] of randomFleet(seed, 40).entries()) {
        toucher.prepare('INSERT INTO scratch (n) VALUES (?)').run(step)
        const state = snapshot(servers, licenses)
        keptRecorder.record(state, at)
        rereadRecorder.record(state, at)
        const mine = tables(kept.history.db)
        expect(mine, `seed ${String(seed)}, step ${String(step)}`).toEqual(tables(reread.history.db))
        reasons = new Set([...reasons, ...mine.holdings.map((h) => String(h.end_reason))])
        gapsSeen ||= mine.gaps.length > 0
      }
      // The sequence did reach restarts and gaps, so both paths were exercised.
      expect(gapsSeen, `seed ${String(seed)}`).toBe(true)
      expect([...reasons].sort(), `seed ${String(seed)}`).toEqual(['null', 'released', 'replaced', 'server-restarted', 'unknown'])
    }
  }, 60_000)

  it('reads the holdings again after another connection changed the file', () => {
    const { history: h, file } = history()
    const recorder = createRecorder(h.db)
    const servers: ServerSpec[] = [{ name: 'A', machine: 'm1' }]
    const at = Date.UTC(2026, 10, 2, 8, 0, 0)
    recorder.record(snapshot(servers, [{ server: 'A', token: 1, since: new Date(at - 1000).toISOString() }]), at)
    // Another process (a second monitor on the same file, a repair) closes the holding.
    const other = new DatabaseSync(file)
    opened.push(other)
    other.prepare("UPDATE holdings SET end_at = ?, end_reason = 'released' WHERE end_at IS NULL").run(at + 1)
    recorder.record(snapshot(servers, [{ server: 'A', token: 1, since: new Date(at - 1000).toISOString() }]), at + 5000)
    const rows = h.db.prepare('SELECT token, start_at, end_at FROM holdings ORDER BY id').all()
    // The recorder saw no open holding, so the still-held license opens a new one rather than continuing the closed one.
    expect(rows).toEqual([
      { token: 1, start_at: at, end_at: at + 1 },
      { token: 1, start_at: at + 5000, end_at: null },
    ])
  })
})
