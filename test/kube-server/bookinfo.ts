/**
 * A Bookinfo-like world in one call: Deployments → ReplicaSets → Pods (with sidecars and Envoy admin
 * emulators fed by istioctl's own fixture dumps), Services, ServiceAccounts, and istiod in
 * `istio-system` (one replica, or several with the proxies split between them) serving `/debug/syncz`
 * and `/debug/config_dump` on 15014 and 8080.
 */
import {createHash} from 'node:crypto'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {istiodDebugHandler} from './istiod.js'
import type {BodySource, PodSpec, WorldSpec} from './types.js'

/** Root of the istioctl fixtures (override with env `ISTIOCTL_FIXTURES_DIR`). */
export const ISTIOCTL_FIXTURES =
  process.env.ISTIOCTL_FIXTURES_DIR ?? fileURLToPath(new URL('../../../shared/fixtures/istioctl', import.meta.url))

const fx = (p: string) => path.join(ISTIOCTL_FIXTURES, p)

/** Options of {@link bookinfo}. */
export interface BookinfoOptions {
  /** Namespace of the app (default `default`). */
  namespace?: string
  /** Namespace of istiod (default `istio-system`). */
  istioNamespace?: string
  /** Include istiod (default true). */
  istiod?: boolean
  /** Per-workload config dump override, keyed by deployment name (`productpage-v1`, `reviews-v2`, …). */
  configDumps?: Partial<Record<string, BodySource>>
  /** Envoy admin port of every sidecar (default 15000). */
  adminPort?: number
  /** istiod replicas (default 1). Proxies are split round-robin in deployment order: the i-th to replica i mod n. */
  istiodReplicas?: number
  /** istiod's view of a proxy's config (`/debug/config_dump?proxyID=`), by deployment name. Default: the Envoy dump. */
  istiodConfigDumps?: Partial<Record<string, BodySource>>
  /** Rewrites a proxy's `/debug/syncz` entry (e.g. to add `resources` or make a type STALE). */
  syncz?: (entry: Record<string, unknown>, deployment: string) => Record<string, unknown>
}

/** Result of {@link bookinfo}. */
export interface Bookinfo {
  world: WorldSpec
  namespace: string
  istioNamespace: string
  /** Pod name per deployment name, e.g. `pods['productpage-v1']` → `productpage-v1-6f9b8d7c5d-abcde`. */
  pods: Record<string, string>
  /** Name of the (first) istiod pod (when included). */
  istiod?: string
  /** Names of every istiod replica, in order (when included). */
  istiods?: string[]
  /** The istiod replica that lists each deployment's proxy, by deployment name (when included). */
  istiodOf?: Record<string, string>
  /** Config dump source per deployment name. */
  configDumps: Record<string, BodySource>
}

function hash(s: string, len: number, alphabet = 'bcdfghjklmnpqrstvwxz2456789'): string {
  const h = createHash('sha256').update(s).digest()
  let out = ''
  for (let i = 0; i < len; i++) out += alphabet[h[i]! % alphabet.length]
  return out
}

const APPS: Array<{app: string; version: string}> = [
  {app: 'productpage', version: 'v1'},
  {app: 'details', version: 'v1'},
  {app: 'ratings', version: 'v1'},
  {app: 'reviews', version: 'v1'},
  {app: 'reviews', version: 'v2'},
  {app: 'reviews', version: 'v3'},
]

/** Default dumps: productpage gets the fullest fixture (bootstrap, EDS, secrets). */
function defaultDump(deployment: string): BodySource {
  switch (deployment) {
    case 'productpage-v1':
      return fx('proxyconfig/testdata/config_dump.json')
    case 'details-v1':
      return fx('describe/testdata/describe/http_config.json')
    case 'ratings-v1':
      return fx('writer/compare/testdata/configdump.json')
    default:
      return fx('describe/testdata/describe/tls_config.json')
  }
}

/**
 * Builds a Bookinfo world. Pod names are deterministic (`<deployment>-<rs-hash>-<suffix>`).
 */
export function bookinfo(o: BookinfoOptions = {}): Bookinfo {
  const ns = o.namespace ?? 'default'
  const istioNs = o.istioNamespace ?? 'istio-system'
  const world: Required<Pick<WorldSpec, 'pods' | 'deployments' | 'replicasets' | 'services' | 'serviceaccounts' | 'configmaps'>> & WorldSpec = {
    namespaces: [ns, istioNs],
    pods: [],
    deployments: [],
    replicasets: [],
    services: [],
    serviceaccounts: [],
    configmaps: [],
  }
  const pods: Record<string, string> = {}
  const dumps: Record<string, BodySource> = {}
  const sidecarStatus = JSON.stringify({
    initContainers: ['istio-init'],
    containers: ['istio-proxy'],
    volumes: ['workload-socket', 'credential-socket', 'workload-certs', 'istio-envoy', 'istio-data', 'istio-podinfo', 'istio-token', 'istiod-ca-cert'],
    imagePullSecrets: null,
    revision: 'default',
  })

  for (const {app, version} of APPS) {
    const dep = `${app}-${version}`
    const tpl = hash(`${ns}/${dep}`, 10)
    const rs = `${dep}-${tpl}`
    const pod = `${rs}-${hash(`${ns}/${rs}/pod`, 5)}`
    pods[dep] = pod
    const dump = o.configDumps?.[dep] ?? defaultDump(dep)
    dumps[dep] = dump
    const sel = {app, version}
    world.deployments.push({name: dep, namespace: ns, labels: {app, version}, selector: sel})
    world.replicasets.push({
      name: rs,
      namespace: ns,
      labels: {...sel, 'pod-template-hash': tpl},
      selector: {...sel, 'pod-template-hash': tpl},
      ownerReferences: [{apiVersion: 'apps/v1', kind: 'Deployment', name: dep}],
    })
    const p: PodSpec = {
      name: pod,
      namespace: ns,
      labels: {
        app,
        version,
        'pod-template-hash': tpl,
        'security.istio.io/tlsMode': 'istio',
        'service.istio.io/canonical-name': app,
        'service.istio.io/canonical-revision': version,
      },
      annotations: {
        'istio.io/rev': 'default',
        'kubectl.kubernetes.io/default-container': app,
        'kubectl.kubernetes.io/default-logs-container': app,
        'prometheus.io/path': '/stats/prometheus',
        'prometheus.io/port': '15020',
        'prometheus.io/scrape': 'true',
        'sidecar.istio.io/status': sidecarStatus,
      },
      containers: [app, 'istio-proxy'],
      initContainers: ['istio-init'],
      serviceAccountName: `bookinfo-${app}`,
      ownerReferences: [{apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs}],
      admin: {configDump: dump, ...(o.adminPort ? {port: o.adminPort} : {})},
    }
    world.pods.push(p)
  }
  for (const app of ['productpage', 'details', 'ratings', 'reviews']) {
    world.services.push({name: app, namespace: ns, labels: {app, service: app}, selector: {app}, ports: [{name: 'http', port: 9080}]})
    world.serviceaccounts.push({name: `bookinfo-${app}`, namespace: ns, labels: {account: app}})
  }

  let istiod: string | undefined
  const istiods: string[] = []
  const istiodOf: Record<string, string> = {}
  if (o.istiod !== false) {
    const tpl = hash(`${istioNs}/istiod`, 10)
    const rs = `istiod-${tpl}`
    const replicas = Math.max(1, o.istiodReplicas ?? 1)
    for (let k = 0; k < replicas; k++) istiods.push(`${rs}-${hash(k === 0 ? `${istioNs}/${rs}/pod` : `${istioNs}/${rs}/pod/${k}`, 5)}`)
    istiod = istiods[0]!
    const labels = {app: 'istiod', istio: 'pilot', 'istio.io/rev': 'default', 'install.operator.istio.io/owning-resource': 'unknown', 'operator.istio.io/component': 'Pilot'}
    world.deployments.push({name: 'istiod', namespace: istioNs, labels: {app: 'istiod', istio: 'pilot', 'istio.io/rev': 'default'}, selector: {istio: 'pilot'}, templateLabels: labels})
    world.replicasets.push({
      name: rs,
      namespace: istioNs,
      labels: {...labels, 'pod-template-hash': tpl},
      selector: {istio: 'pilot', 'pod-template-hash': tpl},
      ownerReferences: [{apiVersion: 'apps/v1', kind: 'Deployment', name: 'istiod'}],
    })
    const nonce = (s: string) => `${hash(s, 11, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}=${createHash('sha256').update(s).digest('hex').slice(0, 8)}-0000-4000-8000-000000000000`
    const deployments = Object.keys(pods)
    deployments.forEach((dep, i) => (istiodOf[dep] = istiods[i % replicas]!))
    const entryOf = (dep: string) => {
      const pod = pods[dep]!
      const n = (t: string) => nonce(`${pod}/${t}`)
      const entry: Record<string, unknown> = {
        cluster_id: 'Kubernetes',
        proxy: `${pod}.${ns}`,
        proxy_type: 'sidecar',
        proxy_version: '1.24.0',
        istio_version: '1.24.0',
        cluster_sent: n('c'),
        cluster_acked: n('c'),
        listener_sent: n('l'),
        listener_acked: n('l'),
        route_sent: n('r'),
        route_acked: n('r'),
        endpoint_sent: n('e'),
        endpoint_acked: n('e'),
      }
      return o.syncz ? o.syncz(entry, dep) : entry
    }
    for (const name of istiods) {
      const mine = deployments.filter((dep) => istiodOf[dep] === name)
      const syncz = mine.map(entryOf)
      const configDumps: Record<string, BodySource> = {}
      for (const dep of mine) configDumps[`${pods[dep]}.${ns}`] = o.istiodConfigDumps?.[dep] ?? dumps[dep]!
      const debug = istiodDebugHandler({syncz, configDumps})
      world.pods.push({
        name,
        namespace: istioNs,
        labels: {...labels, 'pod-template-hash': tpl, 'sidecar.istio.io/inject': 'false'},
        annotations: {'prometheus.io/port': '15014', 'prometheus.io/scrape': 'true', 'sidecar.istio.io/inject': 'false'},
        containers: [{name: 'discovery', ports: [8080, 15010, 15012, 15014, 15017].map((p) => ({containerPort: p, protocol: 'TCP'}))}],
        serviceAccountName: 'istiod',
        ownerReferences: [{apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs}],
        admin: false,
        ports: {15014: debug, 8080: debug},
      })
    }
    world.services.push({
      name: 'istiod',
      namespace: istioNs,
      labels: {app: 'istiod', istio: 'pilot', 'istio.io/rev': 'default'},
      selector: {app: 'istiod', istio: 'pilot'},
      ports: [
        {name: 'grpc-xds', port: 15010},
        {name: 'https-dns', port: 15012},
        {name: 'https-webhook', port: 443, targetPort: 15017},
        {name: 'http-monitoring', port: 15014},
      ],
    })
    world.serviceaccounts.push({name: 'istiod', namespace: istioNs, labels: {app: 'istiod'}})
    world.configmaps.push({
      name: 'istio-sidecar-injector',
      namespace: istioNs,
      labels: {app: 'sidecar-injector', 'istio.io/rev': 'default'},
      data: {values: JSON.stringify({global: {proxy: {logLevel: 'warning', componentLogLevel: 'misc:error'}}, revision: ''}), config: 'policy: enabled\n'},
    })
  }
  return {world, namespace: ns, istioNamespace: istioNs, pods, ...(istiod ? {istiod, istiods, istiodOf} : {}), configDumps: dumps}
}
