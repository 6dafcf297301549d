import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { i18n } from './i18n/index.ts'
import { showBrowserNotification } from './api/browser-notifications.ts'
import { useApi } from './api/use-api.ts'
import { useAlertsStore } from './stores/alerts.ts'
import { useAppearanceStore } from './stores/appearance.ts'
import { useMonitorStore } from './stores/monitor.ts'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
app.mount('#app')

// Start after mounting: the table appears (empty) at once, and the first snapshot fills it in place.
void useMonitorStore(pinia).start()
void useAlertsStore(pinia).start()
void useAppearanceStore(pinia).start()
// Served mode: each notice also as a browser notification, once the user allowed them (the Settings view asks).
useApi().onNotice((notice) => showBrowserNotification(notice))
