/**
 * The semantic diff of two proxies' Envoy state (`mpx diff A B`): which resources were added, removed or
 * changed, which fields changed, and the Istio object behind each change (the resource's
 * `metadata.filter_metadata.istio.config`, set by istiod on clusters from DestinationRules and routes
 * from VirtualServices).
 */
import type {SectionKind} from '../envoy/config-dump.js'
import type {Json} from '../envoy/loose.js'
import {parseConfigPath} from '../istio/config-path.js'
import {collectResources, RESOURCE_TYPES, routeMatchKey, type DiffResource, type DiffSide, type ResourceType} from './resources.js'
import {diffValues, sameObjectExcept, sameValue, type FieldChange} from './values.js'

/** One change between the two sides. */
export interface ResourceChange {
  change: 'added' | 'removed' | 'changed'
  type: ResourceType
  /** The resource's name (see {@link DiffResource.name}). */
  name: string
  /** The Istio object behind it, `VirtualService reviews.default`; null when the resource carries none. */
  istioConfig: string | null
  /** Changed fields, sorted by path (empty for added and removed resources). */
  fields: FieldChange[]
  /** The resource on side A (absent when added). */
  before?: Json
  /** The resource on side B (absent when removed). */
  after?: Json
}

/** The result of a diff. */
export interface DiffResult {
  changes: ResourceChange[]
  /** What could not be compared, e.g. `endpoints: A has no EDS section or /clusters` (for stderr). */
  notes: string[]
}

/** Options of {@link diffSides}. */
export interface DiffOptions {
  /** Compare `version_info` and `last_updated` too (default: ignored). */
  includeVersions?: boolean
}

/** The type whose resources are the parents of this type's resources. */
const PARENT_TYPE: Partial<Record<ResourceType, ResourceType>> = {
  'filter-chain': 'listener', 'virtual-host': 'route-config', route: 'virtual-host', endpoints: 'cluster',
}

/** Kebab-case kind of an Istio config path → its Kubernetes kind: `virtual-service` → `VirtualService`. */
function kindName(kind: string): string {
  return kind.split('-').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('')
}

/**
 * Renders an Istio config path as `<Kind> <name>.<namespace>`
 * (`/apis/networking.istio.io/v1/namespaces/default/virtual-service/reviews` → `VirtualService reviews.default`);
 * other paths are returned as they are; null for none.
 */
export function renderIstioConfig(path: string | undefined): string | null {
  if (path === undefined || path === '') return null
  const ref = parseConfigPath(path)
  if (ref) return `${kindName(ref.kind)} ${ref.name}.${ref.namespace}`
  const m = /^\/apis\/[^/]+\/[^/]+\/namespaces\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(path)
  return m ? `${kindName(m[2]!)} ${m[3]}.${m[1]}` : path
}

/** Whether a route was named in the dump (rather than identified by its match). */
function named(r: DiffResource): boolean {
  return typeof r.raw.name === 'string' && r.raw.name !== ''
}

/** Whether a resource is the same on both sides as found in the dumps (in order): then it is unchanged. */
function sameAsFound(a: DiffResource, b: DiffResource): boolean {
  return sameObjectExcept(a.raw, b.raw, a.omit) && sameValue(a.versions ?? {}, b.versions ?? {})
}

/**
 * Compares two sides. Only the sections both sides hold are compared; endpoints from `/clusters` when
 * both sides have it, else from EDS when both have it (a note says when neither).
 * @returns changes ordered by type (bootstrap, listener, filter-chain, route-config, virtual-host, route,
 *   cluster, endpoints, secret, ecds) then name; a resource whose parent was added or removed (a route of
 *   a new virtual host, the filter chains of a removed listener) is not listed on its own
 */
export function diffSides(a: DiffSide, b: DiffSide, o: DiffOptions = {}): DiffResult {
  const notes: string[] = []
  const sections = new Set<SectionKind>()
  for (const kind of ['Bootstrap', 'Listeners', 'Routes', 'Clusters', 'Secrets', 'Ecds'] as SectionKind[]) {
    if (a.dump.has(kind) && b.dump.has(kind)) sections.add(kind)
    else if (a.dump.has(kind) || b.dump.has(kind)) notes.push(`${kind.toLowerCase()} not compared: ${a.dump.has(kind) ? b.label : a.label} has no ${kind}ConfigDump section`)
  }
  const endpoints = a.clusters && b.clusters ? 'live' : a.dump.has('Endpoints') && b.dump.has('Endpoints') ? 'eds' : 'none'
  if (endpoints === 'none' && (a.clusters || b.clusters || a.dump.has('Endpoints') || b.dump.has('Endpoints'))) {
    notes.push('endpoints not compared: they need EDS (config_dump?include_eds=true) or /clusters on both sides')
  }
  const collect = {includeVersions: o.includeVersions === true, endpoints, sections} as const
  const A = collectResources(a, collect)
  const B = collectResources(b, collect)
  const changes: ResourceChange[] = []

  const bothHave = (type: ResourceType, parent: string | undefined): boolean => {
    const pt = PARENT_TYPE[type]
    if (!pt || parent === undefined) return true
    const inA = A.get(pt)!.has(parent)
    const inB = B.get(pt)!.has(parent)
    return (inA && inB) || (!inA && !inB)
  }

  for (const type of RESOURCE_TYPES) {
    const ma = A.get(type)!
    const mb = B.get(type)!
    const removed: DiffResource[] = []
    const added: DiffResource[] = []
    const pairs: Array<[DiffResource, DiffResource]> = []
    for (const [k, ra] of ma) {
      const rb = mb.get(k)
      if (rb) pairs.push([ra, rb])
      else if (bothHave(type, ra.parent)) removed.push(ra)
    }
    for (const [k, rb] of mb) if (!ma.has(k) && bothHave(type, rb.parent)) added.push(rb)
    if (type === 'route') pairByMatch(removed, added, pairs)
    for (const [ra, rb] of pairs) {
      if (sameAsFound(ra, rb)) continue
      const fields = diffValues(ra.value, rb.value)
      if (fields.length === 0) continue
      fields.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0))
      const name = type === 'route' && !named(rb) && named(ra) ? ra.name : rb.name
      changes.push({change: 'changed', type, name, istioConfig: renderIstioConfig(rb.istioConfig ?? ra.istioConfig), fields, before: ra.value, after: rb.value})
    }
    for (const r of removed) changes.push({change: 'removed', type, name: r.name, istioConfig: renderIstioConfig(r.istioConfig), fields: [], before: r.value})
    for (const r of added) changes.push({change: 'added', type, name: r.name, istioConfig: renderIstioConfig(r.istioConfig), fields: [], after: r.value})
    if (type === 'route') routeOrderChanges(A.get('route')!, B.get('route')!, pairs, A.get('virtual-host')!, B.get('virtual-host')!, changes)
  }
  const rank = new Map(RESOURCE_TYPES.map((t, i) => [t, i]))
  changes.sort((x, y) => rank.get(x.type)! - rank.get(y.type)! || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
  return {changes, notes}
}

/**
 * Pairs a removed and an added route of the same virtual host with the same match: the same route
 * renamed or unnamed (Istio names the default route `default`; a VirtualService route without a name
 * has none), reported as changed.
 */
function pairByMatch(removed: DiffResource[], added: DiffResource[], pairs: Array<[DiffResource, DiffResource]>): void {
  const byMatch = new Map<string, DiffResource[]>()
  for (const r of added) {
    const id = `${r.parent}\n${routeMatchKey(r)}`
    const list = byMatch.get(id)
    if (list) list.push(r)
    else byMatch.set(id, [r])
  }
  const taken = new Set<DiffResource>()
  for (let i = 0; i < removed.length; i++) {
    const ra = removed[i]!
    const rb = byMatch.get(`${ra.parent}\n${routeMatchKey(ra)}`)?.shift()
    if (!rb) continue
    pairs.push([ra, rb])
    taken.add(ra).add(rb)
  }
  const keep = (list: DiffResource[]) => list.splice(0, list.length, ...list.filter((r) => !taken.has(r)))
  keep(removed)
  keep(added)
}

/**
 * A virtual host whose routes kept their identity but not their order (Envoy tries routes in order):
 * reported as a change of the virtual host, field `routes`, the route names in order on each side.
 */
function routeOrderChanges(
  ra: Map<string, DiffResource>, rb: Map<string, DiffResource>, pairs: Array<[DiffResource, DiffResource]>,
  va: Map<string, DiffResource>, vb: Map<string, DiffResource>, changes: ResourceChange[],
): void {
  const partner = new Map<DiffResource, DiffResource>(pairs)
  const common = new Set(pairs.map(([, b]) => b))
  const orderA = new Map<string, string[]>()
  const orderB = new Map<string, string[]>()
  for (const r of ra.values()) {
    const p = partner.get(r)
    if (p) (orderA.get(r.parent!) ?? orderA.set(r.parent!, []).get(r.parent!)!).push(p.key)
  }
  for (const r of rb.values()) if (common.has(r)) (orderB.get(r.parent!) ?? orderB.set(r.parent!, []).get(r.parent!)!).push(r.key)
  for (const [vh, keysA] of orderA) {
    const keysB = orderB.get(vh) ?? []
    if (keysA.every((k, i) => k === keysB[i])) continue
    const strip = (k: string) => k.slice(vh.length + 1)
    const field: FieldChange = {path: 'routes', from: keysA.map(strip), to: keysB.map(strip)}
    const existing = changes.find((c) => c.type === 'virtual-host' && c.name === vh && c.change === 'changed')
    if (existing) existing.fields.push(field)
    else changes.push({change: 'changed', type: 'virtual-host', name: vh, istioConfig: renderIstioConfig(vb.get(vh)?.istioConfig ?? va.get(vh)?.istioConfig), fields: [field], before: va.get(vh)?.value, after: vb.get(vh)?.value})
  }
}
