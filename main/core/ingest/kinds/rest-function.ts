// An exposed DataStore class function called over REST (4D 20+):
// POST /rest/$catalog/<function> with the arguments as a JSON array, answered as {"result": ...}.
import { unwrapRestResult } from '../payload-schema.ts'
import { payloadAnswer } from './http-json.ts'
import { ANY_AUTH, defineKind } from './kind.ts'

export const restFunction = defineKind({
  name: 'rest-function',
  label: 'REST function',
  description: 'Exposed DataStore function called over REST: POST /rest/$catalog/<function>, answered as {"result": ...}.',
  authTypes: ANY_AUTH,
  authRefusal: '',
  request: (url) => ({ url, method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json' }, body: '[]' }),
  answer: 'json',
  parse(body, limits) {
    const result = unwrapRestResult(body)
    return result.ok ? payloadAnswer(result.value, limits) : result
  },
})
