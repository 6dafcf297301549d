import { describe, expect, it } from 'vitest'
import { errorSentence, safeCall } from '../../../renderer/src/api/safe-call.ts'

describe('safeCall', () => {
  it('passes a Result through, failed or not', async () => {
    expect(await safeCall(async () => ({ ok: true, data: 3 }))).toEqual({ ok: true, data: 3 })
    expect(await safeCall(async () => ({ ok: false, error: 'no history yet' }))).toEqual({ ok: false, error: 'no history yet' })
  })

  it('turns a rejection, a synchronous throw and a thrown non-Error into a failed Result with a sentence', async () => {
    expect(await safeCall(() => Promise.reject(new Error('the monitor closed')))).toEqual({ ok: false, error: 'the monitor closed' })
    expect(
      await safeCall(() => {
        throw new TypeError('api.getSnapshot is not a function')
      }),
    ).toEqual({ ok: false, error: 'api.getSnapshot is not a function' })
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the case under test: a rejection with a bare string
    expect(await safeCall(() => Promise.reject('socket hang up'))).toEqual({ ok: false, error: 'socket hang up' })
  })
})

describe('errorSentence', () => {
  it("gives an Error's message, else the value as text", () => {
    expect(errorSentence(new RangeError('interval too long'))).toBe('interval too long')
    expect(errorSentence(404)).toBe('404')
    expect(errorSentence(null)).toBe('null')
  })
})
