/**
 * Facts about Envoy listeners (`envoy.config.listener.v3.Listener`) that the views, trace and check share:
 * addresses, filter chains, and which network filter a chain ends in.
 */
import type {FilterChain, Listener, NetworkFilter} from './model.js'

/** The HTTP connection manager's filter name (`envoy.filters.network.http_connection_manager`). */
export const HTTP_CONNECTION_MANAGER = 'envoy.filters.network.http_connection_manager'
/** The TCP proxy's filter name (`envoy.filters.network.tcp_proxy`). */
export const TCP_PROXY = 'envoy.filters.network.tcp_proxy'
/** Istio's sink cluster (connections and requests to it fail). */
export const BLACKHOLE_CLUSTER = 'BlackHoleCluster'

/** IP (or pipe path) of a listener's primary address; empty for internal listeners. */
export function listenerAddress(l: Listener): string {
  const a = l.address
  if (a?.socket_address) return a.socket_address.address ?? ''
  if (a?.pipe) return a.pipe.path ?? ''
  return ''
}

/** Port of a listener's socket address; 0 for pipes and internal listeners. */
export function listenerPort(l: Listener): number {
  return l.address?.socket_address?.port_value ?? 0
}

/** The IPs of a listener's `additional_addresses` (socket addresses only), in order. */
export function additionalAddresses(l: Listener): string[] {
  const out: string[] = []
  for (const a of l.additional_addresses ?? []) {
    const s = a.address?.socket_address
    if (s) out.push(s.address ?? '')
  }
  return out
}

/** Every `[ip, port]` a listener is bound to: its socket address, then its additional socket addresses. */
export function listenerSockets(l: Listener): Array<[string, number]> {
  const out: Array<[string, number]> = []
  if (l.address?.socket_address) out.push([listenerAddress(l), listenerPort(l)])
  for (const a of l.additional_addresses ?? []) {
    const s = a.address?.socket_address
    if (s) out.push([s.address ?? '', s.port_value ?? 0])
  }
  return out
}

/** A listener's filter chains, then its `default_filter_chain` when set. */
export function filterChains(l: Listener): FilterChain[] {
  const chains = [...(l.filter_chains ?? [])]
  if (l.default_filter_chain) chains.push(l.default_filter_chain)
  return chains
}

/** Whether a network filter is the HTTP connection manager (by name, or by its typed config's `@type`). */
export function isHttpConnectionManager(f: NetworkFilter): boolean {
  return f.name === HTTP_CONNECTION_MANAGER || (f.typed_config?.['@type'] ?? '').includes('HttpConnectionManager')
}

/** Whether a network filter is tcp_proxy (by name, or by its typed config's `@type`). */
export function isTcpProxy(f: NetworkFilter): boolean {
  return f.name === TCP_PROXY || (f.typed_config?.['@type'] ?? '').includes('tcp_proxy.v3.TcpProxy')
}

/** The clusters a tcp_proxy sends to: `cluster`, or the names of `weighted_clusters`. */
export function tcpProxyClusters(f: NetworkFilter): string[] {
  const cfg = f.typed_config ?? {}
  if (typeof cfg.cluster === 'string') return [cfg.cluster]
  return (cfg.weighted_clusters?.clusters ?? []).map((w) => w.name ?? '')
}

/** Whether a filter is a tcp_proxy to Istio's BlackHoleCluster (istioctl does not count it as TCP). */
export function isBlackHoleTcp(f: NetworkFilter): boolean {
  // istioctl: the serialized TcpProxy contains "BlackHoleCluster" (as its cluster or stat prefix)
  return f.typed_config?.stat_prefix === BLACKHOLE_CLUSTER || tcpProxyClusters(f).includes(BLACKHOLE_CLUSTER)
}
