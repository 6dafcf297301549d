// Writes every icon the packaged app needs from one drawing (the disc of
// main/electron/status-icon.ts in the brand colour, and its tray states):
//   build/icon.png          512 px, electron-builder's fallback
//   build/icon.ico          Windows, 16 to 256 px
//   build/icon.icns         macOS, 16 to 1024 px (@2x included)
//   build/icons/NxN.png     Linux, 16 to 512 px (hicolor sizes)
//   build/tray/<state>Template.png, <state>Template@2x.png
//                           macOS menu-bar template images (black + alpha)
// The files are committed build inputs: packaging needs no script run, and
// test/scripts/generate-icons.test.ts fails when they drift from the drawing.
// Run: node scripts/generate-icons.ts   (--check: exit 1 when a file is stale)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { APP_COLOUR, discPixels, encodePng, TRAY_STATES, trayTemplatePng } from '../main/electron/status-icon.ts'
import { icnsFile, icoFile } from './icon-containers.ts'

export const ICON_SIZE = 512
export const BUILD_DIR = resolve(import.meta.dirname, '..', 'build')
export const ICON_PATH = join(BUILD_DIR, 'icon.png')
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const
/** macOS menu-bar icons are 16 pt; @2x for Retina. The app draws the same pixels at run time (tray.ts). */
export const TRAY_TEMPLATE_SIZE = 16

const rendered = new Map<number, Buffer>()

/** The application icon at a pixel size, drawn once per size. */
export function appIconPng(size = ICON_SIZE): Buffer {
  let png = rendered.get(size)
  if (png === undefined) {
    png = encodePng(size, size, discPixels(size, APP_COLOUR))
    rendered.set(size, png)
  }
  return png
}

/** Every generated file, by path relative to build/. */
export function iconFiles(): Map<string, Buffer> {
  const files = new Map<string, Buffer>()
  files.set('icon.png', appIconPng())
  files.set('icon.ico', icoFile(ICO_SIZES.map((size) => ({ size, png: appIconPng(size) }))))
  files.set('icon.icns', icnsFile(appIconPng))
  for (const size of LINUX_SIZES) files.set(`icons/${size}x${size}.png`, appIconPng(size))
  for (const state of TRAY_STATES) {
    files.set(`tray/${state}Template.png`, trayTemplatePng(state, TRAY_TEMPLATE_SIZE))
    files.set(`tray/${state}Template@2x.png`, trayTemplatePng(state, TRAY_TEMPLATE_SIZE * 2))
  }
  return files
}

/** Paths (relative to build/) whose committed bytes differ from the drawing, or are missing. */
export function staleIconFiles(dir = BUILD_DIR): string[] {
  const stale: string[] = []
  for (const [path, bytes] of iconFiles()) {
    let committed: Buffer | null = null
    try {
      committed = readFileSync(join(dir, path))
    } catch {
      committed = null
    }
    if (committed === null || !committed.equals(bytes)) stale.push(path)
  }
  return stale
}

export function writeIconFiles(dir = BUILD_DIR): number {
  const files = iconFiles()
  for (const [path, bytes] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), bytes)
  }
  return files.size
}

if (import.meta.main) {
  if (process.argv.includes('--check')) {
    const stale = staleIconFiles()
    if (stale.length > 0) {
      console.error(`These icons differ from the drawing: ${stale.join(', ')}. Run npm run icons and commit build/.`)
      process.exit(1)
    }
    console.log('Every icon in build/ matches the drawing.')
  } else {
    console.log(`Wrote ${writeIconFiles()} icons to ${BUILD_DIR}`)
  }
}
