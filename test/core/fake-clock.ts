// A manual clock for the poller: time moves only when a test advances it, and
// each timer that comes due runs with the clock set to its due time.

import type { PollerClock } from '../../main/core/poll/poller.ts'

interface Timer {
  id: number
  at: number
  fn: () => void
}

/** Lets promise chains and stream reads started by a timer settle before the test looks. */
export async function settle(turns = 10): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve))
}

export class FakeClock implements PollerClock {
  time: number
  private timers: Timer[] = []
  private nextId = 1

  constructor(start = 0) {
    this.time = start
  }

  now(): number {
    return this.time
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { id: this.nextId++, at: this.time + Math.max(0, ms), fn }
    this.timers.push(timer)
    return timer.id
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle)
  }

  /** Due times of the timers still pending, earliest first. */
  pending(): number[] {
    return this.timers.map((t) => t.at).sort((a, b) => a - b)
  }

  /** Moves time forward, running every timer that comes due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms
    await settle()
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0]
      if (!due) break
      this.timers = this.timers.filter((t) => t !== due)
      this.time = Math.max(this.time, due.at)
      due.fn()
      await settle()
    }
    // A scripted request may have moved time past the target (its own duration).
    this.time = Math.max(this.time, target)
  }
}
