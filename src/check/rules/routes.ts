/**
 * Route configuration rules of `mpx check`:
 * - `route-cluster-missing` (error): a route sends to a cluster CDS lacks (requests get 503 `NC`);
 * - `vhost-duplicate-domain` (error): one domain in two virtual hosts of a route configuration (Envoy
 *   rejects the whole configuration: "Only unique values for domains are permitted");
 * - `route-unreachable` (warning): a route no request can reach because an earlier route of the same
 *   virtual host, with no header/query/gRPC/runtime condition, matches every path it would.
 * Routes of RDS configurations and of inline route configurations in listeners are checked.
 */
import type {Json} from '../../envoy/loose.js'
import {HTTP_CONNECTION_MANAGER} from '../../envoy/listener.js'
import {parseIp} from '../../trace/filter-chain.js'
import {describeRouteMatchFull} from '../../trace/route-matcher.js'
import {BLACKHOLE_CLUSTER, PASSTHROUGH_CLUSTERS, missingClusterCause, routeVirtualService} from '../../trace/upstream.js'
import {duplicateDomains, portStart} from '../../trace/virtual-host.js'
import {mpxCommand, routeLabel, type CheckContext} from '../context.js'
import {finding, type Finding} from '../findings.js'

/** A route configuration and where it lives (`route 9080`, or `listener virtualInbound › inline route ...`). */
interface PlacedConfig {
  rc: Json
  where: string
  rds: boolean
  /** For inline configurations: the port of the listener holding it (0 for internal listeners). */
  listenerPort?: number
}


/** RDS route configurations, then inline route configurations of the listeners' HTTP connection managers. */
export function placedRouteConfigs(ctx: CheckContext): PlacedConfig[] {
  const out: PlacedConfig[] = ctx.state.allRouteConfigs().map((rc) => ({rc, where: `route ${rc.name ?? '(unnamed)'}`, rds: true}))
  for (const l of ctx.state.listeners()) {
    const chains: Json[] = [...(l.filter_chains ?? []), ...(l.default_filter_chain ? [l.default_filter_chain] : [])]
    chains.forEach((c, i) => {
      for (const f of c?.filters ?? []) {
        if (f?.name === HTTP_CONNECTION_MANAGER && f.typed_config?.route_config) {
          out.push({rc: f.typed_config.route_config, where: `listener ${l.name ?? ''} › chain ${c.name ?? `#${i + 1}`} › inline route ${f.typed_config.route_config.name ?? ''}`.trimEnd(), rds: false, listenerPort: Number(l.address?.socket_address?.port_value ?? 0)})
        }
      }
    })
  }
  return out
}

/** The command that shows a route configuration: `pc routes --name` for RDS, `pc listeners` for inline ones. */
function showConfig(ctx: CheckContext, p: PlacedConfig): string {
  if (p.rds) return mpxCommand(ctx, 'proxy-config routes', '--name', String(p.rc.name ?? ''), '-o', 'json')
  return p.listenerPort ? mpxCommand(ctx, 'proxy-config listeners', '--port', String(p.listenerPort), '-o', 'json') : mpxCommand(ctx, 'proxy-config listeners', '-o', 'json')
}

function routeClusters(route: Json): string[] {
  const a = route?.route
  if (!a) return []
  if (typeof a.cluster === 'string') return [a.cluster]
  if (a.weighted_clusters) return (a.weighted_clusters.clusters ?? []).map((c: Json) => String(c?.name ?? '')).filter((n: string) => n !== '')
  return []
}

function portOfConfig(rc: Json): number {
  const name = String(rc.name ?? '')
  if (/^\d+$/.test(name)) return Number(name)
  const p = portStart(name)
  return p === -1 ? 80 : Number(name.slice(p + 1))
}

/** The trace command that reaches a route: a host of its virtual host, its path, its exact header matches. */
function traceArgs(rc: Json, vh: Json, route: Json): string[] | undefined {
  const host = (vh.domains ?? []).map(String).find((d: string) => d !== '*' && !d.includes('*') && portStart(d) === -1 && parseIp(d) === undefined)
  if (!host) return undefined
  const m = route.match ?? {}
  const path = typeof m.prefix === 'string' && m.prefix !== '' ? m.prefix : typeof m.path === 'string' ? m.path : typeof m.path_separated_prefix === 'string' ? m.path_separated_prefix : '/'
  const args = [`http://${host}:${portOfConfig(rc)}${path.startsWith('/') ? path : `/${path}`}`]
  for (const h of m.headers ?? []) {
    if (h?.invert_match === true) continue
    const v = h?.string_match?.exact ?? h?.exact_match
    if (typeof v === 'string') args.push('-H', `${h.name}: ${v}`)
  }
  return args
}

/** `route-cluster-missing`: one finding per (route configuration, virtual host, cluster). */
export function routeClusterMissing(ctx: CheckContext): Finding[] {
  const out: Finding[] = []
  if (!ctx.state.hasClusters()) return out
  for (const placed of placedRouteConfigs(ctx)) {
    const {rc, where} = placed
    for (const vh of rc.virtual_hosts ?? []) {
      let byCluster: Map<string, Array<[Json, number]>> | undefined
      const routes0: Json[] = vh.routes ?? []
      for (let i = 0; i < routes0.length; i++) {
        const r = routes0[i]
        const single = r?.route?.cluster
        const names = typeof single === 'string' ? (ctx.state.cluster(single) ? [] : [single]) : routeClusters(r)
        for (const name of names) {
          if (name === BLACKHOLE_CLUSTER || PASSTHROUGH_CLUSTERS.has(name)) continue
          if (ctx.state.cluster(name) || ctx.state.warmingCluster(name)) continue
          byCluster ??= new Map()
          const list = byCluster.get(name)
          if (list) list.push([r, i])
          else byCluster.set(name, [[r, i]])
        }
      }
      for (const [name, routes] of byCluster ?? []) {
        const labels = routes.map(([r, i]) => routeLabel(r, i))
        const [first] = routes
        const args = traceArgs(rc, vh, first[0])
        out.push(finding(
          'route-cluster-missing', 'error',
          `${where} › vhost ${vh.name ?? ''} › ${labels.join(', ')}`,
          `${labels.length > 1 ? `routes ${labels.join(', ')} send` : `route ${labels[0]} sends`} requests to ${name}, which CDS lacks: they fail with 503 NC`,
          missingClusterCause(ctx.state, name, first[0]),
          args && placed.rds ? mpxCommand(ctx, 'trace', ...args) : showConfig(ctx, placed),
        ))
      }
    }
  }
  return out
}

/** `vhost-duplicate-domain`: one finding per route configuration. */
export function vhostDuplicateDomain(ctx: CheckContext): Finding[] {
  const out: Finding[] = []
  for (const placed of placedRouteConfigs(ctx)) {
    const {rc, where} = placed
    const dups = duplicateDomains(rc)
    if (dups.size === 0) continue
    const items = [...dups.entries()]
    const shown = items.slice(0, 3).map(([d, hosts]) => `"${d}" in ${hosts.join(' and ')}`).join('; ')
    const more = items.length > 3 ? `; +${items.length - 3} more` : ''
    out.push(finding(
      'vhost-duplicate-domain', 'error', where,
      `the same domain is in two virtual hosts: ${shown}${more}. Envoy rejects such a route configuration ("Only unique values for domains are permitted")`,
      'two VirtualServices, or a VirtualService and a ServiceEntry, claim the same host for this port; istiod normally merges them, so an EnvoyFilter patch or a hand-built configuration is the likely source',
      showConfig(ctx, placed),
    ))
  }
  return out
}

const CONDITIONS = ['headers', 'query_parameters', 'grpc', 'runtime_fraction', 'tls_context', 'dynamic_metadata', 'filter_state', 'cookies']

function unconditional(m: Json | undefined): boolean {
  if (!m) return false
  for (const k of CONDITIONS) {
    const v = m[k]
    if (v !== undefined && !(Array.isArray(v) && v.length === 0)) return false
  }
  return true
}

/** A route's path specifier, reduced for shadowing tests. */
interface PathSpec {
  kind: 'prefix' | 'path' | 'psp' | 'regex' | 'connect' | 'other'
  value: string
  lower: string
  cs: boolean
}

function pathSpec(m: Json | undefined): PathSpec {
  const cs = m?.case_sensitive !== false
  const make = (kind: PathSpec['kind'], value: string): PathSpec => ({kind, value, lower: cs ? value : value.toLowerCase(), cs})
  if (!m) return make('other', '')
  if (typeof m.prefix === 'string') return make('prefix', m.prefix)
  if (typeof m.path === 'string') return make('path', m.path)
  if (typeof m.path_separated_prefix === 'string') return make('psp', m.path_separated_prefix)
  if (m.safe_regex !== undefined) return make('regex', String(m.safe_regex?.regex ?? ''))
  if (m.connect_matcher !== undefined) return make('connect', '')
  return make('other', '')
}

const CATCH_ALL_REGEX = new Set(['.*', '/.*', '^.*$', '^/.*$', '^/.*'])

/** Whether `l`'s literal path starts with `p` (`p` already lower-case when `e` is case-insensitive). */
function literalStartsWith(e: PathSpec, l: PathSpec, p: string): boolean {
  if (l.kind !== 'prefix' && l.kind !== 'path' && l.kind !== 'psp') return false
  return e.cs ? l.cs && l.value.startsWith(p) : l.value.toLowerCase().startsWith(p)
}

/** Whether every path `l` matches is matched by the (unconditional) path specifier `e`. */
function coversPath(e: PathSpec, l: PathSpec): boolean {
  switch (e.kind) {
    case 'prefix':
      if (e.value === '' || e.value === '/') return l.kind !== 'connect' && l.kind !== 'other'
      return literalStartsWith(e, l, e.lower)
    case 'path':
      return l.kind === 'path' && (e.cs ? l.cs && l.value === e.value : l.value.toLowerCase() === e.lower)
    case 'psp':
      if ((l.kind === 'path' || l.kind === 'psp') && (e.cs ? l.cs && l.value === e.value : l.value.toLowerCase() === e.lower)) return true
      return literalStartsWith(e, l, `${e.lower}/`)
    case 'regex':
      return CATCH_ALL_REGEX.has(e.value) && l.kind !== 'connect' && l.kind !== 'other'
    default:
      return false
  }
}

/** Whether every request `later` matches is matched by `earlier` (a RouteMatch without header/query/gRPC/runtime conditions). */
export function shadows(earlier: Json, later: Json): boolean {
  if (!unconditional(earlier) || !later) return false
  return coversPath(pathSpec(earlier), pathSpec(later))
}

/** `route-unreachable`: routes behind an earlier route that matches everything they would. */
export function routeUnreachable(ctx: CheckContext): Finding[] {
  const out: Finding[] = []
  for (const placed of placedRouteConfigs(ctx)) {
    const {rc, where} = placed
    for (const vh of rc.virtual_hosts ?? []) {
      const routes: Json[] = vh.routes ?? []
      const catchers: Array<[number, PathSpec]> = []
      routes.forEach((r, i) => {
        const spec = catchers.length > 0 || unconditional(r?.match) ? pathSpec(r?.match) : undefined
        const hit = spec && catchers.find(([, e]) => coversPath(e, spec))
        if (hit) {
          const by = hit[0]
          const vsA = routeVirtualService(routes[by])
          const vsB = routeVirtualService(r)
          const cause = vsA && vsA === vsB
            ? `VirtualService ${vsA} lists a broader match before a narrower one, and the first matching route wins: put the narrower route first`
            : vsA || vsB
              ? `routes of ${[vsA, vsB].filter(Boolean).map((v) => `VirtualService ${v}`).join(' and ')} are merged for this host in this order, and the first matching route wins`
              : 'the first matching route wins'
          out.push(finding(
            'route-unreachable', 'warning',
            `${where} › vhost ${vh.name ?? ''} › ${routeLabel(r, i)}`,
            `route ${routeLabel(r, i)} (${describeRouteMatchFull(r?.match)}) can never match: route ${routeLabel(routes[by], by)} (${describeRouteMatchFull(routes[by].match)}) before it takes every request it would`,
            cause,
            showConfig(ctx, placed),
          ))
        }
        if (spec && unconditional(r?.match)) catchers.push([i, spec])
      })
    }
  }
  return out
}
