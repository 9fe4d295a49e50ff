/**
 * RE2 (`envoy.type.matcher.v3.RegexMatcher` with `google_re2`) evaluated with JavaScript regular
 * expressions. Envoy's regex matchers are full matches (`RE2::FullMatch`); the RE2 syntax Istio and
 * hand-written configs use (classes, repetition, groups, `(?i)`, `(?P<name>...)`, `\A`, `\z`) maps onto
 * JavaScript's with the rewrites below. Compiled patterns are cached.
 */
import type {Json} from '../envoy/loose.js'

const cache = new Map<string, RegExp | null>()

/**
 * Translates an RE2 pattern to a JavaScript RegExp anchored at both ends (a full match).
 * @param pattern RE2 source, e.g. `^/users/\d+$`
 * @returns the compiled expression, or undefined when JavaScript cannot compile the translation
 */
export function fullMatchRegex(pattern: string): RegExp | undefined {
  let re = cache.get(pattern)
  if (re === undefined) {
    let source = pattern
    let flags = ''
    const inline = /^\(\?([imsU]+)\)/.exec(source)
    if (inline) {
      source = source.slice(inline[0].length)
      if (inline[1].includes('i')) flags += 'i'
      if (inline[1].includes('s')) flags += 's'
    }
    source = source.replace(/\(\?P</g, '(?<').replace(/\\A/g, '^').replace(/\\z/g, '$')
    try {
      re = new RegExp(`^(?:${source})$`, flags)
    } catch {
      re = null
    }
    cache.set(pattern, re)
  }
  return re ?? undefined
}

/**
 * RE2 `FullMatch` of a `RegexMatcher` (`{regex, google_re2?}`) against a value.
 * @returns false for a pattern JavaScript cannot compile
 */
export function regexFullMatch(matcher: Json | undefined, value: string): boolean {
  const pattern = typeof matcher?.regex === 'string' ? matcher.regex : undefined
  if (pattern === undefined) return false
  return fullMatchRegex(pattern)?.test(value) ?? false
}

/**
 * RE2 `GlobalReplace` as Envoy's `RegexMatchAndSubstitute` does it (`regex_rewrite`): every match of
 * `pattern.regex` in `value` replaced by `substitution`, where `\0`..`\9` refer to capture groups.
 */
export function regexSubstitute(pattern: Json | undefined, substitution: string, value: string): string {
  const source = typeof pattern?.regex === 'string' ? pattern.regex : undefined
  if (source === undefined) return value
  let re: RegExp
  try {
    re = new RegExp(source.replace(/\(\?P</g, '(?<'), 'g')
  } catch {
    return value
  }
  return value.replace(re, (...m: unknown[]) => {
    const groups = m.slice(0, -2) as Array<string | undefined>
    return substitution.replace(/\\(\d)|\\\\/g, (all, d: string | undefined) => (d === undefined ? '\\' : groups[Number(d)] ?? ''))
  })
}
