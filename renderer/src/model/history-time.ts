// Dates and times of the History view in the page's language (the language
// menu's pick, which may differ from the browser's): gap and peak sentences,
// the holders' times, and the chart's own axis and legend. uPlot writes its
// ticks from English templates ("{h}:{mm}{aa}", "{M}/{D}", month names); its
// fmtDate hook is given Intl formats with the same fields instead, so a
// Brazilian admin reads "28/11 09:00" and a German one "28.11., 09:00".
import { currentLocale } from '../i18n/index.ts'

function intlLocale(): string {
  const locale = currentLocale()
  return locale === 'en-XA' ? 'en' : locale
}

// Building an Intl formatter costs far more than using one: one per language and options.
const formats = new Map<string, Intl.DateTimeFormat>()

/** An Intl date format in the page's language, cached. */
export function dateTimeFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${intlLocale()} ${JSON.stringify(options)}`
  let format = formats.get(key)
  if (!format) formats.set(key, (format = new Intl.DateTimeFormat(intlLocale(), options)))
  return format
}

/** A moment with date and seconds, as the holders table shows it (admins compare it with server logs). */
export function formatMoment(time: number): string {
  return dateTimeFormat({
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(time)
}

/** The Intl fields one line of a uPlot template asks for ("{YYYY}", "{MMM}", "{M}/{D}", "{h}:{mm}{aa}", ":{ss}"). */
function templateFields(line: string): Intl.DateTimeFormatOptions {
  const fields: Intl.DateTimeFormatOptions = {}
  if (/\{YY(YY)?\}/.test(line)) fields.year = 'numeric'
  if (line.includes('{MMMM}')) fields.month = 'long'
  else if (line.includes('{MMM}')) fields.month = 'short'
  else if (/\{MM?\}/.test(line)) fields.month = 'numeric'
  if (/\{DD?\}/.test(line)) fields.day = 'numeric'
  if (/\{WWWW?\}/.test(line)) fields.weekday = 'short'
  if (/\{(h|hh|H|HH)\}/.test(line)) {
    fields.hour = '2-digit'
    if (line.includes('{mm}')) fields.minute = '2-digit'
    if (line.includes('{ss}')) fields.second = '2-digit'
  }
  return fields
}

/**
 * uPlot's date formatter (its fmtDate option) in the page's language: each
 * line of a template becomes an Intl format of the same fields. A seconds-only
 * tick (":{ss}", ":{ss}.{fff}") keeps uPlot's own form, which reads the same
 * in every language.
 */
export function chartDateFormatter(template: string): (date: Date) => string {
  const lines = template.split('\n').map((line) => {
    const fields = templateFields(line)
    if (Object.keys(fields).length === 0) {
      return (date: Date): string =>
        line.replace('{ss}', String(date.getSeconds()).padStart(2, '0')).replace('{fff}', String(date.getMilliseconds()).padStart(3, '0'))
    }
    const format = dateTimeFormat(fields)
    return (date: Date): string => format.format(date)
  })
  return (date) => lines.map((line) => line(date)).join('\n')
}
