import { describe, expect, it } from 'vitest'
import { traySummary, TOOLTIP_MAX_LENGTH } from '../../main/electron/tray-summary.ts'
import { desktopTranslator } from '../../main/electron/tray-text.ts'
import type { MachineUsage, ProductUsage, ServerSummary, Snapshot, UsageStatus } from '../../main/core/types/index.ts'

function product(productName: string, used: number, limit: number | null, status: UsageStatus): ProductUsage {
  return {
    productId: productName.length,
    productName,
    used,
    limit,
    remaining: limit === null ? null : limit - used,
    utilization: limit ? used / limit : null,
    unlimited: false,
    limitSource: limit === null ? 'unknown' : 'licenseInfo',
    status,
    shares: [],
    flags: [],
    stale: false,
    licenses: [],
  }
}

function server(name: string, status: ServerSummary['status']): ServerSummary {
  return {
    id: name,
    name,
    machine: 'm',
    url: 'http://x',
    status,
    latencyMs: 1,
    lastSuccessAt: null,
    lastError: null,
    warnings: [],
    version: null,
  }
}

function snapshot(machines: MachineUsage[], servers: ServerSummary[] = [server('a', 'up')], demo = false): Snapshot {
  return { generatedAt: '2026-11-28T09:00:00.000Z', demo, machines, servers }
}

describe('traySummary', () => {
  it('names the worst rows in words, worst status first, then the higher utilisation', () => {
    const summary = traySummary(
      snapshot([
        {
          machine: 'srv-app-01',
          servers: ['a'],
          products: [product('4D Client', 49, 50, 'critical'), product('4D Web Server', 3, 10, 'ok')],
        },
        {
          machine: 'srv-app-02',
          servers: ['a'],
          products: [product('4D Client', 8, 10, 'warning'), product('4D SQL Server', 9, 10, 'warning')],
        },
      ]),
    )
    // Whole rows that fit Windows' 127 characters, then how many more.
    expect(summary.tooltip).toBe(
      '4D License Monitor\n4D Client on srv-app-01: 1 of 50 left (98%)\n4D SQL Server on srv-app-02: 1 of 10 left (90%)\n+1 more',
    )
    expect(summary.status).toBe('critical')
    expect(summary.state).toBe('critical')
  })

  it('names at most three rows, then how many more', () => {
    const machines = ['m1', 'm2', 'm3', 'm4', 'm5'].map((machine) => ({
      machine,
      servers: ['a'],
      products: [product('Web', 9, 10, 'warning')],
    }))
    expect(traySummary(snapshot(machines)).tooltip).toBe(
      '4D License Monitor\nWeb on m1: 1 of 10 left (90%)\nWeb on m2: 1 of 10 left (90%)\nWeb on m3: 1 of 10 left (90%)\n+2 more',
    )
  })

  it('has one state per icon: ok, warning, critical, exhausted, and unreachable from a server alert', () => {
    const rows = (status: UsageStatus) => [{ machine: 'm', servers: ['a'], products: [product('4D Client', 5, 10, status)] }]
    expect(traySummary(snapshot(rows('ok')))).toMatchObject({ state: 'ok', tooltip: '4D License Monitor\nall licenses ok' })
    expect(traySummary(snapshot(rows('warning'))).state).toBe('warning')
    expect(traySummary(snapshot(rows('exhausted'))).state).toBe('exhausted')
    const withServerAlert = snapshot(rows('warning'), [server('a', 'down')])
    withServerAlert.alerts = {
      active: [
        {
          key: 'server:a',
          kind: 'server',
          machine: 'm',
          productId: null,
          subject: 'a',
          phase: 'firing',
          level: 'unreachable',
          since: '2026-11-28T09:00:00.000Z',
          snoozedUntil: null,
          text: 'a (m) is unreachable',
        },
      ],
      transitions: [],
      snoozedUntil: null,
      problem: null,
    }
    // Unreachable outranks warning (its license alerts are on hold), not critical or exhausted.
    expect(traySummary(withServerAlert)).toMatchObject({
      state: 'unreachable',
      tooltip: '4D License Monitor\n4D Client on m: 5 of 10 left (50%)\n1 of 1 servers down',
    })
    withServerAlert.alerts.active = []
    expect(traySummary(withServerAlert).state).toBe('warning')
  })

  it('counts down servers, which make the status at least unknown', () => {
    const summary = traySummary(
      snapshot(
        [{ machine: 'm1', servers: ['a'], products: [product('4D Client', 3, null, 'unknown')] }],
        [server('a', 'up'), server('b', 'down'), server('c', 'up')],
      ),
    )
    expect(summary.tooltip).toBe('4D License Monitor\n1 of 3 servers down')
    expect(summary.serversDown).toBe(1)
    expect(summary.status).toBe('unknown')
  })

  it('says so before any data and in demo mode', () => {
    expect(traySummary(null)).toEqual({ status: 'unknown', state: 'ok', tooltip: '4D License Monitor\nno data yet', serversDown: 0 })
    expect(traySummary(snapshot([], [], true)).tooltip).toBe('4D License Monitor (demo)\nno data yet')
    expect(traySummary(snapshot([], [server('a', 'up')])).tooltip).toBe('4D License Monitor\nwaiting for the first answer')
  })

  it('cuts long tooltips to the Windows limit with an ellipsis', () => {
    const machines = Array.from({ length: 12 }, (_, i) => ({
      machine: `server-machine-${i}`,
      servers: ['a'],
      products: [product('4D Client', 10, 10, 'exhausted' as const)],
    }))
    const { tooltip, status } = traySummary(snapshot(machines))
    expect(tooltip.length).toBeLessThanOrEqual(TOOLTIP_MAX_LENGTH)
    expect(tooltip).toBe('4D License Monitor\n4D Client on server-machine-0: no license left, all 10 in use\n+11 more')
    expect(
      traySummary({ ...snapshot([]), demo: true, servers: Array.from({ length: 40 }, (_, i) => server(`s${i}`, 'down')) }).tooltip,
    ).toBe('4D License Monitor (demo)\n40 of 40 servers down')
    expect(status).toBe('exhausted')
  })
})

describe('traySummary in the OS language', () => {
  const machines = (statuses: UsageStatus[]) =>
    statuses.map((status, index) => ({ machine: `srv-${index + 1}`, servers: ['a'], products: [product('4D Client', 49, 50, status)] }))

  it('says the rows, the servers down and "+N more" from the shared catalogue, and stays within 127 characters', () => {
    const { say } = desktopTranslator(['pt-BR', 'en-US'])
    const summary = traySummary(
      snapshot(machines(['critical', 'warning', 'warning', 'warning', 'warning']), [server('a', 'up'), server('b', 'down')]),
      say,
    )
    const lines = summary.tooltip.split('\n')
    expect(lines[0]).toBe('Monitor de Licenças 4D')
    expect(lines[1]).toBe('4D Client em srv-1: 1 licença restante de 50 (98%)')
    expect(lines.at(-1)).toBe('1 de 2 servidores fora do ar')
    expect(lines.at(-2)).toMatch(/^\+\d+ outros$/)
    expect(summary.tooltip.length).toBeLessThanOrEqual(TOOLTIP_MAX_LENGTH)
  })

  it('Japanese and German, and English for a language the app does not have', () => {
    expect(traySummary(null, desktopTranslator(['ja-JP']).say).tooltip).toBe('4D ライセンスモニター\nデータはまだありません')
    expect(traySummary(snapshot([]), desktopTranslator(['ja-JP']).say).tooltip).toBe('4D ライセンスモニター\n最初の応答を待っています')
    expect(traySummary(snapshot(machines(['ok'])), desktopTranslator(['de-CH']).say).tooltip).toBe('4D-Lizenzmonitor\nalle Lizenzen OK')
    expect(desktopTranslator(['sv-SE', 'nl']).language).toBe('en')
    expect(traySummary(snapshot(machines(['ok'])), desktopTranslator(['sv-SE']).say).tooltip).toBe('4D License Monitor\nall licenses ok')
  })
})
