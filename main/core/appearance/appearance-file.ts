// The appearance choices (theme: system, light or dark; language: system or
// one of the catalogue's six), kept in <data>/appearance.json beside the other
// settings files, the same file for the desktop app and the served mode (both
// use the app's data folder). A
// file that cannot be read is set aside and the default used, with a sentence
// saying so; a write that fails keeps the choice for this run and says so.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AppearanceView, LanguageChoice, ThemeChoice } from '../types/index.ts'

export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark']
/** The catalogue's languages (renderer/src/i18n/catalogue.ts LANGUAGES; a test keeps the two lists equal). */
export const LANGUAGE_CHOICES: readonly LanguageChoice[] = ['system', 'en', 'pt-BR', 'fr', 'es', 'de', 'ja']

export interface AppearanceService {
  view(): AppearanceView
  setTheme(theme: ThemeChoice): AppearanceView
  setLanguage(language: LanguageChoice): AppearanceView
  /** Called with each new choice (the Electron glue sets nativeTheme from it); returns the unsubscribe. */
  onTheme(listener: (theme: ThemeChoice) => void): () => void
  /** Called with each new language choice (the Electron glue re-words the tray from it); returns the unsubscribe. */
  onLanguage(listener: (language: LanguageChoice) => void): () => void
}

export function isThemeChoice(value: unknown): value is ThemeChoice {
  return typeof value === 'string' && (THEME_CHOICES as readonly string[]).includes(value)
}

export function isLanguageChoice(value: unknown): value is LanguageChoice {
  return typeof value === 'string' && (LANGUAGE_CHOICES as readonly string[]).includes(value)
}

function parse(text: string): { theme: ThemeChoice; language: LanguageChoice } {
  const value: unknown = JSON.parse(text)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('it is not a JSON object')
  const { theme = 'system', language = 'system' } = value as Record<string, unknown>
  if (!isThemeChoice(theme)) throw new Error('"theme" is not "system", "light" or "dark"')
  if (!isLanguageChoice(language)) throw new Error(`"language" is not one of ${LANGUAGE_CHOICES.map((choice) => `"${choice}"`).join(', ')}`)
  return { theme, language }
}

export function openAppearance(dataDir: string): AppearanceService {
  const file = join(dataDir, 'appearance.json')
  let theme: ThemeChoice = 'system'
  let language: LanguageChoice = 'system'
  let problem: string | null = null
  const listeners = new Set<(theme: ThemeChoice) => void>()
  const languageListeners = new Set<(language: LanguageChoice) => void>()
  if (existsSync(file)) {
    try {
      ;({ theme, language } = parse(readFileSync(file, 'utf8')))
    } catch (error) {
      // Never quoted: the cause the parser found; the file is kept for the user to look at.
      const cause = error instanceof SyntaxError ? 'it is not valid JSON' : (error as Error).message
      problem = `The appearance settings in ${file} could not be used (${cause}); the theme and the language follow the system until you choose again.`
      try {
        renameSync(file, `${file}.broken`)
      } catch {
        // Left in place: the next save replaces it.
      }
    }
  }
  /** Writes both choices (a temporary file renamed: never half a file); false when it could not. */
  function save(what: string): void {
    try {
      const temporary = `${file}.tmp`
      // "language" only once chosen, so a file from before it existed reads the same.
      const saved = language === 'system' ? { theme } : { theme, language }
      writeFileSync(temporary, `${JSON.stringify(saved, null, 2)}\n`)
      renameSync(temporary, file)
      problem = null
    } catch (error) {
      problem = `The ${what} could not be saved to ${file} (${(error as NodeJS.ErrnoException).code ?? 'write failed'}); it applies until the app stops.`
    }
  }
  const view = (): AppearanceView => ({ theme, language, problem })
  return {
    view,
    setTheme(next) {
      theme = next
      save('theme')
      for (const listener of listeners) listener(theme)
      return view()
    },
    setLanguage(next) {
      language = next
      save('language')
      for (const listener of languageListeners) listener(language)
      return view()
    },
    onTheme(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    onLanguage(listener) {
      languageListeners.add(listener)
      return () => languageListeners.delete(listener)
    },
  }
}

/**
 * The language choice saved in <data>/appearance.json, read without touching the file: what the
 * desktop's start-up dialogs speak before the app (and openAppearance, which sets a broken file
 * aside and says so) is built. Anything unreadable reads as "system".
 */
export function peekLanguageChoice(dataDir: string): LanguageChoice {
  try {
    return parse(readFileSync(join(dataDir, 'appearance.json'), 'utf8')).language
  } catch {
    return 'system'
  }
}
