import { describe, expect, it } from 'vitest'
import { PANEL_MARGIN, panelPosition } from '../../main/electron/panel-position.ts'

const PANEL = { width: 360, height: 440 }
const M = PANEL_MARGIN

describe('panelPosition', () => {
  it('Windows, taskbar at the bottom: above the icon, centred on it', () => {
    const workArea = { x: 0, y: 0, width: 1920, height: 1040 }
    expect(panelPosition({ x: 1500, y: 1044, width: 32, height: 32 }, workArea, PANEL)).toEqual({ x: 1500 + 16 - 180, y: 1040 - 440 - M })
  })

  it('an icon near the right edge keeps the panel on the screen', () => {
    const workArea = { x: 0, y: 0, width: 1920, height: 1040 }
    expect(panelPosition({ x: 1880, y: 1044, width: 32, height: 32 }, workArea, PANEL)).toEqual({ x: 1920 - 360 - M, y: 1040 - 440 - M })
  })

  it('macOS menu bar at the top: below the icon', () => {
    const workArea = { x: 0, y: 25, width: 1440, height: 875 }
    expect(panelPosition({ x: 1200, y: 0, width: 22, height: 24 }, workArea, PANEL)).toEqual({ x: 1200 + 11 - 180, y: 25 + M })
  })

  it('taskbar on the left or on the right: beside the icon, centred on it vertically', () => {
    expect(panelPosition({ x: 0, y: 800, width: 40, height: 40 }, { x: 48, y: 0, width: 1872, height: 1080 }, PANEL)).toEqual({
      x: 48 + M,
      y: 820 - 220,
    })
    expect(panelPosition({ x: 1880, y: 800, width: 40, height: 40 }, { x: 0, y: 0, width: 1872, height: 1080 }, PANEL)).toEqual({
      x: 1872 - 360 - M,
      y: 820 - 220,
    })
  })

  it('a second display to the left (negative coordinates) is handled like any other', () => {
    const workArea = { x: -1920, y: 0, width: 1920, height: 1040 }
    expect(panelPosition({ x: -40, y: 1044, width: 32, height: 32 }, workArea, PANEL)).toEqual({ x: -360 - M, y: 1040 - 440 - M })
  })

  it('Linux with empty tray bounds: from the cursor point toward the middle, clamped to the work area', () => {
    const workArea = { x: 0, y: 32, width: 1920, height: 1048 }
    // A click near the top-right corner: the panel opens below and to the left of it.
    expect(panelPosition({ x: 1900, y: 10, width: 0, height: 0 }, workArea, PANEL)).toEqual({ x: 1920 - 360 - M, y: 32 + M })
    // A click in the lower left of the screen: above and to the right.
    expect(panelPosition({ x: 300, y: 900, width: 0, height: 0 }, workArea, PANEL)).toEqual({ x: 300, y: 900 - 440 - M })
  })

  it('a panel larger than the work area starts at its top-left corner', () => {
    expect(panelPosition({ x: 100, y: 500, width: 20, height: 20 }, { x: 0, y: 0, width: 300, height: 400 }, PANEL)).toEqual({ x: M, y: M })
  })
})
