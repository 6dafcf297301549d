// For ESLint's type-aware rules only: its TypeScript service does not read .vue files the way
// vue-tsc does, so without this an imported component is an error type. vue-tsc resolves the real
// file first and never uses this declaration.
declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent
  export default component
}
