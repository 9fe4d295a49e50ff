/**
 * Checking that a JSON value has the shape mpx reads, in one pass, before any view, trace or check looks
 * at it. A shape lists, per message, only the fields mpx reads, with the JSON type the proto3 JSON mapping
 * gives them (https://protobuf.dev/programming-guides/json/); other fields are not looked at. A field of
 * the wrong JSON type, or `null` where a value stands, is an {@link InputError} naming its path from the
 * section down and the expected shape:
 * `malformed config dump: ClustersConfigDump.static_clusters is a boolean, expected a list`.
 */
import {InputError} from '../errors.js'

/**
 * Deepest nesting of objects and lists mpx accepts in a document (a config dump, a `/clusters` answer, a
 * RouteConfiguration). Envoy's own dumps stay below 40; deeper input is refused with a message naming
 * this limit instead of overflowing the stack of a renderer.
 */
export const MAX_NESTING = 200

/** Scalar kinds. `scalar`: string, number or boolean. `uint`: a number, a numeric string (64-bit
 * integers) or a wrapper `{"value": n}`. `flag`: a boolean or a `{"value": b}` wrapper. `object`: any
 * object (contents not read here). `any`: anything but null. */
export type ScalarKind = 'string' | 'number' | 'boolean' | 'scalar' | 'uint' | 'flag' | 'object' | 'any'

/** A message: its proto name (for messages) and the shape of each field mpx reads. */
export interface MessageShape<T = unknown> {
  readonly message: string
  readonly fields: {readonly [K in keyof T]-?: Shape}
}

/** A `google.protobuf.Any`: the shape is chosen by the last segment of `@type`; other types are opaque objects. */
export interface AnyShape {
  readonly any: Readonly<Record<string, MessageShape>>
}

/** The shape of one value. A function defers a message shape (recursive or mutually referring messages). */
export type Shape =
  | ScalarKind
  | MessageShape
  | AnyShape
  | {readonly list: Shape}
  | {readonly map: Shape}
  | (() => MessageShape)

const EXPECTED: Record<ScalarKind, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  scalar: 'a string, number or boolean',
  uint: 'a number',
  flag: 'a boolean',
  object: 'an object',
  any: 'a value',
}

/** `a boolean`, `a list`, `null`... for messages. */
export function describeJsonType(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'a list'
  switch (typeof v) {
    case 'string':
      return 'a string'
    case 'number':
      return 'a number'
    case 'boolean':
      return 'a boolean'
    case 'object':
      return 'an object'
    default:
      return typeof v
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

function fail(what: string, path: string, v: unknown, expected: string): never {
  throw new InputError(`malformed ${what}: ${path} is ${describeJsonType(v)}, expected ${expected}`, 'MALFORMED')
}

function scalarOk(kind: ScalarKind, v: unknown): boolean {
  switch (kind) {
    case 'string':
      return typeof v === 'string'
    case 'number':
      return typeof v === 'number'
    case 'boolean':
      return typeof v === 'boolean'
    case 'scalar':
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
    case 'uint':
      return typeof v === 'number' || (typeof v === 'string' && /^-?\d+$/.test(v)) || (isObject(v) && (v.value === undefined || typeof v.value === 'number' || (typeof v.value === 'string' && /^-?\d+$/.test(v.value))))
    case 'flag':
      return typeof v === 'boolean' || (isObject(v) && (v.value === undefined || typeof v.value === 'boolean'))
    case 'object':
      return isObject(v)
    case 'any':
      return v !== null
  }
}

/**
 * Checks a value against a shape.
 * @param value the parsed JSON value
 * @param shape its expected shape
 * @param path the name of the value in messages (e.g. `ClustersConfigDump`)
 * @param what the document kind in messages (`config dump`, `/clusters answer`)
 * @throws InputError `malformed <what>: <path> is <type>, expected <shape>`, or when nesting passes
 *   {@link MAX_NESTING}
 */
export function checkShape(value: unknown, shape: Shape, path: string, what = 'config dump'): void {
  walk(value, shape, path, what, 0)
}

function walk(v: unknown, shape: Shape, path: string, what: string, depth: number): void {
  if (depth > MAX_NESTING) tooDeep(what, path)
  if (typeof shape === 'string') {
    if (!scalarOk(shape, v)) fail(what, path, v, EXPECTED[shape])
    return
  }
  if (typeof shape === 'function') shape = shape()
  if ('list' in shape) {
    if (!Array.isArray(v)) fail(what, path, v, 'a list')
    const item = shape.list
    for (let i = 0; i < v.length; i++) walk(v[i], item, `${path}[${i}]`, what, depth + 1)
    return
  }
  if (!isObject(v)) fail(what, path, v, 'map' in shape ? 'an object (a map)' : 'any' in shape ? 'an object (google.protobuf.Any)' : `an object (${shortName(shape.message)})`)
  if ('map' in shape) {
    for (const k in v) walk(v[k], shape.map, `${path}.${k}`, what, depth + 1)
    return
  }
  if ('any' in shape) {
    const type = v['@type']
    if (type === undefined) return
    if (typeof type !== 'string') fail(what, `${path}.@type`, type, 'a string')
    const inner = shape.any[type.slice(type.lastIndexOf('/') + 1)]
    if (inner) walkFields(v, inner, path, what, depth)
    return
  }
  walkFields(v, shape, path, what, depth)
}

function walkFields(v: Record<string, unknown>, shape: MessageShape, path: string, what: string, depth: number): void {
  const fields = shape.fields as Readonly<Record<string, Shape>>
  for (const k in fields) {
    const x = v[k]
    if (x !== undefined) walk(x, fields[k]!, `${path}.${k}`, what, depth + 1)
  }
}

function shortName(message: string): string {
  return message.slice(message.lastIndexOf('.') + 1)
}

function tooDeep(what: string, path: string): never {
  throw new InputError(`malformed ${what}: ${path} is nested deeper than ${MAX_NESTING} levels (mpx's limit)`, 'TOO_DEEP')
}

/**
 * Checks that a value nests objects and lists at most {@link MAX_NESTING} deep, without recursion (so it
 * cannot overflow the stack itself). Run before handing a value to a recursive renderer (JSON, YAML,
 * field renaming).
 * @throws InputError `malformed <what>: <name> is nested deeper than 200 levels (mpx's limit)`
 */
export function checkNesting(value: unknown, name: string, what = 'config dump'): void {
  if (value === null || typeof value !== 'object') return
  const stack: Array<[unknown, number]> = [[value, 1]]
  while (stack.length > 0) {
    const [v, d] = stack.pop()!
    if (d > MAX_NESTING) tooDeep(what, name)
    if (Array.isArray(v)) {
      for (const x of v) if (x !== null && typeof x === 'object') stack.push([x, d + 1])
    } else {
      for (const k in v as Record<string, unknown>) {
        const x = (v as Record<string, unknown>)[k]
        if (x !== null && typeof x === 'object') stack.push([x, d + 1])
      }
    }
  }
}
