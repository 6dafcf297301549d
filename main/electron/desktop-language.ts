// The language of the desktop side (tray tooltip and menu, desktop
// notifications): the one chosen in the page's language menu, kept in
// appearance.json (core/appearance), else the OS's. A new choice re-words the
// tray at once; notifications pick it up with the next one they show.
import type { AppearanceService } from '../core/appearance/appearance-file.ts'
import type { LanguageChoice } from '../core/types/index.ts'
import { desktopTranslator, type Say } from './tray-text.ts'

export interface DesktopLanguage {
  /** Says a message in the current language; hand it to the tray and the notifications once. */
  say: Say
  /** Called after each change of language; returns the unsubscribe. */
  onChange(listener: () => void): () => void
  stop(): void
}

export function setupDesktopLanguage(
  appearance: Pick<AppearanceService, 'view' | 'onLanguage'>,
  systemLanguages: () => readonly string[],
): DesktopLanguage {
  const translatorFor = (choice: LanguageChoice) => desktopTranslator(choice === 'system' ? systemLanguages() : [choice])
  let current = translatorFor(appearance.view().language)
  const listeners = new Set<() => void>()
  const unsubscribe = appearance.onLanguage((choice) => {
    current = translatorFor(choice)
    for (const listener of listeners) listener()
  })
  return {
    say: (message, english) => current.say(message, english),
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    stop() {
      unsubscribe()
      listeners.clear()
    },
  }
}
