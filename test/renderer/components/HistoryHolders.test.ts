// Who held licenses at a moment of the History chart: each holder's end says
// why when the end time alone would mislead (server unreachable, restarted,
// the token taken by another session).
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { LicenseHolder } from '../../../main/core/types/index.ts'
import HistoryHolders from '../../../renderer/src/components/HistoryHolders.vue'
import { setLanguageChoice } from '../../../renderer/src/i18n/index.ts'
import { formatMoment } from '../../../renderer/src/model/history-time.ts'

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
    const end = formatMoment(T + 60_000)
    expect(ends).toEqual([
      `${end} (server restarted)`,
      'still held',
      `${end} (server unreachable)`,
      `${end} (token taken by another session)`,
      end,
    ])
  })

  it('speaks the page’s language: headings, "still held", why a holding ended, the time in its format', () => {
    setLanguageChoice('de')
    try {
      const holders = [
        holder({ userName: 'alice', endReason: 'server-restarted' }),
        holder({ userName: 'bruno', to: null, endReason: null }),
      ]
      const wrapper = mount(HistoryHolders, { props: { time: T + 30_000, holders, error: null } })
      expect(wrapper.findAll('th').map((th) => th.text())).toEqual([
        'Benutzer',
        'Sitzungstyp',
        'Client-Rechner',
        'IP-Adresse',
        'Server',
        'Von',
        'Bis',
      ])
      const end = new Intl.DateTimeFormat('de', {
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      }).format(T + 60_000)
      const ends = wrapper.findAll('[data-testid="holder-row"]').map((row) => row.findAll('td').at(-1)!.text())
      expect(ends).toEqual([`${end} (Server neu gestartet)`, 'noch belegt'])
      expect(wrapper.get('h3').text()).toMatch(/^Belegt am \d\d\.\d\d\.2026, \d\d:\d\d:\d\d$/)
    } finally {
      setLanguageChoice('system')
    }
  })
})
