/**
 * Every fault bounded (issue "Hardening"): --request-timeout covers API server calls and the exec
 * credential plugin; the plugin runs once per command with KUBERNETES_EXEC_INFO as kubectl sets it;
 * Ctrl-C during a dump leaves nothing behind.
 */
import {createServer, type Server, type Socket} from 'node:net'
import {chmodSync, mkdtempSync, readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {bookinfo, startKubeServer, type Bookinfo, type KubeServer} from './kube-server/index.js'
import {expectOneError, mpxAsync, ROOT} from './helpers/cli.js'

const SAMPLE = `${ROOT}samples/productpage.config_dump.json`
const tmp = mkdtempSync(join(tmpdir(), 'mpx-bounds-'))
let server: KubeServer
let bi: Bookinfo
let blackHole: Server
const sockets: Socket[] = []

beforeAll(async () => {
  bi = bookinfo({configDumps: {'productpage-v1': SAMPLE}})
  bi.world.pods.push({name: 'bookinfo-gateway-istio-7d9f', namespace: 'default', labels: {'gateway.networking.k8s.io/gateway-name': 'bookinfo-gateway'}, admin: {configDump: SAMPLE}})
  server = await startKubeServer({world: bi.world})
  // accepts TCP connections and never answers (not even the TLS handshake)
  blackHole = createServer((s) => sockets.push(s))
  await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve))
})

afterAll(async () => {
  for (const s of sockets) s.destroy()
  blackHole?.close()
  await server?.close()
})

/** A kubeconfig whose user is an exec credential plugin running `script` (a shell script body). */
function execKubeconfig(name: string, script: string, serverUrl = server.url): string {
  const plugin = join(tmp, `${name}.sh`)
  writeFileSync(plugin, `#!/bin/sh\n${script}\n`)
  chmodSync(plugin, 0o755)
  const yaml = server.kubeconfigYaml
    .replace(/server: .*/, `server: ${serverUrl}`)
    .replace(/ {4}token: .*/, ['    exec:', '      apiVersion: client.authentication.k8s.io/v1', `      command: ${plugin}`, '      interactiveMode: Never'].join('\n'))
  const path = join(tmp, `${name}.kubeconfig`)
  writeFileSync(path, yaml)
  return path
}

describe('--request-timeout bounds the API server', () => {
  it('a server that accepts and never answers fails within the timeout plus 1 s, naming the API server', async () => {
    const url = `https://127.0.0.1:${(blackHole.address() as {port: number}).port}`
    const kc = join(tmp, 'black-hole.kubeconfig')
    writeFileSync(kc, server.kubeconfigYaml.replace(/server: .*/, `server: ${url}`))
    const r = await mpxAsync(['pc', 'clusters', bi.pods['productpage-v1'], '--request-timeout', '2s', '--kubeconfig', kc], {env: {HOME: tmp}})
    expectOneError(r, new RegExp(`^Error: the Kubernetes API server at ${url} did not answer within 2s`))
    expect(r.ms).toBeLessThan(3000 + 1500) // timeout + 1 s, plus process start-up
  })

  it('a hanging exec credential plugin is bounded too', async () => {
    const kc = execKubeconfig('hang', 'sleep 30')
    const r = await mpxAsync(['pc', 'clusters', bi.pods['productpage-v1'], '--request-timeout', '1s', '--kubeconfig', kc], {env: {HOME: tmp}})
    expectOneError(r, /exec credential plugin .*hang\.sh.* did not finish within 1s/)
    expect(r.ms).toBeLessThan(2000 + 1500)
  })
})

describe('exec credential plugin', () => {
  it('runs once per command, with KUBERNETES_EXEC_INFO as kubectl sets it', async () => {
    const log = join(tmp, 'exec-runs.log')
    writeFileSync(log, '')
    const kc = execKubeconfig('count', [
      `printf '%s\\n' "$KUBERNETES_EXEC_INFO" >> ${log}`,
      `printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${server.token}"}}'`,
    ].join('\n'))
    const r = await mpxAsync(['pc', 'clusters', `deployment/productpage-v1`, '--kubeconfig', kc], {env: {HOME: tmp}})
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^SERVICE FQDN/)
    const runs = readFileSync(log, 'utf8').trim().split('\n')
    expect(runs).toHaveLength(1)
    expect(JSON.parse(runs[0])).toEqual({apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', spec: {interactive: false}})
  })

  it('a plugin that fails is one error line', async () => {
    const kc = execKubeconfig('fail', 'echo "token expired, run login" >&2; exit 3')
    const r = await mpxAsync(['pc', 'clusters', bi.pods['productpage-v1'], '--kubeconfig', kc], {env: {HOME: tmp}})
    expectOneError(r, /exec credential plugin .*fail\.sh.* failed \(exit 3\): token expired, run login/)
  })
})

describe('Ctrl-C', () => {
  it('during mpx dump leaves no temporary file, prints Error: interrupted, exits 130', async () => {
    const out = mkdtempSync(join(tmp, 'dump-'))
    server.setPodFaults('default', bi.pods['productpage-v1'], {http: {pathPrefix: '/stats', delayHeadersMs: 5000}})
    const r = await mpxAsync(['dump', bi.pods['productpage-v1'], '--out', join(out, 'snap.tar.gz'), '--kubeconfig', server.kubeconfigPath], {cwd: out, signalAfterMs: 1500, env: {HOME: tmp}})
    server.clearFaults()
    expectOneError(r, /^Error: interrupted$/, 130)
    expect(readdirSync(out)).toEqual([])
  })
})

describe('mpx dump --out and -o', () => {
  const kc = () => ['--kubeconfig', server.kubeconfigPath]
  it('--out - streams the .tar.gz to stdout; -o json names what was written', async () => {
    const dir = mkdtempSync(join(tmp, 'stream-'))
    const file = join(dir, 'snap.tar.gz')
    const r = await mpxAsync(['dump', bi.pods['productpage-v1'], '--out', join(dir, 'a.tar.gz'), '-o', 'json', ...kc()], {env: {HOME: tmp}})
    expect(r.status, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({bundles: [{pod: bi.pods['productpage-v1'], namespace: 'default', path: join(dir, 'a.tar.gz')}]})
    // binary stdout into a file (an asynchronous child: a synchronous one would block this process's API server)
    const {spawn} = await import('node:child_process')
    const {openSync, closeSync} = await import('node:fs')
    const fd = openSync(file, 'w', 0o600)
    const status = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [`${ROOT}bin/run.js`, 'dump', bi.pods['productpage-v1'], '--out', '-', ...kc()], {env: {...process.env, HOME: tmp}, stdio: ['ignore', fd, 'inherit']})
      child.on('close', resolve)
    })
    closeSync(fd)
    expect(status).toBe(0)
    const {spawnSync} = await import('node:child_process')
    const list = spawnSync('tar', ['tzf', file], {encoding: 'utf8'})
    expect(list.stdout.split('\n').filter(Boolean).sort()).toEqual(['certs.json', 'clusters.json', 'config_dump.json', 'listeners.json', 'manifest.json', 'server_info.json', 'stats.json'])
    const back = await mpxAsync(['pc', 'clusters', '-f', file], {env: {HOME: tmp}})
    const direct = await mpxAsync(['pc', 'clusters', '-f', SAMPLE], {env: {HOME: tmp}})
    expect(back.stdout).toBe(direct.stdout)
  })

  it('a path with a suffix mpx cannot write is a usage error, and nothing is created', async () => {
    const dir = mkdtempSync(join(tmp, 'zip-'))
    expectOneError(await mpxAsync(['dump', bi.pods['productpage-v1'], '--out', join(dir, 'snap.zip'), ...kc()], {env: {HOME: tmp}}), /--out ".*snap\.zip": mpx writes a bundle as a directory or a \.tar\.gz file, not \.zip/, 64)
    expect(readdirSync(dir)).toEqual([])
  })

  it('-l writes one bundle per pod into the --out directory', async () => {
    const dir = join(mkdtempSync(join(tmp, 'fan-')), 'snaps')
    const r = await mpxAsync(['dump', '-l', 'app=reviews', '--out', dir, ...kc()], {env: {HOME: tmp}})
    expect(r.status, r.stderr).toBe(0)
    const written = readdirSync(dir).sort()
    expect(written).toHaveLength(3)
    for (const f of written) expect(f).toMatch(/^reviews-v\d-.*\.default-\d{8}T\d{6}Z\.tar\.gz$/)
    expect(r.stdout.trim().split('\n').sort()).toEqual(written.map((f) => join(dir, f)))
  })

  it('-o is the output format: a path given to -o is a usage error listing the formats', async () => {
    expectOneError(await mpxAsync(['dump', bi.pods['productpage-v1'], '-o', 'x.tar.gz', ...kc()], {env: {HOME: tmp}}), /--output.*short, json/, 64)
  })
})

describe('targets', () => {
  it('gateway/NAME picks a pod labelled gateway.networking.k8s.io/gateway-name=NAME; deployment.apps/NAME works', async () => {
    const g = await mpxAsync(['pc', 'clusters', 'gateway/bookinfo-gateway', '--kubeconfig', server.kubeconfigPath], {env: {HOME: tmp}})
    expect(g.status, g.stderr).toBe(0)
    expect(g.stderr).toBe('using pod bookinfo-gateway-istio-7d9f.default for gateway/bookinfo-gateway\n')
    const d = await mpxAsync(['pc', 'clusters', 'deployment.apps/productpage-v1', '--kubeconfig', server.kubeconfigPath], {env: {HOME: tmp}})
    expect(d.status, d.stderr).toBe(0)
    expect(d.stdout).toBe(g.stdout)
  })
})

describe('kubeconfig errors', () => {
  it('an empty kubeconfig is a clear error naming the file', async () => {
    const kc = join(tmp, 'empty.kubeconfig')
    writeFileSync(kc, '\n')
    expectOneError(await mpxAsync(['pc', 'clusters', 'x', '--kubeconfig', kc], {env: {HOME: tmp}}), new RegExp(`^Error: kubeconfig "${kc}" is empty`))
  })
  it('a YAML document that is not a kubeconfig names the file, not a JavaScript error', async () => {
    const kc = join(tmp, 'list.kubeconfig')
    writeFileSync(kc, '- a\n- b\n')
    const r = await mpxAsync(['pc', 'clusters', 'x', '--kubeconfig', kc], {env: {HOME: tmp}})
    expectOneError(r, /kubeconfig/)
    expect(r.stderr).not.toMatch(/Cannot read|undefined|is not a function/)
  })
})

describe('--quiet', () => {
  it('silences the note that names the picked pod; the output is the same', async () => {
    const args = ['pc', 'clusters', 'deployment/productpage-v1', '--kubeconfig', server.kubeconfigPath]
    const loud = await mpxAsync(args, {env: {HOME: tmp}})
    const quiet = await mpxAsync([...args, '--quiet'], {env: {HOME: tmp}})
    expect(loud.stderr).toMatch(/^using pod productpage-v1-/)
    expect(quiet.stderr).toBe('')
    expect(quiet.status).toBe(0)
    expect(quiet.stdout).toBe(loud.stdout)
  })
})

