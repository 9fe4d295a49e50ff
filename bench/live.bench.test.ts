/**
 * Live-pod benchmarks through the test Kubernetes API server (real port-forward protocol), each as a
 * ratio against a baseline measured in the same run:
 *   fetch     a 130 MB config dump through mpx's port-forward admin client vs a direct loopback HTTP GET
 *             of the same bytes from the same Envoy admin emulator                         goal <= 2x
 *   fan-out   `mpx pc clusters -l app=fan` over 50 pods (concurrency 8) vs one pod          goal <= 10x
 * Run: npm run bench:live (after a build). Prints a report; asserts nothing about speed.
 */
import {existsSync, readFileSync} from 'node:fs'
import {spawn, spawnSync} from 'node:child_process'
import {afterAll, beforeAll, it} from 'vitest'
import {startKubeServer, type KubeServer, type PodSpec} from '../test/kube-server/index.js'
import {ROOT, mpxAsync} from '../test/helpers/cli.js'

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

it('fetch: port-forward vs direct loopback GET (client in its own process)', async () => {
  const size = readFileSync(BIG).length
  const {build} = await import('esbuild')
  const child = `${ROOT}bench/out/fetch-child.mjs`
  await build({entryPoints: [`${ROOT}bench/fetch-child.ts`], outfile: child, bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning'})
  const port = (await server.emulatorPort('default', 'big-0', 15000))!
  const run = async (args: string[]) => {
    const r = await new Promise<string>((resolve, reject) => {
      const p = spawn(process.execPath, [child, ...args], {stdio: ['ignore', 'pipe', 'inherit']})
      let out = ''
      p.stdout.on('data', (d) => (out += d))
      p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`fetch child exited ${code}`))))
    })
    const [ms, bytes] = r.trim().split(' ').map(Number)
    if (bytes !== size) throw new Error(`fetched ${bytes} bytes, expected ${size}`)
    return ms
  }
  const direct: number[] = []
  const forwarded: number[] = []
  for (let i = 0; i < RUNS; i++) {
    direct.push(await run(['--direct', `http://127.0.0.1:${port}/config_dump?include_eds=true`]))
    forwarded.push(await run([server.kubeconfigPath, 'big-0', 'config_dump?include_eds=true']))
  }
  const d = median(direct)
  const f = median(forwarded)
  console.log(`\n## fetch ${(size / 1e6).toFixed(1)} MB config dump (${RUNS} runs, medians, client in a child process)`)
  console.log(`${fmt(d)}  direct loopback HTTP GET from the admin emulator (undici)`)
  console.log(`${fmt(f)}  mpx admin client over pods/portforward (v4.channel.k8s.io WebSocket, undici over a Duplex)`)
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
