// A servers file that cannot be written: the save call fails with core's
// English sentence and, beside it, the same sentence as a catalogue message
// (servers.saveFailed, the file's cause as a fileCauses.* part), through the
// contract as the page receives it. Real files (a folder where the file goes);
// the catalogue's English of every file cause is core's word for word.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { createBackend, dispatchCall } from '../../../main/core/contract/backend.ts'
import { createMonitor } from '../../../main/core/poll/monitor.ts'
import { createFilePersistence, saveFailure } from '../../../main/core/servers/file-persistence.ts'
import { emptyDraft } from '../../../main/core/servers/server-record.ts'
import { createServerList } from '../../../main/core/servers/server-list.ts'
import type { TextMessage } from '../../../main/core/types/index.ts'
import { FILE_CAUSES, fileCause, fileCauseMessage } from '../../../main/core/util/file-errors.ts'
import { MESSAGES, type Locale } from '../../../renderer/src/i18n/catalogue.ts'

const i18n = createI18n({ legacy: false, locale: 'en', messages: MESSAGES, missingWarn: false, fallbackWarn: false }).global

/** The catalogue's words for a message with its parts said first, as the page says it (text-message.ts). */
function say(message: TextMessage, locale: Locale): string {
  const params: Record<string, string | number> = { ...message.params }
  for (const [name, part] of Object.entries(message.parts ?? {})) if (!Array.isArray(part)) params[name] = say(part, locale)
  return i18n.t(message.id, params, { locale })
}

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lm-save-failure-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('a servers file that cannot be written', () => {
  it('fails the save call with the English sentence and its message, nothing applied', async () => {
    const path = join(dir, 'servers.json')
    let applied = 0
    const persistence = createFilePersistence({ path, env: {}, log: () => undefined })
    const servers = createServerList({ persistence, apply: () => void applied++, env: {}, lookup: async () => [] })
    const backend = createBackend({ monitor: createMonitor({ servers: [], demo: false }), servers })
    mkdirSync(path)
    const draft = { ...emptyDraft(), name: 'Contabilidade', url: 'http://127.0.0.1:9/licencas' }
    const result = await dispatchCall(backend, 'saveServers', [[draft]])
    expect(result).toEqual({
      ok: false,
      error: `The server list could not be saved to ${path}: it is a folder, not a file (EISDIR)`,
      errorMessage: {
        id: 'servers.saveFailed',
        params: { path, cause: 'it is a folder, not a file (EISDIR)' },
        parts: { cause: { id: 'fileCauses.EISDIR', params: { code: 'EISDIR' } } },
      },
    })
    expect(applied).toBe(0)
    const { errorMessage } = result as { errorMessage: TextMessage }
    expect(say(errorMessage, 'en')).toBe((result as { error: string }).error)
    expect(say(errorMessage, 'pt-BR')).toBe(
      `Não foi possível salvar a lista de servidores em ${path}: é uma pasta, não um arquivo (EISDIR)`,
    )
    expect(say(errorMessage, 'de')).toBe(
      `Die Serverliste konnte nicht unter ${path} gespeichert werden: es ist ein Ordner, keine Datei (EISDIR)`,
    )
    // The list is as it was: the failed save left nothing half kept.
    expect(((await dispatchCall(backend, 'listServers', [])) as { data: { servers: unknown[] } }).data.servers).toEqual([])
  })

  it('a cause without a known code keeps its English and carries no part', () => {
    const failure = saveFailure('/srv/servers.json', new Error('something odd happened'))
    expect(failure.text).toBe('The server list could not be saved to /srv/servers.json: something odd happened')
    expect(failure.message).toEqual({ id: 'servers.saveFailed', params: { path: '/srv/servers.json', cause: 'something odd happened' } })
  })

  it('the catalogue’s English of every file cause is core’s, code included', () => {
    for (const code of Object.keys(FILE_CAUSES)) {
      const error = Object.assign(new Error('x'), { code })
      const message = fileCauseMessage(error)
      expect(message, code).toBeDefined()
      expect(say(message!, 'en'), code).toBe(fileCause(error))
      for (const locale of ['pt-BR', 'fr', 'es', 'de', 'ja'] as const)
        expect(say(message!, locale), `${locale} ${code}`).not.toBe(fileCause(error))
    }
  })
})
