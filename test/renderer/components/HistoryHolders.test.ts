// Who held licenses at a moment of the History chart: each holder's end says
// why when the end time alone would mislead (server unreachable, restarted,
// the token taken by another session).
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { LicenseHolder } from '../../../main/core/types/index.ts'
import HistoryHolders from '../../../renderer/src/components/HistoryHolders.vue'

const T = Date.parse('2026-11-28T09:00:00Z')

function holder(fields: Partial<LicenseHolder>): LicenseHolder {
  return {
    server: 'Accounting',
    userName: 'ana',
    sessionType: 'remote',
    clientMachine: 'PC-1',
    ipAddress: '10.0.0.1',
    from: T,
    to: T + 60_000,
    endReason: 'released',
    ...fields,
  }
}

describe('HistoryHolders', () => {
  it('says why each holding ended, and "still held" for an open one', () => {
    const holders = [
      holder({ userName: 'alice', endReason: 'server-restarted' }),
      holder({ userName: 'bruno', to: null, endReason: null }),
      holder({ userName: 'carla', endReason: 'unknown' }),
      holder({ userName: 'dora', endReason: 'replaced' }),
      holder({ userName: 'eva' }),
    ]
    const wrapper = mount(HistoryHolders, { props: { time: T + 30_000, holders, error: null } })
    const ends = wrapper.findAll('[data-testid="holder-row"]').map((row) => row.findAll('td').at(-1)!.text())
    const end = new Date(T + 60_000).toLocaleString()
    expect(ends).toEqual([
      `${end} (server restarted)`,
      'still held',
      `${end} (server unreachable)`,
      `${end} (token taken by another session)`,
      end,
    ])
  })
})
