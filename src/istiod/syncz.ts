/**
 * istiod's `/debug/syncz` answer (`pilot/pkg/xds/debug.go` `SyncStatus`): one entry per proxy connected to
 * that istiod replica, with the nonce last sent and last acknowledged per xDS type, and (newer istiods) a
 * `resources` map by type URL with `sent`, `acked`, `sentTime` (RFC 3339) and `lastError` (a NACK).
 * This module turns it into per-type sync states the way istioctl proxy-status does (HTTP era, 1.14–1.21,
 * plus the ERROR state and push ages of the XDS era).
 */
import {describeJsonType} from '../envoy/shape.js'
import {MpxError} from '../errors.js'

/** The xDS types of the status table, in column order. */
export type XdsType = 'CDS' | 'LDS' | 'EDS' | 'RDS' | 'ECDS'

/** Column order of the status table. */
export const XDS_TYPES: readonly XdsType[] = ['CDS', 'LDS', 'EDS', 'RDS', 'ECDS']

/** v3 type URL of each xDS type (keys of syncz `resources`). */
export const XDS_TYPE_URLS: Readonly<Record<XdsType, string>> = {
  CDS: 'type.googleapis.com/envoy.config.cluster.v3.Cluster',
  LDS: 'type.googleapis.com/envoy.config.listener.v3.Listener',
  EDS: 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment',
  RDS: 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration',
  ECDS: 'type.googleapis.com/envoy.config.core.v3.TypedExtensionConfig',
}

/** Prefix of the flat `<prefix>_sent` / `<prefix>_acked` syncz fields of each type. */
const FIELD_PREFIX: Readonly<Record<XdsType, string>> = {
  CDS: 'cluster',
  LDS: 'listener',
  EDS: 'endpoint',
  RDS: 'route',
  ECDS: 'extensionconfig',
}

/**
 * Sync state of one xDS type for one proxy, as istioctl words it: `ERROR` (a NACK is recorded),
 * `NOT SENT` (nothing pushed; `IGNORED` for ztunnel proxies, which do not use these types), `SYNCED`
 * (the last push was acknowledged), `STALE (Never Acknowledged)` (pushed, never acknowledged), `STALE`
 * (an older push was acknowledged, the last one not yet).
 */
export type SyncStatus = 'SYNCED' | 'NOT SENT' | 'STALE' | 'STALE (Never Acknowledged)' | 'ERROR' | 'IGNORED'

/** One type's state for one proxy. */
export interface TypeSync {
  status: SyncStatus
  /** Nonce of the last push. */
  sent?: string
  /** Nonce the proxy last acknowledged. */
  acked?: string
  /** When the last push was sent (RFC 3339, as istiod reports it). */
  lastPush?: string
  /** The proxy's last NACK message. */
  error?: string
}

/** One proxy as one istiod replica sees it. */
export interface ProxySync {
  /** Proxy (node) ID, `<pod>.<namespace>`. */
  proxy: string
  /** Namespace part of the proxy ID. */
  namespace: string
  /** Istio cluster ID of the proxy (`Kubernetes` by default). */
  cluster: string
  /** Name of the istiod pod that holds the connection. */
  istiod: string
  /** The proxy's Istio version (`istio_version`, else `proxy_version` followed by `*`). */
  version: string
  /** `sidecar`, `router`, `waypoint`, `ztunnel`... */
  proxyType: string
  /** State per xDS type. */
  types: Record<XdsType, TypeSync>
}

type Entry = Record<string, unknown>

/** A string field of a syncz entry: absent or null read as '', any other non-string is malformed. */
function field(v: unknown, path: string, istiod: string): string {
  if (typeof v === 'string') return v
  if (v === undefined || v === null) return ''
  throw new MpxError(`istiod ${istiod} answered /debug/syncz with a malformed entry: ${path} is ${describeJsonType(v)}, expected a string`, 'BAD_SYNCZ')
}

/**
 * The status of one type from its nonces (istioctl's HTTP-era rules plus the NACK of the XDS era).
 * @param ztunnel the proxy is a ztunnel: nothing sent reads `IGNORED`
 */
export function syncStatus(sent: string, acked: string, lastError: string, ztunnel = false): SyncStatus {
  if (lastError !== '') return 'ERROR'
  if (sent === '') return ztunnel ? 'IGNORED' : 'NOT SENT'
  if (sent === acked) return 'SYNCED'
  if (acked === '') return 'STALE (Never Acknowledged)'
  return 'STALE'
}

/**
 * Parses a `/debug/syncz` answer.
 * @param value the parsed JSON (an array of SyncStatus objects; `null`, as Go prints an empty list, is
 *   read as no proxies)
 * @param istiod name of the istiod pod that answered, recorded on every proxy
 * @returns the proxies, in the order istiod listed them
 * @throws MpxError BAD_SYNCZ when the value is not such a list
 */
export function parseSyncz(value: unknown, istiod: string): ProxySync[] {
  if (value === null) return []
  if (!Array.isArray(value)) {
    throw new MpxError(`istiod ${istiod} answered /debug/syncz with something that is not a list of proxies`, 'BAD_SYNCZ')
  }
  const out: ProxySync[] = []
  for (const [i, item] of value.entries()) {
    // entries that are not objects are skipped (as before); wrong-typed fields of an entry are errors
    if (item === null || typeof item !== 'object' || Array.isArray(item)) continue
    const e = item as Entry
    const str = (v: unknown, name: string) => field(v, `[${i}].${name}`, istiod)
    const proxy = str(e.proxy, 'proxy')
    if (proxy === '') continue
    const proxyType = str(e.proxy_type, 'proxy_type')
    if (e.resources !== undefined && e.resources !== null && (typeof e.resources !== 'object' || Array.isArray(e.resources))) {
      throw new MpxError(`istiod ${istiod} answered /debug/syncz with a malformed entry: [${i}].resources is ${describeJsonType(e.resources)}, expected an object`, 'BAD_SYNCZ')
    }
    const resources = (e.resources ?? {}) as Record<string, Entry | undefined>
    const types = {} as Record<XdsType, TypeSync>
    for (const t of XDS_TYPES) {
      const url = XDS_TYPE_URLS[t]
      const raw = resources[url]
      if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
        throw new MpxError(`istiod ${istiod} answered /debug/syncz with a malformed entry: [${i}].resources.${url} is ${describeJsonType(raw)}, expected an object`, 'BAD_SYNCZ')
      }
      const r = raw ?? undefined
      const at = `resources.${url}`
      const sent = str(r?.sent, `${at}.sent`) || str(e[`${FIELD_PREFIX[t]}_sent`], `${FIELD_PREFIX[t]}_sent`)
      const acked = str(r?.acked, `${at}.acked`) || str(e[`${FIELD_PREFIX[t]}_acked`], `${FIELD_PREFIX[t]}_acked`)
      const error = str(r?.lastError, `${at}.lastError`)
      const lastPush = str(r?.sentTime, `${at}.sentTime`)
      const sync: TypeSync = {status: syncStatus(sent, acked, error, proxyType === 'ztunnel')}
      if (sent) sync.sent = sent
      if (acked) sync.acked = acked
      if (lastPush) sync.lastPush = lastPush
      if (error) sync.error = error
      types[t] = sync
    }
    const dot = proxy.lastIndexOf('.')
    const istioVersion = str(e.istio_version, 'istio_version')
    const proxyVersion = str(e.proxy_version, 'proxy_version')
    out.push({
      proxy,
      namespace: dot >= 0 ? proxy.slice(dot + 1) : '',
      cluster: str(e.cluster_id, 'cluster_id'),
      istiod,
      version: istioVersion !== '' ? istioVersion : proxyVersion !== '' ? `${proxyVersion}*` : '',
      proxyType,
      types,
    })
  }
  return out
}

/**
 * Whether a proxy is in sync: no type is `STALE`, `STALE (Never Acknowledged)` or `ERROR`. `NOT SENT`
 * (istiod had nothing of that type for the proxy, e.g. no ECDS) and `IGNORED` count as in sync.
 */
export function inSync(p: ProxySync): boolean {
  return XDS_TYPES.every((t) => {
    const s = p.types[t].status
    return s === 'SYNCED' || s === 'NOT SENT' || s === 'IGNORED'
  })
}

/** Orders proxies by proxy ID, then by istiod (a proxy can briefly be listed by two replicas). */
export function compareProxies(a: ProxySync, b: ProxySync): number {
  return a.proxy < b.proxy ? -1 : a.proxy > b.proxy ? 1 : a.istiod < b.istiod ? -1 : a.istiod > b.istiod ? 1 : 0
}
