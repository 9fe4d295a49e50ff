/**
 * TLS material for the fake API server: a throwaway CA and a server certificate for
 * 127.0.0.1 / localhost. Generated with the `openssl` CLI (EC P-256, ~80 ms) once per process;
 * falls back to the checked-in TEST-ONLY files in `./tls/` when openssl is unavailable.
 */
import {execFile} from 'node:child_process'
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'

const run = promisify(execFile)

/** PEM-encoded CA certificate, server certificate and server key. */
export interface TlsMaterial {
  caPem: string
  certPem: string
  keyPem: string
  /** Where it came from. */
  source: 'openssl' | 'checked-in'
}

let cached: Promise<TlsMaterial> | undefined

async function generate(): Promise<TlsMaterial> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kube-server-tls-'))
  try {
    const f = (n: string) => path.join(dir, n)
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
    await run('openssl', ['req', '-x509', '-new', ...ec, '-keyout', f('ca.key'), '-out', f('ca.crt'), '-days', '36500', '-subj', '/CN=kube-server-test-ca', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'])
    await run('openssl', ['req', '-new', ...ec, '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=127.0.0.1'])
    await writeFile(f('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n')
    await run('openssl', ['x509', '-req', '-in', f('server.csr'), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('server.crt'), '-days', '36500', '-extfile', f('ext.cnf')])
    const [caPem, certPem, keyPem] = await Promise.all([readFile(f('ca.crt'), 'utf8'), readFile(f('server.crt'), 'utf8'), readFile(f('server.key'), 'utf8')])
    return {caPem, certPem, keyPem, source: 'openssl'}
  } finally {
    await rm(dir, {recursive: true, force: true})
  }
}

async function checkedIn(): Promise<TlsMaterial> {
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'tls')
  const [caPem, certPem, keyPem] = await Promise.all([
    readFile(path.join(dir, 'test-only-ca.crt'), 'utf8'),
    readFile(path.join(dir, 'test-only-server.crt'), 'utf8'),
    readFile(path.join(dir, 'test-only-server.key'), 'utf8'),
  ])
  return {caPem, certPem, keyPem, source: 'checked-in'}
}

/**
 * Returns the TLS material (generated once per process and cached).
 * @param prefer `openssl` (default: generate, fall back to checked-in) or `checked-in`.
 */
export function getTlsMaterial(prefer: 'openssl' | 'checked-in' = 'openssl'): Promise<TlsMaterial> {
  if (prefer === 'checked-in') return checkedIn()
  cached ??= generate().catch(() => checkedIn())
  return cached
}
