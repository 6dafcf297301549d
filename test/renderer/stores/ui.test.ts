import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import { UI_STORAGE_KEY, useUiStore } from '../../../renderer/src/stores/ui.ts'

beforeEach(() => {
  sessionStorage.clear()
  setActivePinia(createPinia())
})

describe('ui store', () => {
  it('flips the direction on the same column and starts a new column in its own default', () => {
    const ui = useUiStore()
    expect([ui.sortKey, ui.sortDirection]).toEqual(['machine', 'ascending'])
    ui.sortBy('machine')
    expect(ui.sortDirection).toBe('descending')
    ui.sortBy('utilization')
    expect([ui.sortKey, ui.sortDirection]).toEqual(['utilization', 'descending'])
    ui.sortBy('remaining')
    expect([ui.sortKey, ui.sortDirection]).toEqual(['remaining', 'ascending'])
  })

  it('toggles expanded rows', () => {
    const ui = useUiStore()
    ui.toggleExpanded('a')
    ui.toggleExpanded('b')
    ui.toggleExpanded('a')
    expect(ui.expanded).toEqual(['b'])
    expect(ui.isExpanded('b')).toBe(true)
    expect(ui.isExpanded('a')).toBe(false)
  })

  it('persists filter, sort and expanded rows in sessionStorage and restores them', async () => {
    const ui = useUiStore()
    ui.setFilter('maria')
    ui.sortBy('used')
    ui.toggleExpanded('row-1')
    await nextTick()
    setActivePinia(createPinia())
    const restored = useUiStore()
    expect([restored.filterText, restored.sortKey, restored.sortDirection, restored.expanded]).toEqual([
      'maria',
      'used',
      'descending',
      ['row-1'],
    ])
  })

  it('ignores saved state that is not its own shape', () => {
    sessionStorage.setItem(UI_STORAGE_KEY, JSON.stringify({ filterText: 7, sortKey: 'price', sortDirection: 'up', expanded: ['ok', 3] }))
    const ui = useUiStore()
    expect([ui.filterText, ui.sortKey, ui.sortDirection, ui.expanded]).toEqual(['', 'machine', 'ascending', ['ok']])
    sessionStorage.setItem(UI_STORAGE_KEY, '{not json')
    setActivePinia(createPinia())
    expect(useUiStore().sortKey).toBe('machine')
  })
})
