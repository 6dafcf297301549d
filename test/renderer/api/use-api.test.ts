import { afterEach, describe, expect, it } from 'vitest'
import { useApi } from '../../../renderer/src/api/use-api.ts'
import { fakeApi } from '../fake-api.ts'

afterEach(() => {
  delete window.licenseMonitor
})

describe('useApi', () => {
  it('returns the preload API when Electron defined one', () => {
    const preload = fakeApi()
    window.licenseMonitor = preload
    expect(useApi()).toBe(preload)
  })

  it('falls back to one shared browser API, which reports its connection', () => {
    const api = useApi()
    expect(useApi()).toBe(api)
    expect(typeof api.onConnection).toBe('function')
    const states: string[] = []
    const stop = api.onConnection!((state) => states.push(state.status))
    expect(states).toEqual(['connecting'])
    stop()
  })
})
