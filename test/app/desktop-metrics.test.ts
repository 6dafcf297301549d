// The desktop app's metrics listener: off by default, the token from
// desktop.json (a text or {"env": NAME}), the choice saved, and a sentence
// naming desktop.json for each reason it cannot start. Real files, real
// sockets, a real (empty) monitor.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setupDesktopMetrics, type DesktopMetrics } from '../../main/app/desktop-metrics.ts'
import { openDesktopSettings } from '../../main/app/desktop-settings.ts'
import { createMonitor, type Monitor } from '../../main/core/poll/monitor.ts'

const TOKEN = 'desktop-metrics-token-0123456789'
const ENV = { LM_METRICS_TOKEN: TOKEN }
let dir: string
let monitor: Monitor
const started: DesktopMetrics[] = []

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'desktop-metrics-'))
  monitor = createMonitor({ servers: [], demo: false })
})
afterEach(async () => {
  for (const metrics of started.splice(0)) await metrics.stop()
  await monitor.stop()
  rmSync(dir, { recursive: true, force: true })
})

function writeDesktopJson(metrics: unknown): void {
  writeFileSync(join(dir, 'desktop.json'), JSON.stringify({ startAtLogin: false, startAtLoginOffered: true, metrics }))
}

async function setup(env: NodeJS.ProcessEnv = ENV): Promise<Awaited<ReturnType<typeof setupDesktopMetrics>>> {
  const metrics = await setupDesktopMetrics({ monitor, settings: openDesktopSettings(dir), dataDir: dir, env, version: '9.9.9-test' })
  started.push(metrics)
  return metrics
}

function saved(): unknown {
  return (JSON.parse(readFileSync(join(dir, 'desktop.json'), 'utf8')) as { metrics: unknown }).metrics
}

async function scrape(url: string, token = TOKEN): Promise<Response> {
  return fetch(url, { headers: { Authorization: `Bearer ${token}` } })
}

describe('desktop metrics', () => {
  it('is off by default, on 127.0.0.1:9470 once turned on, and refuses to start without a token', async () => {
    const metrics = await setup()
    expect([metrics.enabled(), metrics.running(), metrics.where(), metrics.startProblem]).toEqual([false, false, '127.0.0.1:9470', null])
    await expect(metrics.set(true)).rejects.toThrow(
      `Prometheus metrics need a token: add "token": {"env": "NAME"} (or a text of 16 characters or more) to "metrics" in ${join(dir, 'desktop.json')}, then try again.`,
    )
    expect(metrics.enabled()).toBe(false)
    expect(metrics.running()).toBe(false)
  })

  it('turned on: serves /metrics with the token from the environment, saves the choice, and stops when turned off', async () => {
    writeDesktopJson({ enabled: false, listen: '127.0.0.1:0', token: { env: 'LM_METRICS_TOKEN' } })
    const metrics = await setup()
    await metrics.set(true)
    expect(metrics.running()).toBe(true)
    const url = metrics.where()
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/)
    const answer = await scrape(url)
    expect(answer.status).toBe(200)
    expect(await answer.text()).toContain('fourd_monitor_build_info{version="9.9.9-test"} 1')
    expect((await scrape(url, 'not-the-token-at-all')).status).toBe(401)
    expect(saved()).toEqual({ enabled: true, listen: '127.0.0.1:0', token: { env: 'LM_METRICS_TOKEN' } })

    await metrics.set(false)
    expect(metrics.running()).toBe(false)
    await expect(fetch(url)).rejects.toThrow()
    expect(saved()).toMatchObject({ enabled: false })
  })

  it('starts at once when the saved choice is on', async () => {
    writeDesktopJson({ enabled: true, listen: '127.0.0.1:0', token: TOKEN })
    const metrics = await setup()
    expect(metrics.startProblem).toBeNull()
    expect(metrics.running()).toBe(true)
    expect((await scrape(metrics.where())).status).toBe(200)
  })

  it('saved on but the variable is not set: says so, keeps the choice, and does not listen', async () => {
    writeDesktopJson({ enabled: true, listen: '127.0.0.1:0', token: { env: 'LM_METRICS_TOKEN' } })
    const metrics = await setup({})
    expect(metrics.startProblem).toBe(
      `${join(dir, 'desktop.json')} "metrics": "token": environment variable "LM_METRICS_TOKEN" is not set: set it, or write the token in the file.`,
    )
    expect([metrics.enabled(), metrics.running()]).toEqual([true, false])
  })

  it('names the port in use and the field to change', async () => {
    const blocker: Server = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as { port: number }).port
    try {
      writeDesktopJson({ enabled: false, listen: `127.0.0.1:${port}`, token: TOKEN })
      const metrics = await setup()
      await expect(metrics.set(true)).rejects.toThrow(
        `The metrics port 127.0.0.1:${port} is already in use: change "metrics"."listen" in ${join(dir, 'desktop.json')}.`,
      )
      expect(saved()).toMatchObject({ enabled: false })
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()))
    }
  })

  it('a broken metrics block sets the file aside with a sentence naming the field, never the token', () => {
    writeDesktopJson({ enabled: 'yes', listen: '127.0.0.1:9470', token: TOKEN })
    const settings = openDesktopSettings(dir)
    expect(settings.problem?.text).toContain('"metrics": "enabled" must be a boolean')
    expect(JSON.stringify(settings.problem)).not.toContain(TOKEN)
    expect(settings.read().metrics).toEqual({ enabled: false, listen: '127.0.0.1:9470' })
  })
})
