// The titles of the desktop's own dialogs (start-up warnings, save dialogs,
// error boxes), in the user's language through the tray's translator
// (tray-text.ts: the language chosen in the page, else the OS's). The English
// here is word for word the catalogue's (desktop.dialogs.*; a test keeps the
// two equal) and what is shown when no language applies.
import { peekLanguageChoice } from '../core/appearance/appearance-file.ts'
import { desktopTranslator, fixed, type Say } from './tray-text.ts'

export const DIALOG_TITLES = {
  settingsUnreadable: 'Your settings could not be read',
  settingsUpgraded: 'Your settings were upgraded',
  desktopPreferencesUnreadable: 'Your desktop preferences could not be read',
  startAtLogin: 'Start at login',
  alertSettingsUnusable: 'Your alert settings could not be used',
  historyProblem: 'The local history had a problem',
  metricsOff: 'Prometheus metrics are off',
  metrics: 'Prometheus metrics',
  couldNotStart: '4D License Monitor could not start',
  usageExportFailed: 'The usage export failed',
  saveReport: 'Save the monthly capacity report',
  exportCsv: 'Export CSV',
} as const

export type DialogTitle = keyof typeof DIALOG_TITLES

export function dialogTitle(say: Say, title: DialogTitle): string {
  return say(fixed(`desktop.dialogs.${title}`), DIALOG_TITLES[title])
}

/**
 * What the dialogs say before the app is built (settings, desktop preferences, start at login, the
 * composition root's problems): the language saved in the page's menu, else the OS's, as the tray will.
 */
export function startupSay(dataDir: string, systemLanguages: () => readonly string[]): Say {
  const choice = peekLanguageChoice(dataDir)
  return desktopTranslator(choice === 'system' ? systemLanguages() : [choice]).say
}
