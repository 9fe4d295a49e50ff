/**
 * The LDS view (`mpx pc listeners`), as istioctl `writer/envoy/configdump/listener.go` prints it: one row
 * per filter chain with its MATCH and DESTINATION, or one row per listener with `--verbose=false`.
 */
import type {ConfigDump} from '../envoy/config-dump.js'
import {additionalAddresses, filterChains, isBlackHoleTcp, listenerAddress, listenerPort, HTTP_CONNECTION_MANAGER, TCP_PROXY} from '../envoy/listener.js'
import type {FilterChain, FilterChainMatch, Listener, RouteConfiguration} from '../envoy/model.js'
import {uintOf} from '../envoy/model.js'
import {activeListeners} from '../envoy/proxy-state.js'
import {describeRouteMatch} from '../envoy/route-match.js'
import {MpxError} from '../errors.js'
import {viewTable} from './table.js'

/** Listener filters; every given one must hold. */
export interface ListenerFilter {
  /** IP of the listener's socket address or of any additional address (exact, case-insensitive). */
  address?: string
  /** Port of the listener's socket address. */
  port?: number
  /** Listener type: `HTTP`, `TCP`, `HTTP+TCP` or `UNKNOWN` (case-insensitive). */
  type?: string
}

/**
 * The loaded listeners: dynamic listeners that have an active state (warming/draining-only entries are
 * skipped, as istioctl), then static listeners.
 * @throws InputError when the dump has no ListenersConfigDump section, or a malformed one
 */
export function loadedListeners(dump: ConfigDump): Listener[] {
  dump.require('Listeners')
  return activeListeners(dump)
}

/** The listener type istioctl shows: `HTTP`, `TCP`, `HTTP+TCP` or `UNKNOWN`. */
export function listenerType(l: Listener): string {
  let http = 0
  let tcp = 0
  for (const chain of filterChains(l)) {
    for (const f of chain.filters ?? []) {
      if (f.name === HTTP_CONNECTION_MANAGER) http++
      else if (f.name === TCP_PROXY && !isBlackHoleTcp(f)) tcp++
    }
  }
  if (http > 0) return tcp > 0 ? 'HTTP+TCP' : 'HTTP'
  return tcp > 0 ? 'TCP' : 'UNKNOWN'
}

/** Whether a listener passes the filter (istioctl `ListenerFilter.Verify`). */
export function listenerMatches(l: Listener, f: ListenerFilter): boolean {
  if (f.address) {
    const want = f.address.toLowerCase()
    const addrs = [listenerAddress(l), ...additionalAddresses(l)].map((a) => a.toLowerCase())
    if (!addrs.includes(want)) return false
  }
  if (f.port && listenerPort(l) !== f.port) return false
  if (f.type && listenerType(l).toLowerCase() !== f.type.toLowerCase()) return false
  return true
}

/**
 * Listeners filtered, then sorted by port, address and type.
 * @throws MpxError `no listeners found` when the dump has none at all
 */
export function selectListeners(dump: ConfigDump, filter: ListenerFilter): Listener[] {
  const all = loadedListeners(dump)
  if (all.length === 0) throw new MpxError('no listeners found', 'NO_LISTENERS')
  const keyed = all.filter((l) => listenerMatches(l, filter)).map((l) => ({l, port: listenerPort(l), addr: listenerAddress(l), type: listenerType(l)}))
  keyed.sort((a, b) => a.port - b.port || cmp(a.addr, b.addr) || cmp(a.type, b.type))
  return keyed.map((k) => k.l)
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

const APP_LABELS: Array<[string[], string]> = [
  [['http/1.0', 'http/1.1', 'h2c'], 'HTTP'],
  [['istio', 'istio-http/1.0', 'istio-http/1.1', 'istio-h2'], 'Istio HTTP Plain'],
  [['http/1.0', 'http/1.1', 'h2c', 'istio-http/1.0', 'istio-http/1.1', 'istio-h2'], 'HTTP TLS'],
  [['istio-peer-exchange', 'istio'], 'TCP TLS'],
]

/**
 * The MATCH text of a filter chain (`filter_chain_match`): `SNI: ...; Trans: ...; App: ...; Addr: ...`,
 * or `ALL` when nothing is matched on.
 */
export function describeChainMatch(m: FilterChainMatch | undefined): string {
  if (!m) return 'ALL'
  const parts: string[] = []
  if (m.server_names && m.server_names.length > 0) parts.push(`SNI: ${m.server_names.join(',')}`)
  if (m.transport_protocol) parts.push(`Trans: ${m.transport_protocol}`)
  const apps = m.application_protocols
  if (apps && apps.length > 0) {
    const label = APP_LABELS.find(([list]) => list.length === apps.length && list.every((v, i) => v === apps[i]))
    parts.push(`App: ${label ? label[1] : apps.join(',')}`)
  }
  const port = uintOf(m.destination_port)
  if (m.prefix_ranges && m.prefix_ranges.length > 0) {
    const ranges = m.prefix_ranges.map((r) => `${r.address_prefix ?? ''}/${uintOf(r.prefix_len)}`).join(',')
    parts.push(`Addr: ${ranges}${port ? `:${port}` : ''}`)
  } else if (port) {
    parts.push(`Addr: *:${port}`)
  }
  return parts.length > 0 ? parts.join('; ') : 'ALL'
}

function clusterDestination(name: string): string {
  return name.includes('Cluster') ? name : `Cluster: ${name}`
}

function inlineRouteDestination(rc: RouteConfiguration): string {
  const vhosts = rc.virtual_hosts ?? []
  if (vhosts.length === 1) {
    const vh = vhosts[0]!
    const domains = vh.domains ?? []
    const routes = vh.routes ?? []
    if (domains.length === 1 && domains[0] === '*' && routes.length === 1) {
      const r = routes[0]!
      if (r.match?.prefix === '/' && typeof r.route?.cluster === 'string') return clusterDestination(r.route.cluster)
    }
  }
  const described = vhosts.map((vh) => {
    const domains = vh.domains ?? []
    const head = domains.length === 1 && domains[0] === '*' ? '' : `${domains.join('/')} `
    return head + (vh.routes ?? []).map((r) => describeRouteMatch(r.match)).join(', ')
  })
  return `Inline Route: ${described.join('; ')}`
}

/**
 * The DESTINATION text of a filter chain: the first decisive network filter. HTTP connection manager →
 * `Route: <rds name>`, an inline route summary, or `HTTP`; tcp_proxy (not to BlackHoleCluster) →
 * `Cluster: <name>` (or the name alone when it contains `Cluster`); else `Non-HTTP/Non-TCP`.
 */
export function describeChainDestination(chain: FilterChain): string {
  for (const f of chain.filters ?? []) {
    if (f.name === HTTP_CONNECTION_MANAGER) {
      const hcm = f.typed_config ?? {}
      if (hcm.route_config) return inlineRouteDestination(hcm.route_config)
      if (hcm.rds) return `Route: ${hcm.rds.route_config_name ?? ''}`
      return 'HTTP'
    }
    if (f.name === TCP_PROXY && !isBlackHoleTcp(f)) {
      const cluster = f.typed_config?.cluster
      return clusterDestination(typeof cluster === 'string' ? cluster : '')
    }
  }
  return 'Non-HTTP/Non-TCP'
}

function addressesCell(l: Listener): string {
  return [listenerAddress(l), ...additionalAddresses(l)].join(',')
}

/**
 * The listener table. Verbose (default): `ADDRESSES PORT MATCH DESTINATION`, one row per filter chain,
 * a listener's rows ordered by DESTINATION descending; otherwise `ADDRESSES PORT TYPE`. Padding 1.
 * @param withName prefix a `NAME` column with `listener/<name>` (the `pc all` layout)
 */
export function listenerTable(listeners: readonly Listener[], verbose: boolean, withName = false): string {
  const header = verbose ? ['ADDRESSES', 'PORT', 'MATCH', 'DESTINATION'] : ['ADDRESSES', 'PORT', 'TYPE']
  const rows: string[][] = [withName ? ['NAME', ...header] : header]
  for (const l of listeners) {
    const lead = withName ? [`listener/${l.name ?? ''}`] : []
    const addrs = addressesCell(l)
    const port = String(listenerPort(l))
    if (!verbose) {
      rows.push([...lead, addrs, port, listenerType(l)])
      continue
    }
    const chainRows = filterChains(l).map((c): [string, string] => [describeChainMatch(c.filter_chain_match), describeChainDestination(c)])
    chainRows.sort((a, b) => cmp(b[1], a[1]))
    for (const [match, dest] of chainRows) rows.push([...lead, addrs, port, match, dest])
  }
  return viewTable(rows, 1)
}
