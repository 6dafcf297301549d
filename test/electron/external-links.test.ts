import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', async () => {
  const { electronMock } = await import('./electron-mock.ts')
  return { ...electronMock, default: electronMock }
})

const { electronMock, resetElectronMock } = await import('./electron-mock.ts')
const { EXTERNAL_LINK_ORIGINS, isAllowedExternalLink, openExternalLink } = await import('../../main/electron/external-links.ts')

beforeEach(() => resetElectronMock())

describe('external links', () => {
  it('allows only the project documentation by default', () => {
    expect(EXTERNAL_LINK_ORIGINS).toEqual(['https://developer.4d.com'])
    expect(isAllowedExternalLink('https://developer.4d.com/docs/commands/license-usage')).toBe(true)
    expect(isAllowedExternalLink('https://developer.4d.com:443/docs/')).toBe(true)
  })

  it('compares parsed origins, never prefixes', () => {
    const list = ['https://developer.4d.com']
    for (const url of [
      'https://developer.4d.com.evil.example/',
      'https://developer.4d.com@evil.example/',
      'https://evil.example/https://developer.4d.com/',
      'https://developer.4d.com:8443/',
      'http://developer.4d.com/',
      'https://user:pw@developer.4d.com/',
      'garbage',
      '',
    ]) {
      expect(isAllowedExternalLink(url, list), url).toBe(false)
    }
  })

  it('never allows a scheme other than http(s), even when listed', () => {
    expect(isAllowedExternalLink('file:///etc/passwd', ['file://', 'null'])).toBe(false)
    expect(isAllowedExternalLink('javascript:alert(1)', ['null'])).toBe(false)
    expect(isAllowedExternalLink('http://127.0.0.1:8470/', ['http://127.0.0.1:8470'])).toBe(true)
  })

  it('opens an allowed link with shell.openExternal and refuses the rest', () => {
    expect(openExternalLink('https://developer.4d.com/docs/')).toBe(true)
    expect(openExternalLink('https://evil.example/')).toBe(false)
    expect(openExternalLink('file:///etc/passwd')).toBe(false)
    expect(electronMock.shell.opened).toEqual(['https://developer.4d.com/docs/'])
  })
})
