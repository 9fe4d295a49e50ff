/**
 * Proves the in-process fake API server (test/kube-server) against the real clients:
 * @kubernetes/client-node (KubeConfig, CoreV1Api, AppsV1Api, PortForward, Exec), undici and node:https.
 */
import {get as httpGet} from 'node:http'
import https from 'node:https'
import type {Socket} from 'node:net'
import {Duplex, PassThrough} from 'node:stream'
import {AppsV1Api, ApiException, CoreV1Api, Exec, KubeConfig, PortForward} from '@kubernetes/client-node'
import type {V1Status} from '@kubernetes/client-node'
import {Client} from 'undici'
import type WebSocket from 'ws'
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'
import {bookinfo, labelSelectorToString, matchLabelSelectorString, parseLabelSelector, startKubeServer} from './kube-server/index.js'
import type {Bookinfo, KubeServer} from './kube-server/index.js'

let server: KubeServer
let kc: KubeConfig
let bi: Bookinfo
const NS = 'default'
const openClients = new Set<Client>()

beforeAll(async () => {
  bi = bookinfo()
  const world = bi.world
  world.statefulsets = [{name: 'redis', namespace: NS, selector: {matchLabels: {app: 'redis'}, matchExpressions: [{key: 'tier', operator: 'In', values: ['cache', 'db']}]}}]
  world.daemonsets = [{name: 'node-agent', namespace: NS, selector: {app: 'node-agent'}}]
  world.jobs = [{name: 'migrate', namespace: NS, selector: {'job-name': 'migrate'}}]
  world.pods!.push(
    {name: 'redis-0', namespace: NS, labels: {app: 'redis', tier: 'cache'}, ownerReferences: [{apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'redis'}]},
    {name: 'no-sidecar', namespace: NS, labels: {app: 'plain'}, containers: ['app']},
    {name: 'custom-admin', namespace: NS, labels: {app: 'custom'}, admin: {port: 15999, configDump: bi.configDumps['ratings-v1']!}},
    {name: 'pending-1', namespace: NS, labels: {app: 'pending'}, phase: 'Pending'},
    {name: 'ratings-other', namespace: 'bookinfo', labels: {app: 'ratings'}},
  )
  server = await startKubeServer({world})
  kc = new KubeConfig()
  kc.loadFromFile(server.kubeconfigPath)
})

afterEach(async () => {
  server.clearFaults()
  await Promise.all([...openClients].map((c) => c.destroy()))
  openClients.clear()
})

afterAll(async () => {
  await server?.close()
})

/** PortForward as a Duplex (the pattern from the stack spec). */
async function openForward(k: KubeConfig, namespace: string, pod: string, port: number): Promise<Duplex> {
  const toPod = new PassThrough()
  const fromPod = new PassThrough()
  const errs = new PassThrough()
  const sock = Duplex.from({readable: fromPod, writable: toPod})
  const ws = (await new PortForward(k).portForward(namespace, pod, [port], fromPod, errs, toPod)) as WebSocket
  ws.on('close', () => fromPod.end())
  sock.on('close', () => ws.close())
  errs.on('data', (d: Buffer) => sock.destroy(new Error(`port-forward: ${d.toString()}`)))
  return sock
}

/** An undici Client whose connections are port-forward websockets. */
function forwardClient(namespace: string, pod: string, port: number, k = kc): Client {
  const c = new Client(`http://127.0.0.1:${port}`, {
    connect: (_o, cb) => {
      openForward(k, namespace, pod, port).then(
        (s) => cb(null, s as unknown as Socket),
        (e: unknown) => cb(e instanceof Error ? e : new Error(String((e as {message?: string}).message ?? e)), null),
      )
    },
    headersTimeout: 5000,
    bodyTimeout: 5000,
  })
  openClients.add(c)
  return c
}

interface ExecOut {
  stdout: string
  stderr: string
  status: V1Status
}

function execIn(namespace: string, pod: string, container: string, command: string[], k = kc): Promise<ExecOut> {
  const out = new PassThrough()
  const err = new PassThrough()
  let stdout = ''
  let stderr = ''
  out.on('data', (c: Buffer) => (stdout += c.toString()))
  err.on('data', (c: Buffer) => (stderr += c.toString()))
  return new Promise((resolve, reject) => {
    new Exec(k).exec(namespace, pod, container, command, out, err, null, false, (status) => resolve({stdout, stderr, status})).catch(reject)
  })
}

function apiError(e: unknown): {code: number; body: Record<string, unknown>} {
  expect(e).toBeInstanceOf(ApiException)
  const ex = e as ApiException<string>
  return {code: ex.code, body: JSON.parse(ex.body) as Record<string, unknown>}
}

describe('kubeconfig and REST', () => {
  it('writes a kubeconfig client-node loads, with two contexts', () => {
    expect(kc.getCurrentContext()).toBe('test')
    expect(kc.getContexts().map((c) => [c.name, c.namespace])).toEqual([
      ['test', 'default'],
      ['other', 'bookinfo'],
    ])
    expect(kc.getCurrentCluster()?.server).toBe(server.url)
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
  })

  it('serves /version and discovery over TLS verified with the generated CA', async () => {
    const body = await new Promise<string>((resolve, reject) => {
      https
        .get(`${server.url}/version`, {ca: server.caPem, headers: {authorization: `Bearer ${server.token}`}}, (res) => {
          let s = ''
          res.on('data', (c: Buffer) => (s += c.toString()))
          res.on('end', () => resolve(s))
        })
        .on('error', reject)
    })
    expect(JSON.parse(body)).toMatchObject({major: '1', minor: '30', gitVersion: 'v1.30.0'})
    const core = kc.makeApiClient(CoreV1Api)
    const res = await core.getAPIResources()
    expect(res.resources.map((r) => r.name)).toEqual(expect.arrayContaining(['pods', 'pods/portforward', 'pods/exec', 'services', 'serviceaccounts']))
  })

  it('reads a pod shaped like the API server sends it', async () => {
    const core = kc.makeApiClient(CoreV1Api)
    const name = bi.pods['productpage-v1']!
    const pod = await core.readNamespacedPod({name, namespace: NS})
    expect(pod.metadata?.name).toBe(name)
    expect(pod.metadata?.labels).toMatchObject({app: 'productpage', version: 'v1'})
    expect(pod.metadata?.ownerReferences?.[0]).toMatchObject({kind: 'ReplicaSet', controller: true})
    expect(pod.spec?.containers.map((c) => c.name)).toEqual(['productpage', 'istio-proxy'])
    expect(pod.spec?.initContainers?.map((c) => c.name)).toEqual(['istio-init'])
    expect(pod.status?.phase).toBe('Running')
    expect(pod.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True')
    expect(pod.metadata?.creationTimestamp).toBeInstanceOf(Date)
  })

  it('lists pods with label selectors (=, in, notin, !key) and field selectors', async () => {
    const core = kc.makeApiClient(CoreV1Api)
    const names = async (labelSelector?: string, fieldSelector?: string) =>
      (await core.listNamespacedPod({namespace: NS, ...(labelSelector ? {labelSelector} : {}), ...(fieldSelector ? {fieldSelector} : {})})).items
        .map((p) => p.metadata!.name!)
        .sort()
    expect(await names('app=reviews,version in (v2,v3)')).toEqual([bi.pods['reviews-v2'], bi.pods['reviews-v3']].sort())
    expect(await names('app==reviews,version notin (v1)')).toHaveLength(2)
    expect(await names('app=reviews,version!=v1')).toHaveLength(2)
    expect(await names('!version,app')).toEqual(['custom-admin', 'no-sidecar', 'pending-1', 'redis-0'])
    expect(await names(undefined, 'status.phase=Pending')).toEqual(['pending-1'])
    expect(await names('app=ratings', `metadata.name=${bi.pods['ratings-v1']}`)).toEqual([bi.pods['ratings-v1']])
    const all = await core.listPodForAllNamespaces({labelSelector: 'app=ratings'})
    expect(all.items.map((p) => p.metadata!.namespace).sort()).toEqual(['bookinfo', 'default'])
    const istiod = await core.listNamespacedPod({namespace: 'istio-system', labelSelector: 'app=istiod', fieldSelector: 'status.phase=Running'})
    expect(istiod.items.map((p) => p.metadata!.name)).toEqual([bi.istiod])
  })

  it('rejects bad selectors with a 400 Status', async () => {
    const core = kc.makeApiClient(CoreV1Api)
    const e = await core.listNamespacedPod({namespace: NS, fieldSelector: 'spec.bogus=1'}).catch((x: unknown) => x)
    const {code, body} = apiError(e)
    expect(code).toBe(400)
    expect(body).toMatchObject({kind: 'Status', reason: 'BadRequest', message: 'field label not supported: spec.bogus'})
  })

  it('serves workloads whose selectors resolve to their pods', async () => {
    const apps = kc.makeApiClient(AppsV1Api)
    const core = kc.makeApiClient(CoreV1Api)
    const dep = await apps.readNamespacedDeployment({name: 'reviews-v2', namespace: NS})
    expect(dep.spec?.selector.matchLabels).toEqual({app: 'reviews', version: 'v2'})
    const pods = await core.listNamespacedPod({namespace: NS, labelSelector: labelSelectorToString(dep.spec!.selector)})
    expect(pods.items.map((p) => p.metadata!.name)).toEqual([bi.pods['reviews-v2']])

    const sts = await apps.readNamespacedStatefulSet({name: 'redis', namespace: NS})
    const sel = labelSelectorToString(sts.spec!.selector)
    expect(sel).toBe('app=redis,tier in (cache,db)')
    expect((await core.listNamespacedPod({namespace: NS, labelSelector: sel})).items.map((p) => p.metadata!.name)).toEqual(['redis-0'])

    expect((await apps.readNamespacedDaemonSet({name: 'node-agent', namespace: NS})).spec?.selector.matchLabels).toEqual({app: 'node-agent'})
    const svc = await core.readNamespacedService({name: 'productpage', namespace: NS})
    expect(svc.spec?.selector).toEqual({app: 'productpage'})
    const sa = await core.readNamespacedServiceAccount({name: 'bookinfo-productpage', namespace: NS})
    expect(sa.metadata?.name).toBe('bookinfo-productpage')
    expect((sa as unknown as {spec?: unknown}).spec).toBeUndefined()
    const rs = await apps.listNamespacedReplicaSet({namespace: NS, labelSelector: 'app=productpage'})
    expect(rs.items[0]?.metadata?.ownerReferences?.[0]).toMatchObject({kind: 'Deployment', name: 'productpage-v1'})
  })

  it('answers a missing object with a 404 Status inside ApiException', async () => {
    const core = kc.makeApiClient(CoreV1Api)
    const e = await core.readNamespacedPod({name: 'nope', namespace: NS}).catch((x: unknown) => x)
    const {code, body} = apiError(e)
    expect(code).toBe(404)
    expect(body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods "nope" not found',
      reason: 'NotFound',
      details: {name: 'nope', kind: 'pods'},
      code: 404,
    })
    const apps = kc.makeApiClient(AppsV1Api)
    const e2 = await apps.readNamespacedDeployment({name: 'nope', namespace: NS}).catch((x: unknown) => x)
    expect(apiError(e2).body).toMatchObject({message: 'deployments.apps "nope" not found', details: {group: 'apps', kind: 'deployments'}})
  })

  it('answers a bad token with 401 Unauthorized', async () => {
    const bad = new KubeConfig()
    bad.loadFromFile(server.kubeconfig({token: 'wrong'}).path)
    const e = await bad.makeApiClient(CoreV1Api).listNamespacedPod({namespace: NS}).catch((x: unknown) => x)
    // client-node quirk: for 401 the generated code drops the body (ApiException.body is undefined).
    expect(e).toBeInstanceOf(ApiException)
    expect((e as ApiException<unknown>).code).toBe(401)
    expect((e as ApiException<unknown>).body).toBeUndefined()
    // The wire body is the API server's real Status.
    const raw = await new Promise<{status: number; body: string}>((resolve, reject) => {
      https
        .get(`${server.url}/api/v1/namespaces/default/pods`, {ca: server.caPem, headers: {authorization: 'Bearer wrong'}}, (res) => {
          let s = ''
          res.on('data', (c: Buffer) => (s += c.toString()))
          res.on('end', () => resolve({status: res.statusCode ?? 0, body: s}))
        })
        .on('error', reject)
    })
    expect(raw.status).toBe(401)
    expect(JSON.parse(raw.body)).toEqual({kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401})
  })

  it('injects RBAC 403s on REST', async () => {
    server.setFaults({forbid: [{verb: 'list', resource: 'pods', namespace: NS}]})
    const e = await kc.makeApiClient(CoreV1Api).listNamespacedPod({namespace: NS}).catch((x: unknown) => x)
    const {code, body} = apiError(e)
    expect(code).toBe(403)
    expect(body.message).toBe('pods is forbidden: User "system:serviceaccount:default:test" cannot list resource "pods" in API group "" in the namespace "default"')
    // get is still allowed
    await expect(kc.makeApiClient(CoreV1Api).readNamespacedPod({name: 'redis-0', namespace: NS})).resolves.toBeTruthy()
  })

  it('records requests without the Authorization header', async () => {
    server.resetRecords()
    await kc.makeApiClient(CoreV1Api).readNamespacedPod({name: 'redis-0', namespace: NS})
    const recs = server.requestsOf('rest')
    expect(recs).toHaveLength(1)
    expect(recs[0]).toMatchObject({method: 'GET', path: '/api/v1/namespaces/default/pods/redis-0', status: 200, pod: {namespace: NS, name: 'redis-0'}})
    expect(recs[0]!.headers.authorization).toBeUndefined()
  })
})

describe('port-forward', () => {
  it('tunnels two sequential HTTP requests over one websocket to the Envoy admin emulator', async () => {
    server.resetRecords()
    const pod = bi.pods['productpage-v1']!
    const client = forwardClient(NS, pod, 15000)
    const r1 = await client.request({method: 'GET', path: '/server_info'})
    expect(r1.statusCode).toBe(200)
    const info = (await r1.body.json()) as {state: string; node: {id: string}}
    expect(info.state).toBe('LIVE')
    expect(info.node.id).toContain('httpbin-istio-waypoint') // node from the fixture's bootstrap
    const r2 = await client.request({method: 'GET', path: '/config_dump?mask=dynamic_active_clusters,dynamic_warming_clusters,static_clusters'})
    expect(r2.statusCode).toBe(200)
    expect(r2.headers['content-type']).toBe('application/json')
    const dump = (await r2.body.json()) as {configs: Array<Record<string, unknown>>}
    // Envoy omits sections the mask is not valid for; the clusters section keeps only masked fields.
    expect(dump.configs).toHaveLength(1)
    expect(Object.keys(dump.configs[0]!).sort()).toEqual(['@type', 'dynamic_active_clusters', 'static_clusters'])
    expect(server.wsCounts.portforward).toBe(1)
    const admin = server.requestsOf('admin', {name: pod})
    expect(admin.map((r) => r.path)).toEqual(['/server_info', '/config_dump'])
    expect(admin[1]!.query).toEqual({mask: 'dynamic_active_clusters,dynamic_warming_clusters,static_clusters'})
    expect(server.requestsOf('portforward')[0]).toMatchObject({query: {ports: '15000'}, status: 101})
  })

  it('honours a custom admin port and refuses the default one', async () => {
    const ok = await forwardClient(NS, 'custom-admin', 15999).request({method: 'GET', path: '/ready'})
    expect(await ok.body.text()).toBe('LIVE\n')
    const e = await forwardClient(NS, 'custom-admin', 15000)
      .request({method: 'GET', path: '/config_dump'})
      .catch((x: unknown) => x as Error)
    expect(e).toBeInstanceOf(Error)
    expect(String((e as Error).message)).toMatch(/port-forward: error forwarding port 15000 to pod [0-9a-f]{64}, uid : .*connect: connection refused/)
  })

  it('refuses the admin port of a pod without istio-proxy, with the error text on the error channel', async () => {
    const errs = new PassThrough()
    let text = ''
    errs.on('data', (d: Buffer) => (text += d.toString()))
    const out = new PassThrough()
    const ws = (await new PortForward(kc).portForward(NS, 'no-sidecar', [15000], out, errs, new PassThrough())) as WebSocket
    await new Promise((r) => ws.on('close', r))
    expect(text).toContain('error forwarding port 15000 to pod')
    expect(text).toContain('dial tcp4 127.0.0.1:15000: connect: connection refused')
  })

  it('rejects port-forward with 403 when injected, and 404 / 400 for missing / pending pods', async () => {
    const pod = bi.pods['details-v1']!
    server.setPodFaults(NS, pod, {forbidPortForward: true})
    const pf = (p: string) => new PortForward(kc).portForward(NS, p, [15000], new PassThrough(), new PassThrough(), new PassThrough()).then(
      (ws) => ((ws as WebSocket).close(), 'opened'),
      (e: {message?: string}) => String(e.message),
    )
    expect(await pf(pod)).toBe('Unexpected server response: 403')
    expect(server.requestsOf('portforward', {name: pod}).at(-1)?.status).toBe(403)
    expect(await pf('missing')).toBe('Unexpected server response: 404')
    expect(await pf('pending-1')).toBe('Unexpected server response: 400')
    server.setFaults({unauthorized: true})
    expect(await pf(bi.pods['ratings-v1']!)).toBe('Unexpected server response: 401')
  })

  it('drop-after-N-bytes makes the client see an aborted body', async () => {
    const pod = bi.pods['productpage-v1']!
    server.setPodFaults(NS, pod, {http: {pathPrefix: '/config_dump', dropAfterBytes: 100}})
    const res = await forwardClient(NS, pod, 15000).request({method: 'GET', path: '/config_dump'})
    expect(res.statusCode).toBe(200)
    const e = await res.body.text().then(
      () => undefined,
      (x: unknown) => x as Error & {code?: string},
    )
    expect(e).toBeInstanceOf(Error)
    expect(e!.code).toBe('UND_ERR_SOCKET')
  })

  it('injects non-200 statuses and header delays', async () => {
    const pod = bi.pods['ratings-v1']!
    server.setFaults({http: {status: 503, body: 'no healthy upstream', pathPrefix: '/clusters'}})
    const r = await forwardClient(NS, pod, 15000).request({method: 'GET', path: '/clusters?format=json'})
    expect(r.statusCode).toBe(503)
    expect(await r.body.text()).toBe('no healthy upstream')
    // undici arms headersTimeout on its ~500 ms "fast timer" wheel, so the delay must exceed ~1 s.
    server.setFaults({http: {delayHeadersMs: 1500}})
    const c = new Client('http://127.0.0.1:15000', {
      connect: (_o, cb) => void openForward(kc, NS, pod, 15000).then((s) => cb(null, s as unknown as Socket), (e: Error) => cb(e, null)),
      headersTimeout: 100,
    })
    openClients.add(c)
    await expect(c.request({method: 'GET', path: '/server_info'})).rejects.toMatchObject({code: 'UND_ERR_HEADERS_TIMEOUT'})
  })

  it('reaches istiod debug endpoints on 15014', async () => {
    const c = forwardClient('istio-system', bi.istiod!, 15014)
    const syncz = (await (await c.request({method: 'GET', path: '/debug/syncz'})).body.json()) as Array<{proxy: string}>
    expect(syncz.map((s) => s.proxy)).toContain(`${bi.pods['details-v1']}.default`)
    const miss = await c.request({method: 'GET', path: '/debug/config_dump?proxyID=nope.default'})
    expect(miss.statusCode).toBe(404)
    expect(await miss.body.text()).toBe('Proxy not connected to this Pilot instance. It may be connected to another instance.')
  })
})

describe('exec', () => {
  it('runs pilot-agent request GET server_info', async () => {
    server.resetRecords()
    const r = await execIn(NS, bi.pods['reviews-v1']!, 'istio-proxy', ['pilot-agent', 'request', 'GET', 'server_info'])
    expect(r.status).toEqual({metadata: {}, status: 'Success'})
    expect((JSON.parse(r.stdout) as {state: string}).state).toBe('LIVE')
    expect(server.wsCounts.exec).toBe(1)
    expect(server.requestsOf('exec')[0]!.query).toMatchObject({command: ['pilot-agent', 'request', 'GET', 'server_info'], container: 'istio-proxy'})
    expect(server.requestsOf('admin').map((a) => a.path)).toEqual(['/server_info'])
  })

  it('reports non-200 admin answers as a non-zero exit', async () => {
    server.setFaults({http: {status: 503, body: 'overloaded'}})
    const r = await execIn(NS, bi.pods['reviews-v1']!, 'istio-proxy', ['pilot-agent', 'request', 'GET', 'config_dump'])
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe('Error: received unsuccessful status code 503: overloaded\n')
    expect(r.status).toMatchObject({status: 'Failure', reason: 'NonZeroExitCode', details: {causes: [{reason: 'ExitCode', message: '255'}]}})
  })

  it('curl and pilot-discovery work; unknown binaries fail like containerd', async () => {
    const miss = await execIn(NS, bi.pods['reviews-v2']!, 'reviews', ['curl', '-s', 'http://localhost:15000/config_dump?resource=dynamic_active_clusters'])
    expect(miss.stdout).toBe('dynamic_active_clusters not found in config dump') // that dump has routes only
    const c = await execIn(NS, bi.pods['ratings-v1']!, 'ratings', ['curl', '-s', 'http://localhost:15000/config_dump?resource=dynamic_active_clusters'])
    const items = (JSON.parse(c.stdout) as {configs: Array<{'@type': string}>}).configs
    expect(items.length).toBeGreaterThan(0)
    expect(items.every((i) => i['@type'] === 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump.DynamicCluster')).toBe(true)
    const d = await execIn('istio-system', bi.istiod!, 'discovery', ['pilot-discovery', 'request', 'GET', '/debug/syncz'])
    expect(d.status.status).toBe('Success')
    expect(JSON.parse(d.stdout)).toHaveLength(6)
    const u = await execIn(NS, bi.pods['reviews-v2']!, 'istio-proxy', ['bogus', 'x'])
    expect(u.status).toMatchObject({status: 'Failure', reason: 'InternalError', code: 500})
    expect(u.status.message).toContain('exec: "bogus": executable file not found in $PATH')
  })

  it('rejects an unknown container (400) and injected 403 before upgrading', async () => {
    const e = await execIn(NS, bi.pods['reviews-v2']!, 'nope', ['ls']).catch((x: {message?: string}) => x.message)
    expect(e).toBe('Unexpected server response: 400')
    server.setFaults({forbidExec: true})
    const f = await execIn(NS, bi.pods['reviews-v2']!, 'istio-proxy', ['ls']).catch((x: {message?: string}) => x.message)
    expect(f).toBe('Unexpected server response: 403')
  })
})

describe('Envoy admin emulator semantics (direct HTTP)', () => {
  async function fetchAdmin(pod: string, path: string): Promise<{status: number; body: string}> {
    const port = await server.emulatorPort(NS, pod, 15000)
    expect(port).not.toBeNull()
    return new Promise((resolve, reject) => {
      httpGet({host: '127.0.0.1', port: port!, path, agent: false}, (res) => {
        let s = ''
        res.on('data', (c: Buffer) => (s += c.toString()))
        res.on('end', () => resolve({status: res.statusCode ?? 0, body: s}))
      }).on('error', reject)
    })
  }
  const types = (b: string) => (JSON.parse(b) as {configs: Array<{'@type': string}>}).configs.map((c) => c['@type'].split('.').pop())

  it('include_eds, mask, resource, name_regex and errors', async () => {
    const pod = bi.pods['productpage-v1']!
    expect(types((await fetchAdmin(pod, '/config_dump')).body)).not.toContain('EndpointsConfigDump')
    expect(types((await fetchAdmin(pod, '/config_dump?include_eds')).body)).toContain('EndpointsConfigDump')
    const boot = JSON.parse((await fetchAdmin(pod, '/config_dump?mask=bootstrap')).body) as {configs: Array<Record<string, unknown>>}
    expect(boot.configs.map((c) => Object.keys(c).sort())).toEqual([['@type', 'bootstrap']])
    const named = JSON.parse((await fetchAdmin(pod, '/config_dump?resource=static_clusters&mask=cluster.name&name_regex=agent')).body) as {configs: unknown[]}
    expect(named.configs).toEqual([{'@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump.StaticCluster', cluster: {'@type': 'type.googleapis.com/envoy.config.cluster.v3.Cluster', name: 'agent'}}])
    expect(await fetchAdmin(pod, '/config_dump?resource=version_info')).toEqual({status: 400, body: 'version_info is not a repeated field. Use ?mask=version_info to get only this field'})
    expect(await fetchAdmin(pod, '/config_dump?resource=nope')).toEqual({status: 404, body: 'nope not found in config dump'})
    expect((await fetchAdmin(pod, '/config_dump?mask=nope')).status).toBe(400)
    expect((await fetchAdmin(pod, '/nope')).status).toBe(404)
    const clusters = JSON.parse((await fetchAdmin(pod, '/clusters?format=json')).body) as {cluster_statuses: Array<{name: string}>}
    expect(clusters.cluster_statuses.map((c) => c.name)).toContain('agent')
  })

  it('logging needs POST and changes levels', async () => {
    const port = (await server.emulatorPort(NS, bi.pods['details-v1']!, 15000))!
    const c = new Client(`http://127.0.0.1:${port}`)
    openClients.add(c)
    expect((await c.request({method: 'GET', path: '/logging'})).statusCode).toBe(405)
    const r = await c.request({method: 'POST', path: '/logging?http=debug'})
    expect(await r.body.text()).toContain('  http: debug\n')
    const bad = await c.request({method: 'POST', path: '/logging?nope=debug'})
    expect(bad.statusCode).toBe(400)
    expect(await bad.body.text()).toMatch(/^error: unknown logger name\n/)
  })
})

describe('selectors', () => {
  it('parses and matches the label selector grammar', () => {
    expect(parseLabelSelector('a=b,c in (x, y),!d,e,f notin (z),g!=h')).toEqual([
      {key: 'a', op: 'in', values: ['b']},
      {key: 'c', op: 'in', values: ['x', 'y']},
      {key: 'd', op: '!exists', values: []},
      {key: 'e', op: 'exists', values: []},
      {key: 'f', op: 'notin', values: ['z']},
      {key: 'g', op: 'notin', values: ['h']},
    ])
    expect(matchLabelSelectorString('a notin (x)', {})).toBe(true)
    expect(matchLabelSelectorString('a!=x', {a: 'x'})).toBe(false)
    expect(matchLabelSelectorString('', {a: 'x'})).toBe(true)
    expect(() => parseLabelSelector('a in (x')).toThrow(/unable to parse requirement/)
  })
})

describe('lifecycle', () => {
  it('close() releases every socket, server and timer it created', async () => {
    const count = () => {
      const c: Record<string, number> = {}
      for (const r of process.getActiveResourcesInfo()) c[r] = (c[r] ?? 0) + 1
      return c
    }
    const before = count()
    const b = bookinfo({istiod: false})
    const s = await startKubeServer({world: b.world})
    const k = new KubeConfig()
    k.loadFromFile(s.kubeconfigPath)
    await k.makeApiClient(CoreV1Api).listNamespacedPod({namespace: 'default'})
    const pod = b.pods['productpage-v1']!
    // a keep-alive port-forward connection left open, a slow trickling response in flight, an exec
    const c = new Client('http://127.0.0.1:15000', {connect: (_o, cb) => void openForward(k, 'default', pod, 15000).then((x) => cb(null, x as unknown as Socket), (e: Error) => cb(e, null))})
    await (await c.request({method: 'GET', path: '/ready'})).body.text()
    s.setPodFaults('default', pod, {http: {pathPrefix: '/config_dump', trickle: {chunkBytes: 10, intervalMs: 200}}})
    const slow = c.request({method: 'GET', path: '/config_dump'}).then((r) => r.body.text()).catch((e: Error) => e)
    await execIn('default', pod, 'istio-proxy', ['pilot-agent', 'request', 'GET', 'ready'], k)
    await new Promise((r) => setTimeout(r, 50))
    expect(Object.values(count()).reduce((a, n) => a + n, 0)).toBeGreaterThan(Object.values(before).reduce((a, n) => a + n, 0))
    await s.close()
    expect(await slow).toBeInstanceOf(Error)
    await c.destroy()
    await new Promise((r) => setTimeout(r, 50))
    const after = count()
    for (const kind of ['TCPServerWrap', 'TCPSocketWrap', 'Timeout']) expect(after[kind] ?? 0, kind).toBeLessThanOrEqual(before[kind] ?? 0)
  })
})

describe('wire protocol (raw ws client)', () => {
  function rawWs(path: string, protocols: string[]): Promise<{ws: WebSocket; protocol: string} | string> {
    return import('ws').then(
      ({default: WS}) =>
        new Promise((resolve) => {
          const ws = new WS(`wss://127.0.0.1:${server.port}${path}`, protocols, {ca: server.caPem, headers: {authorization: `Bearer ${server.token}`}})
          ws.on('open', () => resolve({ws, protocol: ws.protocol}))
          ws.on('error', (e) => resolve(e.message))
        }),
    )
  }
  const pfPath = () => `/api/v1/namespaces/default/pods/${bi.pods['productpage-v1']}/portforward?ports=15000`

  it('port-forward negotiates v4 only, and sends the port (LE uint16) first on data and error channels', async () => {
    expect(await rawWs(pfPath(), ['v5.channel.k8s.io'])).toBe('Unexpected server response: 400')
    const r = await rawWs(pfPath(), ['v5.channel.k8s.io', 'v4.channel.k8s.io', 'channel.k8s.io'])
    if (typeof r === 'string') throw new Error(r)
    expect(r.protocol).toBe('v4.channel.k8s.io')
    const frames: Buffer[] = []
    r.ws.on('message', (d: Buffer) => frames.push(d))
    r.ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('GET /ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')]))
    await new Promise((res) => r.ws.on('close', res))
    expect(frames[0]).toEqual(Buffer.from([0, 0x98, 0x3a])) // 15000 = 0x3a98
    expect(frames[1]).toEqual(Buffer.from([1, 0x98, 0x3a]))
    const http = Buffer.concat(frames.slice(2).map((f) => f.subarray(1))).toString()
    expect(frames.slice(2).every((f) => f[0] === 0)).toBe(true)
    expect(http).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
    expect(http).toMatch(/\r\n\r\n[0-9a-f]+\r\nLIVE\n\r\n0\r\n\r\n$/) // chunked, like Envoy's admin
  })

  it('supports the base64 port-forward protocol', async () => {
    const r = await rawWs(pfPath(), ['v4.base64.channel.k8s.io'])
    if (typeof r === 'string') throw new Error(r)
    expect(r.protocol).toBe('v4.base64.channel.k8s.io')
    const frames: string[] = []
    r.ws.on('message', (d: Buffer) => frames.push(d.toString()))
    r.ws.send('0' + Buffer.from('GET /ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n').toString('base64'))
    await new Promise((res) => r.ws.on('close', res))
    expect(frames.slice(0, 2)).toEqual(['0' + Buffer.from([0x98, 0x3a]).toString('base64'), '1' + Buffer.from([0x98, 0x3a]).toString('base64')])
    expect(frames.slice(2).map((f) => Buffer.from(f.slice(1), 'base64').toString()).join('')).toContain('LIVE\n')
  })

  it('exec prefers v5 and ends with a status frame on channel 3', async () => {
    const q = new URLSearchParams([['command', 'pilot-agent'], ['command', 'request'], ['command', 'GET'], ['command', 'ready'], ['container', 'istio-proxy'], ['stdout', '1'], ['stderr', '1']])
    const r = await rawWs(`/api/v1/namespaces/default/pods/${bi.pods['details-v1']}/exec?${q}`, ['v4.channel.k8s.io', 'v5.channel.k8s.io'])
    if (typeof r === 'string') throw new Error(r)
    expect(r.protocol).toBe('v5.channel.k8s.io')
    const frames: Buffer[] = []
    r.ws.on('message', (d: Buffer) => frames.push(d))
    await new Promise((res) => r.ws.on('close', res))
    expect(frames.map((f) => f[0])).toEqual([1, 3])
    expect(frames[0]!.subarray(1).toString()).toBe('LIVE\n\n')
    expect(JSON.parse(frames[1]!.subarray(1).toString())).toEqual({metadata: {}, status: 'Success'})
  })
})

describe('pod proxy subresource', () => {
  it('proxies to the emulated port (client-node connectGetNamespacedPodProxyWithPath) and 503s when refused', async () => {
    const core = kc.makeApiClient(CoreV1Api)
    const body = await core.connectGetNamespacedPodProxyWithPath({name: `${bi.pods['ratings-v1']}:15000`, namespace: NS, path: 'stats/prometheus'})
    expect(String(body)).toContain('envoy_server_live{} 1')
    expect(server.requestsOf('admin', {name: bi.pods['ratings-v1']!}).at(-1)?.path).toBe('/stats/prometheus')
    const e = await core.connectGetNamespacedPodProxyWithPath({name: 'no-sidecar:15000', namespace: NS, path: 'ready'}).catch((x: unknown) => x)
    const {code, body: st} = apiError(e)
    expect(code).toBe(503)
    expect(st).toMatchObject({reason: 'ServiceUnavailable', message: expect.stringMatching(/^error trying to reach service: dial tcp 10\.244\.\d+\.\d+:15000: connect: connection refused$/)})
  })
})

describe('large bodies', () => {
  it('streams a large in-memory config dump byte-exact through port-forward', async () => {
    const big = Buffer.from(JSON.stringify({configs: [{'@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump', static_clusters: Array.from({length: 40_000}, (_, i) => ({cluster: {'@type': 'type.googleapis.com/envoy.config.cluster.v3.Cluster', name: `outbound|${i}||svc-${i}.default.svc.cluster.local`}}))}]}))
    expect(big.length).toBeGreaterThan(4_000_000)
    server.addPod({name: 'big', namespace: NS, admin: {configDump: big}})
    const t0 = Date.now()
    const res = await forwardClient(NS, 'big', 15000).request({method: 'GET', path: '/config_dump'})
    const got = Buffer.from(await res.body.arrayBuffer())
    expect(got.equals(big)).toBe(true)
    expect(Date.now() - t0).toBeLessThan(5000)
    server.removePod(NS, 'big')
  })
})
