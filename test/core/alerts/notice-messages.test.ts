// Every sentence the alert code makes carries a message id the catalogue has
// (renderer/src/i18n/locales/en.json), with the parameters that message names:
// a notice the page or the tray cannot say would fall back to English unseen.
import { describe, expect, it } from 'vitest'
import {
  buildNotice,
  reachableLocal,
  resolvedLocal,
  unreachableLocal,
  usageLocal,
  valueLocal,
} from '../../../main/core/alerts/notice-text.ts'
import type { NoticeItem, TextMessage } from '../../../main/core/types/index.ts'
import en from '../../../renderer/src/i18n/locales/en.json' with { type: 'json' }

function messageOf(id: string): string | undefined {
  const value = id
    .split('.')
    .reduce<unknown>((node, part) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined), en)
  return typeof value === 'string' ? value : undefined
}

function expectKnown(message: TextMessage | undefined): void {
  expect(message).toBeDefined()
  const text = messageOf(message!.id)
  expect(text, message!.id).toBeDefined()
  const named = [...text!.matchAll(/\{(\w+)\}/g)].map((match) => match[1])
  for (const name of named) expect(Object.keys(message!.params), `${message!.id} {${name}}`).toContain(name)
}

const VALUES = [
  { used: 49, limit: 50, remaining: 1 },
  { used: 50, limit: 50, remaining: 0 },
  { used: 52, limit: 50, remaining: -2 },
  { used: 7, limit: null, remaining: null },
]

describe('message ids of the alert sentences', () => {
  it('usage, resolved, value, unreachable and reachable sentences name catalogue messages', () => {
    for (const value of VALUES) {
      expectKnown(usageLocal('4D Client', 'srv', value).message)
      expectKnown(usageLocal('4D Client', 'srv', value, 5).message)
      expectKnown(resolvedLocal('4D Client', 'srv', value).message)
      expectKnown(valueLocal(value).message)
    }
    expectKnown(resolvedLocal('4D Client', 'srv', null).message)
    expectKnown(unreachableLocal('Accounting', 'srv', 3, 'connection refused.').message)
    expectKnown(unreachableLocal('Accounting', 'srv', 1, null).message)
    expectKnown(reachableLocal('Accounting', 'srv').message)
  })

  it('every notice title, single or grouped, of every kind and level', () => {
    const kinds: NoticeItem['kind'][] = ['firing', 'escalated', 'repeat', 'reminder', 'resolved', 'unreachable', 'reachable']
    const levels: NoticeItem['level'][] = ['warning', 'critical', 'exhausted', 'unreachable', 'ok']
    const item = (kind: NoticeItem['kind'], level: NoticeItem['level'], productId: number | null = 1): NoticeItem => ({
      kind,
      key: `${kind}-${level}`,
      machine: 'srv',
      productId,
      productName: '4D Client',
      level,
      ...usageLocal('4D Client', 'srv', { used: 1, limit: 2, remaining: 1 }),
    })
    for (const kind of kinds) for (const level of levels) expectKnown(buildNotice([item(kind, level)], 0)?.titleMessage)
    expectKnown(buildNotice([item('resolved', 'ok'), item('resolved', 'ok')], 0)?.titleMessage)
    expectKnown(buildNotice([item('firing', 'warning'), item('firing', 'critical')], 0)?.titleMessage)
    expectKnown(buildNotice([item('firing', 'warning'), item('unreachable', 'unreachable', null)], 0)?.titleMessage)
  })
})
