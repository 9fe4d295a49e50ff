/**
 * Section slicing of large dumps: exact (same sections as a full parse) or nothing (undefined → the
 * caller parses the whole text).
 */
import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {SECTION_KINDS} from '../src/envoy/config-dump.js'
import {parseSections} from '../src/envoy/section-slicer.js'
import {ISTIOCTL, ROOT} from './helpers/cli.js'

const sample = readFileSync(`${ROOT}samples/productpage.config_dump.json`, 'utf8')
const full = JSON.parse(sample) as {configs: Array<{'@type': string}>}

describe('parseSections', () => {
  it('returns exactly the wanted sections, as a full parse does, for every kind', () => {
    for (const kind of SECTION_KINDS) {
      const want = full.configs.filter((c) => c['@type'].endsWith(`.${kind}ConfigDump`))
      expect(parseSections(sample, [kind])?.configs, kind).toStrictEqual(want)
    }
  })
  it('keeps dump order for several kinds', () => {
    const got = parseSections(sample, ['Routes', 'Clusters'])!.configs.map((c) => c['@type'])
    expect(got).toEqual(['type.googleapis.com/envoy.admin.v3.ClustersConfigDump', 'type.googleapis.com/envoy.admin.v3.RoutesConfigDump'])
  })
  it('works on compact JSON too', () => {
    expect(parseSections(JSON.stringify(full), ['Listeners'])?.configs).toStrictEqual(full.configs.filter((c) => c['@type'].endsWith('ListenersConfigDump')))
  })
  it('gives up on a truncated text', () => {
    expect(parseSections(sample.slice(0, sample.length - 200), ['Clusters'])).toBeUndefined()
  })
  it('gives up when a wanted section is damaged', () => {
    const i = sample.indexOf('"dynamic_active_clusters"')
    expect(parseSections(sample.slice(0, i) + '"x": [}' + sample.slice(i), ['Clusters'])).toBeUndefined()
  })
  it('gives up on a ?resource= answer and on other documents', () => {
    const resource = JSON.stringify({configs: [{'@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump.DynamicCluster', cluster: {name: 'x'}}]})
    expect(parseSections(resource, ['Clusters'])).toBeUndefined()
    expect(parseSections('{"cluster_statuses": []}', ['Clusters'])).toBeUndefined()
  })
  it('a type URL inside a string value is not taken for a section start', () => {
    const tricky = {configs: [{'@type': 'type.googleapis.com/envoy.admin.v3.BootstrapConfigDump', bootstrap: {node: {id: '{ "@type": "type.googleapis.com/envoy.admin.v3.ClustersConfigDump"'}}}]}
    const text = JSON.stringify(tricky, null, 1)
    expect(parseSections(text, ['Bootstrap'])?.configs).toStrictEqual(tricky.configs)
    expect(parseSections(text, ['Clusters'])?.configs).toStrictEqual([])
  })
  it('returns nothing for a section the dump lacks (the caller then reports it missing)', () => {
    const routesOnly = readFileSync(`${ISTIOCTL}writer/envoy/configdump/testdata/routes/empty-gateway/configdump.json`, 'utf8')
    expect(parseSections(routesOnly, ['Listeners'])).toStrictEqual({configs: []})
  })
})
