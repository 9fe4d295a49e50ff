/**
 * Cheap detection of the field-naming style of a JSON document (proto3 JSON mapping: parsers must accept
 * both the proto field name, snake_case in Envoy's API, and its lowerCamelCase json_name).
 */

/**
 * Guesses whether a message is written with lowerCamelCase field names. Samples object keys breadth-first
 * (first element of lists only, 5 levels deep), so it costs microseconds even on a 100 MB section. The
 * shallowest level holding a snake_case-looking or a lowerCamelCase-looking key decides, snake first:
 * Struct and map keys (`tlsMode` inside `filter_metadata`) sit deeper than the message fields around them.
 * A wrong "camel" only costs a schema-driven conversion, which keeps map and Struct keys verbatim anyway.
 * @returns `camel` or `snake` (also when nothing tells: single-word keys read the same in both styles)
 */
export function detectNaming(value: unknown): 'camel' | 'snake' {
  let level: unknown[] = [value]
  for (let depth = 0; depth < 5 && level.length > 0; depth++) {
    const next: unknown[] = []
    let camel = false
    for (const v of level) {
      if (Array.isArray(v)) {
        if (v.length > 0) next.push(v[0])
        continue
      }
      if (v === null || typeof v !== 'object') continue
      for (const [k, child] of Object.entries(v)) {
        if (/^[a-z][a-z0-9]*(_[a-z0-9]+)+$/.test(k)) return 'snake'
        if (/^[a-z][a-z0-9]*[A-Z]/.test(k)) camel = true
        if (child !== null && typeof child === 'object') next.push(child)
      }
    }
    if (camel) return 'camel'
    level = next
  }
  return 'snake'
}
