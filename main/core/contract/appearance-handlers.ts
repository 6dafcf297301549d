import { z } from 'zod'
import type { AppearanceService } from '../appearance/appearance-file.ts'
import { LANGUAGE_CHOICES, THEME_CHOICES } from '../appearance/appearance-file.ts'
import { callArgs } from './args.ts'
import type { InvokeHandlers } from './contract.ts'

type AppearanceHandlers = Pick<InvokeHandlers, 'getAppearance' | 'setTheme' | 'setLanguage'>

const themeSchema = z.enum(THEME_CHOICES as [string, ...string[]])
const languageSchema = z.enum(LANGUAGE_CHOICES as [string, ...string[]])

export function appearanceHandlers(appearance: AppearanceService): AppearanceHandlers {
  return {
    getAppearance: async (...args) => {
      callArgs('getAppearance', z.tuple([]), args)
      return { ok: true, data: appearance.view() }
    },
    setTheme: async (...args) => {
      const [theme] = callArgs('setTheme', z.tuple([themeSchema]), args)
      return { ok: true, data: appearance.setTheme(theme as (typeof THEME_CHOICES)[number]) }
    },
    setLanguage: async (...args) => {
      const [language] = callArgs('setLanguage', z.tuple([languageSchema]), args)
      return { ok: true, data: appearance.setLanguage(language as (typeof LANGUAGE_CHOICES)[number]) }
    },
  }
}

/** Without a data folder (some tests): the theme and the language follow the system and a choice is not kept. */
export function noAppearanceHandlers(): AppearanceHandlers {
  const unavailable = async () => ({ ok: false as const, error: 'appearance settings are not available here' })
  return {
    getAppearance: async () => ({ ok: true, data: { theme: 'system', language: 'system', problem: null } }),
    setTheme: unavailable,
    setLanguage: unavailable,
  }
}
