// View preferences of this window: filter text, sort, expanded rows. Kept in
// sessionStorage so a reload (or the served page's re-login) keeps them.

import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { DEFAULT_DIRECTION, SORT_KEYS } from '../model/rows.ts'
import type { SortDirection, SortKey } from '../model/rows.ts'

export const UI_STORAGE_KEY = 'licenseMonitor.ui'

interface SavedUi {
  view: string
  filterText: string
  sortKey: SortKey
  sortDirection: SortDirection
  expanded: string[]
}

function storage(): Storage | null {
  try {
    return sessionStorage
  } catch {
    // Access can throw where storage is disabled; the view then simply starts fresh.
    return null
  }
}

function load(): Partial<SavedUi> {
  try {
    const raw = storage()?.getItem(UI_STORAGE_KEY)
    const value: unknown = raw ? JSON.parse(raw) : null
    if (typeof value !== 'object' || value === null) return {}
    const saved = value as Record<string, unknown>
    return {
      view: typeof saved.view === 'string' ? saved.view : undefined,
      filterText: typeof saved.filterText === 'string' ? saved.filterText : undefined,
      sortKey: SORT_KEYS.find((key) => key === saved.sortKey),
      sortDirection: saved.sortDirection === 'ascending' || saved.sortDirection === 'descending' ? saved.sortDirection : undefined,
      expanded: Array.isArray(saved.expanded) ? saved.expanded.filter((key): key is string => typeof key === 'string') : undefined,
    }
  } catch {
    return {}
  }
}

export const useUiStore = defineStore('ui', () => {
  const saved = load()
  /** Key of the current view (views/registry.ts); an unknown key falls back to the first view. */
  const view = ref(saved.view ?? 'licenses')
  const filterText = ref(saved.filterText ?? '')
  const sortKey = ref<SortKey>(saved.sortKey ?? 'machine')
  const sortDirection = ref<SortDirection>(saved.sortDirection ?? DEFAULT_DIRECTION[sortKey.value])
  const expanded = ref<string[]>(saved.expanded ?? [])
  const expandedKeys = computed(() => new Set(expanded.value))

  function showView(key: string): void {
    view.value = key
  }

  function setFilter(text: string): void {
    filterText.value = text
  }

  /** The same column flips direction; another column starts in its own default direction. */
  function sortBy(key: SortKey): void {
    if (sortKey.value === key) {
      sortDirection.value = sortDirection.value === 'ascending' ? 'descending' : 'ascending'
    } else {
      sortKey.value = key
      sortDirection.value = DEFAULT_DIRECTION[key]
    }
  }

  function isExpanded(key: string): boolean {
    return expandedKeys.value.has(key)
  }

  /**
   * The row the pointer rests on or the keyboard is in: its license list is fetched ahead of a click, so
   * expanding it shows its first rows in the click's own frame (pushes carry no lists). Not saved; one row.
   */
  const previewed = ref<string | null>(null)
  function preview(key: string): void {
    previewed.value = key
  }
  /** Rows whose lists the page keeps fetched: the expanded ones and the previewed one. */
  const listedRows = computed(() =>
    previewed.value === null || expandedKeys.value.has(previewed.value) ? expanded.value : [...expanded.value, previewed.value],
  )

  function toggleExpanded(key: string): void {
    expanded.value = isExpanded(key) ? expanded.value.filter((k) => k !== key) : [...expanded.value, key]
  }

  watch([view, filterText, sortKey, sortDirection, expanded], () => {
    const state: SavedUi = {
      view: view.value,
      filterText: filterText.value,
      sortKey: sortKey.value,
      sortDirection: sortDirection.value,
      expanded: expanded.value,
    }
    try {
      storage()?.setItem(UI_STORAGE_KEY, JSON.stringify(state))
    } catch {
      // A full or disabled storage only costs persistence across reloads.
    }
  })

  return {
    view,
    showView,
    filterText,
    sortKey,
    sortDirection,
    expanded,
    expandedKeys,
    previewed,
    listedRows,
    setFilter,
    sortBy,
    isExpanded,
    toggleExpanded,
    preview,
  }
})
