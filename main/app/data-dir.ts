// The app's data folder, computed the way Electron computes userData for our
// productName, so the Electron app, the served mode and the export CLI all
// find the same history without loading electron. Pure: inputs are explicit.
import { join, posix, win32 } from 'node:path'

export const PRODUCT_NAME = '4D License Monitor'

export interface DataDirInputs {
  platform: NodeJS.Platform
  env: Readonly<Record<string, string | undefined>>
  home: string
}

/** Linux: $XDG_CONFIG_HOME or ~/.config; macOS: ~/Library/Application Support; Windows: %APPDATA%; then the product name. */
export function appDataDir({ platform, env, home }: DataDirInputs): string {
  if (platform === 'win32') return win32.join(nonEmpty(env.APPDATA) ?? win32.join(home, 'AppData', 'Roaming'), PRODUCT_NAME)
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', PRODUCT_NAME)
  return posix.join(nonEmpty(env.XDG_CONFIG_HOME) ?? posix.join(home, '.config'), PRODUCT_NAME)
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value
}

/** Which servers the monitor polls: the built-in simulator's (while no server is listed) or the admin's. */
export type WorkspaceKind = 'demo' | 'real'

/** The demo's history and alert state live in <dataDir>/demo, so made-up numbers never mix with real ones. */
export function workspaceDir(dataDir: string, kind: WorkspaceKind): string {
  return kind === 'demo' ? join(dataDir, 'demo') : dataDir
}
