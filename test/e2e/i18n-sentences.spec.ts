// The sentences main/core builds about a row and a server (issue 20): the
// inferred limit's note, a flag, a server warning, said in the page's language
// from the message ids core sent, in Chromium against `npm run serve` polling
// a local "4D Server" over a real socket. Its answer is 4D's single-server
// shape (no License info, no global count: the limit is inferred) with one
// token sent twice (a flag) and one record without a usable token (a warning).
import { expect, test } from '@playwright/test'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { openServedPageEachTest, SHOTS } from './page-errors.ts'
import { startServe, writeConfig, type ServeProcess } from './serve-process.ts'

const RECORD = {
  productId: 808464441,
  productName: '4D Client',
  productUsedCount: 2,
  productBalance: 8,
  token: 7,
  time: '2026-11-28T10:15:02+01:00',
  reason: 'CLIENT',
  session: { type: 'remote', userName: 'maria', machineName: 'PC-FIN-07', state: 'active' },
}
const ANSWER = [RECORD, RECORD, { ...RECORD, token: 8, session: { ...RECORD.session, userName: 'joão' } }, { ...RECORD, token: 'x' }]

let fourD: Server
let serve: ServeProcess

test.beforeAll(async () => {
  fourD = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify(ANSWER))
  })
  fourD.listen(0, '127.0.0.1')
  await new Promise((resolve) => fourD.once('listening', resolve))
  const { port } = fourD.address() as AddressInfo
  serve = await startServe([
    '--config',
    writeConfig([{ name: 'Contabilidade', url: `http://127.0.0.1:${port}/license-usage`, kind: 'http-json', machine: 'srv-app-01' }]),
  ])
})

test.afterAll(async () => {
  await (serve as ServeProcess | undefined)?.stop()
  await new Promise((resolve) => (fourD as Server | undefined)?.close(resolve) ?? resolve(undefined))
})

test.describe('in pt-BR', () => {
  test.use({ locale: 'pt-BR' })
  openServedPageEachTest(() => serve)

  test('the limit note, the flag and the warning read in Portuguese', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 })
    const row = page.getByTestId('product-row').first()
    await expect(row.getByTestId('used')).toHaveText('2', { timeout: 15_000 })
    await expect(row.getByTestId('limit-note')).toContainText('Limite deduzido do registro de licença mais recente')
    await expect(row.getByTestId('flag')).toHaveText('Contabilidade enviou o token de licença 7 2 vezes; contado uma vez')
    await expect(page.getByTestId('server-warning')).toHaveText('registros inválidos: 1 de 4 (token: expected a number)')
    await expect(page.locator('body')).not.toContainText('counted once')
    await page.screenshot({ path: `${SHOTS}/table-sentences-pt-BR.png` })
  })
})

test.describe('in ja', () => {
  test.use({ locale: 'ja-JP' })
  openServedPageEachTest(() => serve)

  test('the flag and the warning read in Japanese', async ({ page }) => {
    const row = page.getByTestId('product-row').first()
    await expect(row.getByTestId('flag')).toHaveText('Contabilidade はライセンストークン 7 を 2 回送信しました。1 回として数えます', {
      timeout: 15_000,
    })
    await expect(page.getByTestId('server-warning')).toHaveText('4 件中 1 件のレコードが無効: token: expected a number')
  })
})
