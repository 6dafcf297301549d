import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { HistoryChart } from '../../../main/core/types/index.ts'
import { customRangeProblem, localInputToIso, useHistoryStore } from '../../../renderer/src/stores/history.ts'
import { fakeApi, type FakeApi } from '../fake-api.ts'

const CHART: HistoryChart = {
  machine: 'srv-01',
  productId: 1,
  from: 0,
  to: 3_600_000,
  granularity: 'raw',
  points: [
    { time: 1000, min: 2, avg: 2, max: 2, limit: 10, coverage: 1 },
    { time: 6000, min: 3, avg: 3, max: 3, limit: 10, coverage: 1 },
  ],
  gaps: [],
  peaks: [{ time: 6000, used: 3, limit: 10 }],
}

let api: FakeApi
let downloads: [string, string][]

beforeEach(() => {
  setActivePinia(createPinia())
  api = fakeApi()
  downloads = []
  useHistoryStore().use(api, (url, name) => downloads.push([url, name]))
})

describe('history store', () => {
  it('asks for the chart of the selected machine, product and range, and keeps its points', async () => {
    api.answers.getHistoryChart = () => ({ ok: true, data: CHART })
    const history = useHistoryStore()
    await history.select('srv-01', 1)
    expect(api.calls).toEqual([{ name: 'getHistoryChart', args: [{ machine: 'srv-01', productId: 1, range: 'hour' }] }])
    expect(history.points).toBe(2)
    await history.setRange('week')
    expect(api.calls.at(-1)!.args).toEqual([{ machine: 'srv-01', productId: 1, range: 'week' }])
  })

  it('keeps the last chart on screen and shows the error when a load fails', async () => {
    api.answers.getHistoryChart = () => ({ ok: true, data: CHART })
    const history = useHistoryStore()
    await history.select('srv-01', 1)
    api.answers.getHistoryChart = () => ({ ok: false, error: 'The local history is not open.' })
    await history.loadChart()
    expect(history.error).toBe('The local history is not open.')
    expect(history.chart).toEqual(CHART)
  })

  it('does not ask for a custom range until it is valid, then sends it as ISO times', async () => {
    api.answers.getHistoryChart = () => ({ ok: true, data: CHART })
    const history = useHistoryStore()
    await history.select('srv-01', 1)
    await history.setRange('custom')
    expect(history.customProblem).toBe('Choose a start date and time.')
    await history.setCustom('2026-11-28T10:00', '2026-11-28T09:00')
    expect(history.customProblem).toBe('The start must be before the end.')
    expect(api.calls).toHaveLength(1)
    await history.setCustom('2026-11-28T09:00', '2026-11-28T10:00')
    expect(history.customProblem).toBeNull()
    expect(api.calls.at(-1)!.args).toEqual([
      { machine: 'srv-01', productId: 1, range: { from: localInputToIso('2026-11-28T09:00'), to: localInputToIso('2026-11-28T10:00') } },
    ])
  })

  it('loads who held licenses at a moment, and forgets them when the selection changes', async () => {
    api.answers.getHistoryChart = () => ({ ok: true, data: CHART })
    api.answers.getHoldersAt = () => ({
      ok: true,
      data: [
        {
          server: 'A',
          userName: 'ana',
          sessionType: 'remote',
          clientMachine: 'PC-1',
          ipAddress: '10.0.0.1',
          from: 0,
          to: null,
          endReason: null,
        },
      ],
    })
    const history = useHistoryStore()
    await history.select('srv-01', 1)
    await history.loadHolders(6000)
    expect(api.calls.at(-1)).toEqual({ name: 'getHoldersAt', args: [{ machine: 'srv-01', productId: 1, time: 6000 }] })
    expect(history.holdersAt).toBe(6000)
    expect(history.holders.map((h) => h.userName)).toEqual(['ana'])
    await history.select('srv-02', 1)
    expect(history.holdersAt).toBeNull()
    expect(history.holders).toEqual([])
  })

  it('exports: a served-mode answer starts the download; an error is kept for the dialog', async () => {
    const history = useHistoryStore()
    api.answers.exportCsv = () => ({
      ok: true,
      data: { status: 'download', url: '/api/export?kind=usage', fileName: 'license-usage-2026-11-28.csv' },
    })
    await history.exportCsv({ kind: 'usage', locale: 'pt-BR' })
    expect(api.calls.at(-1)).toEqual({ name: 'exportCsv', args: [{ kind: 'usage', locale: 'pt-BR' }] })
    expect(downloads).toEqual([['/api/export?kind=usage', 'license-usage-2026-11-28.csv']])
    expect(history.lastExport).toEqual({ status: 'download', url: '/api/export?kind=usage', fileName: 'license-usage-2026-11-28.csv' })
    api.answers.exportCsv = () => ({ ok: false, error: 'The export delimiter must be "," or ";", not "|".' })
    expect(await history.exportCsv({ kind: 'usage' })).toBeNull()
    expect(history.exportError).toBe('The export delimiter must be "," or ";", not "|".')
    expect(downloads).toHaveLength(1)
    expect(history.exporting).toBe(false)
  })

  it('an Electron answer (saved) downloads nothing', async () => {
    const history = useHistoryStore()
    api.answers.exportCsv = () => ({ ok: true, data: { status: 'saved', path: '/home/me/Downloads/x.csv', rows: 4 } })
    await history.exportCsv({ kind: 'usage' })
    expect(downloads).toEqual([])
    expect(history.lastExport).toEqual({ status: 'saved', path: '/home/me/Downloads/x.csv', rows: 4 })
  })
})

describe('custom range checks', () => {
  it('needs both ends as datetime-local values, start before end', () => {
    expect(customRangeProblem('', '2026-11-28T09:00')).toBe('Choose a start date and time.')
    expect(customRangeProblem('2026-11-28T09:00', 'soon')).toBe('Choose an end date and time.')
    expect(customRangeProblem('2026-11-28T09:00', '2026-11-28T09:00')).toBe('The start must be before the end.')
    expect(customRangeProblem('2026-11-28T09:00', '2026-11-28T09:01')).toBeNull()
    expect(localInputToIso('2026-11-28T09:00')).toBe(new Date(2026, 10, 28, 9, 0).toISOString())
  })
})
