// The printable capacity report (issue 14): one page per machine and product
// with the chart of daily peaks, the figures, the recommendation with its
// arithmetic and the top idle holders. A self-contained HTML page with a print
// stylesheet: `npm run report` prints it to PDF through Chromium headless,
// the served mode serves it for the browser to print, the desktop app prints
// it with printToPDF. No script and no external file, so the three agree.
//
// Text that came from a 4D Server (machine, product, user and client names)
// is hostile: escaped, isolated for bidi and truncated. Every other word comes
// from the app's catalogue in the report's language (report-words.ts: report.*
// and the capacity.* keys the Capacity view says the same with); numbers and
// dates follow the report's locale.
import { createHash } from 'node:crypto'
import type { CapacityFigures, CapacityReport, HolderUsage } from '../types/index.ts'
import { isoDate } from './capacity.ts'
import { dailyPeakChart } from './report-chart.ts'
import { arithmeticWords, durationWords, recommendationWords, type NumberWords, type ReportWords } from './report-words.ts'

export interface ReportPageOptions {
  /** The month the report covers. */
  year: number
  month: number
  /** The words and the locale of the page. */
  words: ReportWords
  /** Idle holders listed per pool (default 5). */
  top?: number
}

const MAX_NAME = 80

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${String(c.charCodeAt(0))};`)
}

/** Text from a server: truncated, escaped and isolated so a right-to-left name cannot reorder the line around it. */
function name(text: string | null, words: ReportWords): string {
  if (text === null) return `<i>${escapeHtml(words.say('report.unknownName'))}</i>`
  const short = text.length > MAX_NAME ? `${text.slice(0, MAX_NAME - 1)}…` : text
  return `<bdi>${escapeHtml(short)}</bdi>`
}

const STYLE = `
@page { size: A4; margin: 14mm 14mm 16mm; }
* { box-sizing: border-box; }
body { font: 9.5pt/1.3 "DejaVu Sans", "Segoe UI", Helvetica, Arial, "Noto Sans CJK JP", "IPAPGothic", "Yu Gothic", "Hiragino Sans", sans-serif; color: #1b1b1b; margin: 0; }
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
svg .axis.title { font-size: 9.5px; fill: #333; }
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
  const { words } = options
  // Month names are words: in the words' language (nl gets "In November 2026", not "In november 2026"); digits follow the locale.
  const base = (tag: string) => tag.toLowerCase().split('-')[0]
  const format = formatters(words.locale, base(words.locale) === base(words.language) ? words.locale : words.language)
  const title = format.month(options.year, options.month)
  const pages =
    report.pairs.length === 0
      ? [
          `<section class="page">${header(title, escapeHtml(words.say('report.empty.heading')), report, words, format)}<p>${escapeHtml(
            words.say('report.empty.text', { from: isoDate(report.from), to: isoDate(report.to - 1) }),
          )}</p>${footer(report, words, format)}</section>`,
        ]
      : report.pairs.map((pair) => page(pair, report, title, options, format))
  return `<!doctype html>
<html lang="${escapeHtml(words.language)}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<title>${escapeHtml(words.say('report.title', { month: title }))}</title>
<style>${STYLE}</style></head>
<body>
${pages.join('\n')}
</body></html>
`
}

interface Formatters extends NumberWords {
  percent(ratio: number): string
  date(time: number): string
  dateTime(time: number): string
}

function formatters(locale: string, monthLocale: string): Formatters {
  const numbers = new Map<number, Intl.NumberFormat>()
  const number = (value: number, digits = 0): string => {
    let f = numbers.get(digits)
    if (!f) numbers.set(digits, (f = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits })))
    return f.format(value)
  }
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'short' })
  const times = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })
  const months = new Intl.DateTimeFormat(monthLocale, { month: 'long', year: 'numeric' })
  return {
    number,
    percent: (ratio) => `${number(ratio * 100, 1)} %`,
    date: (time) => dates.format(time),
    dateTime: (time) => times.format(time),
    month: (year, month) => months.format(new Date(year, month - 1, 1)),
  }
}

function header(title: string, heading: string, report: CapacityReport, words: ReportWords, format: Formatters): string {
  // The month opens the line: "Novembro de 2026", though Portuguese writes its months in lower case mid-sentence.
  const period = words.say('report.period', {
    month: title.charAt(0).toLocaleUpperCase(words.locale) + title.slice(1),
    from: isoDate(report.from),
    to: isoDate(report.to - 1),
    margin: format.number(report.margin),
  })
  return `<header><p class="app">${escapeHtml(words.say('report.app'))}</p><h1>${heading}</h1>
<p class="period">${escapeHtml(period)}</p></header>`
}

function footer(report: CapacityReport, words: ReportWords, format: Formatters): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone
  // The settings file's problem is an error sentence of the settings loader, in English as the CLI prints it.
  const problem = report.settingsProblem === null ? '' : ` ${escapeHtml(report.settingsProblem)}`
  return `<footer>${escapeHtml(words.say('report.footer', { time: format.dateTime(report.generatedAt), zone }))}${problem}</footer>`
}

function page(pair: CapacityFigures, report: CapacityReport, title: string, options: ReportPageOptions, format: Formatters): string {
  const { words } = options
  const heading = `${name(pair.machine, words)} · ${name(pair.productName, words)} <small>(${String(pair.productId)})</small>`
  const limit = pair.limit === null ? words.say('report.limitUnknown') : words.say('report.limit', { limit: format.number(pair.limit) })
  const rec = pair.recommendation
  const arithmetic = arithmeticWords(words, format, rec)
  const top = options.top ?? 5
  const chartWords = {
    label: escapeHtml(words.say('report.chart.label')),
    licenses: escapeHtml(words.say('capacity.chart.licenses')),
    days: escapeHtml(words.say('report.chart.days')),
    number: (value: number) => escapeHtml(format.number(value)),
  }
  return `<section class="page">
${header(title, heading, report, words, format)}
<p class="period">${escapeHtml(limit)}</p>
<figure>${dailyPeakChart(pair.dailyPeaks, pair.limit, report.from, report.to, chartWords)}
<figcaption>${escapeHtml(words.say('report.chart.legend'))}</figcaption></figure>
<h2>${escapeHtml(words.say('report.headings.recommendation'))}</h2>
<p class="recommendation">${escapeHtml(recommendationWords(words, format, rec))}</p>
${arithmetic === '' ? '' : `<p class="arithmetic">${escapeHtml(words.say('report.arithmetic', { arithmetic }))}</p>`}
<h2>${escapeHtml(words.say('report.headings.figures'))}</h2>
<table class="figures"><tbody>${figureRows(pair, words, format)
    .map(([label, value]) => `<tr><td>${escapeHtml(label)}</td><td>${escapeHtml(value)}</td></tr>`)
    .join('')}</tbody></table>
<h2>${escapeHtml(words.say('report.headings.idle'))}</h2>
<div class="holders">
<div>${holderTable('user', pair.idle.topUsers.slice(0, top), words, format)}</div>
<div>${holderTable('clientMachine', pair.idle.topClientMachines.slice(0, top), words, format)}</div>
</div>
<p class="note">${escapeHtml(words.say('capacity.idle.note'))}${pair.holdingsNote === null ? '' : ` ${escapeHtml(words.say('capacity.holdingsNote'))}`}</p>
${footer(report, words, format)}
</section>`
}

function figureRows(pair: CapacityFigures, words: ReportWords, format: Formatters): [string, string][] {
  const c = pair.coverage
  const longest = c.gaps[0]
  const duration = (ms: number) => durationWords(words, format, ms)
  const gapCount = words.say('report.figures.gaps', { count: format.number(c.gapCount) }, c.gapCount)
  const gaps =
    longest === undefined
      ? gapCount
      : words.say('report.figures.longestGap', {
          gaps: gapCount,
          duration: duration(longest.to - longest.from),
          time: format.dateTime(longest.from),
        })
  const p = pair.pressure
  const days = words.say('capacity.recommend.days', { count: format.number(p.fullDays) }, p.fullDays)
  const none = '–'
  return [
    [
      words.say('capacity.figures.coverage'),
      words.say('report.figures.coverageValue', {
        share: format.percent(c.ratio),
        duration: duration(c.coveredMs),
        resolution: words.say(`capacity.resolution.${c.resolution}`),
        gaps,
      }),
    ],
    [words.say('report.figures.days'), format.number(pair.dailyPeaks.length)],
    [words.say('capacity.figures.maxPeak'), pair.maxDailyPeak === null ? none : format.number(pair.maxDailyPeak)],
    [words.say('report.figures.p95'), pair.p95DailyPeak === null ? none : format.number(pair.p95DailyPeak)],
    [words.say('capacity.figures.at90'), duration(p.atOrAbove90Ms)],
    [
      words.say('report.figures.full'),
      words.say('report.figures.fullValue', { duration: duration(p.fullMs), count: format.number(p.fullEpisodes), days }, p.fullEpisodes),
    ],
    [
      words.say('report.figures.idle'),
      words.say('report.figures.idleValue', { hours: format.number(pair.idle.licenseHours, 1), share: format.percent(pair.idle.share) }),
    ],
    [words.say('capacity.figures.restWeb'), words.say('capacity.figures.restWebValue', { share: format.percent(pair.restWebShare) })],
  ]
}

function holderTable(key: 'user' | 'clientMachine', holders: readonly HolderUsage[], words: ReportWords, format: Formatters): string {
  if (holders.length === 0) return `<p class="note">${escapeHtml(words.say(`report.idle.none.${key}`))}</p>`
  const keyHeader = key === 'user' ? words.say('capacity.columns.user') : words.say('report.columns.clientMachine')
  const rows = holders
    .map(
      (h) =>
        `<tr><td>${name(h.key, words)}</td><td class="n">${format.number(h.licenseHours, 1)}</td><td class="n">${format.number(h.peakConcurrent)}</td><td class="n">${format.date(h.lastSeen)}</td></tr>`,
    )
    .join('')
  const th = (id: string) => `<th class="n">${escapeHtml(words.say(id))}</th>`
  return `<table><thead><tr><th>${escapeHtml(keyHeader)}</th>${th('capacity.columns.licenseHours')}${th('capacity.columns.peak')}${th('capacity.columns.lastSeen')}</tr></thead><tbody>${rows}</tbody></table>`
}
