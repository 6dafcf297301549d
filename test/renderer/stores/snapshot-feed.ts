// The monitor as the snapshot publisher sees it, for the renderer store tests
// that drive the real publisher: the test decides each snapshot.
import type { Snapshot } from '../../../main/core/types/index.ts'

export function feed(first: Snapshot) {
  let current = first
  const listeners = new Set<(snapshot: Snapshot) => void>()
  return {
    getSnapshot: () => current,
    onSnapshot(listener: (snapshot: Snapshot) => void) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    emit(next: Snapshot) {
      current = next
      for (const listener of listeners) listener(next)
    },
  }
}

/** What a transport does to a value: JSON out, JSON in. */
export const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T
