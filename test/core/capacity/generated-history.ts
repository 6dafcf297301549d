// A generated history written straight into a real history file, shaped as
// retention leaves it: per-hour rollups for old days, per-minute rollups for
// the last ones, raw samples after the last rollup; with gaps. One value per
// minute is the truth; the tests derive their expected figures from it in
// plain TypeScript, never through the SQL under test.
import type { DatabaseSync } from 'node:sqlite'
import { prng } from '../history/usage-data.ts'

export const MINUTE = 60_000
export const HOUR = 3_600_000

export interface MinuteValue {
  at: number
  used: number
  lim: number
}

export interface GeneratedPool {
  machine: string
  productId: number
  productName: string
  /** Every minute with data, in order. */
  minutes: MinuteValue[]
}

export interface Layout {
  /** Hour rollups stored before this time (hour_done). */
  hourDone: number
  /** Minute rollups stored in [minuteFrom, minuteDone); raw samples from minuteDone on. */
  minuteFrom: number
  minuteDone: number
}

/** One value per minute over [start, end), skipping `gaps`; busy hours run near the limit, some reach it. */
export function generateMinutes(options: {
  start: number
  end: number
  gaps: [number, number][]
  limitAt: (at: number) => number
  seed: number
  busy?: number
}): MinuteValue[] {
  const random = prng(options.seed)
  const out: MinuteValue[] = []
  let used = 3
  for (let at = options.start; at < options.end; at += MINUTE) {
    if (options.gaps.some(([from, to]) => at >= from && at < to)) continue
    const lim = options.limitAt(at)
    const hour = new Date(at).getHours()
    const target = hour >= 9 && hour < 17 ? (options.busy ?? lim - 2) : 2
    used = Math.max(0, Math.min(lim, used + Math.round((target - used) * 0.2 + (random() - 0.5) * 4)))
    out.push({ at, used, lim })
  }
  return out
}

/** Writes the pool's minutes as the history holds them under `layout`, and the progress marks. */
export function writePool(db: DatabaseSync, pool: GeneratedPool, layout: Layout): void {
  const series = db
    .prepare(`INSERT INTO series (machine, server, product_id, product_name) VALUES (?, '', ?, ?) RETURNING id`)
    .get(pool.machine, pool.productId, pool.productName) as { id: number }
  const rollup = (table: string) =>
    db.prepare(`INSERT INTO ${table} (at, series_id, n, sum_used, min_used, max_used, max_at, lim) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
  const minute = rollup('rollup_minute')
  const hour = rollup('rollup_hour')
  const sample = db.prepare(`INSERT INTO samples (at, series_id, used, lim, remaining, status) VALUES (?, ?, ?, ?, ?, 'ok')`)
  db.exec('BEGIN')
  const hours = new Map<number, MinuteValue[]>()
  for (const m of pool.minutes) {
    if (m.at < layout.hourDone) {
      const h = Math.floor(m.at / HOUR) * HOUR
      hours.set(h, [...(hours.get(h) ?? []), m])
    }
    if (m.at >= layout.minuteFrom && m.at < layout.minuteDone) minute.run(m.at, series.id, 1, m.used, m.used, m.used, m.at, m.lim)
    if (m.at >= layout.minuteDone) sample.run(m.at, series.id, m.used, m.lim, m.lim - m.used)
  }
  for (const [at, rows] of hours) {
    const peak = rows.reduce((best, r) => (r.used > best.used ? r : best))
    hour.run(
      at,
      series.id,
      rows.length,
      rows.reduce((s, r) => s + r.used, 0),
      Math.min(...rows.map((r) => r.used)),
      peak.used,
      peak.at,
      Math.max(...rows.map((r) => r.lim)),
    )
  }
  const mark = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
  mark.run('hour_done', layout.hourDone)
  mark.run('minute_done', layout.minuteDone)
  const last = pool.minutes.at(-1)
  if (last) mark.run('last_record_at', last.at)
  db.exec('COMMIT')
}

export interface HoldingSpec {
  server?: string
  token: number
  user: string | null
  client: string | null
  sessionType: string
  state: string
  start: number
  end: number | null
  retainedAt?: number
  unknownSince?: number
  gaps?: [number, number][]
}

export function writeHoldings(db: DatabaseSync, machine: string, productId: number, holdings: readonly HoldingSpec[]): void {
  const insert =
    db.prepare(`INSERT INTO holdings (server, machine, token, product_id, product_name, user_name, session_type, client_machine, state, retained_at, start_at, end_at, end_reason, unknown_since)
    VALUES (?, ?, ?, ?, '4D Client', ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
  const gap = db.prepare('INSERT INTO holding_gaps (holding_id, from_at, to_at) VALUES (?, ?, ?)')
  db.exec('BEGIN')
  for (const h of holdings) {
    const row = insert.get(
      h.server ?? 'S1',
      machine,
      h.token,
      productId,
      h.user,
      h.sessionType,
      h.client,
      h.state,
      h.retainedAt ?? null,
      h.start,
      h.end,
      h.end === null ? null : 'released',
      h.unknownSince ?? null,
    ) as { id: number }
    for (const [from, to] of h.gaps ?? []) gap.run(row.id, from, to)
  }
  db.exec('COMMIT')
}
