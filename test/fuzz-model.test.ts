/**
 * Fuzz: mutants of the sample and fixture dumps (truncations, wrong types, nulls, deep nesting,
 * duplicates, control characters, BOMs) through every pc view (table and JSON), trace and check, run
 * in-process through src/. Each must either succeed or fail with an MpxError whose message is one line
 * without JavaScript's error text; a few run as whole processes for the exit-code contract.
 */
import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {checkProxy} from '../src/check/check.js'
import {parseClustersStatus} from '../src/envoy/clusters-status.js'
import {ConfigDump} from '../src/envoy/config-dump.js'
import {ProxyState} from '../src/envoy/proxy-state.js'
import {MpxError} from '../src/errors.js'
import {parseDocumentText} from '../src/input/read-input.js'
import {renderInput, type ViewName} from '../src/proxy-config.js'
import {traceRequest} from '../src/trace/trace.js'
import {ISTIOCTL, ROOT, mpx} from './helpers/cli.js'

const SOURCES = [
  `${ROOT}samples/productpage.config_dump.json`,
  `${ISTIOCTL}proxyconfig/testdata/config_dump.json`,
  `${ISTIOCTL}writer/envoy/configdump/testdata/secret/istio/config_dump.json`,
]
const CLUSTERS = readFileSync(`${ROOT}samples/productpage.clusters.json`, 'utf8')
const JS_TEXT = /is not iterable|Cannot read propert|is not a function|Maximum call stack|undefined|\[object Object\]|is not an object|Cannot convert|TypeError|RangeError/

/** A seeded PRNG (mulberry32), so every run tries the same mutants. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Node = {parent: Record<string, unknown> | unknown[]; key: string | number; depth: number}

/** Every (parent, key) slot of a JSON value, up to a depth. */
function slots(v: unknown, depth = 0, out: Node[] = []): Node[] {
  if (depth > 14 || v === null || typeof v !== 'object') return out
  if (Array.isArray(v)) v.forEach((x, i) => (out.push({parent: v, key: i, depth}), slots(x, depth + 1, out)))
  else for (const [k, x] of Object.entries(v)) out.push({parent: v as Record<string, unknown>, key: k, depth}), slots(x, depth + 1, out)
  return out
}

const set = (n: Node, v: unknown) => ((n.parent as Record<string | number, unknown>)[n.key] = v)
const get = (n: Node) => (n.parent as Record<string | number, unknown>)[n.key]

interface Mutant {
  kind: string
  text: string
}

function mutants(path: string, count: number, seed: number): Mutant[] {
  const base = readFileSync(path, 'utf8')
  const r = rng(seed)
  const out: Mutant[] = []
  const kinds = ['truncate', 'wrong-type', 'null', 'deep', 'duplicate', 'control', 'bom']
  for (let i = 0; i < count; i++) {
    const kind = kinds[i % kinds.length]!
    if (kind === 'truncate') {
      out.push({kind, text: base.slice(0, Math.floor(r() * base.length))})
      continue
    }
    if (kind === 'bom') {
      out.push({kind, text: `\uFEFF${base}`})
      continue
    }
    const doc = JSON.parse(base)
    const all = slots(doc)
    // prefer fields inside resources (deeper slots) most of the time
    const pick = () => {
      const deep = all.filter((n) => n.depth >= 3)
      const list = r() < 0.8 && deep.length > 0 ? deep : all
      return list[Math.floor(r() * list.length)]!
    }
    const n = pick()
    if (kind === 'wrong-type') set(n, [true, 5, 'x', [], {}, [1, 'a'], -1.5][Math.floor(r() * 7)])
    else if (kind === 'null') set(n, null)
    else if (kind === 'deep') {
      set(n, '__DEEP__')
    } else if (kind === 'duplicate') {
      const lists = all.filter((x) => Array.isArray(get(x)) && (get(x) as unknown[]).length > 0)
      const l = lists[Math.floor(r() * lists.length)]
      if (l) (get(l) as unknown[]).push(...(get(l) as unknown[]))
    } else if (kind === 'control') {
      const strings = all.filter((x) => typeof get(x) === 'string')
      const s = strings[Math.floor(r() * strings.length)]
      if (s) set(s, `${String(get(s))}\u001b[31m\r\n\u0007`)
    }
    const depth = 300 + Math.floor(r() * 20000)
    out.push({kind, text: JSON.stringify(doc).replace('"__DEEP__"', `${'[{"x":'.repeat(depth)}1${'}]'.repeat(depth)}`)})
  }
  return out
}

const VIEWS: ViewName[] = ['clusters', 'listeners', 'routes', 'eds', 'bootstrap', 'secrets', 'ecds', 'all']

/** Runs one step; returns the error message when it failed with an MpxError, rethrows anything else. */
async function attempt(fn: () => Promise<unknown> | unknown): Promise<string | undefined> {
  try {
    await fn()
    return undefined
  } catch (error) {
    if (!(error instanceof MpxError)) throw new Error(`not an MpxError: ${(error as Error)?.stack ?? String(error)}`)
    return error.message
  }
}

function expectClean(message: string | undefined, what: string): void {
  if (message === undefined) return
  expect(message, what).not.toMatch(JS_TEXT)
  expect(message.includes('\n'), `${what}: one line`).toBe(false)
}

describe('fuzz: malformed dumps give clear errors', () => {
  const all = SOURCES.flatMap((p, i) => mutants(p, 110, 1000 + i).map((m) => ({...m, source: p})))
  const counts = new Map<string, number>()

  it(`runs ${all.length} mutants through every view, trace and check in-process`, async () => {
    expect(all.length).toBeGreaterThanOrEqual(300)
    const started = Date.now()
    let failures = 0
    for (const [i, m] of all.entries()) {
      counts.set(m.kind, (counts.get(m.kind) ?? 0) + 1)
      const what = `mutant ${i} (${m.kind} of ${m.source})`
      let dump: ConfigDump | undefined
      const readError = await attempt(async () => {
        dump = await ConfigDump.from(await parseDocumentText(m.text, 'mutant.json'), 'mutant.json')
      })
      expectClean(readError, what)
      if (!dump) {
        failures++
        continue
      }
      for (const view of VIEWS) {
        for (const output of ['short', 'json'] as const) {
          const text = await attempt(() => renderInput(view, dump!, {output, now: new Date('2026-01-01T00:00:00Z')}))
          expectClean(text, `${what}: pc ${view} -o ${output}`)
          if (text === undefined && output === 'short') {
            const out = await renderInput(view, dump!, {output, now: new Date('2026-01-01T00:00:00Z')})
            expect(out, `${what}: pc ${view}: no raw control characters`).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/)
          }
        }
      }
      const state = new ProxyState(dump, await parseClustersStatus(JSON.parse(CLUSTERS), 'clusters.json'))
      for (const url of ['http://reviews:9080/', 'http://productpage:9080/productpage', 'kubernetes.default:443']) {
        expectClean(await attempt(() => traceRequest({kind: 'proxy', state}, {url})), `${what}: trace ${url}`)
      }
      expectClean(await attempt(() => traceRequest({kind: 'proxy', state}, {url: 'http://productpage:9080/', inbound: true})), `${what}: trace --inbound`)
      expectClean(await attempt(() => checkProxy(state, {source: '-f mutant.json', now: new Date('2026-01-01T00:00:00Z')})), `${what}: check`)
    }
    expect(failures).toBeGreaterThan(0)
    expect(Date.now() - started).toBeLessThan(10_000 * 4) // generous under a loaded machine; usually a few seconds
  }, 120_000)

  it('names the path and expected shape of a wrong-typed field', async () => {
    const bad = {configs: [{'@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump', static_clusters: true}]}
    const dump = await ConfigDump.from(bad, 'x.json')
    await expect(renderInput('clusters', dump, {output: 'short'})).rejects.toThrow('malformed config dump: ClustersConfigDump.static_clusters is a boolean, expected a list')
    const routes = {configs: [{'@type': 'type.googleapis.com/envoy.admin.v3.RoutesConfigDump', dynamic_route_configs: [{route_config: {name: 'r', virtual_hosts: [{name: 'v', domains: 5}]}}]}]}
    await expect(renderInput('routes', await ConfigDump.from(routes, 'x.json'), {output: 'short'})).rejects.toThrow(
      'malformed config dump: RoutesConfigDump.dynamic_route_configs[0].route_config.virtual_hosts[0].domains is a number, expected a list',
    )
    const nul = {configs: [{'@type': 'type.googleapis.com/envoy.admin.v3.ListenersConfigDump', static_listeners: [{listener: {name: 'l', address: null}}]}]}
    await expect(renderInput('listeners', await ConfigDump.from(nul, 'x.json'), {output: 'short'})).rejects.toThrow(
      'malformed config dump: ListenersConfigDump.static_listeners[0].listener.address is null, expected an object (Address)',
    )
  })

  it('names the nesting limit', async () => {
    let v: unknown = 'x'
    for (let d = 0; d < 5000; d++) v = {x: v}
    const dump = await ConfigDump.from({configs: [{'@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump', static_clusters: [{cluster: {name: 'c', metadata: {filter_metadata: {deep: v}}}}]}]}, 'x.json')
    await expect(renderInput('clusters', dump, {output: 'json'})).rejects.toThrow(/nested deeper than 200 levels/)
    await expect(renderInput('all', dump, {output: 'raw'})).rejects.toThrow(/nested deeper than 200 levels/)
  })

  it('escapes control characters in tables', async () => {
    const dump = await ConfigDump.from({configs: [{'@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump', static_clusters: [{cluster: {name: 'evil\u001b[31m\nname'}}]}]}, 'x.json')
    const text = await renderInput('clusters', dump, {output: 'short'})
    expect(text).toContain('evil\\x1b[31m\\nname')
    expect(text).not.toMatch(/\u001b/)
  })

  it('reports wrong types in a /clusters answer', async () => {
    await expect(parseClustersStatus({cluster_statuses: [{name: 'c', host_statuses: {}}]}, 'c.json')).rejects.toThrow(
      'malformed /clusters answer: Clusters.cluster_statuses[0].host_statuses is an object, expected a list',
    )
  })
})

describe('fuzz: whole-process sample', () => {
  const sample = mutants(SOURCES[0]!, 7, 42)
  for (const [i, m] of sample.entries()) {
    for (const cmd of [['pc', 'clusters'], ['trace'], ['check']]) {
      it(`${m.kind} mutant ${i}: mpx ${cmd.join(' ')}`, () => {
        const args = cmd[0] === 'trace' ? ['trace', '-f', '-', 'http://reviews:9080/'] : [...cmd, '-f', '-']
        const r = mpx(args, {input: m.text})
        const allowed = cmd[0] === 'check' ? [0, 1, 2] : cmd[0] === 'trace' ? [0, 1, 2] : [0, 1, 64]
        expect(allowed).toContain(r.status)
        const failed = cmd[0] === 'check' ? r.status === 2 : r.status !== 0 && !(cmd[0] === 'trace' && r.status === 1 && r.stdout !== '')
        if (failed) {
          expect(r.stdout).toBe('')
          const lines = r.stderr.trimEnd().split('\n').filter((l) => l.startsWith('Error:'))
          expect(lines.length).toBe(1)
          expect(r.stderr).not.toMatch(JS_TEXT)
        }
      }, 30_000)
    }
  }
})
