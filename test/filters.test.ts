/**
 * mpx's own golden cases for every filter and output mode, on the embedded Bookinfo sample (whole outputs
 * compared with files under test/golden/, reviewed by hand when written), plus equivalences that must
 * hold whatever the goldens say (camelCase input = snake_case input, YAML = JSON, stdin = file, a
 * `?resource=` answer = the full dump's section).
 */
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {stringify} from 'yaml'
import {renameFields} from '../src/proto/proto-json.js'
import {ROOT, mpx} from './helpers/cli.js'

const S = 'samples/productpage.config_dump.json'
const C = 'samples/productpage.clusters.json'

const cases: Array<[string, string[]]> = [
  ['clusters-fqdn', ['pc', 'clusters', '-f', S, '--fqdn', 'reviews.default.svc.cluster.local']],
  ['clusters-port', ['pc', 'clusters', '-f', S, '--port', '15012']],
  ['clusters-subset', ['pc', 'clusters', '-f', S, '--subset', 'v2']],
  ['clusters-direction', ['pc', 'clusters', '-f', S, '--direction', 'inbound']],
  ['clusters-combined-json', ['pc', 'clusters', '-f', S, '--fqdn', 'reviews', '--port', '9080', '--subset', 'v1', '-o', 'json']],
  ['listeners', ['pc', 'listeners', '-f', S]],
  ['listeners-address', ['pc', 'listeners', '-f', S, '--address', '10.96.0.10']],
  ['listeners-port', ['pc', 'listeners', '-f', S, '--port', '15006']],
  ['listeners-type', ['pc', 'listeners', '-f', S, '--type', 'http', '--verbose=false']],
  ['listeners-not-verbose', ['pc', 'listeners', '-f', S, '--no-verbose']],
  ['routes', ['pc', 'routes', '-f', S]],
  ['routes-name', ['pc', 'routes', '-f', S, '--name', '9080']],
  ['routes-not-verbose', ['pc', 'routes', '-f', S, '--no-verbose']],
  ['routes-name-yaml', ['pc', 'routes', '-f', S, '--name', '15014', '-o', 'yaml']],
  ['endpoints', ['pc', 'endpoints', '-f', C]],
  ['endpoints-address', ['pc', 'endpoints', '-f', C, '--address', '10.244.0.14']],
  ['endpoints-port', ['pc', 'endpoints', '-f', C, '--port', '15012']],
  ['endpoints-cluster', ['pc', 'endpoints', '-f', C, '--cluster', 'OUTBOUND|9080||ratings.default.svc.cluster.local']],
  ['endpoints-status', ['pc', 'endpoints', '-f', C, '--status', 'unhealthy']],
  ['endpoints-cluster-json', ['pc', 'endpoints', '-f', C, '--cluster', 'outbound|9080||details.default.svc.cluster.local', '-o', 'json']],
  ['eds', ['pc', 'eds', '-f', S]],
  ['eds-address', ['pc', 'eds', '-f', S, '--address', '10.244.1.7:9080']],
  ['eds-port', ['pc', 'eds', '-f', S, '--port', '53']],
  ['eds-cluster', ['pc', 'eds', '-f', S, '--cluster', 'outbound|9080|v1|reviews.default.svc.cluster.local']],
  ['eds-status', ['pc', 'eds', '-f', S, '--status', 'UNHEALTHY', '-o', 'json']],
  ['secrets', ['pc', 'secrets', '-f', S]],
  ['secrets-json', ['pc', 'secrets', '-f', S, '-o', 'json']],
  ['bootstrap-short', ['pc', 'bootstrap', '-f', S, '-o', 'short']],
  ['ecds', ['pc', 'ecds', '-f', S]],
  ['all-with-headers', ['pc', 'all', '-f', S, '--with-headers']],
  ['all-port', ['pc', 'all', '-f', S, '--port', '9080', '--no-verbose']],
  ['clusters-raw', ['pc', 'clusters', '-f', S, '--fqdn', 'details', '-o', 'raw']],
]

describe('golden outputs on the sample', () => {
  for (const [name, args] of cases) {
    it(`${name}: mpx ${args.join(' ')}`, async () => {
      const r = mpx(args)
      expect(r.stderr).toBe('')
      expect(r.status).toBe(0)
      await expect(r.stdout).toMatchFileSnapshot(`golden/${name}.txt`)
    })
  }
})

describe('equivalent inputs give identical outputs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mpx-eq-'))
  const dump = JSON.parse(readFileSync(`${ROOT}${S}`, 'utf8'))
  const views: string[][] = [['clusters'], ['listeners'], ['routes'], ['eds'], ['secrets'], ['bootstrap', '-o', 'short'], ['ecds'], ['all']]

  it('lowerCamelCase (istiod /debug/config_dump, istioctl -o json) reads like snake_case', () => {
    const camel = {configs: dump.configs.map((c: {'@type': string}) => renameFields(c, 'google.protobuf.Any', 'camel'))}
    expect(JSON.stringify(camel)).toContain('"dynamicActiveClusters"')
    const p = join(dir, 'camel.json')
    writeFileSync(p, JSON.stringify(camel, null, 2))
    for (const v of views) expect(mpx(['pc', v[0], '-f', p, ...v.slice(1)]).stdout, v.join(' ')).toBe(mpx(['pc', v[0], '-f', S, ...v.slice(1)]).stdout)
    expect(JSON.parse(mpx(['pc', 'listeners', '-f', p, '-o', 'json']).stdout)).toStrictEqual(JSON.parse(mpx(['pc', 'listeners', '-f', S, '-o', 'json']).stdout))
  })
  it('YAML reads like JSON', () => {
    const p = join(dir, 'dump.yaml')
    writeFileSync(p, stringify(dump))
    for (const v of views.slice(0, 4)) expect(mpx(['pc', v[0], '-f', p]).stdout, v[0]).toBe(mpx(['pc', v[0], '-f', S]).stdout)
  })
  it('stdin reads like a file', () => {
    expect(mpx(['pc', 'routes', '-f', '-'], {input: readFileSync(`${ROOT}${S}`, 'utf8')}).stdout).toBe(mpx(['pc', 'routes', '-f', S]).stdout)
  })
  it('a ?resource=dynamic_active_clusters answer reads like the dump\'s dynamic clusters', () => {
    const section = dump.configs.find((c: {'@type': string}) => c['@type'].endsWith('ClustersConfigDump'))
    const answer = {configs: section.dynamic_active_clusters.map((d: object) => ({'@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump.DynamicCluster', ...d}))}
    const p = join(dir, 'resource.json')
    writeFileSync(p, JSON.stringify(answer))
    const expected = mpx(['pc', 'clusters', '-f', S, '--direction', 'outbound']).stdout
    expect(mpx(['pc', 'clusters', '-f', p, '--direction', 'outbound']).stdout).toBe(expected)
  })
  it('a masked dump (?mask=...) has the sections of its fields only', () => {
    const masked = {configs: dump.configs.filter((c: {'@type': string}) => c['@type'].endsWith('ListenersConfigDump'))}
    const p = join(dir, 'masked.json')
    writeFileSync(p, JSON.stringify(masked))
    expect(mpx(['pc', 'listeners', '-f', p]).stdout).toBe(mpx(['pc', 'listeners', '-f', S]).stdout)
    expect(mpx(['pc', 'routes', '-f', p]).stderr).toBe('Error: config dump has no RoutesConfigDump section: save a full /config_dump (no mask or resource filter)\n')
  })
  it('unknown sections and fields are tolerated and kept', () => {
    const extra = {configs: [...dump.configs, {'@type': 'type.googleapis.com/envoy.admin.v3.FutureConfigDump', x: 1}]}
    const cl = extra.configs.find((c: {'@type': string}) => c['@type'].endsWith('ClustersConfigDump'))
    cl.dynamic_active_clusters[0].cluster.future_field = {a_b: 1}
    const p = join(dir, 'future.json')
    writeFileSync(p, JSON.stringify(extra))
    expect(mpx(['pc', 'clusters', '-f', p]).stdout).toBe(mpx(['pc', 'clusters', '-f', S]).stdout)
    expect(mpx(['pc', 'all', '-f', p, '-o', 'json']).stdout).toContain('FutureConfigDump')
    expect(mpx(['pc', 'clusters', '-f', p, '-o', 'raw']).stdout).toContain('"future_field"')
  })
})
