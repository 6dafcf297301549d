// What bench:table runs inside the page. Each function is handed to
// page.evaluate, which sends its source to the browser: it may use nothing
// from this module, only its argument and the page's own globals (typed here
// by a small interface, as the Node-side tsconfig has no DOM library).

interface PageElement {
  click(): void
  value: string
  dispatchEvent(event: unknown): boolean
  textContent: string | null
}
interface PageGlobals {
  requestAnimationFrame(callback: (time: number) => void): number
  setTimeout(callback: () => void, ms: number): number
  performance: { now(): number }
  PerformanceObserver: new (callback: (list: { getEntries(): { duration: number }[] }) => void) => {
    observe(options: { type: string }): void
    disconnect(): void
  }
  Event: new (type: string, init: { bubbles: boolean }) => unknown
  document: {
    querySelector(selector: string): PageElement | null
    querySelectorAll(selector: string): { length: number }
    getElementsByTagName(name: string): { length: number }
  }
}

export interface FrameFigures {
  fps: number
  /** Longest gap between two frames, ms. */
  worstFrameMs: number
  longTasks: number
  longTaskMs: number
}

/** Frames (requestAnimationFrame callbacks) and long tasks over `ms`. */
export function measureFrames(ms: number): Promise<FrameFigures> {
  const page = globalThis as unknown as PageGlobals
  return new Promise((resolve) => {
    let longTasks = 0
    let longTaskMs = 0
    const observer = new page.PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        longTasks++
        longTaskMs += entry.duration
      }
    })
    observer.observe({ type: 'longtask' })
    let first = -1
    let last = -1
    let frames = 0
    let worst = 0
    const tick = (time: number): void => {
      if (first < 0) first = time
      else worst = Math.max(worst, time - last)
      last = time
      frames++
      if (time - first < ms) {
        page.requestAnimationFrame(tick)
        return
      }
      observer.disconnect()
      resolve({ fps: ((frames - 1) * 1000) / (time - first), worstFrameMs: worst, longTasks, longTaskMs })
    }
    page.requestAnimationFrame(tick)
  })
}

export interface ToFrame {
  /** From the click or keystroke to the DOM updated (Vue patches in a microtask queued before this one's). */
  domMs: number
  /** From the click or keystroke to the end of the frame that shows its result (a task queued from that frame's rAF). */
  ms: number
  /** Rows matching `rows` in the DOM at that frame. */
  rows: number
  /** Elements in the whole page at that frame. */
  nodes: number
}

/** Clicks `target` (an in-page click: no input-pipeline latency) and times it to the next painted frame. */
export function clickToFrame(args: { target: string; rows: string }): Promise<ToFrame> {
  const page = globalThis as unknown as PageGlobals
  const element = page.document.querySelector(args.target)
  if (!element) throw new Error(`Nothing in the page matches ${args.target}`)
  return new Promise((resolve) => {
    const started = page.performance.now()
    element.click()
    let domMs = 0
    queueMicrotask(() => (domMs = page.performance.now() - started))
    page.requestAnimationFrame(() => {
      page.setTimeout(() => {
        resolve({
          domMs,
          ms: page.performance.now() - started,
          rows: page.document.querySelectorAll(args.rows).length,
          nodes: page.document.getElementsByTagName('*').length,
        })
      }, 0)
    })
  })
}

export interface ToRows extends ToFrame {
  /** Frames painted from the click to the first frame that shows a row matching `rows` (1: that row came within the click's own frame). */
  frames: number
}

/**
 * Clicks `target` and times it to the end of the first painted frame that shows a row matching `rows`:
 * an expanded row whose license list is fetched after the click (small pushes) shows its first rows
 * only when the answer is in, so one frame after the click is not enough to know. Gives up after `timeoutMs`.
 */
export function clickToRows(args: { target: string; rows: string; timeoutMs: number }): Promise<ToRows> {
  const page = globalThis as unknown as PageGlobals
  const element = page.document.querySelector(args.target)
  if (!element) throw new Error(`Nothing in the page matches ${args.target}`)
  return new Promise((resolve, reject) => {
    const started = page.performance.now()
    element.click()
    let domMs = 0
    let frames = 0
    queueMicrotask(() => (domMs = page.performance.now() - started))
    const frame = (): void => {
      frames++
      page.setTimeout(() => {
        const rows = page.document.querySelectorAll(args.rows).length
        const ms = page.performance.now() - started
        if (rows > 0) resolve({ domMs, ms, rows, frames, nodes: page.document.getElementsByTagName('*').length })
        else if (ms > args.timeoutMs) reject(new Error(`No row matching ${args.rows} within ${String(args.timeoutMs)} ms of the click`))
        else page.requestAnimationFrame(frame)
      }, 0)
    }
    page.requestAnimationFrame(frame)
  })
}

/** Sets the filter field to `text` as one keystroke does (an input event) and times it to the next painted frame. */
export function keyToFrame(args: { field: string; text: string; rows: string }): Promise<ToFrame> {
  const page = globalThis as unknown as PageGlobals
  const field = page.document.querySelector(args.field)
  if (!field) throw new Error(`Nothing in the page matches ${args.field}`)
  return new Promise((resolve) => {
    const started = page.performance.now()
    field.value = args.text
    field.dispatchEvent(new page.Event('input', { bubbles: true }))
    let domMs = 0
    queueMicrotask(() => (domMs = page.performance.now() - started))
    page.requestAnimationFrame(() => {
      page.setTimeout(() => {
        resolve({
          domMs,
          ms: page.performance.now() - started,
          rows: page.document.querySelectorAll(args.rows).length,
          nodes: page.document.getElementsByTagName('*').length,
        })
      }, 0)
    })
  })
}
