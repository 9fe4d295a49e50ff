/**
 * Envoy's request matchers on strings: `envoy.type.matcher.v3.StringMatcher`,
 * `envoy.config.route.v3.HeaderMatcher` (current `string_match` form and the legacy `exact_match`,
 * `safe_regex_match`, `prefix_match`, `suffix_match`, `contains_match`, `present_match`, `range_match`
 * fields) and `envoy.config.route.v3.QueryParameterMatcher`, with Envoy's semantics
 * (`source/common/http/header_utility.cc` `HeaderUtility::matchHeaders`, `source/common/common/matchers.cc`).
 */
import type {Json} from '../envoy/loose.js'
import {regexFullMatch} from './regex.js'

/**
 * Evaluates a `StringMatcher` (`exact`, `prefix`, `suffix`, `contains`, `safe_regex`, with
 * `ignore_case` for all but regex) against a value.
 * @returns false for a matcher without a known specifier
 */
export function matchString(m: Json | undefined, value: string): boolean {
  if (!m) return false
  const ic = m.ignore_case === true
  const v = ic ? value.toLowerCase() : value
  const norm = (s: unknown) => (ic ? String(s).toLowerCase() : String(s))
  if (m.exact !== undefined) return v === norm(m.exact)
  if (m.prefix !== undefined) return v.startsWith(norm(m.prefix))
  if (m.suffix !== undefined) return v.endsWith(norm(m.suffix))
  if (m.contains !== undefined) return v.includes(norm(m.contains))
  if (m.safe_regex !== undefined) return regexFullMatch(m.safe_regex, value)
  return false
}

/** A short text of a `StringMatcher`, e.g. `exact "jason"`, `regex ^/v\d+`. */
export function describeStringMatch(m: Json | undefined): string {
  if (!m) return 'any'
  const ic = m.ignore_case === true ? ' (ignore case)' : ''
  if (m.exact !== undefined) return `exact "${m.exact}"${ic}`
  if (m.prefix !== undefined) return `prefix "${m.prefix}"${ic}`
  if (m.suffix !== undefined) return `suffix "${m.suffix}"${ic}`
  if (m.contains !== undefined) return `contains "${m.contains}"${ic}`
  if (m.safe_regex !== undefined) return `regex ${m.safe_regex?.regex ?? ''}`
  return 'unknown matcher'
}

/**
 * The request as header matchers see it: lower-case names → values in arrival order. Pseudo-headers
 * (`:authority`, `:path`, `:method`, `:scheme`) are present like any other header, as in Envoy.
 */
export type HeaderLookup = (name: string) => string[] | undefined

type Kind = 'present' | 'value' | 'regex' | 'range' | 'prefix' | 'suffix' | 'contains' | 'string'

function headerKind(h: Json): Kind {
  if (h.string_match !== undefined) return 'string'
  if (h.exact_match !== undefined) return 'value'
  if (h.safe_regex_match !== undefined) return 'regex'
  if (h.range_match !== undefined) return 'range'
  if (h.present_match !== undefined) return 'present'
  if (h.prefix_match !== undefined) return 'prefix'
  if (h.suffix_match !== undefined) return 'suffix'
  if (h.contains_match !== undefined) return 'contains'
  return 'present'
}

/**
 * One `HeaderMatcher` against the request, exactly as Envoy's `HeaderUtility::matchHeaders`: several
 * values of a header are joined with `,`; a missing header matches only `present_match: false` (or
 * `present_match: true` with `invert_match`) unless `treat_missing_header_as_empty`; a matcher with only
 * a name is a presence test; `invert_match` inverts the result for present headers.
 */
export function matchHeader(h: Json, headers: HeaderLookup): boolean {
  const name = String(h.name ?? '').toLowerCase()
  const values = headers(name)
  const kind = headerKind(h)
  const present = kind === 'present' ? h.present_match !== false : true
  const invert = h.invert_match === true
  if ((values === undefined || values.length === 0) && h.treat_missing_header_as_empty !== true) {
    return invert ? kind === 'present' && present : kind === 'present' && !present
  }
  const value = values && values.length > 0 ? values.join(',') : ''
  let match: boolean
  switch (kind) {
    case 'value':
      match = h.exact_match === '' || value === String(h.exact_match)
      break
    case 'regex':
      match = regexFullMatch(h.safe_regex_match, value)
      break
    case 'range': {
      const n = /^[+-]?\d+$/.test(value) ? Number(value) : NaN
      match = !Number.isNaN(n) && n >= Number(h.range_match?.start ?? 0) && n < Number(h.range_match?.end ?? 0)
      break
    }
    case 'present':
      match = present
      break
    case 'prefix':
      match = value.startsWith(String(h.prefix_match))
      break
    case 'suffix':
      match = value.endsWith(String(h.suffix_match))
      break
    case 'contains':
      match = value.includes(String(h.contains_match))
      break
    case 'string':
      match = matchString(h.string_match, value)
      break
  }
  return match !== invert
}

/** A short text of a `HeaderMatcher`, e.g. `end-user exact "jason"`, `!x-canary present`. */
export function describeHeaderMatch(h: Json): string {
  const name = String(h.name ?? '')
  const not = h.invert_match === true ? 'not ' : ''
  switch (headerKind(h)) {
    case 'string':
      return `${name} ${not}${describeStringMatch(h.string_match)}`
    case 'value':
      return `${name} ${not}exact "${h.exact_match}"`
    case 'regex':
      return `${name} ${not}regex ${h.safe_regex_match?.regex ?? ''}`
    case 'range':
      return `${name} ${not}in [${h.range_match?.start ?? 0}, ${h.range_match?.end ?? 0})`
    case 'prefix':
      return `${name} ${not}prefix "${h.prefix_match}"`
    case 'suffix':
      return `${name} ${not}suffix "${h.suffix_match}"`
    case 'contains':
      return `${name} ${not}contains "${h.contains_match}"`
    case 'present':
      return `${name} ${(h.present_match !== false) !== (h.invert_match === true) ? 'present' : 'absent'}`
  }
}

/**
 * Parses the query string of a `:path` into decoded name → values (Envoy
 * `Http::Utility::QueryParamsMulti::parseAndDecodeQueryString`).
 */
export function parseQuery(path: string): Map<string, string[]> {
  const out = new Map<string, string[]>()
  const q = path.indexOf('?')
  if (q === -1) return out
  const end = path.indexOf('#', q)
  const text = path.slice(q + 1, end === -1 ? undefined : end)
  for (const part of text.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    const k = decode(eq === -1 ? part : part.slice(0, eq))
    const v = eq === -1 ? '' : decode(part.slice(eq + 1))
    const list = out.get(k)
    if (list) list.push(v)
    else out.set(k, [v])
  }
  return out
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

/**
 * One `QueryParameterMatcher` (Envoy `ConfigUtility::QueryParameterMatcher::matches`): the parameter
 * must be present; with `string_match` its first value must match; `present_match` or no matcher is a
 * presence test.
 */
export function matchQueryParameter(m: Json, query: Map<string, string[]>): boolean {
  const values = query.get(String(m.name ?? ''))
  if (values === undefined) return false
  if (m.present_match === true || m.string_match === undefined) return true
  return matchString(m.string_match, values[0])
}

/** A short text of a `QueryParameterMatcher`. */
export function describeQueryMatch(m: Json): string {
  if (m.string_match === undefined) return `?${m.name ?? ''} present`
  return `?${m.name ?? ''} ${describeStringMatch(m.string_match)}`
}
