import { afterEach, describe, expect, it } from 'vitest'
import { getApi } from '../../../renderer/src/api/get-api.ts'
import { fakeApi } from '../fake-api.ts'

afterEach(() => {
  delete window.licenseMonitor
})

describe('getApi', () => {
  it('returns the preload API when Electron defined one', () => {
    const preload = fakeApi()
    window.licenseMonitor = preload
    expect(getApi()).toBe(preload)
  })

  it('falls back to one shared browser API, which reports its connection', () => {
    const api = getApi()
    expect(getApi()).toBe(api)
    expect(typeof api.onConnection).toBe('function')
    const states: string[] = []
    const stop = api.onConnection!((state) => states.push(state.status))
    expect(states).toEqual(['connecting'])
    stop()
  })
})
