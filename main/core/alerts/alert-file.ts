// Alert state and snoozes on disk, so a restart sends no duplicate notice.
// Written to a temporary file and renamed (never half a file); a file that
// cannot be read back is moved aside and we start empty, with a sentence for
// the user instead of a crash.

import { readFileSync, renameSync } from 'node:fs'
import { z } from 'zod'
import { noSnoozes, snoozesSchema, type Snoozes } from './snooze.ts'
import { alertStateSchema, emptyAlertState, type AlertState } from './state.ts'
import { writeFileAtomically } from '../util/atomic-file.ts'
import { fileCause } from '../util/file-errors.ts'

export interface SavedAlerts {
  state: AlertState
  snoozes: Snoozes
}

export interface LoadedAlerts extends SavedAlerts {
  /** Sentence for the user when the file was unusable; null when fine or absent. */
  problem: string | null
}

const FILE_VERSION = 1

const fileSchema = z.object({ version: z.literal(FILE_VERSION), state: alertStateSchema, snoozes: snoozesSchema })

function reasonOf(error: unknown): string {
  if (error instanceof z.ZodError) return 'its content is not alert state this version understands'
  if (error instanceof SyntaxError) return 'it is not valid JSON'
  return fileCause(error)
}

/** Reads the saved alerts; never throws. `now` names the moved-aside copy. */
export function loadAlerts(path: string, now: number): LoadedAlerts {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: emptyAlertState(), snoozes: noSnoozes(), problem: null }
    return {
      ...emptySaved(),
      problem: `The saved alert state (${path}) could not be read because ${reasonOf(error)}; alerts start afresh.`,
    }
  }
  try {
    const parsed = fileSchema.parse(JSON.parse(text))
    return { state: restartTimers(parsed.state as AlertState), snoozes: parsed.snoozes, problem: null }
  } catch (error) {
    const aside = `${path}.corrupt-${new Date(now).toISOString().replace(/[:.]/g, '-')}`
    let moved = `it was moved to ${aside}`
    try {
      renameSync(path, aside)
    } catch (renameError) {
      moved = `it could not be moved aside (${reasonOf(renameError)})`
    }
    return {
      ...emptySaved(),
      problem: `The saved alert state could not be used because ${reasonOf(error)}; ${moved} and alerts start afresh.`,
    }
  }
}

/**
 * Conditions start timing again after a restart: nothing was observed while
 * the monitor was stopped, so a warning pending at the stop must hold for its
 * whole `for` again before it fires. Levels already firing stay as they are
 * (no new notice), since only an escalation consults these timers.
 */
function restartTimers(state: AlertState): AlertState {
  const license = Object.fromEntries(Object.entries(state.license).map(([key, alert]) => [key, { ...alert, holdingSince: {} }]))
  return { ...state, license }
}

function emptySaved(): SavedAlerts {
  return { state: emptyAlertState(), snoozes: noSnoozes() }
}

/** Writes atomically; returns a sentence when it failed (the caller shows it, the monitor keeps going), else null. */
export function saveAlerts(path: string, saved: SavedAlerts): string | null {
  try {
    writeFileAtomically(path, JSON.stringify({ version: FILE_VERSION, ...saved }, null, 1))
    return null
  } catch (error) {
    return `The alert state could not be saved to ${path} because ${reasonOf(error)}; a restart may repeat a notice.`
  }
}
