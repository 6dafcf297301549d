// The remarks a successful poll may carry (a server's `warnings`), each made
// twice from the same values: as English text (the server strip's `warnings`,
// CLI, logs, exports) and as a message id with parameters (renderer/src/i18n/
// locales, section "warnings") that the page says in the user's language.
// What a sentence quotes stays as sent inside the translated frame: the
// payload validator's field paths ("token: expected a number"), a metrics
// parser's remark, the 4D worker's own error text.

import type { LocalText, TextMessage } from '../types/index.ts'

const local = (text: string, name: string, params: TextMessage['params']): LocalText => ({
  text,
  message: { id: `warnings.${name}`, params },
})

/** What was invalid in an answer: its license records, or its License info products. */
export type InvalidItems = 'records' | 'products'

const NOUN: Readonly<Record<InvalidItems, string>> = { records: 'records', products: 'License info products' }
const ID: Readonly<Record<InvalidItems, string>> = { records: 'invalidRecords', products: 'invalidProducts' }

/** "3 of 120 records invalid: productId missing (and 2 other problems)", naming the most common problem. */
export function invalidItems(items: InvalidItems, invalid: number, total: number, problem: string, others: number): LocalText {
  const head = `${invalid} of ${total} ${NOUN[items]} invalid: ${problem}`
  if (others === 0) return local(head, ID[items], { invalid, total, problem })
  // `count` is the other problems: the one number whose plural the sentence says.
  return local(`${head} (and ${others} other ${others === 1 ? 'problem' : 'problems'})`, `${ID[items]}More`, {
    invalid,
    total,
    problem,
    count: others,
  })
}

/** Both kinds invalid in one answer: one warning, the records' sentence first. */
export function invalidBoth(records: LocalText, products: LocalText): LocalText {
  return {
    text: `${records.text}; ${products.text}`,
    message: {
      id: 'warnings.invalidBoth',
      params: { records: records.text, products: products.text },
      parts: { records: records.message, products: products.message },
    },
  }
}

/** Lines of a Prometheus page the parser could not read (the first one's remark, as the parser words it). */
export function metricsLinesUnread(count: number, first: string): LocalText {
  return local(
    `${count} ${count === 1 ? 'line' : 'lines'} of the metrics page could not be read (${first}); the license counts were read`,
    'metricsLines',
    { count, first },
  )
}

/** The 4D side's worker failed its last renewal; `error` is its own text. */
export function workerFailed(error: string): LocalText {
  return local(`the 4D server's license worker failed its last refresh (${error}): showing its previous copy`, 'workerFailed', { error })
}

/** The endpoint's copy is older than the staleness window. */
export function copyTooOld(copyAgeMs: number): LocalText {
  const seconds = Math.round(copyAgeMs / 1000)
  return local(
    `the 4D server's copy of License usage is ${seconds} s old: its worker may be stuck, so the data is shown as stale`,
    'copyTooOld',
    { seconds },
  )
}

/** The monitor's own REST session holds a license on the server. */
export function holdsLicense(serverName: string): LocalText {
  return local(`this monitor holds a 4D Client license on ${serverName} through its REST session`, 'holdsLicense', {
    server: serverName,
  })
}

/** English texts and their messages, split for the fields that carry them side by side (`warnings`, `warningMessages`). */
export function textsAndMessages(list: readonly LocalText[]): { texts: string[]; messages: TextMessage[] } {
  return { texts: list.map((entry) => entry.text), messages: list.map((entry) => entry.message) }
}
