import { describe, expect, it } from 'vitest'
import { findSample, parsePrometheusText } from '../../../main/core/ingest/prometheus-text.ts'
import { metricsUrl, payloadFromMetrics } from '../../../main/core/ingest/prometheus-exporter.ts'

describe('parsePrometheusText', () => {
  it('reads HELP and TYPE lines, skips comments and blank lines, and keeps every sample', () => {
    const page = parsePrometheusText(
      [
        '# A free comment',
        '# HELP FourD_Status_Clients_total 4D Client licenses\\nused and allowed, with a \\\\ backslash',
        '# TYPE FourD_Status_Clients_total gauge',
        '',
        '   ',
        'FourD_Status_Clients_total{type="used"} 7',
        'FourD_Status_Clients_total{type="allowed"} 10',
        '#TYPE without a space is a comment too',
      ].join('\n'),
    )
    expect(page.errors).toEqual([])
    expect(page.help.get('FourD_Status_Clients_total')).toBe('4D Client licenses\nused and allowed, with a \\ backslash')
    expect(page.types.get('FourD_Status_Clients_total')).toBe('gauge')
    expect(page.samples.map((s) => [s.name, s.labels, s.value])).toEqual([
      ['FourD_Status_Clients_total', { type: 'used' }, 7],
      ['FourD_Status_Clients_total', { type: 'allowed' }, 10],
    ])
  })

  it('unescapes label values (\\\\, \\" and \\n) and allows blanks, a trailing comma and CRLF line ends', () => {
    const page = parsePrometheusText('app_info{name="Sales \\"EU\\"", path="C:\\\\4D\\\\app", note="a\\nb" , } 1\r\nup 1\r\n')
    expect(page.errors).toEqual([])
    expect(page.samples[0]?.labels).toEqual({ name: 'Sales "EU"', path: 'C:\\4D\\app', note: 'a\nb' })
    expect(page.samples[1]).toMatchObject({ name: 'up', labels: {}, value: 1 })
  })

  it('reads a label value that contains "}" or "," as text, not as syntax', () => {
    const page = parsePrometheusText('m{a="x},y",b="z"} 2')
    expect(page.samples[0]?.labels).toEqual({ a: 'x},y', b: 'z' })
  })

  it('reads optional timestamps, exponents, NaN and infinities', () => {
    const page = parsePrometheusText(['a 1.5e3 1700000000000', 'b NaN', 'c +Inf', 'd -Inf', 'e -0.25', 'f 3 -12'].join('\n'))
    expect(page.errors).toEqual([])
    expect(page.samples.map((s) => [s.name, s.value, s.timestampMs])).toEqual([
      ['a', 1500, 1_700_000_000_000],
      ['b', Number.NaN, null],
      ['c', Number.POSITIVE_INFINITY, null],
      ['d', Number.NEGATIVE_INFINITY, null],
      ['e', -0.25, null],
      ['f', 3, -12],
    ])
  })

  it('reports a bad line with its number and still reads the others', () => {
    const page = parsePrometheusText(
      ['good 1', 'bad{type="used} 2', 'worse{type=used} 3', 'novalue', 'x 1 notatime', 'odd{a="\\t"} 1', 'also_good 2'].join('\n'),
    )
    expect(page.samples.map((s) => s.name)).toEqual(['good', 'also_good'])
    expect(page.errors).toEqual([
      'line 2: the value of label type is not closed',
      'line 3: expected "\\"" to open the value of label type, found "u"',
      'line 4: metric novalue has no value',
      'line 5: metric x has an invalid timestamp "notatime"',
      'line 6: label a has an unknown escape "\\\\t"',
    ])
  })

  it('finds a sample by name and labels, ignoring other labels', () => {
    const page = parsePrometheusText('m{type="used",server="a"} 4\nm{type="allowed"} 9')
    expect(findSample(page, 'm', { type: 'allowed' })?.value).toBe(9)
    expect(findSample(page, 'm', { type: 'used' })?.value).toBe(4)
    expect(findSample(page, 'm', { type: 'other' })).toBeUndefined()
  })
})

describe('payloadFromMetrics', () => {
  const page = (used: string, allowed: string) =>
    `# HELP FourD_Memory bytes\nFourD_Memory 12\nFourD_Status_Clients_total{type="used"} ${used}\nFourD_Status_Clients_total{type="allowed"} ${allowed} 1700000000000\n`

  it('maps the client counts to the 4D Client product, counts only, other metrics ignored', () => {
    const result = payloadFromMetrics(page('7', '10'))
    expect(result).toEqual({
      ok: true,
      warnings: [],
      payload: {
        server: { name: null, machine: null, version: null },
        time: null,
        licenseInfo: { products: [{ id: 808464441, name: '4D Client', usedCount: 7, allowedCount: 10 }] },
        records: [],
        invalidCount: 0,
        totalCount: 0,
        invalidSummary: null,
        countsOnly: true,
      },
    })
  })

  it('says which sample is missing, or which is not a count', () => {
    expect(payloadFromMetrics('FourD_Status_Clients_total{type="allowed"} 10')).toEqual({
      ok: false,
      error: 'the metrics page has no FourD_Status_Clients_total{type="used"} sample; is this a Prometheus_4D_Exporter /metrics page?',
    })
    expect(payloadFromMetrics('<html>not metrics</html>')).toMatchObject({ ok: false })
    expect(payloadFromMetrics(page('NaN', '10'))).toEqual({
      ok: false,
      error: 'FourD_Status_Clients_total{type="used"} is NaN, not a count of licenses',
    })
    expect(payloadFromMetrics(page('3', '+Inf'))).toEqual({
      ok: false,
      error: 'FourD_Status_Clients_total{type="allowed"} is Infinity, not a count of licenses',
    })
  })

  it('reads the counts past an unreadable line and warns about it', () => {
    const result = payloadFromMetrics(`broken{ 1\n${page('2', '5')}`)
    expect(result.ok && result.warnings).toEqual([
      '1 line of the metrics page could not be read (line 1: expected a label name, found "1"); the license counts were read',
    ])
  })

  it('appends /metrics to a base URL and keeps a /metrics URL as it is', () => {
    expect(metricsUrl(new URL('http://srv:9828')).href).toBe('http://srv:9828/metrics')
    expect(metricsUrl(new URL('http://srv:9828/exporter/')).href).toBe('http://srv:9828/exporter/metrics')
    expect(metricsUrl(new URL('http://srv:9828/metrics')).href).toBe('http://srv:9828/metrics')
  })
})
