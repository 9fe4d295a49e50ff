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
 * sequences not indented under their key, YAML 1.1 quoting of `y`/`yes`/`on` style strings.
 * @returns the text with a final newline
 */
export async function toYaml(value: unknown): Promise<string> {
  const {stringify} = await import('yaml')
  return stringify(value, {indentSeq: false, sortMapEntries: true, lineWidth: 0, version: '1.1'})
}

/** Envoy's own JSON for `-o raw`: 2-space indent, keys as found, no escaping changes. */
export function toRawJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n'
}
