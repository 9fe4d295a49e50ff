/**
 * The `ztunnel-config` views: istioctl's tables (`istioctl/pkg/writer/ztunnel/configdump/*.go`), their
 * filters and ordering, and `-o json|yaml` (istioctl's structs marshalled back, see {@link ZtunnelDump}).
 */
import {MpxError, UsageError} from '../errors.js'
import {renderColumns} from '../format/columns.js'
import {toJson, toYaml} from '../format/output.js'
import type {Cert, CertsDump, ServiceSummary, WorkloadState, WorkloadSummary, ZtunnelDump, ZtunnelPolicy, ZtunnelService, ZtunnelWorkload} from './config-dump.js'

/** The views of `mpx ztunnel-config` that read a config dump. */
export type ZtunnelView = 'workloads' | 'services' | 'policies' | 'certificates' | 'connections' | 'all'

/** Output formats of the zc views (istioctl's: no `raw`). */
export type ZtunnelOutput = 'short' | 'json' | 'yaml'

/** A workload a view is narrowed to: a workload pod given as target (live), or `name[.namespace]` with `--file`. */
export interface TargetWorkload {
  name: string
  /** Undefined with `--file` and a bare name: any namespace. */
  namespace?: string
}

/** Options of every zc view; filters a view does not have are ignored. */
export interface ZtunnelViewOptions {
  output: ZtunnelOutput
  /** `--workload-namespace` (workloads, connections). */
  workloadNamespace?: string
  /** `--address` (workloads): one of the workload's IPs. */
  address?: string
  /** `--workload-node` (workloads). */
  workloadNode?: string
  /** `--service-namespace` (services). */
  serviceNamespace?: string
  /** `--policy-namespace` (policies). */
  policyNamespace?: string
  /** `--direction` inbound|outbound (connections). */
  direction?: 'inbound' | 'outbound'
  /** `--raw` (connections): IP addresses instead of names. */
  raw?: boolean
  /** `--with-headers` (all). */
  withHeaders?: boolean
  /** Narrows workloads and connections to one workload (as istioctl does for a workload-pod target). */
  target?: TargetWorkload
  /** Instant certificate validity is judged at (default now). */
  now?: Date
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
const eqFold = (a: string, b: string): boolean => a === b || a.toLowerCase() === b.toLowerCase()

/** Fails when filters were given and nothing passed them (mpx's rule for every view; istioctl prints an empty table). */
function requireMatches<T>(what: string, list: T[], given: Array<[string, string | undefined]>): T[] {
  if (list.length > 0) return list
  const set = given.filter(([, v]) => v !== undefined && v !== '')
  if (set.length === 0) return list
  throw new MpxError(`no ${what} found matching ${set.map(([k, v]) => `${k}=${v}`).join(' ')}`, 'NO_MATCH')
}

function targetFlags(o: ZtunnelViewOptions): Array<[string, string | undefined]> {
  return o.target ? [['workload', o.target.namespace ? `${o.target.name}.${o.target.namespace}` : o.target.name]] : []
}

/**
 * The first service (in dump order) whose `namespace/hostname` or one of whose VIPs is a waypoint
 * destination, by destination: istioctl's `waypointName` search, indexed.
 */
function waypointIndex(services: readonly ServiceSummary[]): Map<string, string> {
  const index = new Map<string, string>()
  for (const s of services) {
    const key = `${s.namespace ?? ''}/${s.hostname ?? ''}`
    const name = s.name ?? ''
    if (!index.has(key)) index.set(key, name)
    for (const vip of s.vips ?? []) if (!index.has(vip ?? '')) index.set(vip ?? '', name)
  }
  return index
}

/** istioctl's WAYPOINT column: `None` without a waypoint, the waypoint service's name, `NA` if unknown. */
function waypointName(dest: {readonly destination?: string | null} | null | undefined, index: Map<string, string>): string {
  if (!dest) return 'None'
  return index.get(dest.destination ?? '') ?? 'NA'
}

// ---- workloads ----

/**
 * The workloads passing the filters (`--workload-namespace`, `--address`, `--workload-node`, target),
 * compared case-insensitively as istioctl, in dump order.
 */
export function selectWorkloads<T extends WorkloadSummary = ZtunnelWorkload>(dump: ZtunnelDump, o: ZtunnelViewOptions, summaries = false): T[] {
  const all = ((summaries ? dump.workloadSummaries : dump.workloads) ?? []) as readonly T[]
  const name = o.target?.name
  const namespace = o.target ? o.target.namespace : o.workloadNamespace
  const {address, workloadNode: node} = o
  if (!name && !namespace && !address && !node) return all.slice()
  return all.filter(
    (w) =>
      (!name || eqFold(w.name ?? '', name)) &&
      (!namespace || eqFold(w.namespace ?? '', namespace)) &&
      (!address || (w.workloadIps ?? []).some((ip) => eqFold(ip ?? '', address))) &&
      (!node || eqFold(w.node ?? '', node)),
  )
}

function workloadFilters(o: ZtunnelViewOptions): Array<[string, string | undefined]> {
  return [['--workload-namespace', o.target ? undefined : o.workloadNamespace], ['--address', o.address], ['--workload-node', o.workloadNode], ...targetFlags(o)]
}

/** `NAMESPACE POD NAME ADDRESS NODE WAYPOINT PROTOCOL`, sorted by `namespace.name` then node. */
export function workloadTable(workloads: readonly WorkloadSummary[], services: readonly ServiceSummary[]): string {
  const keyed = workloads.map((w) => ({w, key: `${w.namespace ?? ''}.${w.name ?? ''}`, node: w.node ?? ''}))
  keyed.sort((a, b) => cmp(a.key, b.key) || cmp(a.node, b.node))
  const index = waypointIndex(services)
  const rows: string[][] = [['NAMESPACE', 'POD NAME', 'ADDRESS', 'NODE', 'WAYPOINT', 'PROTOCOL']]
  for (const {w} of keyed) {
    const address = (w.workloadIps ?? []).join(',') || (w.hostname ?? '')
    rows.push([w.namespace ?? '', w.name ?? '', address, w.node ?? '', waypointName(w.waypoint, index), w.protocol ?? ''])
  }
  return renderColumns(rows, 1)
}

// ---- services ----

/** Services in `--service-namespace`, sorted by namespace, name, hostname. */
export function selectServices(dump: ZtunnelDump, o: ZtunnelViewOptions): ZtunnelService[] {
  const ns = o.serviceNamespace
  const list = (dump.services ?? []).filter((s) => !ns || eqFold(s.namespace, ns))
  return list.sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name) || cmp(a.hostname, b.hostname))
}

/** `NAMESPACE SERVICE NAME SERVICE VIP WAYPOINT ENDPOINTS` (ENDPOINTS: healthy/all, health from the workloads). */
export function serviceTable(services: readonly ZtunnelService[], all: readonly ServiceSummary[], workloads: readonly WorkloadSummary[]): string {
  const byUid = new Map<string, WorkloadSummary>()
  for (const w of workloads) byUid.set(w.uid ?? '', w)
  const index = waypointIndex(all)
  const rows: string[][] = [['NAMESPACE', 'SERVICE NAME', 'SERVICE VIP', 'WAYPOINT', 'ENDPOINTS']]
  for (const s of services) {
    const ips = (s.vips ?? []).map((vip) => {
      const i = vip.indexOf('/')
      return i < 0 ? '' : vip.slice(i + 1)
    })
    const endpoints = Object.values(s.endpoints ?? {})
    const healthy = endpoints.filter((e) => e !== null && byUid.get(e.workloadUid)?.status === 'Healthy').length
    rows.push([s.namespace, s.name, ips.join(','), waypointName(s.waypoint, index), `${healthy}/${endpoints.length}`])
  }
  return renderColumns(rows, 1)
}

// ---- policies ----

/** Policies in `--policy-namespace`, sorted by namespace then name. */
export function selectPolicies(dump: ZtunnelDump, o: ZtunnelViewOptions): ZtunnelPolicy[] {
  const ns = o.policyNamespace
  const list = (dump.policies ?? []).filter((p) => !ns || eqFold(p.namespace, ns))
  return list.sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name))
}

/** `NAMESPACE POLICY NAME ACTION SCOPE`. */
export function policyTable(policies: readonly ZtunnelPolicy[]): string {
  return renderColumns([['NAMESPACE', 'POLICY NAME', 'ACTION', 'SCOPE'], ...policies.map((p) => [p.namespace, p.name, p.action, p.scope])], 1)
}

// ---- certificates ----

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/

/** istioctl's VALID CERT: now is strictly between validFrom and expirationTime (false when either is unparsable). */
function certValid(c: Cert, now: Date): boolean {
  if (!RFC3339.test(c.expirationTime) || !RFC3339.test(c.validFrom)) return false
  const t = now.getTime()
  return t > Date.parse(c.validFrom) && t < Date.parse(c.expirationTime)
}

/** A decimal serial number in lower-case hex (Go `%x` of a `big.Int`; `<nil>` when it is not a decimal number). */
function serialHex(serial: string): string {
  if (!/^[+-]?\d+$/.test(serial)) return '<nil>'
  const n = BigInt(serial)
  return n < 0n ? `-${(-n).toString(16)}` : n.toString(16)
}

const na = (v: string): string => v || 'NA'

/**
 * `CERTIFICATE NAME TYPE STATUS VALID CERT SERIAL NUMBER NOT AFTER NOT BEFORE`: one row per certificate
 * (Leaf, Intermediate, Root; in the legacy form without `rootCerts` the last of the chain is the Root),
 * `NA` cells for an identity without certificates; `Unavailable: why` prints as `Unavailable`.
 */
export function certificateTable(certs: readonly CertsDump[], now = new Date()): string {
  const rows: string[][] = [['CERTIFICATE NAME', 'TYPE', 'STATUS', 'VALID CERT', 'SERIAL NUMBER', 'NOT AFTER', 'NOT BEFORE']]
  for (const s of certs) {
    const state = s.state.includes('Unavailable') ? 'Unavailable' : s.state
    const chain = s.certChain ?? []
    if (chain.length === 0) {
      rows.push([s.identity, 'NA', state, 'false', 'NA', 'NA', 'NA'])
      continue
    }
    const legacy = (s.rootCerts ?? []).length === 0
    const row = (c: Cert, type: string) => [s.identity, type, state, String(certValid(c, now)), serialHex(c.serialNumber), na(c.expirationTime), na(c.validFrom)]
    chain.forEach((c, i) => rows.push(row(c, i === 0 ? 'Leaf' : i === chain.length - 1 && legacy ? 'Root' : 'Intermediate')))
    for (const c of s.rootCerts ?? []) rows.push(row(c, 'Root'))
  }
  return renderColumns(rows, 5)
}

// ---- connections ----

/** Local workloads' states in `--workload-namespace` (or the target), sorted by namespace then name. */
export function selectWorkloadStates(dump: ZtunnelDump, o: ZtunnelViewOptions): WorkloadState[] {
  const name = o.target?.name
  const ns = o.target ? o.target.namespace : o.workloadNamespace
  return dump.workloadState
    .filter((s) => (!ns || ns === s.info.namespace) && (!name || eqFold(name, s.info.name)))
    .sort((a, b) => cmp(a.info.namespace, b.info.namespace) || cmp(a.info.name, b.info.name))
}

/** Go's `net.SplitHostPort`: undefined where Go returns an error. */
function splitHostPort(addr: string): [string, string] | undefined {
  if (addr.startsWith('[')) {
    const end = addr.indexOf(']')
    if (end < 0 || addr[end + 1] !== ':') return undefined
    const port = addr.slice(end + 2)
    return port.includes(':') || port.includes('[') || port.includes(']') ? undefined : [addr.slice(1, end), port]
  }
  const i = addr.lastIndexOf(':')
  if (i < 0) return undefined
  const host = addr.slice(0, i)
  return host.includes(':') || host.includes('[') || host.includes(']') ? undefined : [host, addr.slice(i + 1)]
}

const joinHostPort = (host: string, port: string): string => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`)

/**
 * `WORKLOAD DIRECTION LOCAL REMOTE REMOTE TARGET PROTOCOL`: inbound then outbound connections of each
 * local workload; addresses named by service hostname (by first VIP) or workload `name.namespace` (by
 * first IP), unless `raw`. An inbound REMOTE TARGET is printed as ztunnel has it.
 */
export function connectionTable(states: readonly WorkloadState[], dump: ZtunnelDump, o: ZtunnelViewOptions): string {
  const serviceNames = new Map<string, string>()
  const workloadNames = new Map<string, string>()
  if (!o.raw) {
    for (const s of dump.serviceSummaries ?? []) {
      const vip = s.vips?.[0] ?? undefined
      const i = vip === undefined ? -1 : vip.indexOf('/')
      serviceNames.set((i < 0 ? '' : vip!.slice(i + 1)) || 'None', s.hostname ?? '')
    }
    for (const w of dump.workloadSummaries ?? []) workloadNames.set(w.workloadIps?.[0] || 'None', `${w.name ?? ''}.${w.namespace ?? ''}`)
  }
  const lookup = (addr: string): string => {
    if (o.raw) return addr
    const [ip, port] = splitHostPort(addr) ?? ['', '']
    const name = serviceNames.get(ip) ?? workloadNames.get(ip)
    return name === undefined ? addr : joinHostPort(name, port)
  }
  const rows: string[][] = [['WORKLOAD', 'DIRECTION', 'LOCAL', 'REMOTE', 'REMOTE TARGET', 'PROTOCOL']]
  for (const s of states) {
    const name = `${s.info.name}.${s.info.namespace}`
    if (o.direction !== 'outbound') {
      for (const c of s.connections.inbound ?? []) rows.push([name, 'Inbound', lookup(c.actualDst), lookup(c.src), c.originalDst, c.protocol])
    }
    if (o.direction !== 'inbound') {
      for (const c of s.connections.outbound ?? []) rows.push([name, 'Outbound', lookup(c.src), lookup(c.actualDst), lookup(c.originalDst), c.protocol])
    }
  }
  return renderColumns(rows, 1)
}

// ---- rendering ----

async function structured(value: unknown, output: ZtunnelOutput): Promise<string> {
  return output === 'yaml' ? toYaml(value) : toJson(value)
}

/**
 * Renders a zc view of a dump.
 * @returns the whole text to print (tables end in `\n`, no trailing whitespace)
 * @throws MpxError `no workloads found matching --workload-namespace=x` when filters match nothing;
 *   InputError for a malformed section (naming the field path)
 */
export async function renderZtunnelView(view: ZtunnelView, dump: ZtunnelDump, o: ZtunnelViewOptions): Promise<string> {
  const short = o.output === 'short'
  switch (view) {
    case 'workloads': {
      if (short) return workloadTable(requireMatches('workloads', selectWorkloads<WorkloadSummary>(dump, o, true), workloadFilters(o)), dump.serviceSummaries ?? [])
      return structured(requireMatches('workloads', selectWorkloads(dump, o), workloadFilters(o)), o.output)
    }
    case 'services': {
      const list = requireMatches('services', selectServices(dump, o), [['--service-namespace', o.serviceNamespace]])
      return short ? serviceTable(list, dump.services ?? [], dump.workloadSummaries ?? []) : structured(list, o.output)
    }
    case 'policies': {
      const list = requireMatches('policies', selectPolicies(dump, o), [['--policy-namespace', o.policyNamespace]])
      return short ? policyTable(list) : structured(list, o.output)
    }
    case 'certificates':
      return short ? certificateTable(dump.certificates ?? [], o.now) : structured(dump.certificates, o.output)
    case 'connections': {
      const states = selectWorkloadStates(dump, o)
      requireMatches('local workloads', states, [['--workload-namespace', o.target ? undefined : o.workloadNamespace], ...targetFlags(o)])
      return short ? connectionTable(states, dump, o) : structured(states, o.output)
    }
    case 'all': {
      if (!short) return structured(dump.original, o.output)
      const head = (title: string) => (o.withHeaders ? `------ ${title} ------\n\n` : '')
      const base: ZtunnelViewOptions = {output: 'short', now: o.now}
      return [
        '\n', head('WORKLOAD INFO'), workloadTable(dump.workloadSummaries ?? [], dump.services ?? []),
        '\n', head('SERVICE INFO'), serviceTable(selectServices(dump, base), dump.services ?? [], dump.workloadSummaries ?? []),
        '\n', head('POLICY INFO'), policyTable(selectPolicies(dump, base)),
        '\n', head('SECRET INFO'), certificateTable(dump.certificates ?? [], o.now),
        '\n', head('CONNECTIONS INFO'), connectionTable(selectWorkloadStates(dump, base), dump, base),
      ].join('')
    }
  }
}

/**
 * Parses `--direction`. @throws UsageError for anything but inbound or outbound
 */
export function parseDirection(value: string | undefined): 'inbound' | 'outbound' | undefined {
  if (value === undefined || value === '') return undefined
  const v = value.toLowerCase()
  if (v !== 'inbound' && v !== 'outbound') throw new UsageError(`--direction must be inbound or outbound, got "${value}"`, 'BAD_FLAG')
  return v
}
