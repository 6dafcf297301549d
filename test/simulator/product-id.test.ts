import { describe, expect, it } from 'vitest'
import { productCodeFromId, productIdFromCode } from '../../main/simulator/product-id.ts'

describe('productIdFromCode', () => {
  it('reads four ASCII characters as a big-endian 32-bit number', () => {
    expect(productIdFromCode('0009')).toBe(808464441)
    expect(productIdFromCode('0021')).toBe(808464945) // 4D Web, from `Is license available`
    expect(productIdFromCode('0022')).toBe(808464946) // 4D ODBC Pro
  })

  it('stays positive above 0x7fffffff', () => {
    expect(productIdFromCode('~~~~')).toBe(0x7e7e7e7e)
    expect(productIdFromCode('\u007e\u0020\u0020\u0020')).toBeGreaterThan(0)
  })

  it('refuses codes that are not four printable ASCII characters, naming the cause', () => {
    expect(() => productIdFromCode('009')).toThrow(/exactly four characters/)
    expect(() => productIdFromCode('00009')).toThrow(/exactly four characters/)
    expect(() => productIdFromCode('00\n9')).toThrow(/printable ASCII/)
    expect(() => productIdFromCode('00é9')).toThrow(/printable ASCII/)
  })
})

describe('productCodeFromId', () => {
  it('gives back the four characters', () => {
    expect(productCodeFromId(808464441)).toBe('0009')
    expect(productCodeFromId(808465719)).toBe('0057') // 4D REST Test
    expect(productCodeFromId(808465209)).toBe('0039') // 4D Client Web
  })

  it('round-trips every code it produces', () => {
    for (const code of ['0009', '0SQL', 'ABCD', ' ~ ~', '4D\u0020X']) {
      expect(productCodeFromId(productIdFromCode(code))).toBe(code)
    }
  })

  it('returns null for ids that are not four printable ASCII characters', () => {
    expect(productCodeFromId(1)).toBeNull()
    expect(productCodeFromId(0)).toBeNull()
    expect(productCodeFromId(-808464441)).toBeNull()
    expect(productCodeFromId(2 ** 32)).toBeNull()
    expect(productCodeFromId(808464441.5)).toBeNull()
    expect(productCodeFromId(Number.NaN)).toBeNull()
    expect(productCodeFromId(0x30303000)).toBeNull() // last byte NUL
  })
})
