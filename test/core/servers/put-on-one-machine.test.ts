// "Put these on one machine" and the resolved hosts in the list (issue 18),
// over a real servers.json in a temp folder.

import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { createFilePersistence } from '../../../main/core/servers/file-persistence.ts'
import { createServerList, type ServerListService } from '../../../main/core/servers/server-list.ts'
import { emptyDraft } from '../../../main/core/servers/server-record.ts'
import type { ServerConfig, ServerDraft } from '../../../main/core/types/index.ts'

let dir: string
let applied: ServerConfig[][]

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lm-pools-'))
  applied = []
})

function service(): ServerListService {
  return createServerList({
    persistence: createFilePersistence({ path: join(dir, 'servers.json'), env: {}, log: () => undefined }),
    apply: (configs) => void applied.push(configs),
    lookup: (host) =>
      host === 'srv-app-01' ? Promise.resolve(['10.0.0.5']) : Promise.reject(Object.assign(new Error('x'), { code: 'ENOTFOUND' })),
  })
}

const draft = (name: string, url: string): ServerDraft => ({ ...emptyDraft(), name, url })

async function saved(list: ServerListService, drafts: ServerDraft[]): Promise<string[]> {
  const outcome = await list.save(drafts)
  if (outcome.status !== 'saved') throw new Error(JSON.stringify(outcome.problems))
  return outcome.list.servers.map((entry) => entry.id)
}

describe('hosts resolved on save', () => {
  it('an IP and a name of one address go to the monitor as one machine, and the list says why', async () => {
    const list = service()
    await saved(list, [draft('Accounting', 'http://10.0.0.5:8080/u'), draft('Sales', 'http://srv-app-01:8080/u')])
    expect(applied.at(-1)?.map((config) => config.hostMachine)).toEqual(['srv-app-01', 'srv-app-01'])
    const views = list.list().hostMachines ?? {}
    expect(Object.values(views).map((view) => view.reason)).toEqual([
      '10.0.0.5, srv-app-01 resolve to 10.0.0.5: one machine',
      'srv-app-01, 10.0.0.5 resolve to 10.0.0.5: one machine',
    ])
    // Derived, never saved: the file holds only what the admin wrote.
    expect(readFileSync(join(dir, 'servers.json'), 'utf8')).not.toContain('hostMachine')
  })
})

describe('putOnOneMachine', () => {
  it('sets the label on exactly those servers, saves, and gives the monitor the new list', async () => {
    const list = service()
    const ids = await saved(list, [draft('A', 'http://127.0.0.1:1/u'), draft('B', 'http://srv-b:2/u'), draft('C', 'http://srv-c:3/u')])
    const outcome = await list.putOnOneMachine([ids[0]!, ids[1]!], ' srv-app-01 ')
    expect(outcome.status).toBe('saved')
    expect(list.list().servers.map((entry) => entry.machine)).toEqual(['srv-app-01', 'srv-app-01', ''])
    expect(applied.at(-1)?.map((config) => config.machine)).toEqual(['srv-app-01', 'srv-app-01', undefined])
  })

  it.each([
    { ids: ['a'], machine: 'm', message: 'Put on one machine: name at least two servers.', id: 'oneMachineTooFew', params: {} },
    { ids: ['a', 'b'], machine: '  ', message: 'Put on one machine: the machine label is empty.', id: 'oneMachineNoLabel', params: {} },
    {
      ids: ['a', 'zz'],
      machine: 'm',
      message: 'Put on one machine: no saved server has the id "zz": reload the list and try again.',
      id: 'oneMachineUnknown',
      params: { ids: '"zz"' },
    },
  ])('refuses $ids on "$machine" with a sentence and its message id, and saves nothing', async ({ ids, machine, message, id, params }) => {
    const list = service()
    await saved(list, [draft('A', 'http://127.0.0.1:1/u'), draft('B', 'http://127.0.0.1:2/u')])
    const before = readFileSync(join(dir, 'servers.json'), 'utf8')
    const outcome = await list.putOnOneMachine(ids, machine)
    expect(outcome).toEqual({
      status: 'invalid',
      problems: [{ index: 0, field: 'list', message, sentence: { id: `servers.validation.${id}`, params } }],
    })
    expect(readFileSync(join(dir, 'servers.json'), 'utf8')).toBe(before)
  })
})
