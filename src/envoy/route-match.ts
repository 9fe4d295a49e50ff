/**
 * Short renderings of Envoy route matches (`envoy.config.route.v3.RouteMatch`), as istioctl's tables show
 * them (`writer/envoy/configdump/route.go`).
 */
import type {Route, RouteMatch} from './model.js'

/**
 * istioctl's MATCH text of a route: `prefix` → `<p>*`, `path_separated_prefix` → `PathPrefix:<p>`,
 * `path` → `<p>`, `safe_regex` → `regex <re>`, joined by spaces. Headers, query parameters and other
 * matchers are not shown (as istioctl).
 */
export function describeRouteMatch(match: RouteMatch | undefined): string {
  if (!match) return ''
  const parts: string[] = []
  if (typeof match.prefix === 'string') parts.push(`${match.prefix}*`)
  if (typeof match.path_separated_prefix === 'string') parts.push(`PathPrefix:${match.path_separated_prefix}`)
  if (typeof match.path === 'string') parts.push(match.path)
  if (match.safe_regex?.regex !== undefined) parts.push(`regex ${match.safe_regex.regex}`)
  return parts.join(' ')
}

/** The single cluster a route sends to (`route.cluster`), or undefined for weighted/header/redirect/direct. */
export function routeCluster(route: Route): string | undefined {
  return route.route?.cluster
}
