// Start at login on Linux: an XDG autostart entry (freedesktop.org Desktop
// Application Autostart spec) that our code writes and removes. Electron's
// setLoginItemSettings does nothing on Linux, so this is the whole feature
// there. Pure Node: the folder is given, so tests use a temporary one.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

export interface AutostartEntry {
  /** File name without `.desktop`: the app id, so a reinstall replaces the same file. */
  id: string
  name: string
  comment: string
  /** The program and its arguments, unquoted; quoted here per the Desktop Entry spec. */
  command: string[]
}

/** `$XDG_CONFIG_HOME/autostart`, or `~/.config/autostart` when the variable is unset or not absolute (the spec says to ignore it then). */
export function autostartDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const configHome = env.XDG_CONFIG_HOME
  return join(configHome !== undefined && configHome.startsWith('/') ? configHome : join(home, '.config'), 'autostart')
}

// Desktop Entry spec, "The Exec key": an argument with a reserved character
// is quoted in double quotes, and inside them ", `, $ and \ take a backslash.
const RESERVED = /[\s"'\\><~|&;$*?#()`]/

function quoteArgument(argument: string): string {
  if (argument === '') return '""'
  // A literal % would read as a field code (%f, %u, ...): the spec writes it %%.
  const percent = argument.replaceAll('%', '%%')
  if (!RESERVED.test(percent)) return percent
  return `"${percent.replace(/["`$\\]/g, (char) => `\\${char}`)}"`
}

/**
 * The Exec value as written in the file. Exec is also a string value, whose
 * own escape rule doubles each backslash again: a `\$` from quoting is
 * stored as `\\$`, as the spec's example shows.
 */
export function desktopExecLine(command: readonly string[]): string {
  if (command.length === 0) throw new Error('The autostart entry needs a program to start; none was given.')
  return command.map(quoteArgument).join(' ').replaceAll('\\', '\\\\')
}

/** A value on one line: a newline in a name would start a new key. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ')
}

export function autostartFileText(entry: AutostartEntry): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${oneLine(entry.name)}`,
    `Comment=${oneLine(entry.comment)}`,
    `Exec=${desktopExecLine(entry.command)}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n')
}

function fileOf(dir: string, id: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(id))
    throw new Error(`The autostart id "${id}" may hold only letters, digits, dots, dashes and underscores.`)
  return join(dir, `${id}.desktop`)
}

export function isAutostartEnabled(dir: string, id: string): boolean {
  return existsSync(fileOf(dir, id))
}

/** Writes (through a temporary file and a rename: a session never reads half an entry) or removes the entry. */
export function setAutostart(dir: string, entry: AutostartEntry, enabled: boolean): void {
  const file = fileOf(dir, entry.id)
  if (!enabled) {
    rmSync(file, { force: true })
    return
  }
  mkdirSync(dir, { recursive: true })
  const temporary = `${file}.${process.pid}.tmp`
  writeFileSync(temporary, autostartFileText(entry), { mode: 0o644 })
  renameSync(temporary, file)
}
