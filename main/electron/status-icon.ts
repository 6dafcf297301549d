// Draws the tray icon (a status-coloured disc) as PNG bytes with node:zlib
// only: no image files to ship or find at run time, and one icon per status.

import { crc32, deflateSync } from 'node:zlib'
import type { UsageStatus } from '../core/types/index.ts'

export type Rgb = readonly [number, number, number]

export const STATUS_COLOUR: Readonly<Record<UsageStatus, Rgb>> = Object.freeze({
  // ok and exhausted chosen for contrast (issue 20): a white glyph keeps 4.5:1 on both, and the
  // exhausted disc keeps 3:1 on a dark taskbar (test/theme/contrast.test.ts).
  ok: [26, 127, 55],
  unknown: [128, 128, 128],
  warning: [230, 160, 0],
  critical: [218, 54, 51],
  exhausted: [200, 30, 120],
})

/** Brand colour of the application icon. */
export const APP_COLOUR: Rgb = [31, 111, 180]

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(typeAndData))
  return Buffer.concat([length, typeAndData, crc])
}

/** Encodes straight RGBA pixels (row-major, 4 bytes each) as a PNG. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (rgba.length !== width * height * 4)
    throw new Error(`PNG pixel data is ${rgba.length} bytes, expected ${width * height * 4} for ${width}x${height}.`)
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.writeUInt8(8, 8) // bit depth
  header.writeUInt8(6, 9) // colour type RGBA
  const rows = Buffer.alloc(height * (width * 4 + 1))
  for (let y = 0; y < height; y++) {
    rows[y * (width * 4 + 1)] = 0 // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(rows, y * (width * 4 + 1) + 1)
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))])
}

/**
 * A filled disc with a darker rim (visible on light and dark panels),
 * anti-aliased by 4x4 supersampling so it reads at 16 px.
 */
export function discPixels(size: number, colour: Rgb): Uint8Array {
  const pixels = new Uint8Array(size * size * 4)
  const centre = size / 2
  const outer = size / 2 - size / 16
  const rim = Math.max(1, size / 10)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let cover = 0
      let rimCover = 0
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) {
          const d = Math.hypot(x + (sx + 0.5) / 4 - centre, y + (sy + 0.5) / 4 - centre)
          if (d <= outer) cover++
          if (d <= outer && d > outer - rim) rimCover++
        }
      }
      const shade = cover === 0 ? 1 : 1 - (0.35 * rimCover) / cover
      const i = (y * size + x) * 4
      pixels[i] = Math.round(colour[0] * shade)
      pixels[i + 1] = Math.round(colour[1] * shade)
      pixels[i + 2] = Math.round(colour[2] * shade)
      pixels[i + 3] = Math.round((255 * cover) / 16)
    }
  }
  return pixels
}

/** The tray icon for a status at a pixel size (16 for 1x, 32 for 2x displays). */
export function statusIconPng(status: UsageStatus, size: number): Buffer {
  return encodePng(size, size, discPixels(size, STATUS_COLOUR[status]))
}

// Tray icons per alert state. Colour alone fails on some taskbars and for
// colour-blind admins, so each state also has its own shape and glyph, with a
// near-black outline that separates it from light and dark panels alike:
// ok = disc with a check, warning = triangle with "!", critical = disc with
// "!", exhausted = disc with "x", unreachable = grey disc with a bar.

export type TrayState = 'ok' | 'warning' | 'critical' | 'exhausted' | 'unreachable'

export const TRAY_STATES: readonly TrayState[] = ['ok', 'warning', 'critical', 'exhausted', 'unreachable']

interface TrayLook {
  shape: 'disc' | 'triangle'
  fill: Rgb
  glyph: 'check' | 'bang' | 'cross' | 'bar'
  ink: Rgb
}

const OUTLINE: Rgb = [24, 24, 24]
const WHITE: Rgb = [255, 255, 255]

/** Exported for the contrast test (test/theme/contrast.test.ts). */
export const TRAY_LOOK: Readonly<Record<TrayState, TrayLook>> = {
  ok: { shape: 'disc', fill: STATUS_COLOUR.ok, glyph: 'check', ink: WHITE },
  warning: { shape: 'triangle', fill: [245, 180, 0], glyph: 'bang', ink: OUTLINE },
  critical: { shape: 'disc', fill: STATUS_COLOUR.critical, glyph: 'bang', ink: WHITE },
  exhausted: { shape: 'disc', fill: STATUS_COLOUR.exhausted, glyph: 'cross', ink: WHITE },
  unreachable: { shape: 'disc', fill: [110, 110, 110], glyph: 'bar', ink: WHITE },
}

/** Distance from (x, y) to the segment (ax, ay)-(bx, by). */
function segmentDistance(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax
  const dy = by - ay
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy))
}

type Point = readonly [number, number]

/** How deep (x, y) lies inside the shape, in unit coordinates (centre 0,0, edge about 1); negative outside. */
function shapeDepth(shape: TrayLook['shape'], x: number, y: number): number {
  if (shape === 'disc') return 0.94 - Math.hypot(x, y)
  // Upright triangle, apex at the top: the smallest distance to its three edges.
  const corners: readonly [Point, Point, Point] = [
    [0, -0.95],
    [0.98, 0.8],
    [-0.98, 0.8],
  ]
  const edges: readonly (readonly [Point, Point])[] = [
    [corners[0], corners[1]],
    [corners[1], corners[2]],
    [corners[2], corners[0]],
  ]
  let depth = Infinity
  for (const [[ax, ay], [bx, by]] of edges) {
    const nx = ay - by
    const ny = bx - ax
    const length = Math.hypot(nx, ny)
    depth = Math.min(depth, ((x - ax) * nx + (y - ay) * ny) / length)
  }
  return depth
}

function inGlyph(glyph: TrayLook['glyph'], shape: TrayLook['shape'], x: number, y: number): boolean {
  const stroke = 0.17
  if (glyph === 'check')
    return segmentDistance(x, y, -0.45, 0.02, -0.12, 0.35) < stroke || segmentDistance(x, y, -0.12, 0.35, 0.45, -0.3) < stroke
  if (glyph === 'cross')
    return segmentDistance(x, y, -0.38, -0.38, 0.38, 0.38) < stroke || segmentDistance(x, y, -0.38, 0.38, 0.38, -0.38) < stroke
  if (glyph === 'bar') return segmentDistance(x, y, -0.45, 0, 0.45, 0) < stroke
  // "!": the triangle's sits lower, where the triangle is wide.
  const narrow = shape === 'triangle'
  const width = narrow ? 0.13 : stroke
  const top = narrow ? -0.18 : -0.5
  const bottom = narrow ? 0.26 : 0.12
  const dot = narrow ? 0.56 : 0.45
  return segmentDistance(x, y, 0, top, 0, bottom) < width || Math.hypot(x, y - dot) < width + 0.02
}

/** RGBA pixels of one tray state at a size, anti-aliased by 4x4 supersampling. */
export function trayIconPixels(state: TrayState, size: number): Uint8Array {
  const look = TRAY_LOOK[state]
  const pixels = new Uint8Array(size * size * 4)
  // At least one pixel of outline at 16 px, proportionally more when larger.
  const outline = Math.max(2.2 / size, 0.12)
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum: [number, number, number] = [0, 0, 0]
      let covered = 0
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) {
          const x = ((px + (sx + 0.5) / 4) / size) * 2 - 1
          const y = ((py + (sy + 0.5) / 4) / size) * 2 - 1
          const depth = shapeDepth(look.shape, x, y)
          if (depth < 0) continue
          const colour = depth < outline ? OUTLINE : inGlyph(look.glyph, look.shape, x, y) ? look.ink : look.fill
          sum[0] += colour[0]
          sum[1] += colour[1]
          sum[2] += colour[2]
          covered++
        }
      }
      const i = (py * size + px) * 4
      if (covered === 0) continue
      pixels[i] = Math.round(sum[0] / covered)
      pixels[i + 1] = Math.round(sum[1] / covered)
      pixels[i + 2] = Math.round(sum[2] / covered)
      pixels[i + 3] = Math.round((255 * covered) / 16)
    }
  }
  return pixels
}

export function trayIconPng(state: TrayState, size: number): Buffer {
  return encodePng(size, size, trayIconPixels(state, size))
}

// macOS menu-bar icons are template images: black plus alpha, which macOS
// tints for light and dark menu bars (and for the highlighted state), so the
// status colour is lost there. The state still shows by its shape (disc or
// triangle) and by the glyph, knocked out of the silhouette.

/** Black + alpha pixels of one tray state for a macOS template image, 4x4 supersampled like trayIconPixels. */
export function trayTemplatePixels(state: TrayState, size: number): Uint8Array {
  const look = TRAY_LOOK[state]
  const pixels = new Uint8Array(size * size * 4)
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let inked = 0
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) {
          const x = ((px + (sx + 0.5) / 4) / size) * 2 - 1
          const y = ((py + (sy + 0.5) / 4) / size) * 2 - 1
          if (shapeDepth(look.shape, x, y) >= 0 && !inGlyph(look.glyph, look.shape, x, y)) inked++
        }
      }
      // RGB stay 0 (black): only alpha carries the drawing.
      pixels[(py * size + px) * 4 + 3] = Math.round((255 * inked) / 16)
    }
  }
  return pixels
}

export function trayTemplatePng(state: TrayState, size: number): Buffer {
  return encodePng(size, size, trayTemplatePixels(state, size))
}
