// ESLint: typescript-eslint's strict type-aware rules on every .ts and .vue
// file, eslint-plugin-vue's Vue 3 recommended rules, and nothing about layout
// (Prettier owns that; eslint-config-prettier comes last and turns the
// layout rules off). Layer rules are not here: they live once, in
// .dependency-cruiser.cjs.
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import vue from 'eslint-plugin-vue'
import { defineConfig, globalIgnores } from 'eslint/config'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default defineConfig(
  globalIgnores(['out/', 'dist/', '.tools/', 'test-results/', 'playwright-report/', '4d-component/', 'schema/', 'docs/']),

  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  vue.configs['flat/recommended'],
  {
    languageOptions: {
      parserOptions: {
        // Both tsconfigs named: the project service fell back to a default program (without
        // noUncheckedIndexedAccess) for some files and then called needed assertions unnecessary.
        project: ['./tsconfig.node.json', './tsconfig.web.json'],
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.vue'],
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: ['**/*.vue'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser },
      globals: globals.browser,
    },
  },
  {
    files: ['**/*.ts', '**/*.vue'],
    rules: {
      // TypeScript reports undefined names itself, and knows the DOM and Node globals per tsconfig.
      'no-undef': 'off',
      // Numbers and booleans in messages are what we mean (`${count} of ${limit} left`); objects are still refused.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `_name` marks a parameter a signature needs but the body does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // An async function that does not await is how a contract handler turns a throw into a rejection.
      '@typescript-eslint/require-await': 'off',
      // `() => doSomething()` as a callback is the house idiom; void returned from a block is still refused.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // `void checkValue` marks a compile-time check as used; the rule's fix would leave a bare, unused expression.
      // Its 'contextually unnecessary' check removed assertions that the compiler needs (x ?? (a[0] as T),
      // a narrowed CLI value in an object literal): vue-tsc then failed. The type check is the judge.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/no-meaningless-void-operator': 'off',
      // Under verbatimModuleSyntax `import { type X } from 'm'` still loads m, while dependency-cruiser
      // reads it as type-only: write `import type` so the layer rules see what really loads.
      '@typescript-eslint/no-import-type-side-effects': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "ExportNamedDeclaration[source] > ExportSpecifier[exportKind='type']",
          message:
            'Re-export types with `export type { … } from`: an inline `type` still loads the module, and the layer rules would miss it.',
        },
      ],
    },
  },
  {
    // Tests, benchmarks and scripts: a crash there is the failure report.
    files: ['test/**', 'bench/**', 'scripts/**'],
    rules: {
      // With noUncheckedIndexedAccess, `rows[0]!` is how a test says "there is a first row"; if not, the test fails.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['test/**'],
    rules: {
      // Tests read JSON answers (`await response.json()`, page.evaluate) as any and check them with expect().
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      // `expect(api.method).toHaveBeenCalled()` passes a method without calling it, by design.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // The config files themselves are plain JavaScript outside both tsconfigs.
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  prettier,
)
