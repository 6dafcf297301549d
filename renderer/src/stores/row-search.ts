// Asks the backend which rows the filter matches over the whole license lists
// (findMatchingRows): pushes leave lists out, so the page alone finds a user
// only in the rows it shows expanded. Asked 150 ms after the last keystroke,
// and again after pushes while a filter is set (several pushes close together
// make one question); one question in flight at a time, a newer need is asked
// when it returns, so answers arrive in order.

import type { Result } from '../../../main/core/contract/contract.ts'
import { filterTerms, rowKey } from '../model/rows.ts'

/** Long enough to let a word be typed, short enough to feel immediate. */
export const ROW_SEARCH_DELAY_MS = 150

export interface RowSearchOptions {
  ask: (filterText: string) => Promise<Result<unknown>>
  /** The keys of the rows the backend named for these terms (termsKey). */
  found: (terms: string, keys: ReadonlySet<string>) => void
  delayMs?: number
}

export interface RowSearch {
  filterChanged(text: string): void
  /** A snapshot or patch was applied: the answer may have changed. */
  pushed(): void
  stop(): void
}

/** The filter's terms as one string: two texts with the same terms ask the same question. */
export function termsKey(text: string): string {
  return filterTerms(text).join(' ')
}

function rowKeys(value: unknown): Set<string> | null {
  if (!Array.isArray(value)) return null
  const keys = new Set<string>()
  for (const row of value as unknown[]) {
    if (typeof row !== 'object' || row === null) return null
    const { machine, productId } = row as { machine?: unknown; productId?: unknown }
    if (typeof machine !== 'string' || typeof productId !== 'number') return null
    keys.add(rowKey(machine, productId))
  }
  return keys
}

export function createRowSearch(options: RowSearchOptions): RowSearch {
  const delayMs = options.delayMs ?? ROW_SEARCH_DELAY_MS
  let text = ''
  let timer: ReturnType<typeof setTimeout> | null = null
  let inFlight = false
  let askAgain = false
  let stopped = false

  function schedule(restart: boolean): void {
    if (stopped || termsKey(text) === '') return
    if (timer !== null) {
      if (!restart) return
      clearTimeout(timer)
    }
    timer = setTimeout(() => {
      timer = null
      void ask()
    }, delayMs)
  }

  async function ask(): Promise<void> {
    if (inFlight) {
      askAgain = true
      return
    }
    const asked = text
    if (termsKey(asked) === '') return
    inFlight = true
    const result = await options.ask(asked).catch((error: unknown) => ({ ok: false as const, error: String(error) }))
    inFlight = false
    if (stopped) return
    const keys = result.ok ? rowKeys(result.data) : null
    if (keys !== null) options.found(termsKey(asked), keys)
    else console.warn(`The rows matching the filter could not be asked for: ${result.ok ? 'malformed answer' : result.error}`)
    if (askAgain) {
      askAgain = false
      void ask()
    }
  }

  return {
    filterChanged(next) {
      if (termsKey(next) === termsKey(text)) return
      text = next
      if (termsKey(next) === '' && timer !== null) {
        clearTimeout(timer)
        timer = null
      }
      schedule(true)
    },
    pushed() {
      schedule(false)
    },
    stop() {
      stopped = true
      if (timer !== null) clearTimeout(timer)
      timer = null
    },
  }
}
