// 4D product ids are four ASCII characters packed big-endian into a 32-bit
// number ("0009" -> 808464441, the 4D Client license). Both directions live
// here so the simulator, the aggregation and the table agree on the codes.

const CODE_LENGTH = 4

function isPrintableAscii(charCode: number): boolean {
  return charCode >= 0x20 && charCode <= 0x7e
}

/** "0009" -> 808464441. Throws when the code is not exactly four printable ASCII characters. */
export function productIdFromCode(code: string): number {
  if (code.length !== CODE_LENGTH) {
    throw new RangeError(`A product code has exactly four characters, but "${code}" has ${code.length}.`)
  }
  let id = 0
  for (let i = 0; i < CODE_LENGTH; i++) {
    const charCode = code.charCodeAt(i)
    if (!isPrintableAscii(charCode)) {
      throw new RangeError(`A product code is printable ASCII, but "${code}" has character code ${charCode} at position ${i}.`)
    }
    // Multiply rather than shift: a shift would go negative above 0x7fffffff.
    id = id * 256 + charCode
  }
  return id
}

/** 808464441 -> "0009"; null when the id is not four printable ASCII characters. */
export function productCodeFromId(id: number): string | null {
  if (!Number.isInteger(id) || id < 0 || id > 0xffffffff) return null
  let code = ''
  let rest = id
  for (let i = 0; i < CODE_LENGTH; i++) {
    const charCode = rest % 256
    if (!isPrintableAscii(charCode)) return null
    code = String.fromCharCode(charCode) + code
    rest = Math.floor(rest / 256)
  }
  return code
}
