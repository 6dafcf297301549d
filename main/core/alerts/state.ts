// What the rule engine remembers between evaluations, and what is saved so a
// restart sends no duplicate notice. Plain JSON data; the schema checks a file
// read back from disk.

import { z } from 'zod'
import type { AlertLevel, AlertPhase, AlertTransition, TextMessage } from '../types/index.ts'
import type { RowValue } from './notice-text.ts'

/** One machine's product. Entries in phase normal are dropped, so the state stays small. */
export interface LicenseAlert {
  machine: string
  productId: number
  productName: string
  phase: AlertPhase
  /** Level firing (or recovering); null while normal or pending. */
  level: AlertLevel | null
  /** Since when (ms) each level's fire condition has held without a break. */
  holdingSince: Partial<Record<AlertLevel, number>>
  firingSince: number | null
  /** Level of the last notice sent in this episode; null = no notice sent, so no resolved notice either. */
  notifiedLevel: AlertLevel | null
  lastNoticeAt: number | null
  /** Seen active during a snooze: when the snooze ends while still active, one reminder. */
  snoozeMuted: boolean
  value: RowValue
}

/** One server that failed `unreachableAfterFailures` polls in a row (only those are kept). */
export interface ServerAlert {
  serverId: string
  serverName: string
  machine: string
  since: number
  failures: number
  lastError: string | null
  /** lastError as a catalogue message (serverErrors.*); absent in files saved before it was kept, or without an error. */
  lastErrorMessage?: TextMessage
  notified: boolean
  snoozeMuted: boolean
}

export interface AlertState {
  license: Record<string, LicenseAlert>
  servers: Record<string, ServerAlert>
  /** Most recent last, at most MAX_TRANSITIONS. */
  transitions: AlertTransition[]
}

export const MAX_TRANSITIONS = 200

export function emptyAlertState(): AlertState {
  return { license: {}, servers: {}, transitions: [] }
}

/** "<productId>@<machine>": the id is a number, so the first "@" always splits it right. */
export function licenseKey(machine: string, productId: number): string {
  return `${productId}@${machine}`
}

export function serverKey(serverId: string): string {
  return `server:${serverId}`
}

const level = z.enum(['warning', 'critical', 'exhausted'])
const phase = z.enum(['normal', 'pending', 'firing', 'recovering'])
const point = z.object({ phase, level: z.enum(['warning', 'critical', 'exhausted', 'unreachable']).nullable() })

const licenseAlertSchema = z.object({
  machine: z.string(),
  productId: z.number(),
  productName: z.string(),
  phase,
  level: level.nullable(),
  holdingSince: z.object({ warning: z.number().optional(), critical: z.number().optional(), exhausted: z.number().optional() }),
  firingSince: z.number().nullable(),
  notifiedLevel: level.nullable(),
  lastNoticeAt: z.number().nullable(),
  snoozeMuted: z.boolean(),
  value: z.object({ used: z.number(), limit: z.number().nullable(), remaining: z.number().nullable() }),
})

/** A message as saved: its parts are messages too (or lists of them), checked to any depth. */
const textMessageSchema: z.ZodType<TextMessage> = z.lazy(() =>
  z.object({
    id: z.string(),
    params: z.record(z.string(), z.union([z.string(), z.number()])),
    parts: z.record(z.string(), z.union([textMessageSchema, z.array(textMessageSchema)])).optional(),
  }),
)

const serverAlertSchema = z.object({
  serverId: z.string(),
  serverName: z.string(),
  machine: z.string(),
  since: z.number(),
  failures: z.number(),
  lastError: z.string().nullable(),
  lastErrorMessage: textMessageSchema.optional(),
  notified: z.boolean(),
  snoozeMuted: z.boolean(),
})

const transitionSchema = z.object({
  at: z.string(),
  kind: z.enum(['license', 'server']),
  machine: z.string(),
  productId: z.number().nullable(),
  subject: z.string(),
  from: point,
  to: point,
  value: z.string(),
  // Kept across a restart, so the list still speaks the page's language (zod would strip it otherwise).
  valueMessage: textMessageSchema.optional(),
})

export const alertStateSchema = z.object({
  license: z.record(z.string(), licenseAlertSchema),
  servers: z.record(z.string(), serverAlertSchema),
  transitions: z.array(transitionSchema).max(MAX_TRANSITIONS),
})
