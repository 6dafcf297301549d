// An HTML page to a PDF file through Debian's Chromium, headless: the page is
// written to a private temp folder, Chromium prints it beside the target and
// the file is renamed into place, so a failed or killed print never leaves a
// half-written PDF. Chromium gets its own throwaway profile (no user data,
// no network: the page has no external resource).
import { spawn } from 'node:child_process'
import { existsSync, openSync, readSync, closeSync } from 'node:fs'
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

export const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'] as const

export interface PdfOptions {
  /** Chromium's executable; default the first of CHROMIUM_PATHS that exists. */
  chromium?: string
  /** Longest wait for the print (default 90 s: Chromium starts slowly on a loaded machine). */
  timeoutMs?: number
}

/** The Chromium to use, or a sentence saying none was found and what to do. */
export function findChromium(given?: string): string | { error: string } {
  if (given !== undefined) {
    return existsSync(given) ? given : { error: `Chromium was not found at ${given}: pass --chromium with the path of its executable.` }
  }
  const found = CHROMIUM_PATHS.find((path) => existsSync(path))
  return (
    found ?? {
      error: `Chromium was not found (looked for ${CHROMIUM_PATHS.join(' and ')}); the report needs it to print a PDF: install Debian's chromium package, pass --chromium PATH, or write the HTML page with --out report.html and print it from a browser.`,
    }
  )
}

/** Prints `html` to `outPath` as PDF; throws an Error whose message is a sentence for the user. */
export async function htmlToPdf(html: string, outPath: string, options: PdfOptions = {}): Promise<void> {
  const chromium = findChromium(options.chromium)
  if (typeof chromium !== 'string') throw new Error(chromium.error)
  const dir = await mkdtemp(join(tmpdir(), 'lm-report-'))
  // Beside the target, so the final rename never crosses file systems.
  const partial = `${outPath}.${String(process.pid)}.tmp`
  try {
    const page = join(dir, 'report.html')
    await writeFile(page, html, 'utf8')
    const code = await run(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--no-pdf-header-footer',
        `--user-data-dir=${join(dir, 'profile')}`,
        `--print-to-pdf=${partial}`,
        pathToFileURL(page).href,
      ],
      options.timeoutMs ?? 90_000,
    )
    if (code === 'timeout') throw new Error(`Chromium did not print the report within ${String((options.timeoutMs ?? 90_000) / 1000)} s.`)
    if (!isPdf(partial)) throw new Error(`Chromium (${chromium}) ended with code ${String(code)} without writing the PDF.`)
    await rename(partial, outPath)
  } finally {
    await rm(partial, { force: true })
    await rm(dir, { recursive: true, force: true })
  }
}

function isPdf(path: string): boolean {
  if (!existsSync(path)) return false
  const fd = openSync(path, 'r')
  try {
    const head = Buffer.alloc(5)
    return readSync(fd, head, 0, 5, 0) === 5 && head.toString('latin1') === '%PDF-'
  } finally {
    closeSync(fd)
  }
}

/** Runs Chromium in its own process group, so a timeout ends its helper processes too. */
function run(command: string, args: string[], timeoutMs: number): Promise<number | NodeJS.Signals | 'timeout'> {
  return new Promise((resolve, reject) => {
    // Chromium's stderr is noisy (D-Bus, GPU) and says nothing the PDF check does not.
    const child = spawn(command, args, { stdio: 'ignore', detached: true })
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
      resolve('timeout')
    }, timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(new Error(`Chromium (${command}) could not be started: ${error.message}.`))
    })
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      resolve(code ?? signal ?? -1)
    })
  })
}
