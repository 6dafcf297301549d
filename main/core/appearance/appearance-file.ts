// The appearance choice (theme: system, light or dark), kept in
// <data>/appearance.json beside the other settings files, the same file for
// the desktop app and the served mode (both use the app's data folder). A
// file that cannot be read is set aside and the default used, with a sentence
// saying so; a write that fails keeps the choice for this run and says so.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AppearanceView, ThemeChoice } from '../types/index.ts'

export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark']

export interface AppearanceService {
  view(): AppearanceView
  setTheme(theme: ThemeChoice): AppearanceView
  /** Called with each new choice (the Electron glue sets nativeTheme from it); returns the unsubscribe. */
  onTheme(listener: (theme: ThemeChoice) => void): () => void
}

export function isThemeChoice(value: unknown): value is ThemeChoice {
  return typeof value === 'string' && (THEME_CHOICES as readonly string[]).includes(value)
}

function parse(text: string): ThemeChoice {
  const value: unknown = JSON.parse(text)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('it is not a JSON object')
  const theme = (value as Record<string, unknown>).theme
  if (theme === undefined) return 'system'
  if (!isThemeChoice(theme)) throw new Error('"theme" is not "system", "light" or "dark"')
  return theme
}

export function openAppearance(dataDir: string): AppearanceService {
  const file = join(dataDir, 'appearance.json')
  let theme: ThemeChoice = 'system'
  let problem: string | null = null
  const listeners = new Set<(theme: ThemeChoice) => void>()
  if (existsSync(file)) {
    try {
      theme = parse(readFileSync(file, 'utf8'))
    } catch (error) {
      // Never quoted: the cause the parser found; the file is kept for the user to look at.
      const cause = error instanceof SyntaxError ? 'it is not valid JSON' : (error as Error).message
      problem = `The appearance settings in ${file} could not be used (${cause}); the theme follows the system until you choose again.`
      try {
        renameSync(file, `${file}.broken`)
      } catch {
        // Left in place: the next save replaces it.
      }
    }
  }
  return {
    view: () => ({ theme, problem }),
    setTheme(next) {
      theme = next
      try {
        const temporary = `${file}.tmp`
        writeFileSync(temporary, `${JSON.stringify({ theme }, null, 2)}\n`)
        renameSync(temporary, file)
        problem = null
      } catch (error) {
        problem = `The theme could not be saved to ${file} (${(error as NodeJS.ErrnoException).code ?? 'write failed'}); it applies until the app stops.`
      }
      for (const listener of listeners) listener(theme)
      return { theme, problem }
    },
    onTheme(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
