/**
 * In-process fake Kubernetes API server for tests, with Envoy admin / istiod emulators behind
 * real `pods/portforward` and `pods/exec` websockets. `@kubernetes/client-node` (KubeConfig,
 * CoreV1Api, AppsV1Api, PortForward, Exec) and plain HTTPS clients work against it unmodified.
 *
 * ```ts
 * const server = await startKubeServer({world: bookinfo().world})
 * const kc = new KubeConfig(); kc.loadFromFile(server.kubeconfigPath)
 * …
 * await server.close()
 * ```
 */
import {randomBytes} from 'node:crypto'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import type {AddressInfo, Socket} from 'node:net'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {WebSocketServer} from 'ws'
import {Emulators} from './emulators.js'
import type {ResolvedPort} from './emulators.js'
import {envoyAdminHandler} from './envoy-admin.js'
import {handleRest} from './rest.js'
import * as status from './status.js'
import type {ApiStatus} from './status.js'
import {getTlsMaterial} from './tls.js'
import type {TlsMaterial} from './tls.js'
import type {EnvoyAdminSpec, Faults, ForbidRule, KubeServerOptions, PodSpec, PortHandler, RecordedRequest} from './types.js'
import {chosenProtocol, handleUpgrade, rejectUpgrade} from './websocket.js'
import {podContainers, World} from './world.js'

export * from './types.js'
export {bookinfo, ISTIOCTL_FIXTURES} from './bookinfo.js'
export type {BookinfoOptions, Bookinfo} from './bookinfo.js'
export {istiodDebugHandler} from './istiod.js'
export type {IstiodDebugSpec} from './istiod.js'
export {istioctlStatusWorld, ISTIOCTL_STATUS_CASES} from './istioctl-status.js'
export {envoyAdminHandler, configDumpResponse, deriveClustersJson} from './envoy-admin.js'
export {labelSelectorToString, parseLabelSelector, matchLabelSelectorString} from './selectors.js'
export {World} from './world.js'
export type {ApiStatus} from './status.js'

/** Options of {@link KubeServer.kubeconfig}. */
export interface KubeconfigOptions {
  /** Token written for the user (default: the accepted one). */
  token?: string
  /** current-context: `test` (namespace default) or `other` (namespace bookinfo). Default `test`. */
  currentContext?: 'test' | 'other'
  /** Namespace of context `test` (default `default`). */
  namespace?: string
  /** File name inside the server's temp dir (default `kubeconfig-<n>.yaml`). */
  fileName?: string
}

/** A running fake API server. */
export interface KubeServer {
  /** `https://127.0.0.1:<port>`. */
  readonly url: string
  readonly port: number
  /** Bearer token the server accepts. */
  readonly token: string
  /** CA certificate (PEM) that signed the server certificate. */
  readonly caPem: string
  readonly tls: TlsMaterial
  /** Generated kubeconfig (contexts `test`→ns default and `other`→ns bookinfo; current `test`). */
  readonly kubeconfigPath: string
  readonly kubeconfigYaml: string
  /** Per-server temp dir (removed on close). */
  readonly tmpDir: string
  /** The mutable cluster model. */
  readonly world: World
  /** Every request seen, oldest first (REST, websocket upgrades, emulated pod-port HTTP). */
  readonly requests: RecordedRequest[]
  /** Websocket connections accepted (101) so far. */
  readonly wsCounts: {portforward: number; exec: number}
  /** Requests of one kind (optionally for one pod). */
  requestsOf(kind: RecordedRequest['kind'], pod?: {namespace?: string; name: string}): RecordedRequest[]
  /** Clears {@link requests} and {@link wsCounts}. */
  resetRecords(): void
  /** Writes another kubeconfig (e.g. with a bad token) and returns its path and text. */
  kubeconfig(o?: KubeconfigOptions): {path: string; yaml: string}
  /** Environment for a child process: `{KUBECONFIG}`. */
  env(o?: KubeconfigOptions): {KUBECONFIG: string}
  /** Replaces the global faults. */
  setFaults(f: Faults): void
  /** Sets (or with undefined clears) one pod's faults. */
  setPodFaults(namespace: string, name: string, f: Faults | undefined): void
  /** Clears global and per-pod faults. */
  clearFaults(): void
  addPod(p: PodSpec): void
  updatePod(namespace: string, name: string, patch: Partial<PodSpec>): void
  removePod(namespace: string, name: string): void
  addObject(o: Record<string, unknown>): void
  /** Loopback port of an emulated pod port (null when it would refuse), for direct HTTP in tests/benchmarks. */
  emulatorPort(namespace: string, name: string, port: number): Promise<number | null>
  /** Closes the server, every socket/websocket, every emulator; removes the temp dir. */
  close(): Promise<void>
}

function ruleMatches(r: ForbidRule, a: {verb: string; resource: string; subresource?: string; namespace?: string; name?: string}): boolean {
  const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource
  return (r.verb === undefined || r.verb === a.verb) && (r.resource === undefined || r.resource === res) && (r.namespace === undefined || r.namespace === a.namespace) && (r.name === undefined || r.name === a.name)
}

function rulesOf(f: Faults | undefined): ForbidRule[] {
  if (!f) return []
  return [
    ...(f.forbid ?? []),
    ...(f.forbidPortForward ? [{verb: 'create', resource: 'pods/portforward'}] : []),
    ...(f.forbidExec ? [{verb: 'create', resource: 'pods/exec'}] : []),
  ]
}

/**
 * Starts the fake API server on 127.0.0.1 (random port) with TLS and bearer-token auth.
 * @param opts world, token, user name for 403 messages, initial faults, custom exec emulation.
 */
export async function startKubeServer(opts: KubeServerOptions = {}): Promise<KubeServer> {
  const tls = await getTlsMaterial()
  const token = opts.token ?? `kube-server-${randomBytes(12).toString('hex')}`
  const user = opts.user ?? 'system:serviceaccount:default:test'
  const world = new World(opts.world ?? {})
  const tmpDir = mkdtempSync(path.join(tmpdir(), 'kube-server-'))
  const requests: RecordedRequest[] = []
  const wsCounts = {portforward: 0, exec: 0}
  let globalFaults: Faults = {...(opts.faults ?? {})}
  const podFaults = new Map<string, Faults>()
  const adminHandlers = new Map<string, {spec: EnvoyAdminSpec | undefined; handler: PortHandler}>()
  const sockets = new Set<Socket>()
  const record = (r: RecordedRequest) => void requests.push(r)

  const faultsOf = (namespace: string, name: string) => ({
    pod: podFaults.get(`${namespace}/${name}`) ?? world.podState(namespace, name)?.spec.faults ?? {},
    global: globalFaults,
  })

  const resolve = (namespace: string, name: string, port: number): ResolvedPort | undefined => {
    const st = world.podState(namespace, name)
    if (!st || (st.spec.phase ?? 'Running') !== 'Running') return undefined
    const p = st.spec.ports?.[port]
    if (p) return typeof p === 'function' ? {kind: 'http', handler: p} : {kind: 'forward', port: p.forwardTo}
    const {containers, initContainers} = podContainers(st.spec)
    const hasProxy = [...containers, ...initContainers].some((c) => c.name === 'istio-proxy')
    if (st.spec.admin === false || (st.spec.admin === undefined && !hasProxy)) return undefined
    const spec = st.spec.admin || undefined
    if ((spec?.port ?? 15000) !== port) return undefined
    const key = `${namespace}/${name}`
    let h = adminHandlers.get(key)
    if (!h || h.spec !== spec) {
      h = {spec, handler: envoyAdminHandler(spec ?? {}, {name, namespace, podIP: st.podIP, labels: st.spec.labels ?? {}})}
      adminHandlers.set(key, h)
    }
    return {kind: 'http', handler: h.handler}
  }

  const emulators = new Emulators({resolve, faults: faultsOf, record})

  const authenticate = (req: http.IncomingMessage, pod?: {namespace: string; name: string}): ApiStatus | undefined => {
    if (globalFaults.unauthorized) return status.unauthorized()
    if (pod && faultsOf(pod.namespace, pod.name).pod.unauthorized) return status.unauthorized()
    const h = req.headers.authorization ?? ''
    const m = /^bearer\s+(.+)$/i.exec(h)
    return m && m[1]!.trim() === token ? undefined : status.unauthorized()
  }
  const authorize = (a: {verb: string; resource: string; subresource?: string; group?: string; namespace?: string; name?: string}): ApiStatus | undefined => {
    const rules = [...rulesOf(globalFaults)]
    if (a.resource === 'pods' && a.namespace && a.name) rules.push(...rulesOf(faultsOf(a.namespace, a.name).pod))
    if (!rules.some((r) => ruleMatches(r, a))) return undefined
    return status.forbidden({user, ...a})
  }

  let url = ''
  const kubernetesVersion = opts.kubernetesVersion ?? 'v1.30.0'
  const restCtx = {
    world,
    emulators,
    authenticate,
    authorize,
    record,
    restDelayMs: () => globalFaults.restDelayMs ?? 0,
    kubernetesVersion,
    serverAddress: () => url.replace(/^https:\/\//, ''),
  }
  const server = https.createServer({key: tls.keyPem, cert: tls.certPem, keepAliveTimeout: 5000}, (req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      handleRest(restCtx, req, res, Buffer.concat(chunks)).catch((e: unknown) => {
        if (!res.headersSent) {
          const s = {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `kube-server internal error: ${(e as Error).message}`, reason: 'InternalError', code: 500}
          res.writeHead(500, {'content-type': 'application/json'})
          res.end(JSON.stringify(s))
        } else res.destroy()
      })
    })
  })
  server.on('connection', (s: Socket) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  server.on('tlsClientError', () => undefined)
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    // websocket.ts negotiates (kubelet rules) before upgrading and stores its choice.
    handleProtocols: (_offered, req) => chosenProtocol(req) ?? false,
  })
  const wsCtx = {
    world,
    emulators,
    authenticate,
    authorize,
    record,
    counts: wsCounts,
    ...(opts.execHandler ? {execHandler: opts.execHandler} : {}),
    track: (s: Socket) => {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
    },
  }
  server.on('upgrade', (req: http.IncomingMessage, socket, head: Buffer) => {
    socket.on('error', () => undefined)
    try {
      if (!handleUpgrade(wsCtx, wss, req, socket, head)) {
        const unauth = authenticate(req)
        const s = unauth ?? status.notFoundPath()
        record({kind: 'rest', method: req.method ?? 'GET', path: new URL(req.url ?? '/', 'https://x').pathname, query: {}, headers: {}, status: s.code, time: Date.now()})
        rejectUpgrade(socket, s.code, JSON.stringify(s))
      }
    } catch (e) {
      rejectUpgrade(socket, 500, JSON.stringify({kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: String(e), reason: 'InternalError', code: 500}))
    }
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  url = `https://127.0.0.1:${port}`

  let kcCounter = 0
  const renderKubeconfig = (o: KubeconfigOptions = {}): string => {
    const ca = Buffer.from(tls.caPem).toString('base64')
    return [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: test',
      '  cluster:',
      `    server: ${url}`,
      `    certificate-authority-data: ${ca}`,
      'users:',
      '- name: test',
      '  user:',
      `    token: ${JSON.stringify(o.token ?? token)}`,
      'contexts:',
      '- name: test',
      '  context:',
      '    cluster: test',
      '    user: test',
      `    namespace: ${o.namespace ?? 'default'}`,
      '- name: other',
      '  context:',
      '    cluster: test',
      '    user: test',
      '    namespace: bookinfo',
      `current-context: ${o.currentContext ?? 'test'}`,
      'preferences: {}',
      '',
    ].join('\n')
  }
  const writeKubeconfig = (o: KubeconfigOptions = {}) => {
    const yaml = renderKubeconfig(o)
    const p = path.join(tmpDir, o.fileName ?? `kubeconfig-${kcCounter++}.yaml`)
    writeFileSync(p, yaml, {mode: 0o600})
    return {path: p, yaml}
  }
  const main = writeKubeconfig({fileName: 'kubeconfig.yaml'})

  let closed = false
  const api: KubeServer = {
    url,
    port,
    token,
    caPem: tls.caPem,
    tls,
    kubeconfigPath: main.path,
    kubeconfigYaml: main.yaml,
    tmpDir,
    world,
    requests,
    wsCounts,
    requestsOf: (kind, pod) =>
      requests.filter((r) => r.kind === kind && (!pod || (r.pod?.name === pod.name && (pod.namespace === undefined || r.pod?.namespace === pod.namespace)))),
    resetRecords: () => {
      requests.length = 0
      wsCounts.portforward = 0
      wsCounts.exec = 0
    },
    kubeconfig: (o) => writeKubeconfig(o),
    env: (o) => ({KUBECONFIG: o ? writeKubeconfig(o).path : main.path}),
    setFaults: (f) => {
      globalFaults = {...f}
    },
    setPodFaults: (namespace, name, f) => {
      if (f) podFaults.set(`${namespace}/${name}`, f)
      else podFaults.delete(`${namespace}/${name}`)
    },
    clearFaults: () => {
      globalFaults = {}
      podFaults.clear()
      for (const p of world.allPods()) delete p.spec.faults
    },
    addPod: (p) => void world.addPod(p),
    updatePod: (namespace, name, patch) => world.updatePod(namespace, name, patch),
    removePod: (namespace, name) => void world.removePod(namespace, name),
    addObject: (o) => world.addObject(o),
    emulatorPort: (namespace, name, p) => emulators.address(namespace, name, p),
    close: async () => {
      if (closed) return
      closed = true
      for (const c of wss.clients) c.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      const done = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      for (const s of sockets) s.destroy()
      await Promise.all([done, emulators.close()])
      rmSync(tmpDir, {recursive: true, force: true})
    },
  }
  return api
}
