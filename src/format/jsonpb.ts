/**
 * JSON exactly as istioctl's `protomarshal.ToJSONWithIndent` prints a message: the golang/protobuf v1
 * `jsonpb.Marshaler{Indent}` layout, including its quirk for `google.protobuf.Struct` (the entries of a
 * Struct are indented two levels deeper than the key that holds them, and the closing brace one level),
 * e.g. `node.metadata` in `istioctl proxy-status -o json`:
 *
 * ```
 *             "node": {
 *                 "id": "proxy1",
 *                 "metadata": {
 *                         "CLUSTER_ID": "cluster1"
 *                     }
 *             },
 * ```
 *
 * The caller builds the message tree: plain objects are messages whose keys are already in .proto
 * declaration order with default-valued fields left out (jsonpb omits them), arrays are repeated fields
 * (empty ones are omitted), {@link StructValue} marks a `google.protobuf.Struct`. An empty message
 * prints `{\n\n}`.
 */

/** A `google.protobuf.Struct` value inside a message tree given to {@link toJsonpb}. */
export class StructValue {
  /** @param fields the Struct's JSON object (nested objects are Structs, arrays ListValues) */
  constructor(readonly fields: Readonly<Record<string, unknown>>) {}
}

/** Go's `json.Marshal` of a string (HTML-safe escapes of `<`, `>`, `&`, U+2028 and U+2029). */
function goString(s: string): string {
  const j = JSON.stringify(s)
  if (!/[<>&\u2028\u2029]/.test(j)) return j
  return j.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** Go's byte order of map keys (UTF-8 bytes; code-unit order gives the same for keys without surrogates). */
const byGoOrder = (a: string, b: string): number => {
  // eslint-disable-next-line no-control-regex
  if (/[\ud800-\udfff]/.test(a) || /[\ud800-\udfff]/.test(b)) return Buffer.compare(Buffer.from(a), Buffer.from(b))
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * Serialises a message tree as jsonpb does.
 * @param message the top-level message (a plain object, see the module comment)
 * @param indent one indent step (istioctl uses four spaces)
 * @returns the text without a final newline (istioctl adds one with `Println`)
 */
export function toJsonpb(message: Readonly<Record<string, unknown>>, indent = '    '): string {
  let out = ''
  const w = (s: string) => {
    out += s
  }

  // marshalMessage(m, ind): a message's fields at ind+indent
  const msg = (m: Readonly<Record<string, unknown>>, ind: string): void => {
    w('{\n')
    let first = true
    for (const [k, v] of Object.entries(m)) {
      if (v === undefined || (Array.isArray(v) && v.length === 0)) continue
      if (!first) w(',\n')
      first = false
      w(`${ind}${indent}${goString(k)}: `)
      field(v, ind)
    }
    w(`\n${ind}}`)
  }
  // marshalValue(fd, v, ind) for a field of a message whose indent is ind
  const field = (v: unknown, ind: string): void => {
    if (Array.isArray(v)) {
      w('[')
      v.forEach((item, i) => {
        if (i > 0) w(',')
        w(`\n${ind}${indent}${indent}`)
        singular(item, ind + indent)
      })
      w(`\n${ind}${indent}]`)
      return
    }
    singular(v, ind)
  }
  // marshalSingularValue: messages are marshalled one level deeper
  const singular = (v: unknown, ind: string): void => {
    if (v instanceof StructValue) structMsg(v.fields, ind + indent)
    else if (v !== null && typeof v === 'object') msg(v as Record<string, unknown>, ind + indent)
    else scalar(v)
  }
  // a Struct marshalled at ind: its `fields` map written by marshalValue(map, ind)
  const structMsg = (fields: Readonly<Record<string, unknown>>, ind: string): void => {
    w('{')
    Object.keys(fields)
      .sort(byGoOrder)
      .forEach((k, i) => {
        if (i > 0) w(',')
        w(`\n${ind}${indent}${indent}${goString(k)}: `)
        // map value (a Value message) marshalled at ind+indent+indent
        value(fields[k], ind + indent + indent)
      })
    w(`\n${ind}${indent}}`)
  }
  // a google.protobuf.Value marshalled at ind: its kind, via marshalValue(kind, ind)
  const value = (v: unknown, ind: string): void => {
    if (Array.isArray(v)) {
      // ListValue at ind+indent: marshalValue(values, ind+indent)
      const li = ind + indent
      w('[')
      v.forEach((item, i) => {
        if (i > 0) w(',')
        w(`\n${li}${indent}${indent}`)
        value(item, li + indent + indent)
      })
      w(`\n${li}${indent}]`)
    } else if (v !== null && typeof v === 'object') structMsg(v as Record<string, unknown>, ind + indent)
    else scalar(v)
  }
  const scalar = (v: unknown): void => {
    if (typeof v === 'string') w(goString(v))
    else if (typeof v === 'number' || typeof v === 'boolean') w(String(v))
    else w('null')
  }
  msg(message, '')
  return out
}
