// Virtualised rows of a scrollable list of equal-height rows: only the rows in
// view, plus a few either side, are in the DOM. A 10,000-license row would
// otherwise put some 80,000 nodes on the page, and every push would patch
// them all. The arithmetic is a pure function, tested in Node; the composable
// binds it to a scroll region.

import { computed, onBeforeUnmount, ref, watch, type Ref } from 'vue'

export interface RowWindow {
  /** Index of the first row in the DOM. */
  start: number
  /** One past the last row in the DOM. */
  end: number
  /** Height in px that stands in for the rows before `start`. */
  before: number
  /** Height in px that stands in for the rows from `end` on. */
  after: number
}

export interface WindowInput {
  count: number
  rowHeight: number
  /** How far the region is scrolled, in px. */
  scrollTop: number
  /** Height of the region's visible part, in px. */
  viewportHeight: number
  /** Rows kept in the DOM above and below the visible ones, so a fast scroll shows no blank before the next frame. */
  overscan: number
}

function wholeCount(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number of 0 or more, got ${String(value)}.`)
  return value
}

/**
 * The rows to render. The region's sticky header covers as many pixels of the
 * scrolled content as it adds above the first row, so the first visible row is
 * simply scrollTop / rowHeight.
 */
export function rowWindow(input: WindowInput): RowWindow {
  const count = wholeCount(input.count, 'The row count')
  const overscan = wholeCount(input.overscan, 'The overscan')
  if (!(input.rowHeight > 0) || !Number.isFinite(input.rowHeight)) {
    throw new RangeError(`The row height must be a positive number of pixels, got ${String(input.rowHeight)}.`)
  }
  if (count === 0) return { start: 0, end: 0, before: 0, after: 0 }
  const scrollTop = Number.isFinite(input.scrollTop) ? Math.max(0, input.scrollTop) : 0
  const viewport = Number.isFinite(input.viewportHeight) ? Math.max(0, input.viewportHeight) : 0
  // A region scrolled past the end (the list just shrank) still shows its last rows.
  const first = Math.min(Math.floor(scrollTop / input.rowHeight), count - 1)
  const visible = Math.ceil(viewport / input.rowHeight) + 1
  const start = Math.max(0, first - overscan)
  const end = Math.min(count, first + visible + overscan)
  return { start, end, before: start * input.rowHeight, after: (count - end) * input.rowHeight }
}

export interface VirtualRowsOptions {
  /** The row height before one is measured (the CSS gives rows this height). */
  rowHeight: number
  /** Rows the region shows at most; also the viewport assumed before the region is measured (e.g. in tests with no layout). */
  maxVisibleRows: number
  overscan: number
  /** A rendered row to measure the real row height on (zoom, larger fonts). */
  measureRow?: (region: HTMLElement) => HTMLElement | null
}

export interface VirtualRows {
  /** Bind with ref="region" on the scroll container. */
  region: Ref<HTMLElement | null>
  range: Readonly<Ref<RowWindow>>
  rowHeight: Readonly<Ref<number>>
  /** True when the region's content is taller or wider than the region: it then needs a tab stop to be scrolled by keyboard. */
  scrollable: Readonly<Ref<boolean>>
  onScroll: () => void
}

const sameWindow = (a: RowWindow, b: RowWindow) => a.start === b.start && a.end === b.end && a.before === b.before && a.after === b.after

export function useVirtualRows(count: () => number, options: VirtualRowsOptions): VirtualRows {
  const region = ref<HTMLElement | null>(null)
  const scrollTop = ref(0)
  const viewportHeight = ref(0)
  const rowHeight = ref(options.rowHeight)
  const wider = ref(false)

  const range = computed<RowWindow>((previous) => {
    const next = rowWindow({
      count: count(),
      rowHeight: rowHeight.value,
      scrollTop: scrollTop.value,
      viewportHeight: viewportHeight.value > 0 ? viewportHeight.value : options.maxVisibleRows * rowHeight.value,
      overscan: options.overscan,
    })
    // The same window keeps the same object: a scroll within one row re-renders nothing.
    return previous && sameWindow(previous, next) ? previous : next
  })
  const scrollable = computed(() => wider.value || count() > options.maxVisibleRows)

  function onScroll(): void {
    if (region.value) scrollTop.value = region.value.scrollTop
  }

  // Sizes are read in a ResizeObserver callback, after layout, so measuring never forces a layout of its own.
  function measure(element: HTMLElement): void {
    viewportHeight.value = element.clientHeight
    wider.value = element.scrollWidth > element.clientWidth
    const row = options.measureRow?.(element)
    const height = row?.getBoundingClientRect().height ?? 0
    if (height > 0 && Math.abs(height - rowHeight.value) > 0.5) rowHeight.value = height
  }

  // The region comes and goes (an empty list shows a sentence instead), so it is watched rather than taken at mount.
  let observer: ResizeObserver | null = null
  watch(
    region,
    (element) => {
      observer?.disconnect()
      observer = null
      scrollTop.value = element?.scrollTop ?? 0
      if (!element || typeof ResizeObserver === 'undefined') return
      observer = new ResizeObserver(() => {
        measure(element)
      })
      observer.observe(element)
      // The table inside grows wider or narrower with its content: that decides horizontal scrolling.
      if (element.firstElementChild) observer.observe(element.firstElementChild)
    },
    { flush: 'post' },
  )
  onBeforeUnmount(() => observer?.disconnect())

  return { region, range, rowHeight, scrollable, onScroll }
}
