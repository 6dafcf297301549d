// Writes the tray icons (every alert state at 16 and 32 px, plus a 4x preview
// on a light and a dark strip, then the macOS template images as a light and a
// dark menu bar tint them: black and white) to docs/screenshots/tray-icons/
// for the README. `node scripts/render-tray-icons.ts`
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { encodePng, trayIconPixels, trayIconPng, trayTemplatePixels, TRAY_STATES, type TrayState } from '../main/electron/status-icon.ts'

const OUT = resolve(import.meta.dirname, '..', 'docs', 'screenshots', 'tray-icons')

type Rgb = readonly [number, number, number]

/** A template image as macOS draws it: its alpha, in the menu bar's ink. */
function tinted(state: TrayState, size: number, ink: Rgb): Uint8Array {
  const pixels = trayTemplatePixels(state, size)
  for (let i = 0; i < pixels.length; i += 4) pixels.set(ink, i)
  return pixels
}

/** Background and pixels of each preview row: coloured icons on a light and a dark taskbar, template images on a light and a dark menu bar. */
const ROWS: readonly { background: Rgb; pixels: (state: TrayState, size: number) => Uint8Array }[] = [
  { background: [240, 240, 240], pixels: trayIconPixels },
  { background: [32, 32, 32], pixels: trayIconPixels },
  { background: [236, 236, 236], pixels: (state, size) => tinted(state, size, [0, 0, 0]) },
  { background: [40, 40, 40], pixels: (state, size) => tinted(state, size, [255, 255, 255]) },
]

/** Every state side by side at 16 px, scaled 4x (nearest neighbour, so the real pixels show), one row per background. */
function previewStrip(): Buffer {
  const icon = 16
  const scale = 4
  const cell = icon * scale + 16
  const width = cell * TRAY_STATES.length
  const height = cell * ROWS.length
  const rgba = new Uint8Array(width * height * 4)
  ROWS.forEach(({ background: bg, pixels: draw }, row) => {
    for (let y = row * cell; y < (row + 1) * cell; y++) {
      for (let x = 0; x < width; x++) rgba.set([bg[0], bg[1], bg[2], 255], (y * width + x) * 4)
    }
    TRAY_STATES.forEach((state, column) => {
      const pixels = draw(state, icon)
      for (let y = 0; y < icon * scale; y++) {
        for (let x = 0; x < icon * scale; x++) {
          const source = (Math.floor(y / scale) * icon + Math.floor(x / scale)) * 4
          const alpha = pixels[source + 3]! / 255
          const target = ((row * cell + 8 + y) * width + column * cell + 8 + x) * 4
          for (let c = 0; c < 3; c++) rgba[target + c] = Math.round(pixels[source + c]! * alpha + bg[c]! * (1 - alpha))
        }
      }
    })
  })
  return encodePng(width, height, rgba)
}

mkdirSync(OUT, { recursive: true })
for (const state of TRAY_STATES) {
  for (const size of [16, 32]) writeFileSync(join(OUT, `${state}-${size}.png`), trayIconPng(state, size))
}
writeFileSync(join(OUT, 'preview.png'), previewStrip())
console.log(`Wrote ${TRAY_STATES.length * 2 + 1} images to ${OUT}`)
