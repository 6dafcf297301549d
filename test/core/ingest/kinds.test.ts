// The endpoint-kind registry: one file per kind, each saying how to ask and
// how to read; the poll itself is tested against the simulator in fetch-server*.test.ts.
import { describe, expect, it } from 'vitest'
import { AUTH_TYPES, ENDPOINT_KINDS, KIND_NAMES, kindOf } from '../../../main/core/ingest/kinds/index.ts'
import type { EndpointKind } from '../../../main/core/types/index.ts'

const RECORD = {
  productId: 1,
  productName: '4D Client',
  productUsedCount: 1,
  productBalance: 9,
  token: 7,
  time: '2026-11-28T09:14:40Z',
  session: null,
}

describe('endpoint kinds', () => {
  it('lists each kind once, with a label, a description and allowed authentication', () => {
    expect(KIND_NAMES).toEqual(['http-json', 'rest-function', 'prometheus-4d-exporter'])
    for (const kind of ENDPOINT_KINDS) {
      expect(kind.label.length).toBeGreaterThan(0)
      expect(kind.description.length).toBeGreaterThan(0)
      expect(kind.authTypes).toContain('none')
      for (const type of kind.authTypes) expect(AUTH_TYPES).toContain(type)
      if (kind.authTypes.length < AUTH_TYPES.length) expect(kind.authRefusal).toMatch(/supports only/)
    }
  })

  it('asks each kind its own way', () => {
    const url = new URL('http://srv:8080/base')
    expect(kindOf('http-json').request(url)).toMatchObject({ method: 'GET', url })
    expect(kindOf('rest-function').request(url)).toMatchObject({
      method: 'POST',
      body: '[]',
      headers: { 'content-type': 'application/json' },
    })
    expect(kindOf('prometheus-4d-exporter').request(url).url.href).toBe('http://srv:8080/base/metrics')
  })

  it('reads each kind its own way', () => {
    const json = kindOf('http-json')
    const rest = kindOf('rest-function')
    const metrics = kindOf('prometheus-4d-exporter')
    if (json.answer !== 'json' || rest.answer !== 'json' || metrics.answer !== 'text') throw new Error('answer forms changed')
    expect(json.parse([RECORD])).toMatchObject({ ok: true, payload: { records: [{ token: 7 }] } })
    expect(rest.parse({ result: [RECORD] })).toMatchObject({ ok: true, payload: { records: [{ token: 7 }] } })
    expect(rest.parse([RECORD])).toMatchObject({ ok: false })
    const page = 'FourD_Status_Clients_total{type="used"} 3\nFourD_Status_Clients_total{type="allowed"} 10\n'
    expect(metrics.parse(page)).toMatchObject({
      ok: true,
      payload: { countsOnly: true, licenseInfo: { products: [{ usedCount: 3, allowedCount: 10 }] } },
    })
  })

  it('names an unknown kind instead of failing later', () => {
    expect(() => kindOf('soap' as EndpointKind)).toThrow('unknown endpoint kind "soap"')
    expect(() => kindOf('__proto__' as EndpointKind)).toThrow('unknown endpoint kind "__proto__"')
  })
})
