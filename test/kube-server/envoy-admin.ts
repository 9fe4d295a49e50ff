/**
 * Envoy admin API emulation (the handler behind a pod's admin port, default 15000).
 *
 * Implements the parts of Envoy's admin interface istioctl-like tools use, with Envoy's real
 * semantics where it matters:
 * - `GET /config_dump`: `include_eds` (presence, any value), `mask` (FieldMask applied to each
 *   top-level section; sections where a path is not a valid field are **omitted**, as Envoy ≥1.23 does;
 *   none left → 400), `resource` (items of one repeated field, each packed as an Any with its own
 *   `@type`; mask then applies to each item, reaching inside its Any), `name_regex` (RE2 full match on
 *   resource names). Output is pretty JSON with 1-space indentation, like Envoy.
 * - `GET /clusters[?format=json]`, `/listeners[?format=json]`, `/server_info`, `/certs`,
 *   `/stats[?format=json]`, `/stats/prometheus`, `/ready`.
 * - `POST /logging[?level=|?paths=|?<logger>=]` (GET → 405, like Envoy for mutating endpoints).
 * - Unknown path → 404 text.
 */
import {fileURLToPath} from 'node:url'
import type {BodySource, EnvoyAdminSpec, PortHandler, PortResponse} from './types.js'
import {sourceBytes, sourceJson} from './sources.js'

/** Default `/logging` listing: the istioctl fixture when present, else a short built-in list. */
export const DEFAULT_LOGGING_FIXTURE = fileURLToPath(new URL('../fixtures/istioctl/writer/envoy/logging/testdata/logging.txt', import.meta.url))

type Obj = Record<string, unknown>

interface FieldInfo {
  repeated: boolean
  message: boolean
  /** For repeated message fields: the item type name (without type.googleapis.com/). */
  item?: string
}

const ADMIN = 'envoy.admin.v3.'
const rep = (item: string): FieldInfo => ({repeated: true, message: true, item: ADMIN + item})
const scalar: FieldInfo = {repeated: false, message: false}
const msg: FieldInfo = {repeated: false, message: true}

/** Field descriptors of the admin config dump sections (envoy/admin/v3/config_dump*.proto). */
const SECTION_FIELDS: Record<string, Record<string, FieldInfo>> = {
  [ADMIN + 'BootstrapConfigDump']: {bootstrap: msg, last_updated: msg},
  [ADMIN + 'ClustersConfigDump']: {
    version_info: scalar,
    static_clusters: rep('ClustersConfigDump.StaticCluster'),
    dynamic_active_clusters: rep('ClustersConfigDump.DynamicCluster'),
    dynamic_warming_clusters: rep('ClustersConfigDump.DynamicCluster'),
  },
  [ADMIN + 'ListenersConfigDump']: {
    version_info: scalar,
    static_listeners: rep('ListenersConfigDump.StaticListener'),
    dynamic_listeners: rep('ListenersConfigDump.DynamicListener'),
  },
  [ADMIN + 'RoutesConfigDump']: {
    static_route_configs: rep('RoutesConfigDump.StaticRouteConfig'),
    dynamic_route_configs: rep('RoutesConfigDump.DynamicRouteConfig'),
  },
  [ADMIN + 'ScopedRoutesConfigDump']: {
    inline_scoped_route_configs: rep('ScopedRoutesConfigDump.InlineScopedRouteConfigs'),
    dynamic_scoped_route_configs: rep('ScopedRoutesConfigDump.DynamicScopedRouteConfigs'),
  },
  [ADMIN + 'SecretsConfigDump']: {
    static_secrets: rep('SecretsConfigDump.StaticSecret'),
    dynamic_active_secrets: rep('SecretsConfigDump.DynamicSecret'),
    dynamic_warming_secrets: rep('SecretsConfigDump.DynamicSecret'),
  },
  [ADMIN + 'EndpointsConfigDump']: {
    static_endpoint_configs: rep('EndpointsConfigDump.StaticEndpointConfig'),
    dynamic_endpoint_configs: rep('EndpointsConfigDump.DynamicEndpointConfig'),
  },
  [ADMIN + 'EcdsConfigDump']: {ecds_filters: rep('EcdsConfigDump.EcdsFilterConfig')},
}

const ENDPOINTS_TYPE = `type.googleapis.com/${ADMIN}EndpointsConfigDump`

function typeName(section: Obj): string {
  return String(section['@type'] ?? '').replace(/^type\.googleapis\.com\//, '')
}

function fieldsOf(section: Obj): Record<string, FieldInfo> {
  const known = SECTION_FIELDS[typeName(section)]
  if (known) return known
  // Unknown section type: infer from the JSON.
  const out: Record<string, FieldInfo> = {}
  for (const [k, v] of Object.entries(section)) {
    if (k === '@type') continue
    out[k] = Array.isArray(v)
      ? {repeated: true, message: true, item: `${typeName(section)}.${k}`}
      : v !== null && typeof v === 'object'
        ? msg
        : scalar
  }
  return out
}

/** Parses a FieldMask string (`a,b.c`) into paths; empty → []. */
export function parseMask(mask: string): string[][] {
  return mask
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => p.split('.'))
}

/** Keeps only the masked paths of an object (dotted paths descend into non-array objects). Keeps `@type`. */
function trimObject(o: Obj, paths: string[][]): Obj {
  if (paths.length === 0) return o
  const out: Obj = {}
  if ('@type' in o) out['@type'] = o['@type']
  const byHead = new Map<string, string[][]>()
  for (const p of paths) {
    const rest = byHead.get(p[0]!) ?? []
    rest.push(p.slice(1))
    byHead.set(p[0]!, rest)
  }
  for (const [k, v] of Object.entries(o)) {
    const subs = byHead.get(k)
    if (!subs) continue
    if (subs.some((s) => s.length === 0) || v === null || typeof v !== 'object' || Array.isArray(v)) out[k] = v
    else out[k] = trimObject(v as Obj, subs)
  }
  return out
}

function validMaskFor(section: Obj, paths: string[][]): boolean {
  const fields = fieldsOf(section)
  return paths.every((p) => {
    const f = fields[p[0]!]
    if (!f) return false
    if (p.length > 1) return f.message && !f.repeated
    return true
  })
}

/** Name of a config dump resource item (for `name_regex`). */
function itemName(item: Obj): string | undefined {
  if (typeof item.name === 'string') return item.name
  for (const v of Object.values(item)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Obj
      if (typeof o.name === 'string') return o.name
      if (typeof o.cluster_name === 'string') return o.cluster_name
      const l = (o as {listener?: Obj}).listener
      if (l && typeof l.name === 'string') return l.name
    }
  }
  return undefined
}

function filterByName(section: Obj, re: RegExp | undefined): Obj {
  if (!re || typeName(section) === ADMIN + 'BootstrapConfigDump') return section
  const out: Obj = {}
  for (const [k, v] of Object.entries(section)) {
    out[k] = Array.isArray(v) ? v.filter((it) => re.test(itemName(it as Obj) ?? '')) : v
  }
  return out
}

/** Applies Envoy's resource-mode mask to one item: paths into the item's single Any field trim inside it. */
function trimResourceItem(item: Obj, paths: string[][]): Obj {
  if (paths.length === 0) return item
  const outer: string[][] = []
  const inner: string[][] = []
  let anyField: string | undefined
  for (const p of paths) {
    const v = item[p[0]!]
    const isAny = v !== null && typeof v === 'object' && !Array.isArray(v) && '@type' in (v as Obj)
    if (isAny && p.length > 1) {
      anyField = p[0]
      outer.push([p[0]!])
      inner.push(p.slice(1))
    } else outer.push(p)
  }
  const trimmed = trimObject(item, outer)
  if (anyField && trimmed[anyField]) trimmed[anyField] = trimObject(trimmed[anyField] as Obj, inner)
  return trimmed
}

/** Response of {@link configDumpResponse}. */
export interface DumpResult {
  status: number
  body: Buffer
  json: boolean
}

const dumpCache = new WeakMap<object, Map<string, DumpResult>>()

/**
 * Computes Envoy's `/config_dump` answer for a dump and query (cached per dump source and query).
 */
export function configDumpResponse(src: BodySource, query: URLSearchParams): DumpResult {
  const key = [...query.entries()]
    .filter(([k]) => ['include_eds', 'mask', 'resource', 'name_regex'].includes(k))
    .map(([k, v]) => `${k}=${k === 'include_eds' ? '' : v}`)
    .sort()
    .join('&')
  const cacheKey = (typeof src === 'string' ? sourceBytes(src) : src) as object
  let perDump = dumpCache.get(cacheKey)
  if (!perDump) {
    perDump = new Map()
    dumpCache.set(cacheKey, perDump)
  }
  const hit = perDump.get(key)
  if (hit) return hit
  const res = computeDump(src, query)
  // Cache only small-ish variants plus the common ones; big raw bodies are returned by reference.
  perDump.set(key, res)
  return res
}

function text(status: number, s: string): DumpResult {
  return {status, body: Buffer.from(s), json: false}
}

function computeDump(src: BodySource, q: URLSearchParams): DumpResult {
  const includeEds = q.has('include_eds')
  const mask = q.get('mask')
  const resource = q.get('resource')
  const nameRegex = q.get('name_regex')
  let re: RegExp | undefined
  if (nameRegex) {
    try {
      re = new RegExp(`^(?:${nameRegex})$`)
    } catch (e) {
      return text(400, `INVALID_ARGUMENT: Error while parsing name_regex from ${nameRegex}: ${(e as Error).message}`)
    }
  }
  // Fast path (no parse, so huge Buffers stay cheap): the stored bytes are what Envoy would send
  // (modulo whitespace) when nothing has to be filtered out.
  if (!mask && !resource && !re && (includeEds || !sourceBytes(src).includes('EndpointsConfigDump'))) {
    return {status: 200, body: sourceBytes(src), json: true}
  }
  const dump = sourceJson(src) as {configs?: Obj[]}
  const all = dump.configs ?? []
  let sections = all.filter((c) => includeEds || c['@type'] !== ENDPOINTS_TYPE).map((c) => filterByName(c, re))
  const paths = mask ? parseMask(mask) : []
  if (resource) {
    for (const section of sections) {
      const f = fieldsOf(section)[resource]
      if (!f) continue
      if (!f.repeated) return text(400, `${resource} is not a repeated field. Use ?mask=${resource} to get only this field`)
      const items = ((section[resource] as Obj[] | undefined) ?? []).map((it) => ({
        '@type': `type.googleapis.com/${f.item}`,
        ...trimResourceItem(it, paths),
      }))
      return {status: 200, body: Buffer.from(JSON.stringify({configs: items}, null, 1)), json: true}
    }
    return text(404, `${resource} not found in config dump`)
  }
  if (mask !== null && paths.length > 0) {
    sections = sections.filter((s) => validMaskFor(s, paths)).map((s) => trimObject(s, paths))
    if (sections.length === 0) return text(400, `FieldMask ${mask} could not be successfully applied to any configs.`)
  }
  return {status: 200, body: Buffer.from(JSON.stringify({configs: sections}, null, 1)), json: true}
}

const MAXU32 = 4294967295

/** Derives Envoy's `/clusters?format=json` from a config dump (clusters + their endpoints). */
export function deriveClustersJson(dumpSrc: BodySource | undefined): Obj {
  const dump = (dumpSrc === undefined ? {configs: []} : sourceJson(dumpSrc)) as {configs?: Obj[]}
  const configs = dump.configs ?? []
  const cds = configs.find((c) => typeName(c) === ADMIN + 'ClustersConfigDump') ?? {}
  const eds = configs.find((c) => c['@type'] === ENDPOINTS_TYPE) ?? {}
  const cla = new Map<string, Obj>()
  for (const k of ['static_endpoint_configs', 'dynamic_endpoint_configs']) {
    for (const e of (eds[k] as Obj[] | undefined) ?? []) {
      const c = e.endpoint_config as Obj | undefined
      if (c && typeof c.cluster_name === 'string') cla.set(c.cluster_name, c)
    }
  }
  const statuses: Obj[] = []
  const add = (items: Obj[] | undefined, viaApi: boolean) => {
    for (const it of items ?? []) {
      const c = it.cluster as Obj | undefined
      if (!c || typeof c.name !== 'string') continue
      const edsName = ((c.eds_cluster_config as Obj | undefined)?.service_name as string | undefined) ?? undefined
      const assignment = cla.get(edsName ?? c.name) ?? (c.load_assignment as Obj | undefined)
      const hosts: Obj[] = []
      for (const loc of (assignment?.endpoints as Obj[] | undefined) ?? []) {
        for (const lb of (loc.lb_endpoints as Obj[] | undefined) ?? []) {
          const ep = lb.endpoint as Obj | undefined
          if (!ep?.address) continue
          hosts.push({
            address: ep.address,
            stats: [
              {name: 'cx_connect_fail'},
              {name: 'cx_total'},
              {name: 'rq_error'},
              {name: 'rq_success'},
              {name: 'rq_timeout'},
              {name: 'rq_total'},
              {type: 'GAUGE', name: 'cx_active'},
              {type: 'GAUGE', name: 'rq_active'},
            ],
            health_status: {eds_health_status: (lb.health_status as string | undefined) ?? 'HEALTHY'},
            weight: (lb.load_balancing_weight as number | undefined) ?? 1,
            locality: (loc.locality as Obj | undefined) ?? {},
          })
        }
      }
      statuses.push({
        name: c.name,
        ...(viaApi ? {added_via_api: true} : {}),
        ...(hosts.length ? {host_statuses: hosts} : {}),
        circuit_breakers: {
          thresholds: [
            {max_connections: MAXU32, max_pending_requests: MAXU32, max_requests: MAXU32, max_retries: MAXU32},
            {priority: 'HIGH', max_connections: 1024, max_pending_requests: 1024, max_requests: 1024, max_retries: 3},
          ],
        },
        observability_name: (c.alt_stat_name as string | undefined) ?? c.name,
        ...(edsName ? {eds_service_name: edsName} : {}),
      })
    }
  }
  add(cds.static_clusters as Obj[] | undefined, false)
  add(cds.dynamic_active_clusters as Obj[] | undefined, true)
  return {cluster_statuses: statuses}
}

/** Renders `/clusters` text from its JSON form. */
export function clustersText(json: Obj): string {
  const lines: string[] = []
  for (const c of (json.cluster_statuses as Obj[] | undefined) ?? []) {
    const n = String(c.name)
    lines.push(`${n}::observability_name::${String(c.observability_name ?? n)}`)
    const th = ((c.circuit_breakers as Obj | undefined)?.thresholds as Obj[] | undefined) ?? []
    for (const t of th) {
      const prio = t.priority === 'HIGH' ? 'high_priority' : 'default_priority'
      for (const k of ['max_connections', 'max_pending_requests', 'max_requests', 'max_retries']) lines.push(`${n}::${prio}::${k}::${String(t[k])}`)
    }
    lines.push(`${n}::added_via_api::${c.added_via_api ? 'true' : 'false'}`)
    if (c.eds_service_name) lines.push(`${n}::eds_service_name::${String(c.eds_service_name)}`)
    for (const h of (c.host_statuses as Obj[] | undefined) ?? []) {
      const sa = ((h.address as Obj | undefined)?.socket_address as Obj | undefined) ?? {}
      const addr = `${String(sa.address ?? '')}:${String(sa.port_value ?? 0)}`
      for (const s of (h.stats as Obj[] | undefined) ?? []) lines.push(`${n}::${addr}::${String(s.name)}::${String(s.value ?? 0)}`)
      const hs = String((h.health_status as Obj | undefined)?.eds_health_status ?? 'HEALTHY')
      lines.push(`${n}::${addr}::health_flags::${hs === 'HEALTHY' ? 'healthy' : `/${hs.toLowerCase()}`}`)
      lines.push(`${n}::${addr}::weight::${String(h.weight ?? 1)}`)
      const loc = (h.locality as Obj | undefined) ?? {}
      lines.push(`${n}::${addr}::region::${String(loc.region ?? '')}`)
      lines.push(`${n}::${addr}::zone::${String(loc.zone ?? '')}`)
      lines.push(`${n}::${addr}::sub_zone::${String(loc.sub_zone ?? '')}`)
      lines.push(`${n}::${addr}::canary::false`)
      lines.push(`${n}::${addr}::priority::0`)
      lines.push(`${n}::${addr}::success_rate::-1`)
      lines.push(`${n}::${addr}::local_origin_success_rate::-1`)
    }
  }
  return lines.map((l) => `${l}\n`).join('')
}

/** Derives `/listeners?format=json` from a config dump. */
export function deriveListenersJson(dumpSrc: BodySource | undefined): Obj {
  const dump = (dumpSrc === undefined ? {configs: []} : sourceJson(dumpSrc)) as {configs?: Obj[]}
  const lds = (dump.configs ?? []).find((c) => typeName(c) === ADMIN + 'ListenersConfigDump') ?? {}
  const out: Obj[] = []
  for (const s of (lds.static_listeners as Obj[] | undefined) ?? []) {
    const l = s.listener as Obj | undefined
    if (l) out.push({name: l.name ?? '', local_address: l.address ?? {}})
  }
  for (const d of (lds.dynamic_listeners as Obj[] | undefined) ?? []) {
    const l = (d.active_state as Obj | undefined)?.listener as Obj | undefined
    if (l) out.push({name: l.name ?? d.name, local_address: l.address ?? {}})
  }
  return {listener_statuses: out}
}

/** Pod facts used to synthesise defaults. */
export interface AdminPodInfo {
  name: string
  namespace: string
  podIP: string
  labels: Record<string, string>
}

function defaultServerInfo(spec: EnvoyAdminSpec, pod: AdminPodInfo): Obj {
  let node: Obj | undefined
  if (spec.configDump !== undefined) {
    const configs = ((sourceJson(spec.configDump) as {configs?: Obj[]}).configs ?? []) as Obj[]
    const b = configs.find((c) => typeName(c) === ADMIN + 'BootstrapConfigDump')
    node = (b?.bootstrap as Obj | undefined)?.node as Obj | undefined
  }
  node ??= {
    id: `sidecar~${pod.podIP}~${pod.name}.${pod.namespace}~${pod.namespace}.svc.cluster.local`,
    cluster: `${pod.labels.app ?? pod.name}.${pod.namespace}`,
    metadata: {
      NAME: pod.name,
      NAMESPACE: pod.namespace,
      CLUSTER_ID: 'Kubernetes',
      ISTIO_VERSION: '1.24.0',
      LABELS: pod.labels,
    },
    user_agent_name: 'envoy',
  }
  return {
    version: '6c72b2179f5a58988b920a55b0be8346de3f7b35/1.32.3-dev/Clean/RELEASE/BoringSSL',
    state: 'LIVE',
    hot_restart_version: 'disabled',
    command_line_options: {
      base_id: '0',
      concurrency: 2,
      config_path: '/etc/istio/proxy/envoy-rev.json',
      config_yaml: '',
      allow_unknown_static_fields: false,
      admin_address_path: '',
      local_address_ip_version: 'v4',
      log_level: 'warning',
      component_log_level: 'misc:error',
      log_format: '%Y-%m-%dT%T.%fZ\t%l\tenvoy %n %g:%#\t%v\tthread=%t',
      log_path: '',
      service_cluster: '',
      service_node: '',
      service_zone: '',
      mode: 'Serve',
      disable_hot_restart: true,
      enable_mutex_tracing: false,
      restart_epoch: 0,
      cpuset_threads: false,
      file_flush_interval: '10s',
      drain_time: '45s',
      drain_strategy: 'Immediate',
      parent_shutdown_time: '60s',
    },
    node,
    uptime_current_epoch: '3600s',
    uptime_all_epochs: '3600s',
  }
}

const DEFAULT_STATS = {
  stats: [
    {name: 'cluster_manager.cds.update_success', value: 5},
    {name: 'cluster_manager.cds.update_rejected', value: 0},
    {name: 'listener_manager.lds.update_success', value: 5},
    {name: 'listener_manager.lds.update_rejected', value: 0},
    {name: 'server.live', value: 1},
    {name: 'server.state', value: 0},
    {name: 'server.uptime', value: 3600},
    {name: 'server.concurrency', value: 2},
  ],
}

function statsText(json: Obj): string {
  return (((json.stats as Obj[] | undefined) ?? []).filter((s) => 'value' in s) as Array<{name: string; value: unknown}>)
    .map((s) => `${s.name}: ${String(s.value)}\n`)
    .join('')
}

function statsPrometheus(json: Obj): string {
  return (((json.stats as Obj[] | undefined) ?? []).filter((s) => 'value' in s) as Array<{name: string; value: unknown}>)
    .map((s) => {
      const n = `envoy_${s.name.replace(/[^a-zA-Z0-9_]/g, '_')}`
      return `# TYPE ${n} ${/\.(live|state|uptime|concurrency)$/.test(s.name) ? 'gauge' : 'counter'}\n${n}{} ${String(s.value)}\n`
    })
    .join('')
}

const LEVELS = ['trace', 'debug', 'info', 'warning', 'error', 'critical', 'off']

function parseLoggers(listing: string): Array<[string, string]> {
  const out: Array<[string, string]> = []
  for (const line of listing.split('\n')) {
    const m = /^\s+([^:\s]+):\s*(\S+)\s*$/.exec(line)
    if (m) out.push([m[1]!, m[2]!])
  }
  return out
}

const JSON_HEADERS = {'content-type': 'application/json', 'cache-control': 'no-cache, max-age=0', 'x-content-type-options': 'nosniff', server: 'envoy'}
const TEXT_HEADERS = {'content-type': 'text/plain; charset=UTF-8', 'cache-control': 'no-cache, max-age=0', 'x-content-type-options': 'nosniff', server: 'envoy'}

function jsonRes(body: Buffer | Obj, status = 200): PortResponse {
  return {status, headers: JSON_HEADERS, body: Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body, null, 1))}
}

function textRes(body: string | Buffer, status = 200): PortResponse {
  return {status, headers: TEXT_HEADERS, body}
}

const HELP =
  'invalid path. admin commands are:\n' +
  '  /: Admin home page\n  /certs: print certs on machine\n  /clusters: upstream cluster status\n' +
  '  /config_dump: dump current Envoy configs (experimental)\n  /listeners: print listener info\n' +
  '  /logging (POST): query/change logging levels\n  /ready: print server state, return 200 if LIVE, otherwise return 503\n' +
  '  /server_info: print server version/status information\n  /stats: print server stats\n  /stats/prometheus: print server stats in prometheus format\n'

const MUTATING = new Set(['/logging', '/reset_counters', '/quitquitquit', '/healthcheck/fail', '/healthcheck/ok', '/drain_listeners', '/runtime_modify', '/cpuprofiler', '/heapprofiler'])

/**
 * Builds the Envoy admin handler for one pod.
 * @param spec content sources (see {@link EnvoyAdminSpec}); missing ones are synthesised.
 * @param pod pod facts for synthesised `/server_info`.
 */
export function envoyAdminHandler(spec: EnvoyAdminSpec, pod: AdminPodInfo): PortHandler {
  let loggers: Array<[string, string]> | undefined
  const getLoggers = (): Array<[string, string]> => {
    if (!loggers) {
      let listing = ''
      if (spec.logging !== undefined) listing = sourceBytes(spec.logging).toString('utf8')
      else {
        try {
          listing = sourceBytes(DEFAULT_LOGGING_FIXTURE).toString('utf8')
        } catch {
          listing = 'active loggers:\n  admin: warning\n  config: warning\n  connection: warning\n  http: warning\n  misc: error\n  upstream: warning\n'
        }
      }
      loggers = parseLoggers(listing)
    }
    return loggers
  }
  const listing = () => `active loggers:\n${getLoggers().map(([n, l]) => `  ${n}: ${l}\n`).join('')}\n`
  let clustersCache: Obj | undefined
  const clustersJson = (): Obj => (clustersCache ??= spec.clusters !== undefined ? (sourceJson(spec.clusters) as Obj) : deriveClustersJson(spec.configDump))

  return (req) => {
    const path = req.path.replace(/\/+$/, '') || '/'
    const extra = spec.paths?.[path]
    if (extra !== undefined) {
      if (typeof extra === 'function') return extra(req)
      const b = sourceBytes(extra as BodySource)
      return /^\s*[[{]/.test(b.subarray(0, 64).toString()) ? jsonRes(b) : textRes(b)
    }
    if (MUTATING.has(path) && req.method !== 'POST') return textRes(`Method ${req.method} not allowed, POST required.`, 405)
    const fmt = req.query.get('format')
    switch (path) {
      case '/config_dump': {
        const r = configDumpResponse(spec.configDump ?? {configs: []}, req.query)
        return r.json ? jsonRes(r.body, r.status) : textRes(r.body, r.status)
      }
      case '/clusters':
        if (fmt === 'json') return spec.clusters !== undefined ? jsonRes(sourceBytes(spec.clusters)) : jsonRes(clustersJson())
        return textRes(spec.clustersText !== undefined ? sourceBytes(spec.clustersText) : clustersText(clustersJson()))
      case '/listeners': {
        const j = spec.listeners !== undefined ? (sourceJson(spec.listeners) as Obj) : deriveListenersJson(spec.configDump)
        if (fmt === 'json') return spec.listeners !== undefined ? jsonRes(sourceBytes(spec.listeners)) : jsonRes(j)
        const ls = (j.listener_statuses as Obj[] | undefined) ?? []
        return textRes(
          ls
            .map((l) => {
              const sa = ((l.local_address as Obj | undefined)?.socket_address as Obj | undefined) ?? {}
              return `${String(l.name)}::${String(sa.address ?? '')}:${String(sa.port_value ?? 0)}\n`
            })
            .join(''),
        )
      }
      case '/server_info':
        return spec.serverInfo !== undefined ? jsonRes(sourceBytes(spec.serverInfo)) : jsonRes(defaultServerInfo(spec, pod))
      case '/certs':
        return spec.certs !== undefined ? jsonRes(sourceBytes(spec.certs)) : jsonRes({certificates: []})
      case '/ready':
        return textRes('LIVE\n')
      case '/stats': {
        if (fmt === 'json') return spec.stats !== undefined ? jsonRes(sourceBytes(spec.stats)) : jsonRes(DEFAULT_STATS)
        if (fmt === 'prometheus') return textRes(statsPrometheus((spec.stats !== undefined ? sourceJson(spec.stats) : DEFAULT_STATS) as Obj))
        if (spec.statsText !== undefined) return textRes(sourceBytes(spec.statsText))
        return textRes(statsText((spec.stats !== undefined ? sourceJson(spec.stats) : DEFAULT_STATS) as Obj))
      }
      case '/stats/prometheus':
        if (spec.statsPrometheus !== undefined) return textRes(sourceBytes(spec.statsPrometheus))
        return textRes(statsPrometheus((spec.stats !== undefined ? sourceJson(spec.stats) : DEFAULT_STATS) as Obj))
      case '/logging': {
        const params = [...req.query.entries()]
        if (params.length === 0) return textRes(listing())
        const err = changeLogLevel(getLoggers(), params)
        if (err) {
          return textRes(
            `error: ${err}\n\n` +
              'usage: /logging?<name>=<level> (change single level)\n' +
              'usage: /logging?paths=name1:level1,name2:level2,... (change multiple levels)\n' +
              'usage: /logging?level=<level> (change all levels)\n' +
              `levels: ${LEVELS.map((l) => `${l} `).join('')}\n` +
              listing(),
            400,
          )
        }
        return textRes(listing())
      }
      default:
        return textRes(HELP, 404)
    }
  }
}

function changeLogLevel(loggers: Array<[string, string]>, params: Array<[string, string]>): string | undefined {
  if (params.length !== 1) return 'invalid number of parameters'
  const [key, value] = params[0]!
  if (key === 'level') {
    if (!LEVELS.includes(value)) return 'unknown log level'
    for (const l of loggers) l[1] = value
    return undefined
  }
  const changes = new Map<string, string>()
  if (key === 'paths') {
    for (const pair of value.split(',').filter((p) => p.trim() !== '')) {
      const i = pair.indexOf(':')
      const name = i < 0 ? pair : pair.slice(0, i)
      const level = i < 0 ? '' : pair.slice(i + 1)
      if (!name || !level) return 'empty logger name or empty logger level'
      if (!LEVELS.includes(level)) return 'unknown log level'
      changes.set(name, level)
    }
  } else {
    if (!LEVELS.includes(value)) return 'unknown log level'
    changes.set(key, value)
  }
  const targets = loggers.filter((l) => changes.has(l[0]))
  if (targets.length !== changes.size) return 'unknown logger name'
  for (const l of targets) l[1] = changes.get(l[0])!
  return undefined
}
