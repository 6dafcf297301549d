// The server settings calls of the contract. Arguments are checked for shape
// here (the renderer is not trusted) with the draft schema of
// servers/server-schema.ts; what a value means (a URL, a timeout within the
// interval) is the service's to say, per field, with the same schema.
import { z } from 'zod'
import type { InvokeHandlers, Result } from './contract.ts'
import type { ServerListService } from '../servers/server-list.ts'
import { callArgs } from './args.ts'
import { draftSchema } from '../servers/server-schema.ts'
import { failure } from './failure.ts'

export type ServerCallName =
  'listServers' | 'validateServers' | 'saveServers' | 'testConnection' | 'exportServers' | 'importServers' | 'putOnOneMachine'

/** Room for any real list while refusing a renderer that sends megabytes. */
const MAX_SERVERS = 500
const MAX_IMPORT_CHARS = 2_000_000

const draftsSchema = z.array(draftSchema).max(MAX_SERVERS)

function unavailable(): Promise<Result<never>> {
  return Promise.resolve({ ok: false, error: 'Server settings are not available in this monitor.' })
}

export function noServerHandlers(): Pick<InvokeHandlers, ServerCallName> {
  return {
    listServers: unavailable,
    validateServers: unavailable,
    saveServers: unavailable,
    testConnection: unavailable,
    exportServers: unavailable,
    importServers: unavailable,
    putOnOneMachine: unavailable,
  }
}

export function serverHandlers(service: ServerListService): Pick<InvokeHandlers, ServerCallName> {
  return {
    listServers: async (...args) => {
      callArgs('listServers', z.tuple([]), args)
      return { ok: true, data: service.list() }
    },
    validateServers: async (...args) => {
      const [drafts] = callArgs('validateServers', z.tuple([draftsSchema]), args)
      return { ok: true, data: service.validate(drafts) }
    },
    saveServers: async (...args) => {
      const [drafts] = callArgs('saveServers', z.tuple([draftsSchema]), args)
      try {
        return { ok: true, data: await service.save(drafts) }
      } catch (error) {
        return failure(error)
      }
    },
    testConnection: async (...args) => {
      const [draft] = callArgs('testConnection', z.tuple([draftSchema]), args)
      return { ok: true, data: await service.testConnection(draft) }
    },
    exportServers: async (...args) => {
      callArgs('exportServers', z.tuple([]), args)
      return { ok: true, data: service.exportJson() }
    },
    putOnOneMachine: async (...args) => {
      const [ids, machine] = callArgs(
        'putOnOneMachine',
        z.tuple([z.array(z.string().max(200)).max(MAX_SERVERS), z.string().max(200)]),
        args,
      )
      try {
        return { ok: true, data: await service.putOnOneMachine(ids, machine) }
      } catch (error) {
        return failure(error)
      }
    },
    importServers: async (...args) => {
      const [json] = callArgs('importServers', z.tuple([z.string().max(MAX_IMPORT_CHARS)]), args)
      try {
        return { ok: true, data: await service.importJson(json) }
      } catch (error) {
        return failure(error)
      }
    },
  }
}
