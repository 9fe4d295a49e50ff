/**
 * The RDS view (`mpx pc routes`), as istioctl `writer/envoy/configdump/route.go` prints it.
 */
import type {ConfigDump} from '../envoy/config-dump.js'
import type {RouteConfiguration} from '../envoy/model.js'
import {routeConfigurations} from '../envoy/proxy-state.js'
import {describeRouteMatch, routeCluster} from '../envoy/route-match.js'
import {viewTable} from './table.js'
import {istioConfigPath, renderConfigPath} from '../istio/config-path.js'
import {MpxError} from '../errors.js'

/** Route filters. */
export interface RouteFilter {
  /** Exact, case-sensitive route configuration name. */
  name?: string
}

/**
 * The route configurations of a dump: dynamic then static (static ones usually have no name).
 * @throws InputError when the dump has no RoutesConfigDump section
 */
export function loadedRouteConfigs(dump: ConfigDump): RouteConfiguration[] {
  dump.require('Routes')
  return routeConfigurations(dump)
}

/**
 * istioctl's route-config order: Go `sort.Slice` with "less when both names are integers and the first is
 * smaller". For up to 12 items Go runs an insertion sort, reproduced here exactly: numeric names move left
 * past larger numeric names and stop at any non-numeric name, which keeps its dump position. For more
 * items Go's pattern-defeating quicksort can move non-numeric names (the comparator is not a strict weak
 * order); mpx keeps the insertion-sort order there too, so its output stays a stable function of the dump.
 */
export function sortRouteConfigs(configs: readonly RouteConfiguration[]): RouteConfiguration[] {
  const out = [...configs]
  const num = (c: RouteConfiguration): number | undefined => {
    const n = c.name ?? ''
    return /^[+-]?\d+$/.test(n) ? Number(n) : undefined
  }
  const less = (a: RouteConfiguration, b: RouteConfiguration): boolean => {
    const x = num(a)
    const y = num(b)
    return x !== undefined && y !== undefined && x < y
  }
  // Go's insertionSortCmpFunc: for i in 1..n, for j = i; j > 0 && less(data[j], data[j-1]); j-- swap.
  for (let i = 1; i < out.length; i++) {
    for (let j = i; j > 0 && less(out[j]!, out[j - 1]!); j--) [out[j], out[j - 1]] = [out[j - 1]!, out[j]!]
  }
  return out
}

/**
 * Route configurations filtered by name and sorted as istioctl.
 * @throws MpxError `no routes found` when the dump has none at all
 */
export function selectRouteConfigs(dump: ConfigDump, filter: RouteFilter): RouteConfiguration[] {
  const all = loadedRouteConfigs(dump)
  if (all.length === 0) throw new MpxError('no routes found', 'NO_ROUTES')
  const matched = filter.name === undefined ? all : all.filter((c) => (c.name ?? '') === filter.name)
  return sortRouteConfigs(matched)
}

/**
 * istioctl's DOMAINS cell: one domain as is; several → drop those with a port (keeping bracketed IPv6
 * literals), drop `X.svc.cluster.local` and `X.svc` when `X` is present, then `d1, d2 + N more...` when
 * more than two remain.
 */
export function describeDomains(domains: readonly string[] | undefined): string {
  if (!domains || domains.length === 0) return ''
  if (domains.length === 1) return domains[0]!
  const noPort = domains.filter((d) => !d.includes(':') || (d.startsWith('[') && d.endsWith(']')))
  const present = new Set(noPort)
  const kept = noPort.filter((d) => {
    if (d.endsWith('.svc.cluster.local') && present.has(d.slice(0, -'.svc.cluster.local'.length))) return false
    if (d.endsWith('.svc') && present.has(d.slice(0, -'.svc'.length))) return false
    return true
  })
  if (kept.length > 2) return `${kept[0]}, ${kept[1]} + ${kept.length - 2} more...`
  return kept.join(', ')
}

/**
 * The route table. Verbose (default): `NAME VHOST NAME DOMAINS MATCH VIRTUAL SERVICE`, one row per route,
 * routes to `PassthroughCluster` left out, a virtual host without routes shown as `/*` → `404`.
 * Otherwise `NAME VIRTUAL HOSTS`. Padding 5.
 * @param withPrefix show names as `route/<name>` (the `pc all` layout)
 */
export function routeTable(configs: readonly RouteConfiguration[], verbose: boolean, withPrefix = false): string {
  const name = (c: RouteConfiguration): string => (withPrefix ? `route/${c.name ?? ''}` : c.name ?? '')
  if (!verbose) {
    const rows = [['NAME', 'VIRTUAL HOSTS'], ...configs.map((c) => [name(c), String((c.virtual_hosts ?? []).length)])]
    return viewTable(rows, 5)
  }
  const rows: string[][] = [['NAME', 'VHOST NAME', 'DOMAINS', 'MATCH', 'VIRTUAL SERVICE']]
  for (const c of configs) {
    for (const vh of c.virtual_hosts ?? []) {
      const routes = vh.routes ?? []
      const domains = describeDomains(vh.domains)
      if (routes.length === 0) {
        rows.push([name(c), vh.name ?? '', domains, '/*', '404'])
        continue
      }
      for (const r of routes) {
        if (routeCluster(r) === 'PassthroughCluster') continue
        rows.push([name(c), vh.name ?? '', domains, describeRouteMatch(r.match), renderConfigPath(istioConfigPath(r))])
      }
    }
  }
  return viewTable(rows, 5)
}
