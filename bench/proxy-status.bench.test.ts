/**
 * `mpx proxy-status` list mode at scale, through the test Kubernetes API server (real port-forward
 * protocol): 2 istiod replicas with 1,000 proxies each in /debug/syncz (every type with nonces and a
 * push time, as newer istiods report).
 *
 *   baseline   `mpx --version` (node + oclif start-up), `mpx ps -n empty` (the same live path: kubeconfig,
 *              client-node, pod list, two port-forwards, but empty syncz answers) and `mpx ps -i one` (two
 *              istiod replicas in another namespace holding one proxy between them)
 *   list       `mpx ps` (table), `mpx ps -o json` (istioctl's DiscoveryResponse documents) and
 *              `mpx ps -o records-json` over the 2,000 proxies
 * The figures that matter: list − --version (goal under 1 s) and list / one proxy (same run, goal at most
 * 1.5x). Run: npx vitest run --config bench/vitest.config.ts bench/proxy-status.bench.test.ts
 * (after a build). Prints a report; asserts only that the outputs are complete.
 */
import {afterAll, beforeAll, it} from 'vitest'
import {istiodDebugHandler, startKubeServer, type KubeServer, type PodSpec} from '../test/kube-server/index.js'
import {mpxAsync} from '../test/helpers/cli.js'

const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const PROXIES_PER_ISTIOD = 1000
let server: KubeServer

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const fmt = (ms: number) => `${ms.toFixed(0).padStart(6)} ms`

const URLS = ['envoy.config.cluster.v3.Cluster', 'envoy.config.listener.v3.Listener', 'envoy.config.endpoint.v3.ClusterLoadAssignment', 'envoy.config.route.v3.RouteConfiguration'].map(
  (t) => `type.googleapis.com/${t}`,
)

/** One syncz entry as a 1.2x istiod prints it (flat nonces plus the resources map). */
function entry(replica: number, i: number): Record<string, unknown> {
  const pod = `app-${String(i % 97).padStart(2, '0')}-v1-5d8c7b9f4-${replica}x${String(i).padStart(4, '0')}`
  const ns = `team-${i % 20}`
  const nonce = (t: string) => `${t}${replica}${i}Qx0=8c1f3a2e-5b6d-4e7f-9a0b-${String(i).padStart(12, '0')}`
  const sentTime = new Date(Date.now() - (i % 600) * 60_000).toISOString()
  const resources: Record<string, unknown> = {}
  for (const [k, url] of URLS.entries()) resources[url] = {sent: nonce(`t${k}`), acked: i % 50 === 0 && k === 1 ? nonce('old') : nonce(`t${k}`), sentTime}
  return {
    cluster_id: 'Kubernetes',
    proxy: `${pod}.${ns}`,
    proxy_type: 'sidecar',
    proxy_version: '1.24.2',
    istio_version: '1.24.2',
    cluster_sent: nonce('t0'),
    cluster_acked: nonce('t0'),
    listener_sent: nonce('t1'),
    listener_acked: i % 50 === 0 ? nonce('old') : nonce('t1'),
    route_sent: nonce('t3'),
    route_acked: nonce('t3'),
    endpoint_sent: nonce('t2'),
    endpoint_acked: nonce('t2'),
    resources,
  }
}

beforeAll(async () => {
  const pods: PodSpec[] = []
  for (const [namespace, count] of [['istio-system', PROXIES_PER_ISTIOD], ['one', 1]] as const) for (let r = 0; r < 2; r++) {
    const syncz = Array.from({length: r === 0 ? count : namespace === 'one' ? 0 : count}, (_, i) => entry(r, i))
    const debug = istiodDebugHandler({syncz: Buffer.from(JSON.stringify(syncz)), version: '1.24.2-8c1f3a2e-Clean'})
    pods.push({
      name: `istiod-6b9d7c5f8-r${r}`,
      namespace,
      labels: {app: 'istiod', 'istio.io/rev': 'default'},
      annotations: {'prometheus.io/port': '15014'},
      containers: [{name: 'discovery'}],
      admin: false,
      ports: {15014: debug, 8080: debug},
    })
  }
  server = await startKubeServer({world: {namespaces: ['istio-system', 'one', 'empty'], pods}})
})

afterAll(async () => {
  await server?.close()
})

it('list mode: 2 istiod replicas, 2,000 proxies', async () => {
  const env = {KUBECONFIG: server.kubeconfigPath}
  const time = async (args: string[], check: (stdout: string) => void) => {
    const xs: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const r = await mpxAsync(args, {env})
      if (r.status !== 0) throw new Error(`mpx ${args.join(' ')}: ${r.stderr}`)
      check(r.stdout)
      xs.push(r.ms)
    }
    return median(xs)
  }
  const version = await time(['--version'], () => {})
  const empty = await time(['ps', '-n', 'empty'], (out) => {
    if (out.split('\n').length !== 2) throw new Error('expected the header alone')
  })
  const one = await time(['ps', '-i', 'one'], (out) => {
    if (out.trimEnd().split('\n').length !== 2) throw new Error('expected one row')
  })
  const table = await time(['ps'], (out) => {
    if (out.trimEnd().split('\n').length !== 2 * PROXIES_PER_ISTIOD + 1) throw new Error('expected 2,000 rows')
  })
  const json = await time(['ps', '-o', 'json'], (out) => {
    if (out.split('"@type"').length - 1 !== 2 * PROXIES_PER_ISTIOD) throw new Error('expected 2,000 ClientConfigs')
  })
  const records = await time(['ps', '-o', 'records-json'], (out) => {
    if ((JSON.parse(out) as unknown[]).length !== 2 * PROXIES_PER_ISTIOD) throw new Error('expected 2,000 objects')
  })
  console.log(`\n## proxy-status list mode, 2 istiod replicas x ${PROXIES_PER_ISTIOD} proxies (${RUNS} runs, medians, whole CLI process)`)
  console.log(`${fmt(version)}  mpx --version (start-up)`)
  console.log(`${fmt(empty)}  mpx ps -n empty (live path, empty syncz)`)
  console.log(`${fmt(one)}  mpx ps -i one (live path, 1 proxy)`)
  console.log(`${fmt(table)}  mpx ps (2,000 rows)`)
  console.log(`${fmt(json)}  mpx ps -o json (2,000 ClientConfigs in 2 DiscoveryResponse documents)`)
  console.log(`${fmt(records)}  mpx ps -o records-json (2,000 objects)`)
  console.log(`beyond start-up: table ${fmt(table - version)}, json ${fmt(json - version)}, records ${fmt(records - version)} (goal < 1000 ms); 2,000 proxies cost ${fmt(table - empty)} over the empty live run`)
  console.log(`ratio to 1 proxy (same run, goal <= 1.5x): table ${(table / one).toFixed(2)}x, json ${(json / one).toFixed(2)}x, records ${(records / one).toFixed(2)}x`)
})
