// License info's licenseNumber is read as pool evidence (issue 18): kept when
// usable, left out when odd, never a reason to refuse the answer.

import { describe, expect, it } from 'vitest'
import { parsePayload } from '../../../main/core/ingest/payload-schema.ts'

const usage = [{ productId: 808464441, productName: '4D Client', productUsedCount: 1, productBalance: 9, token: 1, reason: 'CLIENT' }]
const products = [{ id: 808464441, name: '4D Client', usedCount: 1, allowedCount: 10 }]

describe('License info licenseNumber', () => {
  it.each([
    { sent: 'LN-4471', kept: 'LN-4471' },
    { sent: '  LN-4471 ', kept: 'LN-4471' },
    { sent: 4471, kept: '4471' },
    { sent: '', kept: undefined },
    { sent: { nested: true }, kept: undefined },
    { sent: null, kept: undefined },
    { sent: 'x'.repeat(500), kept: 'x'.repeat(100) },
  ])('$sent is read as $kept, and the records are kept', ({ sent, kept }) => {
    const parsed = parsePayload({ licenseInfo: { licenseNumber: sent, products }, usage })
    if (!parsed.ok) throw new Error(parsed.error)
    expect(parsed.payload.licenseInfo?.licenseNumber).toBe(kept)
    expect(parsed.payload.records).toHaveLength(1)
  })

  it('a bare License usage array has no License info at all', () => {
    const parsed = parsePayload(usage)
    expect(parsed.ok && parsed.payload.licenseInfo).toBeNull()
  })
})
