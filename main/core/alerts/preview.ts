// "What would these thresholds do right now?": the level each row of the
// current snapshot would reach under a proposed configuration. Pure, and it
// never touches the alert state: the settings screen calls it on every edit.
// It ignores `for` and hysteresis on purpose: the question is where the
// thresholds sit against today's numbers, not when a notice would go out.

import type { AlertPreviewRow, Snapshot } from '../types/index.ts'
import { resolveLevelRules, type AlertConfig } from './config.ts'
import { holdingLevels, isJudged } from './conditions.ts'
import { judgedRow } from './engine.ts'

export function previewAlertLevels(snapshot: Snapshot, config: AlertConfig): AlertPreviewRow[] {
  return snapshot.machines.flatMap((machine) =>
    machine.products.map((shown) => {
      const row = judgedRow(shown, config)
      const value = { used: row.used, limit: row.limit, remaining: row.remaining }
      let level: AlertPreviewRow['level'] = null
      if (!row.unlimited && isJudged(value)) {
        const rules = resolveLevelRules(config, machine.machine, row.productId, row.productName)
        level = holdingLevels(rules, value)[0] ?? 'ok'
      }
      return { machine: machine.machine, productId: row.productId, productName: row.productName, ...value, level, current: row.status }
    }),
  )
}
