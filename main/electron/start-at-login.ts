// Start at login. Windows and macOS: Electron's login item, which starts the
// app hidden in the tray (Windows: our --hidden switch; macOS: the login item
// reports wasOpenedAtLogin). Linux: an XDG autostart entry our own code writes
// (main/app/autostart-linux.ts), as Electron has nothing there.
//
// The saved preference is the truth: at each start it is applied again, so a
// moved AppImage or an entry deleted by hand is put right.
import { app, dialog } from 'electron'
import { APP_ID, HIDDEN_SWITCH } from '../app/app-id.ts'
import { autostartDir, setAutostart } from '../app/autostart-linux.ts'
import type { DesktopSettingsFile } from '../app/desktop-settings.ts'
import type { ServerPersistence } from '../core/servers/persistence.ts'
import { fixed, sayEnglish, type Say } from './tray-text.ts'

export interface StartAtLogin {
  enabled(): boolean
  /** Saves the choice and applies it to the OS; throws a sentence when the OS part fails. */
  set(enabled: boolean): void
}

export interface StartAtLoginOptions {
  settings: DesktopSettingsFile
  platform?: NodeJS.Platform
  /** Linux autostart folder (default $XDG_CONFIG_HOME/autostart). */
  autostartDir?: string
  env?: NodeJS.ProcessEnv
}

/** What the login item starts: the AppImage itself when running from one (execPath is inside its temporary mount). */
export function launchCommand(env: NodeJS.ProcessEnv = process.env): string[] {
  const program = env.APPIMAGE ?? process.execPath
  // Unpackaged (npm run dev), the Electron binary needs the app folder as its first argument.
  return [program, ...(app.isPackaged ? [] : [app.getAppPath()]), HIDDEN_SWITCH]
}

/** True when the app should stay in the tray at this start: started by a login item. */
export function startedHidden(argv: readonly string[] = process.argv, platform: NodeJS.Platform = process.platform): boolean {
  if (argv.includes(HIDDEN_SWITCH)) return true
  if (platform !== 'darwin') return false
  // openAsHidden is gone from Electron 45's API (macOS 13 login items cannot pass it): wasOpenedAtLogin says it instead.
  return app.getLoginItemSettings().wasOpenedAtLogin
}

export function setupStartAtLogin(options: StartAtLoginOptions): StartAtLogin {
  const platform = options.platform ?? process.platform
  const env = options.env ?? process.env

  function apply(enabled: boolean): void {
    if (platform === 'linux') {
      const command = launchCommand(env)
      setAutostart(
        options.autostartDir ?? autostartDir(env),
        { id: APP_ID, name: app.getName(), comment: 'Watches 4D Server licenses from the tray', command },
        enabled,
      )
      return
    }
    if (platform === 'win32' || platform === 'darwin') {
      // Windows compares args when reading the item back, so the same list is always passed.
      app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_SWITCH] })
    }
  }

  return {
    enabled: () => options.settings.read().startAtLogin,
    set(enabled) {
      try {
        apply(enabled)
      } catch (error) {
        throw new Error(`Start at login could not be ${enabled ? 'turned on' : 'turned off'}: ${(error as Error).message}`)
      }
      options.settings.update({ startAtLogin: enabled })
    },
  }
}

/** At each start: the OS entry follows the saved choice. A failure is a sentence to show, not a reason not to start. */
export function reapplyStartAtLogin(startAtLogin: StartAtLogin): string | null {
  try {
    startAtLogin.set(startAtLogin.enabled())
    return null
  } catch (error) {
    return (error as Error).message
  }
}

/** The question's words; English word for word the catalogue's desktop.startAtLogin.* (a test keeps them equal). */
export const START_AT_LOGIN_QUESTION = {
  question: 'Start 4D License Monitor when you log in?',
  detail: 'It would open in the tray, window hidden, and keep watching your servers. You can change this later in the tray menu.',
  yes: 'Start at login',
  notNow: 'Not now',
} as const

/** Asks once whether to start at login, in the user's language (`say`, the desktop's); off unless the user says yes. */
export async function askStartAtLogin(startAtLogin: StartAtLogin, settings: DesktopSettingsFile, say: Say = sayEnglish): Promise<void> {
  settings.update({ startAtLoginOffered: true })
  const words = (key: keyof typeof START_AT_LOGIN_QUESTION): string =>
    say(fixed(`desktop.startAtLogin.${key}`), START_AT_LOGIN_QUESTION[key])
  const { response } = await dialog.showMessageBox({
    type: 'question',
    message: words('question'),
    detail: words('detail'),
    buttons: [words('yes'), words('notNow')],
    defaultId: 1,
    cancelId: 1,
  })
  if (response === 0) startAtLogin.set(true)
}

/**
 * The server list's persistence, plus the first-run question: when a save
 * first lists a server (the first real server), start at login is offered,
 * once. The list is saved before the question, whatever the answer.
 */
export function offerStartAtLoginOnFirstServer(
  persistence: ServerPersistence,
  offer: () => void,
  alreadyOffered: () => boolean,
): ServerPersistence {
  // Object.create types its result as any: the new object delegates everything but write() to persistence.
  const wrapped = Object.create(persistence) as ServerPersistence
  wrapped.write = (records, secrets) => {
    persistence.write(records, secrets)
    if (records.length > 0 && !alreadyOffered()) offer()
  }
  return wrapped
}
