/**
 * The list mode of `mpx proxy-status` as istioctl prints it today (`istioctl/pkg/writer/pilot/status.go`):
 * the subscribed-types table (`NAME CLUSTER ISTIOD VERSION SUBSCRIBED TYPES`), the per-type table of
 * `-v 1`, the concatenated DiscoveryResponse documents of `-o json|yaml`, and mpx's own per-proxy records
 * (`-o records-json|records-yaml`).
 */
import {renderColumns} from '../format/columns.js'
import {humanDuration} from '../format/human-duration.js'
import {StructValue, toJsonpb} from '../format/jsonpb.js'
import {CLIENT_CONFIG_TYPE, inSync, type ProxySync, type SynczResponse, type TypeSync} from '../istiod/syncz.js'

const P = 'type.googleapis.com/'

/** Type URLs with a short name (`pkg/model/xds.go` `GetShortType`). */
const SHORT_TYPES: Readonly<Record<string, string>> = {
  [`${P}envoy.config.cluster.v3.Cluster`]: 'CDS',
  [`${P}envoy.config.listener.v3.Listener`]: 'LDS',
  [`${P}envoy.config.route.v3.RouteConfiguration`]: 'RDS',
  [`${P}envoy.config.endpoint.v3.ClusterLoadAssignment`]: 'EDS',
  [`${P}envoy.extensions.transport_sockets.tls.v3.Secret`]: 'SDS',
  [`${P}istio.networking.nds.v1.NameTable`]: 'NDS',
  [`${P}istio.mesh.v1alpha1.ProxyConfig`]: 'PCDS',
  [`${P}envoy.config.core.v3.TypedExtensionConfig`]: 'ECDS',
  [`${P}istio.workload.Address`]: 'WDS',
  [`${P}istio.workload.Workload`]: 'WDS',
  [`${P}istio.security.Authorization`]: 'WADS',
}

/** istioctl's short name of a type URL (`CDS`, `WADS`...), else the URL itself. */
export function shortType(typeUrl: string): string {
  return SHORT_TYPES[typeUrl] ?? typeUrl
}

/** CDS, LDS, EDS, RDS: listed first in SUBSCRIBED TYPES when any proxy watches them. */
const CORE_ORDER = [
  `${P}envoy.config.cluster.v3.Cluster`,
  `${P}envoy.config.listener.v3.Listener`,
  `${P}envoy.config.endpoint.v3.ClusterLoadAssignment`,
  `${P}envoy.config.route.v3.RouteConfiguration`,
]

/** The types the `-v 1` table always has columns for (`getAllKnownXdsTypes`): CDS, LDS, EDS, RDS, ECDS. */
const KNOWN_TYPES = [...CORE_ORDER, `${P}envoy.config.core.v3.TypedExtensionConfig`]

/** Go's `sort.Strings` (byte order). */
const byBytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b))

/** The type order of SUBSCRIBED TYPES: CDS, LDS, EDS, RDS (those seen), then every other seen URL sorted. */
export function subscribedOrder(proxies: readonly ProxySync[]): string[] {
  const seen = new Set<string>()
  for (const p of proxies) for (const t of p.types) seen.add(t.typeUrl)
  const core = CORE_ORDER.filter((t) => seen.has(t))
  const extras = [...seen].filter((t) => !CORE_ORDER.includes(t)).sort(byBytes)
  return [...core, ...extras]
}

/** The types of a proxy that count as subscribed (status other than IGNORED), in the given order. */
function subscribed(p: ProxySync, order: readonly string[]): TypeSync[] {
  const byUrl = new Map(p.types.map((t) => [t.typeUrl, t]))
  return order.map((u) => byUrl.get(u)).filter((t): t is TypeSync => t !== undefined && t.status !== 'IGNORED')
}

/**
 * The default table: one row per proxy in the given order (callers sort by proxy ID), SUBSCRIBED TYPES
 * `N (CDS,LDS,...)` or `0`; tabwriter padding 5. No proxies → the header alone.
 * @returns lines ending in `\n`, no trailing spaces
 */
export function subscribedTable(proxies: readonly ProxySync[]): string {
  const order = subscribedOrder(proxies)
  const rows: string[][] = [['NAME', 'CLUSTER', 'ISTIOD', 'VERSION', 'SUBSCRIBED TYPES']]
  for (const p of proxies) {
    const names = subscribed(p, order).map((t) => shortType(t.typeUrl))
    rows.push([p.proxy, p.cluster, p.istiod, p.version, names.length > 0 ? `${names.length} (${names.join(',')})` : '0'])
  }
  return renderColumns(rows, 5)
}

/**
 * One `-v 1` cell (`formatStatus`): `IGNORED` or `NOT SENT` as they are, else the status plus
 * ` (<age>)` (kubectl human duration of `now − lastPush`) when istiod reported when it last pushed.
 */
export function statusCell(t: TypeSync | undefined, now: Date): string {
  if (t === undefined) return 'IGNORED'
  if (t.lastPush === undefined || t.status === 'NOT SENT' || t.status === 'IGNORED') return t.status
  const at = Date.parse(t.lastPush)
  if (Number.isNaN(at)) return t.status
  return `${t.status} (${humanDuration(now.getTime() - at)})`
}

/**
 * The `-v 1` table: one column per type (every type seen plus CDS, LDS, EDS, RDS, ECDS), sorted by type
 * URL (hence `CDS ECDS EDS LDS RDS`), a type the proxy does not watch reads `IGNORED`.
 * @param now reference instant for the ages (default: the current time)
 */
export function verboseTable(proxies: readonly ProxySync[], now: Date = new Date()): string {
  const types = new Set<string>(KNOWN_TYPES)
  for (const p of proxies) for (const t of p.types) types.add(t.typeUrl)
  const columns = [...types].sort(byBytes)
  const rows: string[][] = [['NAME', 'CLUSTER', ...columns.map(shortType), 'ISTIOD', 'VERSION']]
  for (const p of proxies) {
    const byUrl = new Map(p.types.map((t) => [t.typeUrl, t]))
    rows.push([p.proxy, p.cluster, ...columns.map((u) => statusCell(byUrl.get(u), now)), p.istiod, p.version])
  }
  return renderColumns(rows, 5)
}

/**
 * `-o json`: each istiod's DiscoveryResponse as istioctl prints it (jsonpb, 4-space indent, ClientConfigs
 * as `Any` with `@type` first, node metadata a Struct), one document per istiod followed by a newline,
 * in the given order. An empty response prints `{\n\n}`.
 */
export function synczJson(responses: readonly SynczResponse[]): string {
  return responses.map((r) => `${toJsonpb(responseMessage(r))}\n`).join('')
}

/**
 * `-o yaml`: each document of {@link synczJson} converted as `sigs.k8s.io/yaml` `JSONToYAML` does (keys
 * sorted), followed by the newline istioctl's `Println` adds.
 */
export async function synczYaml(responses: readonly SynczResponse[]): Promise<string> {
  const {toYaml} = await import('../format/output.js')
  const docs: string[] = []
  for (const r of responses) {
    const json = JSON.parse(toJsonpb(responseMessage(r))) as Record<string, unknown>
    docs.push(`${Object.keys(json).length === 0 ? '{}\n' : await toYaml(json)}\n`)
  }
  return docs.join('')
}

/** The message tree of a DiscoveryResponse in declaration order, for {@link toJsonpb}. */
function responseMessage(r: SynczResponse): Record<string, unknown> {
  return {
    versionInfo: r.versionInfo || undefined,
    resources: r.resources.map((c) => ({
      '@type': CLIENT_CONFIG_TYPE,
      node: {id: c.node.id || undefined, metadata: new StructValue(c.node.metadata)},
      genericXdsConfigs: c.genericXdsConfigs.map((g) => ({
        typeUrl: g.typeUrl || undefined,
        lastUpdated: g.lastUpdated,
        configStatus: g.configStatus === 'UNKNOWN' ? undefined : g.configStatus,
        errorState: g.errorState ? {lastUpdateAttempt: g.errorState.lastUpdateAttempt, details: g.errorState.details || undefined} : undefined,
      })),
    })),
    typeUrl: r.typeUrl || undefined,
    controlPlane: r.controlPlane ? {identifier: r.controlPlane.identifier || undefined} : undefined,
  }
}

/** One proxy in `-o records-json|records-yaml`: where it is connected, whether it is in sync, its types. */
export interface ProxyStatusRecord {
  proxy: string
  namespace: string
  cluster: string
  istiod: string
  version: string
  proxyType?: string
  /** No watched type is STALE or ERROR. */
  synced: boolean
  /**
   * Watched types by short name, in SUBSCRIBED TYPES order; a type without a short name, or the second of
   * two with the same one (WDS), is keyed by its URL.
   */
  types: Record<string, Omit<TypeSync, 'typeUrl'>>
}

/** mpx's per-proxy records: one object per proxy, fields absent from syncz omitted. */
export function statusRecords(proxies: readonly ProxySync[]): ProxyStatusRecord[] {
  const order = subscribedOrder(proxies)
  return proxies.map((p) => {
    const byUrl = new Map(p.types.map((t) => [t.typeUrl, t]))
    const types: ProxyStatusRecord['types'] = {}
    for (const u of order) {
      const t = byUrl.get(u)
      if (t === undefined) continue
      const {typeUrl: _url, ...rest} = t
      const key = shortType(u)
      types[key in types ? u : key] = rest
    }
    return {
      proxy: p.proxy,
      namespace: p.namespace,
      cluster: p.cluster,
      istiod: p.istiod,
      version: p.version,
      ...(p.proxyType ? {proxyType: p.proxyType} : {}),
      synced: inSync(p),
      types,
    }
  })
}
