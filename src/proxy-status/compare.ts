/**
 * The Istiod-vs-Envoy comparison of `mpx proxy-status <pod>` (istioctl `writer/compare`, spec §7.5):
 * both config dumps are normalised the same way, rendered as the same JSON, and diffed.
 *
 * Normalisation (istioctl's, then mpx's additions):
 * - Clusters: `dynamic_active_clusters` only, sorted by cluster name, `version_info` and `last_updated`
 *   cleared.
 * - Listeners: `dynamic_listeners` that have an `active_state`, `draining_state` and the entry's `name`
 *   dropped (warming and error states are kept: they are real differences), sorted by listener name,
 *   `active_state.version_info` / `last_updated` cleared.
 * - Routes: `dynamic_route_configs` sorted by name, each route's `virtual_hosts` sorted by name,
 *   `version_info` / `last_updated` cleared.
 * - Endpoints (mpx only; needs `include_eds` on both sides): istiod lists its assignments as static
 *   endpoint configs (read as such when it has no dynamic ones), Envoy its EDS clusters as dynamic ones
 *   (its static ones come from the bootstrap and are skipped). Envoy rebuilds this section from its host sets, so localities are sorted by
 *   priority and locality, endpoints by address, and what Envoy fills in itself is not compared: health
 *   status (runtime state), an empty `health_check_config`, an endpoint weight of 1, an overprovisioning
 *   factor of 140 (the defaults).
 * - Secrets (mpx only): only secrets istiod serves (`kubernetes://…` names, from credentialName);
 *   `default`, `ROOTCA` and file certificates come from the istio-agent. Private keys and passwords are
 *   redacted on both sides (Envoy and istiod both redact them, in different spellings).
 * - Both sides are rendered as the proto3 JSON mapping, camelCase, fields in declaration order, 4-space
 *   indent, whatever the input's naming; fields holding a proto3 default are omitted (present on one side,
 *   absent on the other means the same: istio/istio#21709, #12958); legacy v2 type URLs are read as their
 *   v3 successors (#23735); keys of payloads the schema does not know (Istio's own filter configs) are
 *   camelCased and sorted on both sides.
 * Then each pair of texts is diffed as a unified diff with 7 lines of context (`--- Istiod Clusters` /
 * `+++ Envoy Clusters`), and resources are matched by name for a one-line summary.
 */
import {ConfigDump, type SectionKind} from '../envoy/config-dump.js'
import {toJson} from '../format/output.js'

/** A section as found in a dump, read loosely: compare normalises whole sections, not only the fields mpx's model types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TODO: type the normalisers on src/envoy/model.ts
type Json = Record<string, any>
import {unifiedDiff} from '../format/unified-diff.js'

/** What can be compared (istioctl compares the first three). */
export type CompareType = 'clusters' | 'listeners' | 'routes' | 'endpoints' | 'secrets'

/** Lines of context around each change (istioctl's). */
export const DIFF_CONTEXT = 7

/** The comparison of one type. */
export interface TypeComparison {
  type: CompareType
  /** `Clusters`, `Listeners`, ... as printed. */
  title: string
  match: boolean
  /** Resource names istiod has and Envoy does not (the diff's `-` side only). */
  onlyInIstiod: string[]
  /** Resource names Envoy has and istiod does not (`+` only). */
  onlyInEnvoy: string[]
  /** Resource names on both sides whose normalised content differs. */
  changed: string[]
  /** The unified diff, `''` when they match. */
  diff: string
  /** A side that lacks the section: its error message (then that side's text is this message). */
  istiodError?: string
  envoyError?: string
  /** Routes: the newest `last_updated` of Envoy's dynamic route configs (RFC 3339). */
  rdsLastLoaded?: string
  /** Secrets: names left out of the comparison because the istio-agent, not istiod, serves them. */
  notCompared?: string[]
  /** Set when neither side has the section: why nothing was compared (then `match` is true). */
  unavailable?: string
}

/** A normalised side of one type: the section to render, and its resources by name. */
interface Normalised {
  /** Message to render (snake_case), of type {@link Spec.typeName}. */
  section: Json
  /** Field of `section` holding the resources. */
  field: string
  /** Resource names, parallel to section[field]. */
  names: string[]
  /** Secrets skipped. */
  skipped?: string[]
}

interface Spec {
  title: string
  kind: SectionKind
  /** Proto type of the rendered section. */
  typeName: string
  normalise(section: Json, side: 'istiod' | 'envoy'): Normalised
}

const byName = (a: {n: string}, b: {n: string}) => (a.n < b.n ? -1 : a.n > b.n ? 1 : 0)
const list = (v: unknown): Json[] => (Array.isArray(v) ? (v.filter((x) => x !== null && typeof x === 'object') as Json[]) : [])
const nameOf = (v: unknown): string => (v !== null && typeof v === 'object' && typeof (v as Json).name === 'string' ? (v as Json).name : '')

/** Removes keys from a shallow copy. */
function without(o: Json, ...keys: string[]): Json {
  const out = {...o}
  for (const k of keys) delete out[k]
  return out
}

/** Sorts resources by name and returns the normalised side. */
function sorted(field: string, items: Array<{n: string; v: Json}>, skipped?: string[]): Normalised {
  items.sort(byName)
  return {section: {[field]: items.map((x) => x.v)}, field, names: items.map((x) => x.n), ...(skipped ? {skipped} : {})}
}

/** `{inline_bytes: base64("[redacted]")}`, the DataSource both Envoy and istiod print for a redacted key. */
const REDACTED = {inline_bytes: 'W3JlZGFjdGVkXQ=='}

/** Redacts the sensitive DataSources of an `envoy.extensions.transport_sockets.tls.v3.Secret`. */
function redactSecret(secret: Json): Json {
  const out = {...secret}
  for (const [holder, keys] of [['tls_certificate', ['private_key', 'password']], ['tlsCertificate', ['privateKey', 'password']], ['generic_secret', ['secret']], ['genericSecret', ['secret']]] as const) {
    const h = out[holder]
    if (h === null || typeof h !== 'object') continue
    const copy = {...(h as Json)}
    for (const k of keys) if (copy[k] !== undefined) copy[k] = REDACTED
    out[holder] = copy
  }
  return out
}

/** A sortable key of an Envoy address (`1.2.3.4:80`, a pipe path, an envoy internal address...). */
function addressKey(a: unknown): string {
  if (a === null || typeof a !== 'object') return ''
  const sa = (a as Json).socket_address
  if (sa && typeof sa === 'object') return `${sa.address ?? ''}:${sa.port_value ?? sa.named_port ?? ''}`
  return JSON.stringify(a)
}

/** Normalises one ClusterLoadAssignment (snake_case) for comparison. */
function normaliseAssignment(cla: Json): Json {
  const out = {...cla}
  const localities = list(out.endpoints).map((l) => {
    const lbs = list(l.lb_endpoints).map((lb) => {
      const e = without(lb, 'health_status')
      const w = e.load_balancing_weight
      if (w === 1 || (w !== null && typeof w === 'object' && (w as Json).value === 1)) delete e.load_balancing_weight
      if (e.endpoint && typeof e.endpoint === 'object') {
        const ep = {...(e.endpoint as Json)}
        const hc = ep.health_check_config
        if (hc !== undefined && (hc === null || (typeof hc === 'object' && Object.values(hc as Json).every((x) => x === '' || x === 0 || x === null)))) delete ep.health_check_config
        e.endpoint = ep
      }
      return e
    })
    lbs.sort((a, b) => {
      const x = addressKey((a.endpoint as Json | undefined)?.address)
      const y = addressKey((b.endpoint as Json | undefined)?.address)
      return x < y ? -1 : x > y ? 1 : 0
    })
    return {...l, lb_endpoints: lbs}
  })
  const localityKey = (l: Json) => `${String(l.priority ?? 0).padStart(10, '0')}/${l.locality?.region ?? ''}/${l.locality?.zone ?? ''}/${l.locality?.sub_zone ?? ''}`
  localities.sort((a, b) => (localityKey(a) < localityKey(b) ? -1 : localityKey(a) > localityKey(b) ? 1 : 0))
  out.endpoints = localities
  if (out.policy && typeof out.policy === 'object') {
    const p = {...(out.policy as Json)}
    const f = p.overprovisioning_factor
    if (f === 140 || (f !== null && typeof f === 'object' && (f as Json).value === 140)) delete p.overprovisioning_factor
    if (Object.keys(p).length === 0) delete out.policy
    else out.policy = p
  }
  return out
}

const SPECS: Record<CompareType, Spec> = {
  clusters: {
    title: 'Clusters',
    kind: 'Clusters',
    typeName: 'envoy.admin.v3.ClustersConfigDump',
    normalise: (s) =>
      sorted(
        'dynamic_active_clusters',
        list(s.dynamic_active_clusters).map((c) => ({n: nameOf(c.cluster), v: without(c, 'version_info', 'last_updated')})),
      ),
  },
  listeners: {
    title: 'Listeners',
    kind: 'Listeners',
    typeName: 'envoy.admin.v3.ListenersConfigDump',
    normalise: (s) =>
      sorted(
        'dynamic_listeners',
        list(s.dynamic_listeners)
          .filter((l) => l.active_state !== undefined && l.active_state !== null)
          .map((l) => {
            const active = without(l.active_state as Json, 'version_info', 'last_updated')
            return {n: nameOf(active.listener), v: {...without(l, 'name', 'draining_state'), active_state: active}}
          }),
      ),
  },
  routes: {
    title: 'Routes',
    kind: 'Routes',
    typeName: 'envoy.admin.v3.RoutesConfigDump',
    normalise: (s) =>
      sorted(
        'dynamic_route_configs',
        list(s.dynamic_route_configs).map((r) => {
          const entry = without(r, 'version_info', 'last_updated')
          if (entry.route_config && typeof entry.route_config === 'object') {
            const rc = {...(entry.route_config as Json)}
            if (Array.isArray(rc.virtual_hosts)) rc.virtual_hosts = [...rc.virtual_hosts].sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0))
            entry.route_config = rc
          }
          return {n: nameOf(entry.route_config), v: entry}
        }),
      ),
  },
  endpoints: {
    title: 'Endpoints',
    kind: 'Endpoints',
    typeName: 'envoy.admin.v3.EndpointsConfigDump',
    normalise: (s, side) => {
      // istiod lists its assignments as static endpoint configs (an Envoy dump standing in for istiod's
      // has them as dynamic ones); Envoy's static ones are its bootstrap clusters, never from istiod
      const dynamic = list(s.dynamic_endpoint_configs)
      const configs = side === 'istiod' && dynamic.length === 0 ? list(s.static_endpoint_configs) : dynamic
      return sorted(
        'dynamic_endpoint_configs',
        configs.map((e) => {
          const cla = e.endpoint_config && typeof e.endpoint_config === 'object' ? normaliseAssignment(e.endpoint_config as Json) : e.endpoint_config
          const n = cla && typeof cla === 'object' ? String((cla as Json).cluster_name ?? '') : ''
          return {n, v: {endpoint_config: cla}}
        }),
      )
    },
  },
  secrets: {
    title: 'Secrets',
    kind: 'Secrets',
    typeName: 'envoy.admin.v3.SecretsConfigDump',
    normalise: (s) => {
      const skipped: string[] = []
      const items: Array<{n: string; v: Json}> = []
      for (const e of list(s.dynamic_active_secrets)) {
        const n = typeof e.name === 'string' ? e.name : nameOf(e.secret)
        if (!n.startsWith('kubernetes://')) {
          skipped.push(n)
          continue
        }
        const v = without(e, 'version_info', 'last_updated')
        if (v.secret && typeof v.secret === 'object') v.secret = redactSecret(v.secret as Json)
        items.push({n, v})
      }
      return sorted('dynamic_active_secrets', items, skipped.sort())
    },
  },
}

/** A rendered side: the text to diff, and the canonical JSON of each resource by name. */
interface Rendered {
  text: string
  resources: Map<string, string>
  error?: string
  skipped?: string[]
}

/** Options of the canonical rendering (see the module header). */
const CANONICAL = {order: 'declaration', dropDefaults: true, upgradeTypeUrls: true, unknown: 'canonical'} as const

async function render(dump: ConfigDump, type: CompareType, side: 'istiod' | 'envoy'): Promise<Rendered> {
  const spec = SPECS[type]
  const section = dump.rawSection(spec.kind)
  if (!section) {
    const error = `config dump has no configuration type type.googleapis.com/envoy.admin.v3.${spec.kind}ConfigDump`
    return {text: `${error}\n`, resources: new Map(), error}
  }
  const {renameFields} = await import('../proto/proto-json.js')
  const n = spec.normalise(section, side)
  const converted = renameFields(n.section, spec.typeName, 'camel', CANONICAL) as Json
  const field = Object.keys(converted)[0]
  const items = field === undefined ? [] : list(converted[field])
  const resources = new Map<string, string>()
  n.names.forEach((name, i) => resources.set(resources.has(name) ? `${name} (${i + 1})` : name, JSON.stringify(items[i] ?? null)))
  return {text: toJson(converted), resources, ...(n.skipped ? {skipped: n.skipped} : {})}
}

/** The newest `last_updated` among a dump's dynamic route configs (RFC 3339), if any. */
export function rdsLastLoaded(dump: ConfigDump): string | undefined {
  let best: string | undefined
  let bestMs = -Infinity
  for (const r of list(dump.section('Routes')?.dynamic_route_configs)) {
    const ms = typeof r.last_updated === 'string' ? Date.parse(r.last_updated) : NaN
    if (!Number.isNaN(ms) && ms > bestMs) {
      bestMs = ms
      best = r.last_updated as string
    }
  }
  return best
}

/**
 * Compares istiod's view of a proxy's config with Envoy's, type by type.
 * @param istiod istiod's `/debug/config_dump?proxyID=` (or a saved dump standing for it)
 * @param envoy the proxy's `/config_dump` (with `include_eds` for endpoints)
 * @param types what to compare, in this order
 * @returns one comparison per type; a section missing on a side is reported in it, never thrown
 */
export async function compareDumps(istiod: ConfigDump, envoy: ConfigDump, types: readonly CompareType[]): Promise<TypeComparison[]> {
  const out: TypeComparison[] = []
  for (const type of types) {
    const spec = SPECS[type]
    const [a, b] = [await render(istiod, type, 'istiod'), await render(envoy, type, 'envoy')]
    if (a.error && b.error) {
      const hint = type === 'endpoints' ? ' (save them with config_dump?include_eds=true)' : ''
      out.push({type, title: spec.title, match: true, onlyInIstiod: [], onlyInEnvoy: [], changed: [], diff: '', unavailable: `neither config dump has a ${spec.kind}ConfigDump section${hint}`})
      continue
    }
    const diff = await unifiedDiff(a.text, b.text, {fromFile: `Istiod ${spec.title}`, toFile: `Envoy ${spec.title}`, context: DIFF_CONTEXT})
    const onlyInIstiod = [...a.resources.keys()].filter((k) => !b.resources.has(k))
    const onlyInEnvoy = [...b.resources.keys()].filter((k) => !a.resources.has(k))
    const changed = [...a.resources.keys()].filter((k) => b.resources.has(k) && b.resources.get(k) !== a.resources.get(k))
    const c: TypeComparison = {type, title: spec.title, match: diff === '', onlyInIstiod, onlyInEnvoy, changed, diff}
    if (a.error) c.istiodError = a.error
    if (b.error) c.envoyError = b.error
    if (type === 'routes') {
      const t = rdsLastLoaded(envoy)
      if (t) c.rdsLastLoaded = t
    }
    const skipped = [...new Set([...(a.skipped ?? []), ...(b.skipped ?? [])])].sort()
    if (type === 'secrets') c.notCompared = skipped
    out.push(c)
  }
  return out
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * Formats an instant as Go's `time.RFC1123` in UTC: `Mon, 04 Mar 2024 08:37:44 UTC` (istioctl prints
 * local time; mpx prints UTC so that the output does not depend on the machine's time zone).
 */
export function rfc1123Utc(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC`
}

/** `a, b, c` or `a, b, c, d, e and 7 more`. */
function names(list: string[], max = 5): string {
  return list.length <= max ? list.join(', ') : `${list.slice(0, max).join(', ')} and ${list.length - max} more`
}

/**
 * The one-line summary printed before a diff: which resources differ and how.
 * @returns e.g. `Summary: 1 changed (a), 1 only in Istiod (b), 2 only in Envoy (c, d)`
 */
export function summaryLine(c: TypeComparison): string {
  if (c.istiodError || c.envoyError) {
    return `Summary: ${[c.istiodError ? `Istiod side: ${c.istiodError}` : '', c.envoyError ? `Envoy side: ${c.envoyError}` : ''].filter(Boolean).join('; ')}`
  }
  const parts: string[] = []
  if (c.changed.length) parts.push(`${c.changed.length} changed (${names(c.changed)})`)
  if (c.onlyInIstiod.length) parts.push(`${c.onlyInIstiod.length} only in Istiod (${names(c.onlyInIstiod)})`)
  if (c.onlyInEnvoy.length) parts.push(`${c.onlyInEnvoy.length} only in Envoy (${names(c.onlyInEnvoy)})`)
  if (parts.length === 0) parts.push('same resources, different order or section fields')
  return `Summary: ${parts.join(', ')}`
}

/**
 * Renders the comparisons as istioctl prints them, plus mpx's summary lines: per type `X Match`, or
 * `X Don't Match`, the summary, the diff and a blank line; routes carry ` (RDS last loaded at <time>)`.
 * Secrets note which agent-served secrets were not compared.
 */
export function renderComparisons(results: readonly TypeComparison[]): string {
  let out = ''
  for (const c of results) {
    const suffix = c.type === 'routes' && c.rdsLastLoaded ? ` (RDS last loaded at ${rfc1123Utc(new Date(c.rdsLastLoaded))})` : ''
    const note = c.type === 'secrets' && c.notCompared?.length ? ` (served by the istio-agent, not compared: ${names(c.notCompared)})` : ''
    if (c.unavailable) out += `${c.title} not compared: ${c.unavailable}\n`
    else if (c.match) out += `${c.title} Match${suffix}${note}\n`
    else out += `${c.title} Don't Match${suffix}${note}\n${summaryLine(c)}\n${c.diff}\n`
  }
  return out
}

/** The machine-readable comparison (`-o json|yaml`): one object per type, keyed by type. */
export function comparisonRecord(results: readonly TypeComparison[]): Record<string, unknown> {
  const types: Record<string, unknown> = {}
  for (const c of results) {
    types[c.type] = {
      match: c.match,
      ...(c.unavailable ? {compared: false, reason: c.unavailable} : {}),
      onlyInIstiod: c.onlyInIstiod,
      onlyInEnvoy: c.onlyInEnvoy,
      changed: c.changed,
      ...(c.istiodError ? {istiodError: c.istiodError} : {}),
      ...(c.envoyError ? {envoyError: c.envoyError} : {}),
      ...(c.rdsLastLoaded ? {rdsLastLoaded: c.rdsLastLoaded} : {}),
      ...(c.notCompared ? {notCompared: c.notCompared} : {}),
      diff: c.diff,
    }
  }
  return types
}
