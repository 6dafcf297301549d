// Layering rules, checked on the sources: domain code never loads electron
// (it must run in plain Node and in the served mode), and the renderer takes
// nothing from main/ at run time (it is a web page; types only).
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '..')

interface ModuleReference {
  specifier: string
  /** True when the reference is erased at compile time (`import type`, `export type`). */
  typeOnly: boolean
  line: number
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|vue)$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
}

/** The script of a .vue file, or the file itself. */
function scriptOf(file: string): string {
  const text = readFileSync(file, 'utf8')
  if (!file.endsWith('.vue')) return text
  return [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n')
}

/**
 * Every module a source refers to: import/export declarations, dynamic
 * import() and require(). `import { type X }` is NOT type-only: under
 * verbatimModuleSyntax it still loads the module.
 */
function moduleReferences(code: string): ModuleReference[] {
  const source = ts.createSourceFile('file.ts', code, ts.ScriptTarget.Latest, true)
  const found: ModuleReference[] = []
  const add = (node: ts.Node, specifier: ts.Expression | undefined, typeOnly: boolean): void => {
    if (specifier && ts.isStringLiteralLike(specifier)) {
      found.push({ specifier: specifier.text, typeOnly, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 })
    }
  }
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) add(node, node.moduleSpecifier, node.importClause?.isTypeOnly === true)
    else if (ts.isExportDeclaration(node)) add(node, node.moduleSpecifier, node.isTypeOnly)
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node, node.moduleReference.expression, node.isTypeOnly)
    else if (ts.isCallExpression(node)) {
      const callee = node.expression
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require'
      if (isImport || isRequire) add(node, node.arguments[0], false)
    } else if (ts.isImportTypeNode(node)) {
      const argument = node.argument
      if (ts.isLiteralTypeNode(argument)) add(node, argument.literal as ts.Expression, true)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

function runtimeElectronImports(dirs: string[]): string[] {
  return dirs.flatMap((dir) =>
    sourceFiles(dir).flatMap((file) =>
      moduleReferences(scriptOf(file))
        .filter((ref) => !ref.typeOnly && (ref.specifier === 'electron' || ref.specifier.startsWith('electron/')))
        .map((ref) => `${relative(ROOT, file)}:${ref.line} loads '${ref.specifier}' at run time`),
    ),
  )
}

describe('architecture', () => {
  it('the reference scanner tells runtime imports from type-only ones', () => {
    const refs = moduleReferences(`
      import type { App } from 'electron'
      import { type BrowserWindow } from 'electron'
      export type { Tray } from 'electron'
      export { shell } from 'electron'
      const e = await import('electron')
      const r = require('electron')
      type T = import('electron').App
    `)
    expect(refs.map((r) => [r.specifier, r.typeOnly])).toEqual([
      ['electron', true],
      ['electron', false],
      ['electron', true],
      ['electron', false],
      ['electron', false],
      ['electron', false],
      ['electron', true],
    ])
  })

  it('no file under main/core, main/simulator or main/serve loads electron at run time', () => {
    const dirs = ['main/core', 'main/simulator', 'main/serve']
    expect(dirs.flatMap(sourceFiles).length).toBeGreaterThan(10)
    expect(runtimeElectronImports(dirs)).toEqual([])
  })

  it('the check would catch the Electron glue, which does load electron', () => {
    expect(runtimeElectronImports(['main/electron']).length).toBeGreaterThan(0)
  })

  it('renderer/ imports nothing from main/ except with import type', () => {
    const mainDir = join(ROOT, 'main') + sep
    const files = sourceFiles('renderer')
    expect(files.some((f) => f.endsWith('.vue'))).toBe(true)
    const offences = files.flatMap((file) =>
      moduleReferences(scriptOf(file))
        .filter((ref) => ref.specifier.startsWith('.') && (resolve(dirname(file), ref.specifier) + sep).startsWith(mainDir) && !ref.typeOnly)
        .map((ref) => `${relative(ROOT, file)}:${ref.line} imports '${ref.specifier}' at run time`),
    )
    expect(offences).toEqual([])
    const typeImports = files.flatMap((file) => moduleReferences(scriptOf(file)).filter((ref) => ref.typeOnly && ref.specifier.includes('/main/')))
    expect(typeImports.length, 'the renderer does use the shared types (so the scan sees them)').toBeGreaterThan(0)
  })

  it('the renderer never reaches for electron or Node built-ins', () => {
    const offences = sourceFiles('renderer').flatMap((file) =>
      moduleReferences(scriptOf(file))
        .filter((ref) => !ref.typeOnly && (ref.specifier === 'electron' || ref.specifier.startsWith('node:')))
        .map((ref) => `${relative(ROOT, file)}:${ref.line} imports '${ref.specifier}'`),
    )
    expect(offences).toEqual([])
  })
})
