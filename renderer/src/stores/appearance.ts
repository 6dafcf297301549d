// The theme choice (issue 20): system, light or dark, saved by the backend
// (getAppearance / setTheme) so it survives a restart in both hosts, and put
// on <html data-theme> where app.css pins the palette. 'system' removes the
// attribute: prefers-color-scheme decides (in Electron, nativeTheme).
// The language choice is saved the same way (setLanguage), so the tray and
// the desktop notifications follow it and another browser of the served page
// opens in it; localStorage only keeps it for the first paint (i18n/index.ts).

import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { LanguageChoice as SavedLanguage, ThemeChoice } from '../../../main/core/types/index.ts'
import { PSEUDO_LOCALE } from '../i18n/catalogue.ts'
import { languageChoice, setLanguageChoice, type LanguageChoice } from '../i18n/index.ts'
import type { RendererApi } from '../api/connection.ts'
import { safeCall } from '../api/safe-call.ts'
import { useApi } from '../api/use-api.ts'

export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark']

export function applyTheme(theme: ThemeChoice, root: HTMLElement = document.documentElement): void {
  if (theme === 'system') delete root.dataset.theme
  else root.dataset.theme = theme
}

export const useAppearanceStore = defineStore('appearance', () => {
  const theme = ref<ThemeChoice>('system')
  const problem = ref<string | null>(null)
  const error = ref<string | null>(null)
  /** Why the language choice could not be saved (the page still speaks it). */
  const languageError = ref<string | null>(null)
  let api: RendererApi | null = null

  async function start(given: RendererApi = useApi()): Promise<void> {
    api = given
    const result = await safeCall(() => given.getAppearance())
    if (!result.ok) {
      error.value = result.error
      return
    }
    theme.value = result.data.theme
    problem.value = result.data.problem
    applyTheme(theme.value)
    await adoptLanguage(given, result.data.language)
  }

  /**
   * The saved language wins over this browser's cached pick. A pick cached
   * before the backend kept one (saved 'system', a language in localStorage)
   * is saved once; the pseudo-locale is a tester's pick: never saved, and it
   * wins over the saved language in the browser that picked it.
   */
  async function adoptLanguage(given: RendererApi, saved: SavedLanguage): Promise<void> {
    if (languageChoice.value === PSEUDO_LOCALE) return
    if (saved !== 'system') {
      setLanguageChoice(saved)
      return
    }
    const cached = languageChoice.value
    if (cached === 'system') return
    await saveLanguage(given, cached)
  }

  async function saveLanguage(given: RendererApi, choice: SavedLanguage): Promise<void> {
    const result = await safeCall(() => given.setLanguage(choice))
    languageError.value = result.ok ? null : result.error
    if (result.ok) problem.value = result.data.problem
  }

  async function chooseLanguage(next: LanguageChoice): Promise<void> {
    // Spoken at once, whatever saving does; the pseudo-locale stays in this browser only.
    setLanguageChoice(next)
    if (next === PSEUDO_LOCALE) return
    await saveLanguage(api ?? useApi(), next)
  }

  async function choose(next: ThemeChoice): Promise<void> {
    // Applied at once: the page answers the click even if saving is slow or fails (the sentence says so).
    theme.value = next
    applyTheme(next)
    const current = api ?? useApi()
    const result = await safeCall(() => current.setTheme(next))
    error.value = result.ok ? null : result.error
    if (result.ok) problem.value = result.data.problem
  }

  return { theme, problem, error, languageError, start, choose, chooseLanguage }
})
