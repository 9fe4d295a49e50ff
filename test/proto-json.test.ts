import {execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {hasMessageType, orderFields, renameFields, typeNameOf} from '../src/proto/proto-json.js'

/** Parsed JSON of a file under test/fixtures/istioctl (vendored from ../shared). */
function fixture(rel: string): any {
  return JSON.parse(readFileSync(new URL(`./fixtures/istioctl/${rel}`, import.meta.url), 'utf8'))
}

/** Text of a fixture, for key-order checks. */
function fixtureText(rel: string): string {
  return readFileSync(new URL(`./fixtures/istioctl/${rel}`, import.meta.url), 'utf8')
}

const CD = 'writer/envoy/configdump/testdata'
const ANY = 'google.protobuf.Any'
const CLA = 'envoy.config.endpoint.v3.ClusterLoadAssignment'

/** Every key of every object in a JSON value, with its path (array indices as []). */
function keyPaths(v: unknown, path = '', out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((e) => keyPaths(e, `${path}[]`, out))
  else if (v !== null && typeof v === 'object') {
    for (const [k, e] of Object.entries(v)) {
      out.push(`${path}.${k}`)
      keyPaths(e, `${path}.${k}`, out)
    }
  }
  return out
}

/** Removes the top-level `@type` of a (copied) object. */
function withoutType(v: unknown): any {
  const {'@type': _, ...rest} = v as Record<string, unknown>
  return rest
}

describe('typeNameOf / hasMessageType', () => {
  it('strips the type URL prefix', () => {
    expect(typeNameOf('type.googleapis.com/envoy.config.cluster.v3.Cluster')).toBe('envoy.config.cluster.v3.Cluster')
    expect(typeNameOf('example.com/a/b/pkg.Msg')).toBe('pkg.Msg')
    expect(typeNameOf('pkg.Msg')).toBe('pkg.Msg')
  })

  it('knows Envoy v3, xds, udpa and well-known messages, not Istio-only or absent v2 ones', () => {
    for (const t of [
      'envoy.admin.v3.ConfigDump',
      'envoy.config.cluster.v3.Cluster',
      'envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
      'xds.type.v3.TypedStruct',
      'udpa.type.v1.TypedStruct',
      'google.protobuf.Struct',
      'google.rpc.Status',
    ]) {
      expect(hasMessageType(t), t).toBe(true)
    }
    expect(hasMessageType('type.googleapis.com/envoy.config.listener.v3.Listener')).toBe(true)
    expect(hasMessageType('.envoy.config.route.v3.Route')).toBe(true)
    expect(hasMessageType('envoy.tcp.metadataexchange.config.MetadataExchange')).toBe(false)
    expect(hasMessageType('envoy.api.v2.Cluster')).toBe(false) // envoy/api/v2 is not shipped
    expect(hasMessageType('envoy.config.cluster.v3.NoSuchThing')).toBe(false)
  })
})

describe('renameFields golden: bootstrap (istioctl pc bootstrap -o json)', () => {
  const dump = fixture(`${CD}/configdump.json`)
  const section = dump.configs.find((c: any) => c['@type'] === 'type.googleapis.com/envoy.admin.v3.BootstrapConfigDump')

  it('camel output equals bootstrapdump.json', () => {
    const out = renameFields(withoutType(section), 'envoy.admin.v3.BootstrapConfigDump', 'camel')
    expect(out).toEqual(fixture(`${CD}/bootstrapdump.json`))
  })

  it('to snake renames fields but keeps Struct keys', () => {
    const snake = renameFields(section, ANY, 'snake') as any
    const node = snake.bootstrap.node
    expect(snake['@type']).toBe('type.googleapis.com/envoy.admin.v3.BootstrapConfigDump')
    expect(node.user_agent_build_version.version).toEqual({major_number: 1, minor_number: 18, patch: 3})
    expect(node.userAgentBuildVersion).toBeUndefined()
    expect(Object.keys(node.metadata)).toEqual(['ISTIO_PROXY_SHA', 'ISTIO_VERSION'])
    expect(node.user_agent_build_version.metadata['build.type']).toBe('RELEASE')
    expect(Object.keys(node.user_agent_build_version.metadata)).toEqual(['build.type', 'revision.sha', 'revision.status', 'ssl.version'])
    // ...and back.
    expect(renameFields(snake, ANY, 'camel')).toEqual(section)
  })

  it('declaration order reproduces the golden key order', () => {
    const out = renameFields(withoutType(section), 'envoy.admin.v3.BootstrapConfigDump', 'camel', {order: 'declaration'})
    expect(keyPaths(out)).toEqual(keyPaths(JSON.parse(fixtureText(`${CD}/bootstrapdump.json`))))
  })
})

describe('renameFields golden: endpoints (istioctl pc eds -o json)', () => {
  const dump = fixture(`${CD}/endpoint/configdump.json`)
  const golden: any[] = fixture(`${CD}/endpoint/emptyfilter_output.json`)
  const assignments: any[] = []
  for (const c of dump.configs) {
    for (const e of [...(c.static_endpoint_configs ?? []), ...(c.dynamic_endpoint_configs ?? [])]) assignments.push(e.endpoint_config)
  }

  it('every assignment with endpoints equals the golden entry of its cluster', () => {
    const byName = new Map(golden.map((g) => [g.clusterName, g]))
    let compared = 0
    for (const a of assignments) {
      const out = withoutType(renameFields(a, CLA, 'camel'))
      const expected = byName.get(out.clusterName)
      if (a.endpoints === undefined) {
        // istioctl's golden lists only assignments with endpoints.
        expect(expected, out.clusterName).toBeUndefined()
        continue
      }
      expect(out, out.clusterName).toEqual(expected)
      compared++
    }
    expect(compared).toBe(golden.length)
    expect(golden.length).toBe(32)
  })

  it('metadata keeps filter_metadata namespaces verbatim (envoy.transport_socket_match)', () => {
    const a = assignments.find((x) => JSON.stringify(x).includes('envoy.transport_socket_match'))
    const out = renameFields(a, CLA, 'camel') as any
    const md = out.endpoints[0].lbEndpoints[0].metadata
    expect(Object.keys(md)).toEqual(['filterMetadata'])
    expect(md.filterMetadata['envoy.transport_socket_match']).toEqual(a.endpoints[0].lb_endpoints[0].metadata.filter_metadata['envoy.transport_socket_match'])
    expect(Object.keys(md.filterMetadata['envoy.transport_socket_match'])).toContain('tlsMode')
  })

  it('declaration order reproduces the golden key order', () => {
    const goldenText: any[] = JSON.parse(fixtureText(`${CD}/endpoint/emptyfilter_output.json`))
    for (const g of goldenText) {
      const a = assignments.find((x) => x.cluster_name === g.clusterName)
      const out = withoutType(renameFields(a, CLA, 'camel', {order: 'declaration'}))
      expect(keyPaths(out), g.clusterName).toEqual(keyPaths(g))
    }
  })
})

describe('renameFields golden: ECDS (istioctl pc ecds -o json)', () => {
  const dump = fixture(`${CD}/ecds/configdump.json`)

  it('the merged EcdsConfigDump sections equal output.json', () => {
    const sections = dump.configs.filter((c: any) => c['@type'] === 'type.googleapis.com/envoy.admin.v3.EcdsConfigDump')
    expect(sections).toHaveLength(3)
    const merged = {ecdsFilters: sections.flatMap((s: any) => (renameFields(withoutType(s), 'envoy.admin.v3.EcdsConfigDump', 'camel') as any).ecdsFilters)}
    expect(merged).toEqual(fixture(`${CD}/ecds/output.json`))
    // The Wasm VM's environment map keeps its key; the StringValue Any stays as is.
    const wasm = merged.ecdsFilters[1].ecdsFilter.typedConfig.config
    expect(wasm.vmConfig.environmentVariables.keyValues).toEqual({ISTIO_META_WASM_PLUGIN_RESOURCE_VERSION: '1606'})
    expect(wasm.configuration['@type']).toBe('type.googleapis.com/google.protobuf.StringValue')
  })

  it('declaration order reproduces the golden key order', () => {
    const sections = dump.configs.map((s: any) => renameFields(withoutType(s), 'envoy.admin.v3.EcdsConfigDump', 'camel', {order: 'declaration'}))
    const merged = {ecdsFilters: sections.flatMap((s: any) => s.ecdsFilters)}
    expect(keyPaths(merged)).toEqual(keyPaths(JSON.parse(fixtureText(`${CD}/ecds/output.json`))))
  })
})

describe('renameFields round trip on real sidecar dumps', () => {
  for (const rel of ['writer/compare/testdata/configdump.json', 'describe/testdata/describe/http_config.json']) {
    it(`snake -> camel -> snake is the identity: ${rel}`, () => {
      const dump = fixture(rel)
      expect(dump.configs.length).toBeGreaterThanOrEqual(3)
      for (const section of dump.configs) {
        const camel = renameFields(section, ANY, 'camel')
        expect(camel, section['@type']).not.toEqual(section) // something was renamed
        expect(renameFields(camel, ANY, 'snake'), section['@type']).toEqual(section)
      }
      // The same for the whole dump as an envoy.admin.v3.ConfigDump.
      const camel = renameFields(dump, 'envoy.admin.v3.ConfigDump', 'camel') as any
      expect(renameFields(camel, 'envoy.admin.v3.ConfigDump', 'snake')).toEqual(dump)
      expect(JSON.stringify(camel)).not.toMatch(/"(dynamic_active_clusters|filter_chains|typed_config|filter_metadata)"/)
    })
  }

  it('spot checks: metadata, filter_metadata namespaces and Struct keys stay', () => {
    const dump = fixture('describe/testdata/describe/http_config.json')
    const camel = renameFields(dump, 'envoy.admin.v3.ConfigDump', 'camel') as any
    const routes = camel.configs.find((c: any) => c['@type'].endsWith('RoutesConfigDump'))
    const route = routes.dynamicRouteConfigs[0].routeConfig.virtualHosts
      .flatMap((vh: any) => vh.routes)
      .find((r: any) => r.metadata !== undefined)
    expect(route.metadata.filterMetadata.istio.config).toBe('/apis/networking.istio.io/v1alpha3/namespaces/default/virtual-service/bookinfo')
    expect(route.route.maxGrpcTimeout).toBe('0s')

    const clusters = camel.configs.find((c: any) => c['@type'].endsWith('ClustersConfigDump'))
    const withMd = clusters.dynamicActiveClusters.map((d: any) => d.cluster).find((c: any) => c.metadata?.filterMetadata?.istio?.default_original_port !== undefined)
    expect(withMd.metadata.filterMetadata.istio.default_original_port).toBe(9080) // Struct key: not renamed
    expect(withMd.metadata.filterMetadata.istio.defaultOriginalPort).toBeUndefined()
  })

  it('Istio-only Any types and TypedStruct values stay verbatim', () => {
    const dump = fixture('writer/compare/testdata/configdump.json')
    const listeners = renameFields(dump, 'envoy.admin.v3.ConfigDump', 'camel') as any
    const text = JSON.stringify(listeners)
    expect(text).toContain('"@type":"type.googleapis.com/udpa.type.v1.TypedStruct","typeUrl":')
    // TypedStruct.value is a Struct: its keys are the wrapped (Istio) config's own and stay snake_case.
    expect(text).toMatch(/"typeUrl":"type\.googleapis\.com\/io\.istio\.http\.peer_metadata\.Config","value":\{"(upstream|downstream)_discovery"/)
  })
})

describe('renameFields semantics', () => {
  const cluster = {
    '@type': 'type.googleapis.com/envoy.config.cluster.v3.Cluster',
    name: 'outbound|80||a.default.svc.cluster.local',
    connect_timeout: '10s',
    per_connection_buffer_limit_bytes: 32768,
    lb_policy: 'LEAST_REQUEST',
    circuit_breakers: {thresholds: [{max_connections: 4294967295, max_retries: 4294967295, track_remaining: true}]},
    metadata: {filter_metadata: {istio: {config: '/apis/x', services: [{host: 'a', some_key: 1}]}, 'envoy.lb': {canary: true}}},
    typed_extension_protocol_options: {
      'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
        '@type': 'type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions',
        common_http_protocol_options: {idle_timeout: '3600s'},
        use_downstream_protocol_config: {http_protocol_options: {}, http2_protocol_options: {max_concurrent_streams: 1073741824}},
      },
    },
    transport_socket_matches: [{name: 'tlsMode-istio', match: {tlsMode: 'istio'}, transport_socket: {name: 'envoy.transport_sockets.raw_buffer', typed_config: {'@type': 'type.googleapis.com/envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer'}}}],
    some_future_field: {nested_key: 1},
  }

  it('renames by schema: map keys, Struct contents and unknown fields verbatim', () => {
    const out = renameFields(cluster, ANY, 'camel') as any
    expect(Object.keys(out)).toEqual([
      '@type', 'name', 'connectTimeout', 'perConnectionBufferLimitBytes', 'lbPolicy', 'circuitBreakers', 'metadata',
      'typedExtensionProtocolOptions', 'transportSocketMatches', 'some_future_field',
    ])
    expect(out.circuitBreakers.thresholds[0]).toEqual({maxConnections: 4294967295, maxRetries: 4294967295, trackRemaining: true})
    expect(out.metadata).toEqual({filterMetadata: cluster.metadata.filter_metadata})
    const hpo = out.typedExtensionProtocolOptions['envoy.extensions.upstreams.http.v3.HttpProtocolOptions']
    expect(hpo.commonHttpProtocolOptions).toEqual({idleTimeout: '3600s'})
    expect(hpo.useDownstreamProtocolConfig.http2ProtocolOptions).toEqual({maxConcurrentStreams: 1073741824})
    expect(out.transportSocketMatches[0].match).toEqual({tlsMode: 'istio'}) // a Struct
    expect(out.transportSocketMatches[0].transportSocket.typedConfig['@type']).toContain('RawBuffer')
    expect(out.some_future_field).toEqual({nested_key: 1})
    expect(renameFields(out, ANY, 'snake')).toEqual(cluster)
  })

  it('keeps typed_per_filter_config keys and converts their Any values', () => {
    const route = {
      match: {prefix: '/'},
      typed_per_filter_config: {
        'envoy.filters.http.fault': {
          '@type': 'type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault',
          abort: {http_status: 503, percentage: {numerator: 100}},
          max_active_faults: 10,
        },
        'istio.custom_filter': {'@type': 'type.googleapis.com/istio.Custom', some_field: 1},
      },
    }
    const out = renameFields(route, 'envoy.config.route.v3.Route', 'camel') as any
    expect(Object.keys(out.typedPerFilterConfig)).toEqual(['envoy.filters.http.fault', 'istio.custom_filter'])
    expect(out.typedPerFilterConfig['envoy.filters.http.fault']).toEqual({
      '@type': 'type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault',
      abort: {httpStatus: 503, percentage: {numerator: 100}},
      maxActiveFaults: 10,
    })
    expect(out.typedPerFilterConfig['istio.custom_filter']).toEqual({'@type': 'type.googleapis.com/istio.Custom', some_field: 1})
  })

  it('accepts mixed input and produces one style', () => {
    const mixed = {clusterName: 'x', endpoints: [{lb_endpoints: [{endpoint: {healthCheckConfig: {port_value: 1}}, load_balancing_weight: 2}]}]}
    expect(renameFields(mixed, CLA, 'snake')).toEqual({
      cluster_name: 'x',
      endpoints: [{lb_endpoints: [{endpoint: {health_check_config: {port_value: 1}}, load_balancing_weight: 2}]}],
    })
    expect(renameFields(mixed, CLA, 'camel')).toEqual({
      clusterName: 'x',
      endpoints: [{lbEndpoints: [{endpoint: {healthCheckConfig: {portValue: 1}}, loadBalancingWeight: 2}]}],
    })
  })

  it('handles Any of well-known types, Any in Any, unknown and v2 type URLs', () => {
    const sv = {'@type': 'type.googleapis.com/google.protobuf.StringValue', value: '{"a_b":1}'}
    expect(renameFields(sv, ANY, 'camel')).toEqual(sv)
    const st = {'@type': 'type.googleapis.com/google.protobuf.Struct', value: {some_key: {inner_key: 1}}}
    expect(renameFields(st, ANY, 'camel')).toEqual(st)
    const nested = {'@type': 'type.googleapis.com/google.protobuf.Any', value: {'@type': 'type.googleapis.com/envoy.config.core.v3.Locality', sub_zone: 'z'}}
    expect(renameFields(nested, ANY, 'camel')).toEqual({'@type': nested['@type'], value: {'@type': nested.value['@type'], subZone: 'z'}})
    const v2 = {'@type': 'type.googleapis.com/envoy.api.v2.Cluster', connect_timeout: '1s', lb_policy: 'ROUND_ROBIN'}
    expect(renameFields(v2, ANY, 'camel')).toEqual(v2)
    expect(renameFields(v2, 'envoy.api.v2.Cluster', 'camel')).toEqual(v2)
    const noType = {connect_timeout: '1s'}
    expect(renameFields(noType, ANY, 'camel')).toEqual(noType)
  })

  it('never crashes: wrong JSON types, null, odd keys and deep nesting are kept', () => {
    const T = 'envoy.config.cluster.v3.Cluster'
    for (const v of [null, 1, 'x', true, [], [1, {a_b: 2}], {}]) expect(renameFields(v, T, 'camel')).toEqual(v)
    const wrong = {
      name: {not: 'a string'},
      circuit_breakers: 'oops',
      transport_socket_matches: {not_an: 'array'},
      typed_extension_protocol_options: [1, 2],
      metadata: null,
      load_assignment: {endpoints: [null, 3, 'x', {lb_endpoints: 'no'}]},
    }
    expect(renameFields(wrong, T, 'camel')).toEqual({
      name: {not: 'a string'},
      circuitBreakers: 'oops',
      transportSocketMatches: {not_an: 'array'},
      typedExtensionProtocolOptions: [1, 2],
      metadata: null,
      loadAssignment: {endpoints: [null, 3, 'x', {lbEndpoints: 'no'}]},
    })
    const proto = JSON.parse('{"__proto__": {"x_y": 1}, "metadata": {"filter_metadata": {"__proto__": {"a": 1}}}}')
    const out = renameFields(proto, T, 'camel') as any
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
    expect(Object.keys(out)).toEqual(['__proto__', 'metadata'])
    expect(Object.keys(out.metadata.filterMetadata)).toEqual(['__proto__'])
    // A Struct nested 100k levels deep, and a recursive message type nested 10k levels deep.
    const deep = JSON.parse('{"filter_metadata": {"k": ' + '{"a_b": '.repeat(100_000) + '1' + '}'.repeat(100_000) + '}}')
    expect(() => renameFields(deep, 'envoy.config.core.v3.Metadata', 'camel')).not.toThrow()
    const rules = JSON.parse('{"not_rule": '.repeat(10_000) + '{"any": true}' + '}'.repeat(10_000))
    const converted = renameFields(rules, 'envoy.config.rbac.v3.Permission', 'camel') as any
    expect(Object.keys(converted)).toEqual(['notRule'])
    expect(Object.keys(converted.notRule.notRule.notRule)).toEqual(['notRule'])
  })

  it('never mutates the input and shares no objects with it', () => {
    const input = structuredClone(cluster)
    const out = renameFields(input, ANY, 'snake') as any
    expect(input).toEqual(cluster)
    expect(out).toEqual(cluster)
    expect(out).not.toBe(input)
    expect(out.metadata.filter_metadata.istio).not.toBe(input.metadata.filter_metadata.istio) // verbatim Struct is copied
    expect(out.some_future_field).not.toBe(input.some_future_field)
    out.metadata.filter_metadata.istio.config = 'changed'
    expect(input.metadata.filter_metadata.istio.config).toBe('/apis/x')
  })

  it('rejects an unknown naming', () => {
    expect(() => renameFields({}, ANY, 'kebab' as never)).toThrow(TypeError)
  })
})

describe('declaration order (istioctl / Go jsonpb key order)', () => {
  it('sorts map keys and Struct keys at every level; integer-keyed maps numerically', () => {
    const route = {
      typed_per_filter_config: {'z.filter': {'@type': 'type.googleapis.com/google.protobuf.Empty', value: {}}, 'a.filter': {'@type': 'type.googleapis.com/istio.Unknown', z: 1, a: 2}},
      metadata: {filter_metadata: {istio: {z_key: {b: 1, a: [{d: 1, c: 2}]}, a_key: 1}, 'envoy.lb': {}}},
      match: {prefix: '/'},
    }
    const out = renameFields(route, 'envoy.config.route.v3.Route', 'camel', {order: 'declaration'}) as any
    expect(Object.keys(out)).toEqual(['match', 'metadata', 'typedPerFilterConfig'])
    expect(Object.keys(out.typedPerFilterConfig)).toEqual(['a.filter', 'z.filter'])
    expect(Object.keys(out.typedPerFilterConfig['a.filter'])).toEqual(['@type', 'z', 'a']) // unknown Any: as is
    expect(Object.keys(out.metadata.filterMetadata)).toEqual(['envoy.lb', 'istio'])
    expect(Object.keys(out.metadata.filterMetadata.istio)).toEqual(['a_key', 'z_key'])
    expect(Object.keys(out.metadata.filterMetadata.istio.z_key)).toEqual(['a', 'b'])
    expect(Object.keys(out.metadata.filterMetadata.istio.z_key.a[0])).toEqual(['c', 'd'])
    expect(out).toEqual(renameFields(route, 'envoy.config.route.v3.Route', 'camel'))
    // map<uint32, ...>: numeric order (JS enumerates index-like keys ascending anyway); UTF-8 byte order for strings.
    const dubbo = {params_match: {'10': {exact_match: 'a'}, '9': {exact_match: 'b'}}}
    const d = renameFields(dubbo, 'envoy.extensions.filters.network.dubbo_proxy.v3.MethodMatch', 'camel', {order: 'declaration'}) as any
    expect(Object.keys(d.paramsMatch)).toEqual(['9', '10'])
    expect(d.paramsMatch['9']).toEqual({exactMatch: 'b'})
    const lv = {'@type': 'type.googleapis.com/google.protobuf.ListValue', value: [{b: 1, a: {d: 1, c: 2}}]}
    const l = renameFields(lv, ANY, 'camel', {order: 'declaration'}) as any
    expect(l).toEqual(lv)
    expect(Object.keys(l.value[0])).toEqual(['a', 'b'])
    expect(Object.keys(l.value[0].a)).toEqual(['c', 'd'])
    const md = {filter_metadata: {'\u{1F600}': {}, '\uFFFD': {}, b: {}}}
    const m = renameFields(md, 'envoy.config.core.v3.Metadata', 'snake', {order: 'declaration'}) as any
    expect(Object.keys(m.filter_metadata)).toEqual(['b', '\uFFFD', '\u{1F600}'])
  })

  it('keeps values: a whole dump in declaration order deep-equals the input-order conversion', () => {
    const dump = fixture('writer/compare/testdata/configdump.json')
    expect(renameFields(dump, 'envoy.admin.v3.ConfigDump', 'camel', {order: 'declaration'})).toEqual(renameFields(dump, 'envoy.admin.v3.ConfigDump', 'camel'))
  })
})

describe('descriptor.json', () => {
  it('is what scripts/gen-descriptor.mjs generates now', () => {
    const script = fileURLToPath(new URL('../scripts/gen-descriptor.mjs', import.meta.url))
    expect(execFileSync(process.execPath, [script, '--check'], {encoding: 'utf8'})).toContain('is up to date')
  }, 30_000)
})

describe('orderFields', () => {
  it('orders known fields by declaration, @type first, unknown keys last, spelling kept', () => {
    const input = {policy: {overprovisioning_factor: 140}, extra: 1, endpoints: [{lbEndpoints: [{load_balancing_weight: 1, endpoint: {}}]}], '@type': 'x', clusterName: 'c'}
    const out = orderFields(input, CLA) as any
    expect(Object.keys(out)).toEqual(['@type', 'clusterName', 'endpoints', 'policy', 'extra'])
    expect(Object.keys(out.endpoints[0].lbEndpoints[0])).toEqual(['endpoint', 'load_balancing_weight'])
    expect(out).toEqual(input)
  })
})
