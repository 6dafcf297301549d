// Reading PromQL out of deploy/ for the tests: the expressions of a Grafana
// dashboard, and the metric names an expression refers to. promtool parses the
// expressions for real; this only finds the names, which promtool cannot list.

const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'offset',
  'inf',
  'nan',
])

/** Grafana's variables, replaced by values that keep the expression valid PromQL. */
export function withoutVariables(expr: string): string {
  return expr.replace(/\$__(rate_interval|interval|range)\b/g, '1m').replace(/\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/g, '.*')
}

/** Every target's expr, in panels and in collapsed rows, and the selectors of label_values() variables. */
export function dashboardExpressions(dashboard: unknown): string[] {
  const found: string[] = []
  const board = dashboard as { panels?: unknown[]; templating?: { list?: { query?: unknown; definition?: unknown }[] } }
  const visit = (panel: unknown): void => {
    const p = panel as { targets?: { expr?: unknown }[]; panels?: unknown[] }
    for (const target of p.targets ?? []) if (typeof target.expr === 'string') found.push(target.expr)
    for (const inner of p.panels ?? []) visit(inner)
  }
  for (const panel of board.panels ?? []) visit(panel)
  for (const variable of board.templating?.list ?? []) {
    const query =
      typeof variable.query === 'object' && variable.query !== null ? (variable.query as { query?: unknown }).query : variable.query
    const selector = typeof query === 'string' ? /^label_values\((.+),\s*[A-Za-z_][A-Za-z0-9_]*\)$/.exec(query)?.[1] : undefined
    if (selector) found.push(selector)
  }
  return found.map(withoutVariables)
}

/** Metric names in an expression: identifiers that are not functions, keywords, label names or durations. */
export function metricNamesIn(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
  const names = [...bare.matchAll(/(?<![A-Za-z0-9_:.])([A-Za-z_:][A-Za-z0-9_:]*)(?![A-Za-z0-9_:]|\s*\()/g)].map((match) => match[1]!)
  return [...new Set(names.filter((name) => !KEYWORDS.has(name.toLowerCase())))]
}
