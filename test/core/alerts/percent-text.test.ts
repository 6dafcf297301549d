import { describe, expect, it } from 'vitest'
import { utilizationText } from '../../../main/core/alerts/percent-text.ts'
import { usageText } from '../../../main/core/alerts/notice-text.ts'
import { traySummary } from '../../../main/electron/tray-summary.ts'
import type { Snapshot } from '../../../main/core/types/index.ts'
import { row } from './helpers.ts'

const shownNumber = (text: string): number => Number(text.replace('%', '').replace('<', ''))

describe('utilizationText: one rounding rule', () => {
  it.each([
    [199, 200, '99.5%'], // critical with 1 left: not "100%"
    [159, 200, '79.5%'], // ok: not "80%"
    [379, 400, '94.7%'], // warning: not "95%"
    [49, 50, '98%'],
    [1, 3, '33.3%'],
    [2, 3, '66.6%'],
    [8, 10, '80%'],
    [10, 10, '100%'],
    [12, 10, '120%'],
    [0, 10, '0%'],
    [1, 5000, '<0.1%'],
  ])('%i of %i reads %s', (used, limit, text) => {
    expect(utilizationText(used / limit)).toBe(text)
  })

  it('never shows a value at or past an integer threshold the exact value has not reached, on every pool up to 1000', () => {
    const crossings: string[] = []
    for (let limit = 1; limit <= 1000; limit++) {
      for (let used = 0; used <= limit; used++) {
        const shown = shownNumber(utilizationText(used / limit))
        for (const threshold of [5, 50, 75, 80, 90, 95, 100]) {
          if (shown >= threshold !== used * 100 >= threshold * limit) crossings.push(`${used} of ${limit} at ${threshold}%`)
        }
      }
    }
    expect(crossings).toEqual([])
  })

  it('notices and the tray show the same number', () => {
    const usage = row({ used: 199, limit: 200 })
    expect(usageText('4D Client', 'srv-app-01', usage)).toBe('4D Client on srv-app-01: 1 of 200 left (99.5%)')
    const snapshot: Snapshot = {
      generatedAt: new Date(0).toISOString(),
      demo: false,
      servers: [],
      machines: [{ machine: 'srv-app-01', servers: [], products: [{ ...usage, status: 'critical' }] }],
    }
    expect(traySummary(snapshot).tooltip).toContain('1 of 200 left (99.5%)')
  })
})
