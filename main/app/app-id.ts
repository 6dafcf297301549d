// The one application id: electron-builder.yml's appId (a test compares
// them), Windows' AppUserModelID (toasts need it to show), the macOS bundle
// id and the Linux autostart file name.
//
// Why this shape: it must be valid everywhere at once. macOS bundle ids allow
// only letters, digits, dots and hyphens; freedesktop app ids (D-Bus names)
// discourage hyphens and forbid a segment starting with a digit ("4d..."). So
// no hyphen, no underscore, no leading digit. io.github.<owner> is the
// convention for projects without a domain of their own (Flathub uses it);
// the owner segment must match the real GitHub owner before a release.
export const APP_ID = 'io.github.fourdlicensemonitor.LicenseMonitor'

/** The command-line switch the app honours to start in the tray, window hidden (login items pass it). */
export const HIDDEN_SWITCH = '--hidden'
