// The license the monitor's own session holds: by default it does not count
// toward the alerts (the monitor frees it when it stops); one setting says it does.
import { describe, expect, it } from 'vitest'
import { createAlerting } from '../../../main/core/alerts/alerting.ts'
import { parseAlertConfig } from '../../../main/core/alerts/config.ts'
import { previewAlertLevels } from '../../../main/core/alerts/preview.ts'
import type { ProductUsage, Snapshot } from '../../../main/core/types/index.ts'

const NOW = Date.parse('2026-12-01T10:00:00Z')

function snapshot(used: number, limit: number, heldByMonitor?: number): Snapshot {
  const row: ProductUsage = {
    productId: 808464441,
    productName: '4D Client',
    used,
    limit,
    remaining: limit - used,
    utilization: used / limit,
    unlimited: false,
    limitSource: 'inferred',
    status: 'ok',
    shares: [],
    flags: [],
    stale: false,
    licenses: [],
    ...(heldByMonitor ? { heldByMonitor } : {}),
  }
  return {
    generatedAt: new Date(NOW).toISOString(),
    demo: false,
    machines: [{ machine: 'srv-1', servers: ['Solo'], products: [row] }],
    servers: [],
  }
}

function levelOf(config: unknown, input: Snapshot): string | undefined {
  const parsed = parseAlertConfig(config)
  if (!parsed.ok) throw new Error(parsed.error)
  const alerting = createAlerting({ config: parsed.config, now: () => NOW })
  return alerting.evaluate(input, {}).machines[0]?.products[0]?.status
}

describe('countMonitorLicense', () => {
  it.each([
    ['default: 10 of 10 with one held by the monitor is judged as 9 of 10', {}, snapshot(10, 10, 1), 'critical'],
    ['counted: the same row is exhausted', { countMonitorLicense: true }, snapshot(10, 10, 1), 'exhausted'],
    ['a row without the monitor is judged as it is', {}, snapshot(10, 10), 'exhausted'],
  ])('%s', (_name, config, input, level) => {
    expect(levelOf(config, input)).toBe(level)
  })

  it("the table keeps showing every license held, the monitor's included", () => {
    const parsed = parseAlertConfig({})
    if (!parsed.ok) throw new Error(parsed.error)
    const row = createAlerting({ config: parsed.config, now: () => NOW }).evaluate(snapshot(10, 10, 1), {}).machines[0]?.products[0]
    expect(row).toMatchObject({ used: 10, remaining: 0, heldByMonitor: 1 })
  })

  it('the settings preview judges the row the same way', () => {
    const levels = [{}, { countMonitorLicense: true }].map((config) => {
      const parsed = parseAlertConfig(config)
      if (!parsed.ok) throw new Error(parsed.error)
      return previewAlertLevels(snapshot(10, 10, 1), parsed.config)[0]?.level
    })
    expect(levels).toEqual(['critical', 'exhausted'])
  })

  it('refuses a value that is not true or false, naming the field', () => {
    const parsed = parseAlertConfig({ countMonitorLicense: 'yes' })
    expect(parsed.ok).toBe(false)
    expect(!parsed.ok && parsed.error).toContain('countMonitorLicense')
  })
})
