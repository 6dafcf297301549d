// Words for an alert held by hysteresis above the level a row's numbers meet
// (issue 20, item 4). Kept as small constants and one function of numbers so
// they move into vue-i18n messages as they are.

import type { RowRecovering } from '../../../main/core/types/index.ts'
import { usageLook } from './status.ts'

/** The marker beside the status badge; the Alerts view uses the same word. */
export const RECOVERING_WORD = 'recovering'

/** Tooltip and accessible description: which alert is held, and at what remaining count it clears. */
export function recoveringTitle(recovering: RowRecovering): string {
  const level = usageLook(recovering.level).word
  const left = recovering.clearsAtRemaining === 1 ? '1 license left' : `${String(recovering.clearsAtRemaining)} licenses left`
  return `${level} alert still held (hysteresis): it clears at ${left} or more.`
}
