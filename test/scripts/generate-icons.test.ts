// The icon containers read back with their own headers (not with our writer's
// helpers), and the committed build/ files compared with the drawing.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { TRAY_STATES } from '../../main/electron/status-icon.ts'
import { ICNS_TYPES, icoFile } from '../../scripts/icon-containers.ts'
import {
  BUILD_DIR,
  ICO_SIZES,
  ICON_PATH,
  ICON_SIZE,
  iconFiles,
  LINUX_SIZES,
  staleIconFiles,
  TRAY_TEMPLATE_SIZE,
} from '../../scripts/generate-icons.ts'

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** Width and height from a PNG's IHDR, after checking the signature. */
function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE), 'a PNG signature').toBe(true)
  expect(png.toString('ascii', 12, 16)).toBe('IHDR')
  return [png.readUInt32BE(16), png.readUInt32BE(20)]
}

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

describe('generate-icons', () => {
  it('build/icon.png is 512 px', () => {
    expect(pngSize(readFileSync(ICON_PATH))).toEqual([ICON_SIZE, ICON_SIZE])
  })

  it('build/icon.ico: an icon directory of 7 PNG entries, 16 to 256 px, each entry pointing at its image', () => {
    const ico = readFileSync(join(BUILD_DIR, 'icon.ico'))
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, ICO_SIZES.length])
    let end = 6 + 16 * ICO_SIZES.length
    ICO_SIZES.forEach((size, index) => {
      const entry = 6 + index * 16
      const [width, height] = [ico.readUInt8(entry), ico.readUInt8(entry + 1)]
      // 256 px is written as 0 in the one-byte fields.
      expect([width || 256, height || 256]).toEqual([size, size])
      expect([ico.readUInt16LE(entry + 4), ico.readUInt16LE(entry + 6)]).toEqual([1, 32])
      const length = ico.readUInt32LE(entry + 8)
      const offset = ico.readUInt32LE(entry + 12)
      expect(offset, 'images follow each other without gaps').toBe(end)
      expect(pngSize(ico.subarray(offset, offset + length))).toEqual([size, size])
      end = offset + length
    })
    expect(end).toBe(ico.length)
  })

  it('build/icon.icns: "icns", the file length, and a PNG of the right size per element type up to 1024 px', () => {
    const icns = readFileSync(join(BUILD_DIR, 'icon.icns'))
    expect(icns.toString('ascii', 0, 4)).toBe('icns')
    expect(icns.readUInt32BE(4)).toBe(icns.length)
    const found: Record<string, number> = {}
    for (let offset = 8; offset < icns.length;) {
      const type = icns.toString('ascii', offset, offset + 4)
      const length = icns.readUInt32BE(offset + 4)
      expect(length).toBeGreaterThan(8)
      const [width, height] = pngSize(icns.subarray(offset + 8, offset + length))
      expect(width).toBe(height)
      found[type] = width
      offset += length
    }
    expect(found).toEqual(ICNS_TYPES)
    // What macOS needs for Finder and the Dock: 16 to 512 pt, each at 1x and @2x.
    expect(Math.max(...Object.values(found))).toBe(1024)
  })

  it('build/icons/: the Linux PNG set, 16 to 512 px, named by size as electron-builder expects', () => {
    for (const size of LINUX_SIZES) expect(pngSize(readFileSync(join(BUILD_DIR, 'icons', `${size}x${size}.png`)))).toEqual([size, size])
  })

  it('build/tray/: a Template image and its @2x per tray state, black + alpha only', () => {
    for (const state of TRAY_STATES) {
      const oneX = readFileSync(join(BUILD_DIR, 'tray', `${state}Template.png`))
      const twoX = readFileSync(join(BUILD_DIR, 'tray', `${state}Template@2x.png`))
      expect(pngSize(oneX)).toEqual([TRAY_TEMPLATE_SIZE, TRAY_TEMPLATE_SIZE])
      expect(pngSize(twoX)).toEqual([TRAY_TEMPLATE_SIZE * 2, TRAY_TEMPLATE_SIZE * 2])
    }
  })

  it('every committed file is what the drawing gives today', () => {
    expect(staleIconFiles(), 'run npm run icons and commit build/').toEqual([])
  })

  it('names a file that drifted or is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lm-icons-'))
    dirs.push(dir)
    cpSync(BUILD_DIR, dir, { recursive: true })
    writeFileSync(join(dir, 'icons', '48x48.png'), iconFiles().get('icons/64x64.png')!)
    rmSync(join(dir, 'tray', 'okTemplate@2x.png'))
    expect(staleIconFiles(dir)).toEqual(['icons/48x48.png', 'tray/okTemplate@2x.png'])
  })

  it('refuses an .ico entry Windows cannot hold', () => {
    const png = iconFiles().get('icon.png')!
    expect(() => icoFile([{ size: 512, png }])).toThrow('An .ico entry must be 1 to 256 px, not 512.')
    expect(() => icoFile([])).toThrow('An .ico holds 1 to 65535 images, not 0.')
  })
})
