/**
 * `mpx proxy-status` / `mpx ps` end to end: the istioctl fixture rows 12 and 13 offline, flag checks, and
 * live runs through the test Kubernetes API server with two istiod replicas that split the Bookinfo
 * proxies between them (list mode, diff mode against the right replica, both transports, --exit-code,
 * --all, and every error case).
 */
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'
import {parse as parseYaml} from 'yaml'
import {renameFields} from '../src/proto/proto-json.js'
import {bookinfo, startKubeServer, type Bookinfo, type KubeServer} from './kube-server/index.js'
import {expectOneError, ISTIOCTL, mpx, mpxAsync, ROOT} from './helpers/cli.js'

const COMPARE = `${ISTIOCTL}writer/compare/testdata/configdump.json`
const COMPARE_DIFF = `${ISTIOCTL}writer/compare/testdata/configdump_diff.json`
const SAMPLE = `${ROOT}samples/productpage.config_dump.json`
const tmp = mkdtempSync(join(tmpdir(), 'mpx-ps-'))

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type J = any
const camel = (path: string): J => renameFields(JSON.parse(readFileSync(path, 'utf8')), 'envoy.admin.v3.ConfigDump', 'camel', {order: 'declaration'})

describe('offline: --file and --istiod-file (fixture rows 12 and 13)', () => {
  it('row 12: a dump compared with itself prints the three Match lines', () => {
    const r = mpx(['ps', '--file', COMPARE, '--istiod-file', COMPARE])
    expect(r).toEqual({stdout: 'Clusters Match\nListeners Match\nRoutes Match (RDS last loaded at Mon, 04 Mar 2024 08:37:44 UTC)\n', stderr: '', status: 0})
  })

  it("row 13: the three Don't Match lines, each with a summary and a unified diff (golden)", async () => {
    const r = mpx(['proxy-status', '--file', COMPARE_DIFF, '--istiod-file', COMPARE])
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    for (const t of ['Clusters', 'Listeners', 'Routes']) {
      const head = new RegExp(`(^|\\n)${t} Don't Match[^\\n]*\\nSummary: [^\\n]+\\n--- Istiod ${t}\\n\\+\\+\\+ Envoy ${t}\\n@@ -\\d+(,\\d+)? \\+\\d+(,\\d+)? @@\\n`)
      expect(r.stdout).toMatch(head)
    }
    // every diff body line is a hunk header or starts with ' ', '-' or '+'; each diff ends with a blank line
    const bodies = r.stdout.split(/^(?:Clusters|Listeners|Routes) Don't Match.*\nSummary: .*\n/m).slice(1)
    expect(bodies).toHaveLength(3)
    for (const b of bodies) {
      expect(b.endsWith('\n\n')).toBe(true)
      for (const line of b.trimEnd().split('\n').slice(2)) expect(line).toMatch(/^(@@ -\d+(,\d+)? \+\d+(,\d+)? @@|[ +-])/)
    }
    expect(r.stdout).toContain("Routes Don't Match (RDS last loaded at Mon, 04 Mar 2024 08:37:44 UTC)\n")
    await expect(r.stdout).toMatchFileSnapshot('golden/proxy-status/compare-diff.txt')
  })

  it('ps and proxy-status are the same command; --exit-code turns a difference into exit 1', () => {
    const a = mpx(['ps', '--file', COMPARE_DIFF, '--istiod-file', COMPARE, '--exit-code'])
    const b = mpx(['proxy-status', '--file', COMPARE_DIFF, '--istiod-file', COMPARE])
    expect(a.stdout).toBe(b.stdout)
    expect(a.status).toBe(1)
    expect(a.stderr).toBe('')
    expect(mpx(['ps', '--file', COMPARE, '--istiod-file', COMPARE, '--exit-code']).status).toBe(0)
  })

  it('a camelCase istiod dump (as istiod prints it) matches its snake_case Envoy dump', () => {
    const file = join(tmp, 'istiod-camel.json')
    writeFileSync(file, JSON.stringify(camel(SAMPLE), null, 2))
    const r = mpx(['ps', '--file', SAMPLE, '--istiod-file', file, '--types', 'clusters,listeners,routes,endpoints,secrets'])
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe(
      'Clusters Match\nListeners Match\nRoutes Match (RDS last loaded at Wed, 14 Jan 2026 08:22:36 UTC)\nEndpoints Match\nSecrets Match (served by the istio-agent, not compared: ROOTCA, default)\n',
    )
  })

  it('-o json / -o yaml: one document with per-type results', () => {
    const r = mpx(['ps', '--file', COMPARE_DIFF, '--istiod-file', COMPARE, '-o', 'json'])
    expect(r.status).toBe(0)
    const doc = JSON.parse(r.stdout)
    expect(Object.keys(doc)).toEqual(['match', 'types'])
    expect(doc.match).toBe(false)
    expect(Object.keys(doc.types)).toEqual(['clusters', 'listeners', 'routes'])
    expect(doc.types.clusters).toMatchObject({match: false, onlyInIstiod: ['inbound-vip|9080|http|ratings.default.svc.cluster.local'], onlyInEnvoy: ['inbound-vip|9999|http|ratings.default.svc.cluster.local'], changed: []})
    expect(doc.types.routes.rdsLastLoaded).toBe('2024-03-04T08:37:44.862Z')
    expect(doc.types.listeners.diff).toMatch(/^--- Istiod Listeners\n\+\+\+ Envoy Listeners\n@@ /)
    const y = mpx(['ps', '--file', COMPARE_DIFF, '--istiod-file', COMPARE, '-o', 'yaml'])
    expect(parseYaml(y.stdout)).toEqual(doc)
  })

  it('flag errors are usage errors (exit 64, one line)', () => {
    expectOneError(mpx(['ps', '--file', COMPARE]), /^Error: --file needs --istiod-file too, or a pod target/, 64)
    expectOneError(mpx(['ps', '--istiod-file', COMPARE]), /^Error: --istiod-file needs --file too, or a pod target/, 64)
    expectOneError(mpx(['ps', '--file', COMPARE, '--istiod-file', COMPARE, '-o', 'wide']), /^Error: output format "wide" not supported: use one of table, json, yaml, records-json, records-yaml$/, 64)
    expectOneError(mpx(['ps', '--file', COMPARE, '--istiod-file', COMPARE, '--types', 'clusters,bogus']), /^Error: --types: unknown type "bogus"/, 64)
    expectOneError(mpx(['ps', '--file', COMPARE, '--istiod-file', COMPARE, '--all']), /^Error: --all applies to list mode only/, 64)
  })

  it('unreadable files fail with one line', () => {
    expectOneError(mpx(['ps', '--file', join(tmp, 'nope.json'), '--istiod-file', COMPARE]), /^Error: cannot read ".*nope\.json": no such file$/)
  })

  it('offline runs load neither client-node nor undici', () => {
    const trace = join(tmp, 'modules.txt')
    const r = mpx(['ps', '--file', COMPARE, '--istiod-file', COMPARE], {env: {NODE_OPTIONS: `--import ${ROOT}test/helpers/module-trace.mjs`, MPX_MODULE_TRACE: trace}})
    expect(r.status).toBe(0)
    const loaded = readFileSync(trace, 'utf8')
    expect(loaded).toMatch(/dist\/commands\/proxy-status\.js/)
    expect(loaded).not.toMatch(/@kubernetes\/client-node|undici/)
  })
})

describe('live, two istiod replicas', () => {
  let server: KubeServer
  let bi: Bookinfo
  let env: NodeJS.ProcessEnv
  let A: string // istiod replica 1
  let B: string // istiod replica 2
  let SORTED: string // both, as mpx lists them (by name)
  const pod = (dep: string) => bi.pods[dep]!
  const live = (args: string[], extra: NodeJS.ProcessEnv = {}) => mpxAsync(args, {env: {...env, ...extra}})
  const DAY = 86_400_000
  // ages far from any unit boundary, so the golden does not depend on when the test runs
  const longAgo = new Date(Date.now() - (3 * 365 + 10) * DAY - DAY / 2).toISOString()
  const hoursAgo = new Date(Date.now() - 30 * 3_600_000 - 1_800_000).toISOString()

  beforeAll(async () => {
    const reviewsV1Istiod = camel(SAMPLE)
    // istiod has a different connect timeout for one cluster than what reviews-v1's Envoy has loaded
    const clusters = reviewsV1Istiod.configs.find((c: J) => c['@type'].endsWith('ClustersConfigDump'))
    clusters.dynamicActiveClusters[0].cluster.connectTimeout = '99s'
    bi = bookinfo({
      istiodReplicas: 2,
      configDumps: {'productpage-v1': SAMPLE, 'reviews-v1': SAMPLE, 'ratings-v1': COMPARE_DIFF},
      istiodConfigDumps: {'productpage-v1': camel(SAMPLE), 'reviews-v1': reviewsV1Istiod, 'ratings-v1': camel(COMPARE)},
      syncz: (e, dep) => {
        if (dep === 'productpage-v1') {
          e.resources = {
            'type.googleapis.com/envoy.config.cluster.v3.Cluster': {sent: e.cluster_sent, acked: e.cluster_acked, sentTime: longAgo},
            'type.googleapis.com/envoy.config.listener.v3.Listener': {sent: e.listener_sent, acked: e.listener_acked, sentTime: hoursAgo},
          }
        }
        if (dep === 'reviews-v2') e.listener_acked = 'older-nonce'
        if (dep === 'details-v1') {
          e.resources = {'type.googleapis.com/envoy.config.route.v3.RouteConfiguration': {sent: e.route_sent, acked: e.route_acked, lastError: 'Proto constraint validation failed'}}
        }
        return e
      },
    })
    ;[A, B] = bi.istiods!
    SORTED = [...bi.istiods!].sort().join(', ')
    bi.world.pods!.push(
      {name: 'orphan-1', namespace: 'default', labels: {app: 'orphan'}, admin: {configDump: SAMPLE}},
      {name: 'ztunnel-abcde', namespace: 'istio-system', labels: {app: 'ztunnel'}, containers: ['istio-proxy'], admin: false},
    )
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

  const configDumpRequests = (istiod: string) => server.requestsOf('admin', {namespace: 'istio-system', name: istiod}).filter((r) => r.path === '/debug/config_dump')

  it('the test world splits the proxies between the replicas', () => {
    expect(bi.istiods).toHaveLength(2)
    expect(new Set(Object.values(bi.istiodOf!))).toEqual(new Set([A, B]))
    expect(bi.istiodOf!['productpage-v1']).toBe(A)
    expect(bi.istiodOf!['reviews-v1']).toBe(B)
  })

  describe('list mode', () => {
    it('one table merged from both replicas, sorted by proxy ID, with the subscribed types (golden)', async () => {
      const r = await live(['ps'])
      expect(r.stderr).toBe('')
      expect(r.status).toBe(0)
      const lines = r.stdout.trimEnd().split('\n')
      expect(lines[0]).toMatch(/^NAME\s+CLUSTER\s+ISTIOD\s+VERSION\s+SUBSCRIBED TYPES$/)
      expect(lines).toHaveLength(7)
      const names = lines.slice(1).map((l) => l.split(/\s+/)[0])
      expect(names).toEqual([...names].sort())
      for (const [dep, p] of Object.entries(bi.pods)) {
        const row = lines.find((l) => l.startsWith(`${p}.default `))!
        expect(row, dep).toContain(` ${bi.istiodOf![dep]} `)
      }
      // the types of the resources map (productpage, details), else of the flat nonces (the others)
      expect(lines.find((l) => l.startsWith(pod('productpage-v1')))).toMatch(/ 2 \(CDS,LDS\)$/)
      expect(lines.find((l) => l.startsWith(pod('details-v1')))).toMatch(/ 1 \(RDS\)$/)
      expect(lines.find((l) => l.startsWith(pod('reviews-v2')))).toMatch(/ 4 \(CDS,LDS,EDS,RDS\)$/)
      await expect(r.stdout).toMatchFileSnapshot('golden/proxy-status/list.txt')
      // both replicas were asked, once each (and for their version)
      for (const i of [A, B]) expect(server.requestsOf('admin', {namespace: 'istio-system', name: i}).map((q) => q.path).sort()).toEqual(['/debug/syncz', '/version'])
    })

    it('-v 1: one column per type with states and ages (golden)', async () => {
      const r = await live(['ps', '-v', '1'])
      expect(r.stderr).toBe('')
      const lines = r.stdout.trimEnd().split('\n')
      expect(lines[0]).toMatch(/^NAME\s+CLUSTER\s+CDS\s+ECDS\s+EDS\s+LDS\s+RDS\s+ISTIOD\s+VERSION$/)
      expect(lines.find((l) => l.startsWith(pod('productpage-v1')))).toMatch(/ SYNCED \(3y10d\)\s+IGNORED\s+IGNORED\s+SYNCED \(30h\)\s+IGNORED /)
      expect(lines.find((l) => l.startsWith(pod('reviews-v2')))).toMatch(/ SYNCED\s+IGNORED\s+SYNCED\s+STALE\s+SYNCED /)
      expect(lines.find((l) => l.startsWith(pod('details-v1')))).toMatch(/ IGNORED\s+IGNORED\s+IGNORED\s+IGNORED\s+ERROR /)
      await expect(r.stdout).toMatchFileSnapshot('golden/proxy-status/list-verbose.txt')
    })

    it('-o json: one DiscoveryResponse document per replica, as istioctl', async () => {
      const r = await live(['ps', '-o', 'json'])
      expect(r.status).toBe(0)
      const docs = r.stdout.split(/(?<=^\})\n/m).filter((d) => d.trim() !== '').map((d) => JSON.parse(d) as J)
      expect(docs.map((d) => JSON.parse(d.controlPlane.identifier).ID)).toEqual(SORTED.split(', '))
      expect(docs.flatMap((d) => d.resources).map((c: J) => c.node.id).sort()).toEqual(Object.values(bi.pods).map((p) => `${p}.default`).sort())
      const details = docs.flatMap((d) => d.resources).find((c: J) => c.node.id.startsWith('details-v1'))
      expect(details.genericXdsConfigs).toEqual([{typeUrl: 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration', configStatus: 'ERROR', errorState: {details: 'Proto constraint validation failed'}}])
    })

    it('-o records-json: mpx\'s array with watched types, nonces, push times and errors; records-yaml is the same data', async () => {
      const r = await live(['ps', '-o', 'records-json'])
      expect(r.status).toBe(0)
      const list = JSON.parse(r.stdout) as J[]
      expect(list).toHaveLength(6)
      const pp = list.find((p) => p.proxy === `${pod('productpage-v1')}.default`)
      expect(pp).toMatchObject({namespace: 'default', cluster: 'Kubernetes', istiod: A, version: '1.24.0', proxyType: 'sidecar', synced: true})
      expect(pp.types.CDS).toMatchObject({status: 'SYNCED', lastPush: longAgo.replace(/\.000Z$/, 'Z')})
      expect(pp.types.CDS.sent).toBe(pp.types.CDS.acked)
      expect(Object.keys(pp.types)).toEqual(['CDS', 'LDS'])
      const details = list.find((p) => p.proxy.startsWith('details-v1'))
      expect(details).toMatchObject({synced: false, types: {RDS: {status: 'ERROR', error: 'Proto constraint validation failed'}}})
      const y = await live(['ps', '-o', 'records-yaml'])
      expect(y.stderr).toBe('')
      expect(parseYaml(y.stdout)).toEqual(list)
    })

    it('-n filters by the proxy namespace (and asks istiod for that namespace only)', async () => {
      const none = await live(['ps', '-n', 'bookinfo'])
      expect(none).toMatchObject({stdout: 'NAME     CLUSTER     ISTIOD     VERSION     SUBSCRIBED TYPES\n', stderr: '', status: 0})
      expect(server.requestsOf('admin', {namespace: 'istio-system', name: A}).find((q) => q.path === '/debug/syncz')!.query).toEqual({namespace: 'bookinfo'})
      const all = await live(['ps', '-n', 'default', '-o', 'records-json'])
      expect(JSON.parse(all.stdout)).toHaveLength(6)
    })

    it('--exit-code: exit 1 when a proxy is STALE or ERROR, with a count on stderr', async () => {
      const r = await live(['ps', '--exit-code'])
      expect(r.status).toBe(1)
      expect(r.stdout.trimEnd().split('\n')).toHaveLength(7)
      expect(r.stderr).toBe('2 of 6 proxies are not in sync (STALE or ERROR)\n')
    })

    it('--all names Running sidecar pods that no istiod lists', async () => {
      const r = await live(['ps', '--all'])
      expect(r.status).toBe(0)
      expect(r.stderr).toBe(`orphan-1.default: not connected to any istiod (${SORTED})\nztunnel-abcde.istio-system: not connected to any istiod (${SORTED})\n`)
      const scoped = await live(['ps', '--all', '-n', 'default', '--exit-code'])
      expect(scoped.stderr).toContain(`orphan-1.default: not connected to any istiod (${SORTED})\n`)
      expect(scoped.stderr).not.toContain('ztunnel')
      expect(scoped.status).toBe(1)
    })

    it('--transport exec reaches istiod through pilot-discovery in the discovery container', async () => {
      const viaPf = await live(['ps', '-o', 'records-json'])
      const r = await live(['ps', '-o', 'records-json', '--transport', 'exec'])
      expect(r.stderr).toBe('')
      expect(r.stdout).toBe(viaPf.stdout)
      const exec = server.requestsOf('exec').filter((q) => q.pod?.namespace === 'istio-system')
      expect(exec.map((q) => [q.query.container, q.query.command])).toEqual(
        expect.arrayContaining([['discovery', ['pilot-discovery', 'request', 'GET', 'debug/syncz']], ['discovery', ['pilot-discovery', 'request', 'GET', 'version']]]),
      )
      expect(exec).toHaveLength(4)
    })

    it('-r restricts to a revision; no match is an error', async () => {
      expect((await live(['ps', '-r', 'default', '-o', 'json'])).status).toBe(0)
      expectOneError(await live(['ps', '-r', 'canary']), /^Error: no running Istio pods in "istio-system"$/)
    })

    it('one replica unreachable: the other replica\'s proxies, one error line, exit 1', async () => {
      server.setPodFaults('istio-system', B, {refusePorts: [15014]})
      const r = await live(['ps'])
      expect(r.status).toBe(1)
      expect(r.stdout.trimEnd().split('\n')).toHaveLength(4)
      expect(r.stdout).not.toContain(B)
      expect(r.stderr).toBe(`Error: cannot reach istiod ${B}.istio-system: nothing listens on port 15014 (the pod's prometheus.io/port annotation, else 15014)\n`)
    })
  })

  describe('diff mode', () => {
    it('asks the replica that holds the proxy (not the first one) and compares with the live Envoy', async () => {
      const r = await live(['ps', `${pod('productpage-v1')}.default`])
      expect(r.stderr).toBe('')
      expect(r.stdout).toBe('Clusters Match\nListeners Match\nRoutes Match (RDS last loaded at Wed, 14 Jan 2026 08:22:36 UTC)\n')
      expect(configDumpRequests(A).map((q) => q.query)).toEqual([{proxyID: `${pod('productpage-v1')}.default`}])
      expect(configDumpRequests(B)).toEqual([])
      expect(server.requestsOf('admin', {namespace: 'default', name: pod('productpage-v1')}).map((q) => q.path)).toEqual(['/config_dump'])

      server.resetRecords()
      const second = await live(['ps', `deployment/reviews-v1`, '--exit-code'])
      expect(second.status).toBe(1)
      expect(second.stderr).toMatch(/^using pod reviews-v1-\S+ for deployment\/reviews-v1\n$/)
      expect(second.stdout).toMatch(/^Clusters Don't Match\nSummary: 1 changed \(\S+\)\n--- Istiod Clusters\n\+\+\+ Envoy Clusters\n@@ /)
      expect(second.stdout).toMatch(/\n-\s+"connectTimeout": "99s",\n\+\s+"connectTimeout": "10s",\n/)
      expect(second.stdout).toMatch(/\n\nListeners Match\nRoutes Match /)
      expect(configDumpRequests(B)).toHaveLength(1)
      expect(configDumpRequests(A)).toEqual([])
    })

    it('--transport exec and --types endpoints (include_eds on both sides)', async () => {
      const r = await live(['ps', pod('productpage-v1'), '--transport', 'exec', '--types', 'endpoints,clusters'])
      expect(r.stderr).toBe('')
      expect(r.stdout).toBe('Clusters Match\nEndpoints Match\n')
      const commands = server.requestsOf('exec').map((q) => q.query.command)
      expect(commands).toContainEqual(['pilot-agent', 'request', 'GET', 'config_dump?include_eds=true'])
      expect(commands).toContainEqual(['pilot-discovery', 'request', 'GET', `debug/config_dump?proxyID=${pod('productpage-v1')}.default&include_eds=true`])
    })

    it('--file replaces the Envoy side, --istiod-file the istiod side', async () => {
      const r = await live(['ps', pod('ratings-v1'), '--file', COMPARE])
      expect(r.stdout).toBe('Clusters Match\nListeners Match\nRoutes Match (RDS last loaded at Mon, 04 Mar 2024 08:37:44 UTC)\n')
      expect(server.requestsOf('admin', {namespace: 'default', name: pod('ratings-v1')})).toEqual([])
      expect(configDumpRequests(A)).toHaveLength(1)
      server.resetRecords()
      const s = await live(['ps', pod('ratings-v1'), '--istiod-file', COMPARE_DIFF])
      expect(s.stdout).toBe('Clusters Match\nListeners Match\nRoutes Match (RDS last loaded at Mon, 04 Mar 2024 08:37:44 UTC)\n')
      expect(server.requestsOf('admin', {namespace: 'istio-system', name: A})).toEqual([])
      const diff = await live(['ps', pod('ratings-v1'), '-o', 'json'])
      expect(JSON.parse(diff.stdout)).toMatchObject({proxy: `${pod('ratings-v1')}.default`, istiod: A, match: false})
    })

    it('a ztunnel pod has no sync diff (exit 0, as istioctl)', async () => {
      expect(await live(['ps', 'ztunnel-abcde.istio-system'])).toMatchObject({stdout: 'Sync diff is not available for ztunnel pod ztunnel-abcde.istio-system\n', stderr: '', status: 0})
    })
  })

  describe('errors: one line on stderr, nothing on stdout, exit 1', () => {
    it('the proxy is connected to no replica', async () => {
      expectOneError(
        await live(['ps', 'orphan-1']),
        new RegExp(`^Error: proxy orphan-1\\.default is not connected to any istiod \\(asked 2 replicas of app=istiod in namespace "istio-system": ${SORTED}\\)$`),
      )
    })

    it('istiod unreachable (list and diff mode)', async () => {
      server.setPodFaults('istio-system', A, {refusePorts: [15014]})
      server.setPodFaults('istio-system', B, {refusePorts: [15014]})
      const first = SORTED.split(', ')[0]
      expectOneError(await live(['ps']), new RegExp(`^Error: cannot reach istiod ${first}\\.istio-system: nothing listens on port 15014`))
      expectOneError(await live(['ps', pod('productpage-v1')]), new RegExp(`^Error: cannot reach istiod ${first}\\.istio-system: nothing listens on port 15014`))
    })

    it('istiod fails the config dump request', async () => {
      server.setPodFaults('istio-system', A, {http: {pathPrefix: '/debug/config_dump', status: 503, body: 'overloaded'}})
      expectOneError(await live(['ps', pod('productpage-v1')]), new RegExp(`^Error: istiod ${A}\\.istio-system answered 503 for /debug/config_dump\\?proxyID=${pod('productpage-v1')}\\.default: overloaded$`))
    })

    it('sidecar unreachable', async () => {
      server.setPodFaults('default', pod('productpage-v1'), {refusePorts: [15000]})
      expectOneError(await live(['ps', pod('productpage-v1')]), new RegExp(`^Error: could not contact sidecar ${pod('productpage-v1')}\\.default: nothing listens on 15000`))
    })

    it('the pod does not exist', async () => {
      expectOneError(await live(['ps', 'nope-1']), /^Error: pod "nope-1" not found in namespace "default"$/)
    })
  })
})

describe('live, no istiod', () => {
  let server: KubeServer
  beforeAll(async () => {
    server = await startKubeServer({world: bookinfo({istiod: false}).world})
  })
  afterAll(async () => {
    await server?.close()
  })
  it('list and diff mode say no istiod pod runs', async () => {
    const env = {KUBECONFIG: server.kubeconfigPath, HOME: tmp}
    expectOneError(await mpxAsync(['ps'], {env}), /^Error: no running Istio pods in "istio-system"$/)
    expectOneError(await mpxAsync(['ps', '-i', 'mesh', '--istiod-selector', 'app=pilot'], {env}), /^Error: no running Istio pods in "mesh"$/)
    const bi = bookinfo({istiod: false})
    expectOneError(await mpxAsync(['ps', bi.pods['details-v1']!], {env}), /^Error: no running Istio pods in "istio-system"$/)
  })
})
