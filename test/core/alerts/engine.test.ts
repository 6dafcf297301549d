import { describe, expect, it } from 'vitest'
import { defaultAlertConfig, type AlertConfig } from '../../../main/core/alerts/config.ts'
import { withSnooze, noSnoozes } from '../../../main/core/alerts/snooze.ts'
import { licenseKey, type AlertState } from '../../../main/core/alerts/state.ts'
import { CLIENT, reliabilityConfig, remainingSeries, run, snapshot, summary, type Poll } from './helpers.ts'

const HOUR = 3_600_000
const KEY = licenseKey('srv-app-01', CLIENT)

/** Remaining 2 (firing) for `hours`, one poll every 30 s. */
function firingFor(hours: number): Poll[] {
  return remainingSeries(Array.from({ length: (hours * HOUR) / 30_000 + 1 }, () => 2))
}

function snoozedAll(until: number) {
  return withSnooze(noSnoozes(), { kind: 'all' }, until)
}

interface Case {
  name: string
  config?: AlertConfig
  polls: Poll[]
  expected: [number, string, string][]
}

// reliability.md, "Alerts": fake clock, 30 s polls, for = 60 s, fire at remaining <= 2, clear at >= 4.
const reliabilityCases: Case[] = [
  { name: '[5,2,2,2] gives one notice, at 90 s', polls: remainingSeries([5, 2, 2, 2]), expected: [[90, 'firing', 'warning']] },
  { name: '[2,5,2,5,...] gives none', polls: remainingSeries([2, 5, 2, 5, 2, 5, 2, 5, 2, 5]), expected: [] },
  {
    name: '[2,2,2,3,2,3] stays firing with no resolved notice, then 4 gives one resolved notice',
    polls: remainingSeries([2, 2, 2, 3, 2, 3, 4]),
    expected: [
      [60, 'firing', 'warning'],
      [180, 'resolved', 'ok'],
    ],
  },
  {
    name: 'firing 9 h with a 4 h repeat gives 3 notices',
    config: reliabilityConfig(4 * HOUR),
    polls: firingFor(9),
    expected: [
      [60, 'firing', 'warning'],
      [60 + 4 * 3600, 'repeat', 'warning'],
      [60 + 8 * 3600, 'repeat', 'warning'],
    ],
  },
  {
    name: 'a snooze ending while firing gives one notice',
    polls: firingFor(2).map((poll) => ({ ...poll, snoozes: snoozedAll(HOUR) })),
    // Fired at 60 s under the snooze: muted; the first poll after it ends says it once.
    expected: [[3600, 'reminder', 'warning']],
  },
  {
    name: 'resolving during a snooze gives none',
    polls: [
      ...remainingSeries([2, 2, 2]),
      ...remainingSeries([2, 3, 4, 5, 5], 90_000, { snoozes: snoozedAll(HOUR) }),
      ...remainingSeries([5, 5], HOUR + 30_000, { snoozes: snoozedAll(HOUR) }),
    ],
    expected: [[60, 'firing', 'warning']],
  },
  {
    name: 'three failed polls while firing: still firing, plus one unreachable notice',
    polls: [
      ...remainingSeries([2, 2, 2]),
      ...[1, 2, 3, 4, 5].map((failures, i) => ({
        at: 90_000 + i * 30_000,
        snapshot: snapshot([{ used: 8, limit: 10, stale: true }], ['srv-app-01']),
        failures: { 'srv-app-01-server': failures },
      })),
    ],
    expected: [
      [60, 'firing', 'warning'],
      [150, 'unreachable', 'unreachable'],
    ],
  },
  {
    name: 'two servers crossing in one cycle: one notice',
    polls: [5, 2, 2, 2].map((left, i) => ({
      at: i * 30_000,
      snapshot: snapshot([
        { machine: 'srv-app-01', used: 10 - left, limit: 10 },
        { machine: 'srv-app-02', used: 10 - left, limit: 10 },
      ]),
    })),
    expected: [
      [90, 'firing', 'warning'],
      [90, 'firing', 'warning'],
    ],
  },
]

describe('evaluateAlerts: reliability.md cases', () => {
  it.each(reliabilityCases)('$name', ({ config, polls, expected }) => {
    expect(summary(run(config ?? reliabilityConfig(), polls).notices)).toEqual(expected)
  })

  it('keeps the alert firing through three failed polls', () => {
    const { state } = run(reliabilityConfig(), reliabilityCases[6]!.polls)
    expect(state.license[KEY]).toMatchObject({ phase: 'firing', level: 'warning' })
    expect(state.servers['srv-app-01-server']).toMatchObject({ failures: 5, notified: true })
  })

  it('groups two machines crossing in one cycle into one notice that says how many', () => {
    const { notices } = run(reliabilityConfig(), reliabilityCases[7]!.polls)
    expect(notices).toHaveLength(1)
    expect(notices[0]?.title).toBe('2 license alerts')
    expect(notices[0]?.body).toBe('4D Client on srv-app-01: 2 of 10 left (80%)\n4D Client on srv-app-02: 2 of 10 left (80%)')
  })

  it('sends no new notice after a restart while firing (state saved as JSON and read back)', () => {
    const before = run(reliabilityConfig(), remainingSeries([2, 2, 2, 2]))
    expect(summary(before.notices)).toEqual([[60, 'firing', 'warning']])
    const reloaded = JSON.parse(JSON.stringify(before.state)) as AlertState
    const after = run(reliabilityConfig(), remainingSeries([2, 2, 2, 4], 10 * 60_000), reloaded)
    expect(summary(after.notices)).toEqual([[690, 'resolved', 'ok']])
  })
})

describe('evaluateAlerts: timing, levels and hysteresis', () => {
  it('measures `for` by clock, not by poll count', () => {
    const polls: Poll[] = [0, 10, 69, 70].map((s) => ({ at: s * 1000, snapshot: snapshot([{ used: s === 0 ? 5 : 8, limit: 10 }]) }))
    expect(summary(run(reliabilityConfig(), polls).notices)).toEqual([[70, 'firing', 'warning']])
  })

  it('walks the default levels up and down: one notice per new level, silent de-escalation, one resolved', () => {
    const config = defaultAlertConfig()
    config.levels.warning.forMs = 0
    const used = [5, 8, 9, 10, 9, 8, 7, 6]
    const polls = used.map((u, i) => ({ at: i * 30_000, snapshot: snapshot([{ used: u, limit: 10 }]) }))
    const result = run(config, polls)
    expect(summary(result.notices)).toEqual([
      [30, 'firing', 'warning'],
      [60, 'escalated', 'critical'],
      [90, 'escalated', 'exhausted'],
      [180, 'resolved', 'ok'],
    ])
    expect(result.state.transitions.map((t) => `${t.from.level ?? 'ok'}->${t.to.level ?? 'ok'}`)).toEqual([
      'ok->warning',
      'warning->critical',
      'critical->exhausted',
      'exhausted->critical',
      'critical->ok',
    ])
  })

  it('clears a percentage threshold only 5 points below it', () => {
    const config = defaultAlertConfig()
    const used = [80, 80, 79, 76, 80, 76, 75]
    const polls = used.map((u, i) => ({ at: i * 30_000, snapshot: snapshot([{ used: u, limit: 100 }]) }))
    const result = run(config, polls)
    expect(summary(result.notices)).toEqual([
      [30, 'firing', 'warning'],
      [180, 'resolved', 'ok'],
    ])
  })

  it('clears a remaining threshold only 2 licenses above it, and shows recovering in between', () => {
    const middle = run(reliabilityConfig(), remainingSeries([2, 2, 2, 3]))
    expect(middle.state.license[KEY]).toMatchObject({ phase: 'recovering', level: 'warning' })
  })

  it('repeats critical every 30 min by default and never repeats warning', () => {
    const config = defaultAlertConfig()
    const polls = (used: number) => Array.from({ length: 121 }, (_, i) => ({ at: i * 30_000, snapshot: snapshot([{ used, limit: 100 }]) }))
    expect(summary(run(config, polls(85)).notices)).toEqual([[30, 'firing', 'warning']])
    expect(summary(run(config, polls(96)).notices)).toEqual([
      [0, 'firing', 'critical'],
      [1800, 'repeat', 'critical'],
      [3600, 'repeat', 'critical'],
    ])
  })

  it('holds an alert whose row is stale or whose limit became unknown', () => {
    const firing = run(reliabilityConfig(), remainingSeries([2, 2, 2]))
    const held = run(
      reliabilityConfig(),
      [
        { at: 90_000, snapshot: snapshot([{ used: 2, limit: 10, stale: true }]) },
        { at: 120_000, snapshot: snapshot([{ used: 2, limit: null }]) },
      ],
      firing.state,
    )
    expect(held.notices).toEqual([])
    expect(held.state.license[KEY]).toMatchObject({ phase: 'firing', level: 'warning' })
  })

  it('resolves a firing alert whose row vanished while its machine is fully up, and holds it while it is not', () => {
    const firing = run(reliabilityConfig(), remainingSeries([2, 2, 2]))
    const other = { productId: 1, productName: '4D SQL Server', used: 0, limit: 5 }
    const down = run(reliabilityConfig(), [{ at: 90_000, snapshot: snapshot([{ ...other, stale: true }], ['srv-app-01']) }], firing.state)
    expect(down.notices).toEqual([])
    const up = run(reliabilityConfig(), [{ at: 120_000, snapshot: snapshot([other]) }], down.state)
    expect(up.notices.map((n) => n.body)).toEqual(['4D Client on srv-app-01 is back to normal: no license of it is held any more'])
  })

  it('tells when a server answers again after an unreachable notice', () => {
    const polls: Poll[] = [1, 2, 3, 0].map((failures, i) => ({
      at: i * 30_000,
      snapshot: snapshot([{ used: 1, limit: 10, stale: failures > 0 }], failures > 0 ? ['srv-app-01'] : []),
      failures: { 'srv-app-01-server': failures },
    }))
    const { notices } = run(defaultAlertConfig(), polls)
    expect(summary(notices)).toEqual([
      [60, 'unreachable', 'unreachable'],
      [90, 'reachable', 'ok'],
    ])
    expect(notices[0]?.body).toBe(
      'srv-app-01-server (srv-app-01) is unreachable after 3 failed polls: Connection refused. Its license alerts are on hold.',
    )
  })

  it('mutes only the snoozed alert, not its neighbours', () => {
    const snoozes = withSnooze(noSnoozes(), { kind: 'alert', key: KEY }, HOUR)
    const polls = [5, 2, 2, 2].map((left, i) => ({
      at: i * 30_000,
      snoozes,
      snapshot: snapshot([
        { machine: 'srv-app-01', used: 10 - left, limit: 10 },
        { machine: 'srv-app-02', used: 10 - left, limit: 10 },
      ]),
    }))
    const { notices, state } = run(reliabilityConfig(), polls)
    expect(notices.flatMap((n) => n.items.map((item) => item.machine))).toEqual(['srv-app-02'])
    expect(state.license[KEY]).toMatchObject({ phase: 'firing', snoozeMuted: true })
  })
})

describe('evaluateAlerts: overrides', () => {
  const tight = (polls: Poll[], config: AlertConfig) => summary(run(config, polls).notices).map(([, kind, level]) => `${kind}:${level}`)
  const at50 = (machine: string, productId: number, productName: string): Poll[] =>
    [0, 30].map((s) => ({ at: s * 1000, snapshot: snapshot([{ machine, productId, productName, used: 47, limit: 50 }]) }))

  function withOverrides(...overrides: AlertConfig['overrides']): AlertConfig {
    return { ...defaultAlertConfig(), overrides }
  }

  it('applies a product override by id and by name, and leaves other products on the global rules', () => {
    // 47 of 50 (94%, 3 left): a warning by default.
    expect(tight(at50('m', CLIENT, '4D Client'), withOverrides())).toEqual(['firing:warning'])
    expect(tight(at50('m', CLIENT, '4D Client'), withOverrides({ product: CLIENT, critical: { remaining: 3 } }))).toEqual([
      'firing:critical',
    ])
    expect(tight(at50('m', CLIENT, '4D Client'), withOverrides({ product: '4d client', critical: { remaining: 3 } }))).toEqual([
      'firing:critical',
    ])
    expect(tight(at50('m', 1, '4D SQL Server'), withOverrides({ product: '4D Client', critical: { remaining: 3 } }))).toEqual([
      'firing:warning',
    ])
  })

  it('applies a machine override only to that machine', () => {
    const config = withOverrides({ machine: 'srv-app-02', warning: { utilizationPercent: 95 } })
    expect(tight(at50('srv-app-01', CLIENT, '4D Client'), config)).toEqual(['firing:warning'])
    expect(tight(at50('srv-app-02', CLIENT, '4D Client'), config)).toEqual([])
  })
})

describe('evaluateAlerts: consistent rounds only (issue 16)', () => {
  // Default rules: warning at 80 % after 30 s, critical at 95 % or 1 left at once, exhausted at 0 left at once.
  const polls = (series: (number | `${number}?`)[]): Poll[] =>
    series.map((entry, i) => {
      const inconsistent = typeof entry === 'string'
      const used = Number(inconsistent ? entry.slice(0, -1) : entry)
      return { at: i * 5_000, snapshot: snapshot([{ used, limit: 10, ...(inconsistent ? { consistent: false as const } : {}) }]) }
    })
  // "n?" is a reading of n used out of 10 that does not come from one consistent round.
  const cases: { name: string; series: (number | `${number}?`)[]; expected: [number, string, string][] }[] = [
    { name: 'an inconsistent 10 of 10 never fires exhausted, nor critical', series: ['10?', '10?', '9?', '10?'], expected: [] },
    { name: 'a real exhaustion fires at the first consistent round', series: ['10?', 10], expected: [[5, 'firing', 'exhausted']] },
    {
      name: 'warnings still come from inconsistent rounds (a machine with a slow server is not left silent)',
      series: ['8?', '8?', '8?', '8?', '8?', '8?', '8?'],
      expected: [[30, 'firing', 'warning']],
    },
    {
      name: 'an inconsistent reading never escalates a warning',
      series: [8, 8, 8, 8, 8, 8, 8, '10?', '10?'],
      expected: [[30, 'firing', 'warning']],
    },
    {
      name: 'an inconsistent reading never resolves an active alert; the next consistent round does',
      series: [10, '5?', '5?', 5],
      expected: [
        [0, 'firing', 'exhausted'],
        [15, 'resolved', 'ok'],
      ],
    },
  ]
  it.each(cases)('$name', ({ series, expected }) => {
    expect(summary(run(defaultAlertConfig(), polls(series)).notices)).toEqual(expected)
  })
})
