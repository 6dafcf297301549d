// The Servers view, its form and the Settings view in another language: every
// word from the catalogue (French here, German for the form), names of
// servers kept as typed, and the markup around names kept where the language
// puts them (messageParts).
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it } from 'vitest'
import { invalidItems } from '../../../main/core/ingest/warning-text.ts'
import ServerForm from '../../../renderer/src/components/ServerForm.vue'
import ServerTestResult from '../../../renderer/src/components/ServerTestResult.vue'
import SharedMachines from '../../../renderer/src/components/SharedMachines.vue'
import { setLanguageChoice } from '../../../renderer/src/i18n/index.ts'
import { emptyDraft } from '../../../renderer/src/stores/settings.ts'
import ServersView from '../../../renderer/src/views/ServersView.vue'
import SettingsView from '../../../renderer/src/views/SettingsView.vue'
import { entry, installFakeServerApi } from '../server-fake-api.ts'

afterEach(() => {
  delete (window as unknown as { licenseMonitor?: unknown }).licenseMonitor
  setLanguageChoice('system')
  localStorage.clear()
})

describe('the Servers and Settings views in the chosen language', () => {
  it('says the list, its controls and the secret states in French', async () => {
    setActivePinia(createPinia())
    setLanguageChoice('fr')
    installFakeServerApi({
      servers: [entry('a', { name: 'Compta', authType: 'bearer', secret: { state: 'not set' }, intervalMs: 2500, enabled: false })],
      secretInput: 'env',
      storageWarning: null,
    })
    const view = mount(ServersView)
    await flushPromises()
    expect(view.get('h2').text()).toBe('Serveurs')
    expect(view.get('[data-testid="add-server"]').text()).toBe('Ajouter un serveur')
    const row = view.get('[data-testid="server-entry"]')
    expect(row.get('[data-testid="entry-secret"]').text()).toBe('non défini')
    expect(row.get('[data-testid="entry-secret"]').attributes('data-state')).toBe('not set')
    expect(row.get('.entry-meta').text().replace(/\s+/g, ' ')).toBe(
      'JSON sur HTTP · Jeton Bearer · secret non défini · toutes les 2,5 s · non interrogé',
    )
    expect(row.get('[data-testid="entry-up"]').attributes('aria-label')).toBe('Monter Compta')
    expect(row.get('[data-testid="entry-remove"]').text()).toBe('Supprimer')
    expect(view.text()).toContain('Importer et exporter')
  })

  it('labels the form and its hints in German, with the kinds and authentications as options', () => {
    setLanguageChoice('de')
    const form = mount(ServerForm, {
      props: {
        initial: { ...emptyDraft(), authType: 'basic' },
        isNew: true,
        problems: [],
        checking: false,
        secretInput: 'env',
        secretStatus: null,
        storageWarning: null,
        testResult: null,
        testing: false,
        saving: false,
      },
    })
    expect(form.get('h3').text()).toBe('Server hinzufügen')
    expect(form.findAll('[data-testid="field-authType"] option').map((option) => option.text())).toEqual([
      'Keine',
      'Bearer-Token',
      'HTTP-Basic',
      '4D-REST-Anmeldung',
    ])
    expect(form.get('[data-testid="kind-hint"]').text()).toMatch(/^HTTP-Request-Handler oder On Web Connection/)
    expect(form.text()).toContain('Passwort aus Umgebungsvariable')
    expect(form.get('[data-testid="secret-state"]').text()).toBe('nicht gesetzt')
    expect(form.get('[data-testid="test-connection"]').text()).toBe('Verbindung testen')
  })

  it('puts the names where Japanese puts them, each still in its own element', () => {
    setLanguageChoice('ja')
    const shared = mount(SharedMachines, {
      props: {
        offers: [],
        hostGroups: [{ machine: 'srv-app-09', serverNames: ['C', 'D'], reason: 'one address' }],
        busy: false,
      },
    })
    const group = shared.get('[data-testid="host-group"]')
    expect(group.text()).toBe('C, D は 1 台のマシン srv-app-09 です: one address (リストの保存時に確認)。')
    expect(group.findAll('bdi').map((bdi) => bdi.text())).toEqual(['C, D', 'srv-app-09', 'one address'])
  })

  it('counts the tested licenses with the language’s plural forms', () => {
    setLanguageChoice('pt-BR')
    const result = mount(ServerTestResult, {
      props: { result: { ok: true, latencyMs: 12, licenses: 1, products: [{ name: '4D Client', used: 1, limit: 10 }], warnings: [] } },
    })
    expect(result.get('[data-testid="test-summary"]').text()).toBe('Conectado em 12 ms: 1 licença, 1 produto.')
    expect(result.findAll('th').map((th) => th.text())).toEqual(['Produto', 'Em uso', 'Limite'])
  })

  it('says the connection test’s warnings in Brazilian Portuguese, English where a message is unknown', () => {
    setLanguageChoice('pt-BR')
    const invalid = invalidItems('records', 2, 5, 'productId missing', 0)
    const countsOnly = 'this endpoint reports counts only, no per-license detail'
    const warnings = [countsOnly, invalid.text, 'a remark from a newer backend']
    const warningMessages = [
      { id: 'serverTest.warnings.countsOnly', params: {} },
      invalid.message,
      { id: 'warnings.fromTheFuture', params: {} },
    ]
    const result = mount(ServerTestResult, {
      props: { result: { ok: true, latencyMs: 12, licenses: 0, products: [], warnings, warningMessages } },
    })
    expect(result.findAll('[data-testid="test-warning"]').map((li) => li.text())).toEqual([
      'este endpoint informa apenas as contagens, sem o detalhe de cada licença',
      'registros inválidos: 2 de 5 (productId missing)',
      'a remark from a newer backend',
    ])
    // An older backend sends no messages: the English stays.
    const older = mount(ServerTestResult, { props: { result: { ok: true, latencyMs: 12, licenses: 0, products: [], warnings } } })
    expect(older.get('[data-testid="test-warning"]').text()).toBe(countsOnly)
  })

  it('says the import hint and the form’s secret hints in whole Brazilian Portuguese sentences', async () => {
    setActivePinia(createPinia())
    setLanguageChoice('pt-BR')
    installFakeServerApi({ servers: [entry('a', { name: 'Contabilidade' })], secretInput: 'env', storageWarning: null })
    const view = mount(ServersView)
    await flushPromises()
    expect(view.get('.server-import-export .hint').text()).toBe(
      'A lista exportada não contém token nem senha; os servidores importados que precisam de um deles mostram "não definido" até você informá-lo.',
    )
    const form = mount(ServerForm, {
      props: {
        initial: { ...emptyDraft(), authType: 'basic' },
        isNew: false,
        problems: [],
        checking: false,
        secretInput: 'env',
        secretStatus: null,
        storageWarning: null,
        testResult: null,
        testing: false,
        saving: false,
      },
    })
    expect(form.text()).toContain('(é o que o Prometheus_4D_Exporter usa)')
    expect(form.text()).toContain('deixe vazio para manter o valor salvo.')
  })

  it('says the Settings view’s theme choice in Spanish', async () => {
    setActivePinia(createPinia())
    setLanguageChoice('es')
    const view = mount(SettingsView)
    await flushPromises()
    expect(view.get('#appearance-heading').text()).toBe('Apariencia')
    expect(view.get('[data-testid="theme-choice"] legend').text()).toBe('Tema')
    expect(view.get('[data-testid="theme-choice"]').text()).toContain('Seguir el sistema')
  })
})
