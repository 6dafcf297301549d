// Issue 20, item 2: every colour pair the page and the tray draw keeps at
// least 4.5:1 contrast (WCAG 2.x relative luminance), in the light and the
// dark theme. The palette is read from app.css itself (its light-dark() pairs),
// so a colour changed there is checked here.

import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { TRAY_LOOK, TRAY_STATES } from '../../main/electron/status-icon.ts'

type Rgb = readonly [number, number, number]

const css = readFileSync(new URL('../../renderer/src/styles/app.css', import.meta.url), 'utf8')

function hex(value: string): Rgb {
  const digits = value.replace('#', '')
  const full = digits.length === 3 ? digits.replace(/./g, (d) => d + d) : digits
  if (!/^[0-9a-f]{6}$/i.test(full)) throw new Error(`"${value}" is not a #rgb or #rrggbb colour`)
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as unknown as Rgb
}

/** Every `--name: light-dark(#light, #dark)` of app.css with opaque colours. */
function palette(): Record<string, { light: Rgb; dark: Rgb }> {
  const out: Record<string, { light: Rgb; dark: Rgb }> = {}
  for (const match of css.matchAll(/--([a-z-]+):\s*light-dark\((#[0-9a-f]+),\s*(#[0-9a-f]+)\)/gi)) {
    out[match[1]!] = { light: hex(match[2]!), dark: hex(match[3]!) }
  }
  return out
}

function luminance([r, g, b]: Rgb): number {
  const channel = (v: number) => {
    const s = v / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

const colours = palette()

/** Text, status words and icons, chart lines: each on every background it is drawn on. */
const FOREGROUNDS = ['text', 'muted', 'ok', 'warning', 'critical', 'exhausted', 'stale', 'focus', 'peak']
const BACKGROUNDS = ['page', 'surface', 'head', 'row-hover', 'row-exhausted', 'row-expanded', 'licenses-bg']
const CHART_LINES = ['chart-axis', 'chart-used', 'chart-max', 'chart-limit', 'chart-peak']
const PAIRS: [string, string][] = [
  ...FOREGROUNDS.flatMap((fg) => BACKGROUNDS.map((bg): [string, string] => [fg, bg])),
  ...CHART_LINES.map((line): [string, string] => [line, 'surface']),
  ['info-text', 'info-bg'],
  ['error-text', 'error-bg'],
  ['caution-text', 'caution-bg'],
  ['on-accent', 'accent'],
  ['on-accent', 'accent-hover'],
  // The glyph inside a status icon's coloured shape.
  ...['ok', 'warning', 'critical', 'exhausted'].map((tone): [string, string] => ['icon-glyph', tone]),
]

describe('palette contrast (app.css light-dark pairs)', () => {
  it('reads every colour the pairs need from app.css', () => {
    const missing = [...new Set(PAIRS.flat())].filter((name) => !colours[name])
    expect(missing).toEqual([])
  })

  for (const theme of ['light', 'dark'] as const) {
    it(`keeps every pair at 4.5:1 or more in the ${theme} theme`, () => {
      const failing = PAIRS.flatMap(([fg, bg]) => {
        const ratio = contrast(colours[fg]![theme], colours[bg]![theme])
        return ratio >= 4.5 ? [] : [`${fg} on ${bg}: ${ratio.toFixed(2)}`]
      })
      expect(failing).toEqual([])
    })
  }

  it('computes WCAG ratios (black on white is 21:1, a colour on itself 1:1, #777 on white just under 4.5)', () => {
    expect(contrast([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 5)
    expect(contrast([80, 90, 100], [80, 90, 100])).toBe(1)
    expect(contrast(hex('#777'), hex('#fff'))).toBeCloseTo(4.48, 2)
  })
})

describe('tray icon contrast', () => {
  // The taskbar's own light and dark backgrounds (the README's preview strip uses the same two).
  const PANELS: Record<string, Rgb> = { light: [240, 240, 240], dark: [32, 32, 32] }
  it.each([...TRAY_STATES])('%s: the glyph keeps 4.5:1 on its fill', (state) => {
    const look = TRAY_LOOK[state]
    expect(contrast(look.ink, look.fill)).toBeGreaterThanOrEqual(4.5)
  })
  it.each([...TRAY_STATES])(
    '%s: the shape stands out (3:1, WCAG 1.4.11) on a light and a dark taskbar by its fill or its outline',
    (state) => {
      const fill = TRAY_LOOK[state].fill
      for (const panel of Object.values(PANELS)) {
        expect(Math.max(contrast(fill, panel), contrast([24, 24, 24], panel))).toBeGreaterThanOrEqual(3)
      }
    },
  )
})
