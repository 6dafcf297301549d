// The app:// protocol with electron mocked: the handler it registers is run
// on real Requests against a real folder in a temp dir.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../main/serve/responses.ts'

vi.mock('electron', async () => {
  const { electronMock } = await import('./electron-mock.ts')
  return { ...electronMock, default: electronMock }
})

const { protocolState, resetElectronMock } = await import('./electron-mock.ts')
const { registerAppScheme, setupAppProtocol } = await import('../../main/electron/app-protocol.ts')
const { APP_SCHEME, RENDERER_URL } = await import('../../main/electron/app-paths.ts')

const SECRET = 'outside-the-renderer-folder'
// Made at collection time: the refused URLs below name real paths in it.
const base = mkdtempSync(join(tmpdir(), 'lm-app-protocol-'))
const root = join(base, 'renderer')

beforeAll(() => {
  mkdirSync(join(root, 'assets'), { recursive: true })
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>4D License Monitor</title>')
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log("app")')
  writeFileSync(join(root, 'assets', 'index-abc.css'), 'body { margin: 0 }')
  writeFileSync(join(root, 'assets', 'blob.bin'), 'xyz')
  writeFileSync(join(base, 'secret.txt'), SECRET)
  // A sibling folder whose name starts like the root: a prefix compare would let it through.
  mkdirSync(join(base, 'renderer-evil'))
  writeFileSync(join(base, 'renderer-evil', 'index.html'), SECRET)
  symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'link.txt'))
  resetElectronMock()
  setupAppProtocol(root)
})
afterAll(() => rmSync(base, { recursive: true, force: true }))

function fetchApp(url: string, method = 'GET'): Promise<Response> {
  const handler = protocolState.handlers.get(APP_SCHEME)
  if (!handler) throw new Error('no app:// handler registered')
  return Promise.resolve(handler(new Request(url, { method })))
}

describe('app:// protocol', () => {
  it('registers app as a standard, secure scheme with fetch support', () => {
    protocolState.privileged.length = 0
    registerAppScheme()
    expect(protocolState.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }])
  })

  it('serves index.html at the window URL with the CSP and nosniff', async () => {
    expect(RENDERER_URL).toBe('app://renderer/index.html')
    const response = await fetchApp(RENDERER_URL)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('<title>4D License Monitor</title>')
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(response.headers.get('content-security-policy')).not.toMatch(/unsafe-(inline|eval)/)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('serves the assets with their content types', async () => {
    const script = await fetchApp('app://renderer/assets/index-abc.js')
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await script.text()).toBe('console.log("app")')
    const style = await fetchApp('app://renderer/assets/index-abc.css')
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8')
    const unknown = await fetchApp('app://renderer/assets/blob.bin')
    expect(unknown.headers.get('content-type')).toBe('application/octet-stream')
    const head = await fetchApp(RENDERER_URL, 'HEAD')
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })

  for (const url of [
    'app://renderer/../secret.txt',
    'app://renderer/%2e%2e/secret.txt',
    'app://renderer/..%2fsecret.txt',
    'app://renderer/..%2Fsecret.txt',
    'app://renderer/assets/..%2f..%2fsecret.txt',
    'app://renderer/%2e%2e%2fsecret.txt',
    'app://renderer/..%5csecret.txt',
    'app://renderer/..%2f..%2frenderer-evil/index.html',
    `app://renderer/${encodeURIComponent(join(base, 'secret.txt'))}`,
    `app://renderer/${join(base, 'secret.txt')}`,
    'app://renderer/assets/link.txt',
    'app://renderer/index.html%00.png',
    'app://renderer/%E0%A4%A',
  ]) {
    it(`refuses ${url} (traversal, absolute path, symlink out or malformed)`, async () => {
      const response = await fetchApp(url)
      expect(response.status).toBe(404)
      expect(await response.text()).not.toContain(SECRET)
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    })
  }

  for (const url of ['app://other/index.html', 'app://renderer.evil/index.html', 'app://renderer:8080/index.html', 'app:///index.html']) {
    it(`refuses the unknown host in ${url}`, async () => {
      expect((await fetchApp(url)).status).toBe(404)
    })
  }

  it('answers 404 for missing files and folders, the index for the root, and 405 for other methods', async () => {
    expect((await fetchApp('app://renderer/missing.js')).status).toBe(404)
    expect((await fetchApp('app://renderer/assets')).status).toBe(404)
    // Same resolver as the served mode: a folder URL ending in "/" is its index.html.
    const root = await fetchApp('app://renderer/')
    expect(root.status).toBe(200)
    expect(root.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect((await fetchApp(RENDERER_URL, 'POST')).status).toBe(405)
  })
})
