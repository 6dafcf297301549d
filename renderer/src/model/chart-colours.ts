// Chart colours come from the CSS palette (app.css), so the canvas follows the
// theme like the rest of the page. A canvas cannot read `light-dark(...)` or
// `var(...)`, so each colour is resolved by a probe element in the chart's own
// place in the document (it inherits the page's color-scheme) and read back
// as the rgb() the browser computed.

export type ChartColourName = 'axis' | 'grid' | 'used' | 'max' | 'min' | 'band' | 'limit' | 'peak' | 'peakFill'

const VARIABLES: Readonly<Record<ChartColourName, string>> = {
  axis: '--chart-axis',
  grid: '--chart-grid',
  used: '--chart-used',
  max: '--chart-max',
  min: '--chart-min',
  band: '--chart-band',
  limit: '--chart-limit',
  peak: '--chart-peak',
  peakFill: '--chart-peak-fill',
}

/** The computed colours, in `host`'s context; black where the browser gives nothing (a test DOM without CSS). */
export function chartColours(host: HTMLElement): Record<ChartColourName, string> {
  const probe = document.createElement('span')
  probe.hidden = true
  host.appendChild(probe)
  const out = {} as Record<ChartColourName, string>
  for (const [name, variable] of Object.entries(VARIABLES) as [ChartColourName, string][]) {
    // CSSOM, not a style attribute: the CSP (style-src 'self') allows it.
    probe.style.color = `var(${variable}, #000)`
    out[name] = getComputedStyle(probe).color || '#000'
  }
  probe.remove()
  return out
}

/** Calls `redraw` when the theme changes: the OS scheme, or the data-theme the settings put on <html>. Returns the unsubscribe. */
export function onThemeChange(redraw: () => void): () => void {
  const media = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null
  media?.addEventListener('change', redraw)
  const observer = typeof MutationObserver === 'function' ? new MutationObserver(redraw) : null
  observer?.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] })
  return () => {
    media?.removeEventListener('change', redraw)
    observer?.disconnect()
  }
}

/** uPlot axis options in the theme's colours. */
export function themedAxis(colours: Record<ChartColourName, string>, label?: string): Record<string, unknown> {
  return { stroke: colours.axis, grid: { stroke: colours.grid }, ticks: { stroke: colours.grid }, ...(label ? { label } : {}) }
}
