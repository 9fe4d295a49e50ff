/**
 * One sidecar's Envoy state, indexed for lookups by name: the config dump (listeners, clusters, route
 * configurations, EDS, bootstrap) and, when available, the live `/clusters?format=json` host health.
 * Used by `mpx trace` and `mpx check`; every index is built on first use, in one pass.
 */
import type {ClustersStatus} from './clusters-status.js'
import type {ConfigDump} from './config-dump.js'
import type {Cluster, ClusterLoadAssignment, ClusterStatus, Listener, RouteConfiguration} from './model.js'

/** Facts about the proxy itself, from the bootstrap node (`sidecar~<ip>~<pod>.<ns>~<ns>.svc.<domain>`). */
export interface ProxyFacts {
  /** `sidecar`, `router`, ... (empty when unknown). */
  type: string
  /** First instance IP, or undefined. */
  ip?: string
  /** Pod name (without namespace), or undefined. */
  pod?: string
  /** Namespace, or undefined. */
  namespace?: string
  /** DNS suffix of Kubernetes services, e.g. `svc.cluster.local`. */
  clusterDomain: string
}

/** A named dynamic resource in a non-active state (warming listener or cluster, NACKed update). */
export interface PendingResource {
  name: string
  /** The resource (listener/cluster) when known. */
  resource?: Listener | Cluster
  /** `error_state.details` for a rejected update. */
  error?: string
  /** `error_state.last_update_attempt`. */
  lastAttempt?: string
  /** Whether an active version exists alongside. */
  hasActive: boolean
}

/** The indexed state of one proxy. */
export class ProxyState {
  private clusterMap?: Map<string, Cluster>
  private warmingClusterMap?: Map<string, Cluster>
  private routeMap?: Map<string, RouteConfiguration>
  private edsMap?: Map<string, ClusterLoadAssignment>
  private hostMap?: Map<string, ClusterStatus>
  private listenerList?: Listener[]

  /**
   * @param dump the config dump (sections may be missing: lookups then return nothing)
   * @param clusters the `/clusters?format=json` answer, when available
   */
  constructor(
    readonly dump: ConfigDump,
    readonly clusters?: ClustersStatus,
  ) {}

  /** Active listeners: dynamic (active state) then static; empty without a Listeners section. */
  listeners(): Listener[] {
    this.listenerList ??= activeListeners(this.dump)
    return this.listenerList
  }

  /** Dynamic listeners that are warming (a `warming_state`) or whose last update was rejected (`error_state`). */
  pendingListeners(): {warming: PendingResource[]; errors: PendingResource[]} {
    const warming: PendingResource[] = []
    const errors: PendingResource[] = []
    for (const e of this.dump.section('Listeners')?.dynamic_listeners ?? []) {
      const name = e.name ?? ''
      const hasActive = e.active_state?.listener !== undefined
      if (e.warming_state) warming.push({name, resource: e.warming_state.listener, hasActive})
      if (e.error_state) errors.push({name, error: e.error_state.details ?? '', lastAttempt: e.error_state.last_update_attempt, hasActive})
    }
    return {warming, errors}
  }

  /** Whether the dump has a Clusters section. */
  hasClusters(): boolean {
    return this.dump.has('Clusters')
  }

  /** The active cluster of this name (dynamic active or static), or undefined. */
  cluster(name: string): Cluster | undefined {
    this.indexClusters()
    return this.clusterMap!.get(name)
  }

  /** The warming cluster of this name, or undefined. */
  warmingCluster(name: string): Cluster | undefined {
    this.indexClusters()
    return this.warmingClusterMap!.get(name)
  }

  /** Every active cluster, dump order (dynamic then static). */
  allClusters(): Cluster[] {
    this.indexClusters()
    return [...this.clusterMap!.values()]
  }

  /** Every warming cluster, dump order. */
  warmingClusters(): Cluster[] {
    this.indexClusters()
    return [...this.warmingClusterMap!.values()]
  }

  /** Dynamic clusters whose last update was rejected (`error_state`). */
  clusterErrors(): PendingResource[] {
    const out: PendingResource[] = []
    const s = this.dump.section('Clusters')
    for (const e of [...(s?.dynamic_active_clusters ?? []), ...(s?.dynamic_warming_clusters ?? [])]) {
      if (e.error_state) out.push({name: e.cluster?.name ?? e.name ?? '', error: e.error_state.details ?? '', lastAttempt: e.error_state.last_update_attempt, hasActive: true})
    }
    return out
  }

  private indexClusters(): void {
    if (this.clusterMap) return
    const s = this.dump.section('Clusters')
    this.clusterMap = new Map()
    this.warmingClusterMap = new Map()
    for (const e of s?.dynamic_active_clusters ?? []) if (e.cluster) this.clusterMap.set(e.cluster.name ?? '', e.cluster)
    for (const e of s?.static_clusters ?? []) if (e.cluster && !this.clusterMap.has(e.cluster.name ?? '')) this.clusterMap.set(e.cluster.name ?? '', e.cluster)
    for (const e of s?.dynamic_warming_clusters ?? []) if (e.cluster) this.warmingClusterMap.set(e.cluster.name ?? '', e.cluster)
  }

  /** Whether the dump has a Routes section. */
  hasRoutes(): boolean {
    return this.dump.has('Routes')
  }

  /** The route configuration of this name (dynamic first, then static), or undefined. */
  routeConfig(name: string): RouteConfiguration | undefined {
    this.indexRoutes()
    return this.routeMap!.get(name)
  }

  /** Every route configuration: dynamic then static. */
  allRouteConfigs(): RouteConfiguration[] {
    return routeConfigurations(this.dump)
  }

  /** Dynamic route configurations whose last update was rejected (`error_state`). */
  routeErrors(): PendingResource[] {
    const out: PendingResource[] = []
    for (const e of this.dump.section('Routes')?.dynamic_route_configs ?? []) {
      if (e.error_state) out.push({name: e.route_config?.name ?? e.name ?? '', error: e.error_state.details ?? '', lastAttempt: e.error_state.last_update_attempt, hasActive: e.route_config !== undefined})
    }
    return out
  }

  private indexRoutes(): void {
    if (this.routeMap) return
    this.routeMap = new Map()
    for (const rc of this.allRouteConfigs()) {
      const n = rc.name ?? ''
      if (!this.routeMap.has(n)) this.routeMap.set(n, rc)
    }
  }

  /** Whether endpoint data is available: an EDS section (`include_eds`) or a `/clusters` answer. */
  hasEndpointData(): boolean {
    return this.clusters !== undefined || this.dump.has('Endpoints')
  }

  /** Whether the dump has an EDS section. */
  hasEds(): boolean {
    return this.dump.has('Endpoints')
  }

  /** The ClusterLoadAssignment of this EDS service name (dynamic then static), or undefined. */
  loadAssignment(serviceName: string): ClusterLoadAssignment | undefined {
    if (!this.edsMap) {
      this.edsMap = new Map()
      for (const cla of loadAssignments(this.dump)) if (!this.edsMap.has(cla.cluster_name ?? '')) this.edsMap.set(cla.cluster_name ?? '', cla)
    }
    return this.edsMap.get(serviceName)
  }

  /** The `/clusters` status of this cluster (`envoy.admin.v3.ClusterStatus`), or undefined. */
  clusterStatus(name: string): ClusterStatus | undefined {
    if (!this.clusters) return undefined
    if (!this.hostMap) {
      this.hostMap = new Map()
      for (const c of this.clusters.cluster_statuses) this.hostMap.set(c.name ?? '', c)
    }
    return this.hostMap.get(name)
  }

  /** Facts about the proxy from the bootstrap node; fields unknown without a Bootstrap section. */
  proxy(): ProxyFacts {
    const node = this.dump.section('Bootstrap')?.bootstrap?.node
    const id = node?.id ?? ''
    const parts = id.split('~')
    const meta = node?.metadata ?? {}
    const facts: ProxyFacts = {type: '', clusterDomain: 'svc.cluster.local'}
    if (parts.length === 4) {
      const [type, ip, podDotNs, domain] = parts as [string, string, string, string]
      facts.type = type
      if (ip) facts.ip = ip
      const dot = podDotNs.lastIndexOf('.')
      if (dot > 0) {
        facts.pod = podDotNs.slice(0, dot)
        facts.namespace = podDotNs.slice(dot + 1)
      }
      if (facts.namespace && domain.startsWith(`${facts.namespace}.`)) facts.clusterDomain = domain.slice(facts.namespace.length + 1)
    }
    if (meta.NAMESPACE !== undefined) facts.namespace = meta.NAMESPACE
    if (meta.INSTANCE_IPS) facts.ip = meta.INSTANCE_IPS.split(',')[0]
    if (meta.NAME !== undefined) facts.pod = meta.NAME
    return facts
  }
}

/**
 * The section walkers every reader of a dump uses (views, trace, check): one place that knows which
 * entries of an admin section hold a loaded resource.
 */

/** Active clusters: dynamic active (dump order) then static. Empty without a Clusters section. */
export function activeClusters(dump: ConfigDump): Cluster[] {
  const s = dump.section('Clusters')
  const out: Cluster[] = []
  for (const e of s?.dynamic_active_clusters ?? []) if (e.cluster) out.push(e.cluster)
  for (const e of s?.static_clusters ?? []) if (e.cluster) out.push(e.cluster)
  return out
}

/** Active listeners: dynamic listeners with an `active_state` (warming/draining-only entries skipped), then static. */
export function activeListeners(dump: ConfigDump): Listener[] {
  const s = dump.section('Listeners')
  const out: Listener[] = []
  for (const e of s?.dynamic_listeners ?? []) if (e.active_state?.listener) out.push(e.active_state.listener)
  for (const e of s?.static_listeners ?? []) if (e.listener) out.push(e.listener)
  return out
}

/** Route configurations: dynamic then static. */
export function routeConfigurations(dump: ConfigDump): RouteConfiguration[] {
  const s = dump.section('Routes')
  const out: RouteConfiguration[] = []
  for (const e of s?.dynamic_route_configs ?? []) if (e.route_config) out.push(e.route_config)
  for (const e of s?.static_route_configs ?? []) if (e.route_config) out.push(e.route_config)
  return out
}

/** EDS ClusterLoadAssignments: dynamic then static. Empty without an Endpoints section. */
export function loadAssignments(dump: ConfigDump): ClusterLoadAssignment[] {
  const s = dump.section('Endpoints')
  const out: ClusterLoadAssignment[] = []
  for (const e of s?.dynamic_endpoint_configs ?? []) if (e.endpoint_config) out.push(e.endpoint_config)
  for (const e of s?.static_endpoint_configs ?? []) if (e.endpoint_config) out.push(e.endpoint_config)
  return out
}
