// Alert rules on pools of every size, through the engine's real evaluation on
// a fake clock: each pool is filled one license at a time and emptied again,
// every count held long enough for a level's `for` to pass. The tables are the
// specification: where each level first fires on the way up, and the count at
// which everything is back to normal on the way down (every count between the
// top and that point keeps an alert active: the hold).

import { describe, expect, it } from 'vitest'
import { parseAlertConfig, type AlertConfig, type AlertConfigInput } from '../../../main/core/alerts/config.ts'
import { evaluateAlerts } from '../../../main/core/alerts/engine.ts'
import { noSnoozes } from '../../../main/core/alerts/snooze.ts'
import { emptyAlertState, licenseKey, type AlertState } from '../../../main/core/alerts/state.ts'
import type { AlertLevel, Notice } from '../../../main/core/types/index.ts'
import { CLIENT, snapshot } from './helpers.ts'

const KEY = licenseKey('srv-app-01', CLIENT)
const STEP_MS = 40_000 // longer than the default warning `for` (30 s)

interface Walk {
  /** Level settled at each used count on the way up (index = used). */
  up: (AlertLevel | null)[]
  /** Phase settled at each used count on the way down (index = used). */
  down: string[]
  notices: Notice[]
}

function walk(config: AlertConfig, limit: number): Walk {
  let state: AlertState = emptyAlertState()
  let now = 0
  const notices: Notice[] = []
  const settle = (used: number): void => {
    for (let i = 0; i < 2; i++) {
      const result = evaluateAlerts(state, { now, snapshot: snapshot([{ used, limit }]), serverFailures: {}, snoozes: noSnoozes() }, config)
      state = result.state
      notices.push(...result.notices)
      now += STEP_MS
    }
  }
  const up: (AlertLevel | null)[] = []
  const down: string[] = []
  for (let used = 0; used <= limit; used++) {
    settle(used)
    up[used] = state.license[KEY]?.level ?? null
  }
  for (let used = limit; used >= 0; used--) {
    settle(used)
    down[used] = state.license[KEY]?.phase ?? 'normal'
  }
  return { up, down, notices }
}

function configOf(input: AlertConfigInput): AlertConfig {
  const parsed = parseAlertConfig(input)
  if (!parsed.ok) throw new Error(parsed.error)
  return parsed.config
}

/** First used count at which the settled level is `level` or worse; null = never. */
function firstAt(levels: (AlertLevel | null)[], level: AlertLevel): number | null {
  const order: AlertLevel[] = ['warning', 'critical', 'exhausted']
  const index = levels.findIndex((l) => l !== null && order.indexOf(l) >= order.indexOf(level))
  return index < 0 ? null : index
}

type Expect = [limit: number, warning: number, critical: number, exhausted: number, normalAt: number]

const CASES: { name: string; input: AlertConfigInput; table: Expect[] }[] = [
  {
    name: 'defaults (warning 80%, critical 95% or 1 left, exhausted 0 left)',
    input: {},
    table: [
      [1, 1, 1, 1, 0],
      [2, 1, 1, 2, 0],
      [3, 2, 2, 3, 1],
      [5, 4, 4, 5, 2],
      [10, 8, 9, 10, 7],
      [50, 40, 48, 50, 37],
      [500, 400, 475, 500, 375],
    ],
  },
  {
    name: 'licenses left only (warning at 5 left, critical at 2 left)',
    input: { warning: { remaining: 5 }, critical: { remaining: 2 } },
    table: [
      [1, 1, 1, 1, 0],
      [2, 1, 1, 2, 0],
      [3, 1, 1, 3, 0],
      [5, 1, 3, 5, 0],
      [10, 5, 8, 10, 3],
      [50, 45, 48, 50, 43],
      [500, 495, 498, 500, 493],
    ],
  },
  {
    name: 'utilization only (warning 70%, critical 90%, 10-point margin)',
    input: { warning: { utilizationPercent: 70 }, critical: { utilizationPercent: 90 }, hysteresis: { utilizationPoints: 10 } },
    table: [
      [1, 1, 1, 1, 0],
      [2, 2, 2, 2, 1],
      [3, 3, 3, 3, 1],
      [5, 4, 5, 5, 3],
      [10, 7, 9, 10, 6],
      [50, 35, 45, 50, 30],
      [500, 350, 450, 500, 300],
    ],
  },
]

describe('alert rules on every pool size', () => {
  for (const { name, input, table } of CASES) {
    describe(name, () => {
      it.each(table)(
        'pool of %i: warning from %i used, critical from %i, exhausted from %i, normal again at %i',
        (limit, warning, critical, exhausted, normalAt) => {
          const result = walk(configOf(input), limit)
          // Fire points on the way up.
          expect(firstAt(result.up, 'warning')).toBe(warning)
          expect(firstAt(result.up, 'critical')).toBe(critical)
          expect(firstAt(result.up, 'exhausted')).toBe(exhausted)
          // Nobody holding a license is never an alert, whatever the pool.
          expect(result.up[0]).toBeNull()
          // Hold from the top down to just above the clear point, then normal from there to empty.
          for (let used = limit; used > normalAt; used--) expect(result.down[used], `${used} used on the way down`).not.toBe('normal')
          for (let used = normalAt; used >= 0; used--) expect(result.down[used], `${used} used on the way down`).toBe('normal')
          // Every firing notice is resolved in the end: no level stays stuck.
          const kinds = result.notices.flatMap((notice) => notice.items.map((item) => item.kind))
          expect(kinds.filter((kind) => kind === 'firing')).toHaveLength(1)
          expect(kinds.at(-1)).toBe('resolved')
        },
      )
    })
  }

  it('a pool of 1 at rest says nothing for a day (no critical "1 of 1 left" repeating)', () => {
    let state = emptyAlertState()
    const notices: Notice[] = []
    for (let now = 0; now <= 24 * 3_600_000; now += 30_000) {
      const result = evaluateAlerts(
        state,
        { now, snapshot: snapshot([{ used: 0, limit: 1 }]), serverFailures: {}, snoozes: noSnoozes() },
        configOf({}),
      )
      state = result.state
      notices.push(...result.notices)
    }
    expect(notices).toEqual([])
    expect(state.license[KEY]).toBeUndefined()
  })

  it('clears before the pool is empty wherever the pool has room for it (defaults, pools of 3 and more)', () => {
    for (const limit of [3, 4, 5, 10, 50, 500]) {
      const result = walk(configOf({}), limit)
      expect(result.down[1], `pool of ${limit}`).toBe('normal')
    }
  })
})
