// The Servers view and server errors in the admin's language, and the
// language choice kept by the served monitor (issue 20), in Chromium against
// `npm run serve` and a simulator over real sockets:
// - Brazilian Portuguese: a server whose simulator stops shows "conexão
//   recusada" in the server strip, said from the message id core sent;
// - a language picked in the menu survives a reload and reaches a browser
//   with an empty localStorage (it is in <data>/appearance.json);
// - the Servers view with its form in French, screenshot for a look;
// - a servers file that cannot be written: the save's refusal in Portuguese.
// Each describe starts its own pair; the page opens in the describe's browser locale, console errors fail the test.
import { expect, test } from '@playwright/test'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { jsonServers, useServed } from './fixtures/served.ts'
import { writeConfig } from './serve-process.ts'
import { SHOTS } from './page-errors.ts'

test.describe('in pt-BR', () => {
  test.use({ locale: 'pt-BR' })
  const served = useServed({ simulator: { servers: 1, machines: 1, seed: 7 }, servers: jsonServers() })

  test('a stopped server reads "conexão recusada" in the server strip; the Servers view speaks Portuguese', async ({ page }) => {
    await expect(page.getByTestId('server-status').first()).toBeVisible({ timeout: 10_000 })
    await served.sim.stop()
    const error = page.getByTestId('server-error').first()
    await expect(error).toContainText('conexão recusada', { timeout: 15_000 })
    await expect(error).not.toContainText('connection refused')
    await page.screenshot({ path: `${SHOTS}/server-down-pt-BR.png` })

    await page.getByTestId('tab-servers').click()
    await expect(page.getByRole('heading', { level: 2, name: 'Servidores' })).toBeVisible()
    await expect(page.getByTestId('add-server')).toHaveText('Adicionar um servidor')
    await expect(page.getByTestId('server-entry').first()).toContainText('a cada 0,5 s')
  })
})

test.describe('the language choice', () => {
  test.use({ locale: 'en-US' })
  const served = useServed({})

  test('survives a reload and reaches a new browser, from <data>/appearance.json', async ({ page, browser }) => {
    const { serve } = served
    const data = serve.data
    await expect(page.getByTestId('tab-servers')).toHaveText('Servers')
    await page.getByTestId('language-select').selectOption('de')
    await expect(page.getByTestId('tab-servers')).toHaveText('Server')
    await expect
      .poll(() => JSON.parse(readFileSync(join(data, 'appearance.json'), 'utf8')) as unknown)
      .toEqual({
        theme: 'system',
        language: 'de',
      })
    await page.reload()
    await expect(page.getByTestId('tab-licenses')).toHaveText('Lizenzen')
    await expect(page.locator('html')).toHaveAttribute('lang', 'de')

    // Another browser (no localStorage of ours) opens in the saved language.
    const other = await browser.newContext({ locale: 'en-US' })
    try {
      const fresh = await other.newPage()
      await fresh.goto(serve.openUrl)
      await expect(fresh.getByTestId('tab-licenses')).toHaveText('Lizenzen')
      await fresh.getByTestId('language-select').selectOption('system')
      await expect(fresh.getByTestId('tab-licenses')).toHaveText('Licenses')
    } finally {
      await other.close()
    }
    await expect.poll(() => JSON.parse(readFileSync(join(data, 'appearance.json'), 'utf8')) as unknown).toEqual({ theme: 'system' })
  })
})

test.describe('in fr-FR', () => {
  test.use({ locale: 'fr-FR', viewport: { width: 1024, height: 900 } })
  const served = useServed({ simulator: { servers: 1, machines: 1, seed: 3 }, servers: jsonServers({ intervalMs: 2000, timeoutMs: 1500 }) })

  test('the Servers view and its form, in French (screenshot)', async ({ page }) => {
    const server = served.sim.servers()[0]!
    await page.getByTestId('tab-servers').click()
    await expect(page.getByTestId('server-entry')).toHaveCount(1)
    await expect(page.getByTestId('server-entry').first()).toContainText('toutes les 2 s')
    await page.getByTestId('entry-edit').click()
    const form = page.getByTestId('server-form')
    await expect(form.getByRole('heading', { level: 3 })).toHaveText(`Modifier ${server.name}`)
    await form.getByTestId('test-connection').click()
    await expect(page.getByTestId('test-summary')).toContainText('Connecté en')
    await form.getByTestId('field-authType').selectOption('basic')
    await expect(form).toContainText("Nom d'utilisateur")
    await page.screenshot({ path: `${SHOTS}/servers-fr.png`, fullPage: true })
  })
})

test.describe('the form and the import refusing in pt-BR', () => {
  test.use({ locale: 'pt-BR', viewport: { width: 1024, height: 900 } })

  useServed({
    args: [
      '--config',
      writeConfig([{ name: 'Contabilidade', url: 'http://127.0.0.1:9/license-usage', kind: 'http-json', enabled: false }]),
    ],
  })

  test('a bad URL, a taken name, an interval too short and an import with two bad entries, in Portuguese (screenshot)', async ({
    page,
  }) => {
    await page.getByTestId('tab-servers').click()
    await expect(page.getByTestId('server-entry')).toHaveCount(1)
    await page.getByTestId('add-server').click()
    const form = page.getByTestId('server-form')
    await form.getByTestId('field-name').fill('CONTABILIDADE')
    await form.getByTestId('field-url').fill('ftp://srv-app-01/licencas')
    await form.getByTestId('field-intervalMs').fill('10')
    await expect(form.getByTestId('field-error-url')).toHaveText('URL: deve ser uma URL http ou https')
    await expect(form.getByTestId('field-error-name')).toHaveText('Nome: outro servidor já se chama "Contabilidade"')
    await expect(form.getByTestId('field-error-intervalMs')).toHaveText('Intervalo de consulta: deve ser de no mínimo 250 ms')
    await expect(form.getByTestId('field-error-timeoutMs')).toHaveText('Tempo limite: não pode passar do intervalo de consulta (10 ms)')
    await expect(form.getByTestId('save-server')).toBeDisabled()
    await form.screenshot({ path: `${SHOTS}/server-form-errors-pt-BR.png` })

    await page.getByTestId('import-text').fill(
      JSON.stringify({
        servers: [
          { name: 'Vendas', url: 'ftp://srv/x', intervalMs: 10 },
          { name: 'Estoque', url: 'http://127.0.0.1:9/x', intevalMs: 5000 },
        ],
      }),
    )
    await page.getByTestId('import-paste').click()
    const entries = page.getByTestId('import-entry')
    await expect(entries).toHaveCount(2)
    await expect(entries.nth(0).getByTestId('import-problem')).toHaveText([
      'URL: deve ser uma URL http ou https',
      'Intervalo de consulta: deve ser de no mínimo 250 ms',
    ])
    await expect(entries.nth(1).getByTestId('import-problem')).toHaveText(['campo desconhecido "intevalMs"'])
    await expect(entries.nth(0)).toContainText('Vendas: não importado')
    await page.getByTestId('import-result').screenshot({ path: `${SHOTS}/server-import-errors-pt-BR.png` })
  })
})

test.describe('a servers file that cannot be written, in pt-BR', () => {
  test.use({ locale: 'pt-BR' })
  const config = writeConfig([{ name: 'Contabilidade', url: 'http://127.0.0.1:9/license-usage', kind: 'http-json', enabled: false }])
  useServed({ args: ['--config', config] })

  test('a save names the file and the cause in Portuguese, and the list stays as it was', async ({ page }) => {
    await page.getByTestId('tab-servers').click()
    await expect(page.getByTestId('server-entry')).toHaveCount(1)
    // A folder where the file goes: the atomic rename onto it fails (EISDIR), as a file error would.
    rmSync(config)
    mkdirSync(config)
    await page.getByTestId('entry-enabled').click()
    await expect(page.getByTestId('settings-error')).toHaveText(
      `Não foi possível salvar a lista de servidores em ${config}: é uma pasta, não um arquivo (EISDIR)`,
    )
    // The box shows what is saved, not the click that could not be saved.
    await expect(page.getByTestId('entry-enabled')).not.toBeChecked()
    await page.reload()
    await page.getByTestId('tab-servers').click()
    await expect(page.getByTestId('entry-enabled')).not.toBeChecked()
  })
})
