// The layer rules of the app, written once (`npm run lint:deps`, part of `npm run lint` and `npm test`).
// Layers, inside out: main/core (domain: runs in plain Node, the served mode and the tests),
// then the hosts around it (main/app start-up, main/electron glue, main/serve, main/export CLI,
// main/simulator), and the two web-side packages (preload, renderer) that see main only
// through the contract and its types.
//
// Type-only imports are told apart because tsPreCompilationDeps reads the TypeScript before it is
// compiled: `import type` / `export type` are 'type-only'. Under verbatimModuleSyntax an inline
// `import { type X }` still loads its module while dependency-cruiser calls it type-only, so ESLint
// refuses that form (no-import-type-side-effects, and a no-restricted-syntax rule for re-exports).

/** Dependency types that vanish at compile time. */
const TYPE_ONLY = ['type-only', 'type-import']

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-not-to-electron',
      comment: 'main/core is the domain: it runs in plain Node (tests, the served mode), where electron does not exist.',
      severity: 'error',
      from: { path: '^main/core/' },
      to: { path: '(^|/)node_modules/electron/' },
    },
    {
      name: 'core-not-to-hosts',
      comment:
        'main/core never imports the hosts built around it (start-up, electron glue, served mode, export CLI, simulator): ' +
        'they depend on the core, never the reverse.',
      severity: 'error',
      from: { path: '^main/core/' },
      to: { path: '^main/(app|electron|serve|export|simulator)/' },
    },
    {
      name: 'node-hosts-not-to-electron-at-run-time',
      comment:
        'Start-up (shared by both hosts), the served mode, the export CLI and the simulator run in plain Node: ' +
        'they may name electron types, never load it.',
      severity: 'error',
      from: { path: '^main/(app|serve|export|simulator)/' },
      to: { path: '(^|/)node_modules/electron/', dependencyTypesNot: TYPE_ONLY },
    },
    {
      name: 'ingest-not-to-alerts-or-history',
      comment: 'ingest/ fetches and validates what servers answer; alerts and history are downstream of it.',
      severity: 'error',
      from: { path: '^main/core/ingest/' },
      to: { path: '^main/core/(alerts|history)/' },
    },
    {
      name: 'renderer-only-types-from-main',
      comment:
        'The renderer is a web page: it takes only types from main/ (import type), nothing that runs; the one exception ' +
        "is the table filter's matching rule (main/core/contract/row-filter.ts, pure), which the backend's " +
        'findMatchingRows must apply exactly as the page does.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^main/', pathNot: '^main/core/contract/row-filter[.]ts$', dependencyTypesNot: TYPE_ONLY },
    },
    {
      name: 'renderer-not-to-node',
      comment: 'The renderer is a sandboxed web page: Node built-ins do not exist there.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'], dependencyTypesNot: TYPE_ONLY },
    },
    {
      name: 'renderer-not-to-electron',
      comment: 'The renderer reaches main only through the preload API, never through electron itself.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '(^|/)node_modules/electron/', dependencyTypesNot: TYPE_ONLY },
    },
    {
      name: 'main-only-catalogue-from-renderer',
      comment:
        'main/ takes from the renderer only the message catalogue (plain JSON and the pure functions beside it) and the ' +
        'pure rules that say a core message with it (say-message.ts), so the tray and desktop notifications speak the ' +
        'same words as the page; nothing else of the page runs in main.',
      severity: 'error',
      from: { path: '^main/' },
      to: { path: '^renderer/', pathNot: '^renderer/src/i18n/(catalogue[.]ts|say-message[.]ts|locales/[^/]+[.]json)$' },
    },
    {
      name: 'preload-only-to-contract',
      comment: 'The preload is the narrow bridge: from main/ it takes the contract (channel names, types) and nothing else.',
      severity: 'error',
      from: { path: '^preload/' },
      to: { path: '^main/', pathNot: '^main/core/contract/contract[.]ts$' },
    },
    {
      name: 'no-circular-in-core',
      comment:
        'A run-time cycle in the core hides which stage of the data path depends on which, and can hand a module ' +
        'an import that is not initialised yet. Cycles through types only are left out: they vanish when compiled ' +
        '(the types/ barrel and its parts name each other by design).',
      severity: 'error',
      from: { path: '^main/core/' },
      to: { path: '^main/core/', circular: true, dependencyTypesNot: TYPE_ONLY, viaOnly: { dependencyTypesNot: TYPE_ONLY } },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing fails at run time (or in the bundler).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    exclude: { path: '[.]d[.]ts$' },
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.vue', '.json'],
      mainFields: ['module', 'main', 'types'],
    },
    cache: { folder: 'node_modules/.cache/dependency-cruiser', strategy: 'content' },
    progress: { type: 'none' },
  },
}
