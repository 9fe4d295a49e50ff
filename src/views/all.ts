/**
 * The `pc all` summary: bootstrap version summary, clusters, listeners, routes, secrets and EDS endpoints,
 * each in the `pc all` layout (a NAME column / `kind/` prefixes), as istioctl `proxyconfig.go` prints it.
 */
import type {ConfigDump} from '../envoy/config-dump.js'
import {versionSummary, bootstrapSection} from './bootstrap.js'
import {clusterTable, selectClusters, type ClusterFilter} from './clusters.js'
import {edsTable, selectLoadAssignments} from './eds.js'
import {listenerTable, selectListeners, type ListenerFilter} from './listeners.js'
import {routeTable, selectRouteConfigs} from './routes.js'
import {secretTable, secretsSection} from './secrets.js'

/** Filters of `pc all`: cluster, listener and route filters; `port`/`address` also filter endpoints. */
export interface AllFilter extends ClusterFilter, ListenerFilter {
  /** Route configuration name. */
  name?: string
}

/**
 * Renders the six sections separated by blank lines; with `withHeaders` each is preceded by
 * `------ <KIND> INFO ------` and a blank line. Unlike istioctl, a failing section (e.g. `no routes found`)
 * fails the whole command before anything is printed.
 * @param now the instant certificate validity is judged at
 */
export function allSummary(dump: ConfigDump, f: AllFilter, opts: {verbose: boolean; withHeaders: boolean; now?: Date}): string {
  const parts: Array<[string, () => string]> = [
    ['BOOTSTRAP', () => versionSummary(bootstrapSection(dump))],
    ['CLUSTER', () => clusterTable(selectClusters(dump, {fqdn: f.fqdn, direction: f.direction, subset: f.subset, port: f.port}), true)],
    ['LISTENER', () => listenerTable(selectListeners(dump, {address: f.address, port: f.port, type: f.type}), opts.verbose, true)],
    ['ROUTE', () => routeTable(selectRouteConfigs(dump, {name: f.name}), opts.verbose, true)],
    ['SECRET', () => secretTable(secretsSection(dump), opts.now ?? new Date(), true)],
    ['ENDPOINTS', () => edsTable(selectLoadAssignments(dump, {address: f.address, port: f.port}), true)],
  ]
  return parts
    .map(([kind, render]) => (opts.withHeaders ? `------ ${kind} INFO ------\n\n` : '') + render())
    .join('\n')
}
