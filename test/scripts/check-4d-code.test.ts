// The 4D code guard on the real 4d-component files (they must pass) and on small components
// written here, each breaking one rule: the problem names the file and the line.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { check4dCode, type Problem } from '../../scripts/check-4d-code.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const SCRIPT = join(ROOT, 'scripts', 'check-4d-code.ts')
const COMPONENT = join(ROOT, '4d-component')
const scratch = mkdtempSync(join(tmpdir(), 'lm-4d-code-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

let fixtures = 0

/** Writes a component (file path → lines) into a fresh folder and returns that folder. */
function component(files: Record<string, string[]>): string {
  const folder = join(scratch, `component-${++fixtures}`)
  for (const [path, lines] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true })
    writeFileSync(join(folder, path), lines.join('\r\n'))
  }
  return folder
}

// A sound worker: handler first, License info behind the once-a-minute guard.
const WORKER = [
  '//%attributes = {"invisible":true,"preemptive":"incapable"}',
  '// Minimum 4D release: 20 R8',
  'ON ERR CALL("Fix_onError")',
  'CALL WORKER("Fix"; "Fix_collect")',
  'var $usage:=License usage',
  'If (Fix_licenseInfoDue(Milliseconds))',
  '\tvar $info:=License info',
  'End if ',
]
const HANDLER = ['// Minimum 4D release: 20 R8', '// records the error and returns', 'Fix_error:=String(Error)']
const SOUND = { 'Methods/Fix_collect.4dm': WORKER, 'Methods/Fix_onError.4dm': HANDLER }

function withFile(path: string, lines: string[]): Record<string, string[]> {
  return { ...SOUND, [path]: lines }
}

function problems(files: Record<string, string[]>): Problem[] {
  return check4dCode(component(files))
}

/** The single problem of a component; its message must name the file and the line. */
function onlyProblem(files: Record<string, string[]>, rule: string, file: string, line: number): Problem {
  const found = problems(files)
  expect(found.map((p) => p.rule)).toEqual([rule])
  const problem = found[0] as Problem
  expect(problem.file.endsWith(file)).toBe(true)
  expect(problem.line).toBe(line)
  expect(problem.message).toContain(`${file} line ${line}: `)
  return problem
}

describe('the real 4D code', () => {
  it('passes every rule', () => {
    expect(check4dCode(COMPONENT).map((p) => p.message)).toEqual([])
  })

  it('holds the three variants, each file stating the release the setup guide gives', () => {
    const declared = (folder: string): Set<string> => {
      const files = readdirSync(join(COMPONENT, folder), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.4dm'))
      expect(files.length).toBeGreaterThan(0)
      return new Set(
        files.map(
          (f) => /^\/\/ Minimum 4D release: ([\dR ]+)/m.exec(readFileSync(join(COMPONENT, folder, f), 'utf8'))?.[1]?.trim() ?? 'none',
        ),
      )
    }
    expect(declared('Project')).toEqual(new Set(['20 R8']))
    expect(declared('legacy')).toEqual(new Set(['19 R4']))
    expect(declared('rest')).toEqual(new Set(['20']))
    const guide = readFileSync(join(ROOT, 'docs', 'setup-4d-server.md'), 'utf8')
    expect(guide).toMatch(/HTTP request handler[^|\n]*\| 20 R8 and later/)
    expect(guide).toMatch(/On Web Connection`? \| 19 R4 and later/)
    expect(guide).toMatch(/REST function \| 20 and later/)
  })

  it('runs as npm run check:4d does: exit 0 on the real files, 1 with the sentences on a broken copy', async () => {
    const run = async (folder: string): Promise<{ code: number | null; output: string }> => {
      const child = spawn(process.execPath, [SCRIPT, folder], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
      let output = ''
      child.stdout.on('data', (d: Buffer) => (output += d.toString()))
      child.stderr.on('data', (d: Buffer) => (output += d.toString()))
      const [code] = (await once(child, 'exit')) as [number | null]
      return { code, output }
    }
    expect(await run(COMPONENT)).toMatchObject({ code: 0, output: expect.stringContaining('no problem found') })
    const broken = component(
      withFile('DatabaseMethods/onWebConnection.4dm', ['// Minimum 4D release: 19 R4', 'WEB SEND TEXT($json; "application/json")']),
    )
    const result = await run(broken)
    expect(result.code).toBe(1)
    expect(result.output).toContain('onWebConnection.4dm line 2: JSON is sent through WEB SEND TEXT')
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts['check:4d']).toBe('node scripts/check-4d-code.ts')
  })
})

describe('a sound component', () => {
  it('has no problem, so each case below breaks exactly one rule', () => {
    expect(problems(SOUND)).toEqual([])
  })
})

describe('JSON out without 4D tag parsing', () => {
  it('refuses WEB SEND TEXT, tokenized or not', () => {
    const problem = onlyProblem(
      withFile('DatabaseMethods/onWebConnection.4dm', [
        '// Minimum 4D release: 19 R4',
        '$json:=JSON Stringify($body)',
        'WEB SEND TEXT:C677($json; "application/json")',
      ]),
      'web-send-text',
      'onWebConnection.4dm',
      3,
    )
    expect(problem.message).toContain('parses 4D tags')
  })

  it('ignores WEB SEND TEXT in a comment or a string', () => {
    expect(
      problems(
        withFile('Methods/Fix_doc.4dm', [
          '// Minimum 4D release: 19 R4',
          '// never WEB SEND TEXT here',
          '/* nor',
          'WEB SEND TEXT */',
          '$x:="WEB SEND TEXT"',
        ]),
      ),
    ).toEqual([])
  })

  it('refuses a WEB SEND BLOB whose type is not the literal application/json', () => {
    onlyProblem(
      withFile('Methods/Fix_send.4dm', [
        '// Minimum 4D release: 19 R4',
        'TEXT TO BLOB($json; $blob; UTF8 text without length)',
        'WEB SEND BLOB($blob; "text/html")',
      ]),
      'web-send-blob-type',
      'Fix_send.4dm',
      3,
    )
    onlyProblem(
      withFile('Methods/Fix_send.4dm', ['// Minimum 4D release: 19 R4', 'WEB SEND BLOB($blob; $type)']),
      'web-send-blob-type',
      'Fix_send.4dm',
      2,
    )
    expect(
      problems(withFile('Methods/Fix_send.4dm', ['// Minimum 4D release: 19 R4', 'WEB SEND BLOB:C654($blob; "application/json")'])),
    ).toEqual([])
  })
})

describe('workers keep running after an error', () => {
  it('refuses a worker without ON ERR CALL', () => {
    const worker = WORKER.filter((line) => !line.startsWith('ON ERR CALL'))
    const problem = onlyProblem({ 'Methods/Fix_collect.4dm': worker }, 'worker-error-handler', 'Fix_collect.4dm', 1)
    expect(problem.message).toContain('installs no error handler')
  })

  it('refuses a handler installed after the license commands already ran', () => {
    const worker = [...WORKER.slice(0, 2), ...WORKER.slice(3, 5), 'ON ERR CALL("Fix_onError")', ...WORKER.slice(5)]
    onlyProblem({ ...SOUND, 'Methods/Fix_collect.4dm': worker }, 'worker-error-handler', 'Fix_collect.4dm', 5)
  })

  it('refuses a handler that calls ABORT, or that does not exist', () => {
    onlyProblem({ ...SOUND, 'Methods/Fix_onError.4dm': [...HANDLER, 'ABORT'] }, 'worker-error-handler', 'Fix_onError.4dm', 4)
    onlyProblem({ 'Methods/Fix_collect.4dm': WORKER }, 'worker-error-handler', 'Fix_collect.4dm', 3)
  })

  it('finds workers started through Formula() and refuses a CALL WORKER to no method', () => {
    onlyProblem(
      withFile('Methods/Fix_start.4dm', ['// Minimum 4D release: 20 R8', 'CALL WORKER("Fix"; Formula(Fix_other))']),
      'worker-unknown',
      'Fix_start.4dm',
      2,
    )
    const files = {
      ...SOUND,
      'Methods/Fix_start.4dm': ['// Minimum 4D release: 20 R8', 'CALL WORKER("Fix"; Formula(Fix_plain))'],
      'Methods/Fix_plain.4dm': ['// Minimum 4D release: 20 R8', 'DELAY PROCESS(Current process; 60)'],
    }
    const problem = onlyProblem(files, 'worker-error-handler', 'Fix_plain.4dm', 1)
    expect(problem.message).toContain('the worker method Fix_plain installs no error handler')
  })

  it('refuses a worker that calls License usage without being preemptive: incapable', () => {
    const worker = ['//%attributes = {"invisible":true,"preemptive":"capable"}', ...WORKER.slice(1)]
    onlyProblem({ ...SOUND, 'Methods/Fix_collect.4dm': worker }, 'worker-preemptive', 'Fix_collect.4dm', 1)
  })
})

describe('license commands stay in the worker', () => {
  it.each([
    ['License info', 'license-info-on-request-path'],
    ['Get license info:C1489', 'license-info-on-request-path'],
    ['License usage', 'license-usage-outside-worker'],
    ['Get license usage:C1782', 'license-usage-outside-worker'],
  ])('refuses %s on the request path', (command, rule) => {
    onlyProblem(
      withFile('Methods/Fix_answer.4dm', ['// Minimum 4D release: 20 R8', '// reads Storage only', `var $x:=${command}`]),
      rule,
      'Fix_answer.4dm',
      3,
    )
  })

  it("refuses License info in the worker outside its once-a-minute guard, or in the guard's Else", () => {
    const unguarded = [...WORKER.slice(0, 5), 'var $info:=License info']
    onlyProblem({ ...SOUND, 'Methods/Fix_collect.4dm': unguarded }, 'license-info-uncached', 'Fix_collect.4dm', 6)
    const inElse = [...WORKER.slice(0, 6), '\t$due:=True', 'Else ', '\tvar $info:=License info', 'End if ']
    onlyProblem({ ...SOUND, 'Methods/Fix_collect.4dm': inElse }, 'license-info-uncached', 'Fix_collect.4dm', 9)
  })
})

describe('WEB SET HTTP HEADER order', () => {
  it('refuses X-STATUS anywhere but second, after X-VERSION', () => {
    const lines = [
      '// Minimum 4D release: 19 R4',
      'ARRAY TEXT($fields; 0)',
      'APPEND TO ARRAY($fields; "X-STATUS")',
      'APPEND TO ARRAY($fields; "X-VERSION")',
    ]
    onlyProblem(withFile('Methods/Fix_headers.4dm', lines), 'http-header-order', 'Fix_headers.4dm', 3)
    const assigned = ['// Minimum 4D release: 19 R4', '$fields{1}:="X-STATUS"', '$fields{2}:="X-VERSION"']
    onlyProblem(withFile('Methods/Fix_headers.4dm', assigned), 'http-header-order', 'Fix_headers.4dm', 2)
    const sound = [
      '// Minimum 4D release: 19 R4',
      'ARRAY TEXT($fields; 0)',
      'APPEND TO ARRAY($fields; "X-VERSION")',
      'APPEND TO ARRAY($fields; "X-STATUS")',
      'APPEND TO ARRAY($fields; "Cache-Control")',
    ]
    expect(problems(withFile('Methods/Fix_headers.4dm', sound))).toEqual([])
  })
})

describe('each file compiles on the release it declares', () => {
  it('refuses a file that declares no release', () => {
    onlyProblem(withFile('Methods/Fix_bare.4dm', ['//%attributes = {"invisible":true}', '$x:=1']), 'release-marker', 'Fix_bare.4dm', 1)
  })

  it.each([
    ['20', 'var $index:=Find in array($fields; "Authorization")', '20 R3'],
    ['20 R4', 'Try', '20 R5'],
    ['20 R3', '$ok:=Try(JSON Parse($text))', '20 R4'],
    ['20', 'throw(401; "Missing or wrong bearer token")', '20 R2'],
    ['20 R4', 'shared singleton Class constructor()', '20 R5'],
    ['20 R7', 'Function licenseUsage($request : 4D.IncomingMessage) : Object', '20 R8'],
    ['20 R6', 'var $response : 4D.OutgoingMessage', '20 R7'],
    ['19 R4', 'ON ERR CALL("Fix_onError"; ek local)', '19 R8'],
    ['19', 'return $body', '19 R4'],
  ])('refuses in a file for 4D %s: %s', (release, line, needed) => {
    const problem = onlyProblem(
      withFile('Methods/Fix_old.4dm', [`// Minimum 4D release: ${release}`, line]),
      'release-construct',
      'Fix_old.4dm',
      2,
    )
    expect(problem.message).toContain(`needs 4D ${needed}, but the file declares 4D ${release} and later`)
  })

  it('refuses the 20 R7 name of a license command, without its token, in a worker for 4D 20', () => {
    const worker = [
      '//%attributes = {"invisible":true,"preemptive":"incapable"}',
      '// Minimum 4D release: 20',
      'ON ERR CALL("Fix_onError")',
      'CALL WORKER("Fix"; "Fix_collect")',
      '$usage:=License usage',
    ]
    const problem = onlyProblem({ ...SOUND, 'Methods/Fix_collect.4dm': worker }, 'release-construct', 'Fix_collect.4dm', 5)
    expect(problem.message).toContain('needs 4D 20 R7')
  })

  it('keeps object and collection literals out of code below 20 R8, and accepts them from 20 R8', () => {
    for (const line of ['$body:={error: "no secret"}', '$products:=[]', '$x:=Choose($a; [1; 2]; {})']) {
      onlyProblem(withFile('Methods/Fix_old.4dm', ['// Minimum 4D release: 19 R4', line]), 'release-construct', 'Fix_old.4dm', 2)
      expect(problems(withFile('Methods/Fix_old.4dm', ['// Minimum 4D release: 20 R8', line]))).toEqual([])
    }
    // Array elements and table references are not literals.
    expect(
      problems(withFile('Methods/Fix_old.4dm', ['// Minimum 4D release: 19 R4', '$authorization:=$values{$index}', '$name:=[Users]name'])),
    ).toEqual([])
  })

  it('accepts the tokenized license commands in old releases', () => {
    expect(
      problems(withFile('Methods/Fix_old.4dm', ['// Minimum 4D release: 19 R4', '// answers from Storage', '$x:=Storage.licenseMonitor'])),
    ).toEqual([])
    const worker = [
      '//%attributes = {"invisible":true,"preemptive":"incapable"}',
      '// Minimum 4D release: 19 R4',
      'ON ERR CALL("Fix_onError")',
      'CALL WORKER("Fix"; "Fix_collect")',
      '$usage:=Get license usage:C1782',
      'If (Fix_licenseInfoDue($now))',
      '\t$info:=License info:C1489',
      'End if ',
    ]
    expect(
      problems({
        'Methods/Fix_collect.4dm': worker,
        'Methods/Fix_onError.4dm': ['// Minimum 4D release: 19 R4', 'Fix_error:=String(Error)'],
      }),
    ).toEqual([])
  })
})
