// What the server list refuses (the form's inline sentences, the import's
// problems and notes, a refused connection test), said in the page's language.
// main/core/servers makes each sentence as English text and a message id
// (servers.validation.*, servers.import.*); a problem on a field carries the
// words after the field's label, and the label is put before them here, in
// the language's own punctuation ("URL : doit être …" in French). An older
// backend without ids, or an id this build does not know, shows the English.
import type { FieldProblem, ImportedEntry, TextMessage } from '../../../main/core/types/index.ts'
import { i18n, t } from './index.ts'
import { translateMessage } from './text-message.ts'

const known = (message: TextMessage | undefined): message is TextMessage => message !== undefined && i18n.global.te(message.id, 'en')

/** "URL: must be an http or https URL" in the page's language. */
export function problemText(problem: FieldProblem): string {
  if (!known(problem.sentence)) return problem.message
  const said = translateMessage(problem.sentence, problem.message)
  if (problem.field === 'list') return said
  return t('servers.validation.onField', { field: t(`servers.validation.field.${problem.field}`), problem: said })
}

/** An imported entry's problems, each in the page's language (the English where the backend sent no ids). */
export function importProblems(entry: ImportedEntry): string[] {
  const details = entry.problemDetails
  if (details?.length !== entry.problems.length) return entry.problems
  return details.map(problemText)
}

/** An imported entry's notes, each in the page's language. */
export function importNotes(entry: ImportedEntry): string[] {
  const messages = entry.noteMessages
  if (messages?.length !== entry.notes.length) return entry.notes
  return entry.notes.map((note, index) => translateMessage(messages[index], note))
}

/** Why a connection test failed: its refused draft's problems, else its error, in the page's language. */
export function testErrorText(result: { error: string; errorMessage?: TextMessage; problems?: FieldProblem[] }): string {
  if (result.problems && result.problems.length > 0) return result.problems.map(problemText).join('; ')
  return translateMessage(result.errorMessage, result.error)
}
