// The app's views, in tab order. A feature adds its view here (one entry);
// App.vue renders the tabs and the current view from this list.
import type { Component } from 'vue'
import AlertsView from './AlertsView.vue'
import LicensesView from './LicensesView.vue'
import ServersView from './ServersView.vue'
import HistoryView from './HistoryView.vue'
import TrayPanelView from './TrayPanelView.vue'
import CapacityView from './CapacityView.vue'
import SettingsView from './SettingsView.vue'

export interface ViewEntry {
  /** Stable key: the ui store's `view`, the tab's data-testid `tab-<key>`. */
  key: string
  /** Message id of the tab's label (i18n/locales). */
  labelKey: string
  component: Component
}

/** Shown at start and whenever the saved view no longer exists. */
export const FIRST_VIEW: ViewEntry = { key: 'licenses', labelKey: 'tabs.licenses', component: LicensesView }

export const VIEWS: readonly ViewEntry[] = [
  FIRST_VIEW,
  { key: 'alerts', labelKey: 'tabs.alerts', component: AlertsView },
  { key: 'history', labelKey: 'tabs.history', component: HistoryView },
  { key: 'capacity', labelKey: 'tabs.capacity', component: CapacityView },
  { key: 'servers', labelKey: 'tabs.servers', component: ServersView },
  { key: 'settings', labelKey: 'tabs.settings', component: SettingsView },
]

/** Views shown alone, without header or tabs, at their own route (location.hash): the tray panel. */
export const STANDALONE_VIEWS: Readonly<Record<string, Component>> = { '#/panel': TrayPanelView }
