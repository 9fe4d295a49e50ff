#!/usr/bin/env node
/**
 * Generates src/proto/descriptor.json: a compact schema of the Envoy xDS / admin API messages that
 * src/proto/proto-json.ts needs to convert between Envoy's snake_case JSON (proto field names) and the
 * proto3 JSON mapping's lowerCamelCase json_names (what istioctl / istiod print).
 *
 * Input: the .proto files shipped in node_modules/@grpc/grpc-js-xds/deps/ (envoy-api, xds, googleapis,
 * protoc-gen-validate) and protobufjs's bundled google/protobuf well-known types. Parsed with protobufjs
 * (keepCase, so field names are the proto names).
 *
 * Output format (version 1), deterministic (packages and messages sorted, fields in declaration order):
 *
 *   {
 *     "format": "mpx-proto-descriptor/1",
 *     "source": "...",                       // where the schema came from (informational)
 *     "packages": [
 *       ["envoy.admin.v3", [                  // package name, then its messages sorted by relative name
 *         ["BootstrapConfigDump", <field>, <field>, ...],  // relative name (nested: "Outer.Inner"), fields
 *         ...
 *       ]],
 *       ...
 *     ]
 *   }
 *
 * A message's global index is its position when all packages' message lists are concatenated in order.
 * Fields are listed in proto declaration order (the order istioctl's Go JSON marshaller emits them). Each
 * <field> is one of:
 *
 *   "name"                  singular scalar or enum whose json_name is the default lowerCamel of the name
 *   ["name", kind]          any other field whose json_name is the default
 *   ["name", kind, "json"]  a field with an explicit json_name option
 *
 * kind = category * 8 + (integerKeys ? 4 : 0) + (map ? 2 : 0) + (repeated ? 1 : 0), where category is 0
 * for a value kept verbatim (a scalar, or a message type whose .proto is not shipped, see below), 1 for an
 * enum and 2 + i for the message with global index i. For a map field the category describes the map's
 * VALUE type (proto3 JSON map keys are strings, kept verbatim); integerKeys marks a map whose key type is
 * an integer type (Go's JSON marshaller sorts those keys numerically, string and bool keys lexically).
 *
 * A package entry may carry a third element, an object with proto3 presence and versioning facts used by
 * comparisons (`mpx proxy-status <pod>`); readers that do not know it ignore it:
 *
 *   ["envoy.config.cluster.v3", [...messages...], {
 *     "defaults": [<codes>, ...],             // parallel to the messages list (same order)
 *     "previous": {"Cluster": "envoy.api.v2.Cluster", ...}   // udpa.annotations.versioning
 *   }]
 *
 * <codes> is a string with one character per field of the message, in declaration order, saying when the
 * field's JSON value is its proto3 default and so means the same as an absent field (implicit presence):
 *   "-"  never (singular message fields, proto3 `optional` and proto2 fields: presence is tracked, so a
 *        present default is a real value; also fields of unresolved types). Scalar and enum members of a
 *        oneof get their type's code: Envoy reads a oneof set to its zero value like an unset one (e.g.
 *        Cluster.type STATIC), and Envoy versions disagreed on which fields were oneofs (istio#12958)
 *   "r"  a repeated or map field: an empty list / object
 *   "b"  bool: false            "s"  string or bytes: ""
 *   "n"  32-bit integer, float or double: 0 (or "0")
 *   "l"  64-bit integer: "0" (or 0)
 *   "e"  enum: 0 or the name of its zero value; then <codes> is an array [string, zeroName, ...] listing
 *        the zero value's name of each "e" field in order
 * Trailing "-" are omitted, so a message without such fields has "". `previous` maps a (top-level)
 * message to the message it replaced in the previous API version (`envoy.api.v2.Cluster` for
 * `envoy.config.cluster.v3.Cluster`), so v2 type URLs can be read as their v3 successors.
 *
 * Run: node scripts/gen-descriptor.mjs           writes the file, prints its size and the schema gaps
 *      node scripts/gen-descriptor.mjs --check   exits 1 if the checked-in file differs from a fresh run
 */
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import protobuf from 'protobufjs'

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const deps = path.join(repo, 'node_modules/@grpc/grpc-js-xds/deps')
const outFile = path.join(repo, 'src/proto/descriptor.json')

/** Include roots, searched in order for `import "..."` paths. */
const includeDirs = [
  path.join(deps, 'envoy-api'),
  path.join(deps, 'xds'),
  path.join(deps, 'googleapis'),
  path.join(deps, 'protoc-gen-validate'),
  // google/protobuf/descriptor.proto (the other well-known types are built into protobufjs).
  path.join(repo, 'node_modules/protobufjs'),
]

/** Directories (relative to an include root) whose every .proto is loaded explicitly. */
const seedDirs = [
  [path.join(deps, 'envoy-api'), 'envoy'],
  [path.join(deps, 'xds'), 'xds'],
  [path.join(deps, 'xds'), 'udpa'],
  [path.join(deps, 'googleapis'), 'google/rpc'],
]

/** Well-known types bundled with protobufjs (google.protobuf.*), loaded whether referenced or not. */
const wellKnown = [
  'google/protobuf/any.proto',
  'google/protobuf/duration.proto',
  'google/protobuf/timestamp.proto',
  'google/protobuf/empty.proto',
  'google/protobuf/struct.proto',
  'google/protobuf/wrappers.proto',
  'google/protobuf/field_mask.proto',
  path.join(repo, 'node_modules/protobufjs/google/protobuf/descriptor.proto'),
]

/** Message full names with one of these prefixes are roots of the output (plus what they reference). */
const rootPrefixes = ['envoy.', 'xds.', 'udpa.', 'google.protobuf.', 'google.rpc.']

function listProtos(base, rel) {
  const out = []
  const walk = (dir) => {
    for (const ent of fs.readdirSync(path.join(base, dir), {withFileTypes: true})) {
      const p = path.posix.join(dir, ent.name)
      if (ent.isDirectory()) walk(p)
      else if (ent.name.endsWith('.proto')) out.push(p)
    }
  }
  walk(rel)
  return out.sort()
}

/** protoc's default json_name: drop each '_' and upper-case the letter after it (ToJsonName). */
function defaultJsonName(name) {
  let out = ''
  let upper = false
  for (const c of name) {
    if (c === '_') upper = true
    else if (upper) {
      out += c.toUpperCase()
      upper = false
    } else out += c
  }
  return out
}

/** Resolves an import path against the include roots; protobufjs's bundled types count as found. */
function findImport(target) {
  if (target in protobuf.common) return target
  for (const dir of includeDirs) {
    const p = path.join(dir, target)
    if (fs.existsSync(p)) return p
  }
  return null
}

/*
 * Files are parsed one by one (not with Root.loadSync) because the package ships only part of some
 * API trees: e.g. envoy/config/accesslog/v2 without the envoy/api/v2 files it imports, or
 * envoy/extensions/access_loggers/open_telemetry/v3 without the opentelemetry protos. Such files are
 * still loaded; a field whose type cannot be resolved is encoded as opaque (value kept verbatim).
 */
const root = new protobuf.Root()
const loaded = new Set()
const missingImports = new Set()
function loadFile(file) {
  if (loaded.has(file)) return
  loaded.add(file)
  if (file in protobuf.common) {
    root.addJSON(protobuf.common[file].nested)
    return
  }
  const parsed = protobuf.parse(fs.readFileSync(file, 'utf8'), root, {keepCase: true})
  for (const imp of [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]) {
    const dep = findImport(imp)
    if (dep === null) missingImports.add(imp)
    else loadFile(dep)
  }
}

const files = [...wellKnown]
for (const [base, rel] of seedDirs) for (const f of listProtos(base, rel)) files.push(path.join(base, f))
const t0 = performance.now()
for (const f of files) loadFile(f)
const loadMs = performance.now() - t0

/** Every message type in the root, keyed by full name without the leading dot. */
const allTypes = new Map()
const collect = (ns) => {
  for (const obj of ns.nestedArray) {
    if (obj instanceof protobuf.Type) allTypes.set(obj.fullName.slice(1), obj)
    if (obj.nestedArray) collect(obj)
  }
}
collect(root)

/** Proper (non-extension) fields in declaration order. */
const fieldsOf = (type) => type.fieldsArray.filter((f) => !f.declaringField && !f.extend && !f.name.startsWith('.'))

/** Type names referenced by fields but defined in no shipped file, with a count of such fields. */
const unresolved = new Map()
/**
 * A field's resolved type: a protobuf.Type or protobuf.Enum, or null for a scalar or a type whose
 * .proto is not shipped (recorded in `unresolved`). Field#resolve() is not used: it also builds the
 * parent's constructor, which fails on any sibling field of an unresolvable type.
 */
const resolvedTypes = new Map()
function resolveField(f) {
  if (resolvedTypes.has(f)) return resolvedTypes.get(f)
  let t = null
  if (protobuf.types.defaults[f.type] === undefined) {
    t = f.parent.lookup(f.type, [protobuf.Type, protobuf.Enum])
    if (t === null) {
      if (process.env.DEBUG_GEN) console.error(`unresolved: ${f.parent.fullName}.${f.name}: ${f.type}`)
      unresolved.set(f.type, (unresolved.get(f.type) ?? 0) + 1)
    }
  }
  resolvedTypes.set(f, t)
  return t
}

// Closure of the root set over field references.
const selected = new Set()
const queue = [...allTypes.keys()].filter((n) => rootPrefixes.some((p) => n.startsWith(p)))
while (queue.length > 0) {
  const name = queue.pop()
  if (selected.has(name)) continue
  selected.add(name)
  for (const f of fieldsOf(allTypes.get(name))) {
    const t = resolveField(f)
    if (t instanceof protobuf.Type) queue.push(t.fullName.slice(1))
  }
}

/** Package of a type: the namespace chain above it up to the first enclosing Type. */
function packageOf(type) {
  let ns = type.parent
  while (ns instanceof protobuf.Type) ns = ns.parent
  return ns.fullName.slice(1)
}

// Order: by package, then by name relative to the package. Indices follow this order.
const byPackage = new Map()
for (const name of selected) {
  const type = allTypes.get(name)
  const pkg = packageOf(type)
  const rel = name.slice(pkg.length + 1)
  if (!byPackage.has(pkg)) byPackage.set(pkg, [])
  byPackage.get(pkg).push([rel, name])
}
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0)
const packages = [...byPackage.keys()].sort(cmp)
const index = new Map()
for (const pkg of packages) {
  const list = byPackage.get(pkg).sort((a, b) => cmp(a[0], b[0]))
  for (const [, full] of list) index.set(full, index.size)
}

let fieldCount = 0
function encodeField(f) {
  fieldCount++
  let category = 0
  const target = resolveField(f)
  if (target instanceof protobuf.Type) category = 2 + index.get(target.fullName.slice(1))
  else if (target instanceof protobuf.Enum) category = 1
  const isMap = f instanceof protobuf.MapField
  const integerKeys = isMap && f.keyType !== 'string' && f.keyType !== 'bool'
  const kind = category * 8 + (integerKeys ? 4 : 0) + (isMap ? 2 : 0) + (f.repeated ? 1 : 0)
  const explicitJson = f.options?.json_name
  const json = explicitJson !== undefined && explicitJson !== defaultJsonName(f.name) ? explicitJson : undefined
  if (json !== undefined) return [f.name, kind, json]
  return kind === 0 ? f.name : [f.name, kind]
}

const INT64 = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64'])
const NUMBER = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32', 'float', 'double'])

/** The presence code of a field (see the header) and, for an enum, its zero value's name. */
function defaultCode(f) {
  if (f.repeated || f instanceof protobuf.MapField) return ['r']
  // proto3 `optional` and proto2 fields track presence: a present default is a deliberate value. Members of
  // a real oneof are treated as implicit: a oneof set to its zero scalar/enum reads like an unset one in
  // Envoy (Cluster.type STATIC), and Envoy versions disagreed on which fields were oneofs (istio#12958).
  if (f.options?.proto3_optional || f.rule === 'optional' || f.rule === 'required') return ['-']
  const target = resolveField(f)
  if (target instanceof protobuf.Enum) {
    const zero = Object.entries(target.values).find(([, v]) => v === 0)
    return zero ? ['e', zero[0]] : ['-']
  }
  if (target !== null) return ['-']
  if (f.type === 'bool') return ['b']
  if (f.type === 'string' || f.type === 'bytes') return ['s']
  if (INT64.has(f.type)) return ['l']
  if (NUMBER.has(f.type)) return ['n']
  return ['-'] // a message type whose .proto is not shipped
}

/** The `defaults` entry of a message: a code string, or [codes, ...enum zero names]. */
function defaultsOf(type) {
  let codes = ''
  const zeros = []
  for (const f of fieldsOf(type)) {
    const [code, zero] = defaultCode(f)
    codes += code
    if (zero !== undefined) zeros.push(zero)
  }
  codes = codes.replace(/-+$/, '')
  return zeros.length > 0 ? [codes, ...zeros] : codes
}

/** The previous-version message a type replaced (udpa.annotations.versioning), if any. */
function previousOf(type) {
  const prev = type.options?.['(udpa.annotations.versioning).previous_message_type']
  return typeof prev === 'string' && prev !== '' ? prev : undefined
}

/** The optional third element of a package entry (see the header), or undefined when empty. */
function packageExtras(pkg) {
  const list = byPackage.get(pkg)
  const defaults = list.map(([, full]) => defaultsOf(allTypes.get(full)))
  const previous = {}
  for (const [rel, full] of list) {
    const prev = previousOf(allTypes.get(full))
    if (prev !== undefined && !rel.includes('.')) previous[rel] = prev
  }
  const extras = {}
  if (defaults.some((d) => d !== '')) extras.defaults = defaults
  if (Object.keys(previous).length > 0) extras.previous = previous
  return Object.keys(extras).length > 0 ? extras : undefined
}

const out = {
  format: 'mpx-proto-descriptor/1',
  source: 'node_modules/@grpc/grpc-js-xds/deps (envoy-api, xds, googleapis, protoc-gen-validate) + protobufjs google/protobuf; generated by scripts/gen-descriptor.mjs',
  packages: packages.map((pkg) => {
    const entry = [pkg, byPackage.get(pkg).map(([rel, full]) => [rel, ...fieldsOf(allTypes.get(full)).map(encodeField)])]
    const extras = packageExtras(pkg)
    if (extras !== undefined) entry.push(extras)
    return entry
  }),
}

// One package per line keeps diffs of regenerations readable at almost no size cost.
const text = '{"format":' + JSON.stringify(out.format) + ',"source":' + JSON.stringify(out.source) + ',"packages":[\n' +
  out.packages.map((p) => JSON.stringify(p)).join(',\n') + '\n]}\n'
if (process.argv.includes('--check')) {
  // Verify mode (tests / CI): the checked-in file must equal a fresh generation.
  const current = fs.existsSync(outFile) ? fs.readFileSync(outFile, 'utf8') : ''
  if (current !== text) {
    console.error(`${path.relative(repo, outFile)} is stale: run node scripts/gen-descriptor.mjs`)
    process.exit(1)
  }
  console.log(`${path.relative(repo, outFile)} is up to date (${Buffer.byteLength(text)} bytes)`)
  process.exit(0)
}
fs.mkdirSync(path.dirname(outFile), {recursive: true})
fs.writeFileSync(outFile, text)
console.log(
  `wrote ${path.relative(repo, outFile)}: ${Buffer.byteLength(text)} bytes, ${index.size} messages, ` +
  `${fieldCount} fields, ${packages.length} packages (parsed ${files.length} seed files in ${loadMs.toFixed(0)} ms)`,
)
if (missingImports.size > 0) {
  console.log(`imports not shipped (${missingImports.size}): ${[...missingImports].sort(cmp).join(' ')}`)
  const names = [...unresolved.keys()].sort(cmp)
  console.log(`field types left opaque because undefined (${names.length}, ${[...unresolved.values()].reduce((a, b) => a + b, 0)} fields):`)
  for (const n of names) console.log(`  ${n} (${unresolved.get(n)})`)
}
