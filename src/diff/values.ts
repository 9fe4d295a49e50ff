/**
 * Semantic comparison of Envoy JSON values (proto3 JSON mapping, snake_case): object key order never
 * counts, and neither does the order of the repeated fields Envoy treats as sets (virtual host
 * `domains`, filter chain match `server_names` and prefix ranges, route match `headers`...). Lists whose
 * order Envoy honours (routes, filters, HTTP filters, weighted clusters) are compared in order.
 */
import type {Json} from '../envoy/loose.js'

/** A JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | {[key: string]: JsonValue}

/** One changed field of a resource: its path, and the values before and after (absent when added or removed). */
export interface FieldChange {
  /** e.g. `route.cluster`, `hosts["10.244.1.9:9080"].health_status`, `domains`. */
  path: string
  /** The old value; absent when the field was added. */
  from?: JsonValue
  /** The new value; absent when the field was removed. */
  to?: JsonValue
}

/**
 * Repeated fields whose order has no meaning to Envoy (all entries are alternatives or all must hold), by
 * field name: `VirtualHost.domains`, `FilterChainMatch.{server_names, application_protocols,
 * prefix_ranges, source_prefix_ranges, direct_source_prefix_ranges, source_ports}`, `RouteMatch.{headers,
 * query_parameters}`, `RetryPolicy.{retriable_status_codes, retriable_headers, retriable_request_headers}`,
 * `CertificateValidationContext.match_subject_alt_names` / `match_typed_subject_alt_names`,
 * `ClusterLoadAssignment.LocalityLbEndpoints.lb_endpoints`.
 */
export const UNORDERED_FIELDS: ReadonlySet<string> = new Set([
  'domains', 'server_names', 'application_protocols', 'prefix_ranges', 'source_prefix_ranges', 'direct_source_prefix_ranges',
  'source_ports', 'headers', 'query_parameters', 'retriable_status_codes', 'retriable_headers', 'retriable_request_headers',
  'match_subject_alt_names', 'match_typed_subject_alt_names', 'lb_endpoints',
])

/**
 * JSON text with object keys sorted and {@link UNORDERED_FIELDS} lists sorted, so that two semantically
 * equal values give the same text.
 * @param field the field name the value sits under (decides whether a list is a set)
 */
export function canonicalJson(value: unknown, field = ''): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) {
    const items = value.map((v) => canonicalJson(v))
    if (UNORDERED_FIELDS.has(field)) items.sort()
    return `[${items.join(',')}]`
  }
  const keys = Object.keys(value).sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Json)[k], k)}`).join(',')}}`
}

/**
 * The value rewritten in canonical form (keys sorted, set-like lists sorted), for pretty-printing both
 * sides of a unified diff the same way.
 */
export function canonicalValue(value: unknown, field = ''): JsonValue {
  if (value === null || typeof value !== 'object') return value as JsonValue
  if (Array.isArray(value)) {
    const items = value.map((v) => canonicalValue(v))
    if (UNORDERED_FIELDS.has(field)) {
      const keyed = items.map((v) => [canonicalJson(v), v] as const)
      keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      return keyed.map(([, v]) => v)
    }
    return items
  }
  const out: {[key: string]: JsonValue} = {}
  for (const k of Object.keys(value).sort()) out[k] = canonicalValue((value as Json)[k], k)
  return out
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_@]*$/

/** Appends a key to a field path: `a.b` for identifiers, `a["10.0.0.1:80"]` otherwise. */
function joinKey(path: string, key: string): string {
  if (IDENT.test(key)) return path === '' ? key : `${path}.${key}`
  return `${path}[${JSON.stringify(key)}]`
}

/** Whether two values are equal under the rules of this module (fast path, no allocation when equal). */
export function sameValue(a: unknown, b: unknown, field = ''): boolean {
  if (a === b) return true
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    let ordered = true
    for (let i = 0; i < a.length; i++) {
      if (!sameValue(a[i], b[i])) {
        ordered = false
        break
      }
    }
    if (ordered) return true
    if (!UNORDERED_FIELDS.has(field)) return false
    const x = a.map((v) => canonicalJson(v)).sort()
    const y = b.map((v) => canonicalJson(v)).sort()
    return x.every((v, i) => v === y[i])
  }
  if (Array.isArray(b)) return false
  const ao = a as Json
  const bo = b as Json
  let n = 0
  for (const k in ao) {
    if (ao[k] === undefined) continue
    n++
    if (!sameValue(ao[k], bo[k], k)) return false
  }
  for (const k in bo) if (bo[k] !== undefined) n--
  return n === 0
}

/** {@link sameValue} for two objects, ignoring the top-level keys in `omit`. */
export function sameObjectExcept(a: Json, b: Json, omit: readonly string[]): boolean {
  let n = 0
  for (const k in a) {
    if (a[k] === undefined || omit.includes(k)) continue
    n++
    if (!sameValue(a[k], b[k], k)) return false
  }
  for (const k in b) if (b[k] !== undefined && !omit.includes(k)) n--
  return n === 0
}

/**
 * The changed fields between two values, deepest differing paths first-class: objects are descended key
 * by key, ordered lists of equal length element by element; a list of another length, a set-like list
 * that differs, or a change of kind is reported at its own path.
 * @param out where changes are appended, in the order of the keys of `a` then the new keys of `b`
 */
export function diffValues(a: unknown, b: unknown, path = '', field = '', out: FieldChange[] = []): FieldChange[] {
  if (sameValue(a, b, field)) return out
  const bothObjects = a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)
  if (!bothObjects) {
    out.push(fieldChange(path, a, b))
    return out
  }
  if (Array.isArray(a)) {
    const bl = b as unknown[]
    if (a.length !== bl.length || UNORDERED_FIELDS.has(field)) {
      out.push(fieldChange(path, a, b))
      return out
    }
    for (let i = 0; i < a.length; i++) diffValues(a[i], bl[i], `${path}[${i}]`, '', out)
    return out
  }
  const ao = a as Json
  const bo = b as Json
  const keys = Object.keys(ao).filter((k) => ao[k] !== undefined)
  for (const k of Object.keys(bo)) if (bo[k] !== undefined && !(k in ao && ao[k] !== undefined)) keys.push(k)
  for (const k of keys) diffValues(ao[k], bo[k], joinKey(path, k), k, out)
  return out
}

function fieldChange(path: string, a: unknown, b: unknown): FieldChange {
  const c: FieldChange = {path: path === '' ? '.' : path}
  if (a !== undefined) c.from = a as JsonValue
  if (b !== undefined) c.to = b as JsonValue
  return c
}
