// A cheap structural check of what crosses into the renderer. The backend
// validates payloads with zod; this only keeps a malformed snapshot (a proxy's
// error page, a half-written event) from reaching the stores and the templates.

import type {
  LicenseListChanges,
  LicenseListView,
  MachineUsage,
  ProductUsage,
  ServerSummary,
  Snapshot,
  SnapshotPatch,
} from '../../../main/core/types/index.ts'

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function isSnapshot(value: unknown): value is Snapshot {
  return (
    isRecord(value) &&
    typeof value.generatedAt === 'string' &&
    typeof value.demo === 'boolean' &&
    Array.isArray(value.machines) &&
    Array.isArray(value.servers)
  )
}

export function isProductUsage(value: unknown): value is ProductUsage {
  return (
    isRecord(value) &&
    typeof value.productId === 'number' &&
    typeof value.productName === 'string' &&
    typeof value.used === 'number' &&
    typeof value.status === 'string' &&
    Array.isArray(value.flags) &&
    Array.isArray(value.licenses) &&
    Array.isArray(value.shares)
  )
}

export function isMachineUsage(value: unknown): value is MachineUsage {
  return isRecord(value) && typeof value.machine === 'string' && Array.isArray(value.servers) && Array.isArray(value.products)
}

export function isServerSummary(value: unknown): value is ServerSummary {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.name === 'string' &&
    typeof value.status === 'string' &&
    Array.isArray(value.warnings)
  )
}

export function isSnapshotPatch(value: unknown): value is SnapshotPatch {
  return (
    isRecord(value) &&
    typeof value.seq === 'number' &&
    typeof value.base === 'number' &&
    typeof value.generatedAt === 'string' &&
    typeof value.demo === 'boolean'
  )
}

export function isLicenseListView(value: unknown): value is LicenseListView {
  return isRecord(value) && typeof value.listVersion === 'number' && Array.isArray(value.licenses)
}

function isLicenseKey(value: unknown): boolean {
  return isRecord(value) && typeof value.server === 'string' && typeof value.token === 'number'
}

/** Changes to a list (getLicenseList with `since`); every entry is checked, as the page applies each one. */
export function isLicenseListChanges(value: unknown): value is LicenseListChanges {
  return (
    isRecord(value) &&
    typeof value.since === 'number' &&
    typeof value.listVersion === 'number' &&
    typeof value.count === 'number' &&
    Array.isArray(value.removed) &&
    value.removed.every(isLicenseKey) &&
    Array.isArray(value.changed) &&
    value.changed.every(isLicenseKey)
  )
}
