// Names and defaults the simulated servers draw from. Kept apart from the
// model so the model reads as rules, not as lists.

import { productIdFromCode } from './product-id.ts'
import type { SimProductSpec, SimSessionKind } from './api.ts'

export const CLIENT_PRODUCT_ID = productIdFromCode('0009')
/** No public id exists for the SQL Server expansion; "0SQL" is this simulator's own code. */
export const SQL_PRODUCT_ID = productIdFromCode('0SQL')
/** "4D Web" in `Is license available` (808464945). */
export const WEB_PRODUCT_ID = productIdFromCode('0021')

export const DEFAULT_PRODUCTS: readonly SimProductSpec[] = [
  { productId: CLIENT_PRODUCT_ID, productName: '4D Client', allowed: 10 },
  { productId: SQL_PRODUCT_ID, productName: '4D SQL Server', allowed: 5 },
  { productId: WEB_PRODUCT_ID, productName: '4D Web Server', allowed: 3 },
]

export const SERVER_VERSION = '20 R10'

const SERVER_NAMES = [
  'Accounting',
  'Sales',
  'Warehouse',
  'Production',
  'HR',
  'Purchasing',
  'Logistics',
  'Support',
  'Marketing',
  'Quality',
  'Finance',
]

/** "Accounting", "Sales", ... then "Server 12", "Server 13", ... (index is 0-based). */
export function serverName(index: number): string {
  return SERVER_NAMES[index] ?? `Server ${index + 1}`
}

/** "srv-app-01", "srv-app-02", ... (index is 0-based). */
export function machineName(index: number): string {
  return `srv-app-${String(index + 1).padStart(2, '0')}`
}

export const USER_NAMES = [
  'maria',
  'joao',
  'ana',
  'pedro',
  'lucia',
  'marc',
  'sophie',
  'thomas',
  'yuki',
  'li',
  'fatima',
  'omar',
  'eva',
  'jan',
  'nina',
  'paul',
]
export const CLIENT_PREFIXES = ['PC-FIN', 'PC-SAL', 'PC-WH', 'PC-PRD', 'MAC-HR', 'MAC-DSN', 'LT-OPS']
export const SQL_USER_AGENTS = ['4D SQL Client', 'ODBC 4D Driver 20', 'PDO_4D PHP 8.3', 'Python p4d 1.2']

/** Which session kind a product's clients usually open (when retain gets no kind). */
export function defaultKindFor(productId: number): SimSessionKind {
  if (productId === SQL_PRODUCT_ID) return 'sql'
  if (productId === WEB_PRODUCT_ID) return 'web'
  return 'remote'
}

/** Which product a session kind draws from, when that product is simulated. */
export function productFor(kind: SimSessionKind): number {
  if (kind === 'sql') return SQL_PRODUCT_ID
  if (kind === 'web') return WEB_PRODUCT_ID
  return CLIENT_PRODUCT_ID
}

export const REASONS: Record<SimSessionKind, string> = {
  remote: 'remote connection',
  rest: 'REST session',
  sql: 'SQL connection',
  web: 'web session',
}
