// The printable capacity report (issue 14): one page per machine and product
// with the chart of daily peaks, the figures, the recommendation with its
// arithmetic and the top idle holders. A self-contained HTML page with a print
// stylesheet: `npm run report` prints it to PDF through Chromium headless,
// the served mode serves it for the browser to print, the desktop app prints
// it with printToPDF. No script and no external file, so the three agree.
//
// Text that came from a 4D Server (machine, product, user and client names)
// is hostile: escaped, isolated for bidi and truncated. Numbers and dates
// follow the locale; the sentences are English, as everywhere else.
import { createHash } from 'node:crypto'
import type { CapacityFigures, CapacityReport, HolderUsage } from '../types/index.ts'
import { isoDate } from './capacity.ts'
import { duration } from './recommend.ts'
import { dailyPeakChart } from './report-chart.ts'

export interface ReportPageOptions {
  /** The period in words for the title ("November 2026"). */
  title: string
  /** BCP 47 tag for numbers and dates (default en). */
  locale?: string
  /** Idle holders listed per pool (default 5). */
  top?: number
}

const MAX_NAME = 80

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${String(c.charCodeAt(0))};`)
}

/** Text from a server: truncated, escaped and isolated so a right-to-left name cannot reorder the line around it. */
function name(text: string | null): string {
  if (text === null) return '<i>(unknown)</i>'
  const short = text.length > MAX_NAME ? `${text.slice(0, MAX_NAME - 1)}…` : text
  return `<bdi>${escapeHtml(short)}</bdi>`
}

const STYLE = `
@page { size: A4; margin: 14mm 14mm 16mm; }
* { box-sizing: border-box; }
body { font: 9.5pt/1.3 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: #1b1b1b; margin: 0; }
.page { break-after: page; padding: 0; }
.page:last-child { break-after: auto; }
.app { font-size: 8.5pt; color: #666; margin: 0; }
h1 { font-size: 15pt; margin: 2pt 0; }
h2 { font-size: 10.5pt; margin: 9pt 0 3pt; border-bottom: 1px solid #ccc; }
.period { margin: 0 0 6pt; color: #333; }
figure { margin: 6pt 0; }
figcaption { font-size: 8.5pt; color: #666; }
svg .grid { stroke: #e4e4e4; stroke-width: 1; }
svg .axis { font-size: 9px; fill: #555; }
svg .bar { fill: #4a78b5; }
svg .bar.full { fill: #c0392b; }
svg .limit { stroke: #c0392b; stroke-width: 1.5; stroke-dasharray: 5 3; }
table { border-collapse: collapse; width: 100%; }
td, th { text-align: left; padding: 1pt 6pt 1pt 0; vertical-align: top; }
th { font-weight: 600; font-size: 9pt; color: #444; border-bottom: 1px solid #ccc; }
td.n, th.n { text-align: right; }
.figures td:first-child { width: 45%; color: #444; }
.recommendation { font-size: 10pt; font-weight: 600; margin: 2pt 0; }
.arithmetic, .note, footer { font-size: 8.5pt; color: #555; }
.holders { display: flex; gap: 16pt; }
.holders > div { flex: 1; }
footer { margin-top: 8pt; border-top: 1px solid #ccc; padding-top: 3pt; }
@media screen { body { max-width: 210mm; margin: 1em auto; } .page { border-bottom: 2px dashed #bbb; padding-bottom: 2em; margin-bottom: 2em; } }
`

/** The page's policy: its one style sheet (by hash), nothing else; the served route sends it as a header too. */
export const REPORT_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')

export function reportHtml(report: CapacityReport, options: ReportPageOptions): string {
  const locale = options.locale ?? 'en'
  const format = formatters(locale)
  const pages =
    report.pairs.length === 0
      ? [
          `<section class="page">${header(options.title, 'No usage recorded', report)}<p>The history has no usage from ${isoDate(report.from)} to ${isoDate(report.to - 1)}, so there is nothing to report.</p>${footer(report, format)}</section>`,
        ]
      : report.pairs.map((pair) => page(pair, report, options, format))
  return `<!doctype html>
<html lang="${escapeHtml(locale)}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<title>Capacity report, ${escapeHtml(options.title)}</title>
<style>${STYLE}</style></head>
<body>
${pages.join('\n')}
</body></html>
`
}

interface Formatters {
  number(value: number, digits?: number): string
  percent(ratio: number): string
  date(time: number): string
  dateTime(time: number): string
}

function formatters(locale: string): Formatters {
  const numbers = new Map<number, Intl.NumberFormat>()
  const number = (value: number, digits = 0): string => {
    let f = numbers.get(digits)
    if (!f) numbers.set(digits, (f = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits })))
    return f.format(value)
  }
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'short' })
  const times = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })
  return {
    number,
    percent: (ratio) => `${number(ratio * 100, 1)} %`,
    date: (time) => dates.format(time),
    dateTime: (time) => times.format(time),
  }
}

function header(title: string, heading: string, report: CapacityReport): string {
  return `<header><p class="app">4D License Monitor · capacity report</p><h1>${heading}</h1>
<p class="period">${escapeHtml(title)} (${isoDate(report.from)} to ${isoDate(report.to - 1)}) · margin ${String(report.margin)}</p></header>`
}

function footer(report: CapacityReport, format: Formatters): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone
  const problem = report.settingsProblem === null ? '' : ` ${escapeHtml(report.settingsProblem)}`
  return `<footer>Generated ${format.dateTime(report.generatedAt)} (${escapeHtml(zone)}) from the monitor's local history. Days are local days in that zone; gaps are shown, never filled in.${problem}</footer>`
}

function page(pair: CapacityFigures, report: CapacityReport, options: ReportPageOptions, format: Formatters): string {
  const heading = `${name(pair.machine)} · ${name(pair.productName)} <small>(${String(pair.productId)})</small>`
  const limit = pair.limit === null ? 'limit unknown or unlimited' : `limit ${format.number(pair.limit)}`
  const rec = pair.recommendation
  return `<section class="page">
${header(options.title, heading, report)}
<p class="period">${limit}</p>
<figure>${dailyPeakChart(pair.dailyPeaks, pair.limit, report.from, report.to)}
<figcaption>Daily peak (bars, red when the pool was full) against the limit (dashed line). Hatched: no data that day.</figcaption></figure>
<h2>Recommendation</h2>
<p class="recommendation">${escapeHtml(rec.text)}</p>
${rec.arithmetic === '' ? '' : `<p class="arithmetic">Arithmetic: ${escapeHtml(rec.arithmetic)}</p>`}
<h2>Figures</h2>
<table class="figures"><tbody>${figureRows(pair, format)
    .map(([label, value]) => `<tr><td>${label}</td><td>${value}</td></tr>`)
    .join('')}</tbody></table>
<h2>Top idle holders (sleeping or postponed sessions)</h2>
<div class="holders">
<div>${holderTable('User', pair.idle.topUsers.slice(0, options.top ?? 5), format)}</div>
<div>${holderTable('Client machine', pair.idle.topClientMachines.slice(0, options.top ?? 5), format)}</div>
</div>
<p class="note">${escapeHtml(pair.idle.note)}${pair.holdingsNote === null ? '' : ` ${escapeHtml(pair.holdingsNote)}`}</p>
${footer(report, format)}
</section>`
}

function figureRows(pair: CapacityFigures, format: Formatters): [string, string][] {
  const c = pair.coverage
  const longest = c.gaps[0]
  const gaps =
    c.gapCount === 0
      ? 'no gaps'
      : `${String(c.gapCount)} ${c.gapCount === 1 ? 'gap' : 'gaps'}` +
        (longest ? `, longest ${duration(longest.to - longest.from)} from ${format.dateTime(longest.from)}` : '')
  const p = pair.pressure
  return [
    ['Coverage', `${format.percent(c.ratio)} of the period (${duration(c.coveredMs)}, ${c.resolution} resolution), ${gaps}`],
    ['Days with data', format.number(pair.dailyPeaks.length)],
    ['Highest daily peak', pair.maxDailyPeak === null ? '–' : format.number(pair.maxDailyPeak)],
    ['95th percentile of the daily peaks', pair.p95DailyPeak === null ? '–' : format.number(pair.p95DailyPeak)],
    ['At or above 90 % of the limit', duration(p.atOrAbove90Ms)],
    [
      'Full (at the limit)',
      `${duration(p.fullMs)} in ${String(p.fullEpisodes)} ${p.fullEpisodes === 1 ? 'stretch' : 'stretches'} on ${String(p.fullDays)} ${p.fullDays === 1 ? 'day' : 'days'}`,
    ],
    ['Idle license-hours', `${format.number(pair.idle.licenseHours, 1)} (${format.percent(pair.idle.share)} of license-hours)`],
    ['REST and web sessions', `${format.percent(pair.restWebShare)} of license-hours`],
  ]
}

function holderTable(keyHeader: string, holders: readonly HolderUsage[], format: Formatters): string {
  if (holders.length === 0) return `<p class="note">${keyHeader}s: none idle in this period.</p>`
  const rows = holders
    .map(
      (h) =>
        `<tr><td>${name(h.key)}</td><td class="n">${format.number(h.licenseHours, 1)}</td><td class="n">${format.number(h.peakConcurrent)}</td><td class="n">${format.date(h.lastSeen)}</td></tr>`,
    )
    .join('')
  return `<table><thead><tr><th>${keyHeader}</th><th class="n">License-hours</th><th class="n">Peak</th><th class="n">Last seen</th></tr></thead><tbody>${rows}</tbody></table>`
}
