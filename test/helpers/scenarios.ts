/**
 * Scenario dumps for `mpx trace` / `mpx check` tests, built in memory from the project's sample
 * (samples/productpage.config_dump.json, a Bookinfo productpage sidecar) and written to a temp dir:
 * each one is the sample with one realistic breakage.
 */
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {ISTIOCTL, ROOT} from './cli.js'

type Json = Record<string, any>

export const SAMPLE = `${ROOT}samples/productpage.config_dump.json`
export const SAMPLE_CLUSTERS = `${ROOT}samples/productpage.clusters.json`
const V1 = 'outbound|9080|v1|reviews.default.svc.cluster.local'

const section = (d: Json, kind: string) => d.configs.find((c: Json) => c['@type'] === `type.googleapis.com/envoy.admin.v3.${kind}ConfigDump`)
const routeConfig = (d: Json, name: string) => section(d, 'Routes').dynamic_route_configs.find((r: Json) => r.route_config.name === name).route_config
const vhost = (d: Json, rc: string, name: string) => routeConfig(d, rc).virtual_hosts.find((v: Json) => v.name === name)
const listener = (d: Json, name: string) => section(d, 'Listeners').dynamic_listeners.find((l: Json) => l.name === name)

/** Every scenario: name → transformation of a fresh copy of the sample dump. */
export const SCENARIOS: Record<string, (d: Json) => void> = {
  /** The VirtualService routes to subset v1, but no DestinationRule defines it: CDS lacks the v1 cluster. */
  'missing-subset': (d) => {
    const c = section(d, 'Clusters')
    c.dynamic_active_clusters = c.dynamic_active_clusters.filter((x: Json) => x.cluster.name !== V1)
    const e = section(d, 'Endpoints')
    e.dynamic_endpoint_configs = e.dynamic_endpoint_configs.filter((x: Json) => x.endpoint_config.cluster_name !== V1)
  },
  /** RDS never delivered route configuration 9080 (the listener 0.0.0.0_9080 still names it). */
  'missing-route-config': (d) => {
    const r = section(d, 'Routes')
    r.dynamic_route_configs = r.dynamic_route_configs.filter((x: Json) => x.route_config.name !== '9080')
  },
  /**
   * No reviews-v1 or ratings pod is ready: EDS marks all their endpoints UNHEALTHY. reviews-v1 has
   * Istio's panic threshold 0 (its DestinationRule has outlier detection): 503 UH; ratings keeps Envoy's
   * default 50% panic threshold, so Envoy still sends to the unhealthy endpoints.
   */
  'all-unhealthy': (d) => {
    for (const e of section(d, 'Endpoints').dynamic_endpoint_configs) {
      if (e.endpoint_config.cluster_name !== 'outbound|9080||ratings.default.svc.cluster.local' && e.endpoint_config.cluster_name !== V1) continue
      for (const lle of e.endpoint_config.endpoints) for (const lb of lle.lb_endpoints) lb.health_status = 'UNHEALTHY'
    }
  },
  /** outboundTrafficPolicy REGISTRY_ONLY: catch-alls go to BlackHoleCluster, allow_any becomes block_all (502). */
  'registry-only': (d) => {
    const vo = listener(d, 'virtualOutbound').active_state.listener
    for (const chain of vo.filter_chains) {
      for (const f of chain.filters) {
        if (f.typed_config?.cluster === 'PassthroughCluster') {
          f.typed_config.cluster = 'BlackHoleCluster'
          f.typed_config.stat_prefix = 'BlackHoleCluster'
          delete f.typed_config.access_log
        }
      }
    }
    for (const l of section(d, 'Listeners').dynamic_listeners) {
      const dfc = l.active_state?.listener?.default_filter_chain
      for (const f of dfc?.filters ?? []) if (f.typed_config?.cluster === 'PassthroughCluster') f.typed_config.cluster = 'BlackHoleCluster'
    }
    for (const r of section(d, 'Routes').dynamic_route_configs) {
      for (const vh of r.route_config.virtual_hosts) {
        if (vh.name !== 'allow_any') continue
        vh.name = 'block_all'
        vh.routes = [{match: {prefix: '/'}, direct_response: {status: 502}, name: 'block_all'}]
      }
    }
  },
  /** The reviews VirtualService splits the default route 50/50 between subsets v1 and v3. */
  'weighted-split': (d) => {
    const route = vhost(d, '9080', 'reviews.default.svc.cluster.local:9080').routes[1]
    delete route.route.cluster
    route.route.weighted_clusters = {
      clusters: [
        {name: V1, weight: 50},
        {name: 'outbound|9080|v3|reviews.default.svc.cluster.local', weight: 50},
      ],
    }
  },
  /** A catch-all route placed before the header route: the jason route can never match. */
  'shadowed-route': (d) => {
    const vh = vhost(d, '9080', 'reviews.default.svc.cluster.local:9080')
    vh.routes = [vh.routes[1], vh.routes[0]]
  },
  /** A second virtual host claims the domain "ratings" (Envoy would reject the whole route configuration). */
  'duplicate-domain': (d) => {
    routeConfig(d, '9080').virtual_hosts.splice(1, 0, {name: 'ratings-shadow:9080', domains: ['ratings', 'ratings:9080'], routes: [{match: {prefix: '/'}, route: {cluster: 'outbound|9080||ratings.default.svc.cluster.local'}}]})
  },
  /** The kubernetes cluster is gone while its VIP listener remains; a listener update was NACKed and another warms. */
  'listener-problems': (d) => {
    const c = section(d, 'Clusters')
    c.dynamic_active_clusters = c.dynamic_active_clusters.filter((x: Json) => x.cluster.name !== 'outbound|443||kubernetes.default.svc.cluster.local')
    const dl = section(d, 'Listeners').dynamic_listeners
    listener(d, '0.0.0.0_15014').error_state = {
      failed_configuration: {'@type': 'type.googleapis.com/envoy.config.listener.v3.Listener', name: '0.0.0.0_15014'},
      last_update_attempt: '2026-01-14T09:10:00.000Z',
      details: 'Error adding/updating listener(s) 0.0.0.0_15014: envoy.filters.http.lua: unknown field "inline_cod"',
    }
    const warming = JSON.parse(JSON.stringify(listener(d, '10.96.0.1_443').active_state))
    warming.listener.name = '10.96.7.7_5432'
    warming.listener.address.socket_address = {address: '10.96.7.7', port_value: 5432}
    dl.push({name: '10.96.7.7_5432', warming_state: warming})
  },
}

/** The Istio config path of the reviews DestinationRule, as istiod writes it on the reviews clusters. */
const REVIEWS_DR = '/apis/networking.istio.io/v1/namespaces/default/destination-rule/reviews'

/**
 * Scenarios of `mpx diff`, each a state of the same productpage sidecar before (or after) one change of
 * the Bookinfo story; the sample itself is the state with the reviews VirtualService and DestinationRule.
 */
export const DIFF_SCENARIOS: Record<string, (d: Json) => void> = {
  /** Before the reviews VirtualService: Istio's default route to the reviews service, named `default`, no metadata. */
  'before-virtual-service': (d) => {
    const vh = vhost(d, '9080', 'reviews.default.svc.cluster.local:9080')
    const route = JSON.parse(JSON.stringify(vh.routes[1]))
    delete route.metadata
    route.name = 'default'
    route.route.cluster = 'outbound|9080||reviews.default.svc.cluster.local'
    vh.routes = [route]
  },
  /** Before the reviews DestinationRule: no subset clusters (nor their EDS), no DestinationRule on the reviews cluster. */
  'before-destination-rule': (d) => {
    const subset = (n: string) => /^outbound\|9080\|v\d\|reviews\./.test(n)
    const c = section(d, 'Clusters')
    c.dynamic_active_clusters = c.dynamic_active_clusters.filter((x: Json) => !subset(x.cluster.name))
    for (const x of c.dynamic_active_clusters) {
      if (x.cluster.metadata?.filter_metadata?.istio?.config === REVIEWS_DR) delete x.cluster.metadata.filter_metadata.istio.config
    }
    const e = section(d, 'Endpoints')
    e.dynamic_endpoint_configs = e.dynamic_endpoint_configs.filter((x: Json) => !subset(x.endpoint_config.cluster_name))
  },
  /** The v3 subset vanished from the DestinationRule: its cluster and EDS are gone. */
  'cluster-removed': (d) => {
    const gone = 'outbound|9080|v3|reviews.default.svc.cluster.local'
    const c = section(d, 'Clusters')
    c.dynamic_active_clusters = c.dynamic_active_clusters.filter((x: Json) => x.cluster.name !== gone)
    const e = section(d, 'Endpoints')
    e.dynamic_endpoint_configs = e.dynamic_endpoint_configs.filter((x: Json) => x.endpoint_config.cluster_name !== gone)
  },
  /** Endpoint health change: the reviews-v1 and ratings endpoints turn UNHEALTHY (see SCENARIOS['all-unhealthy']). */
  'endpoint-unhealthy': (d) => SCENARIOS['all-unhealthy'](d),
  /**
   * Secret rotation: the workload certificate `default` is replaced by another one (the leaf of istioctl's
   * secret test dump), with a new version and update time.
   */
  'secret-rotated': (d) => {
    const other = JSON.parse(readFileSync(`${ISTIOCTL}writer/envoy/configdump/testdata/secret/istio/config_dump.json`, 'utf8'))
    const otherDefault = section(other, 'Secrets').dynamic_active_secrets.find((s: Json) => s.name === 'default')
    const mine = section(d, 'Secrets').dynamic_active_secrets.find((s: Json) => s.name === 'default')
    mine.secret.tls_certificate.certificate_chain = otherDefault.secret.tls_certificate.certificate_chain
    mine.version_info = '2026-01-15T08:14:03Z'
    mine.last_updated = '2026-01-15T08:14:03.529Z'
  },
  /** The kubernetes VIP listener 10.96.0.1_443 was removed. */
  'listener-removed': (d) => {
    const s = section(d, 'Listeners')
    s.dynamic_listeners = s.dynamic_listeners.filter((l: Json) => l.name !== '10.96.0.1_443')
  },
  /**
   * The same state as the sample, shuffled where Envoy does not care about order (clusters, listeners,
   * filter chains, virtual hosts, domains, endpoints) and with new version_info/last_updated everywhere.
   */
  'reordered': (d) => {
    const rev = <T>(xs: T[] | undefined) => xs?.reverse()
    rev(section(d, 'Clusters').dynamic_active_clusters)
    rev(section(d, 'Listeners').dynamic_listeners)
    for (const l of section(d, 'Listeners').dynamic_listeners) rev(l.active_state?.listener?.filter_chains)
    for (const r of section(d, 'Routes').dynamic_route_configs) {
      r.version_info = 'later'
      rev(r.route_config.virtual_hosts)
      for (const vh of r.route_config.virtual_hosts) rev(vh.domains)
    }
    for (const e of section(d, 'Endpoints').dynamic_endpoint_configs) {
      rev(e.endpoint_config.endpoints)
      for (const lle of e.endpoint_config.endpoints ?? []) rev(lle.lb_endpoints)
    }
    for (const c of section(d, 'Clusters').dynamic_active_clusters) c.last_updated = '2026-02-01T00:00:00Z'
  },
}

let dir: string | undefined
const cache = new Map<string, string>()

/** Writes a scenario dump of {@link SCENARIOS} or {@link DIFF_SCENARIOS} (once) and returns its path. */
export function scenarioFile(name: string): string {
  const known = cache.get(name)
  if (known) return known
  dir ??= mkdtempSync(join(tmpdir(), 'mpx-scenarios-'))
  const d = JSON.parse(readFileSync(SAMPLE, 'utf8'))
  ;(SCENARIOS[name] ?? DIFF_SCENARIOS[name])(d)
  const path = join(dir, `${name}.json`)
  writeFileSync(path, JSON.stringify(d, null, 1))
  cache.set(name, path)
  return path
}
