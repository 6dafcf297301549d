import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { i18n } from './i18n/index.ts'
import { useAlertsStore } from './stores/alerts.ts'
import { useMonitorStore } from './stores/monitor.ts'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
app.mount('#app')

// Start after mounting: the table appears (empty) at once, and the first snapshot fills it in place.
void useMonitorStore(pinia).start()
void useAlertsStore(pinia).start()
