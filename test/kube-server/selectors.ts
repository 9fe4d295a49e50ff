/**
 * Kubernetes label and field selectors: parsing (the `labelSelector=` / `fieldSelector=` query
 * syntax of the API server) and matching.
 */
/** A `metav1.LabelSelector` (also accepts client-node's `V1LabelSelector`, whose operator is a plain string). */
export interface LabelSelectorLike {
  matchLabels?: Record<string, string>
  matchExpressions?: Array<{key: string; operator: string; values?: string[]}>
}

/** One parsed label requirement. */
export interface LabelRequirement {
  key: string
  op: 'in' | 'notin' | 'exists' | '!exists' | 'gt' | 'lt'
  values: string[]
}

/** Thrown for selectors the API server would reject (rendered as a 400 `BadRequest` Status). */
export class SelectorError extends Error {}

const SPECIAL = new Set([' ', '\t', '\n', ',', '=', '!', '(', ')', '<', '>'])

type Token = {t: 'id' | 'op'; v: string}

function lex(s: string): Token[] {
  const out: Token[] = []
  let i = 0
  while (i < s.length) {
    const c = s[i]!
    if (c === ' ' || c === '\t' || c === '\n') {
      i++
      continue
    }
    if (c === '=' && s[i + 1] === '=') {
      out.push({t: 'op', v: '=='})
      i += 2
    } else if (c === '!' && s[i + 1] === '=') {
      out.push({t: 'op', v: '!='})
      i += 2
    } else if (SPECIAL.has(c)) {
      out.push({t: 'op', v: c})
      i++
    } else {
      let j = i
      while (j < s.length && !SPECIAL.has(s[j]!)) j++
      out.push({t: 'id', v: s.slice(i, j)})
      i = j
    }
  }
  return out
}

/**
 * Parses a label selector string (`a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`,
 * `a>1`, `a<2`, comma-joined). Empty string → no requirements (matches everything).
 * @throws SelectorError on syntax errors.
 */
export function parseLabelSelector(s: string): LabelRequirement[] {
  const toks = lex(s)
  const reqs: LabelRequirement[] = []
  let i = 0
  const peek = (): Token | undefined => toks[i]
  const fail = (msg: string): never => {
    throw new SelectorError(`unable to parse requirement: ${msg}`)
  }
  while (i < toks.length) {
    let negate = false
    if (peek()?.t === 'op' && peek()!.v === '!') {
      negate = true
      i++
    }
    const key = toks[i]
    if (!key || key.t !== 'id') fail(`found '${key?.v ?? ''}', expected: identifier`)
    i++
    const next = peek()
    if (negate) {
      if (next && !(next.t === 'op' && next.v === ',')) fail(`found '${next.v}', expected: ',' or 'end of string'`)
      reqs.push({key: key!.v, op: '!exists', values: []})
    } else if (!next || (next.t === 'op' && next.v === ',')) {
      reqs.push({key: key!.v, op: 'exists', values: []})
    } else if (next.t === 'id' && (next.v === 'in' || next.v === 'notin')) {
      i++
      if (peek()?.v !== '(') fail(`found '${peek()?.v ?? ''}', expected: '('`)
      i++
      const values: string[] = []
      // values: id (',' id)* ; empty values allowed
      let expectValue = true
      while (i < toks.length && peek()!.v !== ')') {
        const tk = peek()!
        if (tk.t === 'op' && tk.v === ',') {
          if (expectValue) values.push('')
          expectValue = true
          i++
          continue
        }
        if (tk.t !== 'id') fail(`found '${tk.v}', expected: ',', ')' or identifier`)
        values.push(tk.v)
        expectValue = false
        i++
      }
      if (peek()?.v !== ')') fail(`found '', expected: ')'`)
      i++
      reqs.push({key: key!.v, op: next.v as 'in' | 'notin', values})
    } else if (next.t === 'op' && ['=', '==', '!=', '>', '<'].includes(next.v)) {
      i++
      let value = ''
      if (peek()?.t === 'id') {
        value = peek()!.v
        i++
      }
      if (next.v === '>' || next.v === '<') {
        if (!/^-?\d+$/.test(value)) fail(`for 'gt', 'lt' operators, the value must be an integer`)
        reqs.push({key: key!.v, op: next.v === '>' ? 'gt' : 'lt', values: [value]})
      } else {
        reqs.push({key: key!.v, op: next.v === '!=' ? 'notin' : 'in', values: [value]})
      }
    } else {
      fail(`found '${next.v}', expected: in, notin, =, ==, !=, gt, lt`)
    }
    const sep = peek()
    if (sep) {
      if (!(sep.t === 'op' && sep.v === ',')) fail(`found '${sep.v}', expected: ',' or 'end of string'`)
      i++
      if (i >= toks.length) fail(`found '', expected: identifier after ','`)
    }
  }
  return reqs
}

/** True when `labels` satisfy every requirement. */
export function matchRequirements(reqs: LabelRequirement[], labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {}
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key)
    const v = l[r.key]
    switch (r.op) {
      case 'exists':
        return has
      case '!exists':
        return !has
      case 'in':
        return has && r.values.includes(v!)
      case 'notin':
        return !has || !r.values.includes(v!)
      case 'gt':
        return has && /^-?\d+$/.test(v!) && Number(v) > Number(r.values[0])
      case 'lt':
        return has && /^-?\d+$/.test(v!) && Number(v) < Number(r.values[0])
    }
    return false
  })
}

/** Parses and matches in one go. */
export function matchLabelSelectorString(selector: string, labels: Record<string, string> | undefined): boolean {
  return matchRequirements(parseLabelSelector(selector), labels)
}

/** Converts a `metav1.LabelSelector` to requirements (nil/empty selector matches everything). */
export function labelSelectorToRequirements(sel: LabelSelectorLike | undefined): LabelRequirement[] {
  const reqs: LabelRequirement[] = []
  const ops: Record<string, LabelRequirement['op']> = {In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!exists'}
  for (const [k, v] of Object.entries(sel?.matchLabels ?? {})) reqs.push({key: k, op: 'in', values: [v]})
  for (const e of sel?.matchExpressions ?? []) {
    const op = ops[e.operator]
    if (!op) throw new SelectorError(`"${e.operator}" is not a valid label selector operator`)
    reqs.push({key: e.key, op, values: [...(e.values ?? [])]})
  }
  return reqs
}

/** Renders a `metav1.LabelSelector` in query syntax, like kubectl (`a=b,c in (x,y),!d`). */
export function labelSelectorToString(sel: LabelSelectorLike | undefined): string {
  return labelSelectorToRequirements(sel)
    .map((r) => {
      switch (r.op) {
        case 'in':
          return r.values.length === 1 && sel?.matchLabels?.[r.key] === r.values[0] ? `${r.key}=${r.values[0]}` : `${r.key} in (${[...r.values].sort().join(',')})`
        case 'notin':
          return `${r.key} notin (${[...r.values].sort().join(',')})`
        case 'exists':
          return r.key
        case '!exists':
          return `!${r.key}`
        default:
          return ''
      }
    })
    .join(',')
}

/** One parsed field-selector term. */
export interface FieldRequirement {
  field: string
  op: '=' | '!='
  value: string
}

/**
 * Parses a field selector (`status.phase=Running,metadata.name!=x`).
 * @param supported the field names the resource supports; others → SelectorError
 *   `field label not supported: <name>` (the API server's message).
 */
export function parseFieldSelector(s: string, supported: readonly string[]): FieldRequirement[] {
  const out: FieldRequirement[] = []
  for (const term of splitUnescaped(s, ',')) {
    if (term.trim() === '') continue
    const m = /^([^=!]+)(==|=|!=)(.*)$/.exec(term)
    if (!m) throw new SelectorError(`invalid selector: '${s}'; can't understand '${term}'`)
    const field = m[1]!.trim()
    if (!supported.includes(field)) throw new SelectorError(`field label not supported: ${field}`)
    out.push({field, op: m[2] === '!=' ? '!=' : '=', value: m[3]!.replace(/\\(.)/g, '$1')})
  }
  return out
}

function splitUnescaped(s: string, sep: string): string[] {
  const parts: string[] = []
  let cur = ''
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[i + 1]
      i++
    } else if (c === sep) {
      parts.push(cur)
      cur = ''
    } else cur += c
  }
  parts.push(cur)
  return parts
}

/** Matches field requirements against values extracted by `get(field)`. */
export function matchFields(reqs: FieldRequirement[], get: (field: string) => string): boolean {
  return reqs.every((r) => (r.op === '=' ? get(r.field) === r.value : get(r.field) !== r.value))
}
