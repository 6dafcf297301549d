// The two icon containers electron-builder wants besides PNGs, written around
// PNG images: Windows .ico (PNG entries are valid since Vista) and macOS
// .icns (PNG entries since 10.7). Both are a header and a directory of
// images, small enough to write here instead of adding a native tool.

/** One square PNG image and its pixel size. */
export interface SizedPng {
  size: number
  png: Buffer
}

/** Windows allows 1 to 256 px per entry; 256 is written as 0 in the one-byte size fields. */
export const ICO_MAX_SIZE = 256

/**
 * A .ico with one PNG entry per size (ICONDIR, then 16-byte ICONDIRENTRYs,
 * then the images; little-endian). Windows picks the entry nearest the size
 * it draws: taskbar 24/32, Explorer up to 256.
 */
export function icoFile(images: readonly SizedPng[]): Buffer {
  if (images.length === 0 || images.length > 0xffff) throw new Error(`An .ico holds 1 to 65535 images, not ${images.length}.`)
  const header = Buffer.alloc(6)
  header.writeUInt16LE(0, 0) // reserved
  header.writeUInt16LE(1, 2) // type: icon
  header.writeUInt16LE(images.length, 4)
  const entries = Buffer.alloc(16 * images.length)
  let offset = header.length + entries.length
  images.forEach(({ size, png }, index) => {
    if (!Number.isInteger(size) || size < 1 || size > ICO_MAX_SIZE)
      throw new Error(`An .ico entry must be 1 to ${ICO_MAX_SIZE} px, not ${size}.`)
    const entry = index * 16
    entries.writeUInt8(size === ICO_MAX_SIZE ? 0 : size, entry) // width
    entries.writeUInt8(size === ICO_MAX_SIZE ? 0 : size, entry + 1) // height
    entries.writeUInt8(0, entry + 2) // palette colours: none
    entries.writeUInt8(0, entry + 3) // reserved
    entries.writeUInt16LE(1, entry + 4) // colour planes
    entries.writeUInt16LE(32, entry + 6) // bits per pixel (RGBA)
    entries.writeUInt32LE(png.length, entry + 8)
    entries.writeUInt32LE(offset, entry + 12)
    offset += png.length
  })
  return Buffer.concat([header, entries, ...images.map((image) => image.png)])
}

/**
 * The .icns element types that hold a PNG, by pixel size. Retina types (ic11
 * to ic14, ic10) are the @2x of the point size below them: one 32 px PNG
 * serves both "32x32" (icp5) and "16x16@2x" (ic11).
 */
export const ICNS_TYPES: Readonly<Record<string, number>> = Object.freeze({
  icp4: 16,
  icp5: 32,
  ic11: 32,
  ic12: 64,
  ic07: 128,
  ic13: 256,
  ic08: 256,
  ic14: 512,
  ic09: 512,
  ic10: 1024,
})

/** A .icns: "icns" and the file length, then per element its 4-character type, its length (header included) and the PNG; big-endian. */
export function icnsFile(pngBySize: (size: number) => Buffer): Buffer {
  const elements = Object.entries(ICNS_TYPES).map(([type, size]) => {
    const png = pngBySize(size)
    const header = Buffer.alloc(8)
    header.write(type, 0, 'ascii')
    header.writeUInt32BE(png.length + 8, 4)
    return Buffer.concat([header, png])
  })
  const header = Buffer.alloc(8)
  header.write('icns', 0, 'ascii')
  header.writeUInt32BE(8 + elements.reduce((sum, element) => sum + element.length, 0), 4)
  return Buffer.concat([header, ...elements])
}
