import { describe, expect, it } from 'vitest'
import { buildNotice, resolvedText, usageText, unreachableText, valueText } from '../../../main/core/alerts/notice-text.ts'
import type { NoticeItem } from '../../../main/core/types/index.ts'

describe('notice texts', () => {
  it.each([
    { value: { used: 49, limit: 50, remaining: 1 }, forecast: 12.3, text: '4D Client on srv-app-01: 1 of 50 left (98%), full in ~12 min' },
    { value: { used: 49, limit: 50, remaining: 1 }, forecast: 90, text: '4D Client on srv-app-01: 1 of 50 left (98%)' },
    { value: { used: 40, limit: 50, remaining: 10 }, forecast: null, text: '4D Client on srv-app-01: 10 of 50 left (80%)' },
    { value: { used: 199, limit: 200, remaining: 1 }, forecast: null, text: '4D Client on srv-app-01: 1 of 200 left (99.5%)' },
    { value: { used: 50, limit: 50, remaining: 0 }, forecast: 3, text: '4D Client on srv-app-01: no license left, all 50 in use' },
    { value: { used: 1, limit: 1, remaining: 0 }, forecast: null, text: '4D Client on srv-app-01: no license left, the 1 license in use' },
    {
      value: { used: 52, limit: 50, remaining: -2 },
      forecast: null,
      text: '4D Client on srv-app-01: no license left, 52 in use for a limit of 50',
    },
  ])('$text', ({ value, forecast, text }) => {
    expect(usageText('4D Client', 'srv-app-01', value, forecast)).toBe(text)
  })

  it('never rounds up onto a threshold', () => {
    expect(usageText('4D Client', 'm', { used: 199, limit: 250, remaining: 51 })).toBe('4D Client on m: 51 of 250 left (79.6%)')
  })

  it('says a pool is back to normal with what is left', () => {
    expect(resolvedText('4D Client', 'srv-app-01', { used: 38, limit: 50, remaining: 12 })).toBe(
      '4D Client on srv-app-01 is back to normal: 12 of 50 left',
    )
    expect(valueText({ used: 48, limit: 50, remaining: 2 })).toBe('48 of 50 used, 2 left')
  })
})

describe('buildNotice', () => {
  const item = (fields: Partial<NoticeItem>): NoticeItem => ({
    kind: 'firing',
    key: 'k',
    machine: 'srv-app-01',
    productId: 1,
    productName: '4D Client',
    level: 'warning',
    text: 'line',
    ...fields,
  })

  it('titles a single item by its level and a group by how many', () => {
    expect(buildNotice([], 0)).toBeNull()
    expect(buildNotice([item({ level: 'critical' })], 0)).toMatchObject({
      title: 'Critical: 4D Client on srv-app-01',
      severity: 'critical',
      body: 'line',
    })
    expect(buildNotice([item({ kind: 'repeat', level: 'exhausted' })], 0)?.title).toBe('Still exhausted: 4D Client on srv-app-01')
    expect(buildNotice([item({ kind: 'resolved', level: 'ok' })], 0)).toMatchObject({
      title: 'Resolved: 4D Client on srv-app-01',
      severity: 'info',
    })
    const group = buildNotice(
      [item({ text: 'a' }), item({ level: 'exhausted', text: 'b' }), item({ kind: 'resolved', level: 'ok', text: 'c' })],
      Date.UTC(2026, 10, 28, 9),
    )
    expect(group).toMatchObject({ title: '3 license alerts', body: 'a\nb\nc', severity: 'critical', at: '2026-11-28T09:00:00.000Z' })
    expect(
      buildNotice([item({ productId: null, kind: 'unreachable', level: 'unreachable', productName: 'Sales' }), item({})], 0)?.title,
    ).toBe('2 alerts')
  })
})

describe('plural forms', () => {
  it('says "1 failed poll" and "3 failed polls"', () => {
    expect(unreachableText('Accounting', 'srv-app-01', 1, null)).toBe(
      'Accounting (srv-app-01) is unreachable after 1 failed poll. Its license alerts are on hold.',
    )
    expect(unreachableText('Accounting', 'srv-app-01', 3, null)).toBe(
      'Accounting (srv-app-01) is unreachable after 3 failed polls. Its license alerts are on hold.',
    )
  })
})
