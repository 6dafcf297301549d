// Behaviour of the alert engine at the edges Stryker found unpinned: vanished rows
// and the machines they belonged to, unlimited rows, the monitor's own licenses,
// what the saved state keeps, and reminders around snoozes.

import { describe, expect, it } from 'vitest'
import { evaluateAlerts, judgedRow } from '../../../main/core/alerts/engine.ts'
import { noSnoozes, withSnooze } from '../../../main/core/alerts/snooze.ts'
import { emptyAlertState, licenseKey, MAX_TRANSITIONS } from '../../../main/core/alerts/state.ts'
import type { Snapshot } from '../../../main/core/types/index.ts'
import { CLIENT, reliabilityConfig, remainingSeries, row, run, snapshot, summary, type Poll } from './helpers.ts'

const HOUR = 3_600_000
const KEY = licenseKey('srv-app-01', CLIENT)

/** Remaining 2 of 10 on srv-app-01 from 0 to 90 s: the warning fires at 60 s and is notified. */
const firing = (): Poll[] => remainingSeries([2, 2, 2, 2])

/** A snapshot where srv-app-01 is listed with no product rows, its servers as given. */
function withoutRows(servers: { name: string; up: boolean }[], others: Snapshot['machines'] = []): Snapshot {
  return {
    generatedAt: new Date(0).toISOString(),
    demo: false,
    machines: [{ machine: 'srv-app-01', servers: servers.map((s) => s.name), products: [] }, ...others],
    servers: [...others.flatMap((m) => m.servers), ...servers.map((s) => s.name)].map((name) => {
      const up = servers.find((s) => s.name === name)?.up ?? true
      return {
        id: name,
        name,
        machine: servers.some((s) => s.name === name) ? 'srv-app-01' : 'other',
        url: `http://${name}:8080/`,
        status: up ? ('up' as const) : ('down' as const),
        latencyMs: 5,
        lastSuccessAt: null,
        lastError: up ? null : 'Connection refused',
        warnings: [],
        version: null,
      }
    }),
  }
}

describe('a row that vanished from the snapshot', () => {
  it('resolves when every server of its machine is up, and the saved state forgets it', () => {
    const result = run(reliabilityConfig(), [...firing(), { at: 120_000, snapshot: withoutRows([{ name: 'a', up: true }]) }])
    expect(summary(result.notices)).toEqual([
      [60, 'firing', 'warning'],
      [120, 'resolved', 'ok'],
    ])
    expect(result.notices[1]?.items[0]?.text).toBe('4D Client on srv-app-01 is back to normal: no license of it is held any more')
    expect(result.state.license).toEqual({})
  })

  it('is kept as it was when its machine is not in the snapshot at all', () => {
    const empty: Snapshot = { generatedAt: new Date(0).toISOString(), demo: false, machines: [], servers: [] }
    const result = run(reliabilityConfig(), [...firing(), { at: 120_000, snapshot: empty }])
    expect(summary(result.notices)).toEqual([[60, 'firing', 'warning']])
    expect(result.state.license[KEY]).toMatchObject({ phase: 'firing', level: 'warning' })
  })

  it('is kept while one of two servers of its machine is down', () => {
    const rows = withoutRows([
      { name: 'a', up: true },
      { name: 'b', up: false },
    ])
    const result = run(reliabilityConfig(), [...firing(), { at: 120_000, snapshot: rows }])
    expect(summary(result.notices)).toEqual([[60, 'firing', 'warning']])
    expect(result.state.license[KEY]?.phase).toBe('firing')
  })

  it('is judged by its own machine, not by the first machine listed', () => {
    const healthy = { machine: 'other', servers: ['z'], products: [row({ machine: 'other', used: 1, limit: 10 })] }
    const listed = withoutRows([{ name: 'a', up: false }], [healthy])
    // Put the healthy machine first: a lookup that ignored the name would find it and resolve.
    listed.machines.reverse()
    const result = run(reliabilityConfig(), [...firing(), { at: 120_000, snapshot: listed }])
    expect(summary(result.notices)).toEqual([[60, 'firing', 'warning']])
  })

  it('resolves while other machines are listed too (only its own servers count)', () => {
    const other = { machine: 'other', servers: ['z'], products: [row({ machine: 'other', used: 1, limit: 10 })] }
    const result = run(reliabilityConfig(), [...firing(), { at: 120_000, snapshot: withoutRows([{ name: 'a', up: true }], [other]) }])
    expect(summary(result.notices)).toEqual([
      [60, 'firing', 'warning'],
      [120, 'resolved', 'ok'],
    ])
  })

  it('leaves nothing in the saved state when it was only pending', () => {
    const polls: Poll[] = [
      { at: 0, snapshot: snapshot([{ used: 8, limit: 10 }]) },
      { at: 30_000, snapshot: withoutRows([{ name: 'a', up: true }]) },
    ]
    const result = run(reliabilityConfig(), polls)
    expect(result.notices).toEqual([])
    expect(result.state.license).toEqual({})
  })
})

describe('unlimited rows and rows on hold', () => {
  it('an unlimited row never alerts, whatever numbers it carries', () => {
    const unlimited = (at: number): Poll => {
      const shot = snapshot([{ used: 10, limit: 10 }])
      shot.machines[0]!.products[0] = { ...shot.machines[0]!.products[0]!, unlimited: true }
      return { at, snapshot: shot }
    }
    const result = run(reliabilityConfig(), [0, 60_000, 120_000, 180_000].map(unlimited))
    expect(result.notices).toEqual([])
    expect(result.state.license).toEqual({})
  })

  it('an alert whose row becomes unlimited resolves, naming what is in use', () => {
    const shot = snapshot([{ used: 7, limit: null }])
    shot.machines[0]!.products[0] = { ...shot.machines[0]!.products[0]!, unlimited: true }
    const result = run(reliabilityConfig(), [...firing(), { at: 120_000, snapshot: shot }])
    expect(summary(result.notices)).toEqual([
      [60, 'firing', 'warning'],
      [120, 'resolved', 'ok'],
    ])
    expect(result.notices[1]?.items[0]?.text).toBe('4D Client on srv-app-01 is back to normal: 7 in use')
    expect(result.state.license).toEqual({})
  })

  it('a stale row with no alert before leaves the saved state empty', () => {
    const result = run(reliabilityConfig(), [{ at: 0, snapshot: snapshot([{ used: 9, limit: 10, stale: true }]) }])
    expect(result.state.license).toEqual({})
  })

  it('a pending alert is not marked as muted', () => {
    const result = run(reliabilityConfig(), [{ at: 0, snapshot: snapshot([{ used: 8, limit: 10 }]) }])
    expect(result.state.license[KEY]).toMatchObject({ phase: 'pending', snoozeMuted: false, notifiedLevel: null })
  })
})

describe('judgedRow: the monitor’s own licenses', () => {
  const base = { ...row({ used: 5, limit: 10 }), heldByMonitor: 2 }

  it('takes them out of used and gives them back to remaining', () => {
    expect(judgedRow(base, { countMonitorLicense: false })).toMatchObject({ used: 3, remaining: 7, utilization: 0.3, limit: 10 })
  })

  it('keeps an unknown remaining unknown and a missing limit’s utilisation as it was', () => {
    const unknown = { ...base, limit: null, remaining: null, utilization: null }
    expect(judgedRow(unknown, { countMonitorLicense: false })).toMatchObject({ used: 3, remaining: null, utilization: null })
  })

  it('returns the row untouched when they count or when the monitor holds none', () => {
    expect(judgedRow(base, { countMonitorLicense: true })).toBe(base)
    const none = { ...base, heldByMonitor: 0 }
    expect(judgedRow(none, { countMonitorLicense: false })).toBe(none)
  })
})

describe('snoozes and reminders', () => {
  const snoozedUntil = (until: number) => withSnooze(noSnoozes(), { kind: 'all' }, until)

  it('an alert notified before a snooze gets one reminder when the snooze ends, then silence', () => {
    const polls: Poll[] = [
      ...firing(),
      ...remainingSeries([2, 2, 2], 120_000, { snoozes: snoozedUntil(HOUR) }),
      ...remainingSeries([2, 2, 2], HOUR),
    ]
    expect(summary(run(reliabilityConfig(), polls).notices)).toEqual([
      [60, 'firing', 'warning'],
      [3600, 'reminder', 'warning'],
    ])
  })

  it('an alert that fired only under a snooze and is gone when it ends says nothing', () => {
    const polls: Poll[] = [...remainingSeries([2, 2, 2], 0, { snoozes: snoozedUntil(HOUR) }), ...remainingSeries([5], HOUR)]
    const result = run(reliabilityConfig(), polls)
    expect(result.notices).toEqual([])
    expect(result.state.license).toEqual({})
  })

  it('the reminder carries the level the alert holds at the end of the snooze', () => {
    const config = reliabilityConfig()
    const polls: Poll[] = [...firing(), ...remainingSeries([3, 3], 120_000, { snoozes: snoozedUntil(HOUR) }), ...remainingSeries([3], HOUR)]
    const result = run(config, polls)
    // Remaining 3 is between the fire (2) and clear (4) thresholds: recovering, still active.
    expect(summary(result.notices)).toEqual([
      [60, 'firing', 'warning'],
      [3600, 'reminder', 'warning'],
    ])
    expect(result.state.license[KEY]).toMatchObject({ phase: 'recovering', snoozeMuted: false, notifiedLevel: 'warning' })
  })
})

describe('transitions', () => {
  it('server transitions are part of the evaluation’s transitions', () => {
    const result = evaluateAlerts(
      emptyAlertState(),
      {
        now: 0,
        snapshot: snapshot([{ used: 1, limit: 10, stale: true }], ['srv-app-01']),
        serverFailures: { 'srv-app-01-server': 3 },
        snoozes: noSnoozes(),
      },
      reliabilityConfig(),
    )
    expect(result.transitions).toHaveLength(1)
    expect(result.transitions[0]).toMatchObject({ kind: 'server', to: { level: 'unreachable' } })
    expect(result.state.transitions).toEqual(result.transitions)
  })

  it('the saved state keeps only the last MAX_TRANSITIONS', () => {
    // Each fire-and-clear cycle is two transitions (ok->warning, warning->ok) with forMs 0.
    const config = reliabilityConfig()
    config.levels.warning.forMs = 0
    const cycles = MAX_TRANSITIONS / 2 + 5
    const polls = Array.from({ length: cycles * 2 }, (_, i) => ({
      at: i * 1000,
      snapshot: snapshot([{ used: i % 2 === 0 ? 9 : 1, limit: 10 }]),
    }))
    const result = run(config, polls)
    expect(result.state.transitions).toHaveLength(MAX_TRANSITIONS)
    expect(result.state.transitions.at(-1)?.at).toBe(new Date((cycles * 2 - 1) * 1000).toISOString())
  })
})
