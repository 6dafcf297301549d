// Draws the tray icon (a status-coloured disc) as PNG bytes with node:zlib
// only: no image files to ship or find at run time, and one icon per status.

import { crc32, deflateSync } from 'node:zlib'
import type { UsageStatus } from './types.ts'

export type Rgb = readonly [number, number, number]

export const STATUS_COLOUR: Readonly<Record<UsageStatus, Rgb>> = Object.freeze({
  ok: [46, 160, 67],
  unknown: [128, 128, 128],
  warning: [230, 160, 0],
  critical: [218, 54, 51],
  exhausted: [160, 20, 20],
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
  if (rgba.length !== width * height * 4) throw new Error(`PNG pixel data is ${rgba.length} bytes, expected ${width * height * 4} for ${width}x${height}.`)
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
