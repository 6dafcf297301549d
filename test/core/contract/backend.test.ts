import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { callArgs, ArgumentError } from '../../../main/core/contract/args.ts'
import { createBackend, dispatchCall } from '../../../main/core/contract/backend.ts'
import { InvokeChannel, PushChannel } from '../../../main/core/contract/contract.ts'
import type { Snapshot } from '../../../main/core/types/index.ts'

const snapshot: Snapshot = { generatedAt: '2026-11-28T09:00:00.000Z', demo: true, machines: [], servers: [] }

function fakeMonitor() {
  const listeners = new Set<(s: Snapshot) => void>()
  return {
    getSnapshot: () => snapshot,
    onSnapshot(listener: (s: Snapshot) => void) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    emit: (s: Snapshot) => listeners.forEach((l) => l(s)),
    count: () => listeners.size,
  }
}

describe('backend', () => {
  it('has a handler for every call channel and a source for every push channel', () => {
    const monitor = fakeMonitor()
    const backend = createBackend({ monitor })
    expect(Object.keys(backend.handlers).sort()).toEqual(Object.keys(InvokeChannel).sort())
    for (const name of Object.keys(PushChannel) as (keyof typeof PushChannel)[]) {
      const seen: unknown[] = []
      const unsubscribe = backend.subscribe(name, (payload) => seen.push(payload))
      monitor.emit(snapshot)
      unsubscribe()
      monitor.emit(snapshot)
      // Without alerting services the alert pushes have no source: they stay silent.
      // The whole snapshot goes out only when a stream opens (events.ts); a change is a patch, here an empty one.
      if (name === 'snapshotPatch')
        expect(seen).toEqual([expect.objectContaining({ generatedAt: snapshot.generatedAt, base: expect.any(Number) as unknown })])
      else expect(seen).toEqual([])
    }
    expect(monitor.count()).toBe(0)
  })

  it('dispatches by name and never throws', async () => {
    const backend = createBackend({ monitor: fakeMonitor() })
    expect(await dispatchCall(backend, 'getSnapshot', [])).toEqual({ ok: true, data: snapshot })
    expect(await dispatchCall(backend, 'toString', [])).toEqual({ ok: false, error: 'there is no call named "toString"' })
    const failing = createBackend({
      monitor: {
        getSnapshot: () => {
          throw new Error('not started')
        },
        onSnapshot: () => () => undefined,
      },
    })
    expect(await dispatchCall(failing, 'getSnapshot', [])).toEqual({ ok: false, error: 'not started' })
  })

  it('callArgs names the call and the argument that failed', () => {
    expect(callArgs('getSnapshot', z.tuple([z.string()]), ['x'])).toEqual(['x'])
    expect(() => callArgs('getSnapshot', z.tuple([z.string()]), [3])).toThrow(ArgumentError)
    expect(() => callArgs('getSnapshot', z.tuple([z.string()]), [3])).toThrow(/invalid arguments for getSnapshot: argument 0: /)
  })
})
