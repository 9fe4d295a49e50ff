/**
 * Live zc through the test API server (port-forward and exec): every view equals the offline output of the
 * same dump; targets: daemonset/ztunnel (default), a ztunnel pod, --node, a workload pod; zc log; mpx dump
 * of a ztunnel.
 */
import {mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {ISTIOCTL, expectOneError, mpx, mpxAsync} from './helpers/cli.js'
import {startKubeServer, type KubeServer} from './kube-server/index.js'
import {AMBIENT, ambientWorld} from './kube-server/ztunnel.js'

const DUMP = `${ISTIOCTL}writer/ztunnel/configdump/testdata/dump.json`
let server: KubeServer
let env: NodeJS.ProcessEnv
const offline = (args: string[]) => mpx([...args, '-f', DUMP]).stdout

beforeAll(async () => {
  server = await startKubeServer({world: ambientWorld()})
  env = {KUBECONFIG: server.kubeconfigPath}
})
afterAll(async () => server?.close())

describe('live zc equals offline zc', () => {
  for (const transport of ['port-forward', 'exec']) {
    it(`every view through ${transport}`, async () => {
      for (const view of ['workloads', 'services', 'policies', 'certificates', 'connections', 'all']) {
        const r = await mpxAsync(['zc', view, AMBIENT.ztunnels['ambient-worker']!, '--transport', transport], {env})
        expect(r.stderr, view).toBe('')
        expect(r.status, view).toBe(0)
        expect(r.stdout, view).toBe(offline(['zc', view]))
      }
    }, 180_000)
  }
  it('default daemonset/ztunnel, --node, -o json', async () => {
    const d = await mpxAsync(['zc', 'workloads'], {env})
    expect(d.status, d.stderr).toBe(0)
    expect(d.stdout).toBe(offline(['zc', 'workloads']))
    const n = await mpxAsync(['zc', 'services', '--node', 'ambient-worker2', '-o', 'json'], {env})
    expect(n.status, n.stderr).toBe(0)
    expect(JSON.parse(n.stdout)).toStrictEqual(JSON.parse(offline(['zc', 'services', '-o', 'json'])))
    expect(server.requestsOf('admin', {name: AMBIENT.ztunnels['ambient-worker2']}).some((q) => q.path === '/config_dump')).toBe(true)
  })
  it('a workload pod resolves to the ztunnel on its node and narrows the rows', async () => {
    const r = await mpxAsync(['zc', 'workloads', 'productpage-v1-675fc69cf-jscn2.bookinfo'], {env})
    expect(r.status, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/using ztunnel ztunnel-qk2pp.istio-system on node ambient-worker2/)
    expect(r.stdout).toBe(offline(['zc', 'workloads', 'productpage-v1-675fc69cf-jscn2.bookinfo']))
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(2)
  })
  it('no ztunnel on a node is one error', async () => expectOneError(await mpxAsync(['zc', 'workloads', '--node', 'nowhere'], {env}), /no ztunnel pod on node "nowhere"/))
})

describe('zc log', () => {
  it('sets the level on every ztunnel, then on one, then resets', async () => {
    const all = await mpxAsync(['zc', 'log', '--level', 'debug'], {env})
    expect(all.status, all.stderr).toBe(0)
    expect(all.stdout).toBe('ztunnel-qk2pp.istio-system:\ncurrent log level is debug\n\nztunnel-xljhg.istio-system:\ncurrent log level is debug\n\n')
    const one = await mpxAsync(['zc', 'log', 'ztunnel-xljhg', '--level', 'warning', '--transport', 'exec'], {env})
    expect(one.stdout).toBe('ztunnel-xljhg.istio-system:\ncurrent log level is warn\n\n')
    const reset = await mpxAsync(['zc', 'log', '--node', 'ambient-worker', '-r'], {env})
    expect(reset.stdout).toBe('ztunnel-xljhg.istio-system:\ncurrent log level is info\n\n')
    const posts = server.requestsOf('admin', {name: 'ztunnel-xljhg'}).filter((q) => q.path === '/logging')
    expect(posts.every((q) => q.method === 'POST')).toBe(true)
  }, 90_000)
  it('a workload pod is refused', async () =>
    expectOneError(await mpxAsync(['zc', 'log', 'productpage-v1-675fc69cf-jscn2.bookinfo'], {env}), /is not a ztunnel/, 64))
})

describe('mpx dump of a ztunnel', () => {
  it('saves config_dump and logging; every zc view re-opens the bundle', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'mpx-zc-dump-')), 'zt.tar.gz')
    const d = await mpxAsync(['dump', 'ztunnel-xljhg.istio-system', '--out', out], {env})
    expect(d.status, d.stderr).toBe(0)
    for (const view of ['workloads', 'certificates', 'all']) expect(mpx(['zc', view, '-f', out]).stdout).toBe(offline(['zc', view]))
    const dir = out.replace(/zt\.tar\.gz$/, 'zt-dir')
    expect((await mpxAsync(['dump', 'ztunnel-xljhg.istio-system', '--out', dir], {env})).status).toBe(0)
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))
    expect(manifest).toMatchObject({pod: 'ztunnel-xljhg', namespace: 'istio-system', proxy: 'ztunnel'})
    expect(readFileSync(join(dir, 'logging.txt'), 'utf8')).toMatch(/current log level is/)
  }, 90_000)
})
