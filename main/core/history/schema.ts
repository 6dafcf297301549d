// The history schema as a list of migration steps. PRAGMA user_version holds
// how many steps a file has had; each step runs in its own transaction, so a
// crash mid-migration leaves the file at the previous version, never between.
// Never edit a released step: append a new one.
import type { DatabaseSync } from 'node:sqlite'

/**
 * v1: raw samples and license holdings.
 * Times are integer ms since the epoch. Samples are keyed by (at, series_id)
 * so inserts append and time-range scans and deletes are contiguous.
 * A series with server '' is the whole machine; a named server is its share.
 */
const V1 = `
CREATE TABLE series (
  id INTEGER PRIMARY KEY,
  machine TEXT NOT NULL,
  server TEXT NOT NULL,
  product_id INTEGER NOT NULL,
  product_name TEXT NOT NULL,
  UNIQUE (machine, server, product_id)
);
CREATE TABLE samples (
  at INTEGER NOT NULL,
  series_id INTEGER NOT NULL REFERENCES series (id),
  used INTEGER NOT NULL,
  lim INTEGER,
  remaining INTEGER,
  status TEXT NOT NULL,
  stale INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (at, series_id)
) WITHOUT ROWID;
CREATE TABLE holdings (
  id INTEGER PRIMARY KEY,
  server TEXT NOT NULL,
  machine TEXT NOT NULL,
  token INTEGER NOT NULL,
  product_id INTEGER NOT NULL,
  product_name TEXT NOT NULL,
  user_name TEXT,
  session_type TEXT,
  client_machine TEXT,
  ip_address TEXT,
  host_type TEXT,
  state TEXT,
  reason TEXT,
  retained_at INTEGER,
  start_at INTEGER NOT NULL,
  end_at INTEGER,
  end_reason TEXT,
  unknown_since INTEGER
);
CREATE UNIQUE INDEX holdings_open ON holdings (server, token) WHERE end_at IS NULL;
CREATE INDEX holdings_start ON holdings (start_at);
`

/**
 * v2: rollups (avg kept as sum + count so coarser rollups stay exact), the
 * gaps during which a holding's server was unreachable, and progress marks.
 */
const V2 = `
CREATE TABLE rollup_minute (
  at INTEGER NOT NULL,
  series_id INTEGER NOT NULL REFERENCES series (id),
  n INTEGER NOT NULL,
  sum_used INTEGER NOT NULL,
  min_used INTEGER NOT NULL,
  max_used INTEGER NOT NULL,
  max_at INTEGER NOT NULL,
  lim INTEGER,
  PRIMARY KEY (at, series_id)
) WITHOUT ROWID;
CREATE TABLE rollup_hour (
  at INTEGER NOT NULL,
  series_id INTEGER NOT NULL REFERENCES series (id),
  n INTEGER NOT NULL,
  sum_used INTEGER NOT NULL,
  min_used INTEGER NOT NULL,
  max_used INTEGER NOT NULL,
  max_at INTEGER NOT NULL,
  lim INTEGER,
  PRIMARY KEY (at, series_id)
) WITHOUT ROWID;
CREATE TABLE holding_gaps (
  holding_id INTEGER NOT NULL REFERENCES holdings (id) ON DELETE CASCADE,
  from_at INTEGER NOT NULL,
  to_at INTEGER NOT NULL,
  PRIMARY KEY (holding_id, from_at)
) WITHOUT ROWID;
CREATE INDEX holdings_end ON holdings (end_at);
CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER) WITHOUT ROWID;
`

/**
 * v3: a holding's identity is what 4D says identifies a retain: server,
 * token, the record's retain time (retained_at, kept since v1) and the
 * session, by a digest of its ID (session_key; see usage/session-key.ts). A
 * token whose retain time or session changes is a new holding. Rows from
 * before have no session key (null: not known, never a mismatch).
 * last_seen_at: the last poll that saw a holding, set when it stops being
 * seen, so a restart ends it there; unknown_cause: why it stopped being seen
 * ('server-down' or 'not-recording'; null for rows from before).
 * server_tokens: the highest token each server has issued in its current run
 * (4D numbers retains upwards from 1 in each run, so a new token at or below
 * it means the server restarted); seeded from the open holdings.
 */
const V3 = `
ALTER TABLE holdings ADD COLUMN session_key TEXT;
ALTER TABLE holdings ADD COLUMN last_seen_at INTEGER;
ALTER TABLE holdings ADD COLUMN unknown_cause TEXT;
CREATE TABLE server_tokens (server TEXT PRIMARY KEY, max_token INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO server_tokens (server, max_token) SELECT server, max(token) FROM holdings WHERE end_at IS NULL GROUP BY server;
`

/**
 * v4: how much of each rolled-up period answered polls cover (covered_ms):
 * a minute covers 60 s times the share of its polls that were answered (a
 * stale sample is a poll nobody answered), an hour or a day the sum of its
 * minutes. Rollups from before have none (null: coverage unknown).
 */
const V4 = `
ALTER TABLE rollup_minute ADD COLUMN covered_ms INTEGER;
ALTER TABLE rollup_hour ADD COLUMN covered_ms INTEGER;
`

/**
 * v5: indexes for capacity queries over long periods (issue 14). The rollups
 * are keyed by (at, series_id), so reading one series over a year read every
 * series' rows. Per series and time: rollup_hour's index carries the columns
 * of a daily peak, so a year of them is read from the index alone; the hot
 * indexes hold only the periods at or above 90 % of the limit (the only rows
 * the time-at-the-limit figures need). Holdings are found per pool by end,
 * and a period's holdings (all of them, or the idle ones) are read from an
 * index that carries what a license-hour needs, without visiting the table.
 */
const V5 = `
CREATE INDEX rollup_minute_series ON rollup_minute (series_id, at);
CREATE INDEX rollup_minute_hot ON rollup_minute (series_id, at, max_used, lim) WHERE lim > 0 AND max_used * 10 >= lim * 9;
CREATE INDEX rollup_hour_series ON rollup_hour (series_id, at, max_used, max_at, lim, n);
CREATE INDEX rollup_hour_hot ON rollup_hour (series_id, at, max_used, lim) WHERE lim > 0 AND max_used * 10 >= lim * 9;
CREATE INDEX holdings_pool ON holdings (machine, product_id, end_at);
CREATE INDEX holdings_period ON holdings (end_at, start_at, retained_at, unknown_since, machine, product_id, session_type, state);
CREATE INDEX holdings_idle ON holdings (end_at, start_at, retained_at, unknown_since, machine, product_id, user_name, client_machine)
  WHERE state IN ('sleeping', 'postponed');
`

/**
 * v6: each sample keeps the product name its server gave at that poll (issue
 * 12). The series row holds the newest name, so a product renamed between
 * polls relabelled its whole past; raw samples now read their own. Samples
 * from before have none (null: the series' name is the best there is).
 */
const V6 = `
ALTER TABLE samples ADD COLUMN product_name TEXT;
`

/**
 * v7: per local day summaries of the capacity figures (issue 14 item 4), so a
 * year of figures reads a row per pool and day instead of every hour, minute
 * and holding. The tables start empty (the migration is instant, whatever the
 * history holds); the capacity summariser fills complete days in the
 * background (capacity/day-summariser.ts). Days are keyed by zone: they are
 * the local days of the zone the summary was made in.
 *
 * capacity_summary_days: one row per summarised day, with the level its pool
 * figures were read from ('hour' or 'minute', as capacity/pool-time.ts
 * chooses; retention moving the boundary makes a 'minute' day stale).
 * capacity_summary_pools: per day and series, the daily peak (null: no
 * answered poll that day) and the pool time figures (rows, hot rows,
 * first/last row, the longest inner gaps and their count, full runs).
 * capacity_summary_holders: per day, pool and key, the held time and what
 * combines across days exactly (first/last seen, holdings counted, those
 * already counted the day before, peak concurrency).
 *
 * Triggers keep the summaries honest: a write to a holding or its gaps drops
 * the summaries of the days it touches (before and after the change), so a
 * late close, a retain time learnt later or a server found down again is
 * summarised anew. Rollups change only behind their marks, and retention
 * drops the days whose rows it deletes (retention.ts).
 */
/** Later than any time the history holds (ms). */
const NEVER = '9007199254740991'
/**
 * The days whose span reaches past `time`: next > time. Written as a range on
 * `day` (a local day lasts at most 48 hours, in any zone) so the trigger reads
 * the days index from there on instead of every summarised day, then checks next.
 */
function since(time: string): string {
  return `(${time}) - 172800000 AND next > (${time})`
}

const V7 = `
CREATE TABLE capacity_summary_days (
  zone TEXT NOT NULL,
  day INTEGER NOT NULL,
  next INTEGER NOT NULL,
  level TEXT NOT NULL,
  PRIMARY KEY (zone, day)
) WITHOUT ROWID;
CREATE INDEX capacity_summary_days_day ON capacity_summary_days (day);
CREATE TABLE capacity_summary_pools (
  zone TEXT NOT NULL,
  day INTEGER NOT NULL,
  series_id INTEGER NOT NULL,
  peak INTEGER,
  peak_at INTEGER,
  lim INTEGER,
  unit INTEGER NOT NULL,
  count INTEGER NOT NULL,
  first INTEGER,
  last INTEGER,
  hot INTEGER NOT NULL,
  gap_count INTEGER NOT NULL,
  gaps TEXT NOT NULL,
  full TEXT NOT NULL,
  PRIMARY KEY (zone, day, series_id)
) WITHOUT ROWID;
CREATE TABLE capacity_summary_holders (
  zone TEXT NOT NULL,
  day INTEGER NOT NULL,
  grain TEXT NOT NULL,
  machine TEXT NOT NULL,
  product_id INTEGER NOT NULL,
  k TEXT NOT NULL,
  ms INTEGER NOT NULL,
  idle_ms INTEGER NOT NULL,
  first INTEGER NOT NULL,
  last INTEGER NOT NULL,
  n INTEGER NOT NULL,
  cont INTEGER NOT NULL,
  peak INTEGER NOT NULL,
  PRIMARY KEY (zone, day, grain, machine, product_id, k)
) WITHOUT ROWID;
CREATE TRIGGER capacity_summary_day_dropped AFTER DELETE ON capacity_summary_days BEGIN
  DELETE FROM capacity_summary_pools WHERE zone = OLD.zone AND day = OLD.day;
  DELETE FROM capacity_summary_holders WHERE zone = OLD.zone AND day = OLD.day;
END;
CREATE TRIGGER capacity_summary_holding_added AFTER INSERT ON holdings BEGIN
  DELETE FROM capacity_summary_days WHERE day > ${since('min(coalesce(NEW.retained_at, NEW.start_at), NEW.start_at)')};
END;
CREATE TRIGGER capacity_summary_holding_changed AFTER UPDATE OF retained_at, start_at, end_at, unknown_since, machine, product_id,
  user_name, client_machine, session_type, state ON holdings
BEGIN
  DELETE FROM capacity_summary_days WHERE day > ${since(`min(
    CASE WHEN OLD.retained_at IS NOT NEW.retained_at OR OLD.start_at IS NOT NEW.start_at OR OLD.machine IS NOT NEW.machine
      OR OLD.product_id IS NOT NEW.product_id OR OLD.user_name IS NOT NEW.user_name OR OLD.client_machine IS NOT NEW.client_machine
      OR OLD.session_type IS NOT NEW.session_type OR OLD.state IS NOT NEW.state
    THEN min(coalesce(OLD.retained_at, OLD.start_at), OLD.start_at, coalesce(NEW.retained_at, NEW.start_at), NEW.start_at) ELSE ${NEVER} END,
    CASE WHEN OLD.end_at IS NOT NEW.end_at THEN min(coalesce(OLD.end_at, ${NEVER}), coalesce(NEW.end_at, ${NEVER})) ELSE ${NEVER} END,
    CASE WHEN OLD.unknown_since IS NOT NEW.unknown_since
      THEN min(coalesce(OLD.unknown_since, ${NEVER}), coalesce(NEW.unknown_since, ${NEVER})) ELSE ${NEVER} END)`)};
END;
CREATE TRIGGER capacity_summary_holding_removed AFTER DELETE ON holdings BEGIN
  DELETE FROM capacity_summary_days WHERE day > ${since('min(coalesce(OLD.retained_at, OLD.start_at), OLD.start_at)')}
    AND day < coalesce(OLD.end_at, ${NEVER});
END;
CREATE TRIGGER capacity_summary_gap_added AFTER INSERT ON holding_gaps BEGIN
  DELETE FROM capacity_summary_days WHERE day > ${since('NEW.from_at')};
END;
CREATE TRIGGER capacity_summary_gap_changed AFTER UPDATE ON holding_gaps BEGIN
  DELETE FROM capacity_summary_days WHERE day > ${since('min(OLD.from_at, NEW.from_at)')};
END;
CREATE TRIGGER capacity_summary_gap_removed AFTER DELETE ON holding_gaps BEGIN
  DELETE FROM capacity_summary_days WHERE day > ${since('OLD.from_at')} AND day < OLD.to_at;
END;
`

export const MIGRATIONS: readonly string[] = [V1, V2, V3, V4, V5, V6, V7]
export const SCHEMA_VERSION = MIGRATIONS.length

export function schemaVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number } | undefined
  return row?.user_version ?? 0
}

/** Tables every version of our history has had since v1. */
const OUR_TABLES = ['series', 'samples', 'holdings']

/**
 * A file that is not ours (another application's SQLite database, or one whose
 * version we never wrote) is refused with a sentence, never migrated: running
 * our steps on it would add our tables to someone else's data.
 */
function refuseForeign(db: DatabaseSync, file: string, version: number): void {
  const tables = (
    db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]
  ).map((row) => row.name)
  const ours = version > 0 && OUR_TABLES.every((table) => tables.includes(table))
  if (version === 0 && tables.length === 0) return
  if (ours) return
  const sample = tables.slice(0, 3).join(', ')
  const holds = tables.length === 0 ? 'no tables' : `tables such as ${sample}`
  throw new Error(
    `The history file ${file} is an SQLite database that is not a 4D License Monitor history (schema version ${version}, ${holds}); ` +
      'it was left as it is: move it away or choose another data folder.',
  )
}

/** Brings the file to SCHEMA_VERSION; a file from a newer app is refused, not downgraded, and another app's file is refused. */
export function migrate(db: DatabaseSync, file: string): void {
  const from = schemaVersion(db)
  if (from <= SCHEMA_VERSION) refuseForeign(db, file, from)
  if (from > SCHEMA_VERSION) {
    throw new Error(
      `The history file ${file} has schema version ${from}, newer than this app understands (${SCHEMA_VERSION}); update the app or use another data folder.`,
    )
  }
  for (let version = from; version < SCHEMA_VERSION; version++) {
    // Only a negative user_version (a file someone else wrote) has no migration here.
    const migration = MIGRATIONS[version]
    if (migration === undefined) throw new Error(`The history file ${file} has schema version ${from}, which this app does not know.`)
    db.exec('BEGIN IMMEDIATE')
    try {
      db.exec(migration)
      // user_version takes no bound parameter; the value is our own integer.
      db.exec(`PRAGMA user_version = ${version + 1}`)
      db.exec('COMMIT')
    } catch (error) {
      db.exec('ROLLBACK')
      throw error
    }
  }
}
