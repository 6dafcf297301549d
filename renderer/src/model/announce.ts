// What a screen reader hears when an alert changes (issue 20, item 3): one
// sentence per transition, and how urgently. Small constants and functions of
// the transition, so the words move into vue-i18n messages as they are.

import type { AlertTransition } from '../../../main/core/types/index.ts'
import { usageLook } from './status.ts'

export type Politeness = 'polite' | 'assertive'

export const BACK_TO_NORMAL = 'back to normal'
export const UNREACHABLE_WORD = 'unreachable'
export const RECOVERING_SUFFIX = '(recovering)'

/** Critical and exhausted interrupt; a warning, a recovery or a server change waits for a pause. */
export function politenessOf(transition: AlertTransition): Politeness {
  const level = transition.to.level
  return level === 'critical' || level === 'exhausted' ? 'assertive' : 'polite'
}

export function announcement(transition: AlertTransition): string {
  const { to, subject, machine, value } = transition
  const where = transition.kind === 'server' ? subject : `${subject} on ${machine}`
  if (to.level === null) return `${where}: ${BACK_TO_NORMAL}. ${value}`
  if (to.level === 'unreachable') return `${where}: ${UNREACHABLE_WORD}. ${value}`
  const word = usageLook(to.level).word
  return `${word}${to.phase === 'recovering' ? ` ${RECOVERING_SUFFIX}` : ''}: ${where}. ${value}`
}

/** Identity of a transition, to tell new ones from those already announced. */
export function transitionId(transition: AlertTransition): string {
  return `${transition.at}|${transition.kind}|${transition.machine}|${String(transition.productId)}|${transition.subject}|${String(transition.to.level)}|${transition.to.phase}`
}
