// Writes build/icon.png, the application icon electron-builder turns into
// .ico/.icns: the same disc as the tray icon, in the brand colour, 512 px
// (the size macOS asks for). Run: node scripts/generate-icons.ts
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { APP_COLOUR, discPixels, encodePng } from '../main/electron/status-icon.ts'

export const ICON_SIZE = 512
export const ICON_PATH = resolve(import.meta.dirname, '..', 'build', 'icon.png')

export function appIconPng(): Buffer {
  return encodePng(ICON_SIZE, ICON_SIZE, discPixels(ICON_SIZE, APP_COLOUR))
}

if (import.meta.main) {
  mkdirSync(join(ICON_PATH, '..'), { recursive: true })
  writeFileSync(ICON_PATH, appIconPng())
  console.log(`Wrote ${ICON_PATH}`)
}
