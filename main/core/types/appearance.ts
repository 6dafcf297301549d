// Types only: the renderer type-checks this file (tsconfig.web.json).

/** The colour theme (issue 20): follow the OS / browser, or pin light or dark. */
export type ThemeChoice = 'system' | 'light' | 'dark'

/** What the settings view shows and edits. */
export interface AppearanceView {
  theme: ThemeChoice
  /** Sentence when the saved choice could not be read or written; null when fine. */
  problem: string | null
}
