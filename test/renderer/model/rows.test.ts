import { describe, expect, it } from 'vitest'
import { buildGroups, filterTerms, rowKey } from '../../../renderer/src/model/rows.ts'
import { machines, product } from '../fixtures.ts'

function names(groups: ReturnType<typeof buildGroups>): string[][] {
  return groups.map((group) => [group.machine, ...group.rows.map((row) => row.usage.productName)])
}

describe('buildGroups', () => {
  it('groups by machine in machine order and sorts products by name by default', () => {
    expect(names(buildGroups(machines(), '', 'machine', 'ascending'))).toEqual([
      ['srv-app-01', '4D Client', '4D Client Web', '4D SQL Server', '4D Web Server'],
      ['srv-app-02', '4D Client', '4D View'],
    ])
  })

  it('reverses the machines when sorting by machine, descending', () => {
    expect(buildGroups(machines(), '', 'machine', 'descending').map((g) => g.machine)).toEqual(['srv-app-02', 'srv-app-01'])
  })

  it('sorts rows inside each machine by utilization, unknown limits last in both directions', () => {
    expect(names(buildGroups(machines(), '', 'utilization', 'descending'))).toEqual([
      ['srv-app-01', '4D SQL Server', '4D Client', '4D Web Server', '4D Client Web'],
      ['srv-app-02', '4D Client', '4D View'],
    ])
    expect(names(buildGroups(machines(), '', 'utilization', 'ascending'))[0]).toEqual([
      'srv-app-01',
      '4D Web Server',
      '4D Client',
      '4D SQL Server',
      '4D Client Web',
    ])
  })

  it('sorts by used and by remaining', () => {
    expect(names(buildGroups(machines(), '', 'used', 'descending'))[0]?.slice(1)).toEqual([
      '4D Client',
      '4D SQL Server',
      '4D Client Web',
      '4D Web Server',
    ])
    expect(names(buildGroups(machines(), '', 'remaining', 'ascending'))[0]?.slice(1)).toEqual([
      '4D SQL Server',
      '4D Client',
      '4D Web Server',
      '4D Client Web',
    ])
  })

  it('filters by product, machine, server and user name, case-insensitively, every term required', () => {
    expect(names(buildGroups(machines(), 'sql', 'machine', 'ascending'))).toEqual([['srv-app-01', '4D SQL Server']])
    expect(names(buildGroups(machines(), 'SRV-APP-02', 'machine', 'ascending'))).toEqual([['srv-app-02', '4D Client', '4D View']])
    expect(buildGroups(machines(), 'warehouse', 'machine', 'ascending').map((g) => g.machine)).toEqual(['srv-app-02'])
    // "beatriz" holds a license only where a product has seven or more licenses.
    expect(names(buildGroups(machines(), 'beatriz', 'machine', 'ascending'))).toEqual([
      ['srv-app-01', '4D Client'],
      ['srv-app-02', '4D Client'],
    ])
    expect(names(buildGroups(machines(), 'beatriz app-02', 'machine', 'ascending'))).toEqual([['srv-app-02', '4D Client']])
    expect(buildGroups(machines(), 'nobody-has-this', 'machine', 'ascending')).toEqual([])
  })

  it("searches a new snapshot's row afresh: the text kept per row object never answers for the next one", () => {
    const first = machines()
    expect(buildGroups(first, 'beatriz', 'machine', 'ascending')).toHaveLength(2)
    // The next snapshot: the same rows as new objects, beatriz gone and zoe arrived on srv-app-02's 4D Client.
    const next = machines().map((m) => ({
      ...m,
      products: m.products.map((p) => ({
        ...p,
        licenses: p.licenses.map((l) => (l.userName === 'beatriz' ? { ...l, userName: m.machine === 'srv-app-02' ? 'zoe' : 'ana' } : l)),
      })),
    }))
    expect(buildGroups(next, 'beatriz', 'machine', 'ascending')).toEqual([])
    expect(names(buildGroups(next, 'zoe', 'machine', 'ascending'))).toEqual([['srv-app-02', '4D Client']])
    // The first snapshot's rows still answer as they did.
    expect(buildGroups(first, 'beatriz', 'machine', 'ascending')).toHaveLength(2)
  })

  it('keeps a machine without products when no filter is set', () => {
    const groups = buildGroups([{ machine: 'empty', servers: ['X'], products: [] }], '', 'machine', 'ascending')
    expect(groups).toEqual([{ machine: 'empty', servers: ['X'], rows: [], totalRows: 0 }])
  })

  it('keys rows by machine and product id, so the same product on two machines has two keys', () => {
    const groups = buildGroups(machines(), '4d client', 'machine', 'ascending')
    const keys = groups.flatMap((g) => g.rows.filter((r) => r.usage.productId === 808464441).map((r) => r.key))
    expect(keys).toEqual([rowKey('srv-app-01', 808464441), rowKey('srv-app-02', 808464441)])
    expect(new Set(keys).size).toBe(2)
  })

  it('breaks ties by product name', () => {
    const tie = [
      {
        machine: 'm',
        servers: [],
        products: [product({ productId: 2, productName: 'B', used: 1 }), product({ productId: 1, productName: 'A', used: 1 })],
      },
    ]
    expect(names(buildGroups(tie, '', 'used', 'descending'))).toEqual([['m', 'A', 'B']])
  })
})

describe('filterTerms', () => {
  it('splits on whitespace and ignores blanks', () => {
    expect(filterTerms('  Maria   SRV ')).toEqual(['maria', 'srv'])
    expect(filterTerms('   ')).toEqual([])
  })
})
