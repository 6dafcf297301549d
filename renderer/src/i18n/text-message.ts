// Sentences that main/core makes (notices, alerts, transitions, server errors)
// arrive as a message id and parameters beside their English text: here they
// are said in the page's language, by the rules the tray shares
// (i18n/say-message.ts), with the page's vue-i18n and number formats.
import type { TextMessage } from '../../../main/core/types/index.ts'
import { formatNumber, formatPercent } from '../model/format.ts'
import { i18n, t } from './index.ts'
import { durationWords, messageSayer, type Voice } from './say-message.ts'

// t is reactive (it reads the current locale), so text said through it re-renders on a language change.
const pageVoice: Voice = {
  t: (id, params, count) => (count === undefined ? t(id, params) : t(id, params, count)),
  knows: (id) => i18n.global.te(id, 'en'),
  number: formatNumber,
  percent: formatPercent,
}

/** "4 s", "1.5 s", "200 ms", "5 min", "1 h", "30 d" as main/core's formatDuration (ingest/error-text.ts) cuts them, in the page's words. */
export function formatDuration(ms: number): string {
  return durationWords(pageVoice, ms)
}

const sayInPage = messageSayer(pageVoice)

/** A message in the page's language; the English text when this build does not know its id (or it has none). */
export function translateMessage(message: TextMessage | undefined, english: string): string {
  return sayInPage(message, english)
}

/** Sentences that travel as a list of English texts with their messages beside (warnings, flags): each said, or English. */
export function translateMessages(messages: readonly TextMessage[] | undefined, english: readonly string[]): string[] {
  return english.map((text, index) => translateMessage(messages?.length === english.length ? messages[index] : undefined, text))
}
