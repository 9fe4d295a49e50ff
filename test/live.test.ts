/**
 * proxy-config against live pods, through the test Kubernetes API server (real REST, port-forward and
 * exec protocols) and its Envoy admin emulators: every view through both transports, target kinds,
 * fan-out, snapshot bundles, and every error case.
 */
import {mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'
import {bookinfo, startKubeServer, type Bookinfo, type KubeServer} from './kube-server/index.js'
import {expectOneError, mpx, mpxAsync, ROOT} from './helpers/cli.js'

const SAMPLE = `${ROOT}samples/productpage.config_dump.json`
const SAMPLE_CLUSTERS = `${ROOT}samples/productpage.clusters.json`
let server: KubeServer
let bi: Bookinfo
let env: NodeJS.ProcessEnv
let pp: string
const tmp = mkdtempSync(join(tmpdir(), 'mpx-live-'))

beforeAll(async () => {
  bi = bookinfo({configDumps: {'productpage-v1': SAMPLE, 'reviews-v1': SAMPLE, 'reviews-v2': SAMPLE, 'reviews-v3': SAMPLE}})
  pp = bi.pods['productpage-v1']
  const podSpec = bi.world.pods.find((p) => p.name === pp)!
  podSpec.admin = {...(podSpec.admin || {}), configDump: SAMPLE, clusters: SAMPLE_CLUSTERS}
  bi.world.pods.push(
    {name: 'no-sidecar', namespace: 'default', labels: {app: 'plain'}, containers: ['app']},
    {name: 'pending-1', namespace: 'default', labels: {app: 'pending'}, phase: 'Pending'},
    {name: 'native-1', namespace: 'default', labels: {app: 'native'}, nativeSidecar: true, admin: {configDump: SAMPLE}},
    {
      name: 'custom-admin',
      namespace: 'default',
      labels: {app: 'custom'},
      annotations: {'proxy.istio.io/config': 'proxyAdminPort: 15555\n'},
      admin: {port: 15555, configDump: SAMPLE},
    },
  )
  bi.world.pods.push({name: 'redis-0', namespace: 'default', labels: {app: 'redis'}, admin: {configDump: SAMPLE}})
  bi.world.statefulsets = [{name: 'redis', namespace: 'default', selector: {matchLabels: {app: 'redis'}}}]
  bi.world.jobs = [{name: 'migrate', namespace: 'default', selector: {'job-name': 'migrate'}}]
  server = await startKubeServer({world: bi.world})
  env = {KUBECONFIG: server.kubeconfigPath, HOME: tmp}
})

afterEach(() => {
  server.clearFaults()
  server.resetRecords()
})

afterAll(async () => {
  await server?.close()
})

const adminPath = (r: {path: string; query: Record<string, string | string[]>}) =>
  `${r.path}?${Object.entries(r.query).map(([k, v]) => `${k}=${v}`).join('&')}`

const live = (args: string[], extra: NodeJS.ProcessEnv = {}) => mpxAsync(args, {env: {...env, ...extra}})

describe('every view, live, equals the same view of the same dump read from a file', () => {
  const cases: Array<[string, string[]]> = [
    ['clusters', []],
    ['clusters', ['--fqdn', 'reviews', '-o', 'json']],
    ['listeners', ['--port', '15001', '-o', 'json']],
    ['listeners', []],
    ['routes', ['--name', '9080']],
    ['eds', []],
    ['bootstrap', []],
    ['bootstrap', ['-o', 'short']],
    ['secrets', []],
    ['ecds', ['-o', 'yaml']],
    ['all', []],
  ]
  for (const transport of ['port-forward', 'exec']) {
    for (const [view, args] of cases) {
      it(`pc ${view} ${args.join(' ')} via ${transport}`, async () => {
        const offline = mpx(['pc', view, '-f', SAMPLE, ...args])
        expect(offline.status).toBe(0)
        const r = await live(['pc', view, pp, '--transport', transport, ...args])
        expect(r.stderr).toBe('')
        expect(r.status).toBe(0)
        if (view === 'bootstrap' && args.length === 0) {
          // mask=bootstrap (istioctl's) keeps only the bootstrap field of the section: Envoy drops last_updated
          const {lastUpdated: _dropped, ...rest} = JSON.parse(offline.stdout)
          expect(JSON.parse(r.stdout)).toStrictEqual(rest)
        } else {
          expect(r.stdout).toBe(offline.stdout)
        }
      })
    }
    it(`pc endpoints via ${transport} reads /clusters?format=json`, async () => {
      const r = await live(['pc', 'endpoints', pp, '--transport', transport, '--status', 'unhealthy'])
      expect(r.status).toBe(0)
      expect(r.stdout).toBe(mpx(['pc', 'endpoints', '-f', SAMPLE_CLUSTERS, '--status', 'unhealthy']).stdout)
      expect(r.stdout).toMatch(/^ENDPOINT\s+STATUS\s+OUTLIER CHECK\s+CLUSTER\n10\.244\.1\.7:9080\s+UNHEALTHY/)
    })
  }
})

describe('fetches only what a view needs, over one tunnel', () => {
  it('clusters asks for the cluster mask only', async () => {
    await live(['pc', 'clusters', pp])
    expect(server.requestsOf('admin').map(adminPath)).toEqual([
      '/config_dump?mask=dynamic_active_clusters,dynamic_warming_clusters,static_clusters',
    ])
  })
  it('eds asks for include_eds, endpoints for /clusters?format=json', async () => {
    await live(['pc', 'eds', pp])
    await live(['pc', 'endpoints', pp])
    expect(server.requestsOf('admin').map(adminPath)).toEqual(['/config_dump?include_eds=true', '/clusters?format=json'])
  })
  it('dump makes six requests over one port-forward', async () => {
    const out = join(tmp, 'one-tunnel.tar.gz')
    const r = await live(['dump', pp, '--out', out])
    expect(r.status).toBe(0)
    expect(server.requestsOf('admin')).toHaveLength(6)
    expect(server.wsCounts.portforward).toBe(1)
  })
})

describe('targets', () => {
  it('pod.namespace', async () => {
    const r = await live(['pc', 'clusters', `${pp}.default`, '--fqdn', 'ratings'])
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('ratings.default.svc.cluster.local')
  })
  it('deployment/name.namespace picks a pod and says which on stderr', async () => {
    const r = await live(['pc', 'bootstrap', 'deployment/productpage-v1.default', '-o', 'short'])
    expect(r.status).toBe(0)
    expect(r.stderr).toBe(`using pod ${pp}.default for deployment/productpage-v1\n`)
    expect(r.stdout).toMatch(/^Istio Version: /)
  })
  it('statefulset/name', async () => {
    const r = await live(['pc', 'clusters', 'sts/redis', '--fqdn', 'details'])
    expect(r.status).toBe(0)
    expect(r.stderr).toBe('using pod redis-0.default for statefulset/redis\n')
    expect(r.stdout).toContain('details.default.svc.cluster.local')
  })
  it('a job whose selector matches no pods', async () => {
    expectOneError(await live(['pc', 'clusters', 'job/migrate']), /^Error: no pods match "job\/migrate" \(selector job-name=migrate\) in namespace "default"$/)
  })
  it('service/name', async () => {
    const r = await live(['pc', 'secrets', 'svc/productpage'])
    expect(r.status).toBe(0)
    expect(r.stderr).toMatch(/^using pod productpage-v1-\S+\.default for service\/productpage/)
  })
  it('a native sidecar (init container with restartPolicy Always) counts as the proxy container', async () => {
    const r = await live(['pc', 'routes', 'native-1', '--name', '9080', '--no-verbose'])
    expect(r.status).toBe(0)
    expect(r.stdout).toBe('NAME     VIRTUAL HOSTS\n9080     5\n')
  })
  it('the admin port comes from the proxy.istio.io/config annotation', async () => {
    const r = await live(['pc', 'listeners', 'custom-admin', '--port', '15001', '--no-verbose'])
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('ADDRESSES PORT  TYPE\n0.0.0.0   15001 TCP\n')
    expect(server.requestsOf('admin')[0].port).toBe(15555)
  })
  it('-n sets the namespace of a plain pod name', async () => {
    const r = await live(['pc', 'clusters', pp, '-n', 'bookinfo'])
    expectOneError(r, new RegExp(`^Error: pod "${pp}" not found in namespace "bookinfo"$`))
  })
})

describe('fan-out with -l', () => {
  it('tables get a # pod.namespace heading each', async () => {
    const r = await live(['pc', 'clusters', '-l', 'app=reviews', '--fqdn', 'reviews'])
    expect(r.status).toBe(0)
    const headings = r.stdout.split('\n').filter((l) => l.startsWith('# '))
    expect(headings).toEqual([bi.pods['reviews-v1'], bi.pods['reviews-v2'], bi.pods['reviews-v3']].sort().map((p) => `# ${p}.default`))
  })
  it('-o json is one array of {pod, namespace, result}', async () => {
    const r = await live(['pc', 'bootstrap', '-l', 'app=reviews', '-o', 'json'])
    expect(r.status).toBe(0)
    const parsed = JSON.parse(r.stdout)
    expect(parsed.map((x: {pod: string}) => x.pod)).toEqual([bi.pods['reviews-v1'], bi.pods['reviews-v2'], bi.pods['reviews-v3']].sort())
    expect(parsed[0]).toMatchObject({namespace: 'default', result: {bootstrap: {node: {}}}})
  })
  it('-o yaml is one YAML list', async () => {
    const r = await live(['pc', 'routes', '-l', 'app=reviews', '-o', 'yaml', '--concurrency', '2'])
    expect(r.status).toBe(0)
    expect(r.stdout.match(/^- namespace: default$/gm)).toHaveLength(3)
  })
  it('one failing pod is reported; the others still print; exit 1', async () => {
    server.setPodFaults('default', bi.pods['reviews-v2'], {refusePorts: [15000]})
    const r = await live(['pc', 'clusters', '-l', 'app=reviews'])
    expect(r.status).toBe(1)
    expect(r.stdout.split('\n').filter((l) => l.startsWith('# '))).toHaveLength(2)
    expect(r.stderr).toMatch(new RegExp(`^Error: ${bi.pods['reviews-v2']}\\.default: nothing listens on 15000 in pod`))
  })
  it('no matching pods', async () => {
    expectOneError(await live(['pc', 'clusters', '-l', 'app=nothing']), /^Error: no pods match selector "app=nothing" in namespace "default"$/)
  })
})

describe('snapshot bundles', () => {
  it('dump to .tar.gz (mode 0600), then every view reads it back offline', async () => {
    const out = join(tmp, 'pp.tar.gz')
    const r = await live(['dump', pp, '--out', out])
    expect(r.status).toBe(0)
    expect(r.stdout).toBe(`${out}\n`)
    expect(statSync(out).mode & 0o777).toBe(0o600)
    expect(mpx(['pc', 'endpoints', '--file', out]).stdout).toBe(mpx(['pc', 'endpoints', '-f', SAMPLE_CLUSTERS]).stdout)
    expect(mpx(['pc', 'listeners', '--file', out]).stdout).toBe(mpx(['pc', 'listeners', '-f', SAMPLE]).stdout)
    expect(mpx(['pc', 'eds', '--file', out, '-o', 'json']).stdout).toBe(mpx(['pc', 'eds', '-f', SAMPLE, '-o', 'json']).stdout)
  })
  it('dump to a directory with a manifest', async () => {
    const out = join(tmp, 'pp-dir')
    const r = await live(['dump', pp, '--out', out, '--transport', 'exec'])
    expect(r.status).toBe(0)
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))
    expect(manifest).toMatchObject({kind: 'mpx-dump', pod: pp, namespace: 'default', context: 'test', istioVersion: expect.stringMatching(/^1\./)})
    expect(statSync(join(out, 'config_dump.json')).mode & 0o777).toBe(0o600)
    // Envoy's redaction of private keys survives in the bundle
    const saved = readFileSync(join(out, 'config_dump.json'), 'utf8')
    expect(saved).toContain(Buffer.from('[redacted]').toString('base64'))
    expect(saved).not.toMatch(/BEGIN (RSA |EC )?PRIVATE KEY/)
    expect(mpx(['pc', 'secrets', '-f', out]).stdout).toBe(mpx(['pc', 'secrets', '-f', SAMPLE]).stdout)
  })
  it('a failed dump writes nothing', async () => {
    server.setFaults({http: {pathPrefix: '/certs', status: 500}})
    const out = join(tmp, 'failed.tar.gz')
    expectOneError(await live(['dump', pp, '--out', out]), /Envoy admin in .* answered 500 for \/certs/)
    expect(() => statSync(out)).toThrow()
  })
  it('an existing target is not overwritten', async () => {
    const out = join(tmp, 'exists.tar.gz')
    writeFileSync(out, 'x')
    expectOneError(await live(['dump', pp, '--out', out]), /already exists/)
  })
})

describe('errors: one line on stderr, nothing on stdout, exit 1', () => {
  it('API server unreachable', async () => {
    const dead = server.kubeconfig({fileName: 'dead.yaml'})
    const yaml = dead.yaml.replace(server.url, 'https://127.0.0.1:9')
    writeFileSync(dead.path, yaml)
    expectOneError(await live(['pc', 'clusters', pp], {KUBECONFIG: dead.path}), /^Error: cannot reach the Kubernetes API server at https:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/)
  })
  it('TLS verification failure', async () => {
    const other = server.kubeconfig({fileName: 'badca.yaml'})
    // a CA that did not sign the server's certificate (the server generates fresh material per run)
    const otherCa = readFileSync(`${ROOT}test/kube-server/tls/test-only-ca.crt`, 'utf8')
    expect(otherCa).not.toBe(server.caPem)
    const yaml = other.yaml.replace(/certificate-authority-data: \S+/, `certificate-authority-data: ${Buffer.from(otherCa).toString('base64')}`)
    writeFileSync(other.path, yaml)
    const r = await live(['pc', 'clusters', pp], {KUBECONFIG: other.path})
    expectOneError(r, /^Error: TLS verification of the Kubernetes API server at https:\/\/127\.0\.0\.1:\d+ failed/)
  })
  it('401', async () => {
    const bad = server.kubeconfig({token: 'wrong-token', fileName: 'bad-token.yaml'})
    expectOneError(await live(['pc', 'clusters', pp], {KUBECONFIG: bad.path}), /rejected the credentials \(401 Unauthorized\)/)
  })
  it('403 on port-forward names the permission and the way out', async () => {
    server.setFaults({forbidPortForward: true})
    expectOneError(await live(['pc', 'clusters', pp]), /^Error: forbidden: cannot create pods\/portforward in namespace default; try --transport exec$/)
  })
  it('... and --transport exec works then', async () => {
    server.setFaults({forbidPortForward: true})
    const r = await live(['pc', 'clusters', pp, '--transport', 'exec', '--fqdn', 'details'])
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('details.default.svc.cluster.local')
  })
  it('403 on exec', async () => {
    server.setFaults({forbidExec: true})
    expectOneError(await live(['pc', 'clusters', pp, '--transport', 'exec']), /^Error: forbidden: cannot create pods\/exec in namespace default$/)
  })
  it('pod not found', async () => {
    expectOneError(await live(['pc', 'clusters', 'nope-123']), /^Error: pod "nope-123" not found in namespace "default"$/)
  })
  it('a target type without a pod selector', async () => {
    expectOneError(await live(['pc', 'clusters', 'serviceaccount/bookinfo-productpage']), /does not refer to a pod/, 64)
  })
  it('a workload that does not exist', async () => {
    expectOneError(await live(['pc', 'clusters', 'deployment/nope']), /^Error: deployment "nope" not found in namespace "default"$/)
  })
  it('pod not Running', async () => {
    expectOneError(await live(['pc', 'clusters', 'pending-1']), /^Error: pod pending-1\.default is not running \(phase Pending\)/)
  })
  it('no proxy container', async () => {
    expectOneError(await live(['pc', 'clusters', 'no-sidecar']), /^Error: pod no-sidecar\.default has no istio-proxy container \(containers: app\): is the sidecar injected\?$/)
  })
  it('admin port refused', async () => {
    server.setPodFaults('default', pp, {refusePorts: [15000]})
    expectOneError(await live(['pc', 'clusters', pp]), /^Error: nothing listens on 15000 in pod productpage-v1-\S+\.default: sidecar not ready, or a custom proxyAdminPort\?/)
  })
  it('Envoy answers non-200', async () => {
    server.setFaults({http: {pathPrefix: '/config_dump', status: 503, body: 'server not ready'}})
    expectOneError(await live(['pc', 'listeners', pp]), /^Error: Envoy admin in productpage-v1-\S+ answered 503 for \/config_dump\?mask=dynamic_listeners,static_listeners: server not ready$/)
  })
  it('Envoy non-200 through exec', async () => {
    server.setFaults({http: {pathPrefix: '/config_dump', status: 503, body: 'server not ready'}})
    expectOneError(await live(['pc', 'listeners', pp, '--transport', 'exec']), /^Error: pilot-agent request GET config_dump\?mask=\S+ in \S+ failed \(exit \d+\)/)
  })
  it('connection dropped mid-body: no partial output', async () => {
    server.setFaults({http: {pathPrefix: '/config_dump', dropAfterBytes: 5000}})
    expectOneError(await live(['pc', 'all', pp]), /^Error: the connection to \S+ dropped while reading \/config_dump\?include_eds=true \(after \d+ bytes\)/)
  })
  it('timeout', async () => {
    server.setFaults({http: {pathPrefix: '/config_dump', delayHeadersMs: 4000}})
    const r = await live(['pc', 'routes', pp, '--request-timeout', '1s'])
    expectOneError(r, /^Error: no complete answer to \/config_dump\?mask=\S+ from \S+ within --request-timeout \(1000 ms\)$/)
    expect(r.ms).toBeLessThan(3500)
  })
  it('answer larger than --max-bytes', async () => {
    expectOneError(await live(['pc', 'all', pp, '--max-bytes', '10KiB']), /is larger than --max-bytes \(10240 bytes\): raise --max-bytes$/)
  })
  it('no kubeconfig at all', async () => {
    const r = await mpxAsync(['pc', 'clusters', pp], {env: {KUBECONFIG: '', HOME: tmp, KUBERNETES_SERVICE_HOST: ''}})
    expectOneError(r, /^Error: no kubeconfig: tried --kubeconfig, \$KUBECONFIG, \S+\/\.kube\/config and the in-cluster service account; pass --kubeconfig, or read a saved dump with --file$/)
  })
  it('$KUBECONFIG naming only missing files', async () => {
    expectOneError(await live(['pc', 'clusters', pp], {KUBECONFIG: join(tmp, 'missing.yaml')}), /\$KUBECONFIG lists \S+missing\.yaml, none of which exists/)
  })
  it('a context that does not exist', async () => {
    expectOneError(await live(['pc', 'clusters', pp, '--context', 'prod']), /^Error: context "prod" not found in the kubeconfig \(contexts: test, other\)$/)
  })
  it('bad --request-timeout is a usage error', async () => {
    expectOneError(await live(['pc', 'clusters', pp, '--request-timeout', 'soon']), /--request-timeout: "soon" is not a duration/, 64)
  })
})

describe('security', () => {
  it('the token never appears in output, errors or --debug logs', async () => {
    server.setFaults({forbidPortForward: true})
    const r = await live(['pc', 'clusters', pp, '--debug'])
    expect(r.status).toBe(1)
    expect(r.stdout + r.stderr).not.toContain(server.token)
    const ok = await live(['pc', 'bootstrap', pp, '--debug'])
    expect(ok.stdout + ok.stderr).not.toContain(server.token)
  })
  it('Ctrl-C exits at once and leaves no process behind', async () => {
    server.setFaults({http: {pathPrefix: '/config_dump', delayHeadersMs: 20_000}})
    const r = await mpxAsync(['pc', 'routes', pp], {env, signalAfterMs: 1200})
    expect(r.status).toBe(130)
    expect(r.ms).toBeLessThan(4000)
    expect(r.stdout).toBe('')
  })
})
