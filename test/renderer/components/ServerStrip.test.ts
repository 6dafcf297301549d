import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import ServerStrip from '../../../renderer/src/components/ServerStrip.vue'
import { server, servers } from '../fixtures.ts'

describe('ServerStrip', () => {
  it('shows each server with name, machine, status word, latency and version', () => {
    const wrapper = mount(ServerStrip, { props: { servers: servers() } })
    const chips = wrapper.findAll('[data-testid=server-chip]')
    expect(chips.map((chip) => chip.attributes('data-server-id'))).toEqual(['accounting', 'hr', 'warehouse'])
    const accounting = chips[0]!
    expect(accounting.text()).toContain('Accounting')
    expect(accounting.text()).toContain('srv-app-01')
    expect(accounting.text()).toContain('42 ms')
    expect(accounting.text()).toContain('4D 20 R10')
    expect(accounting.get('[data-testid=server-status]').text()).toBe('Up')
    expect(accounting.find('[data-testid=server-error]').exists()).toBe(false)
  })

  it('shows a down server with its status word and the error sentence', () => {
    const wrapper = mount(ServerStrip, { props: { servers: servers() } })
    const warehouse = wrapper.get('[data-testid=server-chip][data-server-id=warehouse]')
    expect(warehouse.get('[data-testid=server-status]').text()).toBe('Down')
    expect(warehouse.get('[data-testid=server-error]').text()).toContain('Warehouse did not answer within 4 s (timeout).')
    expect(warehouse.text()).toContain('4.0 s')
  })

  it('lists warnings and shows stale as a word', () => {
    const wrapper = mount(ServerStrip, {
      props: { servers: [server({ id: 's', name: 'S', status: 'stale', warnings: ['3 of 120 records invalid: productId missing'] })] },
    })
    expect(wrapper.get('[data-testid=server-status]').text()).toBe('Stale')
    expect(wrapper.findAll('[data-testid=server-warning]').map((w) => w.text())).toEqual(['3 of 120 records invalid: productId missing'])
  })

  it('says so when there are no servers', () => {
    expect(mount(ServerStrip, { props: { servers: [] } }).text()).toContain('No servers reported yet.')
  })
})
