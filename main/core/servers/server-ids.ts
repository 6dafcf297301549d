// Stable server ids: secrets and history are keyed by them, so a saved
// server keeps its id when renamed; a new one gets its name's slug.

/** "Sales (EU) #2" -> "sales-eu-2"; names made only of symbols fall back to "server". */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return slug || 'server'
}

/** Names that differ only in punctuation ("Sales", "Sales!") get "sales", "sales-2". */
export function uniqueId(name: string, used: ReadonlySet<string>): string {
  const base = slugify(name)
  if (!used.has(base)) return base
  let n = 2
  while (used.has(`${base}-${n}`)) n++
  return `${base}-${n}`
}

/** Ids for a list: given ones kept, the others derived from the names and made unique. */
export function assignIds(entries: readonly { name: string; id?: string | undefined }[]): string[] {
  const used = new Set(entries.flatMap((entry) => (entry.id === undefined ? [] : [entry.id])))
  return entries.map((entry) => {
    if (entry.id !== undefined) return entry.id
    const id = uniqueId(entry.name, used)
    used.add(id)
    return id
  })
}
