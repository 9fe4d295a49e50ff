/**
 * Sync status of the proxies connected to istiod, in the form istioctl reads it today: one
 * `envoy.service.status.v3.ClientConfig` per proxy (`pilot/pkg/xds/statusgen.go` `debugSyncz`), with one
 * `GenericXdsConfig` per xDS type the proxy watches, inside a `DiscoveryResponse` per istiod replica.
 *
 * istiod's HTTP `/debug/syncz` (`pilot/pkg/xds/debug.go` `SyncStatus`) carries the same facts: this module
 * turns it into that form with istiod's own rules (`debugSyncStatus`: a NACK is `ERROR`, nothing sent
 * `NOT_SENT`, acknowledged nonce = sent nonce `SYNCED`, else `STALE`; the types are the keys of
 * `resources`, in istiod's order), and keeps what only the HTTP answer has (nonces, proxy type) for mpx's
 * own per-proxy records.
 */
import {MpxError} from '../errors.js'

/** Type URL of the resources of a syncz DiscoveryResponse. */
export const CLIENT_CONFIG_TYPE = 'type.googleapis.com/envoy.service.status.v3.ClientConfig'

/** `envoy.service.status.v3.ConfigStatus` names (UNKNOWN is the proto3 default). */
export type ConfigStatus = 'UNKNOWN' | 'SYNCED' | 'NOT_SENT' | 'STALE' | 'ERROR'

/** `ClientConfig.GenericXdsConfig` in its proto3 JSON form (fields in declaration order). */
export interface GenericXdsConfig {
  typeUrl: string
  /** When istiod last sent this type (RFC 3339, jsonpb Timestamp form). */
  lastUpdated?: string
  /** Absent means UNKNOWN. */
  configStatus?: ConfigStatus
  /** Set when the proxy rejected the last push. */
  errorState?: {lastUpdateAttempt?: string; details?: string}
}

/** `envoy.service.status.v3.ClientConfig` as istiod's syncz sends it. */
export interface ClientConfig {
  node: {
    id: string
    /** Node metadata `Struct`: `CLUSTER_ID`, `ISTIO_VERSION`, `NAMESPACE` (empty ones omitted). */
    metadata: Record<string, unknown>
  }
  genericXdsConfigs: GenericXdsConfig[]
}

/** The `Info` of istiod's control-plane identifier (`pkg/version` `BuildInfo` JSON keys). */
export interface IstiodBuildInfo {
  version: string
  revision: string
  golang_version: string
  status: string
  tag: string
}

/** One istiod replica's syncz answer: a `DiscoveryResponse` whose resources are ClientConfigs. */
export interface SynczResponse {
  versionInfo?: string
  resources: ClientConfig[]
  typeUrl: string
  /** `{"Component":"istiod","ID":"<pod>","Info":{…}}` as a JSON string (xds `IstioControlPlaneInstance`). */
  controlPlane?: {identifier: string}
}

/** What the HTTP answer has beyond the ClientConfig, per proxy. */
export interface HttpSynczExtra {
  /** `sidecar`, `router`, `waypoint`, `ztunnel`... */
  proxyType?: string
  /** `proxy_version`, used for VERSION when `istio_version` is empty (shown with a `*`). */
  proxyVersion?: string
  /** Sent and acknowledged nonce per type URL. */
  nonces: Record<string, {sent?: string; acked?: string}>
}

/** The state of one type as the tables show it. */
export type SyncStatus = 'SYNCED' | 'NOT SENT' | 'STALE' | 'ERROR' | 'IGNORED'

/** One watched type of one proxy. */
export interface TypeSync {
  typeUrl: string
  status: SyncStatus
  /** When it was last pushed (RFC 3339). */
  lastPush?: string
  /** The proxy's last NACK message. */
  error?: string
  /** Nonce of the last push (HTTP answers only). */
  sent?: string
  /** Nonce the proxy last acknowledged (HTTP answers only). */
  acked?: string
}

/** One proxy as one istiod replica sees it. */
export interface ProxySync {
  /** Proxy (node) ID, `<pod>.<namespace>`. */
  proxy: string
  /** Node metadata NAMESPACE. */
  namespace: string
  /** Node metadata CLUSTER_ID. */
  cluster: string
  /** ID of the istiod that answered (its pod name). */
  istiod: string
  /** Node metadata ISTIO_VERSION (HTTP answers: else `proxy_version*`). */
  version: string
  /** HTTP answers only. */
  proxyType?: string
  /** The watched types, in istiod's order. */
  types: TypeSync[]
}

type Entry = Record<string, unknown>

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v))

/** istiod's `debugSyncStatus`: NACK → ERROR, nothing sent → NOT_SENT, acked = sent → SYNCED, else STALE. */
export function configStatus(sent: string, acked: string, lastError: string): ConfigStatus {
  if (lastError !== '') return 'ERROR'
  if (sent === '') return 'NOT_SENT'
  if (sent === acked) return 'SYNCED'
  return 'STALE'
}

/**
 * A Go `time.Time` as JSON (RFC 3339 with up to 9 fractional digits and any offset) in the jsonpb
 * `Timestamp` form: UTC, `Z`, 0, 3, 6 or 9 fractional digits.
 * @returns undefined for Go's zero time (`0001-01-01T00:00:00Z`, what istiod prints for "never") or text
 *   that is not such a time
 */
export function jsonpbTimestamp(text: string): string | undefined {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/i.exec(text)
  if (!m) return undefined
  const seconds = Date.parse(`${m[1]}${m[3]!.toUpperCase()}`)
  if (Number.isNaN(seconds)) return undefined
  if (m[1] === '0001-01-01T00:00:00' && m[3]!.toUpperCase() === 'Z' && !/[1-9]/.test(m[2] ?? '')) return undefined
  let frac = (m[2] ?? '').replace(/0+$/, '')
  if (frac !== '') frac = `.${frac.padEnd(frac.length <= 3 ? 3 : frac.length <= 6 ? 6 : 9, '0')}`
  return `${new Date(seconds).toISOString().slice(0, 19)}${frac}Z`
}

/**
 * Parses an HTTP `/debug/syncz` answer into ClientConfigs.
 * @param value the parsed JSON (an array of SyncStatus objects; `null`, as Go prints an empty list, is
 *   read as no proxies)
 * @param istiod name of the istiod pod that answered (for the error message)
 * @param namespace the `?namespace=` the answer was asked with: every proxy is of that namespace
 * @returns one entry per proxy with a proxy ID, in istiod's order. NAMESPACE is `namespace`, else the part
 *   of the proxy ID after its last dot. The types are the keys of `resources`; an istiod too old to send
 *   `resources` gets the types whose flat `<type>_sent`/`_acked` nonces are set.
 * @throws MpxError BAD_SYNCZ when the value is not a list, or an entry's `resources` is not an object
 */
export function parseHttpSyncz(value: unknown, istiod: string, namespace?: string): Array<{config: ClientConfig; extra: HttpSynczExtra}> {
  if (value === null) return []
  if (!Array.isArray(value)) {
    throw new MpxError(`istiod ${istiod} answered /debug/syncz with something that is not a list of proxies`, 'BAD_SYNCZ')
  }
  const out: Array<{config: ClientConfig; extra: HttpSynczExtra}> = []
  value.forEach((item, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return
    const e = item as Entry
    const id = str(e.proxy)
    if (id === '') return
    let resources: Record<string, Entry | undefined>
    if (e.resources === undefined || e.resources === null) {
      resources = {}
      for (const [prefix, url] of Object.entries(FLAT_FIELDS)) {
        const sent = str(e[`${prefix}_sent`])
        const acked = str(e[`${prefix}_acked`])
        if (sent !== '' || acked !== '') resources[url] = {sent, acked}
      }
    } else if (typeof e.resources !== 'object' || Array.isArray(e.resources)) {
      throw new MpxError(`istiod ${istiod} answered /debug/syncz with a malformed entry: [${i}].resources is ${Array.isArray(e.resources) ? 'a list' : `a ${typeof e.resources}`}, expected an object keyed by type URL`, 'BAD_SYNCZ')
    } else resources = e.resources as Record<string, Entry | undefined>
    const configs: GenericXdsConfig[] = []
    const nonces: HttpSynczExtra['nonces'] = {}
    for (const [typeUrl, r] of Object.entries(resources)) {
      const sent = str(r?.sent)
      const acked = str(r?.acked)
      const lastError = str(r?.lastError)
      const at = jsonpbTimestamp(str(r?.sentTime))
      const c: GenericXdsConfig = {typeUrl}
      if (at) c.lastUpdated = at
      c.configStatus = configStatus(sent, acked, lastError)
      if (lastError !== '') c.errorState = {...(at ? {lastUpdateAttempt: at} : {}), details: lastError}
      configs.push(c)
      nonces[typeUrl] = {...(sent ? {sent} : {}), ...(acked ? {acked} : {})}
    }
    const dot = id.lastIndexOf('.')
    const ns = namespace ?? (dot >= 0 ? id.slice(dot + 1) : '')
    // model.NodeMetadata.ToStruct(): omitempty JSON keys
    const metadata: Record<string, unknown> = {}
    if (str(e.cluster_id)) metadata.CLUSTER_ID = str(e.cluster_id)
    if (str(e.istio_version)) metadata.ISTIO_VERSION = str(e.istio_version)
    if (ns) metadata.NAMESPACE = ns
    const extra: HttpSynczExtra = {nonces}
    if (str(e.proxy_type)) extra.proxyType = str(e.proxy_type)
    if (str(e.proxy_version)) extra.proxyVersion = str(e.proxy_version)
    out.push({config: {node: {id, metadata}, genericXdsConfigs: configs}, extra})
  })
  return out
}

/** Flat SyncStatus nonce field prefix → type URL (istiods without `resources`). */
const FLAT_FIELDS: Readonly<Record<string, string>> = {
  cluster: 'type.googleapis.com/envoy.config.cluster.v3.Cluster',
  listener: 'type.googleapis.com/envoy.config.listener.v3.Listener',
  route: 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration',
  endpoint: 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment',
  extensionconfig: 'type.googleapis.com/envoy.config.core.v3.TypedExtensionConfig',
}

/**
 * The identity of the istiod that answered, as istioctl reads `controlPlane.identifier`
 * (`multixds.CpInfo`): its `ID`, `MISSING` without an identifier, `INVALID` when it is not JSON.
 */
export function istiodIdOf(r: SynczResponse): string {
  const text = r.controlPlane?.identifier
  if (!text) return 'MISSING'
  try {
    const v = JSON.parse(text) as {ID?: unknown}
    return typeof v?.ID === 'string' ? v.ID : 'INVALID'
  } catch {
    return 'INVALID'
  }
}

/** The table state of a ConfigStatus: `UNKNOWN` is `IGNORED`, `NOT_SENT` is `NOT SENT`. */
export function tableStatus(s: ConfigStatus | undefined): SyncStatus {
  if (s === undefined || s === 'UNKNOWN') return 'IGNORED'
  return s === 'NOT_SENT' ? 'NOT SENT' : s
}

/**
 * The proxies of one istiod answer, for the tables and records.
 * @param extras per proxy ID, what only the HTTP answer had
 */
export function proxiesOf(r: SynczResponse, extras?: ReadonlyMap<string, HttpSynczExtra>): ProxySync[] {
  const istiod = istiodIdOf(r)
  return r.resources.map((c) => {
    const md = c.node.metadata
    const x = extras?.get(c.node.id)
    const istioVersion = str(md.ISTIO_VERSION)
    const p: ProxySync = {
      proxy: c.node.id,
      namespace: str(md.NAMESPACE),
      cluster: str(md.CLUSTER_ID),
      istiod,
      version: istioVersion !== '' ? istioVersion : x?.proxyVersion ? `${x.proxyVersion}*` : '',
      ...(x?.proxyType ? {proxyType: x.proxyType} : {}),
      types: c.genericXdsConfigs.map((g) => {
        const t: TypeSync = {typeUrl: g.typeUrl, status: tableStatus(g.configStatus)}
        if (g.lastUpdated) t.lastPush = g.lastUpdated
        if (g.errorState?.details) t.error = g.errorState.details
        const n = x?.nonces[g.typeUrl]
        if (n?.sent) t.sent = n.sent
        if (n?.acked) t.acked = n.acked
        return t
      }),
    }
    return p
  })
}

/** Whether a proxy is in sync: no watched type is `STALE` or `ERROR`. */
export function inSync(p: ProxySync): boolean {
  return p.types.every((t) => t.status !== 'STALE' && t.status !== 'ERROR')
}

/** Orders proxies by proxy ID (as istioctl), then by istiod (a proxy can briefly be listed by two replicas). */
export function compareProxies(a: ProxySync, b: ProxySync): number {
  return a.proxy < b.proxy ? -1 : a.proxy > b.proxy ? 1 : a.istiod < b.istiod ? -1 : a.istiod > b.istiod ? 1 : 0
}
