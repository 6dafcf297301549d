import { inflateSync, crc32 } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import {
  encodePng,
  STATUS_COLOUR,
  statusIconPng,
  TRAY_STATES,
  trayIconPixels,
  trayIconPng,
  trayTemplatePixels,
  trayTemplatePng,
} from '../../main/electron/status-icon.ts'

/** Minimal PNG reader for the test: checks signature and CRCs, returns size and RGBA rows. */
function readPng(png: Buffer): { width: number; height: number; pixel(x: number, y: number): number[] } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  let offset = 8
  let width = 0
  let height = 0
  const idat: Buffer[] = []
  while (offset < png.length) {
    const length = png.readUInt32BE(offset)
    const type = png.toString('ascii', offset + 4, offset + 8)
    const data = png.subarray(offset + 8, offset + 8 + length)
    expect(png.readUInt32BE(offset + 8 + length)).toBe(crc32(png.subarray(offset + 4, offset + 8 + length)))
    if (type === 'IHDR') {
      width = data.readUInt32BE(0)
      height = data.readUInt32BE(4)
      expect([data[8], data[9]]).toEqual([8, 6])
    }
    if (type === 'IDAT') idat.push(data)
    offset += 12 + length
  }
  const rows = inflateSync(Buffer.concat(idat))
  expect(rows.length).toBe(height * (width * 4 + 1))
  return {
    width,
    height,
    pixel: (x, y) => [...rows.subarray(y * (width * 4 + 1) + 1 + x * 4, y * (width * 4 + 1) + 1 + x * 4 + 4)],
  }
}

describe('status icon', () => {
  it('encodes a valid RGBA PNG of the asked size', () => {
    const png = readPng(encodePng(2, 1, new Uint8Array([255, 0, 0, 255, 0, 0, 255, 128])))
    expect([png.width, png.height]).toEqual([2, 1])
    expect(png.pixel(0, 0)).toEqual([255, 0, 0, 255])
    expect(png.pixel(1, 0)).toEqual([0, 0, 255, 128])
  })

  it('refuses pixel data of the wrong length', () => {
    expect(() => encodePng(2, 2, new Uint8Array(3))).toThrow(/expected 16 for 2x2/)
  })

  it('draws an opaque disc in the status colour with transparent corners', () => {
    for (const size of [16, 32]) {
      const png = readPng(statusIconPng('critical', size))
      expect(png.width).toBe(size)
      expect(png.pixel(0, 0)[3]).toBe(0)
      expect(png.pixel(size - 1, size - 1)[3]).toBe(0)
      expect(png.pixel(size / 2, size / 2)).toEqual([...STATUS_COLOUR.critical, 255])
    }
  })

  it('gives each status its own colour', () => {
    const centres = (['ok', 'warning', 'critical', 'exhausted', 'unknown'] as const).map((s) =>
      readPng(statusIconPng(s, 16)).pixel(8, 8).join(),
    )
    expect(new Set(centres).size).toBe(5)
  })
})

describe('tray icons per alert state', () => {
  it('are valid PNGs at 16 and 32 px with transparent corners', () => {
    for (const state of TRAY_STATES) {
      for (const size of [16, 32]) {
        const png = readPng(trayIconPng(state, size))
        expect([png.width, png.height]).toEqual([size, size])
        expect(png.pixel(0, 0)[3]).toBe(0)
      }
    }
  })

  it('differ in their pixels at 16 px, not only in colour: the glyphs and shapes differ in brightness too', () => {
    const luminance = (state: (typeof TRAY_STATES)[number]) => {
      const pixels = trayIconPixels(state, 16)
      return Array.from({ length: 256 }, (_, i) =>
        Math.round(((pixels[i * 4]! * 0.3 + pixels[i * 4 + 1]! * 0.59 + pixels[i * 4 + 2]! * 0.11) * (pixels[i * 4 + 3]! / 255)) / 64),
      ).join()
    }
    expect(new Set(TRAY_STATES.map(luminance)).size).toBe(TRAY_STATES.length)
  })

  it('have a dark outline, so they stand out on a light panel as on a dark one', () => {
    for (const state of TRAY_STATES) {
      const pixels = trayIconPixels(state, 32)
      // The leftmost opaque pixel on the middle row belongs to the outline.
      const row = 16
      const x = Array.from({ length: 32 }, (_, i) => i).find((i) => pixels[(row * 32 + i) * 4 + 3]! > 200)!
      const [r, g, b] = [pixels[(row * 32 + x) * 4]!, pixels[(row * 32 + x) * 4 + 1]!, pixels[(row * 32 + x) * 4 + 2]!]
      expect(Math.max(r, g, b), state).toBeLessThan(90)
    }
  })
})

describe('macOS tray template images', () => {
  it('are black with alpha only, valid PNGs at 16 and 32 px, with transparent corners', () => {
    for (const state of TRAY_STATES) {
      for (const size of [16, 32]) {
        const png = readPng(trayTemplatePng(state, size))
        expect([png.width, png.height]).toEqual([size, size])
        expect(png.pixel(0, 0)[3]).toBe(0)
        const pixels = trayTemplatePixels(state, size)
        const colours = pixels.filter((_, i) => i % 4 !== 3)
        expect(
          colours.every((value) => value === 0),
          `${state} ${size}: only black`,
        ).toBe(true)
        expect(
          pixels.some((value, i) => i % 4 === 3 && value === 255),
          `${state} ${size}: some opaque ink`,
        ).toBe(true)
      }
    }
  })

  it('knock the glyph out of the silhouette, so the states differ without colour', () => {
    // The "unreachable" bar crosses the centre: transparent there, opaque just above it inside the disc.
    const bar = trayTemplatePixels('unreachable', 32)
    expect(bar[(16 * 32 + 16) * 4 + 3]).toBe(0)
    expect(bar[(8 * 32 + 16) * 4 + 3]).toBe(255)
    const alphas = (state: (typeof TRAY_STATES)[number]) =>
      trayTemplatePixels(state, 16)
        .filter((_, i) => i % 4 === 3)
        .join()
    expect(new Set(TRAY_STATES.map(alphas)).size).toBe(TRAY_STATES.length)
  })
})
