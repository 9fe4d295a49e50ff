/**
 * The inputs of istioctl's proxy-status writer tests (`istioctl/pkg/writer/pilot/status_test.go`,
 * `TestXdsStatusWriter_PrintAll`), served by istiod emulators in the test API server, so that
 * `mpx ps` goes the whole live way (pod list, port-forward, `/debug/syncz`, `/version`) and its output
 * can be compared with istioctl's expected files.
 *
 * Each case is its own control-plane namespace (select it with `-i <namespace>`) holding the case's
 * istiod pods (`istiod1`…), each with the HTTP `/debug/syncz` answer that carries the case's
 * `clientConfigInput`s: a type's ConfigStatus becomes the nonces istiod's `debugSyncStatus` reads back
 * (SYNCED: sent = acked; STALE: acked an older nonce; NOT_SENT: nothing sent; ERROR: a NACK message;
 * UNKNOWN: the type is absent, as no istiod sends UNKNOWN), in the test's type order CDS, LDS, RDS, EDS,
 * ECDS, with Go's zero `sentTime` (the test sets no LastUpdated). `/version` answers `1.1--`, the
 * `BuildInfo{Version: "1.1"}.String()` of the test's `xdsResponseInput`.
 */
import {istiodDebugHandler} from './istiod.js'
import type {PodSpec, WorldSpec} from './types.js'

/** `envoy.service.status.v3.ConfigStatus` values the test uses. */
type Status = 'SYNCED' | 'NOT_SENT' | 'STALE' | 'ERROR' | 'UNKNOWN'

/** status_test.go `clientConfigInput`. */
interface ClientConfigInput {
  proxyID: string
  clusterID: string
  version: string
  namespace?: string
  cds: Status
  lds: Status
  rds: Status
  eds: Status
  ecds: Status
}

const URL = {
  cds: 'type.googleapis.com/envoy.config.cluster.v3.Cluster',
  lds: 'type.googleapis.com/envoy.config.listener.v3.Listener',
  rds: 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration',
  eds: 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment',
  ecds: 'type.googleapis.com/envoy.config.core.v3.TypedExtensionConfig',
} as const

/** Go's zero `time.Time` as `encoding/json` prints it. */
const ZERO_TIME = '0001-01-01T00:00:00Z'

/** The HTTP SyncStatus entry of one input (pilot/pkg/xds/debug.go `Syncz`). */
function synczEntry(c: ClientConfigInput): Record<string, unknown> {
  const resources: Record<string, unknown> = {}
  const flat: Record<string, string> = {}
  const prefix = {cds: 'cluster', lds: 'listener', rds: 'route', eds: 'endpoint', ecds: 'extensionconfig'} as const
  for (const t of ['cds', 'lds', 'rds', 'eds', 'ecds'] as const) {
    const s = c[t]
    if (s === 'UNKNOWN') continue
    const now = `${c.proxyID}-${t}-2`
    const sent = s === 'NOT_SENT' ? '' : now
    const acked = s === 'STALE' ? `${c.proxyID}-${t}-1` : s === 'NOT_SENT' ? '' : now
    resources[URL[t]] = {sent, acked, sentTime: ZERO_TIME, ...(s === 'ERROR' ? {lastError: 'Proto constraint validation failed'} : {})}
    if (sent) flat[`${prefix[t]}_sent`] = sent
    if (acked) flat[`${prefix[t]}_acked`] = acked
  }
  return {cluster_id: c.clusterID, proxy: c.proxyID, istio_version: c.version, ...flat, resources}
}

const P1 = {proxyID: 'proxy1', clusterID: 'cluster1', version: '1.20', cds: 'STALE', lds: 'SYNCED', rds: 'NOT_SENT', eds: 'SYNCED', ecds: 'SYNCED'} as const

/** The cases: control-plane namespace → istiod pod name → its proxies. */
export const ISTIOCTL_STATUS_CASES: Readonly<Record<string, Readonly<Record<string, readonly ClientConfigInput[]>>>> = {
  // "prints multiple istiod inputs to buffer in alphabetical order by pod name" → multiXdsStatusMultiPilot.txt
  'multi-pilot': {
    istiod1: [P1],
    istiod2: [{proxyID: 'proxy2', clusterID: 'cluster2', version: '1.19', cds: 'STALE', lds: 'SYNCED', rds: 'SYNCED', eds: 'STALE', ecds: 'STALE'}],
    istiod3: [{proxyID: 'proxy3', clusterID: 'cluster3', version: '1.20', cds: 'NOT_SENT', lds: 'ERROR', rds: 'NOT_SENT', eds: 'STALE', ecds: 'NOT_SENT'}],
    istiod4: [{proxyID: 'proxy4', clusterID: 'cluster4', version: '1.20', cds: 'UNKNOWN', lds: 'UNKNOWN', rds: 'UNKNOWN', eds: 'UNKNOWN', ecds: 'UNKNOWN'}],
  },
  // "prints single istiod input to buffer in alphabetical order by pod name" → multiXdsStatusSinglePilot.txt
  'single-pilot': {
    istiod1: [
      {...P1, ecds: 'NOT_SENT'},
      {proxyID: 'proxy2', clusterID: 'cluster2', version: '1.20', cds: 'STALE', lds: 'SYNCED', rds: 'SYNCED', eds: 'STALE', ecds: 'NOT_SENT'},
    ],
  },
  // "prints all known xds types at max verbosity", "prints output in JSON format" / "YAML format"
  'one-proxy': {istiod1: [P1]},
  // "prints output in YAML format for a single namespace" (-n foo)
  'two-namespaces': {
    istiod1: [
      {...P1, namespace: 'foo'},
      {...P1, proxyID: 'proxy2', namespace: 'bar'},
    ],
  },
}

/**
 * A world with every case: namespace per case, its istiod pods (labels `app=istiod`,
 * `istio.io/rev=default`, monitoring port 15014 and local debug port 8080).
 */
export function istioctlStatusWorld(): WorldSpec {
  const pods: PodSpec[] = []
  for (const [namespace, istiods] of Object.entries(ISTIOCTL_STATUS_CASES)) {
    for (const [name, inputs] of Object.entries(istiods)) {
      const namespaces: Record<string, string> = {}
      for (const c of inputs) if (c.namespace) namespaces[c.proxyID] = c.namespace
      const debug = istiodDebugHandler({syncz: inputs.map(synczEntry), namespaces, version: '1.1--'})
      pods.push({
        name,
        namespace,
        labels: {app: 'istiod', istio: 'pilot', 'istio.io/rev': 'default'},
        annotations: {'prometheus.io/port': '15014'},
        containers: [{name: 'discovery'}],
        admin: false,
        ports: {15014: debug, 8080: debug},
      })
    }
  }
  return {namespaces: ['foo', 'bar'], pods}
}
