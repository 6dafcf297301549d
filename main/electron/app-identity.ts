// Who the app is to the OS. On Windows a toast is shown only for an app with
// an AppUserModelID that matches its Start-menu shortcut (NSIS sets the
// shortcut's to the appId): without it, toasts silently do not show for many
// installs. macOS takes the id from the bundle; Linux notifications go through
// libnotify with the app's name and need nothing here.
import { app } from 'electron'
import { APP_ID } from '../app/app-id.ts'

/** Call before any notification; on Windows before ready is fine and earliest is best. */
export function setupAppIdentity(platform: NodeJS.Platform = process.platform): void {
  if (platform === 'win32') app.setAppUserModelId(APP_ID)
}
