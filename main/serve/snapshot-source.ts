import type { Monitor } from '../core/poll/monitor.ts'

/** The part of the monitor the served mode and the Electron glue read: the latest snapshot and its changes. */
export type SnapshotSource = Pick<Monitor, 'getSnapshot' | 'onSnapshot'>
