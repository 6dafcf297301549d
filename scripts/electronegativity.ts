// Electronegativity (Doyensec's Electron security scanner), offline.
//
// Its CLI fetches translations from the network before doing anything and
// crashes without it, and one global check (AvailableSecurityFixesGlobalCheck)
// downloads Electron's release list. So this script drives the library's own
// pieces the way its runner (dist/runner.js) does, with the bundled en-US
// strings and without that one check. We pin Electron and upgrade it on
// purpose; the release list adds nothing a reviewer does not already know.
//
// Scanned: main/, preload/ and renderer/index.html (the sources, always) and
// out/ when built (what the packaged app runs). Findings are printed grouped
// by severity; exit code 1 when any HIGH finding remains, 2 when the scan
// itself failed. Remaining lower findings are explained in docs/security.md.
//
// Usage: node scripts/electronegativity.ts [--json] [--no-built] [path...]
// (paths replace the default inputs; the test uses them to prove a HIGH is caught)
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { errorSentence } from '../main/core/util/errors.ts'

const ROOT = resolve(import.meta.dirname, '..')
const require = createRequire(join(ROOT, 'package.json'))
const PACKAGE_DIR = dirname(require.resolve('@doyensec/electronegativity/package.json'))
const DIST = join(PACKAGE_DIR, 'dist')
const fromPackage = createRequire(join(DIST, 'runner.js'))

/** The one check that needs the network (it downloads Electron's release list). */
const NETWORK_CHECKS = ['availablesecurityfixesglobalcheck']

const SEVERITIES = ['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'] as const
type Severity = (typeof SEVERITIES)[number]

export interface Finding {
  id: string
  severity: Severity
  confidence: string
  file: string
  line: number
  column: number
  description: string
  manualReview: boolean
}

export interface ScanReport {
  inputs: string[]
  checks: number
  findings: Finding[]
  /** Files the scanner could not parse: a scan that silently skipped our code would prove nothing. */
  parseErrors: Array<{ file: string; message: string }>
}

interface RawIssue {
  id: string
  file: string
  location: { line: number; column: number }
  severity: { name: Severity }
  confidence: { name: string }
  description: string
  manualReview?: boolean
  visibility?: { inlineDisabled?: boolean; globalCheckDisabled?: boolean }
}

/** The bundled English strings, registered as the global `__` the checks call. */
function setupStrings(): void {
  const i18n = fromPackage('i18n') as {
    configure(options: Record<string, unknown>): void
    setLocale(locale: string): void
  }
  i18n.configure({
    locales: ['en-US'],
    defaultLocale: 'en-US',
    directory: join(DIST, 'locales'),
    updateFiles: false,
    objectNotation: true,
    retryInDefaultLocale: true,
    register: globalThis,
  })
  i18n.setLocale('en-US')
}

function pinnedElectronVersion(): string {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> }
  return manifest.devDependencies?.electron?.replace(/^[^\d]*/, '') ?? '45.0.0'
}

export function defaultInputs(includeBuilt: boolean): string[] {
  const inputs = ['main', 'preload', 'renderer/index.html'].map((path) => join(ROOT, path))
  if (includeBuilt && existsSync(join(ROOT, 'out'))) inputs.push(join(ROOT, 'out'))
  return inputs
}

async function listInputFiles(inputs: readonly string[]): Promise<string[]> {
  const { list_files: listFiles, is_directory: isDirectory } = fromPackage('./util/index.js') as {
    list_files: (dir: string) => Promise<string[]>
    is_directory: (path: string) => boolean
  }
  const files: string[] = []
  for (const input of inputs) {
    if (!existsSync(input)) throw new Error(`The scan input ${input} does not exist.`)
    files.push(...(isDirectory(input) ? await listFiles(input) : [input]))
  }
  return files
}

export async function scan(inputs: readonly string[]): Promise<ScanReport> {
  setupStrings()
  const { Parser } = fromPackage('./parser/index.js') as {
    Parser: new (
      babelFirst: boolean,
      typescriptBabelFirst: boolean,
    ) => { parse(file: string, content: Buffer): [unknown, unknown, string, Array<{ message: string }> | undefined] }
  }
  const { Finder, GlobalChecks } = fromPackage('./finder/index.js') as {
    Finder: new (
      custom: string[],
      exclude: string[],
      upgrade?: string,
    ) => {
      _enabled_checks: unknown[]
      find(file: string, data: unknown, type: unknown, content: string, only: null, version: string): Promise<RawIssue[]>
    }
    GlobalChecks: new (
      custom: string[],
      exclude: string[],
      upgrade?: string,
    ) => { _enabled_checks: unknown[]; getResults(issues: RawIssue[], output?: string): Promise<RawIssue[]> }
  }
  const electronVersion = pinnedElectronVersion()
  // Same parser settings as the runner: TypeScript through Babel first.
  const parser = new Parser(false, true)
  const globalChecks = new GlobalChecks([], NETWORK_CHECKS)
  const finder = new Finder([], [])
  const parseErrors: ScanReport['parseErrors'] = []
  let issues: RawIssue[] = []
  for (const file of await listInputFiles(inputs)) {
    try {
      const [type, data, content] = parser.parse(file, readFileSync(file))
      if (data === null) continue
      issues.push(...(await finder.find(file, data, type, content, null, electronVersion)))
    } catch (error) {
      parseErrors.push({ file: relative(ROOT, file), message: errorSentence(error) })
    }
  }
  issues = await globalChecks.getResults(issues)
  const visible = issues.filter((issue) => !issue.visibility?.inlineDisabled && !issue.visibility?.globalCheckDisabled)
  return {
    inputs: inputs.map((input) => relative(ROOT, input)),
    checks: finder._enabled_checks.length + globalChecks._enabled_checks.length,
    findings: visible.map(toFinding).sort(bySeverityThenPlace),
    parseErrors,
  }
}

function toFinding(issue: RawIssue): Finding {
  return {
    id: issue.id,
    severity: issue.severity.name,
    confidence: issue.confidence.name,
    file: relative(ROOT, issue.file),
    line: issue.location.line,
    column: issue.location.column,
    description: issue.description,
    manualReview: issue.manualReview === true,
  }
}

function bySeverityThenPlace(a: Finding, b: Finding): number {
  return (
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    a.file.localeCompare(b.file) ||
    a.line - b.line ||
    a.id.localeCompare(b.id)
  )
}

export function formatReport(report: ScanReport): string {
  const lines = [`Electronegativity (offline): ${report.checks} checks over ${report.inputs.join(', ')}`]
  for (const severity of SEVERITIES) {
    const group = report.findings.filter((finding) => finding.severity === severity)
    lines.push('', `${severity}: ${group.length}`)
    for (const finding of group) {
      const review = finding.manualReview ? ', review' : ''
      lines.push(`  ${finding.id} (${finding.confidence.toLowerCase()}${review}) ${finding.file}:${finding.line}:${finding.column}`)
      lines.push(`    ${finding.description}`)
    }
  }
  for (const error of report.parseErrors) lines.push('', `Could not parse ${error.file}: ${error.message}`)
  return lines.join('\n')
}

async function main(argv: readonly string[]): Promise<number> {
  const paths = argv.filter((arg) => !arg.startsWith('--')).map((path) => resolve(path))
  const report = await scan(paths.length > 0 ? paths : defaultInputs(!argv.includes('--no-built')))
  process.stdout.write(argv.includes('--json') ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`)
  if (report.parseErrors.length > 0) return 2
  return report.findings.some((finding) => finding.severity === 'HIGH') ? 1 : 0
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`Electronegativity could not run: ${errorSentence(error)}`)
      process.exit(2)
    },
  )
}
