// The desktop app's Prometheus metrics through the Electron entry (electron
// mocked; settings, monitor, demo simulator and listener real): saved on in
// desktop.json with the token from the environment, the listener serves the
// demo's servers, and the tray's check box turns it off and saves that.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'

vi.mock('electron', async () => {
  const { electronMock } = await import('./electron-mock.ts')
  return { ...electronMock, default: electronMock }
})

const TOKEN = 'desktop-entry-metrics-token-0123'
const { FakeTray, electronMock } = await import('./electron-mock.ts')
const userData = mkdtempSync(join(tmpdir(), 'lm-electron-metrics-'))
electronMock.app.userData = userData
process.env.LM_ENTRY_METRICS_TOKEN = TOKEN
writeFileSync(
  join(userData, 'desktop.json'),
  JSON.stringify({ metrics: { enabled: true, listen: '127.0.0.1:0', token: { env: 'LM_ENTRY_METRICS_TOKEN' } } }),
)
await import('../../main/electron/index.ts')

afterAll(() => {
  delete process.env.LM_ENTRY_METRICS_TOKEN
  rmSync(userData, { recursive: true, force: true })
})

function metricsItem(): { label: string; checked?: boolean; click(): void } | undefined {
  return FakeTray.instances[0]?.menu?.items.find((item) => item.label?.startsWith('Prometheus metrics')) as
    { label: string; checked?: boolean; click(): void } | undefined
}

describe('Electron entry: Prometheus metrics (electron mocked)', () => {
  let url = ''

  it('starts the listener saved on in desktop.json, and the tray says where it listens', async () => {
    await expect.poll(() => metricsItem()?.checked, { timeout: 15_000 }).toBe(true)
    const label = metricsItem()!.label
    expect(label).toMatch(/^Prometheus metrics \(http:\/\/127\.0\.0\.1:\d+\/metrics\)$/)
    url = /\((.+)\)/.exec(label)![1]!
    expect(electronMock.dialog.shown).toEqual([])
  })

  it("serves the demo's servers to a scraper holding the token, and nobody else", async () => {
    await expect
      .poll(
        async () => {
          const text = await (await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}` } })).text()
          return text.split('\n').filter((line) => line.startsWith('fourd_server_up{') && line.endsWith(' 1')).length
        },
        { timeout: 15_000 },
      )
      .toBe(3)
    expect((await fetch(url)).status).toBe(401)
  })

  it('the check box turns it off and saves the choice', async () => {
    metricsItem()!.click()
    await expect.poll(() => metricsItem()?.checked, { timeout: 10_000 }).toBe(false)
    await expect(fetch(url)).rejects.toThrow()
    expect(JSON.parse(readFileSync(join(userData, 'desktop.json'), 'utf8'))).toMatchObject({ metrics: { enabled: false } })
  })

  it('quits as usual', async () => {
    expect(electronMock.app.emitPreventable('will-quit')).toBe(true)
    await expect.poll(() => electronMock.app.quitCalls, { timeout: 10_000 }).toBe(1)
  })
})
