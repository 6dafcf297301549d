// The theme choice (issue 20): system, light or dark, saved by the backend
// (getAppearance / setTheme) so it survives a restart in both hosts, and put
// on <html data-theme> where app.css pins the palette. 'system' removes the
// attribute: prefers-color-scheme decides (in Electron, nativeTheme).

import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ThemeChoice } from '../../../main/core/types/index.ts'
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

  return { theme, problem, error, start, choose }
})
