import { describe, expect, it } from 'vitest'
import { defaultAlertConfig, parseAlertConfig, resolveLevelRules, unmatchedOverrides } from '../../../main/core/alerts/config.ts'

describe('parseAlertConfig', () => {
  it('gives the documented defaults for an empty input', () => {
    const parsed = parseAlertConfig({})
    expect(parsed).toEqual({ ok: true, config: defaultAlertConfig() })
    const { levels, hysteresis, unreachableAfterFailures } = defaultAlertConfig()
    expect(levels.warning).toEqual({ utilizationPercent: 80, remaining: null, forMs: 30_000, repeatMs: null })
    expect(levels.critical).toEqual({ utilizationPercent: 95, remaining: 1, forMs: 0, repeatMs: 1_800_000 })
    expect(levels.exhausted).toEqual({ utilizationPercent: null, remaining: 0, forMs: 0, repeatMs: 1_800_000 })
    expect(hysteresis).toEqual({ utilizationPoints: 5, remaining: 2 })
    expect(unreachableAfterFailures).toBe(3)
  })

  it('replaces a level condition as a whole and merges its timing', () => {
    const parsed = parseAlertConfig({ critical: { remaining: 2 }, warning: { forMs: 60_000 } })
    expect(parsed.ok && parsed.config.levels.critical).toEqual({ utilizationPercent: null, remaining: 2, forMs: 0, repeatMs: 1_800_000 })
    expect(parsed.ok && parsed.config.levels.warning).toEqual({ utilizationPercent: 80, remaining: null, forMs: 60_000, repeatMs: null })
  })

  it.each([
    [{ warning: { utilizationPercent: 97 } }, 'The warning utilization (97%) must not be above the critical one (95%).'],
    [{ critical: { remaining: -1 } }, 'critical.remaining'],
    [{ warning: { colour: 'red' } }, 'warning'],
    [{ overrides: [{ warning: { remaining: 3 } }] }, 'An override must name a machine, a product, or both.'],
    [{ critical: { repeatMs: 5 } }, 'critical.repeatMs'],
  ])('rejects %j with a sentence naming it', (input, fragment) => {
    const parsed = parseAlertConfig(input)
    expect(parsed.ok).toBe(false)
    expect(!parsed.ok && parsed.error).toContain(fragment)
  })
})

describe('resolveLevelRules: machine+product > product > machine > global', () => {
  const config = {
    ...defaultAlertConfig(),
    overrides: [
      { machine: 'srv-app-01', product: '4D Client', critical: { remaining: 5 } },
      { product: 808464441, critical: { remaining: 4 } },
      { product: '4D Client', critical: { remaining: 3 } },
      { machine: 'srv-app-01', critical: { remaining: 2 }, warning: { forMs: 0 } },
    ],
  }

  it.each([
    ['srv-app-01', 808464441, '4D Client', 5],
    ['srv-app-02', 808464441, '4D Client', 4],
    ['srv-app-02', 999, '4D Client', 3],
    ['srv-app-01', 1, '4D SQL Server', 2],
    ['srv-app-02', 1, '4D SQL Server', 1],
  ])('%s / %s %s: critical at %s left', (machine, id, name, remaining) => {
    expect(resolveLevelRules(config, machine, id, name).critical.remaining).toBe(remaining)
  })

  it('keeps fields a more specific override does not set', () => {
    expect(resolveLevelRules(config, 'srv-app-01', 808464441, '4D Client').warning.forMs).toBe(0)
  })
})

describe('overrides checked and matched as an admin means them', () => {
  it('refuses an override whose levels are out of order once applied on the global ones', () => {
    const result = parseAlertConfig({ overrides: [{ product: '4D Client', critical: { utilizationPercent: 60 } }] })
    expect(result).toEqual({
      ok: false,
      error:
        'The alert settings are not valid: In the override for "4D Client": the warning utilization (80%) must not be above the critical one (60%).',
    })
  })

  it('accepts an override that moves both levels consistently', () => {
    expect(
      parseAlertConfig({ overrides: [{ product: '4D Client', warning: { utilizationPercent: 50 }, critical: { utilizationPercent: 60 } }] })
        .ok,
    ).toBe(true)
  })

  it('matches machine names without case', () => {
    const parsed = parseAlertConfig({ overrides: [{ machine: 'SRV-APP-01', critical: { remaining: 5 } }] })
    if (!parsed.ok) throw new Error(parsed.error)
    expect(resolveLevelRules(parsed.config, 'srv-app-01', 1, '4D Client').critical.remaining).toBe(5)
    expect(resolveLevelRules(parsed.config, 'srv-app-02', 1, '4D Client').critical.remaining).toBe(1)
  })
})

describe('overrides that name nothing the monitor sees', () => {
  const seen = [
    { machine: 'srv-app-01', products: [{ productId: 808464441, productName: '4D Client' }] },
    { machine: 'srv-app-02', products: [{ productId: 808464945, productName: '4D Web' }] },
  ]
  const configWith = (overrides: unknown[]) => {
    const parsed = parseAlertConfig({ overrides })
    if (!parsed.ok) throw new Error(parsed.error)
    return parsed.config
  }

  it('reports a misspelt machine and a misspelt product, and a product not on the named machine', () => {
    const config = configWith([
      { machine: 'srv-ap-01', critical: { remaining: 3 } },
      { product: '4D Clinet', critical: { remaining: 3 } },
      { machine: 'srv-app-02', product: '4D Client', critical: { remaining: 3 } },
    ])
    expect(unmatchedOverrides(config, seen)).toEqual([
      'The alert override for machine "srv-ap-01" names a machine the monitor does not see.',
      'The alert override for "4D Clinet" names a product the monitor does not see.',
      'The alert override for "4D Client" on machine "srv-app-02" names a product the monitor does not see on that machine.',
    ])
  })

  it('says nothing for overrides that match (machine without case, product by id or name) or before anything is seen', () => {
    const config = configWith([
      { machine: 'SRV-APP-01', critical: { remaining: 3 } },
      { product: 808464945, critical: { remaining: 3 } },
      { machine: 'srv-app-01', product: '4d client', critical: { remaining: 3 } },
    ])
    expect(unmatchedOverrides(config, seen)).toEqual([])
    expect(unmatchedOverrides(configWith([{ machine: 'nowhere' }]), [])).toEqual([])
  })
})
