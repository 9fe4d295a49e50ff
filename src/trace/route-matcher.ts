/**
 * Route selection inside a virtual host and the decision a route makes, following Envoy's router
 * (`envoy.config.route.v3.Route`, `RouteMatch`, `RouteAction`, `RedirectAction`, `DirectResponseAction`
 * in `route_components.proto`; `source/common/router/config_impl.cc`):
 *
 * - routes are tried in order and the first match wins;
 * - the path specifier (`prefix`, `path`, `safe_regex`, `path_separated_prefix`, `connect_matcher`) is
 *   tested on `:path` without query string and fragment, honouring `case_sensitive` (default true; not
 *   for regex); then `runtime_fraction`, `grpc`, `headers` (all must match), `query_parameters`;
 * - `runtime_fraction` is treated as Envoy's `router_check_tool` does: on only when the request names its
 *   runtime key (the `default_value` is not applied), so a trace does not depend on chance;
 * - a virtual host's `require_tls` (`ALL`, `EXTERNAL_ONLY`) turns a plaintext request into a 301 to
 *   https before any route is tried.
 */
import type {Json} from '../envoy/loose.js'
import {regexFullMatch, regexSubstitute} from './regex.js'
import {describeHeaderMatch, describeQueryMatch, matchHeader, matchQueryParameter, parseQuery, type HeaderLookup} from './string-match.js'
import {nearestDomains, selectVirtualHost, type VirtualHostMatch} from './virtual-host.js'

/** An HTTP request as the router sees it. */
export interface HttpRequest {
  /** `:authority` (Host), as sent, possibly with a port. */
  authority: string
  /** `:path` including any query string. */
  path: string
  /** `:method` (default GET). */
  method: string
  /** `x-forwarded-proto`: the scheme the client used (drives `require_tls` and redirect schemes). */
  scheme: 'http' | 'https'
  /** Other request headers as `[name, value]`, in order (names case-insensitive). */
  headers: ReadonlyArray<readonly [string, string]>
  /** `x-envoy-internal: true` (an internal request for `require_tls: EXTERNAL_ONLY`). */
  internal?: boolean
}

/** Choices the router leaves to chance, fixed for a reproducible answer. */
export interface RouteOptions {
  /** Random number used for `weighted_clusters` (taken modulo the total weight); default 0. */
  randomValue?: number
  /** Runtime keys switched on for `runtime_fraction` matches (router_check_tool semantics). */
  runtimeKeys?: ReadonlySet<string>
}

/** A weighted cluster of a route (`weighted_clusters.clusters[]`). */
export interface WeightedCluster {
  name: string
  weight: number
}

/** What a matched route does. */
export type RouteAction =
  | {
      kind: 'cluster'
      /** The cluster the request goes to; undefined when `cluster_header` names a header the request lacks. */
      cluster: string | undefined
      /** How the cluster was named. */
      specifier: 'cluster' | 'cluster_header' | 'weighted_clusters' | 'plugin'
      /** For `cluster_header`: the header read. */
      header?: string
      /** For `weighted_clusters`: every cluster with its weight, and the total. */
      weighted?: WeightedCluster[]
      totalWeight?: number
      /** `cluster_not_found_response_code` as a status (503 default). */
      notFoundStatus: number
    }
  | {kind: 'redirect'; url: string; status: number}
  | {kind: 'direct_response'; status: number; body?: string}
  | {kind: 'other'; what: string}

/** The route that matched and its effect on the request. */
export interface RouteMatchResult {
  route: Json
  /** Index in the virtual host's `routes`. */
  index: number
  /** Why it matched, e.g. `prefix "/" and header end-user exact "jason"`. */
  why: string
  action: RouteAction
  /** `:path` after `prefix_rewrite` / `regex_rewrite`; undefined when unchanged. */
  pathRewrite?: string
  /** `:authority` after a literal / header / path-regex host rewrite; undefined when unchanged. */
  hostRewrite?: string
  /** `auto_host_rewrite`: the Host becomes the chosen upstream host's name. */
  autoHostRewrite?: boolean
}

/** A route that was passed over, for "nearest candidates" hints. */
export interface RouteMiss {
  index: number
  route: Json
  /** What failed, e.g. `header end-user exact "jason" does not match`. */
  reason: string
  /** Whether the path specifier matched (and something else failed). */
  pathMatched: boolean
}

/** The outcome of routing a request with one RouteConfiguration (steps 5-6 of a trace). */
export interface RouteDecision {
  /** The virtual host, or undefined (404 `NR`). */
  virtualHost?: VirtualHostMatch
  /** Nearest domains when no virtual host matched. */
  nearestDomains?: string[]
  /** The vhost's `require_tls` redirected the request (a 301 to https, no route tried). */
  tlsRedirect?: {url: string; requirement: string}
  /** The route, or undefined (404 `NR`). */
  match?: RouteMatchResult
  /** Routes passed over before the match (or all routes when none matched), path-matching ones first. */
  misses: RouteMiss[]
}

/** Builds the header lookup of a request: pseudo-headers plus the given headers (lower-case names). */
export function requestHeaders(req: HttpRequest): HeaderLookup {
  const map = new Map<string, string[]>()
  const add = (k: string, v: string) => {
    const key = k.toLowerCase()
    const list = map.get(key)
    if (list) list.push(v)
    else map.set(key, [v])
  }
  add(':authority', req.authority)
  add(':path', req.path)
  add(':method', req.method)
  add(':scheme', req.scheme)
  add('x-forwarded-proto', req.scheme)
  if (req.internal) add('x-envoy-internal', 'true')
  for (const [k, v] of req.headers) add(k, v)
  return (name) => map.get(name)
}

/** `:path` without query string and fragment (Envoy `PathUtil::removeQueryAndFragment`). */
export function pathOnly(path: string): string {
  const q = path.search(/[?#]/)
  return q === -1 ? path : path.slice(0, q)
}

/** Whether a request is gRPC (`content-type` `application/grpc`, `application/grpc+...`, `application/grpc;...`). */
function isGrpc(headers: HeaderLookup): boolean {
  const ct = headers('content-type')?.[0] ?? ''
  return ct === 'application/grpc' || ct.startsWith('application/grpc+') || ct.startsWith('application/grpc;')
}

/**
 * Tests the path specifier of a `RouteMatch`.
 * @returns the matched part of the path (what `prefix_rewrite` replaces), or undefined for no match
 */
export function matchPath(match: Json, req: HttpRequest): string | undefined {
  const path = pathOnly(req.path)
  const cs = match.case_sensitive !== false
  const starts = (p: string) => (cs ? path.startsWith(p) : path.toLowerCase().startsWith(p.toLowerCase()))
  if (typeof match.prefix === 'string') return starts(match.prefix) ? match.prefix : undefined
  if (typeof match.path === 'string') {
    return (cs ? path === match.path : path.toLowerCase() === match.path.toLowerCase()) ? match.path : undefined
  }
  if (match.safe_regex !== undefined) return regexFullMatch(match.safe_regex, path) ? path : undefined
  if (typeof match.path_separated_prefix === 'string') {
    const p = match.path_separated_prefix
    return starts(p) && (path.length === p.length || path[p.length] === '/') ? p : undefined
  }
  if (match.connect_matcher !== undefined) return req.method === 'CONNECT' ? '' : undefined
  return undefined
}

/** A short text of a route's path specifier, e.g. `prefix /`, `path /login`, `regex ^/api/v\d+/.*`. */
export function describePathSpecifier(match: Json | undefined): string {
  if (!match) return 'no match'
  const ci = match.case_sensitive === false ? ' (case-insensitive)' : ''
  if (typeof match.prefix === 'string') return `prefix ${match.prefix === '' ? '""' : match.prefix}${ci}`
  if (typeof match.path === 'string') return `path ${match.path}${ci}`
  if (match.safe_regex !== undefined) return `regex ${match.safe_regex?.regex ?? ''}`
  if (typeof match.path_separated_prefix === 'string') return `path_separated_prefix ${match.path_separated_prefix}${ci}`
  if (match.connect_matcher !== undefined) return 'CONNECT'
  if (match.path_match_policy !== undefined) return 'path_match_policy (URI template)'
  return 'no path specifier'
}

/** The full text of a `RouteMatch`: path specifier, then every further condition. */
export function describeRouteMatchFull(match: Json | undefined): string {
  const parts = [describePathSpecifier(match)]
  if (match?.grpc !== undefined) parts.push('gRPC')
  for (const h of match?.headers ?? []) parts.push(`header ${describeHeaderMatch(h)}`)
  for (const q of match?.query_parameters ?? []) parts.push(`query ${describeQueryMatch(q)}`)
  if (match?.runtime_fraction !== undefined) parts.push(`runtime_fraction ${match.runtime_fraction?.runtime_key ?? ''}`)
  return parts.join(', ')
}

/**
 * Tests a whole `RouteMatch` (path specifier, runtime fraction, gRPC, headers, query parameters).
 * @returns undefined on a match, else the first failing condition
 */
export function routeMismatch(match: Json | undefined, req: HttpRequest, headers: HeaderLookup, o: RouteOptions = {}): {reason: string; pathMatched: boolean} | undefined {
  if (!match) return {reason: 'route has no match', pathMatched: false}
  if (matchPath(match, req) === undefined) return {reason: `${describePathSpecifier(match)} does not match ${pathOnly(req.path)}`, pathMatched: false}
  const rf = match.runtime_fraction
  if (rf !== undefined) {
    const key = String(rf.runtime_key ?? '')
    if (!o.runtimeKeys?.has(key)) {
      return {reason: `runtime_fraction ${key} treated as off (as router_check_tool: the default_value is not applied)`, pathMatched: true}
    }
  }
  if (match.grpc !== undefined && !isGrpc(headers)) return {reason: 'gRPC only (content-type application/grpc) and the request is not gRPC', pathMatched: true}
  for (const h of match.headers ?? []) {
    if (!matchHeader(h, headers)) {
      const got = headers(String(h.name ?? '').toLowerCase())
      return {reason: `header ${describeHeaderMatch(h)} does not hold: ${got ? `request has "${got.join(',')}"` : 'request lacks it'}`, pathMatched: true}
    }
  }
  if ((match.query_parameters ?? []).length > 0) {
    const query = parseQuery(req.path)
    for (const q of match.query_parameters) {
      if (!matchQueryParameter(q, query)) return {reason: `query ${describeQueryMatch(q)} does not hold`, pathMatched: true}
    }
  }
  for (const what of ['tls_context', 'dynamic_metadata', 'filter_state', 'cookies'] as const) {
    const v = match[what]
    if (v !== undefined && !(Array.isArray(v) && v.length === 0)) return {reason: `${what} match cannot be evaluated offline: assumed not to match`, pathMatched: true}
  }
  return undefined
}

const REDIRECT_CODES: Record<string, number> = {MOVED_PERMANENTLY: 301, FOUND: 302, SEE_OTHER: 303, TEMPORARY_REDIRECT: 307, PERMANENT_REDIRECT: 308}
const REDIRECT_BY_NUMBER = [301, 302, 303, 307, 308]
const NOT_FOUND_CODES: Record<string, number> = {SERVICE_UNAVAILABLE: 503, NOT_FOUND: 404, INTERNAL_SERVER_ERROR: 500}

function redirectStatus(code: unknown): number {
  if (typeof code === 'number') return REDIRECT_BY_NUMBER[code] ?? 301
  return REDIRECT_CODES[String(code ?? '')] ?? 301
}

function weightOf(v: unknown): number {
  if (v && typeof v === 'object') return Number((v as Json).value ?? 0)
  return Number(v ?? 0)
}

/**
 * The path after `prefix_rewrite` / `regex_rewrite` (Envoy `currentUrlPathAfterRewriteWithMatchedPath`):
 * the matched prefix (or exact path; the whole path for regex routes) is replaced, the query kept.
 * @returns the new path, or undefined when the action rewrites nothing
 */
export function rewritePath(action: Json, req: HttpRequest, matched: string): string | undefined {
  if (typeof action.prefix_rewrite === 'string' && action.prefix_rewrite !== '') {
    return action.prefix_rewrite + req.path.slice(matched.length)
  }
  if (action.regex_rewrite?.pattern !== undefined) {
    const just = pathOnly(req.path)
    return regexSubstitute(action.regex_rewrite.pattern, String(action.regex_rewrite.substitution ?? ''), just) + req.path.slice(just.length)
  }
  return undefined
}

function hostFor(host: string, scheme: string, newPort: string, requestScheme: string): string {
  if (host === '') return host
  let end: number
  if (host.startsWith('[')) {
    end = host.lastIndexOf(']:')
    if (end !== -1) end += 1
  } else {
    end = host.lastIndexOf(':')
  }
  if (end === -1) return host
  const port = host.slice(end)
  let remove = newPort !== ''
  if (scheme !== requestScheme) {
    remove ||= requestScheme === 'https' && port === ':443'
    remove ||= requestScheme === 'http' && port === ':80'
  }
  return remove ? host.slice(0, end) : host
}

/**
 * The Location of a redirect, as Envoy's `Http::Utility::newUri` builds it: scheme (`scheme_redirect`,
 * `https_redirect`, else the request's), host (`host_redirect`, else the request's with a default port
 * removed on scheme change), `port_redirect`, path (`path_redirect` keeping the request query unless it has
 * its own, else `prefix_rewrite` / `regex_rewrite` of the request path, else the request path),
 * `strip_query`.
 * @param redirect a `RedirectAction`, or undefined for a direct response (the request's own URL)
 */
export function redirectUrl(redirect: Json | undefined, req: HttpRequest, matched = ''): string {
  const r = redirect ?? {}
  const scheme = r.scheme_redirect ? String(r.scheme_redirect) : r.https_redirect === true ? 'https' : req.scheme
  const port = r.port_redirect ? `:${r.port_redirect}` : ''
  const host = r.host_redirect ? String(r.host_redirect) : hostFor(req.authority, scheme, port, req.scheme)
  let path: string
  const pathRedirect = typeof r.path_redirect === 'string' ? r.path_redirect : ''
  const pathRedirectHasQuery = pathRedirect.includes('?')
  if (pathRedirect !== '') {
    const q = req.path.indexOf('?')
    path = pathRedirectHasQuery || q === -1 ? pathRedirect : pathRedirect + req.path.slice(q)
  } else {
    path = rewritePath(r, req, matched) ?? req.path
  }
  if (!path.startsWith('/')) path = `/${path}`
  if (!pathRedirectHasQuery && r.strip_query === true) {
    const q = path.indexOf('?')
    if (q !== -1) path = path.slice(0, q)
  }
  return `${scheme}://${host}${port}${path}`
}

function weightedChoice(clusters: WeightedCluster[], total: number, random: number): number {
  if (total <= 0) return -1
  const selected = random % total
  let begin = 0
  for (let i = 0; i < clusters.length; i++) {
    const end = begin + clusters[i].weight
    if (selected >= begin && selected < end) return i
    begin = end
  }
  return -1
}

/**
 * The decision of a matched route: its action (cluster, weighted clusters, cluster header, redirect,
 * direct response) and the rewrites it applies.
 * @param matched what the path specifier matched (see {@link matchPath})
 */
export function routeAction(route: Json, req: HttpRequest, headers: HeaderLookup, matched: string, o: RouteOptions = {}): Pick<RouteMatchResult, 'action' | 'pathRewrite' | 'hostRewrite' | 'autoHostRewrite'> {
  if (route.redirect !== undefined) {
    return {action: {kind: 'redirect', url: redirectUrl(route.redirect, req, matched), status: redirectStatus(route.redirect.response_code)}}
  }
  if (route.direct_response !== undefined) {
    const b = route.direct_response.body
    const body = typeof b?.inline_string === 'string' ? b.inline_string : typeof b?.inline_bytes === 'string' ? Buffer.from(b.inline_bytes, 'base64').toString('utf8') : b?.filename ? `<file ${b.filename}>` : undefined
    return {action: {kind: 'direct_response', status: Number(route.direct_response.status ?? 0), body}}
  }
  const a = route.route
  if (a === undefined) {
    const what = route.filter_action !== undefined ? 'filter_action' : route.non_forwarding_action !== undefined ? 'non_forwarding_action' : 'no action'
    return {action: {kind: 'other', what}}
  }
  const notFoundStatus = NOT_FOUND_CODES[String(a.cluster_not_found_response_code ?? '')] ?? (typeof a.cluster_not_found_response_code === 'number' ? [503, 404, 500][a.cluster_not_found_response_code] ?? 503 : 503)
  let action: RouteAction
  let entryHostRewrite: string | undefined
  if (typeof a.cluster === 'string') {
    action = {kind: 'cluster', cluster: a.cluster, specifier: 'cluster', notFoundStatus}
  } else if (typeof a.cluster_header === 'string') {
    const v = headers(a.cluster_header.toLowerCase())?.[0]
    action = {kind: 'cluster', cluster: v === undefined || v === '' ? undefined : v, specifier: 'cluster_header', header: a.cluster_header, notFoundStatus}
  } else if (a.weighted_clusters !== undefined) {
    const entries: Json[] = a.weighted_clusters.clusters ?? []
    const weighted = entries.map((c) => ({
      name: typeof c.name === 'string' && c.name !== '' ? c.name : typeof c.cluster_header === 'string' ? headers(c.cluster_header.toLowerCase())?.[0] ?? '' : '',
      weight: weightOf(c.weight),
    }))
    const total = weighted.reduce((s, c) => s + c.weight, 0)
    const i = weightedChoice(weighted, total, o.randomValue ?? 0)
    if (i >= 0 && typeof entries[i].host_rewrite_literal === 'string') entryHostRewrite = entries[i].host_rewrite_literal
    action = {kind: 'cluster', cluster: i >= 0 ? weighted[i].name || undefined : undefined, specifier: 'weighted_clusters', weighted, totalWeight: total, notFoundStatus}
  } else {
    action = {kind: 'cluster', cluster: undefined, specifier: 'plugin', notFoundStatus}
  }
  const out: Pick<RouteMatchResult, 'action' | 'pathRewrite' | 'hostRewrite' | 'autoHostRewrite'> = {action}
  const p = rewritePath(a, req, matched)
  if (p !== undefined) out.pathRewrite = p
  const literal = entryHostRewrite ?? (typeof a.host_rewrite_literal === 'string' ? a.host_rewrite_literal : typeof a.host_rewrite === 'string' ? a.host_rewrite : undefined)
  if (literal !== undefined && literal !== '') out.hostRewrite = literal
  else if (typeof a.host_rewrite_header === 'string') {
    const v = headers(a.host_rewrite_header.toLowerCase())?.[0]
    if (v) out.hostRewrite = v
  } else if (a.host_rewrite_path_regex?.pattern !== undefined) {
    out.hostRewrite = regexSubstitute(a.host_rewrite_path_regex.pattern, String(a.host_rewrite_path_regex.substitution ?? ''), pathOnly(req.path))
  } else if (a.auto_host_rewrite === true || a.auto_host_rewrite?.value === true) {
    out.autoHostRewrite = true
  }
  return out
}

/**
 * Picks the route of a virtual host for a request (first match in order) and its decision.
 * @returns the match (or undefined) and the routes passed over before it
 */
export function selectRoute(vhost: Json, req: HttpRequest, o: RouteOptions = {}, headers: HeaderLookup = requestHeaders(req)): {match?: RouteMatchResult; misses: RouteMiss[]} {
  const misses: RouteMiss[] = []
  const routes: Json[] = vhost.routes ?? []
  for (let i = 0; i < routes.length; i++) {
    const r = routes[i]
    const miss = routeMismatch(r?.match, req, headers, o)
    if (miss) {
      misses.push({index: i, route: r, ...miss})
      continue
    }
    const matched = matchPath(r.match, req) ?? ''
    return {match: {route: r, index: i, why: describeRouteMatchFull(r.match), ...routeAction(r, req, headers, matched, o)}, misses}
  }
  return {misses}
}

/**
 * Routes a request with a RouteConfiguration: virtual host (see `virtual-host.ts`), `require_tls`, then
 * the first matching route and its action.
 */
export function routeRequest(rc: Json, req: HttpRequest, o: RouteOptions = {}): RouteDecision {
  const headers = requestHeaders(req)
  const hostHeader = typeof rc.vhost_header === 'string' && rc.vhost_header !== '' ? headers(rc.vhost_header.toLowerCase())?.[0] : req.authority
  const vh = hostHeader === undefined ? undefined : selectVirtualHost(rc, hostHeader)
  if (!vh) return {nearestDomains: nearestDomains(rc, hostHeader ?? ''), misses: []}
  const tls = String(vh.vhost.require_tls ?? 'NONE')
  if (req.scheme !== 'https' && (tls === 'ALL' || (tls === 'EXTERNAL_ONLY' && !req.internal))) {
    return {virtualHost: vh, tlsRedirect: {url: `https://${req.authority}${req.path}`, requirement: tls}, misses: []}
  }
  const {match, misses} = selectRoute(vh.vhost, req, o, headers)
  return {virtualHost: vh, match, misses}
}
