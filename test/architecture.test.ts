// The layer rules live once, in .dependency-cruiser.cjs (`npm run lint` checks the tree with them).
// These tests make sure the rules can bite: each one fires on a small tree built to break it, the
// real tree is seen the way the rules assume (electron resolved, type-only imports told apart), and
// ESLint keeps the one import form that dependency-cruiser would misread out of the code.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { cruise, type ICruiseOptions, type ICruiseResult } from 'dependency-cruiser'
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options'
import { ESLint } from 'eslint'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '..')
/** A cruise parses every source with TypeScript: seconds alone, much longer on a busy machine. */
const CRUISE_TIMEOUT_MS = 120_000

async function layerRules(baseDir: string): Promise<ICruiseOptions> {
  const options = await extractDepcruiseOptions(join(ROOT, '.dependency-cruiser.cjs'))
  // No cache: a test must see the files as they are now, and must not touch the lint's cache.
  return { ...options, baseDir, cache: false }
}

async function cruiseTree(baseDir: string, dirs: string[]): Promise<ICruiseResult> {
  const { output } = await cruise(dirs, await layerRules(baseDir))
  if (typeof output === 'string') throw new Error('dependency-cruiser answered text where a result object was expected')
  return output
}

function writeTree(base: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(base, path)), { recursive: true })
    writeFileSync(join(base, path), text)
  }
}

/** One file per rule that breaks it, and files beside them that stay within the rules. */
const BROKEN_TREE: Record<string, string> = {
  'node_modules/electron/package.json': '{ "name": "electron", "main": "index.js" }',
  'node_modules/electron/index.js': 'module.exports = {}\n',
  'main/core/contract/contract.ts': 'export const API_GLOBAL = "licenseMonitor"\nexport type Api = { ping(): void }\n',
  'main/core/types.ts': 'export interface Row { used: number }\n',
  'main/core/values.ts': 'export const LIMIT = 10\n',
  'main/core/loads-electron.ts': "import { app } from 'electron'\nexport const a = app\n",
  'main/core/names-electron-type.ts': "import type { App } from 'electron'\nexport type A = App\n",
  'main/core/imports-host.ts': "import { served } from '../serve/served.ts'\nexport const b = served\n",
  'main/serve/served.ts': "import type { App } from 'electron'\nexport const served = 1\nexport type S = App\n",
  'main/app/start.ts': "import { app } from 'electron'\nexport const started = app\n",
  'main/core/ingest/fetch.ts': "import { kept } from '../history/store.ts'\nexport const f = kept\n",
  'main/core/history/store.ts': 'export const kept = 1\n',
  'main/core/cycle-a.ts': "import { b } from './cycle-b.ts'\nexport const a = () => b\n",
  'main/core/cycle-b.ts': "import { a } from './cycle-a.ts'\nexport const b = () => a\n",
  'main/core/type-cycle-a.ts': "import type { B } from './type-cycle-b.ts'\nexport interface A { b?: B }\n",
  'main/core/type-cycle-b.ts': "import type { A } from './type-cycle-a.ts'\nexport interface B { a?: A }\n",
  'main/core/missing.ts': "import { gone } from './not-there.ts'\nexport const m = gone\n",
  'renderer/typed.ts': "import type { Row } from '../main/core/types.ts'\nexport const rows: Row[] = []\n",
  'renderer/runs-main.ts': "import { LIMIT } from '../main/core/values.ts'\nexport const limit = LIMIT\n",
  'renderer/Runs.vue':
    '<script setup lang="ts">\nimport { LIMIT } from \'../main/core/values.ts\'\nconst l = LIMIT\n</script>\n<template><p>{{ l }}</p></template>\n',
  'renderer/reads-disk.ts': "import { readFileSync } from 'node:fs'\nexport const r = readFileSync\n",
  'renderer/loads-electron.ts': "import { ipcRenderer } from 'electron'\nexport const i = ipcRenderer\n",
  'preload/bridge.ts':
    "import { contextBridge } from 'electron'\nimport { API_GLOBAL } from '../main/core/contract/contract.ts'\nexport const p = [contextBridge, API_GLOBAL]\n",
  'preload/reaches-core.ts': "import { LIMIT } from '../main/core/values.ts'\nexport const q = LIMIT\n",
  // main may take the message catalogue from the renderer (the tray speaks the page's words), nothing else of it.
  'renderer/src/i18n/catalogue.ts': "import en from './locales/en.json'\nexport const MESSAGES = { en }\n",
  'renderer/src/i18n/locales/en.json': '{ "app": { "title": "4D License Monitor" } }\n',
  'renderer/src/store.ts': 'export const state = 1\n',
  'main/electron/tray-words.ts': "import { MESSAGES } from '../../renderer/src/i18n/catalogue.ts'\nexport const w = MESSAGES\n",
  'main/electron/reaches-page.ts': "import { state } from '../../renderer/src/store.ts'\nexport const s = state\n",
}

describe('the layer rules (.dependency-cruiser.cjs)', () => {
  let base = ''
  let result: ICruiseResult

  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'layer-rules-'))
    writeTree(base, BROKEN_TREE)
    result = await cruiseTree(base, ['main', 'renderer', 'preload'])
  }, CRUISE_TIMEOUT_MS)
  afterAll(() => {
    rmSync(base, { recursive: true, force: true })
  })

  it('each rule fires on the file built to break it, and on nothing else', () => {
    const found = result.summary.violations.map((v) => `${v.rule.name}: ${v.from}`).sort()
    expect([...new Set(found)]).toEqual(
      [
        'core-not-to-electron: main/core/loads-electron.ts',
        'core-not-to-electron: main/core/names-electron-type.ts',
        'core-not-to-hosts: main/core/imports-host.ts',
        'ingest-not-to-alerts-or-history: main/core/ingest/fetch.ts',
        'main-only-catalogue-from-renderer: main/electron/reaches-page.ts',
        // A cycle is reported once, from the module where the cruise met it first.
        'no-circular-in-core: main/core/cycle-a.ts',
        'node-hosts-not-to-electron-at-run-time: main/app/start.ts',
        'not-to-unresolvable: main/core/missing.ts',
        'preload-only-to-contract: preload/reaches-core.ts',
        'renderer-not-to-electron: renderer/loads-electron.ts',
        'renderer-not-to-node: renderer/reads-disk.ts',
        'renderer-only-types-from-main: renderer/Runs.vue',
        'renderer-only-types-from-main: renderer/runs-main.ts',
      ].sort(),
    )
  })

  it('every rule of the config is exercised by that tree', () => {
    const fired = new Set(result.summary.violations.map((v) => v.rule.name))
    const rules = (result.summary.ruleSetUsed?.forbidden ?? []).map((rule) => rule.name)
    expect(rules.length).toBeGreaterThan(5)
    expect(rules.filter((name) => name !== undefined && !fired.has(name))).toEqual([])
  })
})

describe('the real tree, as the layer rules see it', () => {
  let result: ICruiseResult

  beforeAll(async () => {
    result = await cruiseTree(ROOT, ['main', 'renderer', 'preload'])
  }, CRUISE_TIMEOUT_MS)

  it('breaks no layer rule', () => {
    expect(result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).toEqual([])
  })

  it('resolves electron where the glue loads it (so the electron rules are not blind)', () => {
    const glue = result.modules.filter((m) => m.source.startsWith('main/electron/'))
    const loads = glue
      .flatMap((m) => m.dependencies)
      .filter((d) => d.resolved.includes('node_modules/electron/') && !d.dependencyTypes.includes('type-only'))
    expect(loads.length).toBeGreaterThan(0)
  })

  it("sees the renderer's imports from main, every one of them type-only but the shared table-filter rule", () => {
    const fromRenderer = result.modules.filter((m) => m.source.startsWith('renderer/'))
    expect(fromRenderer.some((m) => m.source.endsWith('.vue'))).toBe(true)
    const toMain = fromRenderer.flatMap((m) => m.dependencies).filter((d) => d.resolved.startsWith('main/'))
    expect(toMain.length).toBeGreaterThan(0)
    // The one run-time exception (.dependency-cruiser.cjs): the filter rule findMatchingRows applies too.
    const runs = toMain.filter((d) => !d.dependencyTypes.includes('type-only')).map((d) => d.resolved)
    expect([...new Set(runs)]).toEqual(['main/core/contract/row-filter.ts'])
  })
})

describe('ESLint keeps dependency-cruiser honest', () => {
  // Under verbatimModuleSyntax `import { type X } from 'm'` still loads m, yet dependency-cruiser
  // reports it type-only; the config must refuse that form wherever the layer rules look.
  it.each(['main/core/usage/aggregate.ts', 'renderer/src/stores/licenses.ts', 'renderer/src/App.vue', 'preload/index.ts'])(
    'refuses inline-only type imports and re-exports in %s',
    async (file) => {
      const config = (await new ESLint({ cwd: ROOT }).calculateConfigForFile(join(ROOT, file))) as { rules: Record<string, unknown[]> }
      expect(config.rules['@typescript-eslint/no-import-type-side-effects']?.[0]).toBe(2)
      expect(JSON.stringify(config.rules['no-restricted-syntax'])).toContain("ExportSpecifier[exportKind='type']")
    },
  )
})
