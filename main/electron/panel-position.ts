// Where the tray panel goes: next to the tray icon, on the side away from
// the taskbar or menu bar, inside the work area of that display. Pure (no
// Electron), so every taskbar edge is tested.
//
// The taskbar's edge is read from where the icon sits relative to the work
// area (the screen minus taskbars): above it is a top bar (macOS menu bar,
// GNOME), below it the Windows default, left or right a side taskbar. Linux
// trays often report empty bounds: the host then passes the cursor point,
// which is where the click was, and the panel opens toward the middle of the
// screen from there.

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface Size {
  width: number
  height: number
}

/** Gap between the panel and the tray icon or the screen edge. */
export const PANEL_MARGIN = 4

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(value, Math.max(min, max)))
}

/** The panel's top-left corner, in whole pixels, for a tray icon at `tray` on a display with `workArea`. */
export function panelPosition(tray: Rect, workArea: Rect, panel: Size): { x: number; y: number } {
  const right = workArea.x + workArea.width
  const bottom = workArea.y + workArea.height
  const centreX = tray.x + tray.width / 2
  const centreY = tray.y + tray.height / 2
  const minX = workArea.x + PANEL_MARGIN
  const maxX = right - panel.width - PANEL_MARGIN
  const minY = workArea.y + PANEL_MARGIN
  const maxY = bottom - panel.height - PANEL_MARGIN
  let x: number
  let y: number
  if (tray.y + tray.height <= workArea.y) {
    // Top bar: below the icon, centred on it.
    x = centreX - panel.width / 2
    y = workArea.y + PANEL_MARGIN
  } else if (tray.y >= bottom) {
    // Bottom taskbar: above the icon.
    x = centreX - panel.width / 2
    y = bottom - panel.height - PANEL_MARGIN
  } else if (tray.x + tray.width <= workArea.x) {
    // Left taskbar: to the right of the icon.
    x = workArea.x + PANEL_MARGIN
    y = centreY - panel.height / 2
  } else if (tray.x >= right) {
    // Right taskbar: to the left of the icon.
    x = right - panel.width - PANEL_MARGIN
    y = centreY - panel.height / 2
  } else {
    // Inside the work area (an auto-hidden taskbar, or the cursor point): open toward the middle.
    x = centreX > workArea.x + workArea.width / 2 ? tray.x - panel.width - PANEL_MARGIN + tray.width : tray.x
    y = centreY > workArea.y + workArea.height / 2 ? tray.y - panel.height - PANEL_MARGIN : tray.y + tray.height + PANEL_MARGIN
  }
  return { x: Math.round(clamp(x, minX, maxX)), y: Math.round(clamp(y, minY, maxY)) }
}
