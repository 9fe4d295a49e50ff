/**
 * The ztunnel admin `/config_dump` model (ztunnel's admin port 15000).
 *
 * A ztunnel dump is a JSON object `{"workloads", "services", "policies", "certificates", "workloadState"}`.
 * Current ztunnel prints `workloads`, `services` and `policies` as lists; older ones as maps keyed by
 * `network/ip` (services: `network/vip`; both are read, a map as the list of its values in document
 * order, as istioctl's `unmarshalListOrMap`). The shapes follow istioctl's structs
 * (`istioctl/pkg/writer/ztunnel/configdump/api.go`): each record is normalised to exactly what Go's
 * `encoding/json` would marshal back from them (fields in struct order, missing strings `""`, missing
 * lists and maps `null`, `omitempty` fields left out), so `-o json` prints what istioctl prints.
 *
 * Sections are validated and normalised only when a view reads them (a 20,000-workload dump costs one
 * pass over its workloads); a field of the wrong type is an {@link InputError} naming its path
 * (`malformed ztunnel config dump: workloads["network1/10.244.2.54"].workloadIps is a string, expected a list`).
 */
import {InputError} from '../errors.js'

/** A JSON object as read. */
type Obj = {readonly [k: string]: unknown}

/** `Locality` (every field omitempty). */
export interface Locality {
  readonly region?: string
  readonly zone?: string
  readonly subzone?: string
}

/** `GatewayAddress`: a waypoint or network gateway, `destination` being `network/ip` or `namespace/hostname`. */
export interface GatewayAddress {
  readonly destination: string
}

/** `ApplicationTunnel`. */
export interface ApplicationTunnel {
  readonly protocol: string
  readonly port?: number
}

/** One workload (`ZtunnelWorkload`), keys in Go's marshal order. */
export interface ZtunnelWorkload {
  readonly uid: string
  readonly workloadIps: readonly string[] | null
  readonly waypoint?: GatewayAddress
  readonly networkGateway?: GatewayAddress
  readonly protocol: string
  readonly name: string
  readonly namespace: string
  readonly serviceAccount: string
  readonly workloadName: string
  readonly workloadType: string
  readonly canonicalName: string
  readonly canonicalRevision: string
  readonly clusterId: string
  readonly trustDomain?: string
  readonly locality: Locality
  readonly node: string
  readonly network?: string
  readonly status: string
  readonly hostname: string
  readonly capacity: number
  readonly applicationTunnel: ApplicationTunnel
  readonly authorizationPolicies?: readonly string[]
}

/** `LoadBalancer` of a service. */
export interface LoadBalancer {
  readonly mode: string
  readonly routingPreferences: readonly string[] | null
  readonly healthPolicy: string
}

/** One endpoint of a service (`ZtunnelEndpoint`); `port` maps service port to target port. */
export interface ZtunnelEndpoint {
  readonly workloadUid: string
  readonly service: string
  readonly address?: string
  readonly port: {readonly [servicePort: string]: number} | null
}

/** One service (`ZtunnelService`). `vips` are `network/ip`; `cidrVips` print as `network/cidr`. */
export interface ZtunnelService {
  readonly name: string
  readonly namespace: string
  readonly hostname: string
  readonly vips: readonly string[] | null
  readonly cidrVips?: readonly string[]
  readonly ports: {readonly [port: string]: number} | null
  readonly loadBalancer?: LoadBalancer
  readonly waypoint?: GatewayAddress
  readonly endpoints: {readonly [key: string]: ZtunnelEndpoint | null} | null
  readonly subjectAltNames?: readonly string[]
  readonly ipFamilies: string
  readonly canonical?: boolean
  readonly visibility?: string
}

/** A ztunnel `StringMatch` (`{"Exact": "x"}`, `{"Prefix": ...}`, `{"Suffix": ...}`, `{"Presence": ...}`). */
export interface StringMatch {
  readonly Exact?: string
  readonly Suffix?: string
  readonly Prefix?: string
  readonly Presence?: unknown
}

/** `ServiceAccountMatch`. */
export interface ServiceAccountMatch {
  readonly namespace: string
  readonly serviceAccount: string
}

/** One match of a policy rule (`PolicyMatch`, every field omitempty). */
export interface PolicyMatch {
  readonly namespaces?: readonly StringMatch[]
  readonly notNamespaces?: readonly StringMatch[]
  readonly principals?: readonly StringMatch[]
  readonly notPrincipals?: readonly StringMatch[]
  readonly sourceIps?: readonly string[]
  readonly notSourceIps?: readonly string[]
  readonly destinationIps?: readonly string[]
  readonly notDestinationIps?: readonly string[]
  readonly destinationPorts?: readonly number[]
  readonly notDestinationPorts?: readonly number[]
  readonly serviceAccounts?: readonly ServiceAccountMatch[]
  readonly notServiceAccounts?: readonly ServiceAccountMatch[]
}

/** One authorization policy (`ZtunnelPolicy`): rules are OR of AND of OR of matches. */
export interface ZtunnelPolicy {
  readonly name: string
  readonly namespace: string
  readonly scope: string
  readonly action: string
  readonly rules: ReadonlyArray<ReadonlyArray<ReadonlyArray<PolicyMatch | null>>> | null
}

/** One certificate (`Cert`): serial number in decimal, times RFC 3339. */
export interface Cert {
  readonly pem: string
  readonly serialNumber: string
  readonly validFrom: string
  readonly expirationTime: string
}

/** The certificates of one identity (`CertsDump`); `state` is `Available`, `Initializing` or `Unavailable: why`. */
export interface CertsDump {
  readonly identity: string
  readonly state: string
  readonly certChain: readonly Cert[] | null
  readonly rootCerts: readonly Cert[] | null
}

/** One connection of a workload (`InboundConnection` / `OutboundConnection`), addresses `ip:port`. */
export interface Connection {
  readonly src: string
  readonly originalDst: string
  readonly actualDst: string
  readonly protocol: string
}

/** The state of one local workload (`WorkloadState`). */
export interface WorkloadState {
  readonly state?: string
  readonly connections: {readonly inbound: readonly Connection[] | null; readonly outbound: readonly Connection[] | null}
  readonly info: {readonly name: string; readonly namespace: string; readonly trustDomain: string; readonly serviceAccount: string}
}

/**
 * The fields of a workload the tables read: the document's own object, checked in place (no copy; a
 * table of 20,000 workloads then costs little beyond parsing). Missing fields are undefined or null.
 */
export interface WorkloadSummary {
  readonly uid?: string | null
  readonly name?: string | null
  readonly namespace?: string | null
  readonly workloadIps?: readonly string[] | null
  readonly hostname?: string | null
  readonly node?: string | null
  readonly protocol?: string | null
  readonly status?: string | null
  readonly waypoint?: {readonly destination?: string | null} | null
}

/** The fields of a service the workload and connection tables read (checked in place, see {@link WorkloadSummary}). */
export interface ServiceSummary {
  readonly name?: string | null
  readonly namespace?: string | null
  readonly hostname?: string | null
  readonly vips?: readonly string[] | null
  readonly waypoint?: {readonly destination?: string | null} | null
}

/** The sections of a ztunnel dump (and their in-place summaries). */
export type ZtunnelSection = 'workloads' | 'services' | 'policies' | 'certificates' | 'workloadState' | 'workloadSummaries' | 'serviceSummaries'

/** Whether a parsed document looks like a ztunnel `/config_dump` (and not an Envoy one or its `/certs`). */
export function isZtunnelDump(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  const v = value as Obj
  if (v.configs !== undefined) return false
  for (const k of ['workloads', 'services', 'policies', 'workloadState', 'workloadstate']) {
    const s = v[k]
    if (s !== undefined && s !== null && typeof s === 'object') return true
  }
  const certs = v.certificates
  return Array.isArray(certs) && certs.length > 0 && certs.every((c) => c !== null && typeof c === 'object' && 'identity' in c && !('cert_chain' in c) && !('ca_cert' in c))
}

// ---- validation helpers: the path is built only when a field is wrong ----

type Path = () => string

function kindOf(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'a list'
  if (typeof v === 'object') return 'an object'
  if (typeof v === 'string') return 'a string'
  if (typeof v === 'number') return 'a number'
  if (typeof v === 'boolean') return 'a boolean'
  return typeof v
}

function bad(path: string, v: unknown, expected: string): never {
  throw new InputError(`malformed ztunnel config dump: ${path} is ${kindOf(v)}, expected ${expected}`, 'MALFORMED')
}

const keyPath = (base: Path, key: string): string => `${base()}.${key}`

function str(o: Obj, key: string, path: Path): string {
  const v = o[key]
  if (typeof v === 'string') return v
  if (v === undefined || v === null) return ''
  return bad(keyPath(path, key), v, 'a string')
}

function bool(o: Obj, key: string, path: Path): boolean {
  const v = o[key]
  if (typeof v === 'boolean') return v
  if (v === undefined || v === null) return false
  return bad(keyPath(path, key), v, 'a boolean')
}

function uint(v: unknown, path: () => string, max: number): number {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max) return v
  return bad(path(), v, `an integer from 0 to ${max}`)
}

function obj(v: unknown, path: () => string): Obj {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Obj
  return bad(path(), v, 'an object')
}

function list<T>(o: Obj, key: string, path: Path, item: (v: unknown, p: () => string) => T): T[] | null {
  const v = o[key]
  if (v === undefined || v === null) return null
  if (!Array.isArray(v)) return bad(keyPath(path, key), v, 'a list')
  const out = new Array<T>(v.length)
  for (let i = 0; i < v.length; i++) out[i] = item(v[i], () => `${keyPath(path, key)}[${i}]`)
  return out
}

const strItem = (v: unknown, p: () => string): string => (typeof v === 'string' ? v : v === null ? '' : bad(p(), v, 'a string'))

function strList(o: Obj, key: string, path: Path): string[] | null {
  const v = o[key]
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[]
  return list(o, key, path, strItem)
}

/** Go's `omitempty` for slices: nil and empty are left out. */
function nonEmpty<T>(v: T[] | null): T[] | undefined {
  return v && v.length > 0 ? v : undefined
}

function intMap(o: Obj, key: string, path: Path, keyMax: number | undefined, valueMax: number): {[k: string]: number} | null {
  const v = o[key]
  if (v === undefined || v === null) return null
  const m = obj(v, () => keyPath(path, key))
  const out: {[k: string]: number} = {}
  for (const k in m) {
    if (keyMax !== undefined && !(/^\d+$/.test(k) && Number(k) <= keyMax)) {
      throw new InputError(`malformed ztunnel config dump: ${keyPath(path, key)} has key "${k}", expected a port number`, 'MALFORMED')
    }
    const n = m[k]
    out[k] = typeof n === 'number' && Number.isInteger(n) && Math.abs(n) <= valueMax ? n : uint(n, () => `${keyPath(path, key)}["${k}"]`, valueMax)
  }
  return out
}

function gateway(o: Obj, key: string, path: Path): GatewayAddress | undefined {
  const v = o[key]
  if (v === undefined || v === null) return undefined
  const g = obj(v, () => keyPath(path, key))
  return {destination: str(g, 'destination', () => keyPath(path, key))}
}

/**
 * Reads a section that may be a list or a map (values in document order).
 * @returns null when the section is absent (Go leaves the slice nil), else the items with their paths
 */
function listOrMap(doc: Obj, key: string): Array<{value: unknown; path: Path}> | null {
  const v = doc[key]
  if (v === undefined) return null
  if (v === null) return []
  if (Array.isArray(v)) return v.map((value, i) => ({value, path: () => `${key}[${i}]`}))
  if (typeof v === 'object') return Object.keys(v).map((k) => ({value: (v as Obj)[k], path: () => `${key}[${JSON.stringify(k)}]`}))
  return bad(key, v, 'a list or a map')
}

function checkStr(o: Obj, key: string, path: Path): void {
  const v = o[key]
  if (typeof v !== 'string' && v !== undefined && v !== null) bad(keyPath(path, key), v, 'a string')
}

function checkStrList(o: Obj, key: string, path: Path): void {
  const v = o[key]
  if (v === undefined || v === null) return
  if (!Array.isArray(v)) bad(keyPath(path, key), v, 'a list')
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string' && v[i] !== null) bad(`${keyPath(path, key)}[${i}]`, v[i], 'a string')
}

function checkGateway(o: Obj, key: string, path: Path): void {
  const v = o[key]
  if (v === undefined || v === null) return
  checkStr(obj(v, () => keyPath(path, key)), 'destination', () => keyPath(path, key))
}

function checkWorkloadSummary(v: unknown, path: Path): WorkloadSummary {
  const o = obj(v, path)
  for (const k of ['uid', 'name', 'namespace', 'hostname', 'node', 'protocol', 'status']) checkStr(o, k, path)
  checkStrList(o, 'workloadIps', path)
  checkGateway(o, 'waypoint', path)
  return o as WorkloadSummary
}

function checkServiceSummary(v: unknown, path: Path): ServiceSummary {
  const o = obj(v, path)
  for (const k of ['name', 'namespace', 'hostname']) checkStr(o, k, path)
  checkStrList(o, 'vips', path)
  checkGateway(o, 'waypoint', path)
  return o as ServiceSummary
}

function readWorkload(v: unknown, path: Path): ZtunnelWorkload {
  const o = obj(v, path)
  const loc = o.locality === undefined || o.locality === null ? {} : obj(o.locality, () => keyPath(path, 'locality'))
  const lp = () => keyPath(path, 'locality')
  const region = str(loc, 'region', lp)
  const zone = str(loc, 'zone', lp)
  const subzone = str(loc, 'subzone', lp)
  const at = o.applicationTunnel === undefined || o.applicationTunnel === null ? {} : obj(o.applicationTunnel, () => keyPath(path, 'applicationTunnel'))
  const atp = () => keyPath(path, 'applicationTunnel')
  const tunnelPort = at.port === undefined || at.port === null ? undefined : uint(at.port, () => `${atp()}.port`, 65535)
  const trustDomain = str(o, 'trustDomain', path)
  const network = str(o, 'network', path)
  const authorizationPolicies = nonEmpty(strList(o, 'authorizationPolicies', path))
  const w: {[k: string]: unknown} = {
    uid: str(o, 'uid', path),
    workloadIps: strList(o, 'workloadIps', path),
  }
  const waypoint = gateway(o, 'waypoint', path)
  if (waypoint) w.waypoint = waypoint
  const networkGateway = gateway(o, 'networkGateway', path)
  if (networkGateway) w.networkGateway = networkGateway
  w.protocol = str(o, 'protocol', path)
  w.name = str(o, 'name', path)
  w.namespace = str(o, 'namespace', path)
  w.serviceAccount = str(o, 'serviceAccount', path)
  w.workloadName = str(o, 'workloadName', path)
  w.workloadType = str(o, 'workloadType', path)
  w.canonicalName = str(o, 'canonicalName', path)
  w.canonicalRevision = str(o, 'canonicalRevision', path)
  w.clusterId = str(o, 'clusterId', path)
  if (trustDomain) w.trustDomain = trustDomain
  w.locality = region || zone || subzone ? {...(region && {region}), ...(zone && {zone}), ...(subzone && {subzone})} : {}
  w.node = str(o, 'node', path)
  if (network) w.network = network
  w.status = str(o, 'status', path)
  w.hostname = str(o, 'hostname', path)
  w.capacity = o.capacity === undefined || o.capacity === null ? 0 : uint(o.capacity, () => keyPath(path, 'capacity'), 0xffffffff)
  w.applicationTunnel = tunnelPort === undefined ? {protocol: str(at, 'protocol', atp)} : {protocol: str(at, 'protocol', atp), port: tunnelPort}
  if (authorizationPolicies) w.authorizationPolicies = authorizationPolicies
  return w as unknown as ZtunnelWorkload
}

function readCidrVip(v: unknown, path: () => string): string {
  if (typeof v === 'string') {
    if (!v.includes('/')) throw new InputError(`malformed ztunnel config dump: ${path()} is "${v}", expected network/cidr`, 'MALFORMED')
    return v
  }
  const o = obj(v, path)
  return `${str(o, 'network', path)}/${str(o, 'cidr', path)}`
}

function readEndpoint(v: unknown, path: () => string): ZtunnelEndpoint | null {
  if (v === null) return null
  const o = obj(v, path)
  const address = str(o, 'address', path)
  const e: {[k: string]: unknown} = {workloadUid: str(o, 'workloadUid', path), service: str(o, 'service', path)}
  if (address) e.address = address
  e.port = intMap(o, 'port', path, 65535, 65535)
  return e as unknown as ZtunnelEndpoint
}

function readService(v: unknown, path: Path): ZtunnelService {
  const o = obj(v, path)
  const s: {[k: string]: unknown} = {
    name: str(o, 'name', path),
    namespace: str(o, 'namespace', path),
    hostname: str(o, 'hostname', path),
    vips: strList(o, 'vips', path),
  }
  const cidrVips = nonEmpty(list(o, 'cidrVips', path, readCidrVip))
  if (cidrVips) s.cidrVips = cidrVips
  s.ports = intMap(o, 'ports', path, undefined, Number.MAX_SAFE_INTEGER)
  if (o.loadBalancer !== undefined && o.loadBalancer !== null) {
    const lbp = () => keyPath(path, 'loadBalancer')
    const lb = obj(o.loadBalancer, lbp)
    s.loadBalancer = {mode: str(lb, 'mode', lbp), routingPreferences: strList(lb, 'routingPreferences', lbp), healthPolicy: str(lb, 'healthPolicy', lbp)}
  }
  const waypoint = gateway(o, 'waypoint', path)
  if (waypoint) s.waypoint = waypoint
  if (o.endpoints === undefined || o.endpoints === null) s.endpoints = null
  else {
    const ep = obj(o.endpoints, () => keyPath(path, 'endpoints'))
    const out: {[k: string]: ZtunnelEndpoint | null} = {}
    for (const k in ep) out[k] = readEndpoint(ep[k], () => `${keyPath(path, 'endpoints')}[${JSON.stringify(k)}]`)
    s.endpoints = out
  }
  const sans = nonEmpty(strList(o, 'subjectAltNames', path))
  if (sans) s.subjectAltNames = sans
  s.ipFamilies = str(o, 'ipFamilies', path)
  if (bool(o, 'canonical', path)) s.canonical = true
  const visibility = str(o, 'visibility', path)
  if (visibility) s.visibility = visibility
  return s as unknown as ZtunnelService
}

function readStringMatch(v: unknown, path: () => string): StringMatch {
  const o = obj(v, path)
  const m: {[k: string]: unknown} = {}
  for (const k of ['Exact', 'Suffix', 'Prefix'] as const) {
    const s = str(o, k, path)
    if (s) m[k] = s
  }
  if (o.Presence !== undefined && o.Presence !== null) m.Presence = o.Presence
  return m as StringMatch
}

function readSaMatch(v: unknown, path: () => string): ServiceAccountMatch {
  const o = obj(v, path)
  return {namespace: str(o, 'namespace', path), serviceAccount: str(o, 'serviceAccount', path)}
}

function readPolicyMatch(v: unknown, path: () => string): PolicyMatch | null {
  if (v === null) return null
  const o = obj(v, path)
  const m: {[k: string]: unknown} = {}
  const put = (k: string, x: unknown[] | null) => {
    if (x && x.length > 0) m[k] = x
  }
  put('namespaces', list(o, 'namespaces', path, readStringMatch))
  put('notNamespaces', list(o, 'notNamespaces', path, readStringMatch))
  put('principals', list(o, 'principals', path, readStringMatch))
  put('notPrincipals', list(o, 'notPrincipals', path, readStringMatch))
  put('sourceIps', strList(o, 'sourceIps', path))
  put('notSourceIps', strList(o, 'notSourceIps', path))
  put('destinationIps', strList(o, 'destinationIps', path))
  put('notDestinationIps', strList(o, 'notDestinationIps', path))
  put('destinationPorts', list(o, 'destinationPorts', path, (x, p) => uint(x, p, 65535)))
  put('notDestinationPorts', list(o, 'notDestinationPorts', path, (x, p) => uint(x, p, 65535)))
  put('serviceAccounts', list(o, 'serviceAccounts', path, readSaMatch))
  put('notServiceAccounts', list(o, 'notServiceAccounts', path, readSaMatch))
  return m as PolicyMatch
}

function readPolicy(v: unknown, path: Path): ZtunnelPolicy {
  const o = obj(v, path)
  const listOf = <T>(item: (x: unknown, p: () => string) => T) => (x: unknown, p: () => string): T[] | null => {
    if (x === null) return null
    if (!Array.isArray(x)) return bad(p(), x, 'a list')
    return x.map((e, i) => item(e, () => `${p()}[${i}]`))
  }
  const rules = list(o, 'rules', path, listOf(listOf(readPolicyMatch)))
  return {
    name: str(o, 'name', path),
    namespace: str(o, 'namespace', path),
    scope: str(o, 'scope', path),
    action: str(o, 'action', path),
    rules: rules as ZtunnelPolicy['rules'],
  }
}

function readCert(v: unknown, path: () => string): Cert {
  const o = obj(v, path)
  return {pem: str(o, 'pem', path), serialNumber: str(o, 'serialNumber', path), validFrom: str(o, 'validFrom', path), expirationTime: str(o, 'expirationTime', path)}
}

function readCerts(v: unknown, path: Path): CertsDump {
  const o = obj(v, path)
  return {identity: str(o, 'identity', path), state: str(o, 'state', path), certChain: list(o, 'certChain', path, readCert), rootCerts: list(o, 'rootCerts', path, readCert)}
}

function readConnection(v: unknown, path: () => string): Connection {
  const o = obj(v, path)
  return {src: str(o, 'src', path), originalDst: str(o, 'originalDst', path), actualDst: str(o, 'actualDst', path), protocol: str(o, 'protocol', path)}
}

function readWorkloadState(v: unknown, path: Path): WorkloadState {
  const o = obj(v, path)
  const cp = () => keyPath(path, 'connections')
  const c = o.connections === undefined || o.connections === null ? {} : obj(o.connections, cp)
  const ip = () => keyPath(path, 'info')
  const info = o.info === undefined || o.info === null ? {} : obj(o.info, ip)
  const state = str(o, 'state', path)
  const ws: {[k: string]: unknown} = {}
  if (state) ws.state = state
  ws.connections = {inbound: list(c, 'inbound', cp, readConnection), outbound: list(c, 'outbound', cp, readConnection)}
  ws.info = {name: str(info, 'name', ip), namespace: str(info, 'namespace', ip), trustDomain: str(info, 'trustDomain', ip), serviceAccount: str(info, 'serviceAccount', ip)}
  return ws as unknown as WorkloadState
}

/**
 * A loaded ztunnel config dump. Sections are read (validated, normalised) on first access and cached.
 */
export class ZtunnelDump {
  private cache = new Map<ZtunnelSection, unknown>()

  private constructor(
    /** The document as read (passed through by `zc all -o json|yaml`, as istioctl does). */
    readonly original: Obj,
    /** Where the dump came from, for messages. */
    readonly source: string,
  ) {}

  /**
   * Wraps a parsed document.
   * @param value the parsed `/config_dump` answer of ztunnel (list or map form)
   * @param source `stdin`, a path, or `pod:/config_dump`, for messages
   * @throws InputError when the document is not a ztunnel dump (an Envoy dump is named as such)
   */
  static from(value: unknown, source: string): ZtunnelDump {
    const where = source === 'stdin' ? 'stdin' : `"${source}"`
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new InputError(`${where} is not a ztunnel config dump: expected a JSON object with "workloads", "services", "policies" and "certificates"`, 'NOT_A_DUMP')
    }
    const v = value as Obj
    if (Array.isArray(v.configs)) {
      throw new InputError(`${where} is an Envoy config dump, not a ztunnel one: use \`mpx proxy-config\` (pc) for sidecars, gateways and waypoints`, 'WRONG_DOCUMENT')
    }
    if (!isZtunnelDump(v)) {
      throw new InputError(
        `${where} is not a ztunnel config dump: no "workloads", "services", "policies", "certificates" or "workloadState" (save one with \`kubectl port-forward ZTUNNEL 15000\` and \`curl localhost:15000/config_dump\`)`,
        'NOT_A_DUMP',
      )
    }
    return new ZtunnelDump(v, source)
  }

  private section<T>(name: ZtunnelSection, read: () => T): T {
    if (!this.cache.has(name)) this.cache.set(name, read())
    return this.cache.get(name) as T
  }

  private items<T>(key: string, read: (v: unknown, p: Path) => T): T[] | null {
    const items = listOrMap(this.original, key)
    if (items === null) return null
    const out = new Array<T>(items.length)
    for (let i = 0; i < items.length; i++) {
      const it = items[i]!
      if (it.value === null) throw new InputError(`malformed ztunnel config dump: ${it.path()} is null, expected an object`, 'MALFORMED')
      out[i] = read(it.value, it.path)
    }
    return out
  }

  /** Workloads in document order (`null`: the dump has no `workloads`). @throws InputError for a malformed field */
  get workloads(): readonly ZtunnelWorkload[] | null {
    return this.section('workloads', () => this.items('workloads', readWorkload))
  }

  /** The workloads' table fields, in document order (the document's objects, checked). @throws InputError for a malformed field */
  get workloadSummaries(): readonly WorkloadSummary[] | null {
    if (this.cache.has('workloads')) return this.workloads
    return this.section('workloadSummaries', () => this.items('workloads', checkWorkloadSummary))
  }

  /** The services' names, VIPs and waypoints, in document order (checked in place). @throws InputError for a malformed field */
  get serviceSummaries(): readonly ServiceSummary[] | null {
    if (this.cache.has('services')) return this.services
    return this.section('serviceSummaries', () => this.items('services', checkServiceSummary))
  }

  /** Services in document order. @throws InputError for a malformed field */
  get services(): readonly ZtunnelService[] | null {
    return this.section('services', () => this.items('services', readService))
  }

  /** Authorization policies in document order. @throws InputError for a malformed field */
  get policies(): readonly ZtunnelPolicy[] | null {
    return this.section('policies', () => this.items('policies', readPolicy))
  }

  /** Certificates by identity, in document order. @throws InputError for a malformed field */
  get certificates(): readonly CertsDump[] | null {
    return this.section('certificates', () => this.items('certificates', readCerts))
  }

  /** Local workloads' state and connections, by workload UID (`workloadState`; istioctl also accepts `workloadstate`). */
  get workloadState(): ReadonlyArray<WorkloadState> {
    return this.section('workloadState', () => {
      const key = this.original.workloadState !== undefined ? 'workloadState' : 'workloadstate'
      const v = this.original[key]
      if (v === undefined || v === null) return []
      const m = obj(v, () => key)
      return Object.keys(m).map((k) => readWorkloadState(m[k], () => `${key}[${JSON.stringify(k)}]`))
    })
  }
}
