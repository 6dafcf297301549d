// Test-only certificates, made fresh by the openssl CLI in a temp dir: a CA
// and a server certificate it signed for 127.0.0.1. Nothing here is a secret.

import { execFileSync } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface TestPki {
  dir: string
  caFile: string
  ca: string
  /** Signed by the CA, valid for IP 127.0.0.1 and localhost. */
  server: { key: string; cert: string; fingerprint256: string }
  remove(): void
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })
}

export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'monitor-pki-'))
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  openssl(dir, [
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=License Monitor Test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ])
  openssl(dir, ['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1'])
  writeFileSync(
    join(dir, 'server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
  )
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '2',
    '-extfile',
    'server.ext',
  ])
  const cert = readFileSync(join(dir, 'server.pem'), 'utf8')
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    ca: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    server: { key: readFileSync(join(dir, 'server.key'), 'utf8'), cert, fingerprint256: new X509Certificate(cert).fingerprint256 },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}

/** The committed self-signed pair (test only) of test/core/fixtures. */
export function selfSigned(): { key: string; cert: string; fingerprint256: string } {
  const cert = readFileSync(new URL('./fixtures/self-signed-cert.pem', import.meta.url), 'utf8')
  return {
    key: readFileSync(new URL('./fixtures/self-signed-key.pem', import.meta.url), 'utf8'),
    cert,
    fingerprint256: new X509Certificate(cert).fingerprint256,
  }
}
