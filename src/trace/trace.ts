/**
 * `mpx trace`: walks one request through a sidecar's Envoy configuration the way Envoy handles it and
 * reports each step with the resource it picked and the rule that matched (and, for misses, the nearest
 * candidates), then a verdict with the Envoy response flag the request would get:
 *
 * 1. destination (`destination.ts`), 2. listener (`listener.ts`), 3. filter chain (`filter-chain.ts`),
 * 4. network filter (HTTP connection manager with RDS or an inline route configuration, or tcp_proxy),
 * 5. virtual host (`virtual-host.ts`), 6. route (`route-matcher.ts`), 7. cluster, 8. endpoints
 * (`upstream.ts`).
 *
 * The result is the `-o json` contract of `mpx trace` (`{steps, verdict}`); `render.ts` prints it.
 */
import type {Json} from '../envoy/loose.js'
import {HTTP_CONNECTION_MANAGER, TCP_PROXY, isHttpConnectionManager, isTcpProxy} from '../envoy/listener.js'
import type {ProxyState} from '../envoy/proxy-state.js'
import {InputError} from '../errors.js'
import {parseTarget, resolveDestination, type TraceTarget} from './destination.js'
import {connectionFacts, describeChains, selectFilterChain, type ClientHello} from './filter-chain.js'
import {selectInboundListener, selectOutboundListener} from './listener.js'
import {describeRouteMatchFull, routeRequest, type HttpRequest, type RouteDecision, type WeightedCluster} from './route-matcher.js'
import {BLACKHOLE_CLUSTER, PASSTHROUGH_CLUSTERS, clusterEndpoints, clusterType, describeCluster, describeEndpoints, missingClusterCause, routeVirtualService, nearestClusters, type EndpointReport, type TraceEndpoint} from './upstream.js'

/** The stages of a trace, as `-o json` names them. */
export type TraceStage = 'listener' | 'filterChain' | 'networkFilter' | 'virtualHost' | 'route' | 'cluster' | 'endpoints'

/** One step: the stage, the resource picked (null when none), and the rule that decided. */
export interface TraceStep {
  stage: TraceStage
  name: string | null
  reason: string
}

/** The Envoy response flag (or outcome) of a traced request. */
export type TraceFlag = 'OK' | 'NR' | 'NC' | 'UH' | 'BlackHole' | 'Passthrough' | 'DirectResponse'

/** The verdict of a trace (`-o json` `verdict`); fields that do not apply are null (lists empty). */
export interface TraceVerdict {
  flag: TraceFlag
  listener: string | null
  routeConfig: string | null
  virtualHost: string | null
  route: string | null
  cluster: string | null
  weightedClusters: WeightedCluster[]
  pathRewrite: string | null
  hostRewrite: string | null
  redirect: string | null
  /** HTTP status Envoy answers with itself (404 NR, 503 NC/UH, direct response / redirect code), else null. */
  status: number | null
  endpoints: TraceEndpoint[]
  cause: string | null
}

/** A whole trace: the `-o json` document of `mpx trace`. */
export interface TraceResult {
  steps: TraceStep[]
  verdict: TraceVerdict
}

/** What to trace. */
export interface TraceRequestOptions {
  /** `http[s]://host[:port][/path][?query]` or `host:port` (TCP). */
  url: string
  /** `-X` (default GET). */
  method?: string
  /** `-H` headers. */
  headers?: Array<[string, string]>
  /** Trace traffic arriving at the pod (virtualInbound) instead of leaving it. */
  inbound?: boolean
  /** Destination IP when the host is not a known service (`--ip`). */
  ip?: string
}

/** What a trace runs on: a whole proxy, or a bare RouteConfiguration (steps 5-6 only, then clusters by name). */
export type TraceInput = {kind: 'proxy'; state: ProxyState} | {kind: 'routes'; routeConfig: Json}

class Walk {
  readonly steps: TraceStep[] = []
  readonly verdict: TraceVerdict = {
    flag: 'OK', listener: null, routeConfig: null, virtualHost: null, route: null, cluster: null, weightedClusters: [],
    pathRewrite: null, hostRewrite: null, redirect: null, status: null, endpoints: [], cause: null,
  }

  step(stage: TraceStage, name: string | null, reason: string): void {
    this.steps.push({stage, name, reason})
  }

  end(flag: TraceFlag, cause: string | null, status: number | null = null): TraceResult {
    this.verdict.flag = flag
    this.verdict.cause = cause
    this.verdict.status = status
    return {steps: this.steps, verdict: this.verdict}
  }
}

const HCM = HTTP_CONNECTION_MANAGER

function isFilter(f: Json, kind: 'hcm' | 'tcp'): boolean {
  return kind === 'hcm' ? isHttpConnectionManager(f) : isTcpProxy(f)
}

/** RFC 3986 dot-segment removal on the path part (HCM `normalize_path`); the query is kept. */
function normalizePath(path: string): string {
  const q = path.search(/[?#]/)
  const p = q === -1 ? path : path.slice(0, q)
  if (!/\/\.\.?(\/|$)/.test(p)) return path
  const segs = p.split('/').slice(1)
  const out: string[] = []
  for (const seg of segs) {
    if (seg === '.') continue
    if (seg === '..') out.pop()
    else out.push(seg)
  }
  const last = segs[segs.length - 1]
  const trailing = last === '.' || last === '..' ? '/' : ''
  return `/${out.join('/')}${out.length > 0 ? trailing : ''}${q === -1 ? '' : path.slice(q)}`
}

/**
 * Traces a request (see the module comment).
 * @throws UsageError for a bad URL or header; InputError when the dump lacks the Listeners section a
 *   sidecar trace needs
 */
export function traceRequest(input: TraceInput, o: TraceRequestOptions): TraceResult {
  const target = parseTarget(o.url)
  const w = new Walk()
  if (input.kind === 'routes') {
    if (target.scheme === 'tcp') throw new InputError('a RouteConfiguration routes HTTP requests: give an http:// or https:// URL', 'NOT_HTTP')
    return routeStage(w, undefined, input.routeConfig, httpRequest(target, o), target)
  }
  const state = input.state
  if (!state.dump.has('Listeners')) state.dump.require('Listeners')
  const proxy = state.proxy()

  // 1-2: destination and listener
  let destIp: string | undefined
  let how: string
  let choice
  if (o.inbound) {
    destIp = o.ip ?? proxy.ip
    how = `mTLS from a mesh peer to ${destIp ? `${destIp}:${target.port}${o.ip ? ' (--ip)' : ' (this pod)'}` : `port ${target.port} of this pod`}`
    choice = selectInboundListener(state.listeners(), destIp, target.port)
  } else {
    const dest = resolveDestination(state, target, o.ip)
    destIp = dest.ip
    how = dest.how
    choice = selectOutboundListener(state.listeners(), destIp, target.port)
  }
  const originalDst = destIp ? `${destIp.includes(':') ? `[${destIp}]` : destIp}:${target.port}` : undefined
  if (!choice.listener) {
    w.step('listener', null, `${how}; ${choice.why}`)
    return w.end('NR', choice.why)
  }
  const listener = choice.listener
  w.verdict.listener = String(listener.name ?? '')
  w.step('listener', w.verdict.listener, `${how}; ${choice.why}`)

  // 3: filter chain
  const hello: ClientHello = o.inbound
    ? {tls: true, sni: undefined, alpn: target.scheme === 'tcp' ? ['istio-peer-exchange', 'istio'] : ['istio-http/1.1']}
    : target.scheme === 'https' ? {tls: true, sni: target.host} : target.scheme === 'http' ? {tls: false, http: 'http/1.1'} : {tls: false}
  const sourceIp = o.inbound ? undefined : proxy.ip
  const {facts, notes} = connectionFacts(listener, hello, {ip: destIp, port: target.port}, {ip: sourceIp, local: sourceIp !== undefined && sourceIp === destIp})
  const chain = selectFilterChain(listener, facts)
  const connText = `${o.inbound ? 'mesh mTLS from a peer sidecar, ' : ''}${facts.transportProtocol}${facts.serverName ? `, SNI ${facts.serverName}` : ''}${facts.applicationProtocols.length ? `, ALPN ${facts.applicationProtocols.join(',')}` : ''}`
  if (!chain) {
    w.step('filterChain', null, `connection (${connText}) matches no filter chain and there is no default filter chain: Envoy closes it; chains: ${describeChains(listener)}`)
    return w.end('NR', `listener ${w.verdict.listener} has no filter chain for this connection (${connText})`)
  }
  w.step('filterChain', chain.name, `${chain.why}${notes.length ? ` (${notes.join('; ')})` : ''}`)

  // 4: network filter
  const filters: Json[] = chain.chain.filters ?? []
  const hcm = filters.find((f) => isFilter(f, 'hcm'))
  const tcp = filters.find((f) => isFilter(f, 'tcp'))
  const terminal = [hcm, tcp].filter((f): f is Json => f !== undefined).sort((a, b) => filters.indexOf(a) - filters.indexOf(b))[0]
  if (!terminal) {
    const last = filters[filters.length - 1]
    w.step('networkFilter', last?.name ?? null, 'no HTTP connection manager or tcp_proxy in this filter chain: not traced further')
    return w.end('OK', `network filter ${last?.name ?? '(none)'} handles the connection; mpx traces only HTTP connection manager and tcp_proxy`)
  }
  if (terminal === tcp) {
    const cfg = tcp!.typed_config ?? {}
    const weighted: WeightedCluster[] = (cfg.weighted_clusters?.clusters ?? []).map((c: Json) => ({name: String(c.name ?? ''), weight: Number(c.weight ?? 0)}))
    const target1 = typeof cfg.cluster === 'string' ? cfg.cluster : undefined
    w.step('networkFilter', TCP_PROXY, target1 ? `tcp_proxy to cluster ${target1}` : `tcp_proxy to weighted clusters ${weighted.map((c) => `${c.name} (${c.weight})`).join(', ')}`)
    if (target1 === undefined && weighted.length === 0) return w.end('NC', 'tcp_proxy names no cluster')
    return clusterStage(w, state, target1 !== undefined ? [{name: target1, weight: 0}] : weighted, target1 === undefined, undefined, originalDst, false)
  }
  const hcmCfg = hcm!.typed_config ?? {}
  let rc: Json | undefined
  if (hcmCfg.rds) {
    const name = String(hcmCfg.rds.route_config_name ?? '')
    rc = state.routeConfig(name)
    if (!rc) {
      w.step('networkFilter', HCM, `RDS route config ${name}, which is not loaded`)
      w.verdict.routeConfig = name
      return w.end('NR', `route configuration ${name} is missing from the dump (RDS not received, or rejected)`, 404)
    }
    w.step('networkFilter', HCM, `RDS route config ${name}`)
  } else if (hcmCfg.route_config) {
    rc = hcmCfg.route_config
    w.step('networkFilter', HCM, `inline route config ${rc!.name ?? ''}`.trimEnd())
  } else {
    w.step('networkFilter', HCM, hcmCfg.scoped_routes ? 'scoped routes (not traced)' : 'no route configuration')
    return w.end('NR', hcmCfg.scoped_routes ? 'scoped route configurations are not traced by mpx' : 'the HTTP connection manager has no route configuration', 404)
  }
  const req = httpRequest(target, o)
  if (target.scheme === 'tcp') {
    req.path = '/'
    const last = w.steps[w.steps.length - 1]
    last.reason += `; the connection must carry HTTP: traced as ${req.method} / with Host ${req.authority}`
  }
  if (hcmCfg.strip_any_host_port === true || (hcmCfg.strip_matching_host_port === true && req.authority.endsWith(`:${target.port}`))) {
    req.authority = req.authority.replace(/:\d+$/, '')
  }
  if (hcmCfg.normalize_path === true || hcmCfg.normalize_path?.value === true) req.path = normalizePath(req.path)
  if (hcmCfg.merge_slashes === true) req.path = req.path.replace(/^([^?#]*)/, (p) => p.replace(/\/{2,}/g, '/'))
  return routeStage(w, state, rc!, req, target, originalDst)
}

function httpRequest(target: TraceTarget, o: TraceRequestOptions): HttpRequest {
  const headers = [...(o.headers ?? [])]
  let authority = target.authority
  const host = headers.find(([k]) => k.toLowerCase() === 'host' || k.toLowerCase() === ':authority')
  if (host) authority = host[1]
  return {
    authority,
    path: target.path || '/',
    method: (o.method ?? 'GET').toUpperCase(),
    scheme: target.scheme === 'https' ? 'https' : 'http',
    headers: headers.filter(([k]) => k.toLowerCase() !== 'host' && k.toLowerCase() !== ':authority'),
  }
}

function routeStage(w: Walk, state: ProxyState | undefined, rc: Json, req: HttpRequest, target: TraceTarget, originalDst?: string): TraceResult {
  w.verdict.routeConfig = rc.name === undefined ? null : String(rc.name)
  const d: RouteDecision = routeRequest(rc, req)
  const rcName = w.verdict.routeConfig ?? '(unnamed)'
  if (!d.virtualHost) {
    const near = d.nearestDomains?.length ? `; nearest domains: ${d.nearestDomains.join(', ')}` : ''
    w.step('virtualHost', null, `no domain of route config ${rcName} matches "${req.authority}" and there is no "*" virtual host${near}`)
    return w.end('NR', `no virtual host for ${req.authority} in route config ${rcName}`, 404)
  }
  const vh = d.virtualHost
  w.verdict.virtualHost = String(vh.vhost.name ?? '')
  const portNote = vh.portIgnored ? ` (port ignored: ignore_port_in_host_matching)` : ''
  const onlyOne = (rc.virtual_hosts ?? []).length === 1
  const ruleText = vh.rule === 'default' ? (onlyOne ? `the only virtual host, domain "*"` : `no other domain matches "${vh.host}"${portNote}: the "*" virtual host`) : `domain "${vh.domain}" (${vh.rule}) matches "${req.authority}"${portNote}`
  w.step('virtualHost', w.verdict.virtualHost, ruleText)
  if (d.tlsRedirect) {
    w.verdict.redirect = d.tlsRedirect.url
    w.step('route', null, `require_tls ${d.tlsRedirect.requirement}: plaintext requests are redirected to https before any route`)
    return w.end('DirectResponse', `virtual host ${w.verdict.virtualHost} requires TLS (${d.tlsRedirect.requirement}): redirect to ${d.tlsRedirect.url}`, 301)
  }
  const skipped = d.misses.filter((m) => m.pathMatched)
  if (!d.match) {
    const near = (skipped.length ? skipped : d.misses).slice(0, 3).map((m) => `${routeLabel(m.route, m.index)}: ${m.reason}`)
    w.step('route', null, `no route of ${w.verdict.virtualHost} matches ${req.method} ${req.path}${near.length ? `; nearest: ${near.join('; ')}` : ' (the virtual host has no routes)'}`)
    return w.end('NR', `no route in virtual host ${w.verdict.virtualHost} of route config ${rcName} matches ${req.method} ${req.path}`, 404)
  }
  const m = d.match
  w.verdict.route = routeLabel(m.route, m.index)
  if (m.pathRewrite !== undefined) w.verdict.pathRewrite = m.pathRewrite
  if (m.hostRewrite !== undefined) w.verdict.hostRewrite = m.hostRewrite
  const vs = routeVirtualService(m.route)
  const passed = skipped.length ? `; skipped ${skipped.slice(0, 3).map((x) => `${routeLabel(x.route, x.index)} (${x.reason})`).join(', ')}` : ''
  const rewrites = [m.pathRewrite !== undefined ? `path → ${m.pathRewrite}` : '', m.hostRewrite !== undefined ? `host → ${m.hostRewrite}` : '', m.autoHostRewrite ? 'host → the upstream host (auto_host_rewrite)' : ''].filter(Boolean)
  const fault = describeFault(m.route.typed_per_filter_config?.['envoy.filters.http.fault'] ?? vh.vhost.typed_per_filter_config?.['envoy.filters.http.fault'])
  w.step('route', w.verdict.route, `${describeRouteMatchFull(m.route.match)}${vs ? ` (VirtualService ${vs})` : ''}${rewrites.length ? `; ${rewrites.join(', ')}` : ''}${fault ? `; ${fault}` : ''}${passed}`)
  const a = m.action
  if (a.kind === 'redirect') {
    w.verdict.redirect = a.url
    return w.end('DirectResponse', `route ${w.verdict.route} redirects to ${a.url}`, a.status)
  }
  if (a.kind === 'direct_response') {
    const body = a.body !== undefined ? ` with body "${a.body.length > 60 ? `${a.body.slice(0, 60)}...` : a.body}"` : ''
    return w.end('DirectResponse', `route ${w.verdict.route} answers ${a.status} itself (direct_response)${body}`, a.status)
  }
  if (a.kind === 'other') return w.end('OK', `route ${w.verdict.route} has a ${a.what}: not traced further`)
  if (a.specifier === 'weighted_clusters') {
    w.verdict.weightedClusters = a.weighted ?? []
  } else if (a.cluster === undefined) {
    const why = a.specifier === 'cluster_header' ? `the request has no ${a.header} header to name the cluster (cluster_header)` : 'the cluster comes from a cluster specifier plugin, which mpx cannot evaluate'
    w.step('cluster', null, why)
    return w.end('NC', `route ${w.verdict.route}: ${why}`, a.notFoundStatus)
  }
  const clusters = a.specifier === 'weighted_clusters' ? a.weighted ?? [] : [{name: a.cluster!, weight: 0}]
  if (!state) {
    if (a.specifier !== 'weighted_clusters') w.verdict.cluster = a.cluster!
    for (const c of clusters) w.step('cluster', c.name, `${a.specifier === 'weighted_clusters' ? `weight ${c.weight}; ` : ''}a bare RouteConfiguration has no CDS: existence and endpoints not checked`)
    return w.end('OK', null)
  }
  return clusterStage(w, state, clusters, a.specifier === 'weighted_clusters', m.route, originalDst, true, a.notFoundStatus, m.autoHostRewrite)
}

const DENOMINATORS: Record<string, number> = {HUNDRED: 100, TEN_THOUSAND: 10_000, MILLION: 1_000_000}

function percent(p: Json | undefined): string {
  if (!p) return '100%'
  const d = DENOMINATORS[String(p.denominator ?? 'HUNDRED')] ?? 100
  return `${Math.round((Number(p.numerator ?? 0) * 1e6) / d) / 1e4}%`
}

/** The fault injection a route (or its virtual host) configures (`envoy.extensions.filters.http.fault.v3.HTTPFault`), or ''. */
function describeFault(f: Json | undefined): string {
  if (!f) return ''
  const parts: string[] = []
  if (f.delay) parts.push(`delay ${f.delay.fixed_delay ?? '(header-controlled)'} for ${percent(f.delay.percentage)} of requests`)
  if (f.abort) parts.push(`abort with ${f.abort.http_status ?? (f.abort.grpc_status !== undefined ? `gRPC status ${f.abort.grpc_status}` : 'a header-controlled status')} for ${percent(f.abort.percentage)} of requests (flag FI)`)
  return parts.length ? `fault injection: ${parts.join(', ')}` : ''
}

function routeLabel(route: Json, index: number): string {
  return route?.name ? String(route.name) : `#${index + 1}`
}

/** Steps 7-8 for one or more (weighted) clusters, then the verdict. */
function clusterStage(
  w: Walk, state: ProxyState, clusters: WeightedCluster[], weighted: boolean, route: Json | undefined, originalDst: string | undefined,
  http: boolean, notFoundStatus = 503, autoHostRewrite = false,
): TraceResult {
  if (weighted) w.verdict.weightedClusters = clusters
  else w.verdict.cluster = clusters[0].name
  const total = clusters.reduce((s, c) => s + c.weight, 0)
  const share = (c: WeightedCluster) => (weighted && total > 0 ? `${Math.round((c.weight * 1000) / total) / 10}% of requests: ` : '')
  const problems: Array<{flag: 'NC' | 'UH'; text: string}> = []
  let special: {flag: 'BlackHole' | 'Passthrough'; text: string} | undefined
  const reports: EndpointReport[] = []
  for (const wc of clusters) {
    const prefix = weighted ? `weight ${wc.weight}; ` : ''
    if (wc.name === BLACKHOLE_CLUSTER) {
      w.step('cluster', wc.name, `${prefix}Istio's sink cluster: no endpoints, the ${http ? 'request fails' : 'connection is closed'}`)
      special = {flag: 'BlackHole', text: `${share(wc)}${BLACKHOLE_CLUSTER}: Istio blocks traffic to unknown destinations (outboundTrafficPolicy REGISTRY_ONLY) or to nothing routable`}
      continue
    }
    const c = state.cluster(wc.name)
    if (!c) {
      const cause = missingClusterCause(state, wc.name, route)
      const near = nearestClusters(state, wc.name)
      w.step('cluster', wc.name, `${prefix}${state.warmingCluster(wc.name) ? 'warming, not yet in use' : 'not in CDS'}${near.length ? `; CDS has ${near.join(', ')}` : ''}`)
      problems.push({flag: 'NC', text: `${share(wc)}${route ? `route ${w.verdict.route} in route config ${w.verdict.routeConfig ?? ''} points at` : 'tcp_proxy points at'} ${wc.name}, which CDS lacks. Cause: ${cause}`})
      continue
    }
    w.step('cluster', wc.name, `${prefix}${describeCluster(c)}`)
    const eps = clusterEndpoints(state, c, originalDst)
    reports.push(eps)
    const epName = eps.source === 'unknown' || (eps.source === 'original destination' && eps.endpoints.length === 0) ? null : eps.source === 'original destination' ? eps.endpoints[0].address : `${eps.healthy}/${eps.endpoints.length}`
    w.step('endpoints', epName, describeEndpoints(eps))
    w.verdict.endpoints.push(...eps.endpoints)
    if (PASSTHROUGH_CLUSTERS.has(wc.name)) {
      special ??= {flag: 'Passthrough', text: `${share(wc)}${wc.name}: no service matches, Envoy forwards to the original destination ${originalDst ?? ''}`.trimEnd()}
      continue
    }
    if (eps.noHealthyUpstream) {
      const why = eps.endpoints.length === 0 ? 'has no endpoints' : `has no healthy endpoint (${eps.endpoints.map((e) => e.health).join(', ')}) and panic routing is off`
      problems.push({flag: 'UH', text: `${share(wc)}cluster ${wc.name} ${why} (no healthy upstream)`})
    }
    if (autoHostRewrite && w.verdict.hostRewrite === null && /DNS/.test(clusterType(c)) && eps.endpoints.length > 0) {
      w.verdict.hostRewrite = eps.endpoints[0].address.replace(/:\d+$/, '')
    }
  }
  const nc = problems.find((p) => p.flag === 'NC')
  const uh = problems.find((p) => p.flag === 'UH')
  const joined = problems.map((p) => p.text).join('; ')
  if (nc) return w.end('NC', joined, http ? notFoundStatus : null)
  if (uh) return w.end('UH', joined, http ? 503 : null)
  if (special) return w.end(special.flag, special.text, special.flag === 'BlackHole' && http ? 503 : null)
  if (reports.some((r) => r.source === 'unknown')) return w.end('OK', 'endpoint health unknown: the dump has no EDS section (save config_dump?include_eds=true) and there is no /clusters answer')
  const panic = reports.find((r) => r.panic)
  const panicText = panic && (panic.healthy === 0
    ? `no healthy endpoint, but panic routing (threshold ${panic.panicThreshold}%) sends requests to the unhealthy ones anyway: expect failures (503 UF/URX)`
    : `fewer healthy endpoints than the ${panic.panicThreshold}% panic threshold: Envoy spreads requests over unhealthy endpoints too`)
  return w.end('OK', panicText || null)
}
