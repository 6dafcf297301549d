// The 4D side's own word on its copy (4d-component: ageMs, refreshSeconds,
// error): a stuck worker keeps answering 200 with an old copy, and only its
// age tells. Over real sockets, through the real poller.
import { describe, expect, it } from 'vitest'
import type { ServerState } from '../../../main/core/types/index.ts'
import { CLIENT_RECORD, usePolledServer } from '../polled-server.ts'

const RECORD = { ...CLIENT_RECORD, reason: 'CLIENT' }
const polled = usePolledServer()

/** One poll of an answer with the endpoint's own fields about its copy beside the record. */
function pollOnce(extra: Record<string, unknown>): Promise<ServerState> {
  return polled.pollOnce({ usage: [RECORD], ...extra })
}

describe("the endpoint's copy and its worker", () => {
  it('a fresh copy is up, with no warning', async () => {
    const state = await pollOnce({ ageMs: 1200, refreshSeconds: 5 })
    expect(state.status).toBe('up')
    expect(state.warnings).toEqual([])
    expect(state.payload?.copyAgeMs).toBe(1200)
  })

  it('a copy older than the staleness window is stale, with a sentence that names the stuck worker', async () => {
    const state = await pollOnce({ ageMs: 120_000, refreshSeconds: 5 })
    expect(state.status).toBe('stale')
    expect(state.warnings).toEqual([
      "the 4D server's copy of License usage is 120 s old: its worker may be stuck, so the data is shown as stale",
    ])
  })

  it('a worker that renews slowly gets two of its periods before its copy counts as stale', async () => {
    const state = await pollOnce({ ageMs: 40_000, refreshSeconds: 30 })
    expect(state.status).toBe('up')
    expect(state.warnings).toEqual([])
  })

  it("a failed refresh is a warning that quotes the worker's error, bounded, and the records are kept", async () => {
    const state = await pollOnce({ ageMs: 500, error: 'Error 54: ' + 'x'.repeat(1000) })
    expect(state.status).toBe('up')
    expect(state.payload?.records).toHaveLength(1)
    expect(state.warnings).toHaveLength(1)
    expect(state.warnings[0]).toMatch(
      /^the 4D server's license worker failed its last refresh \(Error 54: x+\): showing its previous copy$/,
    )
    expect(state.warnings[0]!.length).toBeLessThan(400)
  })

  it('odd figures are left out, never costing the records', async () => {
    const state = await pollOnce({ ageMs: -5, refreshSeconds: 'soon', error: 42 })
    expect(state.status).toBe('up')
    expect(state.payload?.records).toHaveLength(1)
    expect(state.payload?.copyAgeMs).toBeUndefined()
    expect(state.payload?.workerError).toBeUndefined()
  })
})
