// What a URL host says about its machine (main/core/usage/machine-id.ts), and
// where that stands among the payload's machine and the admin's label.

import { describe, expect, it } from 'vitest'
import { addressMachineId, hostMachineId } from '../../../main/core/usage/machine-id.ts'
import { resolveMachine } from '../../../main/core/usage/machine.ts'
import type { ServerPayload } from '../../../main/core/types/index.ts'

describe('hostMachineId', () => {
  it.each([
    ['localhost', 'localhost'],
    ['LOCALHOST', 'localhost'],
    ['localhost.', 'localhost'],
    ['app.localhost', 'localhost'],
    ['127.0.0.1', 'localhost'],
    ['127.1.2.3', 'localhost'],
    ['[::1]', 'localhost'],
    ['::1', 'localhost'],
    ['[0:0:0:0:0:0:0:1]', 'localhost'],
    ['[::ffff:127.0.0.1]', 'localhost'],
    ['[::ffff:7f00:1]', 'localhost'],
    ['[::ffff:a00:5]', '10.0.0.5'],
    ['10.0.0.5', '10.0.0.5'],
    ['SRV-APP-01.example.com.', 'srv-app-01.example.com'],
    ['srv-app-01', 'srv-app-01'],
    ['[2001:db8::1]', '2001:db8::1'],
  ])('%s -> %s', (host, machine) => {
    expect(hostMachineId(host)).toBe(machine)
  })

  it('addresses from a lookup read the same way', () => {
    expect(addressMachineId('127.0.1.1')).toBe('localhost')
    expect(addressMachineId('::ffff:10.0.0.5')).toBe('10.0.0.5')
  })
})

describe('resolveMachine', () => {
  const payload = (machine: string | null): ServerPayload => ({
    server: { name: null, machine, version: null },
    time: null,
    licenseInfo: null,
    records: [],
    invalidCount: 0,
    totalCount: 0,
    invalidSummary: null,
  })
  it.each([
    { config: { url: 'http://127.0.0.1:8080/u' }, reported: null, machine: 'localhost' },
    { config: { url: 'http://LocalHost.:8080/u' }, reported: null, machine: 'localhost' },
    { config: { url: 'http://10.0.0.5/u', hostMachine: 'srv-app-01' }, reported: null, machine: 'srv-app-01' },
    { config: { url: 'http://10.0.0.5/u', hostMachine: 'srv-app-01', machine: 'Pool A' }, reported: null, machine: 'Pool A' },
    { config: { url: 'http://10.0.0.5/u', machine: 'Pool A' }, reported: 'SRV-9', machine: 'SRV-9' },
  ])('$config.url (label $config.machine, resolved $config.hostMachine, payload $reported): $machine', ({ config, reported, machine }) => {
    expect(resolveMachine(config, payload(reported))).toBe(machine)
  })
})
