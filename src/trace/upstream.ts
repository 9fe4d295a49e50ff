/**
 * Steps 7-8 of a trace: the upstream cluster (`envoy.config.cluster.v3.Cluster`) a request goes to and its
 * endpoints. Endpoint health comes from Envoy's `/clusters?format=json` when available (EDS health, outlier
 * ejection, active health checks), else from the config dump's EDS section (`config_dump?include_eds`),
 * else from the cluster's own `load_assignment` (STATIC / DNS clusters). A request finds no healthy upstream
 * (`UH`) when the cluster has no endpoints, or none is healthy and panic routing is off
 * (`common_lb_config.healthy_panic_threshold` 0, as Istio sets it; Envoy's default is 50%).
 */
import {describeLocality, edsAddressString} from '../envoy/address.js'
import {canServe, hostHealth} from '../envoy/endpoint-health.js'
import {BLACKHOLE_CLUSTER} from '../envoy/listener.js'
import type {Json} from '../envoy/loose.js'
import type {ProxyState} from '../envoy/proxy-state.js'
import {parseClusterName} from '../istio/cluster-name.js'
import {istioConfigPath, parseConfigPath, renderConfigPath} from '../istio/config-path.js'

/** Istio's special clusters: where traffic goes when no service matches. */
export const PASSTHROUGH_CLUSTERS = new Set(['PassthroughCluster', 'InboundPassthroughCluster', 'InboundPassthroughClusterIpv4', 'InboundPassthroughClusterIpv6'])
/** Istio's sink cluster (no endpoints: connections are closed, HTTP gets 503). */
export {BLACKHOLE_CLUSTER}

/** One endpoint as a trace reports it. */
export interface TraceEndpoint {
  /** `ip:port` (or a DNS name, pipe or internal address). */
  address: string
  /** `HEALTHY`, `UNHEALTHY`, `DRAINING`, `TIMEOUT`, `DEGRADED`, `UNKNOWN`, `OUTLIER_EJECTED`, `FAILED_ACTIVE_HC`, `ORIGINAL_DST`. */
  health: string
  /** `region/zone/sub_zone`, empty when unset. */
  locality: string
}

/** The endpoints of a cluster and what they mean for a request. */
export interface EndpointReport {
  /** Where they come from. */
  source: '/clusters' | 'EDS' | 'load_assignment' | 'original destination' | 'unknown'
  endpoints: TraceEndpoint[]
  /** How many can take the request (healthy, unknown or degraded; not ejected). */
  healthy: number
  /** Panic threshold in percent (0 = panic routing off). */
  panicThreshold: number
  /** Whether Envoy would find no healthy upstream (`UH`). */
  noHealthyUpstream: boolean
  /** Whether Envoy would be in panic mode (routing to unhealthy hosts too). */
  panic: boolean
}


/** Istio's TLS mode of a cluster's upstream connections, from its transport socket(s). */
export function clusterTlsMode(c: Json): string {
  const matches: Json[] = c.transport_socket_matches ?? []
  const istioMatch = matches.find((m) => m?.match?.tlsMode === 'istio')
  if (istioMatch) return 'ISTIO_MUTUAL for tlsMode=istio endpoints, plaintext for others (auto mTLS)'
  const ts = c.transport_socket
  if (!ts) return matches.length > 0 ? `transport_socket_matches (${matches.map((m) => m?.name ?? '?').join(', ')})` : 'plaintext (DISABLE)'
  const type = String(ts.typed_config?.['@type'] ?? ts.name ?? '')
  if (!/UpstreamTlsContext|transport_sockets\.tls/.test(type) && !/tls/.test(String(ts.name ?? ''))) return `transport socket ${ts.name ?? type}`
  const ctx = ts.typed_config?.common_tls_context ?? {}
  const sds: Json[] = ctx.tls_certificate_sds_secret_configs ?? []
  const sni = ts.typed_config?.sni ? `, SNI ${ts.typed_config.sni}` : ''
  if (sds.some((s) => s?.name === 'default')) return `ISTIO_MUTUAL${sni}`
  if (sds.length > 0 || (ctx.tls_certificates ?? []).length > 0) return `MUTUAL${sni}`
  return `SIMPLE${sni}`
}

/** The cluster's type: `EDS`, `STATIC`, `STRICT_DNS`, `ORIGINAL_DST`, ... or a custom `cluster_type` name. */
export function clusterType(c: Json): string {
  if (typeof c.type === 'string') return c.type
  if (c.cluster_type?.name) return String(c.cluster_type.name)
  return 'STATIC'
}

/** A one-line description of a cluster: type, subset, TLS mode, DestinationRule. */
export function describeCluster(c: Json): string {
  const p = parseClusterName(String(c.name ?? ''))
  const parts = [clusterType(c)]
  if (p.isSubsetKey && p.subset) parts.push(`subset ${p.subset}`)
  parts.push(clusterTlsMode(c))
  const dr = renderConfigPath(istioConfigPath(c))
  parts.push(dr ? `DestinationRule ${dr}` : 'no DestinationRule')
  return parts.join(', ')
}

function panicThreshold(c: Json): number {
  const t = c.common_lb_config?.healthy_panic_threshold
  if (t === undefined) return 50
  return Number(t?.value ?? 0)
}

function fromClusters(status: Json): TraceEndpoint[] {
  return (status.host_statuses ?? []).map((h: Json) => {
    const health = hostHealth(h)
    return {address: edsAddressString(h.address), health, locality: describeLocality(h.locality)}
  })
}

function fromAssignment(cla: Json): TraceEndpoint[] {
  const out: TraceEndpoint[] = []
  for (const lle of cla.endpoints ?? []) {
    const locality = describeLocality(lle?.locality)
    for (const lb of lle?.lb_endpoints ?? []) out.push({address: edsAddressString(lb?.endpoint?.address), health: String(lb?.health_status ?? 'UNKNOWN'), locality})
  }
  return out
}

/**
 * The endpoints of a cluster (see the module comment for the sources and the `UH` rule).
 * @param originalDst `ip:port` of the connection, reported for ORIGINAL_DST clusters
 */
export function clusterEndpoints(state: ProxyState, c: Json, originalDst?: string): EndpointReport {
  const name = String(c.name ?? '')
  const type = clusterType(c)
  const threshold = panicThreshold(c)
  let source: EndpointReport['source']
  let endpoints: TraceEndpoint[]
  const status = state.clusterStatus(name)
  if (type === 'ORIGINAL_DST') {
    source = 'original destination'
    endpoints = originalDst ? [{address: originalDst, health: 'ORIGINAL_DST', locality: ''}] : []
    return {source, endpoints, healthy: endpoints.length, panicThreshold: threshold, noHealthyUpstream: false, panic: false}
  }
  if (status) {
    source = '/clusters'
    endpoints = fromClusters(status)
  } else if (type === 'EDS') {
    const service = String(c.eds_cluster_config?.service_name || name)
    const cla = state.loadAssignment(service)
    if (cla) {
      source = 'EDS'
      endpoints = fromAssignment(cla)
    } else if (state.hasEndpointData()) {
      source = 'EDS'
      endpoints = []
    } else {
      return {source: 'unknown', endpoints: [], healthy: 0, panicThreshold: threshold, noHealthyUpstream: false, panic: false}
    }
  } else if (c.load_assignment) {
    source = 'load_assignment'
    endpoints = fromAssignment(c.load_assignment)
  } else {
    source = 'load_assignment'
    endpoints = []
  }
  const healthy = endpoints.filter((e) => canServe(e.health)).length
  const total = endpoints.length
  const panic = total > 0 && threshold > 0 && (healthy * 100) / total < threshold
  const noHealthyUpstream = total === 0 || (healthy === 0 && !panic)
  return {source, endpoints, healthy, panicThreshold: threshold, noHealthyUpstream, panic}
}

/** A one-line description of an endpoint report. */
export function describeEndpoints(r: EndpointReport): string {
  if (r.source === 'unknown') return 'unknown: the dump has no EDS section (save config_dump?include_eds=true) and there is no /clusters answer'
  if (r.source === 'original destination') return r.endpoints.length ? `original destination ${r.endpoints[0].address}` : 'original destination of the connection'
  if (r.endpoints.length === 0) return `none (${r.source})`
  const shown = r.endpoints.slice(0, 5).map((e) => `${e.address} ${e.health}${e.locality ? ` ${e.locality}` : ''}`)
  const more = r.endpoints.length > 5 ? `, +${r.endpoints.length - 5} more` : ''
  const panic = r.panic ? `; below the ${r.panicThreshold}% panic threshold: Envoy routes to all endpoints` : ''
  return `${r.healthy} of ${r.endpoints.length} healthy from ${r.source}: ${shown.join(', ')}${more}${panic}`
}

/** The VirtualService that produced a route (`name.namespace` from its Istio metadata), or undefined. */
export function routeVirtualService(route: Json | undefined): string | undefined {
  const ref = parseConfigPath(istioConfigPath(route))
  return ref && ref.kind === 'virtual-service' ? `${ref.name}.${ref.namespace}` : undefined
}

/**
 * Why a cluster a route or tcp_proxy names is not usable, with the likely Istio cause: warming, a subset no
 * DestinationRule defines (naming the VirtualService from the route metadata and the subsets that do
 * exist), or a service istiod did not send.
 */
export function missingClusterCause(state: ProxyState, name: string, route?: Json): string {
  const vs = routeVirtualService(route)
  const by = vs ? `VirtualService ${vs}` : route ? 'the route' : 'the listener'
  if (state.warmingCluster(name)) return `cluster ${name} is warming (its endpoints or DNS answer have not arrived): Envoy does not use it until it is ready`
  const p = parseClusterName(name)
  if (p.isSubsetKey && p.subset && p.direction === 'outbound') {
    const siblings: Json[] = []
    for (const c of state.allClusters()) {
      const q = parseClusterName(String(c.name ?? ''))
      if (q.isSubsetKey && q.fqdn === p.fqdn && q.port === p.port && q.direction === p.direction && q.subset !== p.subset) siblings.push(c)
    }
    const subsets = siblings.map((c) => parseClusterName(String(c.name)).subset).filter((s) => s !== '')
    const drs = [...new Set(siblings.map((c) => renderConfigPath(istioConfigPath(c))).filter((d) => d !== ''))]
    const defined = subsets.length > 0 ? `${drs.length > 0 ? `DestinationRule ${drs.join(', ')}` : 'the DestinationRule'} defines ${subsets.join(', ')}` : 'no DestinationRule for this host defines any subset'
    return `${by} sends to subset ${p.subset} of ${p.fqdn}:${p.port}, but no DestinationRule visible to this proxy defines subset ${p.subset} (${defined}): add the subset to the DestinationRule or fix the VirtualService`
  }
  if (p.isSubsetKey && p.direction === 'outbound') {
    return `${by} sends to ${p.fqdn}:${p.port}, but istiod sent no cluster for it: the service or port does not exist, is not exported to this namespace, or a Sidecar resource's egress hosts hide it`
  }
  if (p.isSubsetKey) {
    return `${by} sends to ${name} (${p.direction} ${p.fqdn}:${p.port}${p.subset ? ` ${p.subset}` : ''}), but istiod sent no such cluster to this proxy`
  }
  return `${by} sends to cluster ${name}, which CDS does not have`
}

/** Clusters of the same service as a missing cluster (other subsets, ports or directions), at most `limit`. */
export function nearestClusters(state: ProxyState, name: string, limit = 4): string[] {
  const p = parseClusterName(name)
  if (!p.isSubsetKey || p.fqdn === '') return []
  const out: string[] = []
  for (const c of state.allClusters()) {
    const n = String(c.name ?? '')
    const q = parseClusterName(n)
    if (n !== name && q.isSubsetKey && q.fqdn === p.fqdn) out.push(n)
  }
  out.sort((a, b) => {
    const x = parseClusterName(a)
    const y = parseClusterName(b)
    return Number(y.port === p.port) - Number(x.port === p.port) || (a < b ? -1 : a > b ? 1 : 0)
  })
  return out.slice(0, limit)
}
