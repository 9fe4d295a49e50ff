/**
 * mpx diff: the semantic model on the sample and on scenario dumps built from it (test/helpers/scenarios.ts),
 * the Bookinfo story, golden outputs, the JSON contract, exit codes and error paths.
 */
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {stringify} from 'yaml'
import {diffSides} from '../src/diff/compare.js'
import type {DiffSide} from '../src/diff/resources.js'
import {canonicalJson, diffValues, sameValue} from '../src/diff/values.js'
import {ConfigDump} from '../src/envoy/config-dump.js'
import {renameFields} from '../src/proto/proto-json.js'
import {expectGolden} from './helpers/golden.js'
import {expectOneError, mpx} from './helpers/cli.js'
import {SAMPLE, SAMPLE_CLUSTERS, scenarioFile} from './helpers/scenarios.js'

type Json = Record<string, any>

const tmp = mkdtempSync(join(tmpdir(), 'mpx-diff-'))
const sampleText = readFileSync(SAMPLE, 'utf8')

async function side(path: string, label = path): Promise<DiffSide> {
  return {dump: await ConfigDump.from(JSON.parse(readFileSync(path, 'utf8')), path), label}
}

/** The JSON document of `mpx diff a b -o json`, with its exit status. */
function diffJson(a: string, b: string, extra: string[] = []): {status: number; changes: Json[]; stderr: string} {
  const r = mpx(['diff', a, b, '-o', 'json', ...extra])
  return {status: r.status, changes: JSON.parse(r.stdout).changes, stderr: r.stderr}
}

describe('mpx diff: one golden table per scenario (exit 1, nothing on stderr)', () => {
  const cases: Array<[string, string, string]> = [
    ['route change from a VirtualService', 'before-virtual-service', 'before'],
    ['subset clusters from a DestinationRule', 'before-destination-rule', 'before'],
    ['a cluster removed', 'cluster-removed', 'after'],
    ['endpoint health change', 'endpoint-unhealthy', 'after'],
    ['secret rotation', 'secret-rotated', 'after'],
    ['listener removed', 'listener-removed', 'after'],
  ]
  for (const [title, scenario, which] of cases) {
    it(title, () => {
      const [a, b] = which === 'before' ? [scenarioFile(scenario), SAMPLE] : [SAMPLE, scenarioFile(scenario)]
      const r = mpx(['diff', a, b])
      expect(r.stderr).toBe('')
      expect(r.status).toBe(1)
      expectGolden(`diff/${scenario}.txt`, r.stdout)
    })
  }
})

describe('mpx diff: the Bookinfo story', () => {
  it('before vs after the VirtualService: route configuration 9080 only, attributed to the VirtualService', () => {
    const {status, changes} = diffJson(scenarioFile('before-virtual-service'), SAMPLE)
    expect(status).toBe(1)
    expect(changes.length).toBeGreaterThan(0)
    for (const c of changes) {
      expect(c.type).toBe('route')
      expect(c.name).toMatch(/^9080\/reviews\.default\.svc\.cluster\.local:9080\//)
      expect(c.istioConfig).toBe('VirtualService reviews.default')
    }
    const changed = changes.find((c) => c.change === 'changed')!
    expect(changed.name).toBe('9080/reviews.default.svc.cluster.local:9080/default')
    expect(changed.fields).toContainEqual({path: 'route.cluster', from: 'outbound|9080||reviews.default.svc.cluster.local', to: 'outbound|9080|v1|reviews.default.svc.cluster.local'})
  })
  it('after the DestinationRule the reviews subset clusters appear, attributed to it', () => {
    const {changes} = diffJson(scenarioFile('before-destination-rule'), SAMPLE)
    const added = changes.filter((c) => c.change === 'added').map((c) => `${c.type} ${c.name} ${c.istioConfig}`)
    expect(added).toEqual(['v1', 'v2', 'v3'].map((v) => `cluster outbound|9080|${v}|reviews.default.svc.cluster.local DestinationRule reviews.default`))
    // their EDS is part of the new clusters, not listed apart
    expect(changes.filter((c) => c.type === 'endpoints')).toEqual([])
  })
  it('a cluster that vanished is reported removed', () => {
    const {changes} = diffJson(SAMPLE, scenarioFile('cluster-removed'))
    expect(changes).toEqual([{change: 'removed', type: 'cluster', name: 'outbound|9080|v3|reviews.default.svc.cluster.local', istioConfig: 'DestinationRule reviews.default', fields: []}])
  })
})

describe('mpx diff: output formats', () => {
  it('-o json: the stable contract', () => {
    const r = mpx(['diff', scenarioFile('before-virtual-service'), SAMPLE, '-o', 'json'])
    expect(r.status).toBe(1)
    expectGolden('diff/before-virtual-service.json', r.stdout)
  })
  it('-o yaml', () => {
    const r = mpx(['diff', scenarioFile('before-destination-rule'), SAMPLE, '-o', 'yaml'])
    expect(r.status).toBe(1)
    expectGolden('diff/before-destination-rule.yaml', r.stdout)
  })
  it('--details: a unified diff per changed resource', () => {
    const r = mpx(['diff', scenarioFile('before-virtual-service'), SAMPLE, '--details'])
    expect(r.status).toBe(1)
    expectGolden('diff/before-virtual-service.details.txt', r.stdout)
  })
  it('--details on endpoint health', () => {
    const r = mpx(['diff', SAMPLE, scenarioFile('endpoint-unhealthy'), '--details'])
    expect(r.status).toBe(1)
    expectGolden('diff/endpoint-unhealthy.details.txt', r.stdout)
  })
  it('secrets: serial and validity only, never key material', () => {
    const r = mpx(['diff', SAMPLE, scenarioFile('secret-rotated'), '-o', 'json', '--include-versions', '--details'])
    expect(r.status).toBe(1)
    expect(r.stdout).not.toMatch(/inline_bytes|BEGIN|private_key|LS0t/)
    const fields = JSON.parse(r.stdout).changes[0].fields.map((f: Json) => f.path)
    expect(fields).toEqual(['certificates[0].not_after', 'certificates[0].not_before', 'certificates[0].serial', 'last_updated', 'version_info'])
  })
})

describe('mpx diff: what never counts', () => {
  it('a dump against itself: exit 0, nothing printed', () => {
    const r = mpx(['diff', SAMPLE, SAMPLE])
    expect(r).toEqual({stdout: '', stderr: '', status: 0})
    expect(mpx(['diff', SAMPLE, SAMPLE, '-o', 'json']).stdout).toBe('{\n    "changes": []\n}\n')
  })
  it('order of clusters, listeners, filter chains, virtual hosts, domains, endpoints; version_info and last_updated', () => {
    expect(mpx(['diff', SAMPLE, scenarioFile('reordered')])).toEqual({stdout: '', stderr: '', status: 0})
  })
  it('--include-versions makes versions count', () => {
    const {status, changes} = diffJson(SAMPLE, scenarioFile('reordered'), ['--include-versions'])
    expect(status).toBe(1)
    expect(new Set(changes.map((c) => c.type))).toEqual(new Set(['cluster', 'route-config']))
    expect(new Set(changes.flatMap((c) => c.fields.map((f: Json) => f.path)))).toEqual(new Set(['last_updated', 'version_info']))
  })
  it('naming style and format: the sample as lowerCamelCase YAML equals the sample', () => {
    const dump = JSON.parse(sampleText)
    const camel = {configs: dump.configs.map((c: Json) => renameFields(c, 'google.protobuf.Any', 'camel'))}
    const file = join(tmp, 'camel.yaml')
    writeFileSync(file, stringify(camel))
    expect(mpx(['diff', SAMPLE, file])).toEqual({stdout: '', stderr: '', status: 0})
  })
  it('route order within a virtual host counts: a change of the virtual host', () => {
    const {changes} = diffJson(SAMPLE, scenarioFile('shadowed-route'))
    expect(changes).toEqual([{
      change: 'changed', type: 'virtual-host', name: '9080/reviews.default.svc.cluster.local:9080', istioConfig: null,
      fields: [{path: 'routes', from: ['prefix / header end-user', 'prefix /'], to: ['prefix /', 'prefix / header end-user']}],
    }])
  })
})

describe('mpx diff: inputs', () => {
  it('stdin on one side', () => {
    expect(mpx(['diff', '-', SAMPLE], {input: sampleText}).status).toBe(0)
    const r = mpx(['diff', SAMPLE, '-'], {input: readFileSync(scenarioFile('listener-removed'), 'utf8')})
    expect(r.status).toBe(1)
    expectGolden('diff/listener-removed.txt', r.stdout)
  })
  it('bundles: endpoints from /clusters when both sides have it, else from EDS', () => {
    const bundle = (name: string, clusters: Json) => {
      const dir = join(tmp, name)
      mkdirSync(dir)
      writeFileSync(join(dir, 'config_dump.json'), sampleText)
      writeFileSync(join(dir, 'clusters.json'), JSON.stringify(clusters))
      return dir
    }
    const live = JSON.parse(readFileSync(SAMPLE_CLUSTERS, 'utf8'))
    const before = bundle('before', live)
    const ejected = JSON.parse(JSON.stringify(live))
    const status = ejected.cluster_statuses.find((c: Json) => c.name === 'outbound|9080||details.default.svc.cluster.local')
    status.host_statuses[0].health_status.failed_outlier_check = true
    const after = bundle('after', ejected)
    const r = mpx(['diff', before, after])
    expect(r.status).toBe(1)
    expectGolden('diff/bundle-outlier.txt', r.stdout)
    // a bundle against a plain dump: EDS on both sides, equal
    expect(mpx(['diff', after, SAMPLE])).toEqual({stdout: '', stderr: '', status: 0})
  })
  it('a section only one side has is not compared, and a note says so', () => {
    const dump = JSON.parse(sampleText)
    dump.configs = dump.configs.filter((c: Json) => !c['@type'].endsWith('.SecretsConfigDump'))
    const file = join(tmp, 'no-secrets.json')
    writeFileSync(file, JSON.stringify(dump))
    const r = mpx(['diff', SAMPLE, file])
    expect(r.status).toBe(0)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(`note: secrets not compared: ${file} has no SecretsConfigDump section\n`)
  })
})

describe('mpx diff: errors exit 2 (tool error), usage 64', () => {
  it('a missing file', () => {
    expectOneError(mpx(['diff', SAMPLE, 'nope.json']), /^Error: cannot read "nope\.json": no such file$/, 2)
  })
  it('a document that is not a config dump', () => {
    expectOneError(mpx(['diff', SAMPLE_CLUSTERS, SAMPLE]), /is an Envoy \/clusters\?format=json answer/, 2)
  })
  it('malformed JSON', () => {
    const file = join(tmp, 'bad.json')
    writeFileSync(file, '{"configs": [')
    expectOneError(mpx(['diff', file, SAMPLE]), /is not valid JSON: the text ends too early/, 2)
  })
  it('stdin on both sides', () => {
    expectOneError(mpx(['diff', '-', '-']), /only one side can be - \(stdin\)/, 64)
  })
  it('a missing argument', () => {
    expectOneError(mpx(['diff', SAMPLE]), /Missing 1 required arg/, 64)
  })
})

describe('diff model (src/diff)', () => {
  it('set-like lists compare unordered, ordered lists in order', () => {
    expect(sameValue({domains: ['a', 'b']}, {domains: ['b', 'a']})).toBe(true)
    expect(sameValue({filters: ['a', 'b']}, {filters: ['b', 'a']})).toBe(false)
    expect(canonicalJson({b: 1, a: {domains: ['y', 'x']}})).toBe('{"a":{"domains":["x","y"]},"b":1}')
    expect(diffValues({a: {b: 1, c: [1, 2]}, d: 'x'}, {a: {b: 2, c: [1, 3]}, e: 'y'})).toEqual([
      {path: 'a.b', from: 1, to: 2}, {path: 'a.c[1]', from: 2, to: 3}, {path: 'd', from: 'x'}, {path: 'e', to: 'y'},
    ])
  })
  it('the filter chains of a removed listener are not listed apart; a changed chain is', async () => {
    const a = await side(SAMPLE)
    expect(diffSides(a, await side(scenarioFile('listener-removed'))).changes.map((c) => `${c.change} ${c.type} ${c.name}`)).toEqual(['removed listener 10.96.0.1_443'])
    const changes = diffSides(a, await side(scenarioFile('registry-only'))).changes
    expect(changes.filter((c) => c.type === 'filter-chain').map((c) => c.name)).toContain('virtualOutbound/virtualOutbound-catchall-tcp')
  })
})
