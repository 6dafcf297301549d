// The renderer keeps its own copy of the rounding rule (it may import only
// types from main): the two must agree on every pool up to 500.

import { describe, expect, it } from 'vitest'
import { utilizationText as mainText } from '../../../main/core/alerts/percent-text.ts'
import { utilizationText as rendererText } from '../../../renderer/src/model/percent.ts'
import { formatPercent } from '../../../renderer/src/model/format.ts'

describe('the table and the notices round utilization the same way', () => {
  it('agree on every used count of every pool up to 500', () => {
    const differ: string[] = []
    for (let limit = 1; limit <= 500; limit++) {
      for (let used = 0; used <= limit + 2; used++)
        if (rendererText(used / limit) !== mainText(used / limit)) differ.push(`${used} of ${limit}`)
    }
    expect(differ).toEqual([])
  })

  it('the table cell uses it', () => {
    expect(formatPercent(199 / 200)).toBe('99.5%')
    expect(formatPercent(159 / 200)).toBe('79.5%')
  })
})
