// A server's warnings carry, one for each and in the same order, a message of
// the catalogue (section "warnings") with the parameters it names, in every
// language: polled over real sockets through the real poller, so the messages
// are the ones the running monitor puts in its snapshot. The English stays
// word for word what it was, and no secret rides in a parameter.
import { describe, expect, it } from 'vitest'
import { toServerSummary } from '../../../main/core/poll/monitor.ts'
import { payloadFromMetrics } from '../../../main/core/ingest/prometheus-exporter.ts'
import { catalogueProblems as problemsOf } from '../catalogue-check.ts'
import { CLIENT_RECORD as RECORD, usePolledServer } from '../polled-server.ts'

const TOKEN = 's3cr3t-token-value'
const { pollOnce } = usePolledServer()

describe('server warnings as catalogue messages', () => {
  it('invalid records: the most common problem, and how many others, as parameters', async () => {
    const state = await pollOnce({ usage: [RECORD, { ...RECORD, productId: null, token: 8 }, { ...RECORD, token: 'nine' }] })
    expect(state.warnings).toEqual(['2 of 3 records invalid: productId missing (and 1 other problem)'])
    expect(state.warningMessages).toEqual([
      { id: 'warnings.invalidRecordsMore', params: { invalid: 2, total: 3, problem: 'productId missing', count: 1 } },
    ])
    expect(problemsOf(state.warningMessages![0]!)).toEqual([])
    // The snapshot's server entry carries them beside the English.
    expect(toServerSummary(state)).toMatchObject({ warnings: state.warnings, warningMessages: state.warningMessages })
  })

  it('invalid records and invalid License info products: one warning whose two halves are parts', async () => {
    const state = await pollOnce({
      usage: [RECORD, { ...RECORD, productId: null, token: 8 }],
      licenseInfo: { products: [{ id: 808464441, name: '4D Client', usedCount: 1, allowedCount: 10 }, { name: 'no id' }] },
    })
    expect(state.warnings).toEqual(['1 of 2 records invalid: productId missing; 1 of 2 License info products invalid: id missing'])
    const message = state.warningMessages?.[0]
    expect(message?.id).toBe('warnings.invalidBoth')
    expect(message?.parts).toEqual({
      records: { id: 'warnings.invalidRecords', params: { invalid: 1, total: 2, problem: 'productId missing' } },
      products: { id: 'warnings.invalidProducts', params: { invalid: 1, total: 2, problem: 'id missing' } },
    })
    expect(problemsOf(message!)).toEqual([])
  })

  it("the worker's failure and a stuck copy: in order, the worker's own text redacted in both forms", async () => {
    const state = await pollOnce(
      { usage: [RECORD], ageMs: 120_000, refreshSeconds: 5, error: `renewal failed for Bearer ${TOKEN}` },
      { auth: { type: 'bearer', token: TOKEN } },
    )
    expect(state.warnings).toEqual([
      "the 4D server's license worker failed its last refresh (renewal failed for Bearer ***): showing its previous copy",
      "the 4D server's copy of License usage is 120 s old: its worker may be stuck, so the data is shown as stale",
    ])
    expect(state.warningMessages?.map((message) => message.id)).toEqual(['warnings.workerFailed', 'warnings.copyTooOld'])
    expect(state.warningMessages?.[1]?.params).toEqual({ seconds: 120 })
    expect(JSON.stringify(state.warningMessages)).not.toContain(TOKEN)
    for (const message of state.warningMessages ?? []) expect(problemsOf(message)).toEqual([])
  })

  it('a clean answer has no warnings and no messages', async () => {
    const state = await pollOnce({ usage: [RECORD] })
    expect(state.warnings).toEqual([])
    expect(state).not.toHaveProperty('warningMessages')
  })

  it('unreadable lines of a Prometheus page: the count picks the plural, the parser’s remark stays as it said it', () => {
    const answer = payloadFromMetrics(
      ['garbage here', 'more garbage', 'FourD_Status_Clients_total{type="used"} 3', 'FourD_Status_Clients_total{type="allowed"} 10'].join(
        '\n',
      ),
    )
    if (!answer.ok) throw new Error(answer.error)
    expect(answer.warnings[0]).toMatch(/^2 lines of the metrics page could not be read \(.+\); the license counts were read$/)
    expect(answer.warningMessages?.[0]).toMatchObject({ id: 'warnings.metricsLines', params: { count: 2 } })
    expect(problemsOf(answer.warningMessages![0]!)).toEqual([])
  })
})
