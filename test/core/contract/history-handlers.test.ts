// The history calls over a real history file: arguments refused with
// sentences, the chart and its peaks, holders at a moment, exports as a
// download URL (served) or through saveExport (Electron), and the info call.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBackend, dispatchCall } from '../../../main/core/contract/backend.ts'
import type { HistoryServices } from '../../../main/core/contract/history-handlers.ts'
import type { ExportJob } from '../../../main/core/export/export-request.ts'
import { DEFAULT_HISTORY_RETENTION, historySettingsFile } from '../../../main/core/history/history-settings.ts'
import { openHistoryStore, type HistoryStore } from '../../../main/core/history/store.ts'
import type { HistoryChart, HistoryRetention, LicenseHolder, Snapshot } from '../../../main/core/types/index.ts'
import { snapshot } from '../history/snapshots.ts'

const T0 = Date.UTC(2026, 10, 28, 9, 0, 0)
const NOW = T0 + 10 * 60_000
const SERVERS = [{ name: 'A', machine: 'srv-01' }]
let dir: string
let store: HistoryStore

/** Polls every 30 s for 10 minutes: 1 license, then up to 5 at minute 4, back to 2. */
function usedAt(minute: number): number {
  return minute < 2 ? 1 : minute < 4 ? 3 : minute < 5 ? 5 : 2
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lm-history-calls-'))
  store = openHistoryStore(dir)
  for (let at = T0; at < NOW; at += 30_000) {
    const used = usedAt((at - T0) / 60_000)
    store.record(
      snapshot(
        SERVERS,
        Array.from({ length: used }, (_, i) => ({ server: 'A', token: i + 1, user: `user${i + 1}` })),
      ),
      at,
    )
  }
})
afterAll(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

function backend(extra: Partial<HistoryServices> = {}) {
  const monitor = { getSnapshot: () => ({}) as Snapshot, onSnapshot: () => () => undefined }
  return createBackend({ monitor, history: { store, now: () => NOW, ...extra } })
}

async function call(name: string, ...args: unknown[]) {
  return dispatchCall(backend(), name, args)
}

describe('history calls', () => {
  it('refuse bad arguments with a sentence naming the call', async () => {
    expect(await call('getHistoryChart')).toEqual({ ok: false, error: expect.stringMatching(/^invalid arguments for getHistoryChart: /) })
    expect(await call('getHistoryChart', { machine: 'srv-01', productId: 1, range: 'year' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('getHistoryChart'),
    })
    expect(await call('getHistoryChart', { machine: '', productId: 1, range: 'hour' })).toMatchObject({ ok: false })
    expect(await call('getHistoryChart', { machine: 'srv-01', productId: 1.5, range: 'hour' })).toMatchObject({ ok: false })
    expect(await call('getHistoryChart', { machine: 'srv-01', productId: 1, range: 'hour', extra: 1 })).toMatchObject({ ok: false })
    expect(await call('getHoldersAt', { machine: 'srv-01', productId: 1, time: 'noon' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('getHoldersAt'),
    })
    expect(await call('getHistoryInfo', 'x')).toMatchObject({ ok: false })
    expect(await call('exportCsv')).toMatchObject({ ok: false })
  })

  it('refuse a custom range that is not ISO, backwards or longer than the history keeps', async () => {
    const chart = (from: string, to: string) => call('getHistoryChart', { machine: 'srv-01', productId: 1, range: { from, to } })
    expect(await chart('yesterday', '2026-11-28T10:00:00Z')).toEqual({
      ok: false,
      error: 'The range start "yesterday" is not an ISO 8601 date or time.',
    })
    expect(await chart('2026-11-28T10:00:00Z', '2026-11-28T09:00:00Z')).toEqual({
      ok: false,
      error: 'The range must start before it ends.',
    })
    expect(await chart('2020-01-01', '2026-11-28')).toEqual({ ok: false, error: expect.stringContaining('longer than the two years') })
  })

  it('getHistoryChart: the last hour as raw points with min/avg/max and limit, and the peak of each 10 minutes', async () => {
    const answer = await call('getHistoryChart', { machine: 'srv-01', productId: 1, range: 'hour' })
    expect(answer.ok).toBe(true)
    const chart = (answer as { data: HistoryChart }).data
    expect(chart).toMatchObject({ machine: 'srv-01', productId: 1, from: NOW - 3_600_000, to: NOW, granularity: 'raw' })
    expect(chart.points).toHaveLength(20)
    expect(chart.points[0]).toEqual({ time: T0, min: 1, avg: 1, max: 1, limit: 10, coverage: 1 })
    expect(chart.points.map((p) => p.max)).toEqual(Array.from({ length: 20 }, (_, i) => usedAt(i / 2)))
    expect(chart.peaks).toEqual([{ time: T0 + 4 * 60_000, used: 5, limit: 10 }])
  })

  it('getHistoryChart: a custom range of the same minutes at minute granularity keeps min, avg and max per minute', async () => {
    const answer = await call('getHistoryChart', {
      machine: 'srv-01',
      productId: 1,
      range: { from: new Date(T0).toISOString(), to: new Date(NOW).toISOString() },
    })
    const chart = (answer as { data: HistoryChart }).data
    expect(chart.from).toBe(T0)
    expect(chart.points.every((p) => p.min <= p.avg && p.avg <= p.max)).toBe(true)
    expect(Math.max(...chart.points.map((p) => p.max))).toBe(5)
  })

  it('getHoldersAt: the licenses held at that moment, with who and from when', async () => {
    const at = T0 + 4 * 60_000 + 10_000
    const answer = await call('getHoldersAt', { machine: 'srv-01', productId: 1, time: at })
    const holders = (answer as { data: LicenseHolder[] }).data
    expect(holders.map((h) => h.userName).sort()).toEqual(['user1', 'user2', 'user3', 'user4', 'user5'])
    const fourth = holders.find((h) => h.userName === 'user4')!
    expect(fourth).toEqual({
      server: 'A',
      userName: 'user4',
      sessionType: 'remote',
      clientMachine: 'PC-4',
      ipAddress: '10.0.0.4',
      from: T0 + 4 * 60_000,
      to: T0 + 5 * 60_000,
      endReason: 'released',
    })
    const early = await call('getHoldersAt', { machine: 'srv-01', productId: 1, time: T0 + 1000 })
    expect((early as { data: LicenseHolder[] }).data.map((h) => h.userName)).toEqual(['user1'])
    const elsewhere = await call('getHoldersAt', { machine: 'srv-02', productId: 1, time: at })
    expect(elsewhere).toEqual({ ok: true, data: [] })
  })

  it('exportCsv without saveExport (served mode) answers the download URL of the checked request', async () => {
    const answer = await call('exportCsv', {
      kind: 'history',
      from: '2026-11-28T09:00:00Z',
      to: '2026-11-28T10:00:00Z',
      granularity: 'minute',
      locale: 'pt-BR',
      bom: false,
    })
    expect(answer).toEqual({
      ok: true,
      data: {
        status: 'download',
        url: '/api/export?kind=history&from=2026-11-28T09%3A00%3A00Z&to=2026-11-28T10%3A00%3A00Z&granularity=minute&locale=pt-BR&bom=0',
        fileName: expect.stringMatching(/^license-history-2026-11-2\d\.csv$/),
      },
    })
  })

  it('exportCsv refuses bad options with sentences the dialog can show', async () => {
    expect(await call('exportCsv', { kind: 'everything' })).toEqual({
      ok: false,
      error:
        'The export kind must be one of usage, licenses, history, holdings, capacity-days, capacity-users, capacity-clients, capacity-groups, not "everything".',
    })
    expect(await call('exportCsv', { kind: 'usage', delimiter: '|' })).toEqual({
      ok: false,
      error: 'The export delimiter must be "," or ";", not "|".',
    })
    expect(await call('exportCsv', { kind: 'history', granularity: 'week' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('granularity must be one of raw, minute, hour, day'),
    })
    expect(await call('exportCsv', { kind: 'history', from: 'last week' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('is not an ISO 8601 date or time'),
    })
    expect(await call('exportCsv', { kind: 'history', from: '2026-11-28T10:00:00Z', to: '2026-11-28T09:00:00Z' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('must start before it ends'),
    })
    expect(await call('exportCsv', { kind: 'usage', locale: 'not a locale!' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('is not a language tag'),
    })
    expect(await call('exportCsv', { kind: 'usage', bom: 'yes' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('"bom" must be true or false'),
    })
    expect(await call('exportCsv', { kind: 'usage', path: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('unknown field "path"'),
    })
  })

  it('exportCsv with saveExport (Electron) hands it the checked job, with defaults filled', async () => {
    const jobs: ExportJob[] = []
    const answer = await dispatchCall(backend({ saveExport: async (job) => (jobs.push(job), { status: 'cancelled' }) }), 'exportCsv', [
      { kind: 'holdings', delimiter: ';' },
    ])
    expect(answer).toEqual({ ok: true, data: { status: 'cancelled' } })
    expect(jobs).toEqual([
      {
        kind: 'holdings',
        from: NOW - 86_400_000,
        to: NOW,
        granularity: 'hour',
        csv: { locale: undefined, delimiter: ';', bom: undefined },
      },
    ])
  })

  it('getHistoryInfo: the damaged-file notice, the recording problem and the latest recorded poll', async () => {
    const info = await dispatchCall(backend({ recordingProblem: () => 'The disk is full.' }), 'getHistoryInfo', [])
    expect(info).toEqual({ ok: true, data: { notice: null, problem: 'The disk is full.', lastRecordAt: NOW - 30_000 } })
  })

  it('getHistoryInfo carries the damaged-file notice as a message for the page’s language, beside the English', async () => {
    const damagedDir = mkdtempSync(join(tmpdir(), 'lm-history-damaged-'))
    try {
      writeFileSync(join(damagedDir, 'history.sqlite'), 'not a database, only text '.repeat(200))
      const damaged = openHistoryStore(damagedDir, { now: () => NOW })
      try {
        const monitor = { getSnapshot: () => ({}) as Snapshot, onSnapshot: () => () => undefined }
        const info = await dispatchCall(createBackend({ monitor, history: { store: damaged, now: () => NOW } }), 'getHistoryInfo', [])
        if (!info.ok) throw new Error(info.error)
        const data = info.data as { notice: string | null; noticeMessage?: { id: string; params: Record<string, unknown> } }
        expect(data.notice).toContain('was damaged')
        expect(data.noticeMessage).toMatchObject({ id: 'history.damagedNotice', params: { file: join(damagedDir, 'history.sqlite') } })
      } finally {
        damaged.close()
      }
    } finally {
      rmSync(damagedDir, { recursive: true, force: true })
    }
  })

  it('answer "not open" when the backend has no history', async () => {
    const bare = createBackend({ monitor: { getSnapshot: () => ({}) as Snapshot, onSnapshot: () => () => undefined } })
    expect(await dispatchCall(bare, 'getHistoryChart', [{ machine: 'm', productId: 1, range: 'hour' }])).toEqual({
      ok: false,
      error: expect.stringContaining('local history is not open'),
    })
  })
})

describe('history retention settings calls', () => {
  function withSettings(path: string) {
    const settings = historySettingsFile(path)
    const applied: HistoryRetention[] = []
    const services = backend({ retention: { settings, loaded: settings.load(), apply: (retention) => void applied.push(retention) } })
    return { services, applied }
  }

  it('getHistorySettings: what is in force, the defaults, and a load problem', async () => {
    const path = join(dir, 'bad-history-config.json')
    writeFileSync(path, '{"retention": {"hourDays": 0}}')
    const { services } = withSettings(path)
    expect(await dispatchCall(services, 'getHistorySettings', [])).toEqual({
      ok: true,
      data: {
        retention: DEFAULT_HISTORY_RETENTION,
        defaults: DEFAULT_HISTORY_RETENTION,
        problem: expect.stringContaining(`"hourDays" (per-hour rollups (days)) must be at least 1 in ${path}`),
      },
    })
    expect(await dispatchCall(services, 'getHistorySettings', ['extra'])).toEqual({
      ok: false,
      error: expect.stringMatching(/^invalid arguments for getHistorySettings: /),
    })
  })

  it('setHistorySettings refuses bad settings with a sentence, saving and applying nothing', async () => {
    const path = join(dir, 'refused-history-config.json')
    const { services, applied } = withSettings(path)
    expect(await dispatchCall(services, 'setHistorySettings', [])).toEqual({
      ok: false,
      error: expect.stringMatching(/^invalid arguments for setHistorySettings: /),
    })
    expect(await dispatchCall(services, 'setHistorySettings', [{ retention: { rawHours: 0 } }])).toEqual({
      ok: false,
      error: 'History retention: "rawHours" (raw samples (hours)) must be at least 1.',
    })
    expect(await dispatchCall(services, 'setHistorySettings', [{ retention: { rawHours: 24, minuteDays: 40, hourDays: 30 } }])).toEqual({
      ok: false,
      error: 'History retention: Per-hour rollups must be kept at least as long as per-minute rollups (40 days).',
    })
    expect(await dispatchCall(services, 'setHistorySettings', [{ retention: { rawHours: 24 }, path: '/etc' }])).toEqual({
      ok: false,
      error: 'History retention: unknown field "path".',
    })
    expect(applied).toEqual([])
    expect(existsSync(path)).toBe(false)
  })

  it('setHistorySettings applies, saves and answers the complete settings', async () => {
    const path = join(dir, 'saved-history-config.json')
    const { services, applied } = withSettings(path)
    const retention = { rawHours: 6, minuteDays: 7, hourDays: 365, holdingsDays: 90 }
    expect(await dispatchCall(services, 'setHistorySettings', [{ retention }])).toEqual({
      ok: true,
      data: { retention, defaults: DEFAULT_HISTORY_RETENTION, problem: null },
    })
    expect(applied).toEqual([retention])
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ retention })
    expect(await dispatchCall(services, 'getHistorySettings', [])).toMatchObject({ ok: true, data: { retention } })
  })

  it('answer "not available" without settings services', async () => {
    expect(await call('getHistorySettings')).toEqual({ ok: false, error: expect.any(String) })
    expect(await call('setHistorySettings', { retention: {} })).toEqual({ ok: false, error: expect.any(String) })
  })
})
