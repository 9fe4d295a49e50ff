/**
 * Live-pod benchmarks through the test Kubernetes API server (real port-forward protocol), each as a
 * ratio against a baseline measured in the same run:
 *   fetch     a 130 MB config dump through mpx's port-forward admin client vs a direct loopback HTTP GET
 *             of the same bytes from the same Envoy admin emulator                         goal <= 2x
 *   fan-out   `mpx pc clusters -l app=fan` over 50 pods (concurrency 8) vs one pod          goal <= 10x
 * Run: npm run bench:live (after a build). Prints a report; asserts nothing about speed.
 */
import {existsSync, readFileSync} from 'node:fs'
import {spawnSync} from 'node:child_process'
import {afterAll, beforeAll, it} from 'vitest'
import {request} from 'undici'
import {startKubeServer, type KubeServer, type PodSpec} from '../test/kube-server/index.js'
import {ROOT, mpxAsync} from '../test/helpers/cli.js'
import {connect} from '../src/kube/cluster.js'
import {openAdminClient} from '../src/kube/admin-client.js'

const BIG = `${ROOT}bench/out/big.json`
const SAMPLE = `${ROOT}samples/productpage.config_dump.json`
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
let server: KubeServer

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const fmt = (ms: number) => `${ms.toFixed(0).padStart(6)} ms`

beforeAll(async () => {
  if (!existsSync(BIG)) spawnSync(process.execPath, [`${ROOT}bench/gen-dump.mjs`, '--services', '5000', '--out', BIG, '--quiet'], {stdio: 'inherit'})
  const big = readFileSync(BIG)
  const pods: PodSpec[] = [{name: 'big-0', namespace: 'default', labels: {app: 'big'}, admin: {configDump: big}}]
  for (let i = 0; i < 50; i++) pods.push({name: `fan-${String(i).padStart(2, '0')}`, namespace: 'default', labels: {app: 'fan'}, admin: {configDump: SAMPLE}})
  server = await startKubeServer({world: {pods}})
})

afterAll(async () => {
  await server?.close()
})

it('fetch: port-forward vs direct loopback GET', async () => {
  const size = readFileSync(BIG).length
  const direct: number[] = []
  const forwarded: number[] = []
  const port = (await server.emulatorPort('default', 'big-0', 15000))!
  const cluster = await connect({kubeconfig: server.kubeconfigPath})
  const pod = {name: 'big-0', namespace: 'default', pod: {}}
  for (let i = 0; i < RUNS; i++) {
    let t0 = performance.now()
    const res = await request(`http://127.0.0.1:${port}/config_dump?include_eds=true`)
    const n = (await res.body.arrayBuffer()).byteLength
    direct.push(performance.now() - t0)
    if (n !== size) throw new Error(`direct GET returned ${n} bytes, expected ${size}`)
    t0 = performance.now()
    const admin = await openAdminClient(cluster, pod, {transport: 'port-forward', container: 'istio-proxy', port: 15000, timeoutMs: 120_000, maxBytes: 1 << 30})
    const body = await admin.get('config_dump?include_eds=true')
    await admin.close()
    forwarded.push(performance.now() - t0)
    if (body.length !== size) throw new Error(`port-forward returned ${body.length} bytes, expected ${size}`)
  }
  const d = median(direct)
  const f = median(forwarded)
  console.log(`\n## fetch ${(size / 1e6).toFixed(1)} MB config dump (${RUNS} runs, medians)`)
  console.log(`${fmt(d)}  direct loopback HTTP GET from the admin emulator`)
  console.log(`${fmt(f)}  mpx admin client over pods/portforward (v4.channel.k8s.io WebSocket, undici)`)
  console.log(`ratio ${(f / d).toFixed(2)}x (goal <= 2x)`)
})

it('fan-out: -l over 50 pods vs one pod', async () => {
  const env = {KUBECONFIG: server.kubeconfigPath}
  const one: number[] = []
  const fifty: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const a = await mpxAsync(['pc', 'clusters', 'fan-00'], {env})
    if (a.status !== 0) throw new Error(a.stderr)
    one.push(a.ms)
    const b = await mpxAsync(['pc', 'clusters', '-l', 'app=fan', '--concurrency', '8'], {env})
    if (b.status !== 0) throw new Error(b.stderr)
    if (b.stdout.split('\n').filter((l) => l.startsWith('# ')).length !== 50) throw new Error('expected 50 pod sections')
    fifty.push(b.ms)
  }
  const o = median(one)
  const f = median(fifty)
  console.log(`\n## fan-out (${RUNS} runs, medians, whole CLI process)`)
  console.log(`${fmt(o)}  mpx pc clusters <one pod>`)
  console.log(`${fmt(f)}  mpx pc clusters -l app=fan (50 pods, --concurrency 8)`)
  console.log(`ratio ${(f / o).toFixed(2)}x (goal <= 10x)`)
})
