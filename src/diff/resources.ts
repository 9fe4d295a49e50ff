/**
 * The resources `mpx diff` compares, cut out of one proxy's Envoy state (admin `/config_dump`, API
 * `envoy.admin.v3.ConfigDump`, and optionally `/clusters?format=json`, `envoy.admin.v3.Clusters`):
 * listeners, their filter chains, route configurations, their virtual hosts and routes, clusters,
 * endpoints, secrets, the bootstrap and ECDS extension configs. Each resource has a stable identity
 * (type and name, independent of the order Envoy lists things in) and a comparable value from which
 * bookkeeping (`version_info`, `last_updated`, admin counters) is left out, and key material never enters.
 */
import type {ClustersStatus} from '../envoy/clusters-status.js'
import type {ConfigDump, SectionKind} from '../envoy/config-dump.js'
import type {Json} from '../envoy/loose.js'
import {secretItems} from '../envoy/secret.js'
import {istioConfigPath} from '../istio/config-path.js'
import {canonicalJson} from './values.js'

/** Resource types in output order. */
export const RESOURCE_TYPES = ['bootstrap', 'listener', 'filter-chain', 'route-config', 'virtual-host', 'route', 'cluster', 'endpoints', 'secret', 'ecds'] as const

/** A resource type of the diff: `listener`, `route`, `cluster`, ... (see {@link RESOURCE_TYPES}). */
export type ResourceType = (typeof RESOURCE_TYPES)[number]

/** One resource of one side. */
export interface DiffResource {
  type: ResourceType
  /** Identity within its type, e.g. `9080/reviews.default.svc.cluster.local:9080/default`. */
  key: string
  /** Name to show (equals the key except for routes matched by their match rather than their name). */
  name: string
  /** `metadata.filter_metadata.istio.config` of the resource, when set (e.g. `/apis/networking.istio.io/v1/...`). */
  istioConfig?: string
  /** Key of the resource this one belongs to (a filter chain's listener, a route's virtual host...). */
  parent?: string
  /**
   * The resource as found in the dump (compared first, in order, ignoring {@link DiffResource.omit}: when
   * equal on both sides the resource is unchanged and {@link DiffResource.value} is never built).
   */
  raw: Json
  /** Top-level fields of `raw` left out of the comparison (`@type`, children compared on their own). */
  omit: readonly string[]
  /** `version_info` / `last_updated` of the resource, with `--include-versions`. */
  versions?: Json
  /** The comparable value (snake_case Envoy JSON, children and bookkeeping removed), built on first use. */
  readonly value: Json
}

/** Builds a resource whose comparable value is made on first use (by `build`, else `raw` without `omit`). */
function resource(r: Omit<DiffResource, 'value' | 'omit'>, omit: readonly string[] = [], build?: (raw: Json) => Json): DiffResource {
  let value: Json | undefined
  const all = ['@type', ...omit]
  return {
    ...r,
    omit: all,
    get value(): Json {
      if (value === undefined) {
        value = build ? build(r.raw) : strip(r.raw, ...all)
        if (r.versions) value = {...value, ...r.versions}
      }
      return value
    },
  }
}

/** The canonical JSON of a route's match, used to pair unnamed or renamed routes. */
export function routeMatchKey(r: DiffResource): string {
  return canonicalJson(r.raw.match ?? {})
}

/** What one side of a diff holds: the config dump and, when read, `/clusters`. */
export interface DiffSide {
  dump: ConfigDump
  clusters?: ClustersStatus
  /** How the side was named on the command line (for headers and notes). */
  label: string
}

/** Options of {@link collectResources}. */
export interface CollectOptions {
  /** Keep `version_info` and `last_updated` as fields of the resources that carry them. */
  includeVersions: boolean
  /** Endpoints from `/clusters` (`live`), from the EDS section (`eds`) or not at all. */
  endpoints: 'live' | 'eds' | 'none'
  /** Section kinds to read (the ones both sides have). */
  sections: ReadonlySet<SectionKind>
}

/** The wrapper's bookkeeping fields, when asked for. */
function versionsOf(wrapper: Json | undefined, o: CollectOptions): Json | undefined {
  if (!o.includeVersions || !wrapper) return undefined
  const out: Json = {}
  if (wrapper.version_info !== undefined) out.version_info = wrapper.version_info
  if (wrapper.last_updated !== undefined) out.last_updated = wrapper.last_updated
  return out
}

/** The value without the `omit` fields at its top. */
function strip(resource: Json, ...omit: string[]): Json {
  const out: Json = {}
  for (const k of Object.keys(resource)) if (!omit.includes(k)) out[k] = resource[k]
  return out
}

/** Gives duplicate keys a `#2`, `#3`... suffix in order of appearance. */
function uniqueKey(seen: Map<string, number>, key: string): string {
  const n = (seen.get(key) ?? 0) + 1
  seen.set(key, n)
  return n === 1 ? key : `${key}#${n}`
}

/** A short text for a filter chain match: its fields in canonical JSON, `{}` for none. */
function chainMatchKey(chain: Json): string {
  return canonicalJson(chain.filter_chain_match ?? {})
}

/** A short, readable description of a route match: `prefix /`, `path /x`, plus header and query names. */
export function describeRouteMatch(match: Json | undefined): string {
  if (!match) return 'match {}'
  const parts: string[] = []
  for (const k of ['prefix', 'path', 'path_separated_prefix']) if (typeof match[k] === 'string') parts.push(`${k} ${match[k]}`)
  if (match.safe_regex?.regex !== undefined) parts.push(`regex ${match.safe_regex.regex}`)
  if (match.path_match_policy) parts.push('path_match_policy')
  for (const h of match.headers ?? []) parts.push(`header ${h?.name ?? ''}`)
  for (const q of match.query_parameters ?? []) parts.push(`query ${q?.name ?? ''}`)
  if (match.grpc) parts.push('grpc')
  return parts.length > 0 ? parts.join(' ') : 'match {}'
}

/** Address of an EDS `LbEndpoint` or a `/clusters` host: `ip:port`, a pipe path, or the canonical JSON. */
function addressKey(address: Json | undefined): string {
  const sa = address?.socket_address
  if (sa) return `${sa.address ?? ''}:${sa.port_value ?? sa.named_port ?? ''}`
  if (address?.pipe?.path !== undefined) return String(address.pipe.path)
  if (address?.envoy_internal_address) return `internal:${canonicalJson(address.envoy_internal_address)}`
  return canonicalJson(address ?? {})
}

/** `region/zone/subzone` of an Envoy `core.v3.Locality` (empty parts kept, so the text is unambiguous). */
function localityText(l: Json | undefined): string {
  if (!l) return ''
  return [l.region ?? '', l.zone ?? '', l.sub_zone ?? ''].join('/').replace(/\/+$/, '')
}

/**
 * The endpoints of an EDS `ClusterLoadAssignment` as a comparable value: hosts by address with health,
 * weight, locality and priority (Envoy keeps localities and endpoints unordered), plus the policy.
 */
function edsValue(cla: Json): Json {
  const hosts: Json = {}
  for (const lle of cla.endpoints ?? []) {
    for (const lb of lle?.lb_endpoints ?? []) {
      const host: Json = {health_status: lb?.health_status ?? 'UNKNOWN'}
      if (lb?.load_balancing_weight !== undefined) host.weight = lb.load_balancing_weight
      const locality = localityText(lle.locality)
      if (locality) host.locality = locality
      if (lle.priority) host.priority = lle.priority
      if (lb?.metadata !== undefined) host.metadata = lb.metadata
      if (lb?.endpoint?.hostname) host.hostname = lb.endpoint.hostname
      hosts[addressKey(lb?.endpoint?.address)] = host
    }
  }
  const out: Json = {hosts}
  if (cla.policy !== undefined) out.policy = cla.policy
  return out
}

/** The hosts of a `/clusters` `ClusterStatus` as a comparable value (live health; counters left out). */
function liveValue(status: Json): Json {
  const hosts: Json = {}
  for (const h of status.host_statuses ?? []) {
    const host: Json = {health_status: h?.health_status ?? {}}
    if (h?.weight !== undefined) host.weight = h.weight
    const locality = localityText(h?.locality)
    if (locality) host.locality = locality
    if (h?.priority) host.priority = h.priority
    if (h?.hostname) host.hostname = h.hostname
    hosts[addressKey(h?.address)] = host
  }
  return {hosts}
}

/**
 * Cuts one side's state into resources.
 * @returns resources by type, each a map key → resource (keys unique within the type)
 */
export function collectResources(side: DiffSide, o: CollectOptions): Map<ResourceType, Map<string, DiffResource>> {
  const out = new Map<ResourceType, Map<string, DiffResource>>(RESOURCE_TYPES.map((t) => [t, new Map()]))
  const add = (r: DiffResource) => out.get(r.type)!.set(r.key, r)
  const d = side.dump
  const want = (k: SectionKind) => o.sections.has(k) && d.has(k)

  if (want('Bootstrap')) {
    const s = d.section('Bootstrap')!
    add(resource({type: 'bootstrap', key: 'bootstrap', name: 'bootstrap', raw: s.bootstrap ?? {}, versions: versionsOf(s, o)}))
  }

  if (want('Listeners')) {
    const s = d.section('Listeners')!
    const entries: Array<[Json, Json | undefined]> = []
    for (const e of s.dynamic_listeners ?? []) if (e?.active_state?.listener) entries.push([e.active_state.listener, e.active_state])
    for (const e of s.static_listeners ?? []) if (e?.listener) entries.push([e.listener, e])
    const seen = new Map<string, number>()
    for (const [l, wrapper] of entries) {
      const key = uniqueKey(seen, String(l.name ?? ''))
      add(resource({type: 'listener', key, name: key, istioConfig: istioConfigPath(l), raw: l, versions: versionsOf(wrapper, o)}, ['filter_chains']))
      const chains: Json[] = l.filter_chains ?? []
      const names = new Map<string, number>()
      for (const c of chains) names.set(String(c?.name ?? ''), (names.get(String(c?.name ?? '')) ?? 0) + 1)
      const chainSeen = new Map<string, number>()
      for (const c of chains) {
        const name = String(c?.name ?? '')
        // a chain's name identifies it when unique; Istio reuses names (virtualInbound), then the match does
        const id = name !== '' && names.get(name) === 1 ? name : `${name}${chainMatchKey(c)}`
        const ck = uniqueKey(chainSeen, `${key}/${id}`)
        add(resource({type: 'filter-chain', key: ck, name: ck, parent: key, istioConfig: istioConfigPath(c), raw: c}))
      }
    }
  }

  if (want('Routes')) {
    const s = d.section('Routes')!
    const entries: Array<[Json, Json]> = []
    for (const e of s.dynamic_route_configs ?? []) if (e?.route_config) entries.push([e.route_config, e])
    for (const e of s.static_route_configs ?? []) if (e?.route_config) entries.push([e.route_config, e])
    const seen = new Map<string, number>()
    for (const [rc, wrapper] of entries) {
      const key = uniqueKey(seen, String(rc.name ?? ''))
      add(resource({type: 'route-config', key, name: key, raw: rc, versions: versionsOf(wrapper, o)}, ['virtual_hosts']))
      const vhSeen = new Map<string, number>()
      for (const vh of rc.virtual_hosts ?? []) {
        const vk = uniqueKey(vhSeen, `${key}/${String(vh?.name ?? '')}`)
        add(resource({type: 'virtual-host', key: vk, name: vk, parent: key, istioConfig: istioConfigPath(vh), raw: vh ?? {}}, ['routes']))
        const routeSeen = new Map<string, number>()
        for (const r of vh?.routes ?? []) {
          const name = typeof r?.name === 'string' && r.name !== '' ? r.name : describeRouteMatch(r?.match)
          const rk = uniqueKey(routeSeen, `${vk}/${name}`)
          add(resource({type: 'route', key: rk, name: rk, parent: vk, istioConfig: istioConfigPath(r), raw: r ?? {}}))
        }
      }
    }
  }

  if (want('Clusters')) {
    const s = d.section('Clusters')!
    const entries: Array<[Json, Json]> = []
    for (const e of s.dynamic_active_clusters ?? []) if (e?.cluster) entries.push([e.cluster, e])
    for (const e of s.static_clusters ?? []) if (e?.cluster) entries.push([e.cluster, e])
    const seen = new Map<string, number>()
    for (const [c, wrapper] of entries) {
      const key = uniqueKey(seen, String(c.name ?? ''))
      add(resource({type: 'cluster', key, name: key, istioConfig: istioConfigPath(c), raw: c, versions: versionsOf(wrapper, o)}))
    }
  }

  if (o.endpoints === 'live' && side.clusters) {
    for (const c of side.clusters.cluster_statuses) {
      const name = String(c?.name ?? '')
      add(resource({type: 'endpoints', key: name, name, parent: name, raw: c ?? {}}, ['stats'], liveValue))
    }
  } else if (o.endpoints === 'eds' && d.has('Endpoints')) {
    const s = d.section('Endpoints')!
    for (const e of [...(s.dynamic_endpoint_configs ?? []), ...(s.static_endpoint_configs ?? [])]) {
      const cla = e?.endpoint_config
      if (!cla) continue
      const name = String(cla.cluster_name ?? '')
      if (out.get('endpoints')!.has(name)) continue
      add(resource({type: 'endpoints', key: name, name, parent: name, raw: cla, versions: versionsOf(e, o)}, [], edsValue))
    }
  }

  if (want('Secrets')) {
    const s = d.section('Secrets')! as unknown as Json
    const states: Array<[string, string]> = [['dynamic_warming_secrets', 'WARMING'], ['dynamic_active_secrets', 'ACTIVE'], ['static_secrets', 'STATIC']]
    for (const [field, state] of states) {
      for (const e of s[field] ?? []) {
        const name = String(e?.name ?? e?.secret?.name ?? '')
        const key = state === 'WARMING' ? `${name} (warming)` : name
        // only the facts of the certificates: serial and validity, never key material
        const facts = (raw: Json): Json => {
          const certificates = secretItems({dynamic_active_secrets: [{name, secret: raw}]}).map((i) => {
            const v: Json = {type: i.type, serial: i.serial, not_before: i.notBefore, not_after: i.notAfter}
            if (i.trustDomain) v.trust_domain = i.trustDomain
            return v
          })
          return {state, certificates}
        }
        add(resource({type: 'secret', key, name: key, raw: e?.secret ?? {}, versions: versionsOf(e, o)}, [], facts))
      }
    }
  }

  if (want('Ecds')) {
    const seen = new Map<string, number>()
    for (const e of d.section('Ecds')!.ecds_filters ?? []) {
      const f = e?.ecds_filter
      if (!f) continue
      const key = uniqueKey(seen, String(f.name ?? ''))
      add(resource({type: 'ecds', key, name: key, raw: f, versions: versionsOf(e, o)}))
    }
  }
  return out
}
