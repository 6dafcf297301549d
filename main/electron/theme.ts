// The theme choice reaches the OS side of the app (issue 20): nativeTheme's
// themeSource is what Electron reports to the page as prefers-color-scheme and
// what it uses for native parts (menus, dialogs, the title bar). 'system'
// follows the OS; 'light' or 'dark' pins both. Set at start and on each change.
import { nativeTheme } from 'electron'
import type { AppearanceService } from '../core/appearance/appearance-file.ts'

export function setupTheme(appearance: Pick<AppearanceService, 'view' | 'onTheme'>): () => void {
  nativeTheme.themeSource = appearance.view().theme
  return appearance.onTheme((theme) => {
    nativeTheme.themeSource = theme
  })
}
