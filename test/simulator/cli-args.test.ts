import { describe, expect, it } from 'vitest'
import { parseSimulatorArgs } from '../../main/simulator/cli-args.ts'

describe('parseSimulatorArgs', () => {
  it('has defaults for everything', () => {
    expect(parseSimulatorArgs([])).toEqual({
      ok: true,
      options: {
        servers: 3,
        machines: 2,
        seed: 42,
        port: 0,
        token: undefined,
        tickMs: 3000,
        controlPort: 0,
        loginMode: 'default',
        help: false,
      },
    })
  })

  it('reads every option', () => {
    const parsed = parseSimulatorArgs([
      '--servers',
      '5',
      '--machines',
      '3',
      '--seed',
      '7',
      '--port',
      '9000',
      '--token',
      'T',
      '--tick-ms',
      '0',
      '--control-port',
      '9100',
      '--login-mode',
      'force',
    ])
    expect(parsed).toEqual({
      ok: true,
      options: { servers: 5, machines: 3, seed: 7, port: 9000, token: 'T', tickMs: 0, controlPort: 9100, loginMode: 'force', help: false },
    })
  })

  it.each([
    [['--servers', '0'], /--servers must be a whole number from 1 to 200, not "0"/],
    [['--servers', '2.5'], /--servers must be a whole number/],
    [['--seed', 'abc'], /--seed must be a whole number/],
    [['--port', '65535', '--servers', '2'], /leaves no room for 2 servers/],
    [['--control-port=-1'], /--control-port must be a whole number from 0 to 65535/],
    [['--control-port', '-1'], /argument is ambiguous/],
    [['--token', ''], /--token must not be empty/],
    [['--tick-ms', '1e3'], /--tick-ms must be a whole number/],
    [['--login-mode', 'strict'], /--login-mode must be default or force, not "strict"/],
    [['extra'], /positional/i],
    [['--nope'], /Unknown option '--nope'/],
  ])('refuses %j with a sentence', (args, message) => {
    const parsed = parseSimulatorArgs(args)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.error).toMatch(message)
  })
})
