// The monthly report's chart: the daily peaks of one pool as bars against its
// limit, as an inline SVG (no script, no external file), so the same page
// prints the same way in Chromium headless, Electron's printToPDF and a
// browser. A day without data has no bar and a hatched slot: a gap is shown,
// never filled in. Its words (the label a screen reader reads, the axis
// titles) and its digits come in the report's language.
import type { DailyPeak } from '../types/index.ts'

const WIDTH = 680
const HEIGHT = 172
const LEFT = 40
const BOTTOM = 32
const TOP = 8

/** Text already escaped for HTML (report-html.ts escapes the catalogue's words; Intl's digits need none). */
export interface ChartWords {
  /** What the chart shows, for its aria-label. */
  label: string
  /** The y axis's title ("Licenses"). */
  licenses: string
  /** The x axis's title ("Day of the month"). */
  days: string
  number(value: number): string
}

/** Local midnights from the day of `from` to the last day before `to`. */
export function daysOf(from: number, to: number): number[] {
  const days: number[] = []
  const day = new Date(from)
  day.setHours(0, 0, 0, 0)
  while (day.getTime() < to) {
    days.push(day.getTime())
    day.setDate(day.getDate() + 1)
  }
  return days
}

/** Round tick values for the y axis: about four steps of 1, 2 or 5 times a power of ten. */
function ticks(top: number): number[] {
  const raw = Math.max(1, top / 4)
  const power = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 5, 10].map((f) => f * power).find((s) => s >= raw) ?? raw
  const out: number[] = []
  for (let v = 0; v <= top; v += step) out.push(v)
  return out
}

export function dailyPeakChart(peaks: readonly DailyPeak[], limit: number | null, from: number, to: number, words: ChartWords): string {
  const days = daysOf(from, to)
  const byDay = new Map(peaks.map((p) => [p.day, p]))
  const highest = Math.max(limit ?? 0, ...peaks.map((p) => p.peak), 1)
  const top = Math.ceil(highest * 1.1)
  const plotW = WIDTH - LEFT - 4
  const plotH = HEIGHT - TOP - BOTTOM
  const slot = plotW / Math.max(1, days.length)
  const y = (v: number): number => TOP + plotH - (v / top) * plotH
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="img" aria-label="${words.label}">`,
    `<defs><pattern id="gap" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="2" height="6" fill="#d0d0d0"/></pattern></defs>`,
  ]
  for (const v of ticks(top)) {
    parts.push(`<line x1="${LEFT}" x2="${WIDTH - 4}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" class="grid"/>`)
    parts.push(`<text x="${LEFT - 4}" y="${(y(v) + 3).toFixed(1)}" text-anchor="end" class="axis">${words.number(v)}</text>`)
  }
  days.forEach((day, i) => {
    const x = LEFT + i * slot
    const peak = byDay.get(day)
    if (peak === undefined) {
      parts.push(`<rect x="${(x + 1).toFixed(1)}" y="${TOP}" width="${(slot - 2).toFixed(1)}" height="${plotH}" fill="url(#gap)"/>`)
    } else {
      const full = peak.limit !== null && peak.peak >= peak.limit
      parts.push(
        `<rect x="${(x + 1).toFixed(1)}" y="${y(peak.peak).toFixed(1)}" width="${(slot - 2).toFixed(1)}" height="${(TOP + plotH - y(peak.peak)).toFixed(1)}" class="${full ? 'bar full' : 'bar'}"/>`,
      )
    }
    // The day of the month under the first day and every fifth.
    const date = new Date(day).getDate()
    if (i === 0 || date % 5 === 0)
      parts.push(
        `<text x="${(x + slot / 2).toFixed(1)}" y="${TOP + plotH + 12}" text-anchor="middle" class="axis">${words.number(date)}</text>`,
      )
  })
  if (limit !== null)
    parts.push(`<line x1="${LEFT}" x2="${WIDTH - 4}" y1="${y(limit).toFixed(1)}" y2="${y(limit).toFixed(1)}" class="limit"/>`)
  // Axis titles: the y one turned along the axis, the x one centred under the day numbers.
  const middle = (TOP + plotH / 2).toFixed(1)
  parts.push(
    `<text x="10" y="${middle}" transform="rotate(-90 10 ${middle})" text-anchor="middle" class="axis title">${words.licenses}</text>`,
    `<text x="${(LEFT + plotW / 2).toFixed(1)}" y="${HEIGHT - 3}" text-anchor="middle" class="axis title">${words.days}</text>`,
  )
  parts.push('</svg>')
  return parts.join('')
}
