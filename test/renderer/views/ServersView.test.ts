// The Servers view in happy-dom: entries in order with their controls, the
// form's inline messages wired for assistive technology, Save disabled while invalid.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import ServerForm from '../../../renderer/src/components/ServerForm.vue'
import { emptyDraft } from '../../../renderer/src/stores/settings.ts'
import ServersView from '../../../renderer/src/views/ServersView.vue'
import { entry, installFakeServerApi } from '../server-fake-api.ts'

afterEach(() => {
  delete (window as unknown as { licenseMonitor?: unknown }).licenseMonitor
  vi.unstubAllGlobals()
})

const formProps = {
  initial: emptyDraft(),
  isNew: true,
  checking: false,
  secretInput: 'env' as const,
  secretStatus: null,
  storageWarning: null,
  testResult: null,
  testing: false,
  saving: false,
}

describe('ServersView', () => {
  it('lists servers in order with keyboard-reachable reorder buttons and secret states', async () => {
    setActivePinia(createPinia())
    installFakeServerApi({
      servers: [entry('a', { authType: 'bearer', secret: { state: 'set' } }), entry('b')],
      secretInput: 'env',
      storageWarning: null,
    })
    const view = mount(ServersView)
    await flushPromises()
    const entries = view.findAll('[data-testid="server-entry"]')
    expect(entries.map((e) => e.attributes('data-server-id'))).toEqual(['a', 'b'])
    expect(entries[0]!.find('[data-testid="entry-up"]').attributes('disabled')).toBeDefined()
    expect(entries[0]!.find('[data-testid="entry-down"]').element.tagName).toBe('BUTTON')
    expect(entries[0]!.find('[data-testid="entry-secret"]').text()).toBe('set')
  })
})

describe('ServerForm', () => {
  it('shows each problem next to its field, described and marked invalid, and disables Save', () => {
    const form = mount(ServerForm, {
      props: { ...formProps, problems: [{ index: 0, field: 'url', message: 'URL: must be an http or https URL' }] },
    })
    const url = form.get('[data-testid="field-url"]')
    const error = form.get('[data-testid="field-error-url"]')
    expect(error.text()).toBe('URL: must be an http or https URL')
    expect(url.attributes('aria-invalid')).toBe('true')
    expect(url.attributes('aria-describedby')).toContain(error.attributes('id'))
    expect(form.get('[data-testid="save-server"]').attributes('disabled')).toBeDefined()
  })

  it('shows only the fields of the chosen authentication, and no secret box in the served mode', async () => {
    const form = mount(ServerForm, { props: { ...formProps, problems: [] } })
    expect(form.find('[data-testid="field-username"]').exists()).toBe(false)
    await form.get('[data-testid="field-authType"]').setValue('basic')
    expect(form.find('[data-testid="field-username"]').exists()).toBe(true)
    expect(form.find('[data-testid="field-secret"]').exists()).toBe(false)
    expect(form.find('[data-testid="field-secretEnv"]').exists()).toBe(true)
    expect(form.text()).toContain('This page never takes a secret itself')
    await form.get('[data-testid="field-kind"]').setValue('prometheus-4d-exporter')
    expect(form.get('[data-testid="kind-hint"]').text()).toContain('counts only')
    expect(form.get('[data-testid="save-server"]').attributes('disabled')).toBeUndefined()
  })

  describe('Accept this certificate', () => {
    const FINGERPRINT = Array.from({ length: 32 }, (_, i) => (i * 7 + 16).toString(16).toUpperCase().padStart(2, '0')).join(':')
    const untrusted = {
      ok: false as const,
      latencyMs: 12,
      error: 'the certificate of 127.0.0.1 is self-signed',
      fingerprint256: FINGERPRINT,
    }
    const httpsDraft = { ...emptyDraft(), name: 'Accounting', url: 'https://127.0.0.1:8443/license-usage' }

    it("after the user confirms, fills the fingerprint field with the untrusted certificate's fingerprint", async () => {
      const confirm = vi.fn((_question?: string) => true)
      vi.stubGlobal('confirm', confirm)
      const form = mount(ServerForm, { props: { ...formProps, initial: httpsDraft, testResult: untrusted, problems: [] } })
      expect((form.get('[data-testid="field-fingerprint256"]').element as HTMLInputElement).value).toBe('')
      await form.get('[data-testid="accept-certificate"]').trigger('click')
      expect(confirm).toHaveBeenCalledOnce()
      expect(confirm.mock.calls[0]![0]).toContain(FINGERPRINT)
      expect((form.get('[data-testid="field-fingerprint256"]').element as HTMLInputElement).value).toBe(FINGERPRINT)
    })

    it('leaves the field empty when the user declines', async () => {
      vi.stubGlobal(
        'confirm',
        vi.fn(() => false),
      )
      const form = mount(ServerForm, { props: { ...formProps, initial: httpsDraft, testResult: untrusted, problems: [] } })
      await form.get('[data-testid="accept-certificate"]').trigger('click')
      expect((form.get('[data-testid="field-fingerprint256"]').element as HTMLInputElement).value).toBe('')
    })

    it('offers no accept button when the failure carries no fingerprint', () => {
      const form = mount(ServerForm, {
        props: { ...formProps, initial: httpsDraft, testResult: { ok: false, latencyMs: 3, error: 'connection refused' }, problems: [] },
      })
      expect(form.find('[data-testid="accept-certificate"]').exists()).toBe(false)
    })
  })
})
