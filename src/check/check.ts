/**
 * `mpx check`: lints a whole sidecar for the configuration breakages behind 404s and 503s. Runs every
 * rule of `rules/` on one proxy state and returns the findings sorted (see `findings.ts`).
 *
 * | ID | severity | rule module |
 * | --- | --- | --- |
 * | route-cluster-missing, vhost-duplicate-domain | error | routes |
 * | route-unreachable | warning | routes |
 * | listener-rds-missing, tcp-cluster-missing, listener-error-state, route-error-state, cluster-error-state | error | listeners |
 * | listener-warming | warning | listeners |
 * | eds-none-healthy | error | clusters |
 * | cluster-warming, eds-no-endpoints | warning | clusters |
 * | eds-some-unhealthy, eds-data-missing | info | clusters |
 * | secret-expired | error | secrets |
 * | secret-warming, secret-expiring | warning | secrets |
 * | dump-section-missing | info | (this module) |
 */
import type {ProxyState} from '../envoy/proxy-state.js'
import type {CheckContext} from './context.js'
import {finding, sortFindings, type Finding} from './findings.js'
import {clusterWarming, endpointHealth} from './rules/clusters.js'
import {errorStates, listenerRdsMissing, listenerWarming, tcpClusterMissing} from './rules/listeners.js'
import {routeClusterMissing, routeUnreachable, vhostDuplicateDomain} from './rules/routes.js'
import {secretFindings} from './rules/secrets.js'

const SECTION_CHECKS: Array<['Listeners' | 'Routes' | 'Clusters', string]> = [
  ['Listeners', 'listener checks (RDS and tcp_proxy references, warming, NACKs)'],
  ['Routes', 'route checks (clusters of routes, duplicate domains, unreachable routes) and RDS references'],
  ['Clusters', 'cluster checks (routes and tcp_proxy to missing clusters, warming, endpoints)'],
]

/** `dump-section-missing` (info): a partial dump, where whole groups of checks could not run. */
export function sectionsMissing(ctx: CheckContext): Finding[] {
  return SECTION_CHECKS.filter(([kind]) => !ctx.state.dump.has(kind)).map(([kind, what]) =>
    finding('dump-section-missing', 'info', `${kind}ConfigDump`, `the dump has no ${kind}ConfigDump section: ${what} were skipped`, 'the dump was saved with a mask or a resource filter, or is an excerpt', 'mpx dump <pod>'),
  )
}

/** Every rule, in the order they run. */
export const RULES: ReadonlyArray<(ctx: CheckContext) => Finding[]> = [
  sectionsMissing,
  routeClusterMissing, vhostDuplicateDomain, routeUnreachable,
  listenerRdsMissing, tcpClusterMissing, listenerWarming, errorStates,
  clusterWarming, endpointHealth,
  secretFindings,
]

/** Options of a check. */
export interface CheckOptions {
  /** The instant certificates are judged at (default now). */
  now?: Date
  /** `--cert-warn-days` (default 7). */
  certWarnDays?: number
  /** How follow-up commands name the proxy (`-f <path>` or the pod), already shell-quoted. */
  source: string
  /** How follow-up `proxy-config endpoints` commands name the /clusters answer (`-f <clusters file>`); default `source`. */
  clustersSource?: string
}

/**
 * Runs every rule on a proxy.
 * @returns the findings, sorted by severity, ID and resource
 */
export function checkProxy(state: ProxyState, o: CheckOptions): Finding[] {
  const ctx: CheckContext = {state, now: o.now ?? new Date(), certWarnDays: o.certWarnDays ?? 7, source: o.source, clustersSource: o.clustersSource ?? o.source}
  return sortFindings(RULES.flatMap((rule) => rule(ctx)))
}
