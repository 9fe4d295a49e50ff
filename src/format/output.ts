/**
 * Machine-readable output: JSON the way istioctl prints it (4-space indent, Go's HTML-safe escapes) and
 * YAML the way `sigs.k8s.io/yaml` prints it (keys sorted, sequences flush with their key).
 */

/** The output formats of the `proxy-config` views. `raw` is Envoy's own JSON (snake_case, lossless). */
export type OutputFormat = 'short' | 'json' | 'yaml' | 'raw'

/**
 * JSON with a 4-space indent, as istioctl's `MarshalIndent(..., "", "    ")`, including Go's escaping of
 * `<`, `>`, `&`, U+2028 and U+2029 (so output is byte-compatible where values contain them).
 * @returns the text with a final newline
 */
export function toJson(value: unknown): string {
  const text = JSON.stringify(value, null, 4) ?? 'null'
  return text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n'
}

/**
 * YAML as istioctl prints it (JSON converted by `sigs.k8s.io/yaml`): map keys sorted, 2-space indent,
 * sequences not indented under their key, YAML 1.1 quoting of `y`/`yes`/`on` style strings. Quoting as
 * go-yaml v2 chooses it: a string that would read back as another type (`"1.20"`, `"yes"`, `""`) in
 * double quotes, any other string that cannot be plain (`'@type'`, `'{"a":1}'`) in single quotes.
 * @returns the text with a final newline
 */
export async function toYaml(value: unknown): Promise<string> {
  const {Document, isScalar, parse, visit} = await import('yaml')
  const options = {indentSeq: false, sortMapEntries: true, lineWidth: 0, version: '1.1', singleQuote: true} as const
  const doc = new Document(value, options)
  // go-yaml v2 reads these as timestamps (its allowedTimestampFormats)
  const timestamp = /^\d{4}-\d\d?-\d\d?(?:(?:[Tt]\d\d?:\d\d?:\d\d?(?:\.\d{1,9})?(?:Z|[-+]\d\d:\d\d))|(?: \d\d?:\d\d?:\d\d?(?:\.\d{1,9})?))?$/
  // only these can read back as a number, bool, null or merge key (a cheap test before parsing)
  const maybeTyped = /^(?:$|[-+.~0-9]|(?:y|n|yes|no|on|off|true|false|null|<<)$)/i
  const retyped = (text: string) => {
    try {
      const v: unknown = parse(text, {version: '1.1'})
      return v === null || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint'
    } catch {
      return false
    }
  }
  visit(doc, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === 'string' && ((maybeTyped.test(node.value) && retyped(node.value)) || timestamp.test(node.value))) node.type = 'QUOTE_DOUBLE'
    },
  })
  return doc.toString(options)
}

/** Envoy's own JSON for `-o raw`: 2-space indent, keys as found, no escaping changes. */
export function toRawJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n'
}
