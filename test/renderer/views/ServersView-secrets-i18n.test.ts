// The desktop's secrets sentences and a servers file that cannot be written,
// in the page's language: the Servers view runs against the contract's own
// backend, the desktop app's server list (Electron persistence, secret store,
// safeStorage faked on a Linux backend) or the served mode's servers file, so
// every sentence comes from main as English text and a message id. English
// stays word for word, and an older backend's English is shown as it came.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it } from 'vitest'
import type { Result } from '../../../main/core/contract/contract.ts'
import { setLanguageChoice } from '../../../renderer/src/i18n/index.ts'
import ServersView from '../../../renderer/src/views/ServersView.vue'

interface Backend {
  call(name: string, args: unknown[]): Promise<Result<unknown>>
}
// Loaded at run time: the web project's type check has no Node types.
const DESKTOP_MODULE = '../../fixtures/desktop-servers-backend.ts'
const SERVED_MODULE = '../../fixtures/servers-backend.ts'
const SECRETS_MODULE = '../../../main/electron/secrets.ts'
const { startDesktopServersBackend } = (await import(/* @vite-ignore */ DESKTOP_MODULE)) as {
  startDesktopServersBackend: (keyring: { backend: 'basic_text' | 'gnome_libsecret'; encryption: boolean }) => Backend & {
    resetKeyring(): void
  }
}
const { startServersBackend } = (await import(/* @vite-ignore */ SERVED_MODULE)) as {
  startServersBackend: () => Backend & { close(): void; blockWrites(): void }
}
const { NO_KEYRING_WARNING, NO_ENCRYPTION_WARNING } = (await import(/* @vite-ignore */ SECRETS_MODULE)) as {
  NO_KEYRING_WARNING: string
  NO_ENCRYPTION_WARNING: string
}

let closeBackend: () => void = () => undefined

/** The page's API answered by `backend`, as the preload or the served mode's /api/call does. */
function useBackend(backend: Backend): void {
  ;(window as unknown as { licenseMonitor?: unknown }).licenseMonitor = new Proxy(
    {},
    {
      get:
        (_target, name) =>
        (...args: unknown[]) =>
          backend.call(String(name), args),
    },
  )
}

afterEach(() => {
  delete (window as unknown as { licenseMonitor?: unknown }).licenseMonitor
  setLanguageChoice('system')
  localStorage.clear()
  closeBackend()
  closeBackend = () => undefined
})

/** The view with the add form open; `bearer` picks a token, the field beside which the form warns. */
async function addForm(authType: 'none' | 'bearer' = 'none'): Promise<VueWrapper> {
  setActivePinia(createPinia())
  const view = mount(ServersView)
  await flushPromises()
  await view.get('[data-testid="add-server"]').trigger('click')
  await view.get('[data-testid="field-authType"]').setValue(authType)
  return view
}

/** Fills the add form and saves it; resolves once the backend has answered. */
async function save(view: VueWrapper, fields: Record<string, string>): Promise<void> {
  for (const [field, value] of Object.entries(fields)) await view.get(`[data-testid="field-${field}"]`).setValue(value)
  await new Promise((resolve) => setTimeout(resolve, 300))
  await flushPromises()
  await view.get('[data-testid="server-form"]').trigger('submit')
  await flushPromises()
}

const PT_NO_KEYRING =
  'Seu ambiente de desktop não tem chaveiro: os segredos seriam guardados com uma chave fixa que qualquer pessoa capaz de ler seus arquivos ' +
  'consegue desfazer. Instale ou desbloqueie um chaveiro (gnome-keyring, KWallet) e reinicie o aplicativo, ou aceite o risco.'

describe('the "no keyring" warning of the desktop app in the page’s language', () => {
  it('pt-BR, then ja, then English word for word as main wrote it', async () => {
    useBackend(startDesktopServersBackend({ backend: 'basic_text', encryption: true }))
    setLanguageChoice('pt-BR')
    const view = await addForm('bearer')
    expect(view.get('[data-testid="storage-warning"]').text()).toBe(PT_NO_KEYRING)
    setLanguageChoice('ja')
    await flushPromises()
    const japanese = view.get('[data-testid="storage-warning"]').text()
    expect(japanese).toMatch(/^デスクトップにキーリングがありません。/)
    expect(japanese).toContain('(gnome-keyring、KWallet)')
    setLanguageChoice('en')
    await flushPromises()
    expect(view.get('[data-testid="storage-warning"]').text()).toBe(NO_KEYRING_WARNING)
  })

  it('shows no warning where the keyring protects secrets', async () => {
    useBackend(startDesktopServersBackend({ backend: 'gnome_libsecret', encryption: true }))
    setLanguageChoice('pt-BR')
    const view = await addForm('bearer')
    expect(view.find('[data-testid="field-secret"]').exists()).toBe(true)
    expect(view.find('[data-testid="storage-warning"]').exists()).toBe(false)
  })
})

describe('refusals of a save in the page’s language', () => {
  it('de: a token on a system that cannot encrypt is refused, nothing is saved', async () => {
    useBackend(startDesktopServersBackend({ backend: 'basic_text', encryption: false }))
    setLanguageChoice('de')
    const view = await addForm('bearer')
    expect(view.get('[data-testid="storage-warning"]').text()).toMatch(/^Dieses System bietet keine Verschlüsselung für Geheimnisse/)
    await save(view, { name: 'Buchhaltung', url: 'http://127.0.0.1:9/lizenzen', secret: 'tok-123' })
    expect(view.get('[data-testid="settings-error"]').text()).toBe(
      'Dieses System bietet keine Verschlüsselung für Geheimnisse (kein Schlüsselbund verfügbar), daher können Tokens und Passwörter ' +
        'nicht gespeichert werden: Installieren oder entsperren Sie einen Schlüsselbund (gnome-keyring, KWallet) und starten Sie die App neu.',
    )
    expect(view.findAll('[data-testid="server-entry"]')).toHaveLength(0)
    setLanguageChoice('en')
    await flushPromises()
    expect(view.get('[data-testid="settings-error"]').text()).toBe(NO_ENCRYPTION_WARNING)
  })

  it('pt-BR: a servers file that cannot be written names the file and the cause in Portuguese', async () => {
    const backend = startServersBackend()
    closeBackend = () => backend.close()
    useBackend(backend)
    backend.blockWrites()
    setLanguageChoice('pt-BR')
    const view = await addForm()
    await save(view, { name: 'Contabilidade', url: 'http://127.0.0.1:9/licencas' })
    const banner = view.get('[data-testid="settings-error"]').text()
    expect(banner).toMatch(/^Não foi possível salvar a lista de servidores em \S+servers\.json: é uma pasta, não um arquivo \(EISDIR\)$/)
    setLanguageChoice('en')
    await flushPromises()
    expect(view.get('[data-testid="settings-error"]').text()).toMatch(
      /^The server list could not be saved to \S+servers\.json: it is a folder, not a file \(EISDIR\)$/,
    )
  })

  it('pt-BR: a failure without a message (an older backend) is shown in its English', async () => {
    const backend = startServersBackend()
    closeBackend = () => backend.close()
    // As an older backend answers: the sentence only.
    useBackend({
      call: async (name, args) => {
        const result = await backend.call(name, args)
        return name === 'saveServers'
          ? { ok: false, error: 'The server list could not be saved to /srv/servers.json: the disk is full (ENOSPC)' }
          : result
      },
    })
    setLanguageChoice('pt-BR')
    const view = await addForm()
    await save(view, { name: 'Contabilidade', url: 'http://127.0.0.1:9/licencas' })
    expect(view.get('[data-testid="settings-error"]').text()).toBe(
      'The server list could not be saved to /srv/servers.json: the disk is full (ENOSPC)',
    )
  })
})

describe('a saved secret the keyring can no longer open', () => {
  it('pt-BR: the connection test of the saved server says so instead of polling without it', async () => {
    const backend = startDesktopServersBackend({ backend: 'gnome_libsecret', encryption: true })
    useBackend(backend)
    setLanguageChoice('pt-BR')
    const view = await addForm('bearer')
    await save(view, { name: 'Contabilidade', url: 'http://127.0.0.1:9/licencas', secret: 'tok-123' })
    expect(view.get('[data-testid="entry-secret"]').attributes('data-state')).toBe('set')
    backend.resetKeyring()
    await view.get('[data-testid="entry-edit"]').trigger('click')
    // The form is checked by the backend 200 ms after it opens; the test waits for that, as a user would.
    await new Promise((resolve) => setTimeout(resolve, 300))
    await flushPromises()
    await view.get('[data-testid="test-connection"]').trigger('click')
    await flushPromises()
    const said = view.get('[data-testid="test-error"]').text()
    expect(said).toContain(
      'O token salvo do servidor "contabilidade" não pode mais ser descriptografado (o chaveiro foi trocado ou redefinido): informe-o novamente',
    )
    setLanguageChoice('en')
    await flushPromises()
    expect(view.get('[data-testid="test-error"]').text()).toContain(
      'The saved token of server "contabilidade" can no longer be decrypted (the keyring was changed or reset): enter it again',
    )
  })
})
