#!/usr/bin/env node
// Generates a large, Istio-shaped Envoy sidecar admin answer for benchmarks.
//
//   node bench/gen-dump.mjs --services 5000 --out bench/out/big.json
//   node bench/gen-dump.mjs --services 5000 --format clusters --out bench/out/big.clusters.json
//
// Options:
//   --services N        number of mesh services (default 1000)
//   --out FILE          output file (default bench/out/dump-<N>.json, or -clusters.json); dirs are created
//   --format F          config_dump (default): GET /config_dump?include_eds=true
//                       clusters:              GET /clusters?format=json matching the same mesh
//   --seed S            PRNG seed (default 42); output is a pure function of (N, seed, format)
//   --quiet             only print the byte count
//   --verify            re-read the output and JSON.parse it (needs ~2.5x the file size in memory)
//
// Mesh: service i is svc-<i>.ns-<i%50>.svc.cluster.local with port 8080 (http); every 10th service
// also has port 9090 (grpc) and a DestinationRule with subsets v1/v2 (plus outlier detection). Every
// service has a VirtualService with path routes (rich ones also route x-canary: true -> v2, rest -> v1).
// Each service has 3 endpoints. A few TCP database
// services get their own VIP listeners. The proxy is bench-client in ns-0.
//
// The JSON is printed like Envoy prints it (snake_case, proto field-number order, 1-space indent) and
// is written in chunks: memory use does not grow with N (roughly 26 KB of output per service).

import { LEAF_PEM, ROOT_PEM } from '../samples/sample-certs.mjs';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------------------------------------
// CLI

function parseArgs(argv) {
  const opts = { services: 1000, out: null, format: 'config_dump', seed: 42, quiet: false, verify: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new Error(`missing value for ${a}`);
      return v;
    };
    if (a.startsWith('--services')) opts.services = Number(val());
    else if (a.startsWith('--out')) opts.out = val();
    else if (a.startsWith('--format')) opts.format = val();
    else if (a.startsWith('--seed')) opts.seed = Number(val());
    else if (a === '--quiet') opts.quiet = true;
    else if (a === '--verify') opts.verify = true;
    else if (a === '-h' || a === '--help') {
      console.log('usage: node bench/gen-dump.mjs [--services N] [--out FILE] [--format config_dump|clusters] [--seed S] [--quiet] [--verify]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(opts.services) || opts.services < 1) throw new Error('--services must be a positive integer');
  if (!['config_dump', 'clusters'].includes(opts.format)) throw new Error('--format must be config_dump or clusters');
  if (!Number.isFinite(opts.seed)) throw new Error('--seed must be a number');
  return opts;
}

// ---------------------------------------------------------------------------------------------
// Chunked writer producing Envoy-style (1-space) indentation

class Writer {
  constructor(file) {
    this.fd = fs.openSync(file, 'w');
    this.buf = [];
    this.len = 0;
    this.bytes = 0;
  }
  raw(s) {
    this.buf.push(s);
    this.len += s.length;
    if (this.len >= 1 << 20) this.flush();
  }
  // value serialized as it would appear nested `depth` levels deep
  value(v, depth) {
    const s = JSON.stringify(v, null, 1);
    this.raw(depth ? s.replaceAll('\n', `\n${' '.repeat(depth)}`) : s);
  }
  flush() {
    if (!this.len) return;
    const b = Buffer.from(this.buf.join(''), 'utf8');
    fs.writeSync(this.fd, b);
    this.bytes += b.length;
    this.buf = [];
    this.len = 0;
  }
  close() {
    this.flush();
    fs.closeSync(this.fd);
  }
}

const ind = (d) => ' '.repeat(d);

// Streams a JSON object whose members are either plain values or streamed arrays.
// members: [key, {value} | {items: iterable, itemDepthValue?} | {object: members}]
function writeObject(w, members, depth) {
  w.raw('{');
  let first = true;
  for (const [key, m] of members) {
    if (m === undefined) continue;
    w.raw(`${first ? '' : ','}\n${ind(depth + 1)}${JSON.stringify(key)}: `);
    first = false;
    if ('value' in m) w.value(m.value, depth + 1);
    else if ('object' in m) writeObject(w, m.object, depth + 1);
    else if ('items' in m) writeArray(w, m.items, depth + 1);
  }
  w.raw(first ? '}' : `\n${ind(depth)}}`);
}

function writeArray(w, items, depth) {
  let n = 0;
  for (const it of items) {
    w.raw(`${n ? ',' : '['}\n${ind(depth + 1)}`);
    if (it && it.__members) writeObject(w, it.__members, depth + 1);
    else w.value(it, depth + 1);
    n++;
  }
  w.raw(n ? `\n${ind(depth)}]` : '[]');
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
// per-entity PRNG so that any service can be generated independently and identically
const rngFor = (seed, i, salt) => mulberry32((seed * 2654435761) ^ (i * 40503) ^ (salt * 97));
const ALNUM = 'bcdfghjklmnpqrstvwxz2456789';
const token = (r, n) => Array.from({ length: n }, () => ALNUM[Math.floor(r() * ALNUM.length)]).join('');

// ---------------------------------------------------------------------------------------------
// Mesh model

const NAMESPACES = 50;
const CLIENT_NS = 'ns-0';
const CLIENT_POD = 'bench-client-7c9d5f8b6d-q4xzt';
const CLIENT_IP = '10.250.0.10';
const ZONES = [
  { region: 'us-east1', zone: 'us-east1-b' },
  { region: 'us-east1', zone: 'us-east1-c' },
  { region: 'us-east1', zone: 'us-east1-d' },
];
const V1 = '2026-02-02T10:00:00Z/118';
const V2 = '2026-02-02T10:41:12Z/131';
const TS = (sec, ms) => `2026-02-02T10:${String(Math.floor(sec / 60) % 60).padStart(2, '0')}:${String(sec % 60).padStart(2, '0')}.${String(ms).padStart(3, '0')}Z`;

function service(i, seed) {
  const r = rngFor(seed, i, 1);
  const ns = `ns-${i % NAMESPACES}`;
  const name = `svc-${i}`;
  const host = `${name}.${ns}.svc.cluster.local`;
  const vipN = i + 300;
  const vip = `10.96.${(vipN >> 8) & 255}.${vipN & 255}`;
  const rich = i % 10 === 0;
  const ports = rich
    ? [{ port: 8080, name: 'http', protocol: 'HTTP', target: 8080 }, { port: 9090, name: 'grpc', protocol: 'GRPC', target: 9090 }]
    : [{ port: 8080, name: 'http', protocol: 'HTTP', target: 8080 }];
  const rsHash = token(r, 10);
  const eps = [0, 1, 2].map((k) => {
    const idx = i * 3 + k + 2;
    const version = rich && k === 2 ? 'v2' : 'v1';
    return {
      ip: `10.${244 + (idx >> 16)}.${(idx >> 8) & 255}.${idx & 255}`,
      pod: `${name}-${version}-${rsHash}-${token(r, 5)}`,
      version,
      locality: ZONES[(i + k) % 3],
      health: r() < 0.01 ? 'UNHEALTHY' : 'HEALTHY',
      workload: `${name}-${version};${ns};${name};${version};Kubernetes`,
    };
  });
  return { i, ns, name, host, vip, ports, eps, rich, sa: `${name}-sa`, subsets: rich ? ['v1', 'v2'] : [] };
}

function tcpService(j) {
  const ns = 'data';
  const name = `db-${j}`;
  const vip = `10.97.0.${10 + j}`;
  const eps = [0, 1, 2].map((k) => ({
    ip: `10.249.${j}.${10 + k}`,
    version: 'v1',
    locality: ZONES[k % 3],
    health: 'HEALTHY',
    workload: `${name};${ns};${name};v1;Kubernetes`,
    mesh: true,
  }));
  return { i: -1 - j, ns, name, host: `${name}.${ns}.svc.cluster.local`, vip, ports: [{ port: 5432, name: 'tcp-postgres', protocol: 'TCP', target: 5432 }], eps, rich: false, sa: name, subsets: [] };
}

// ---------------------------------------------------------------------------------------------
// Envoy object builders (same shapes as samples/make-sample.mjs)

const TYPE = (t) => `type.googleapis.com/${t}`;
const adsSource = () => ({ ads: {}, initial_fetch_timeout: '0s', resource_api_version: 'V3' });
const sockAddr = (address, port) => ({ socket_address: { address, port_value: port } });
const typedStruct = (typeUrl, value) => ({ '@type': TYPE('udpa.type.v1.TypedStruct'), type_url: TYPE(typeUrl), value });
const sdsSecret = (name) => ({
  name,
  sds_config: {
    api_config_source: { api_type: 'GRPC', grpc_services: [{ envoy_grpc: { cluster_name: 'sds-grpc' } }], set_node_on_first_message_only: true, transport_api_version: 'V3' },
    initial_fetch_timeout: '0s',
    resource_api_version: 'V3',
  },
});
const ACCESS_LOG_FORMAT =
  '[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS% ' +
  '%RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% "%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED% ' +
  '%BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" ' +
  '"%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER_RAW% %UPSTREAM_LOCAL_ADDRESS% ' +
  '%DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS% %REQUESTED_SERVER_NAME% %ROUTE_NAME%\n';
const fileAccessLog = () => ({
  name: 'envoy.access_loggers.file',
  typed_config: { '@type': TYPE('envoy.extensions.access_loggers.file.v3.FileAccessLog'), path: '/dev/stdout', log_format: { text_format_source: { inline_string: ACCESS_LOG_FORMAT } } },
});
const tcpMx = () => ({ name: 'istio.metadata_exchange', typed_config: typedStruct('envoy.tcp.metadataexchange.config.MetadataExchange', { enable_discovery: true, protocol: 'istio-peer-exchange' }) });
const statsFilter = (inbound) => ({ name: 'istio.stats', typed_config: { '@type': TYPE('stats.PluginConfig'), ...(inbound ? { disable_host_header_fallback: true } : {}) } });
const tcpProxy = (cluster, log = true) => ({
  name: 'envoy.filters.network.tcp_proxy',
  typed_config: { '@type': TYPE('envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy'), stat_prefix: cluster, cluster, ...(log ? { access_log: [fileAccessLog()] } : {}) },
});
const defaultThresholds = () => ({ thresholds: [{ max_connections: 4294967295, max_pending_requests: 4294967295, max_requests: 4294967295, max_retries: 4294967295, track_remaining: true }] });
const clusterName = (port, subset, host) => `outbound|${port}|${subset}|${host}`;

function upstreamTls(sni, sans) {
  return {
    name: 'envoy.transport_sockets.tls',
    typed_config: {
      '@type': TYPE('envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext'),
      common_tls_context: {
        tls_params: { tls_minimum_protocol_version: 'TLSv1_2', tls_maximum_protocol_version: 'TLSv1_3' },
        alpn_protocols: ['istio-peer-exchange', 'istio'],
        tls_certificate_sds_secret_configs: [sdsSecret('default')],
        combined_validation_context: {
          default_validation_context: { match_subject_alt_names: sans.map((s) => ({ exact: s })) },
          validation_context_sds_secret_config: sdsSecret('ROOTCA'),
        },
      },
      sni,
    },
  };
}

function outboundCluster(svc, port, subset) {
  const name = clusterName(port.port, subset, svc.host);
  const istio = { services: [{ host: svc.host, name: svc.name, namespace: svc.ns }], default_original_port: port.port };
  if (svc.rich) {
    istio.config = `/apis/networking.istio.io/v1/namespaces/${svc.ns}/destination-rule/${svc.name}`;
    if (subset) istio.subset = subset;
  }
  const c = {
    '@type': TYPE('envoy.config.cluster.v3.Cluster'),
    name,
    type: 'EDS',
    eds_cluster_config: { eds_config: adsSource(), service_name: name },
    connect_timeout: '10s',
    lb_policy: 'LEAST_REQUEST',
    circuit_breakers: defaultThresholds(),
  };
  if (svc.rich) c.outlier_detection = { consecutive_5xx: 5, interval: '10s', base_ejection_time: '30s', max_ejection_percent: 50, enforcing_consecutive_5xx: 100, enforcing_success_rate: 0 };
  c.metadata = { filter_metadata: { istio } };
  c.common_lb_config = svc.rich ? { healthy_panic_threshold: {} } : {};
  c.alt_stat_name = `${name};`;
  if (port.protocol === 'GRPC') {
    c.typed_extension_protocol_options = {
      'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': { '@type': TYPE('envoy.extensions.upstreams.http.v3.HttpProtocolOptions'), explicit_http_config: { http2_protocol_options: {} } },
    };
  }
  c.filters = [tcpMx()];
  c.transport_socket_matches = [
    { name: 'tlsMode-istio', match: { tlsMode: 'istio' }, transport_socket: upstreamTls(`outbound_.${port.port}_.${subset || '_'}_.${svc.host}`, [`spiffe://cluster.local/ns/${svc.ns}/sa/${svc.sa}`]) },
    { name: 'tlsMode-disabled', match: {}, transport_socket: { name: 'envoy.transport_sockets.raw_buffer', typed_config: { '@type': TYPE('envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer') } } },
  ];
  return c;
}

function cla(svc, port, subset) {
  const eps = svc.eps.filter((e) => !subset || e.version === subset);
  const groups = new Map();
  for (const e of eps) {
    const k = e.locality.zone;
    if (!groups.has(k)) groups.set(k, { locality: { ...e.locality }, eps: [] });
    groups.get(k).eps.push(e);
  }
  return {
    '@type': TYPE('envoy.config.endpoint.v3.ClusterLoadAssignment'),
    cluster_name: clusterName(port.port, subset, svc.host),
    endpoints: [...groups.values()].map((g) => ({
      locality: g.locality,
      lb_endpoints: g.eps.map((e) => ({
        endpoint: { address: sockAddr(e.ip, port.target), health_check_config: {} },
        health_status: e.health,
        metadata: { filter_metadata: { 'envoy.transport_socket_match': { tlsMode: 'istio' }, istio: { workload: e.workload } } },
        load_balancing_weight: 1,
      })),
      load_balancing_weight: g.eps.length,
    })),
    policy: { overprovisioning_factor: 140 },
  };
}

function retryPolicy() {
  return {
    retry_on: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
    num_retries: 2,
    retry_host_predicate: [{ name: 'envoy.retry_host_predicates.previous_hosts', typed_config: { '@type': TYPE('envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate') } }],
    host_selection_retry_max_attempts: '5',
    retriable_status_codes: [503],
  };
}

function domains(svc, port) {
  const names = [svc.host];
  if (svc.ns === CLIENT_NS) names.push(svc.name, `${svc.name}.${svc.ns}.svc`, `${svc.name}.${svc.ns}`);
  else names.push(`${svc.name}.${svc.ns}`, `${svc.name}.${svc.ns}.svc`);
  names.push(svc.vip);
  return names.flatMap((n) => [n, `${n}:${port}`]);
}

// Every service has a VirtualService `svc-<i>` with path routes (this is the main knob that sets the
// output size: ~26 KB per service with PATH_ROUTES = 8). Rich services also route x-canary: true to v2.
const PATH_ROUTES = 8;
const RESOURCES = ['orders', 'customers', 'inventory', 'payments', 'shipments', 'catalog', 'reviews', 'accounts', 'sessions', 'search'];
function virtualHost(svc, port) {
  const meta = { filter_metadata: { istio: { config: `/apis/networking.istio.io/v1/namespaces/${svc.ns}/virtual-service/${svc.name}` } } };
  const base = svc.rich ? 'v1' : '';
  const op = (path) => `${svc.host}:${port.port}${path}`;
  const routes = [];
  if (svc.rich) {
    routes.push({
      match: { prefix: '/', case_sensitive: true, headers: [{ name: 'x-canary', string_match: { exact: 'true' } }] },
      route: { cluster: clusterName(port.port, 'v2', svc.host), timeout: '0s', retry_policy: retryPolicy(), max_grpc_timeout: '0s' },
      metadata: meta,
      decorator: { operation: op('/*') },
      name: 'canary',
    });
  }
  for (let k = 0; k < PATH_ROUTES; k++) {
    const res = RESOURCES[(svc.i + k) % RESOURCES.length];
    const prefix = `/api/v${1 + (k % 2)}/${res}`;
    const timeout = `${5 + ((svc.i + k) % 4) * 5}s`;
    routes.push({
      match: { prefix, case_sensitive: true },
      route: {
        cluster: clusterName(port.port, base, svc.host),
        timeout,
        retry_policy: {
          retry_on: 'gateway-error,connect-failure,refused-stream',
          num_retries: 3,
          per_try_timeout: '2s',
          retry_host_predicate: [{ name: 'envoy.retry_host_predicates.previous_hosts', typed_config: { '@type': TYPE('envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate') } }],
          host_selection_retry_max_attempts: '5',
        },
        max_grpc_timeout: timeout,
      },
      metadata: meta,
      decorator: { operation: op(`${prefix}*`) },
      request_headers_to_add: [{ header: { key: 'x-route', value: `${res}-v${1 + (k % 2)}` }, append_action: 'OVERWRITE_IF_EXISTS_OR_ADD' }],
      // chaos experiment on the first path route: abort 0.1% of requests
      ...(k === 0 ? {
        typed_per_filter_config: {
          'envoy.filters.http.fault': { '@type': TYPE('envoy.extensions.filters.http.fault.v3.HTTPFault'), abort: { http_status: 503, percentage: { numerator: 1000, denominator: 'MILLION' } } },
        },
      } : {}),
      name: `${res}-v${1 + (k % 2)}`,
    });
  }
  routes.push({
    match: { prefix: '/' },
    route: { cluster: clusterName(port.port, base, svc.host), timeout: '0s', retry_policy: retryPolicy(), max_grpc_timeout: '0s' },
    metadata: meta,
    decorator: { operation: op('/*') },
    typed_per_filter_config: {
      'envoy.filters.http.cors': {
        '@type': TYPE('envoy.extensions.filters.http.cors.v3.CorsPolicy'),
        allow_origin_string_match: [{ exact: `https://${svc.ns}.example.com` }],
        allow_methods: 'GET,POST,PUT,DELETE',
        allow_headers: 'authorization,content-type,x-request-id',
        max_age: '86400',
        filter_enabled: { default_value: { numerator: 100 } },
        forward_not_matching_preflights: true,
      },
    },
    name: 'default',
  });
  return { name: `${svc.host}:${port.port}`, domains: domains(svc, port.port), routes, include_request_attempt_count: true };
}

const allowAny = () => ({
  name: 'allow_any',
  domains: ['*'],
  routes: [{ match: { prefix: '/' }, route: { cluster: 'PassthroughCluster', timeout: '0s', max_grpc_timeout: '0s' }, name: 'allow_any' }],
  include_request_attempt_count: true,
});

function tracing() {
  const dry = [
    ['istio.authorization.dry_run.allow_policy.name', 'istio_dry_run_allow_shadow_effective_policy_id'],
    ['istio.authorization.dry_run.allow_policy.result', 'istio_dry_run_allow_shadow_engine_result'],
    ['istio.authorization.dry_run.deny_policy.name', 'istio_dry_run_deny_shadow_effective_policy_id'],
    ['istio.authorization.dry_run.deny_policy.result', 'istio_dry_run_deny_shadow_engine_result'],
  ];
  return {
    client_sampling: { value: 100 },
    random_sampling: { value: 1 },
    overall_sampling: { value: 100 },
    custom_tags: [
      ...dry.map(([tag, key]) => ({ tag, metadata: { kind: { request: {} }, metadata_key: { key: 'envoy.filters.http.rbac', path: [{ key }] } } })),
      { tag: 'istio.canonical_revision', literal: { value: 'latest' } },
      { tag: 'istio.canonical_service', literal: { value: 'bench-client' } },
      { tag: 'istio.cluster_id', literal: { value: 'Kubernetes' } },
      { tag: 'istio.mesh_id', literal: { value: 'cluster.local' } },
      { tag: 'istio.namespace', literal: { value: CLIENT_NS } },
    ],
  };
}

function hcm({ statPrefix, rds, routeConfig, inbound }) {
  const f = (name, tc) => ({ name, typed_config: tc });
  const mx = typedStruct('io.istio.http.peer_metadata.Config', inbound
    ? { downstream_discovery: [{ istio_headers: {} }, { workload_discovery: {} }], downstream_propagation: [{ istio_headers: {} }] }
    : { upstream_discovery: [{ istio_headers: {} }, { workload_discovery: {} }], upstream_propagation: [{ istio_headers: {} }] });
  const filters = [
    f('istio.metadata_exchange', mx),
    f('envoy.filters.http.grpc_stats', { '@type': TYPE('envoy.extensions.filters.http.grpc_stats.v3.FilterConfig'), emit_filter_state: true, stats_for_all_methods: false }),
    ...(inbound ? [] : [f('istio.alpn', {
      '@type': TYPE('istio.envoy.config.filter.http.alpn.v2alpha1.FilterConfig'),
      alpn_override: [
        { alpn_override: ['istio-http/1.0', 'istio', 'http/1.0'] },
        { upstream_protocol: 'HTTP11', alpn_override: ['istio-http/1.1', 'istio', 'http/1.1'] },
        { upstream_protocol: 'HTTP2', alpn_override: ['istio-h2', 'istio', 'h2'] },
      ],
    })]),
    f('envoy.filters.http.fault', { '@type': TYPE('envoy.extensions.filters.http.fault.v3.HTTPFault') }),
    f('envoy.filters.http.cors', { '@type': TYPE('envoy.extensions.filters.http.cors.v3.Cors') }),
    statsFilter(inbound),
    f('envoy.filters.http.router', { '@type': TYPE('envoy.extensions.filters.http.router.v3.Router') }),
  ];
  const h = { '@type': TYPE('envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager'), stat_prefix: statPrefix };
  if (rds) h.rds = { config_source: adsSource(), route_config_name: rds };
  else h.route_config = routeConfig;
  Object.assign(h, {
    http_filters: filters,
    tracing: tracing(),
    server_name: 'istio-envoy',
    access_log: [fileAccessLog()],
    use_remote_address: false,
  });
  if (inbound) Object.assign(h, { forward_client_cert_details: 'APPEND_FORWARD', set_current_client_cert_details: { subject: true, dns: true, uri: true } });
  Object.assign(h, {
    proxy_100_continue: true,
    upgrade_configs: [{ upgrade_type: 'websocket' }],
    stream_idle_timeout: '0s',
    normalize_path: true,
    request_id_extension: { typed_config: { '@type': TYPE('envoy.extensions.request_id.uuid.v3.UuidRequestIdConfig'), use_request_id_for_trace_sampling: true } },
    path_with_escaped_slashes_action: 'KEEP_UNCHANGED',
  });
  return { name: 'envoy.filters.network.http_connection_manager', typed_config: h };
}

const LISTENER = TYPE('envoy.config.listener.v3.Listener');
const httpInspector = () => ({ name: 'envoy.filters.listener.http_inspector', typed_config: { '@type': TYPE('envoy.extensions.filters.listener.http_inspector.v3.HttpInspector') } });

function wildcardHttpListener(port) {
  return {
    '@type': LISTENER,
    name: `0.0.0.0_${port}`,
    address: sockAddr('0.0.0.0', port),
    filter_chains: [{
      filter_chain_match: { transport_protocol: 'raw_buffer', application_protocols: ['http/1.1', 'h2c'] },
      filters: [hcm({ statPrefix: `outbound_0.0.0.0_${port};`, rds: String(port) })],
      transport_socket_connect_timeout: '15s',
    }],
    listener_filters: [httpInspector()],
    listener_filters_timeout: '0s',
    traffic_direction: 'OUTBOUND',
    continue_on_listener_filters_timeout: true,
    default_filter_chain: { filter_chain_match: {}, filters: [statsFilter(false), tcpProxy('PassthroughCluster')], name: 'PassthroughFilterChain' },
    bind_to_port: false,
  };
}

function vipTcpListener(svc) {
  const port = svc.ports[0];
  return {
    '@type': LISTENER,
    name: `${svc.vip}_${port.port}`,
    address: sockAddr(svc.vip, port.port),
    filter_chains: [{ filters: [statsFilter(false), tcpProxy(clusterName(port.port, '', svc.host))], transport_socket_connect_timeout: '15s' }],
    listener_filters_timeout: '0s',
    traffic_direction: 'OUTBOUND',
    continue_on_listener_filters_timeout: true,
    bind_to_port: false,
  };
}

const nrLog = () => [{ name: 'envoy.access_loggers.file', filter: { response_flag_filter: { flags: ['NR'] } }, typed_config: fileAccessLog().typed_config }];

function virtualOutbound() {
  return {
    '@type': LISTENER,
    name: 'virtualOutbound',
    address: sockAddr('0.0.0.0', 15001),
    filter_chains: [
      { filter_chain_match: { destination_port: 15001 }, filters: [statsFilter(false), tcpProxy('BlackHoleCluster', false)], name: 'virtualOutbound-blackhole' },
      { filters: [statsFilter(false), tcpProxy('PassthroughCluster')], name: 'virtualOutbound-catchall-tcp' },
    ],
    use_original_dst: true,
    traffic_direction: 'OUTBOUND',
    access_log: nrLog(),
    max_connections_to_accept_per_socket_event: 1,
  };
}

function downstreamTls(alpn) {
  return {
    name: 'envoy.transport_sockets.tls',
    typed_config: {
      '@type': TYPE('envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext'),
      common_tls_context: {
        tls_params: { tls_minimum_protocol_version: 'TLSv1_2', tls_maximum_protocol_version: 'TLSv1_3' },
        alpn_protocols: alpn,
        tls_certificate_sds_secret_configs: [sdsSecret('default')],
        combined_validation_context: { default_validation_context: { match_subject_alt_names: [{ prefix: 'spiffe://cluster.local/' }] }, validation_context_sds_secret_config: sdsSecret('ROOTCA') },
      },
      require_client_certificate: true,
    },
  };
}

function inboundRoute(name, vport, cluster, op) {
  return {
    name,
    virtual_hosts: [{
      name: `inbound|http|${vport}`,
      domains: ['*'],
      routes: [{
        match: { prefix: '/' },
        route: { cluster, timeout: '0s', retry_policy: { retry_on: 'reset-before-request', num_retries: 2 }, max_stream_duration: { max_stream_duration: '0s', grpc_timeout_header_max: '0s' } },
        decorator: { operation: op },
        name: 'default',
      }],
    }],
    validate_clusters: false,
  };
}

function virtualInbound() {
  const passHcm = () => hcm({ statPrefix: 'InboundPassthroughCluster;', routeConfig: inboundRoute('InboundPassthroughCluster', 0, 'InboundPassthroughCluster', ':0/*'), inbound: true });
  const passTcp = () => [tcpMx(), statsFilter(true), tcpProxy('InboundPassthroughCluster')];
  const appHcm = () => hcm({ statPrefix: 'inbound_0.0.0.0_8080;', routeConfig: inboundRoute('inbound|8080||', 8080, 'inbound|8080||', `bench-client.${CLIENT_NS}.svc.cluster.local:8080/*`), inbound: true });
  return {
    '@type': LISTENER,
    name: 'virtualInbound',
    address: sockAddr('0.0.0.0', 15006),
    filter_chains: [
      { filter_chain_match: { destination_port: 15006 }, filters: [tcpMx(), statsFilter(true), tcpProxy('BlackHoleCluster', false)], name: 'virtualInbound-blackhole' },
      { filter_chain_match: { transport_protocol: 'tls', application_protocols: ['istio-http/1.0', 'istio-http/1.1', 'istio-h2'] }, filters: [tcpMx(), passHcm()], transport_socket: downstreamTls(['h2', 'http/1.1']), name: 'virtualInbound-catchall-http' },
      { filter_chain_match: { transport_protocol: 'raw_buffer', application_protocols: ['http/1.1', 'h2c'] }, filters: [tcpMx(), passHcm()], name: 'virtualInbound-catchall-http' },
      { filter_chain_match: { transport_protocol: 'tls', application_protocols: ['istio-peer-exchange', 'istio'] }, filters: passTcp(), transport_socket: downstreamTls(['istio-peer-exchange', 'h2', 'http/1.1']), name: 'virtualInbound' },
      { filter_chain_match: { transport_protocol: 'tls' }, filters: passTcp(), name: 'virtualInbound' },
      { filter_chain_match: { transport_protocol: 'raw_buffer' }, filters: passTcp(), name: 'virtualInbound' },
      { filter_chain_match: { destination_port: 8080, transport_protocol: 'tls', application_protocols: ['istio', 'istio-peer-exchange', 'istio-http/1.0', 'istio-http/1.1', 'istio-h2'] }, filters: [tcpMx(), appHcm()], transport_socket: downstreamTls(['h2', 'http/1.1']), name: '0.0.0.0_8080' },
      { filter_chain_match: { destination_port: 8080, transport_protocol: 'raw_buffer' }, filters: [tcpMx(), appHcm()], name: '0.0.0.0_8080' },
    ],
    listener_filters: [
      { name: 'envoy.filters.listener.original_dst', typed_config: { '@type': TYPE('envoy.extensions.filters.listener.original_dst.v3.OriginalDst') } },
      { name: 'envoy.filters.listener.tls_inspector', typed_config: { '@type': TYPE('envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector'), initial_read_buffer_size: 512 }, filter_disabled: { destination_port_range: { start: 15006, end: 15007 } } },
      { ...httpInspector(), filter_disabled: { or_match: { rules: [{ destination_port_range: { start: 8080, end: 8081 } }, { destination_port_range: { start: 15006, end: 15007 } }] } } },
    ],
    listener_filters_timeout: '0s',
    traffic_direction: 'INBOUND',
    continue_on_listener_filters_timeout: true,
    access_log: nrLog(),
    max_connections_to_accept_per_socket_event: 1,
  };
}

function staticListeners() {
  const inline = (statPrefix, prefix, cluster) => ({
    name: 'envoy.filters.network.http_connection_manager',
    typed_config: {
      '@type': TYPE('envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager'),
      stat_prefix: statPrefix,
      route_config: { virtual_hosts: [{ name: 'backend', domains: ['*'], routes: [{ match: { prefix }, route: { cluster } }] }] },
      http_filters: [{ name: 'envoy.filters.http.router', typed_config: { '@type': TYPE('envoy.extensions.filters.http.router.v3.Router') } }],
    },
  });
  return [
    { address: sockAddr('0.0.0.0', 15090), filter_chains: [{ filters: [inline('stats', '/stats/prometheus', 'prometheus_stats')] }] },
    { address: sockAddr('0.0.0.0', 15021), filter_chains: [{ filters: [inline('agent', '/healthz/ready', 'agent')] }] },
  ];
}

function staticClusters() {
  const la = (name, address) => ({ cluster_name: name, endpoints: [{ lb_endpoints: [{ endpoint: { address } }] }] });
  const h2 = () => ({ 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': { '@type': TYPE('envoy.extensions.upstreams.http.v3.HttpProtocolOptions'), explicit_http_config: { http2_protocol_options: {} } } });
  return [
    { name: 'prometheus_stats', type: 'STATIC', connect_timeout: '0.250s', load_assignment: la('prometheus_stats', sockAddr('127.0.0.1', 15000)) },
    { name: 'agent', type: 'STATIC', connect_timeout: '0.250s', load_assignment: la('agent', sockAddr('127.0.0.1', 15020)) },
    { name: 'sds-grpc', type: 'STATIC', connect_timeout: '1s', load_assignment: la('sds-grpc', { pipe: { path: './var/run/secrets/workload-spiffe-uds/socket' } }), typed_extension_protocol_options: h2() },
    {
      name: 'xds-grpc', type: 'STATIC', connect_timeout: '1s', max_requests_per_connection: 1,
      circuit_breakers: { thresholds: [{ max_connections: 100000, max_pending_requests: 100000, max_requests: 100000 }, { priority: 'HIGH', max_connections: 100000, max_pending_requests: 100000, max_requests: 100000 }] },
      upstream_connection_options: { tcp_keepalive: { keepalive_time: 300 } },
      load_assignment: la('xds-grpc', { pipe: { path: './etc/istio/proxy/XDS' } }),
      typed_extension_protocol_options: h2(),
    },
  ].map((c) => ({ '@type': TYPE('envoy.config.cluster.v3.Cluster'), ...c }));
}

function specialClusters() {
  const C = TYPE('envoy.config.cluster.v3.Cluster');
  const ppo = () => ({
    'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
      '@type': TYPE('envoy.extensions.upstreams.http.v3.HttpProtocolOptions'),
      common_http_protocol_options: { idle_timeout: '300s' },
      use_downstream_protocol_config: { http_protocol_options: {}, http2_protocol_options: {} },
    },
  });
  return [
    { '@type': C, name: 'BlackHoleCluster', type: 'STATIC', connect_timeout: '10s', alt_stat_name: 'BlackHoleCluster;' },
    { '@type': C, name: 'PassthroughCluster', type: 'ORIGINAL_DST', connect_timeout: '10s', lb_policy: 'CLUSTER_PROVIDED', circuit_breakers: defaultThresholds(), alt_stat_name: 'PassthroughCluster;', typed_extension_protocol_options: ppo(), filters: [tcpMx()] },
    { '@type': C, name: 'InboundPassthroughCluster', type: 'ORIGINAL_DST', connect_timeout: '10s', lb_policy: 'CLUSTER_PROVIDED', circuit_breakers: defaultThresholds(), upstream_bind_config: { source_address: { address: '127.0.0.6', port_value: 0 } }, alt_stat_name: 'InboundPassthroughCluster;', typed_extension_protocol_options: ppo() },
    {
      '@type': C, name: 'inbound|8080||', type: 'ORIGINAL_DST', connect_timeout: '10s', lb_policy: 'CLUSTER_PROVIDED', circuit_breakers: defaultThresholds(), cleanup_interval: '9223372035s',
      upstream_bind_config: { source_address: { address: '127.0.0.6', port_value: 0 } },
      metadata: { filter_metadata: { istio: { services: [{ host: `bench-client.${CLIENT_NS}.svc.cluster.local`, name: 'bench-client', namespace: CLIENT_NS }] } } },
      common_lb_config: {}, alt_stat_name: 'inbound|8080||;',
    },
  ];
}

function bootstrap(n) {
  return {
    node: {
      id: `sidecar~${CLIENT_IP}~${CLIENT_POD}.${CLIENT_NS}~${CLIENT_NS}.svc.cluster.local`,
      cluster: `bench-client.${CLIENT_NS}`,
      metadata: {
        CLUSTER_ID: 'Kubernetes',
        ENVOY_PROMETHEUS_PORT: 15090,
        ENVOY_STATUS_PORT: 15021,
        INSTANCE_IPS: CLIENT_IP,
        INTERCEPTION_MODE: 'REDIRECT',
        ISTIO_PROXY_SHA: 'istio-proxy:0d6b8fb57d7f4d3a9a3c1e6f2b8e4d7c5a9f1b3e',
        ISTIO_VERSION: '1.28.2',
        LABELS: { app: 'bench-client', 'security.istio.io/tlsMode': 'istio', 'service.istio.io/canonical-name': 'bench-client', 'service.istio.io/canonical-revision': 'latest' },
        MESH_ID: 'cluster.local',
        NAME: CLIENT_POD,
        NAMESPACE: CLIENT_NS,
        OWNER: `kubernetes://apis/apps/v1/namespaces/${CLIENT_NS}/deployments/bench-client`,
        PILOT_SAN: ['istiod.istio-system.svc'],
        PROXY_CONFIG: { binaryPath: '/usr/local/bin/envoy', concurrency: 2, configPath: './etc/istio/proxy', discoveryAddress: 'istiod.istio-system.svc:15012', drainDuration: '45s', proxyAdminPort: 15000, serviceCluster: 'istio-proxy', statNameLength: 189, statusPort: 15020, terminationDrainDuration: '5s' },
        SERVICE_ACCOUNT: 'bench-client',
        WORKLOAD_NAME: 'bench-client',
        BENCH_SERVICES: String(n),
      },
      locality: { ...ZONES[0] },
      user_agent_name: 'envoy',
      user_agent_build_version: { version: { major_number: 1, minor_number: 36, patch: 4 }, metadata: { 'build.type': 'RELEASE', 'revision.sha': '0d6b8fb57d7f4d3a9a3c1e6f2b8e4d7c5a9f1b3e', 'revision.status': 'Clean', 'ssl.version': 'BoringSSL' } },
    },
    static_resources: { listeners: staticListeners(), clusters: staticClusters().map(({ '@type': _, ...c }) => c) },
    dynamic_resources: {
      lds_config: adsSource(),
      cds_config: adsSource(),
      ads_config: { api_type: 'GRPC', grpc_services: [{ envoy_grpc: { cluster_name: 'xds-grpc' } }], set_node_on_first_message_only: true, transport_api_version: 'V3' },
    },
    admin: { profile_path: '/var/lib/istio/data/envoy.prof', address: sockAddr('127.0.0.1', 15000), access_log: [{ name: 'envoy.access_loggers.file', typed_config: { '@type': TYPE('envoy.extensions.access_loggers.file.v3.FileAccessLog'), path: '/dev/null' } }] },
    stats_config: { use_all_default_tags: false, stats_matcher: { inclusion_list: { patterns: [{ prefix: 'reporter=' }, { prefix: 'component' }, { prefix: 'istio' }] } } },
    layered_runtime: { layers: [{ name: 'global config', static_layer: { 'overload.global_downstream_max_connections': '2147483647', 're2.max_program_size.error_level': '32768' } }, { name: 'admin', admin_layer: {} }] },
  };
}

// Secret material: the same real (self-signed, 2026-01-01..2036-01-01) chain as samples/make-sample.mjs,
// so that certificate parsing in `secret` views behaves as with a real proxy.
function secrets() {
  const b64 = (s) => Buffer.from(s).toString('base64');
  const S = TYPE('envoy.extensions.transport_sockets.tls.v3.Secret');
  return [
    { name: 'default', version_info: '2026-02-02T10:00:01Z', last_updated: '2026-02-02T10:00:01.512Z', secret: { '@type': S, name: 'default', tls_certificate: { certificate_chain: { inline_bytes: b64(LEAF_PEM + ROOT_PEM) }, private_key: { inline_bytes: b64('[redacted]') } } } },
    { name: 'ROOTCA', version_info: '2026-02-02T10:00:01Z', last_updated: '2026-02-02T10:00:01.514Z', secret: { '@type': S, name: 'ROOTCA', validation_context: { trusted_ca: { inline_bytes: b64(ROOT_PEM) } } } },
  ];
}

// ---------------------------------------------------------------------------------------------
// Iteration over the mesh (generators keep memory flat)

function* services(n, seed) {
  for (let i = 0; i < n; i++) yield service(i, seed);
}
function tcpServices(n) {
  const count = Math.max(3, Math.min(20, Math.floor(n / 500)));
  return Array.from({ length: count }, (_, j) => tcpService(j));
}
// (svc, port, subset) triples in the order clusters are printed
function* clusterKeys(n, seed) {
  for (const svc of services(n, seed)) {
    for (const port of svc.ports) {
      yield [svc, port, ''];
      for (const s of svc.subsets) yield [svc, port, s];
    }
  }
  for (const svc of tcpServices(n)) yield [svc, svc.ports[0], ''];
}
const clusterVersion = (svc) => (svc.rich ? V2 : V1);
const clusterTime = (svc, k) => (svc.rich ? TS(2472 + (k % 3), (svc.i * 7 + k) % 1000) : TS(1, (svc.i * 13 + k) % 1000));

// ---------------------------------------------------------------------------------------------
// Writers

function writeConfigDump(w, n, seed) {
  const C = (t) => TYPE(`envoy.admin.v3.${t}`);
  const configs = [
    { __members: [['@type', { value: C('BootstrapConfigDump') }], ['bootstrap', { value: bootstrap(n) }], ['last_updated', { value: '2026-02-02T10:00:00.731Z' }]] },
    {
      __members: [
        ['@type', { value: C('ClustersConfigDump') }],
        ['version_info', { value: V2 }],
        ['static_clusters', { items: staticClusters().map((cluster) => ({ cluster, last_updated: '2026-02-02T10:00:00.752Z' })) }],
        ['dynamic_active_clusters', {
          items: (function* () {
            let k = 0;
            for (const [svc, port, subset] of clusterKeys(n, seed)) {
              yield { version_info: clusterVersion(svc), cluster: outboundCluster(svc, port, subset), last_updated: clusterTime(svc, k++) };
            }
            for (const c of specialClusters()) yield { version_info: V1, cluster: c, last_updated: TS(1, 999) };
          })(),
        }],
      ],
    },
    {
      __members: [
        ['@type', { value: C('EndpointsConfigDump') }],
        ['static_endpoint_configs', {
          items: staticClusters().map((c) => ({
            endpoint_config: {
              '@type': TYPE('envoy.config.endpoint.v3.ClusterLoadAssignment'),
              cluster_name: c.name,
              endpoints: [{ locality: {}, lb_endpoints: [{ endpoint: { address: c.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address, health_check_config: {} }, health_status: 'HEALTHY', load_balancing_weight: 1 }] }],
              policy: { overprovisioning_factor: 140 },
            },
          })),
        }],
        ['dynamic_endpoint_configs', {
          items: (function* () {
            for (const [svc, port, subset] of clusterKeys(n, seed)) yield { endpoint_config: cla(svc, port, subset) };
            for (const c of specialClusters()) yield { endpoint_config: { '@type': TYPE('envoy.config.endpoint.v3.ClusterLoadAssignment'), cluster_name: c.name, policy: { overprovisioning_factor: 140 } } };
          })(),
        }],
      ],
    },
    {
      __members: [
        ['@type', { value: C('ListenersConfigDump') }],
        ['version_info', { value: V2 }],
        ['static_listeners', { items: staticListeners().map((l) => ({ listener: { '@type': LISTENER, ...l }, last_updated: '2026-02-02T10:00:00.755Z' })) }],
        ['dynamic_listeners', {
          items: [
            ...tcpServices(n).map(vipTcpListener),
            wildcardHttpListener(8080),
            wildcardHttpListener(9090),
            virtualOutbound(),
            virtualInbound(),
          ].map((l, k) => ({ name: l.name, active_state: { version_info: V1, listener: l, last_updated: TS(1, 820 + k) } })),
        }],
      ],
    },
    { __members: [['@type', { value: C('ScopedRoutesConfigDump') }]] },
    {
      __members: [
        ['@type', { value: C('RoutesConfigDump') }],
        ['static_route_configs', {
          items: [
            { route_config: { '@type': TYPE('envoy.config.route.v3.RouteConfiguration'), virtual_hosts: [{ name: 'backend', domains: ['*'], routes: [{ match: { prefix: '/stats/prometheus' }, route: { cluster: 'prometheus_stats' } }] }] }, last_updated: '2026-02-02T10:00:00.755Z' },
            { route_config: { '@type': TYPE('envoy.config.route.v3.RouteConfiguration'), virtual_hosts: [{ name: 'backend', domains: ['*'], routes: [{ match: { prefix: '/healthz/ready' }, route: { cluster: 'agent' } }] }] }, last_updated: '2026-02-02T10:00:00.755Z' },
            { route_config: { '@type': TYPE('envoy.config.route.v3.RouteConfiguration'), ...inboundRoute('InboundPassthroughCluster', 0, 'InboundPassthroughCluster', ':0/*') }, last_updated: TS(1, 840) },
            { route_config: { '@type': TYPE('envoy.config.route.v3.RouteConfiguration'), ...inboundRoute('inbound|8080||', 8080, 'inbound|8080||', `bench-client.${CLIENT_NS}.svc.cluster.local:8080/*`) }, last_updated: TS(1, 840) },
          ],
        }],
        ['dynamic_route_configs', {
          items: [8080, 9090].map((p) => ({
            __members: [
              ['version_info', { value: V2 }],
              ['route_config', {
                object: [
                  ['@type', { value: TYPE('envoy.config.route.v3.RouteConfiguration') }],
                  ['name', { value: String(p) }],
                  ['virtual_hosts', {
                    items: (function* () {
                      for (const svc of services(n, seed)) {
                        const port = svc.ports.find((x) => x.port === p);
                        if (port) yield virtualHost(svc, port);
                      }
                      yield allowAny();
                    })(),
                  }],
                  ['validate_clusters', { value: false }],
                  ['max_direct_response_body_size_bytes', { value: 1048576 }],
                  ['ignore_port_in_host_matching', { value: true }],
                ],
              }],
              ['last_updated', { value: TS(2473, p === 8080 ? 118 : 120) }],
            ],
          })),
        }],
      ],
    },
    { __members: [['@type', { value: C('SecretsConfigDump') }], ['dynamic_active_secrets', { value: secrets() }]] },
  ];
  writeObject(w, [['configs', { items: configs }]], 0);
  w.raw('\n');
}

function hostStats(r, healthy) {
  const total = healthy ? Math.floor(r() * 5000) : 0;
  const err = healthy && r() < 0.2 ? Math.floor(r() * 5) : 0;
  const c = (name, v) => (v ? { value: String(v), name } : { name });
  const g = (name, v) => (v ? { type: 'GAUGE', value: String(v), name } : { type: 'GAUGE', name });
  return [c('cx_connect_fail', 0), c('cx_total', Math.ceil(total / 40)), c('rq_error', err), c('rq_success', total - err), c('rq_timeout', 0), c('rq_total', total), g('cx_active', healthy ? Math.floor(r() * 4) : 0), g('rq_active', 0)];
}

function writeClusters(w, n, seed) {
  const cb = () => ({
    thresholds: [
      { max_connections: 4294967295, max_pending_requests: 4294967295, max_requests: 4294967295, max_retries: 4294967295 },
      { priority: 'HIGH', max_connections: 1024, max_pending_requests: 1024, max_requests: 1024, max_retries: 3 },
    ],
  });
  const items = (function* () {
    for (const [svc, port, subset] of clusterKeys(n, seed)) {
      const name = clusterName(port.port, subset, svc.host);
      const r = rngFor(seed, svc.i, 7 + port.port + subset.length);
      const hosts = [];
      for (const group of cla(svc, port, subset).endpoints) {
        for (const le of group.lb_endpoints) {
          const healthy = le.health_status === 'HEALTHY';
          const ejected = svc.rich && healthy && r() < 0.05;
          hosts.push({
            address: le.endpoint.address,
            stats: hostStats(r, healthy),
            health_status: ejected ? { failed_outlier_check: true, eds_health_status: le.health_status } : { eds_health_status: le.health_status },
            weight: 1,
            locality: group.locality,
          });
        }
      }
      yield { name, added_via_api: true, host_statuses: hosts, circuit_breakers: cb(), observability_name: `${name};`, eds_service_name: name };
    }
    for (const c of specialClusters()) yield { name: c.name, added_via_api: true, circuit_breakers: cb(), observability_name: c.alt_stat_name };
    for (const c of staticClusters()) {
      yield {
        name: c.name,
        host_statuses: [{ address: c.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address, stats: hostStats(mulberry32(seed), true), health_status: { eds_health_status: 'HEALTHY' }, weight: 1, locality: {} }],
        circuit_breakers: cb(),
        observability_name: c.name,
      };
    }
  })();
  writeObject(w, [['cluster_statuses', { items }]], 0);
  w.raw('\n');
}

// ---------------------------------------------------------------------------------------------
// Main

function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`gen-dump: ${e.message}`);
    process.exit(64);
  }
  const here = path.dirname(fileURLToPath(import.meta.url));
  const out = path.resolve(opts.out ?? path.join(here, 'out', opts.format === 'clusters' ? `dump-${opts.services}.clusters.json` : `dump-${opts.services}.json`));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const t0 = process.hrtime.bigint();
  const w = new Writer(out);
  if (opts.format === 'clusters') writeClusters(w, opts.services, opts.seed);
  else writeConfigDump(w, opts.services, opts.seed);
  w.close();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (opts.quiet) console.log(w.bytes);
  else {
    console.log(`${out}: ${w.bytes} bytes (${(w.bytes / 1048576).toFixed(1)} MiB, ${Math.round(w.bytes / opts.services)} bytes/service) ` +
      `${opts.format} for ${opts.services} services in ${(ms / 1000).toFixed(2)}s, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  }
  if (opts.verify) {
    const t1 = process.hrtime.bigint();
    try {
      JSON.parse(fs.readFileSync(out, 'utf8'));
    } catch (e) {
      console.error(`gen-dump: ${out} is not valid JSON: ${e.message}`);
      process.exit(1);
    }
    if (!opts.quiet) console.log(`verified: valid JSON (parsed in ${(Number(process.hrtime.bigint() - t1) / 1e9).toFixed(2)}s)`);
  }
}

main();
