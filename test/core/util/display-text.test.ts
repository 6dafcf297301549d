// Issue 12: long or right-to-left names never break a sentence.
import { describe, expect, it } from 'vitest'
import { unreachableText, usageText } from '../../../main/core/alerts/notice-text.ts'
import { DISPLAY_MAX_CHARS, displayName, truncateText } from '../../../main/core/util/display-text.ts'

const RLO = '\u202e'

describe('displayName', () => {
  it.each([
    ['a plain name stays as it is', 'srv-app-01', 'srv-app-01'],
    ['a right-to-left override is isolated', `maria${RLO}fdp.exe`, `\u2068maria${RLO}fdp.exe\u2069`],
    ['a Hebrew name is isolated', 'שרת-1', '\u2068שרת-1\u2069'],
    ['an Arabic name is isolated', 'خادم', '\u2068خادم\u2069'],
  ])('%s', (_what, name, shown) => {
    expect(displayName(name)).toBe(shown)
  })

  it('cuts a 10 KB name to the display length with an ellipsis', () => {
    const shown = displayName('x'.repeat(10_240))
    expect(shown).toHaveLength(DISPLAY_MAX_CHARS)
    expect(shown.endsWith('…')).toBe(true)
  })

  it('never splits an emoji when cutting', () => {
    const cut = truncateText('🚀'.repeat(200), 10)
    expect(Array.from(cut)).toEqual([...Array<string>(9).fill('🚀'), '…'])
  })
})

describe('notice sentences with hostile names', () => {
  it('a right-to-left override in a machine name does not run into the rest of the line', () => {
    const text = usageText('4D Client', `srv${RLO}10`, { used: 9, limit: 10, remaining: 1 })
    expect(text).toBe(`4D Client on \u2068srv${RLO}10\u2069: 1 of 10 left (90%)`)
  })

  it('a 10 KB server name is cut in the unreachable sentence', () => {
    const text = unreachableText('S'.repeat(10_240), 'srv-01', 3, 'connection refused')
    expect(text.length).toBeLessThan(DISPLAY_MAX_CHARS + 100)
    expect(text).toContain('…')
  })
})
