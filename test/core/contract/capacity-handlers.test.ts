// The capacity calls over a history recorded by the real recorder: the
// default period, a custom one, usage by user and group, settings read at
// each call, and arguments refused with sentences.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBackend, dispatchCall } from '../../../main/core/contract/backend.ts'
import { openHistoryStore, type HistoryStore } from '../../../main/core/history/store.ts'
import type { CapacityReport, CapacitySettings, CapacitySettingsView, CapacityUsers, Snapshot } from '../../../main/core/types/index.ts'
import { CAPACITY_CONFIG_FILE, loadCapacitySettings, saveCapacitySettings } from '../../../main/core/capacity/capacity-settings.ts'
import { snapshot } from '../history/snapshots.ts'

const T0 = new Date(2026, 10, 28, 9, 0, 0).getTime()
const POLLS = 240
const STEP = 30_000
const LAST = T0 + (POLLS - 1) * STEP
const NOW = LAST + 10_000
/** Two licenses all along; all five (the limit) from minute 30 to minute 35. */
const usedAt = (minute: number) => (minute >= 30 && minute < 35 ? 5 : 2)

let dir: string
let store: HistoryStore
let settings: CapacitySettings = { margin: 3, groups: [] }

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lm-capacity-calls-'))
  store = openHistoryStore(dir)
  for (let i = 0; i < POLLS; i++) {
    const at = T0 + i * STEP
    const used = usedAt(Math.floor((at - T0) / 60_000))
    store.record(
      snapshot(
        [{ name: 'A', machine: 'srv-01' }],
        Array.from({ length: used }, (_, k) => ({ server: 'A', token: k + 1 })),
        5,
      ),
      at,
    )
  }
})
afterAll(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

function call(name: string, ...args: unknown[]) {
  const monitor = { getSnapshot: () => ({}) as Snapshot, onSnapshot: () => () => undefined }
  const backend = createBackend({ monitor, history: { store, now: () => NOW }, capacitySettings: () => ({ settings, problem: null }) })
  return dispatchCall(backend, name, args)
}

describe('capacity calls', () => {
  it('getCapacity: the last 30 days by default; five full minutes in one stretch, so add licenses', async () => {
    const answer = (await call('getCapacity')) as { ok: true; data: CapacityReport }
    expect(answer.ok).toBe(true)
    const [pair] = answer.data.pairs
    expect(answer.data.to).toBe(NOW)
    expect(pair).toMatchObject({ machine: 'srv-01', productId: 1, limit: 5, maxDailyPeak: 5, p95DailyPeak: 5 })
    expect(pair!.pressure).toMatchObject({
      fullMs: 5 * 60_000,
      atOrAbove90Ms: 5 * 60_000,
      fullEpisodes: 1,
      fullDays: 1,
      resolution: 'minute',
    })
    expect(pair!.coverage.coveredMs).toBe((POLLS / 2) * 60_000)
    expect(pair!.recommendation.text).toContain(
      'Over the last 30 days the pool of 5 was full for 5 min on 1 day: 1 more license would have kept it below 90 %',
    )
  })

  it('getCapacity: a custom period in whole days; the margin is read at each call', async () => {
    settings = { margin: 0, groups: [] }
    const answer = (await call('getCapacity', { from: '2026-11-28', to: '2026-11-28', machine: 'srv-01' })) as {
      ok: true
      data: CapacityReport
    }
    expect(answer.data.from).toBe(new Date(2026, 10, 28).getTime())
    expect(answer.data.to).toBe(new Date(2026, 10, 29).getTime())
    expect(answer.data.margin).toBe(0)
    expect(answer.data.pairs[0]!.coverage.ratio).toBeCloseTo(POLLS / 2 / 1440, 10)
    settings = { margin: 3, groups: [] }
  })

  it('getCapacityUsers: license-hours per user, client machine and group', async () => {
    settings = { margin: 3, groups: [{ name: 'Early', patterns: ['user1', 'user2'] }] }
    const answer = (await call('getCapacityUsers', { machine: 'srv-01', productId: 1 })) as { ok: true; data: CapacityUsers }
    const byUser = Object.fromEntries(answer.data.byUser.map((u) => [u.key, u]))
    expect(byUser['user1']).toMatchObject({ licenseHours: (LAST - T0) / 3_600_000, peakConcurrent: 1, firstSeen: T0, lastSeen: LAST })
    expect(byUser['user5']).toMatchObject({ licenseHours: 5 / 60, firstSeen: T0 + 30 * 60_000, lastSeen: T0 + 35 * 60_000 })
    expect(answer.data.byClientMachine.map((c) => c.key).sort()).toEqual(['PC-1', 'PC-2', 'PC-3', 'PC-4', 'PC-5'])
    expect(answer.data.byGroup.map((g) => [g.key, g.peakConcurrent])).toEqual([
      ['Early', 2],
      ['(no group)', 3],
    ])
  })

  it('refuses bad arguments and periods with sentences', async () => {
    expect(await call('getCapacity', { from: 'last week' })).toEqual({
      ok: false,
      error: expect.stringContaining('The period\'s start "last week" is not an ISO 8601 date'),
    })
    expect(await call('getCapacity', { from: '2026-11-28', to: '2026-11-01' })).toEqual({
      ok: false,
      error: 'The period must start before it ends.',
    })
    expect(await call('getCapacity', { from: '2020-01-01', to: '2026-11-28' })).toEqual({
      ok: false,
      error: expect.stringContaining('longer than the two years'),
    })
    expect(await call('getCapacity', { form: '2026-11-01' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^invalid arguments for getCapacity/),
    })
    expect(await call('getCapacityUsers', {})).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^invalid arguments for getCapacityUsers/),
    })
  })

  it('saveMonthlyReport without a save step (the served mode): the URL of the report page, with the order as its query', async () => {
    expect(await call('saveMonthlyReport', { month: '2026-11', locale: 'pt-BR', machine: 'srv 01', productId: 1 })).toEqual({
      ok: true,
      data: { status: 'open', url: '/api/capacity-report?month=2026-11&locale=pt-BR&machine=srv+01&product=1' },
    })
    expect(await call('saveMonthlyReport', { month: '2026-13' })).toEqual({
      ok: false,
      error: expect.stringContaining('The month "2026-13" is not a calendar month written YYYY-MM'),
    })
    expect(await call('saveMonthlyReport', { month: '2026-11', locale: 'not a tag!' })).toEqual({
      ok: false,
      error: expect.stringContaining('The locale "not a tag!" is not a language tag'),
    })
    expect(await call('saveMonthlyReport', { month: '2026-11', pages: 3 })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^invalid arguments for saveMonthlyReport/),
    })
  })

  it('without a history the calls answer with a sentence', async () => {
    const monitor = { getSnapshot: () => ({}) as Snapshot, onSnapshot: () => () => undefined }
    expect(await dispatchCall(createBackend({ monitor }), 'getCapacity', [])).toEqual({
      ok: false,
      error: expect.stringContaining('not open'),
    })
  })
})

describe('capacity settings calls, over the real capacity-config.json', () => {
  function backendOn(folder: string) {
    const monitor = { getSnapshot: () => ({}) as Snapshot, onSnapshot: () => () => undefined }
    const backend = createBackend({
      monitor,
      history: { store, now: () => NOW },
      capacitySettings: () => loadCapacitySettings(folder),
      saveCapacitySettings: (value) => saveCapacitySettings(folder, value),
    })
    return (name: string, ...args: unknown[]) => dispatchCall(backend, name, args)
  }

  it('a saved margin is read back and the next figures follow it', async () => {
    const folder = mkdtempSync(join(dir, 'settings-'))
    const run = backendOn(folder)
    expect(await run('getCapacitySettings')).toEqual({
      ok: true,
      data: { settings: { margin: 3, groups: [] }, defaults: { margin: 3, groups: [] }, problem: null },
    })
    const groups = [{ name: 'Early', patterns: ['user1'] }]
    expect(await run('setCapacitySettings', { margin: 0, groups })).toMatchObject({ ok: true, data: { settings: { margin: 0, groups } } })
    expect(JSON.parse(readFileSync(join(folder, CAPACITY_CONFIG_FILE), 'utf8'))).toEqual({ margin: 0, groups })
    const figures = (await run('getCapacity')) as { ok: true; data: CapacityReport }
    expect(figures.data.margin).toBe(0)
    const users = (await run('getCapacityUsers', { machine: 'srv-01', productId: 1 })) as { ok: true; data: CapacityUsers }
    expect(users.data.byGroup.map((g) => g.key)).toContain('Early')
  })

  it('refuses a bad value with a sentence naming the field, and the file keeps what it had', async () => {
    const folder = mkdtempSync(join(dir, 'settings-'))
    const run = backendOn(folder)
    await run('setCapacitySettings', { margin: 2, groups: [] })
    expect(await run('setCapacitySettings', { margin: 2, groups: [{ name: 'Web', patterns: ['rest-[0-9]'] }] })).toEqual({
      ok: false,
      error: 'Capacity settings: pattern 1 of group 1 may use * and ? but not [ or ].',
    })
    expect(loadCapacitySettings(folder)).toEqual({ settings: { margin: 2, groups: [] }, problem: null })
  })

  it('an unusable file: get says so (defaults apply), set keeps it aside and says where', async () => {
    const folder = mkdtempSync(join(dir, 'settings-'))
    writeFileSync(join(folder, CAPACITY_CONFIG_FILE), '{"margin": "three"}')
    const run = backendOn(folder)
    expect(await run('getCapacitySettings')).toMatchObject({
      ok: true,
      data: { settings: { margin: 3 }, problem: expect.stringContaining('the margin must be a number') },
    })
    const saved = (await run('setCapacitySettings', { margin: 4, groups: [] })) as { ok: true; data: CapacitySettingsView }
    expect(saved.data.problem).toMatch(/could not be used, so it was kept as .*capacity-config\.unusable-.*\.json/)
    const aside = readdirSync(folder).find((name) => name.startsWith('capacity-config.unusable-'))
    expect(readFileSync(join(folder, aside ?? 'missing'), 'utf8')).toBe('{"margin": "three"}')
  })

  it('without a way to save, set refuses with a sentence', async () => {
    expect(await call('setCapacitySettings', { margin: 1, groups: [] })).toEqual({
      ok: false,
      error: expect.stringContaining('cannot be changed in this monitor'),
    })
  })
})
