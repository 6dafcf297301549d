// npm run bench:table — the live table in Chromium (Playwright, Debian's
// /usr/bin/chromium or $CHROMIUM_PATH) against the served mode as
// `npm run serve` runs it, polling a simulator (own process) of 10 servers x
// 1,000 licenses at the default 5 s interval, the simulator changing licenses
// every second, so about two pushes a second reach the page.
//
// Two layouts: 10 machines (ten rows of 1,000 licenses) and 1 machine (one row
// of 10,000). For each: frames per second and long tasks over BENCH_SECONDS
// (default 10) with rows collapsed and with one row expanded; click-to-frame
// for expanding that row (median of 5); keystroke-to-frame for the filter and
// click-to-frame for a sort. The same figures for the page built from
// BENCH_TABLE_BASELINE (default 91b80e8, before virtualisation; "none" to skip),
// served by that commit's own served mode (an older page cannot read today's
// small pushes), and an empty page's frame rate, all in one run. Expanding is
// timed to the first frame that shows license rows (the list is fetched when a
// row opens): clicked cold, and after the pointer rested on the row (the page
// fetches the list of the row the pointer rests on, BENCH_TABLE_HOVER_MS).
// BENCH_TABLE_TICK_MS=0 keeps the simulator still: the page's own cost without
// pushes; BENCH_TABLE_WARMUP_S (default 15) waits out the served process's
// start; BENCH_TABLE_ORDER=baseline-first measures the older page first.
// Figures only: nothing here is asserted.
import { chromium, type Browser, type Page } from '@playwright/test'
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import type { SimServerInfo } from '../main/simulator/api.ts'
import { clickToFrame, clickToRows, keyToFrame, measureFrames, type FrameFigures, type ToFrame, type ToRows } from './table-probe.ts'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const BASELINE = process.env.BENCH_TABLE_BASELINE ?? '91b80e8'
/** How often the simulator changes licenses; 0 keeps it still, so no push follows the first (the page's own cost alone). */
const TICK_MS = Number(process.env.BENCH_TABLE_TICK_MS ?? 1000)
/** Seconds between the first full row and the first figure: the served process's start-up work (first rounds, history, alerts) is over by then. */
const WARMUP_S = Number(process.env.BENCH_TABLE_WARMUP_S ?? 15)
/** "baseline-first" measures the older page first in each layout, to see whether the order colours the figures. */
const BASELINE_FIRST = process.env.BENCH_TABLE_ORDER === 'baseline-first'
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const SERVERS = 10
const PER_SERVER = 1_000
const TOKEN = 'bench-table'
const ROWS = '[data-testid=license-row]'
/** How long the pointer rests on a row before the click, as a user's does (the page fetches the row's list meanwhile). */
const HOVER_MS = Number(process.env.BENCH_TABLE_HOVER_MS ?? 250)

async function startChild(args: string[], match: RegExp): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
  for await (const line of createInterface({ input: child.stdout! })) if (match.test(line)) return { child, line }
  throw new Error(`${args[0]} stopped before printing what was expected`)
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise((done) => child.once('exit', done))
  child.kill('SIGTERM')
  await exited
}

/**
 * The tree at `commit` with its renderer built, in a cache folder of its own (built once). Its own served
 * mode serves its own page: since small pushes an older page cannot read a newer backend's stream.
 */
function baselineTree(commit: string): string {
  const dir = join(tmpdir(), `bench-table-${commit}`)
  const out = join(dir, 'out', 'renderer')
  // The tree's own served mode runs from here: its node_modules link must lead to packages (a link made from an older
  // working copy may dangle).
  const modules = join(dir, 'node_modules')
  if (existsSync(dir) && !existsSync(join(modules, 'zod', 'package.json'))) {
    rmSync(modules, { force: true })
    symlinkSync(resolve('node_modules'), modules)
  }
  if (existsSync(join(out, 'index.html'))) return dir
  mkdirSync(dir, { recursive: true })
  console.error(`Building the renderer of ${commit} in ${dir} (once)...`)
  execFileSync('sh', ['-c', `git archive ${commit} | tar -x -C "${dir}"`], { stdio: 'inherit' })
  if (!existsSync(join(dir, 'node_modules'))) symlinkSync(resolve('node_modules'), join(dir, 'node_modules'))
  execFileSync(process.execPath, [resolve('node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: dir, stdio: 'ignore' })
  return dir
}

/** "1,000" or "1 000" as a number. */
const usedIn = (text: string | null) => Number((text ?? '').replace(/\D/g, ''))
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))

interface PageFigures {
  collapsed: FrameFigures
  expanded: FrameFigures
  expand: ToRows[]
  hovered: ToRows[]
  filterCollapsed: ToFrame[]
  filterExpanded: ToFrame[]
  sort: ToFrame[]
  licensesInRow: string
}

/** One page build against one served backend: the figures the table prints. */
async function measurePage(browser: Browser, openUrl: string, fullRow: number): Promise<PageFigures> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  const page: Page = await context.newPage()
  try {
    await page.goto(openUrl)
    const row = page.getByTestId('product-row').first()
    await row.waitFor({ timeout: 60_000 })
    // Every server answered once: the first row holds its full count.
    for (let waited = 0; usedIn(await row.getByTestId('used').textContent()) < fullRow * 0.9; waited += 250) {
      if (waited > 60_000) throw new Error('The first row never reached its full count: the servers did not all answer')
      await sleep(250)
    }
    await sleep(WARMUP_S * 1000)
    const licensesInRow = (await row.getByTestId('used').textContent())?.trim() ?? '?'
    const collapsed = await page.evaluate(measureFrames, SECONDS * 1000)
    const target = '[data-testid=product-row] [data-testid=expand-button]'
    const expand: ToRows[] = []
    for (let i = 0; i < 5; i++) {
      expand.push(await page.evaluate(clickToRows, { target, rows: ROWS, timeoutMs: 30_000 }))
      await sleep(500)
      await page.evaluate(clickToFrame, { target, rows: ROWS }) // collapse again
      await sleep(500)
    }
    // As a user opens a row: the pointer rests on it first (the page fetches its list then), then clicks.
    const hovered: ToRows[] = []
    for (let i = 0; i < 5; i++) {
      await page.hover('[data-testid=product-row] .product-name')
      await sleep(HOVER_MS)
      hovered.push(await page.evaluate(clickToRows, { target, rows: ROWS, timeoutMs: 30_000 }))
      await sleep(500)
      await page.evaluate(clickToFrame, { target, rows: ROWS }) // collapse again
      await page.mouse.move(0, 0)
      await sleep(500)
    }
    expand.push(await page.evaluate(clickToRows, { target, rows: ROWS, timeoutMs: 30_000 }))
    await sleep(1_000)
    const expanded = await page.evaluate(measureFrames, SECONDS * 1000)
    // A user name of the expanded row, typed one character at a time: the row stays shown while it narrows.
    const user = ((await page.locator(`${ROWS} td`).first().textContent()) ?? 'user').trim()
    const typeFilter = async (): Promise<ToFrame[]> => {
      const keystrokes: ToFrame[] = []
      for (let k = 1; k <= user.length; k++) {
        keystrokes.push(await page.evaluate(keyToFrame, { field: '[data-testid=filter-input]', text: user.slice(0, k), rows: ROWS }))
      }
      keystrokes.push(await page.evaluate(keyToFrame, { field: '[data-testid=filter-input]', text: '', rows: ROWS }))
      return keystrokes
    }
    const filterExpanded = await typeFilter()
    await page.evaluate(clickToFrame, { target, rows: ROWS })
    await sleep(500)
    const filterCollapsed = await typeFilter()
    const sort: ToFrame[] = []
    for (const key of ['used', 'product', 'remaining', 'machine', 'used', 'machine']) {
      sort.push(await page.evaluate(clickToFrame, { target: `[data-testid=sort-${key}]`, rows: '[data-testid=product-row]' }))
      await sleep(200)
    }
    return { collapsed, expanded, expand: expand.slice(0, 5), hovered, filterCollapsed, filterExpanded, sort, licensesInRow }
  } finally {
    await context.close()
  }
}

/** "to DOM / to frame" medians, worst to frame in brackets. */
const ms = (frames: ToFrame[]) =>
  `${median(frames.map((f) => f.domMs)).toFixed(1)} / ${median(frames.map((f) => f.ms)).toFixed(0)} (${Math.max(...frames.map((f) => f.ms)).toFixed(0)})`
const frames = (f: FrameFigures) =>
  `${f.fps.toFixed(1)} fps, ${String(f.longTasks)} long (${f.longTaskMs.toFixed(0)} ms), worst ${f.worstFrameMs.toFixed(0)} ms`

function report(label: string, layout: string, f: PageFigures): void {
  const expand = f.expand[0]!
  console.log(`| ${label} | ${layout} (row of ${f.licensesInRow}) | rows collapsed | ${frames(f.collapsed)} |`)
  console.log(`| ${label} | ${layout} | one row expanded | ${frames(f.expanded)} |`)
  console.log(
    `| ${label} | ${layout} | expand, click to DOM / to the first frame with license rows, ms median (worst) of 5 | ${ms(f.expand)}; frames to it ${f.expand.map((e) => String(e.frames)).join(', ')}; ${String(expand.rows)} license rows, ${String(expand.nodes)} elements in the page |`,
  )
  console.log(
    `| ${label} | ${layout} | expand after the pointer rested ${String(HOVER_MS)} ms on the row, same figures | ${ms(f.hovered)}; frames to it ${f.hovered.map((e) => String(e.frames)).join(', ')} |`,
  )
  console.log(
    `| ${label} | ${layout} | filter keystroke to DOM / to frame, ms median (worst), collapsed; expanded | ${ms(f.filterCollapsed)}; ${ms(f.filterExpanded)} |`,
  )
  console.log(`| ${label} | ${layout} | sort click to DOM / to frame, ms median (worst) of 6 | ${ms(f.sort)} |`)
}

const dir = await mkdtemp(join(tmpdir(), 'bench-table-'))
const children: ChildProcess[] = []
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
})
try {
  const builds: { label: string; tree: string | null }[] = [{ label: 'this build', tree: null }]
  if (BASELINE !== 'none') builds.push({ label: `at ${BASELINE}`, tree: baselineTree(BASELINE) })
  if (BASELINE_FIRST) builds.reverse()

  const blank = await browser.newPage()
  await blank.setContent('<!doctype html><title>empty</title>')
  const empty = await blank.evaluate(measureFrames, SECONDS * 1000)
  await blank.close()

  console.log(
    `Live table in Chromium, ${String(SERVERS)} servers x ${String(PER_SERVER)} licenses, 5 s interval, ${String(SECONDS)} s per frame figure`,
  )
  console.log('| page | layout | figure | value |')
  console.log('| --- | --- | --- | --- |')
  console.log(`| empty page (baseline) | | frames | ${frames(empty)} |`)
  for (const machines of [SERVERS, 1]) {
    const layout = machines === 1 ? '1 machine' : `${String(machines)} machines`
    const sim = await startChild(['bench/table-sim.ts', String(SERVERS), String(PER_SERVER), String(machines), String(TICK_MS)], /^\[/)
    children.push(sim.child)
    const servers = JSON.parse(sim.line) as SimServerInfo[]
    const config = join(dir, `servers-${String(machines)}.json`)
    await writeFile(config, JSON.stringify({ servers: servers.map((s) => ({ name: s.name, url: s.jsonUrl, kind: 'http-json' })) }))
    for (const build of builds) {
      const args = [
        build.tree === null ? 'main/serve/cli.ts' : join(build.tree, 'main', 'serve', 'cli.ts'),
        '--config',
        config,
        '--port',
        '0',
        '--token',
        TOKEN,
        '--data',
        join(dir, `data-${build.label}-${String(machines)}`),
      ]
      if (build.tree !== null) args.push('--static', join(build.tree, 'out', 'renderer'))
      const serve = await startChild(args, /^Listening on /)
      children.push(serve.child)
      try {
        const url = serve.line.replace('Listening on ', '').trim()
        const figures = await measurePage(browser, `${url}/?token=${TOKEN}`, (SERVERS / machines) * PER_SERVER)
        report(build.label, layout, figures)
        if (build.tree === null) {
          const fps = (f: FrameFigures) => (f.fps / empty.fps).toFixed(2)
          console.log(
            `| ${build.label} | ${layout} | fps against the empty page, collapsed / expanded | ${fps(figures.collapsed)} / ${fps(figures.expanded)} |`,
          )
        }
      } finally {
        await stop(serve.child)
      }
    }
    await stop(sim.child)
  }
} finally {
  await browser.close()
  for (const child of children.reverse()) await stop(child)
  await rm(dir, { recursive: true, force: true })
}
