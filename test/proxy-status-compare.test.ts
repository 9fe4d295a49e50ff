/**
 * The Istiod-vs-Envoy comparison: equal configs written differently must match (key order, naming style,
 * v2/v3 type URLs, fields holding proto3 defaults, resource order: istio/istio#21709, #12958, #23735),
 * real differences must not, and the proto3 JSON options it relies on behave as documented.
 */
import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {ConfigDump} from '../src/envoy/config-dump.js'
import {renameFields, upgradeTypeUrl} from '../src/proto/proto-json.js'
import {compareDumps, comparisonRecord, rdsLastLoaded, renderComparisons, rfc1123Utc, summaryLine, type CompareType} from '../src/proxy-status/compare.js'
import {ISTIOCTL, ROOT} from './helpers/cli.js'

type J = any

const read = (path: string): J => JSON.parse(readFileSync(path, 'utf8'))
const COMPARE = `${ISTIOCTL}writer/compare/testdata/configdump.json`
const COMPARE_DIFF = `${ISTIOCTL}writer/compare/testdata/configdump_diff.json`
const SAMPLE = `${ROOT}samples/productpage.config_dump.json`
const ALL: CompareType[] = ['clusters', 'listeners', 'routes']

const dump = (value: J, source = 'test') => ConfigDump.from(value, source)
const clone = (v: J): J => structuredClone(v)

async function compare(istiod: J, envoy: J, types: CompareType[] = ALL) {
  return compareDumps(await dump(istiod, 'istiod'), await dump(envoy, 'envoy'), types)
}

async function expectMatch(istiod: J, envoy: J, types: CompareType[] = ALL) {
  const r = await compare(istiod, envoy, types)
  for (const c of r) expect(c.diff, `${c.title}: ${summaryLine(c)}\n${c.diff}`).toBe('')
  expect(r.map((c) => c.match)).toEqual(types.map(() => true))
}

/** Reverses the key order of every object (arrays keep their order). */
function reverseKeys(v: J): J {
  if (Array.isArray(v)) return v.map(reverseKeys)
  if (v === null || typeof v !== 'object') return v
  return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverseKeys(x)]))
}

/** Rewrites every string value (and key) equal to `from` into `to`, deeply. */
function replaceStrings(v: J, map: Record<string, string>): J {
  if (Array.isArray(v)) return v.map((x) => replaceStrings(x, map))
  if (typeof v === 'string') return map[v] ?? v
  if (v === null || typeof v !== 'object') return v
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replaceStrings(x, map)]))
}

const section = (d: J, kind: string): J => d.configs.find((c: J) => c['@type'].endsWith(`.${kind}ConfigDump`))

describe('fixture rows 12 and 13 (istioctl writer/compare)', () => {
  it('a dump compared with itself matches on all three types', async () => {
    const r = await compare(read(COMPARE), read(COMPARE))
    expect(renderComparisons(r)).toBe('Clusters Match\nListeners Match\nRoutes Match (RDS last loaded at Mon, 04 Mar 2024 08:37:44 UTC)\n')
  })
  it('configdump.json vs configdump_diff.json differs on all three, with the resources named', async () => {
    const r = await compare(read(COMPARE), read(COMPARE_DIFF))
    expect(r.map((c) => c.match)).toEqual([false, false, false])
    expect(r[0]).toMatchObject({onlyInIstiod: ['inbound-vip|9080|http|ratings.default.svc.cluster.local'], onlyInEnvoy: ['inbound-vip|9999|http|ratings.default.svc.cluster.local'], changed: []})
    expect(r[1]).toMatchObject({onlyInIstiod: [], onlyInEnvoy: [], changed: ['connect_terminate', 'main_internal']})
    expect(r[2]!.changed).toEqual([])
    for (const c of r) {
      expect(c.diff.startsWith(`--- Istiod ${c.title}\n+++ Envoy ${c.title}\n@@ -`)).toBe(true)
    }
  })
})

describe('no false differences', () => {
  it('key order (every object reversed on the istiod side)', async () => {
    const envoy = read(SAMPLE)
    await expectMatch(reverseKeys(envoy), envoy, ['clusters', 'listeners', 'routes', 'endpoints', 'secrets'])
  })

  it('camelCase istiod (as istiod prints it) vs snake_case Envoy', async () => {
    const envoy = read(SAMPLE)
    const camel = renameFields(envoy, 'envoy.admin.v3.ConfigDump', 'camel') as J
    expect(JSON.stringify(camel)).toContain('"dynamicActiveClusters"')
    await expectMatch(camel, envoy, ['clusters', 'listeners', 'routes', 'endpoints', 'secrets'])
    await expectMatch(read(COMPARE), renameFields(read(COMPARE), 'envoy.admin.v3.ConfigDump', 'camel', {order: 'declaration'}))
  })

  it('v2 type URLs on one side, v3 on the other (sections and resources)', async () => {
    const envoy = read(COMPARE)
    const v2 = replaceStrings(envoy, {
      'type.googleapis.com/envoy.admin.v3.ClustersConfigDump': 'type.googleapis.com/envoy.admin.v2alpha.ClustersConfigDump',
      'type.googleapis.com/envoy.admin.v3.ListenersConfigDump': 'type.googleapis.com/envoy.admin.v2alpha.ListenersConfigDump',
      'type.googleapis.com/envoy.admin.v3.RoutesConfigDump': 'type.googleapis.com/envoy.admin.v2alpha.RoutesConfigDump',
      'type.googleapis.com/envoy.config.cluster.v3.Cluster': 'type.googleapis.com/envoy.api.v2.Cluster',
      'type.googleapis.com/envoy.config.listener.v3.Listener': 'type.googleapis.com/envoy.api.v2.Listener',
      'type.googleapis.com/envoy.config.route.v3.RouteConfiguration': 'type.googleapis.com/envoy.api.v2.RouteConfiguration',
      'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager':
        'type.googleapis.com/envoy.config.filter.network.http_connection_manager.v2.HttpConnectionManager',
      'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy': 'type.googleapis.com/envoy.config.filter.network.tcp_proxy.v2.TcpProxy',
    })
    expect(JSON.stringify(v2)).toContain('envoy.api.v2.Cluster')
    await expectMatch(v2, envoy)
    // and camelCase + v2 together
    await expectMatch(renameFields(v2, 'envoy.admin.v3.ConfigDump', 'camel') as J, envoy)
  })

  it('fields holding proto3 defaults on one side only (scalars, enums by name or number, lists, maps, null, oneof zero)', async () => {
    const envoy = read(COMPARE)
    const istiod = clone(envoy)
    const cluster = section(istiod, 'Clusters').dynamic_active_clusters[0].cluster
    Object.assign(cluster, {
      alt_stat_name: '', // string
      lb_policy: 'ROUND_ROBIN', // enum zero by name
      dns_lookup_family: 0, // enum zero by number
      close_connections_on_host_health_failure: false, // bool
      health_checks: [], // repeated
      typed_extension_protocol_options: {}, // map
      ignore_health_on_host_removal: null, // null
    })
    const listener = section(istiod, 'Listeners').dynamic_listeners[0].active_state.listener
    Object.assign(listener, {traffic_direction: 'UNSPECIFIED', continue_on_listener_filters_timeout: false, listener_filters_timeout: undefined, stat_prefix: ''})
    const vhost = section(istiod, 'Routes').dynamic_route_configs[0].route_config.virtual_hosts[0]
    Object.assign(vhost, {require_tls: 'NONE', include_request_attempt_count: false, response_headers_to_add: []})
    const envoyCluster = section(envoy, 'Clusters').dynamic_active_clusters[0].cluster
    expect(envoyCluster.type).toBe('EDS')
    await expectMatch(istiod, envoy)

    // Cluster.type is a oneof member: STATIC (its zero) set on one side reads like an unset oneof (#12958)
    const a = clone(envoy)
    const b = clone(envoy)
    section(a, 'Clusters').dynamic_active_clusters[0].cluster.type = 'STATIC'
    delete section(b, 'Clusters').dynamic_active_clusters[0].cluster.type
    await expectMatch(a, b)
  })

  it('resource and virtual host order, versions, timestamps and draining listeners', async () => {
    const envoy = read(SAMPLE)
    const istiod = clone(envoy)
    section(istiod, 'Clusters').dynamic_active_clusters.reverse()
    section(istiod, 'Listeners').dynamic_listeners.reverse()
    const routes = section(istiod, 'Routes').dynamic_route_configs
    routes.reverse()
    for (const r of routes) r.route_config.virtual_hosts?.reverse()
    for (const c of section(istiod, 'Clusters').dynamic_active_clusters) Object.assign(c, {version_info: '2024-01-01T00:00:00Z/42', last_updated: '2024-01-01T00:00:00Z'})
    for (const l of section(istiod, 'Listeners').dynamic_listeners) {
      Object.assign(l.active_state, {version_info: 'v9', last_updated: '2020-01-01T00:00:00Z'})
      l.draining_state = {listener: {name: 'old'}}
    }
    section(istiod, 'Listeners').dynamic_listeners.push({name: 'warming-only', warming_state: {listener: {name: 'warming-only'}}})
    await expectMatch(istiod, envoy)
  })

  it('payloads of types the schema lacks, camelCase on one side and snake_case on the other', async () => {
    const envoy = read(COMPARE)
    const istiod = clone(envoy)
    const put = (d: J, config: J) => {
      const hcm = section(d, 'Listeners').dynamic_listeners[1].active_state.listener.filter_chains[0].filters[0].typed_config
      hcm.http_filters.unshift({name: 'istio.alpn', typed_config: config})
    }
    put(envoy, {'@type': 'type.googleapis.com/istio.envoy.config.filter.http.alpn.v2alpha1.FilterConfig', alpn_override: [{upstream_protocol: 'HTTP11', alpn_override: ['istio-http/1.1']}]})
    put(istiod, {'@type': 'type.googleapis.com/istio.envoy.config.filter.http.alpn.v2alpha1.FilterConfig', alpnOverride: [{alpnOverride: ['istio-http/1.1'], upstreamProtocol: 'HTTP11'}]})
    await expectMatch(istiod, envoy)
  })

  it('endpoints: istiod static configs vs Envoy rebuilt ones (weights, health, empty health check config, order)', async () => {
    const envoy = read(SAMPLE)
    const istiod = clone(envoy)
    const eds = section(istiod, 'Endpoints')
    eds.static_endpoint_configs = eds.dynamic_endpoint_configs.map((e: J) => {
      const cla = e.endpoint_config
      delete cla.policy
      for (const l of cla.endpoints ?? []) {
        l.lb_endpoints.reverse()
        for (const lb of l.lb_endpoints) {
          delete lb.load_balancing_weight
          delete lb.health_status
          delete lb.endpoint.health_check_config
        }
      }
      return {endpoint_config: cla}
    })
    delete eds.dynamic_endpoint_configs
    await expectMatch(istiod, envoy, ['endpoints'])
  })

  it('secrets: only istiod-served ones, private keys redacted either way', async () => {
    const secret = (key: J) => ({
      name: 'kubernetes://bookinfo-gateway-cert',
      version_info: 'x',
      last_updated: '2024-01-01T00:00:00Z',
      secret: {'@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret', name: 'kubernetes://bookinfo-gateway-cert', tls_certificate: {certificate_chain: {inline_bytes: 'Y2VydA=='}, private_key: key}},
    })
    const envoy = read(SAMPLE)
    const istiod = clone(envoy)
    section(envoy, 'Secrets').dynamic_active_secrets.push(secret({inline_bytes: 'W3JlZGFjdGVkXQ=='}))
    section(istiod, 'Secrets').dynamic_active_secrets = [secret({inline_string: '[redacted]'})]
    const [c] = await compare(istiod, envoy, ['secrets'])
    expect(c).toMatchObject({match: true, notCompared: ['ROOTCA', 'default']})
    expect(renderComparisons([c!])).toBe('Secrets Match (served by the istio-agent, not compared: ROOTCA, default)\n')
  })
})

describe('real differences', () => {
  it('a BoolValue wrapper set to false is not its absence (presence is part of the config)', async () => {
    const envoy = read(COMPARE)
    const istiod = clone(envoy)
    const hcm = section(istiod, 'Listeners').dynamic_listeners[1].active_state.listener.filter_chains[0].filters[0].typed_config
    expect(hcm.use_remote_address).toBe(false)
    delete hcm.use_remote_address
    const r = await compare(istiod, envoy, ['listeners'])
    expect(r[0]).toMatchObject({match: false, changed: ['main_internal']})
    expect(r[0]!.diff).toContain('\n+                                        "useRemoteAddress": false,\n')
  })

  it('a changed value, a warming listener, an endpoint address', async () => {
    const envoy = read(SAMPLE)
    const istiod = clone(envoy)
    const c0 = section(istiod, 'Clusters').dynamic_active_clusters[0]
    c0.cluster.connect_timeout = '99s'
    section(envoy, 'Listeners').dynamic_listeners[0].warming_state = {version_info: 'v2', listener: {name: 'x'}}
    const ep = section(istiod, 'Endpoints').dynamic_endpoint_configs[0].endpoint_config
    ep.endpoints[0].lb_endpoints[0].endpoint.address.socket_address.address = '10.0.0.99'
    const r = await compare(istiod, envoy, ['clusters', 'listeners', 'endpoints'])
    expect(r.map((c) => c.match)).toEqual([false, false, false])
    expect(r[0]!.changed).toEqual([c0.cluster.name])
    expect(r[0]!.diff).toMatch(/\n-\s+"connectTimeout": "99s",?\n/)
    expect(r[1]!.changed).toHaveLength(1)
    expect(r[2]!.changed).toEqual([ep.cluster_name])
    expect(summaryLine(r[2]!)).toBe(`Summary: 1 changed (${ep.cluster_name})`)
  })

  it('a section missing on one side: that side reads as the error; on both: not compared', async () => {
    const envoy = read(COMPARE)
    const istiod = clone(envoy)
    istiod.configs = istiod.configs.filter((c: J) => !c['@type'].endsWith('RoutesConfigDump'))
    const [routes] = await compare(istiod, envoy, ['routes'])
    expect(routes).toMatchObject({match: false, istiodError: 'config dump has no configuration type type.googleapis.com/envoy.admin.v3.RoutesConfigDump'})
    expect(routes!.diff).toMatch(/^--- Istiod Routes\n\+\+\+ Envoy Routes\n@@ -1 \+1,\d+ @@\n-config dump has no configuration type/)
    expect(summaryLine(routes!)).toBe('Summary: Istiod side: config dump has no configuration type type.googleapis.com/envoy.admin.v3.RoutesConfigDump')
    const [eds] = await compare(envoy, envoy, ['endpoints'])
    expect(renderComparisons([eds!])).toBe('Endpoints not compared: neither config dump has a EndpointsConfigDump section (save them with config_dump?include_eds=true)\n')
    expect(comparisonRecord([eds!])).toEqual({endpoints: {match: true, compared: false, reason: eds!.unavailable, onlyInIstiod: [], onlyInEnvoy: [], changed: [], diff: ''}})
  })
})

describe('helpers', () => {
  it('rfc1123Utc prints Go RFC 1123 in UTC', () => {
    expect(rfc1123Utc(new Date('2024-04-09T05:11:20.862Z'))).toBe('Tue, 09 Apr 2024 05:11:20 UTC')
    expect(rfc1123Utc(new Date('2020-08-04T06:22:54Z'))).toBe('Tue, 04 Aug 2020 06:22:54 UTC')
  })
  it('rdsLastLoaded is the newest last_updated of the dynamic route configs', async () => {
    const d = read(SAMPLE)
    const r = section(d, 'Routes').dynamic_route_configs
    r[0].last_updated = '2030-01-01T00:00:00.5Z'
    expect(rdsLastLoaded(await dump(d))).toBe('2030-01-01T00:00:00.5Z')
    expect(rdsLastLoaded(await dump({configs: []}))).toBeUndefined()
  })
  it('summary lists at most 5 names per kind', () => {
    const c = {type: 'clusters', title: 'Clusters', match: false, onlyInIstiod: ['a', 'b', 'c', 'd', 'e', 'f', 'g'], onlyInEnvoy: [], changed: [], diff: 'x'} as const
    expect(summaryLine({...c, onlyInIstiod: [...c.onlyInIstiod]})).toBe('Summary: 7 only in Istiod (a, b, c, d, e and 2 more)')
  })
})

describe('proto3 JSON options used by the comparison', () => {
  const C = 'envoy.config.cluster.v3.Cluster'
  it('dropDefaults drops implicit-presence defaults, keeps wrappers, durations and empty messages', () => {
    const input = {
      name: '', type: 'STATIC', lb_policy: 0, dns_lookup_family: 'AUTO', respect_dns_ttl: false, health_checks: [], metadata: {},
      per_connection_buffer_limit_bytes: 0, connect_timeout: '0s', common_lb_config: {}, alt_stat_name: 'x', ignore_health_on_host_removal: null,
      typed_extension_protocol_options: {},
    }
    expect(renameFields(input, C, 'camel', {dropDefaults: true, order: 'declaration'})).toEqual({
      perConnectionBufferLimitBytes: 0, connectTimeout: '0s', metadata: {}, commonLbConfig: {}, altStatName: 'x',
    })
    // without the option nothing is dropped
    expect(Object.keys(renameFields(input, C, 'camel') as J)).toHaveLength(Object.keys(input).length)
  })
  it('dropDefaults reads 64-bit zeros as "0" or 0, not other strings', () => {
    const ds = 'envoy.config.core.v3.RuntimeFractionalPercent'
    expect(renameFields({runtime_key: '0'}, ds, 'camel', {dropDefaults: true})).toEqual({runtimeKey: '0'})
    const hc = 'envoy.config.cluster.v3.OutlierDetection'
    expect(renameFields({max_ejection_time_jitter: '0s', consecutive_5xx: 0}, hc, 'camel', {dropDefaults: true})).toEqual({maxEjectionTimeJitter: '0s', consecutive5xx: 0})
  })
  it('upgradeTypeUrls reads v2 payloads as v3 and rewrites the URLs', () => {
    expect(upgradeTypeUrl('type.googleapis.com/envoy.api.v2.Cluster')).toBe('type.googleapis.com/envoy.config.cluster.v3.Cluster')
    expect(upgradeTypeUrl('type.googleapis.com/envoy.config.cluster.v3.Cluster')).toBe('type.googleapis.com/envoy.config.cluster.v3.Cluster')
    expect(upgradeTypeUrl('type.googleapis.com/istio.Unknown')).toBe('type.googleapis.com/istio.Unknown')
    const any = {'@type': 'type.googleapis.com/envoy.api.v2.Cluster', name: 'c', connect_timeout: '1s'}
    expect(renameFields(any, 'google.protobuf.Any', 'camel', {upgradeTypeUrls: true})).toEqual({'@type': 'type.googleapis.com/envoy.config.cluster.v3.Cluster', name: 'c', connectTimeout: '1s'})
    expect(renameFields(any, 'google.protobuf.Any', 'camel')).toEqual(any)
  })
  it("unknown: 'canonical' camelCases and sorts what the schema does not describe", () => {
    const any = {'@type': 'type.googleapis.com/istio.x.Config', z_field: 1, a_list: [{inner_key: {deep_key: true}}]}
    const out = renameFields(any, 'google.protobuf.Any', 'camel', {unknown: 'canonical'}) as J
    expect(JSON.stringify(out)).toBe('{"@type":"type.googleapis.com/istio.x.Config","aList":[{"innerKey":{"deepKey":true}}],"zField":1}')
    expect(renameFields({name: 'c', future_field: {x_y: 1}}, C, 'camel', {unknown: 'canonical'})).toEqual({name: 'c', futureField: {xY: 1}})
    expect(renameFields({name: 'c', future_field: {x_y: 1}}, C, 'camel')).toEqual({name: 'c', future_field: {x_y: 1}})
  })
})
