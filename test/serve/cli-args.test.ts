import { homedir } from 'node:os'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appDataDir } from '../../main/app/data-dir.ts'
import { DEFAULT_PORT, parseServeArgs } from '../../main/serve/cli-args.ts'

describe('serve flags', () => {
  it('defaults to port 8470, a random token, the demo, and the app data folder', () => {
    const parsed = parseServeArgs([])
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    expect(parsed.options.port).toBe(DEFAULT_PORT)
    expect(parsed.options.config).toBeNull()
    expect(parsed.options.token.length).toBeGreaterThanOrEqual(32)
    expect(parsed.options.dataDir).toBe(appDataDir({ platform: process.platform, env: process.env, home: homedir() }))
  })

  it('takes --data as a folder resolved from the working directory', () => {
    const parsed = parseServeArgs(['--data', 'some/dir'])
    expect(parsed.ok && parsed.options.dataDir).toBe(resolve('some/dir'))
  })

  it('names a bad flag and shows the usage', () => {
    const parsed = parseServeArgs(['--datum', 'x'])
    expect(parsed.ok).toBe(false)
    if (parsed.ok) return
    expect(parsed.error).toMatch(/--datum/)
    expect(parsed.error).toMatch(/--data DIR/)
  })
})
