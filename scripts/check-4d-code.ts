// A static guard over the 4D code the monitor ships (4d-component/**/*.4dm): not a 4D
// compiler, a check that the constructs that make that code unsafe on a production 4D
// Server do not come back. Each rule and the 4D documentation behind it:
// - JSON through WEB SEND TEXT, or a WEB SEND BLOB of another type than application/json:
//   4D parses 4D tags in both (WEB SEND TEXT always, WEB SEND BLOB for text/html), so a
//   user name such as <!--#4DEVAL ...--> in License usage would run on the server.
// - A worker (a method started by CALL WORKER) without an ON ERR CALL handler at its top,
//   a handler that calls ABORT, or a worker that runs License usage preemptively: one
//   error would show a dialog on the server and stop the worker for good, and License
//   usage is not thread-safe.
// - License usage or License info outside a worker, or License info outside the worker's
//   once-a-minute guard (an If on a ...licenseInfoDue method): License info reloads the
//   license files from disk on each call.
// - WEB SET HTTP HEADER arrays where X-STATUS is not the second item after X-VERSION.
// - Every file states "// Minimum 4D release: <release>" and uses no construct that came
//   later (var with an initial value 20 R3, Try() 20 R4, Try/Catch and singletons 20 R5,
//   throw 20 R2, 4D.OutgoingMessage 20 R7, 4D.IncomingMessage 20 R8, the renamed license
//   commands without their token 20 R7, ON ERR CALL scope 19 R8, return and the 19 R4
//   operators). Object and collection literals are kept out of code below 20 R8: the
//   release that introduced them was not checked.
// Usage: node scripts/check-4d-code.ts [folder]   (default: 4d-component). Exit 1 on a problem.

import { readdirSync, readFileSync } from 'node:fs'
import { basename, dirname, join, relative, resolve } from 'node:path'

export interface Problem {
  /** Path shown to the reader: relative to the folder that holds the checked folder. */
  file: string
  line: number
  rule: string
  message: string
}

interface SourceLine {
  number: number
  /** Code without comments; string literals kept. */
  code: string
  /** Code without comments, string contents blanked (so text in a string never matches a command). */
  bare: string
}

interface SourceFile {
  path: string
  name: string
  raw: string[]
  lines: SourceLine[]
  preemptive: string | null
  release: Release | null
}

type Release = [major: number, r: number]

const LICENSE_USAGE = /\b(?:get\s+)?license\s+usage\b|:C1782\b/i
const LICENSE_INFO = /\b(?:get\s+)?license\s+info\b|:C1489\b/i
const RELEASE_MARKER = /^\/\/\s*Minimum 4D release:\s*(\d+)(?:\s*R(\d+))?/i

/** Constructs that need a later release than some variants declare. */
const CONSTRUCTS: { pattern: RegExp; release: Release; what: string }[] = [
  { pattern: /^\s*var\s.*:=/i, release: [20, 3], what: 'a var declaration with an initial value' },
  { pattern: /\bTry\s*\(/i, release: [20, 4], what: 'Try()' },
  { pattern: /^\s*(?:Try|Catch|End try)\s*$/i, release: [20, 5], what: 'Try/Catch' },
  { pattern: /\bsingleton\s+Class\b/i, release: [20, 5], what: 'a singleton class' },
  { pattern: /\bthrow\s*\(/i, release: [20, 2], what: 'throw' },
  { pattern: /\b4D\.OutgoingMessage\b/, release: [20, 7], what: '4D.OutgoingMessage' },
  { pattern: /\b4D\.IncomingMessage\b/, release: [20, 8], what: '4D.IncomingMessage' },
  {
    pattern: /(?<!get\s+)\blicense\s+(?:usage|info)\b(?!:C\d)/i,
    release: [20, 7],
    what: 'the 20 R7 name of a license command without its :C token',
  },
  { pattern: /\bON ERR CALL\s*\([^;)]*;/i, release: [19, 8], what: 'an ON ERR CALL scope' },
  {
    pattern: /^\s*return\b|[+\-*/]=|&&|\|\||^\s*(?:break|continue)\s*$/i,
    release: [19, 4],
    what: 'return, a compound assignment or a short-circuit operator',
  },
]
const LITERAL = /(?:^|:=|[(;?,:])\s*(?:\{|\[\s*(?:\]|[\d"{$[-]))/
const LITERAL_RELEASE: Release = [20, 8]

/** Splits a 4D line into code with strings kept and code with strings blanked, dropping comments. */
function stripLine(text: string, inBlock: boolean): { code: string; bare: string; inBlock: boolean } {
  let code = ''
  let bare = ''
  let i = 0
  while (i < text.length) {
    if (inBlock) {
      const end = text.indexOf('*/', i)
      if (end < 0) return { code, bare, inBlock }
      i = end + 2
      inBlock = false
    } else if (text.startsWith('//', i)) {
      break
    } else if (text.startsWith('/*', i)) {
      inBlock = true
      i += 2
    } else if (text[i] === '"') {
      let j = i + 1
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1
      code += text.slice(i, j + 1)
      bare += '"' + ' '.repeat(Math.max(0, Math.min(j, text.length) - i - 1)) + '"'
      i = j + 1
    } else {
      // i < text.length here, so charAt gives the character (it is typed string where text[i] may be undefined).
      const char = text.charAt(i)
      code += char
      bare += char
      i += 1
    }
  }
  return { code, bare, inBlock }
}

function parseRelease(major: string, r: string | undefined): Release {
  return [Number(major), r === undefined ? 0 : Number(r)]
}

function releaseText([major, r]: Release): string {
  return r === 0 ? String(major) : `${major} R${r}`
}

function later(a: Release, b: Release): boolean {
  return a[0] !== b[0] ? a[0] > b[0] : a[1] > b[1]
}

function readSource(path: string): SourceFile {
  const raw = readFileSync(path, 'utf8').split(/\r?\n|\r/)
  const lines: SourceLine[] = []
  let inBlock = false
  raw.forEach((text, index) => {
    const stripped = stripLine(text, inBlock)
    inBlock = stripped.inBlock
    lines.push({ number: index + 1, code: stripped.code, bare: stripped.bare })
  })
  const attributes = /^\/\/%attributes\s*=\s*(\{.*\})\s*$/.exec(raw[0] ?? '')
  let preemptive: string | null = null
  if (attributes?.[1]) {
    try {
      const parsed = JSON.parse(attributes[1]) as { preemptive?: unknown }
      preemptive = typeof parsed.preemptive === 'string' ? parsed.preemptive : null
    } catch {
      preemptive = null
    }
  }
  const marker = raw
    .slice(0, 6)
    .map((line) => RELEASE_MARKER.exec(line))
    .find((match) => match !== null)
  const release = marker?.[1] ? parseRelease(marker[1], marker[2]) : null
  return { path, name: basename(path, '.4dm'), raw, lines, preemptive, release }
}

function listMethods(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.4dm'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
}

/** The arguments of the first call of `command` on a line, split at top-level semicolons. */
function callArguments(code: string, command: RegExp): string[] | null {
  const match = command.exec(code)
  if (!match) return null
  const open = code.indexOf('(', match.index + match[0].length - 1)
  if (open < 0) return null
  const args: string[] = []
  let depth = 0
  let current = ''
  let inString = false
  for (let i = open + 1; i < code.length; i += 1) {
    const char = code[i] ?? ''
    if (inString) {
      current += char
      if (char === '\\') current += code[++i] ?? ''
      else if (char === '"') inString = false
      continue
    }
    if (char === '"') inString = true
    if (char === '(') depth += 1
    if (char === ')' && depth === 0) break
    if (char === ')') depth -= 1
    if (char === ';' && depth === 0) {
      args.push(current.trim())
      current = ''
    } else current += char
  }
  args.push(current.trim())
  return args
}

function literal(arg: string | undefined): string | null {
  const match = /^"((?:[^"\\]|\\.)*)"$/.exec(arg ?? '')
  return match ? (match[1] ?? '') : null
}

export function check4dCode(folder: string): Problem[] {
  const root = resolve(folder)
  const shown = (path: string): string => relative(dirname(root), path)
  const files = listMethods(root).map(readSource)
  const byName = new Map(files.map((file) => [file.name.toLowerCase(), file]))
  const problems: Problem[] = []
  const report = (file: SourceFile, line: number, rule: string, sentence: string): void => {
    problems.push({ file: shown(file.path), line, rule, message: `${shown(file.path)} line ${line}: ${sentence}` })
  }

  // Workers: the methods that CALL WORKER starts, by name or through Formula().
  const workers = new Map<string, SourceFile>()
  for (const file of files) {
    for (const line of file.lines) {
      const args = callArguments(line.code, /\bCALL WORKER(?::C\d+)?\s*\(/i)
      if (!args) continue
      const target = literal(args[1]) ?? /^Formula(?::C\d+)?\s*\(\s*([\w ]+?)\s*\)$/i.exec(args[1] ?? '')?.[1] ?? null
      if (target === null) {
        report(
          file,
          line.number,
          'worker-unknown',
          'CALL WORKER names its method with an expression: write the method name as a literal so this check can find the worker.',
        )
        continue
      }
      const worker = byName.get(target.toLowerCase())
      if (worker) workers.set(worker.name.toLowerCase(), worker)
      else report(file, line.number, 'worker-unknown', `CALL WORKER starts ${target}, which is not a method of the component.`)
    }
  }

  for (const file of files) {
    const isWorker = workers.has(file.name.toLowerCase())
    checkRelease(file, report)
    checkWebSend(file, report)
    checkHeaderOrder(file, report)
    if (isWorker) checkWorker(file, byName, report)
    else checkRequestPath(file, report)
  }
  return problems
}

type Report = (file: SourceFile, line: number, rule: string, sentence: string) => void

function checkRelease(file: SourceFile, report: Report): void {
  const declared = file.release
  if (!declared) {
    report(
      file,
      1,
      'release-marker',
      'the file does not say the lowest 4D release its code compiles on: add a line such as "// Minimum 4D release: 20 R8" near the top.',
    )
    return
  }
  for (const line of file.lines) {
    for (const construct of CONSTRUCTS) {
      if (construct.pattern.test(line.bare) && later(construct.release, declared)) {
        report(
          file,
          line.number,
          'release-construct',
          `${construct.what} needs 4D ${releaseText(construct.release)}, but the file declares 4D ${releaseText(declared)} and later.`,
        )
      }
    }
    if (LITERAL.test(line.bare) && later(LITERAL_RELEASE, declared)) {
      report(
        file,
        line.number,
        'release-construct',
        `an object or collection literal is used in code that declares 4D ${releaseText(declared)}: the release that introduced literals was not checked, so use New object / New collection here.`,
      )
    }
  }
}

function checkWebSend(file: SourceFile, report: Report): void {
  for (const line of file.lines) {
    if (/\bWEB SEND TEXT\b/i.test(line.bare)) {
      report(
        file,
        line.number,
        'web-send-text',
        'JSON is sent through WEB SEND TEXT, which parses 4D tags: a user name such as <!--#4DEVAL ...--> would run on the server. Send it with TEXT TO BLOB and WEB SEND BLOB($blob; "application/json").',
      )
    }
    const args = callArguments(line.code, /\bWEB SEND BLOB(?::C\d+)?\s*\(/i)
    const type = args ? literal(args[1]) : null
    if (args && type?.toLowerCase() !== 'application/json') {
      report(
        file,
        line.number,
        'web-send-blob-type',
        `WEB SEND BLOB sends the type ${args[1] || 'nothing'}: 4D parses 4D tags in a text/html BLOB, so the component sends only the literal "application/json".`,
      )
    }
  }
}

function checkHeaderOrder(file: SourceFile, report: Report): void {
  const appended = new Map<string, string[]>()
  let seenVersion = false
  for (const line of file.lines) {
    const reset = /\bARRAY TEXT(?::C\d+)?\s*\(\s*([$\w]+)\s*;\s*0\s*\)/i.exec(line.code)
    if (reset?.[1]) appended.set(reset[1].toLowerCase(), [])
    const args = callArguments(line.code, /\bAPPEND TO ARRAY(?::C\d+)?\s*\(/i)
    const name = args ? literal(args[1]) : null
    if (args && name !== null) {
      const list = appended.get((args[0] ?? '').toLowerCase()) ?? []
      list.push(name.toUpperCase())
      appended.set((args[0] ?? '').toLowerCase(), list)
      if (name.toUpperCase() === 'X-STATUS' && (list.length !== 2 || list[0] !== 'X-VERSION')) {
        report(
          file,
          line.number,
          'http-header-order',
          'X-STATUS is not the second header after X-VERSION: WEB SET HTTP HEADER takes the status line only from the first two items, X-VERSION then X-STATUS.',
        )
      }
      continue
    }
    if (/"X-VERSION"/i.test(line.code)) seenVersion = true
    if (/"X-STATUS"/i.test(line.code) && !seenVersion) {
      report(
        file,
        line.number,
        'http-header-order',
        'X-STATUS comes before X-VERSION: WEB SET HTTP HEADER takes the status line only from the first two items, X-VERSION then X-STATUS.',
      )
    }
  }
}

function checkRequestPath(file: SourceFile, report: Report): void {
  for (const line of file.lines) {
    if (LICENSE_USAGE.test(line.bare)) {
      report(
        file,
        line.number,
        'license-usage-outside-worker',
        'License usage is called outside the cooperative worker: it is not thread-safe and fails in the preemptive processes that serve web requests. Serve the copy the worker keeps in Storage.',
      )
    }
    if (LICENSE_INFO.test(line.bare)) {
      report(
        file,
        line.number,
        'license-info-on-request-path',
        'License info is called on the request path: it reloads the license files from disk on each call. Only the worker reads it, at most once a minute, and requests serve its cached copy.',
      )
    }
  }
}

function checkWorker(file: SourceFile, byName: Map<string, SourceFile>, report: Report): void {
  const handlerLine = file.lines.find((line) => /\bON ERR CALL\b/i.test(line.bare))
  const handlerName = handlerLine ? literal(callArguments(handlerLine.code, /\bON ERR CALL(?::C\d+)?\s*\(/i)?.[0]) : null
  const firstLicenseLine = file.lines.find((line) => LICENSE_USAGE.test(line.bare) || LICENSE_INFO.test(line.bare))
  if (!handlerLine || !handlerName) {
    report(
      file,
      handlerLine?.number ?? 1,
      'worker-error-handler',
      `the worker method ${file.name} installs no error handler: put ON ERR CALL("<handler>") at its top, or one error shows a dialog on the server machine and stops the worker for good.`,
    )
  } else {
    if (firstLicenseLine && firstLicenseLine.number < handlerLine.number) {
      report(
        file,
        handlerLine.number,
        'worker-error-handler',
        `the worker method ${file.name} installs its error handler after line ${firstLicenseLine.number}, where it already reads the license commands: install it first.`,
      )
    }
    const handler = byName.get(handlerName.toLowerCase())
    if (!handler) {
      report(file, handlerLine.number, 'worker-error-handler', `the error handler ${handlerName} is not a method of the component.`)
    } else {
      const abort = handler.lines.find((line) => /\bABORT\b/i.test(line.bare))
      if (abort)
        report(
          handler,
          abort.number,
          'worker-error-handler',
          "the worker's error handler calls ABORT: the worker would stop at its first error. Record the error and return.",
        )
    }
  }
  if (file.lines.some((line) => LICENSE_USAGE.test(line.bare)) && file.preemptive !== 'incapable') {
    report(
      file,
      1,
      'worker-preemptive',
      `the worker method ${file.name} calls License usage but is not "preemptive":"incapable": the worker could run preemptively, where License usage (not thread-safe) fails.`,
    )
  }
  checkLicenseInfoGuard(file, report)
}

function checkLicenseInfoGuard(file: SourceFile, report: Report): void {
  const blocks: { guard: boolean; inElse: boolean }[] = []
  for (const line of file.lines) {
    const text = line.bare
    if (/^\s*If\s*\(/i.test(text)) blocks.push({ guard: /licenseInfoDue/i.test(text), inElse: false })
    else if (/^\s*Case of\b/i.test(text)) blocks.push({ guard: false, inElse: false })
    else if (/^\s*Else\b/i.test(text)) {
      const top = blocks.at(-1)
      if (top) top.inElse = true
    } else if (/^\s*End (?:if|case)\b/i.test(text)) blocks.pop()
    if (LICENSE_INFO.test(text) && !blocks.some((block) => block.guard && !block.inElse)) {
      report(
        file,
        line.number,
        'license-info-uncached',
        "License info is read outside the worker's once-a-minute guard: it reloads the license files from disk on each call, so read it only inside If (<...>licenseInfoDue(...)).",
      )
    }
  }
}

function main(): void {
  const folder = resolve(process.argv[2] ?? resolve(import.meta.dirname, '..', '4d-component'))
  const problems = check4dCode(folder)
  for (const problem of problems) console.error(problem.message)
  if (problems.length > 0) {
    console.error(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the 4D code of ${folder}.`)
    process.exit(1)
  }
  console.log(`${listMethods(folder).length} .4dm files in ${folder}: no problem found.`)
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) main()
