/**
 * Reading only the sections a view needs from a large config dump text, without parsing the rest.
 *
 * Envoy's `/config_dump` is `{"configs": [S1, S2, ...]}` where every section Si is an object whose first
 * key is `"@type": "type.googleapis.com/envoy.admin.v3.<Kind>ConfigDump"`. In valid JSON the sequence
 * `{ "@type": "type.googleapis.com/envoy.admin.v3.` with raw quotes can only be structure (a quote inside a
 * string is escaped), so the section boundaries can be found with `indexOf` alone. The result is exact
 * or nothing: every wanted slice must parse as an object of the expected type, and the slices must tile
 * the `configs` array from its `[` to its `]`; otherwise the caller parses the whole text.
 */
import type {Json, SectionKind} from './config-dump.js'

const MARK = '"type.googleapis.com/envoy.admin.v3.'

/**
 * Parses only the sections of the given kinds.
 * @param text the whole dump text
 * @param kinds the section kinds wanted
 * @returns a config dump value `{configs: [...]}` holding just those sections (in dump order), or
 *   undefined when the text is not laid out as expected (then parse it whole)
 */
export function parseSections(text: string, kinds: readonly SectionKind[]): {configs: Json[]} | undefined {
  const starts: Array<{kind: string; start: number}> = []
  for (let i = text.indexOf(MARK); i !== -1; i = text.indexOf(MARK, i + MARK.length)) {
    const close = text.indexOf('"', i + 1)
    const type = text.slice(i + MARK.length, close)
    // the text before the type URL must be `{ "@type" :` (whitespace allowed)
    const before = /\{\s*"@type"\s*:\s*$/.exec(text.slice(Math.max(0, i - 40), i))
    if (!before) continue // a type URL used as a value elsewhere, not a section start
    if (!type.endsWith('ConfigDump')) return undefined // e.g. a ?resource= answer: parse it whole
    starts.push({kind: type.slice(0, -'ConfigDump'.length), start: i - before[0].length + before[0].indexOf('{')})
  }
  if (starts.length === 0) return undefined
  if (!/^\s*\{\s*"configs"\s*:\s*\[\s*$/.test(text.slice(0, starts[0].start))) return undefined
  const tail = /\]\s*\}\s*$/.exec(text.slice(-64))
  if (!tail) return undefined
  const end = text.length - tail[0].length
  const configs: Json[] = []
  for (let k = 0; k < starts.length; k++) {
    const from = starts[k].start
    let to = k + 1 < starts.length ? starts[k + 1].start : end
    if (k + 1 < starts.length) {
      const gap = /,\s*$/.exec(text.slice(Math.max(from, to - 64), to))
      if (!gap) return undefined
      to -= gap[0].length
    }
    if (!kinds.includes(starts[k].kind as SectionKind)) continue
    let section: unknown
    try {
      section = JSON.parse(text.slice(from, to))
    } catch {
      return undefined
    }
    if (section === null || typeof section !== 'object' || !String((section as Json)['@type']).endsWith(`${starts[k].kind}ConfigDump`)) return undefined
    configs.push(section as Json)
  }
  return {configs}
}
