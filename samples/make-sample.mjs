#!/usr/bin/env node
// Generates the project's embedded sample Envoy admin answers for the Bookinfo
// `productpage-v1-76474f6fb7-pmglr` sidecar (namespace `default`, Istio 1.28, Envoy 1.36):
//
//   samples/productpage.config_dump.json  = GET /config_dump?include_eds=true
//   samples/productpage.clusters.json     = GET /clusters?format=json
//
// Usage: node samples/make-sample.mjs [--out-dir DIR] [--check]
//   --check  regenerate in memory and exit 1 if the committed files differ.
//
// Output is deterministic (no clock, no randomness beyond a fixed-seed PRNG) and printed
// the way Envoy prints it: snake_case proto field names, fields in field-number order,
// proto3 defaults omitted (wrappers / oneof members kept), 64-bit integers as strings,
// 1-space indentation. The shapes follow what istiod emits for a sidecar (modelled on the
// real dumps in istioctl's test data and on istiod's cluster/listener/route builders).
//
// Topology (the cluster the dump comes from):
//   nodes   bookinfo-worker  (us-west1/us-west1-a, pods 10.244.0.0/24)
//           bookinfo-worker2 (us-west1/us-west1-b, pods 10.244.1.0/24)
//   default      details:9080 (1 pod), productpage:9080 (this pod), ratings:9080 (2 pods, one of
//                them not ready -> EDS UNHEALTHY), reviews:9080 (v1, v2, v3), kubernetes:443
//   kube-system  kube-dns:53/TCP + 9153 (2 coredns pods)
//   istio-system istiod:15010,15012,443,15014
//   DestinationRule reviews (subsets v1/v2/v3, outlier detection; reviews-v2 is currently ejected
//   in /clusters), VirtualService reviews (end-user: jason -> v2, else v1), VirtualService ratings
//   (fault: 7s delay for end-user jason), WasmPlugin default/productpage-header (inbound, via ECDS).
//   A freshly created Service mongodb:27017 shows up as a warming cluster (its EDS has not arrived).
//
// The workload certificate chain and root CA below are real X.509 certificates made with openssl
// for this sample (validity 2026-01-01T00:00:00Z .. 2036-01-01T00:00:00Z; keys discarded):
//   root:  O=cluster.local, CA:TRUE, keyCertSign            (openssl ca -selfsign -startdate 20260101000000Z -enddate 20360101000000Z)
//   leaf:  empty subject, URI SAN spiffe://cluster.local/ns/default/sa/bookinfo-productpage,
//          digitalSignature+keyEncipherment, serverAuth+clientAuth, CA:FALSE, signed by root.

import { LEAF_PEM, ROOT_PEM } from './sample-certs.mjs';
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------------------------------------
// Constants

const ISTIO_VERSION = '1.28.2';
const ENVOY_VERSION = { major_number: 1, minor_number: 36, patch: 4 };
const PROXY_SHA = createHash('sha1').update(`istio/proxy@${ISTIO_VERSION}`).digest('hex');
const POD = 'productpage-v1-76474f6fb7-pmglr';
const NS = 'default';
const POD_IP = '10.244.0.12';
const NODE_ID = `sidecar~${POD_IP}~${POD}.${NS}~${NS}.svc.cluster.local`;
const TRUST_DOMAIN = 'cluster.local';
const LOCALITY_A = { region: 'us-west1', zone: 'us-west1-a' };
const LOCALITY_B = { region: 'us-west1', zone: 'us-west1-b' };

// Timeline: Envoy started 08:14:02; first full push v41; DR/VS for reviews+ratings applied at v44;
// the mongodb Service was created at v52 (its cluster is still warming).
const T_BOOT = '2026-01-14T08:14:02.361Z';
const T_STATIC_CLUSTERS = '2026-01-14T08:14:02.388Z';
const T_STATIC_LISTENERS = '2026-01-14T08:14:02.392Z';
const V41 = '2026-01-14T08:13:58Z/41';
const V44 = '2026-01-14T08:22:35Z/44';
const V52 = '2026-01-14T09:05:17Z/52';
const T41 = (ms) => `2026-01-14T08:14:03.${String(ms).padStart(3, '0')}Z`;
const T44 = (ms) => `2026-01-14T08:22:36.${String(ms).padStart(3, '0')}Z`;
const T52 = '2026-01-14T09:05:18.204Z';


// Istio's default access log format (meshConfig.accessLogFile=/dev/stdout, TEXT encoding).
const ACCESS_LOG_FORMAT =
  '[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS% ' +
  '%RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% "%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED% ' +
  '%BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" ' +
  '"%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER_RAW% %UPSTREAM_LOCAL_ADDRESS% ' +
  '%DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS% %REQUESTED_SERVER_NAME% %ROUTE_NAME%\n';

// ---------------------------------------------------------------------------------------------
// Mesh model

const svcHost = (name, ns) => `${name}.${ns}.svc.cluster.local`;
const workload = (wl, ns, canon, rev) => `${wl};${ns};${canon};${rev};Kubernetes`;

// eps: endpoints of the Service (pod IP, target port per service port, labels for subsets)
const SERVICES = [
  {
    name: 'details', ns: 'default', vip: '10.96.41.158', sas: ['bookinfo-details'],
    ports: [{ port: 9080, name: 'http', protocol: 'HTTP', target: 9080 }],
    eps: [{ ip: '10.244.0.9', pod: 'details-v1-65cfcf56f9-4xmdl', wl: workload('details-v1', 'default', 'details', 'v1'), version: 'v1', mesh: true, locality: LOCALITY_A }],
  },
  {
    name: 'productpage', ns: 'default', vip: '10.96.152.29', sas: ['bookinfo-productpage'],
    ports: [{ port: 9080, name: 'http', protocol: 'HTTP', target: 9080 }],
    eps: [{ ip: POD_IP, pod: POD, wl: workload('productpage-v1', 'default', 'productpage', 'v1'), version: 'v1', mesh: true, locality: LOCALITY_A }],
  },
  {
    name: 'ratings', ns: 'default', vip: '10.96.195.62', sas: ['bookinfo-ratings'],
    ports: [{ port: 9080, name: 'http', protocol: 'HTTP', target: 9080 }],
    eps: [
      { ip: '10.244.0.10', pod: 'ratings-v1-5dc79b6bcd-mnx5s', wl: workload('ratings-v1', 'default', 'ratings', 'v1'), version: 'v1', mesh: true, locality: LOCALITY_A },
      // Not ready (readiness probe failing): istiod sends it with health_status UNHEALTHY.
      { ip: '10.244.1.7', pod: 'ratings-v1-5dc79b6bcd-r9kqf', wl: workload('ratings-v1', 'default', 'ratings', 'v1'), version: 'v1', mesh: true, locality: LOCALITY_B, health: 'UNHEALTHY' },
    ],
  },
  {
    name: 'reviews', ns: 'default', vip: '10.96.240.14', sas: ['bookinfo-reviews'],
    ports: [{ port: 9080, name: 'http', protocol: 'HTTP', target: 9080 }],
    eps: [
      { ip: '10.244.0.13', pod: 'reviews-v1-8cf7b9cc5-2bq8h', wl: workload('reviews-v1', 'default', 'reviews', 'v1'), version: 'v1', mesh: true, locality: LOCALITY_A },
      { ip: '10.244.0.14', pod: 'reviews-v2-8454bb78d8-tdl7v', wl: workload('reviews-v2', 'default', 'reviews', 'v2'), version: 'v2', mesh: true, locality: LOCALITY_A, outlierEjected: true },
      { ip: '10.244.0.15', pod: 'reviews-v3-6dc9897554-5qkwm', wl: workload('reviews-v3', 'default', 'reviews', 'v3'), version: 'v3', mesh: true, locality: LOCALITY_A },
    ],
    dr: {
      name: 'reviews', subsets: ['v1', 'v2', 'v3'],
      outlier: { consecutive_5xx: 5, interval: '10s', base_ejection_time: '30s', max_ejection_percent: 50 },
    },
  },
  {
    name: 'kubernetes', ns: 'default', vip: '10.96.0.1', sas: [],
    ports: [{ port: 443, name: 'https', protocol: 'HTTPS', target: 6443 }],
    eps: [{ ip: '172.18.0.3', wl: workload('', '', '', ''), mesh: false, locality: null }],
  },
  {
    name: 'kube-dns', ns: 'kube-system', vip: '10.96.0.10', sas: ['coredns'],
    ports: [
      { port: 53, name: 'dns-tcp', protocol: 'TCP', target: 53 },
      { port: 9153, name: 'metrics', protocol: 'UNSUPPORTED', target: 9153 },
    ],
    eps: [
      { ip: '10.244.0.2', wl: workload('coredns', 'kube-system', '', ''), mesh: false, locality: LOCALITY_A },
      { ip: '10.244.0.3', wl: workload('coredns', 'kube-system', '', ''), mesh: false, locality: LOCALITY_A },
    ],
  },
  {
    name: 'istiod', ns: 'istio-system', vip: '10.96.240.130', sas: ['istiod'],
    ports: [
      { port: 15010, name: 'grpc-xds', protocol: 'GRPC', target: 15010 },
      { port: 15012, name: 'https-dns', protocol: 'HTTPS', target: 15012 },
      { port: 443, name: 'https-webhook', protocol: 'HTTPS', target: 15017 },
      { port: 15014, name: 'http-monitoring', protocol: 'HTTP', target: 15014 },
    ],
    eps: [{ ip: '10.244.1.4', wl: workload('istiod', 'istio-system', '', ''), mesh: false, locality: LOCALITY_B }],
  },
];
const svcByName = Object.fromEntries(SERVICES.map((s) => [s.name, s]));
const isHttp = (p) => p.protocol === 'HTTP' || p.protocol === 'GRPC';

// ---------------------------------------------------------------------------------------------
// Small builders (keys are written in proto field-number order, as Envoy prints them)

const TYPE = (t) => `type.googleapis.com/${t}`;
const adsSource = () => ({ ads: {}, initial_fetch_timeout: '0s', resource_api_version: 'V3' });
const sockAddr = (address, port) => ({ socket_address: { address, port_value: port } });
const typedStruct = (typeUrl, value) => ({ '@type': TYPE('udpa.type.v1.TypedStruct'), type_url: TYPE(typeUrl), value });
const sdsSecret = (name) => ({
  name,
  sds_config: {
    api_config_source: {
      api_type: 'GRPC',
      grpc_services: [{ envoy_grpc: { cluster_name: 'sds-grpc' } }],
      set_node_on_first_message_only: true,
      transport_api_version: 'V3',
    },
    initial_fetch_timeout: '0s',
    resource_api_version: 'V3',
  },
});
const fileAccessLog = (filter) => ({
  name: 'envoy.access_loggers.file',
  ...(filter ? { filter } : {}),
  typed_config: {
    '@type': TYPE('envoy.extensions.access_loggers.file.v3.FileAccessLog'),
    path: '/dev/stdout',
    log_format: { text_format_source: { inline_string: ACCESS_LOG_FORMAT } },
  },
});
const listenerAccessLog = () => [fileAccessLog({ response_flag_filter: { flags: ['NR'] } })];
const defaultThresholds = () => ({
  thresholds: [{ max_connections: 4294967295, max_pending_requests: 4294967295, max_requests: 4294967295, max_retries: 4294967295, track_remaining: true }],
});
const tcpMx = () => ({
  name: 'istio.metadata_exchange',
  typed_config: typedStruct('envoy.tcp.metadataexchange.config.MetadataExchange', { enable_discovery: true, protocol: 'istio-peer-exchange' }),
});
const statsNetworkFilter = (inbound) => ({
  name: 'istio.stats',
  typed_config: { '@type': TYPE('stats.PluginConfig'), ...(inbound ? { disable_host_header_fallback: true } : {}) },
});
const tcpProxy = (cluster, withLog = true) => ({
  name: 'envoy.filters.network.tcp_proxy',
  typed_config: {
    '@type': TYPE('envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy'),
    stat_prefix: cluster,
    cluster,
    ...(withLog ? { access_log: [fileAccessLog()] } : {}),
  },
});
const SPIFFE = (ns, sa) => `spiffe://${TRUST_DOMAIN}/ns/${ns}/sa/${sa}`;

// ---------------------------------------------------------------------------------------------
// Bootstrap (rendered from Istio's envoy_bootstrap.json template by pilot-agent, printed by Envoy)

const STATS_TAGS = [
  { tag_name: 'cluster_name', regex: '^cluster\\.((.+?(\\..+?\\.svc\\.cluster\\.local)?)\\.)' },
  { tag_name: 'tcp_prefix', regex: '^tcp\\.((.*?)\\.)\\w+?$' },
  { tag_name: 'response_code', regex: '_rq(_(\\d{3}))$' },
  { tag_name: 'response_code_class', regex: '_rq(_(\\dxx))$' },
  { tag_name: 'http_conn_manager_listener_prefix', regex: '^listener(?=\\.).*?\\.http\\.(((?:[_.[:digit:]]*|[_\\[\\]aAbBcCdDeEfF[:digit:]]*))\\.)' },
  { tag_name: 'http_conn_manager_prefix', regex: '^http\\.(((?:[_.[:digit:]]*|[_\\[\\]aAbBcCdDeEfF[:digit:]]*))\\.)' },
  { tag_name: 'listener_address', regex: '^listener\\.(((?:[_.[:digit:]]*|[_\\[\\]aAbBcCdDeEfF[:digit:]]*))\\.)' },
  { tag_name: 'mongo_prefix', regex: '^mongo\\.(.+?)\\.(collection|cmd|cx_|op_|delays_|decoding_)(.*?)$' },
  { tag_name: 'cache', regex: '(cache\\.(.+?)\\.)' },
  { tag_name: 'component', regex: '(component\\.(.+?)\\.)' },
  { tag_name: 'tag', regex: '(tag\\.(.+?);\\.)' },
  { tag_name: 'wasm_filter', regex: '(wasm_filter\\.(.+?)\\.)' },
  { tag_name: 'authz_enforce_result', regex: 'rbac(\\.(allowed|denied))' },
  { tag_name: 'authz_dry_run_action', regex: '(\\.istio_dry_run_(allow|deny)_)' },
  { tag_name: 'authz_dry_run_result', regex: '(\\.shadow_(allowed|denied))' },
].map(({ tag_name, regex }) => ({ tag_name, regex }));

// A representative subset of the extensions Envoy reports about itself in node.extensions.
const NODE_EXTENSIONS = [
  ['envoy.access_loggers.file', 'envoy.access_loggers', 'envoy.extensions.access_loggers.file.v3.FileAccessLog'],
  ['envoy.access_loggers.http_grpc', 'envoy.access_loggers', 'envoy.extensions.access_loggers.grpc.v3.HttpGrpcAccessLogConfig'],
  ['envoy.access_loggers.open_telemetry', 'envoy.access_loggers', 'envoy.extensions.access_loggers.open_telemetry.v3.OpenTelemetryAccessLogConfig'],
  ['envoy.access_loggers.stderr', 'envoy.access_loggers', 'envoy.extensions.access_loggers.stream.v3.StderrAccessLog'],
  ['envoy.access_loggers.stdout', 'envoy.access_loggers', 'envoy.extensions.access_loggers.stream.v3.StdoutAccessLog'],
  ['envoy.bootstrap.internal_listener', 'envoy.bootstrap', 'envoy.extensions.bootstrap.internal_listener.v3.InternalListener'],
  ['envoy.bootstrap.wasm', 'envoy.bootstrap', 'envoy.extensions.wasm.v3.WasmService'],
  ['envoy.clusters.aggregate', 'envoy.clusters', 'envoy.extensions.clusters.aggregate.v3.ClusterConfig'],
  ['envoy.clusters.dynamic_forward_proxy', 'envoy.clusters', 'envoy.extensions.clusters.dynamic_forward_proxy.v3.ClusterConfig'],
  ['envoy.filters.connection_pools.tcp.generic', 'envoy.upstreams', 'envoy.extensions.upstreams.tcp.generic.v3.GenericConnectionPoolProto'],
  ['envoy.filters.http.cors', 'envoy.filters.http', 'envoy.extensions.filters.http.cors.v3.Cors'],
  ['envoy.filters.http.ext_authz', 'envoy.filters.http', 'envoy.extensions.filters.http.ext_authz.v3.ExtAuthz'],
  ['envoy.filters.http.fault', 'envoy.filters.http', 'envoy.extensions.filters.http.fault.v3.HTTPFault'],
  ['envoy.filters.http.grpc_stats', 'envoy.filters.http', 'envoy.extensions.filters.http.grpc_stats.v3.FilterConfig'],
  ['envoy.filters.http.jwt_authn', 'envoy.filters.http', 'envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication'],
  ['envoy.filters.http.local_ratelimit', 'envoy.filters.http', 'envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit'],
  ['envoy.filters.http.rbac', 'envoy.filters.http', 'envoy.extensions.filters.http.rbac.v3.RBAC'],
  ['envoy.filters.http.router', 'envoy.filters.http', 'envoy.extensions.filters.http.router.v3.Router'],
  ['envoy.filters.http.wasm', 'envoy.filters.http', 'envoy.extensions.filters.http.wasm.v3.Wasm'],
  ['envoy.filters.listener.http_inspector', 'envoy.filters.listener', 'envoy.extensions.filters.listener.http_inspector.v3.HttpInspector'],
  ['envoy.filters.listener.original_dst', 'envoy.filters.listener', 'envoy.extensions.filters.listener.original_dst.v3.OriginalDst'],
  ['envoy.filters.listener.original_src', 'envoy.filters.listener', 'envoy.extensions.filters.listener.original_src.v3.OriginalSrc'],
  ['envoy.filters.listener.proxy_protocol', 'envoy.filters.listener', 'envoy.extensions.filters.listener.proxy_protocol.v3.ProxyProtocol'],
  ['envoy.filters.listener.tls_inspector', 'envoy.filters.listener', 'envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector'],
  ['envoy.filters.network.http_connection_manager', 'envoy.filters.network', 'envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager'],
  ['envoy.filters.network.rbac', 'envoy.filters.network', 'envoy.extensions.filters.network.rbac.v3.RBAC'],
  ['envoy.filters.network.tcp_proxy', 'envoy.filters.network', 'envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy'],
  ['envoy.health_checkers.grpc', 'envoy.health_checkers', 'envoy.extensions.health_checkers.grpc.v3.Grpc'],
  ['envoy.network.dns_resolver.cares', 'envoy.network.dns_resolver', 'envoy.extensions.network.dns_resolver.cares.v3.CaresDnsResolverConfig'],
  ['envoy.retry_host_predicates.previous_hosts', 'envoy.retry_host_predicates', 'envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate'],
  ['envoy.retry_priorities.previous_priorities', 'envoy.retry_priorities', 'envoy.extensions.retry.priority.previous_priorities.v3.PreviousPrioritiesConfig'],
  ['envoy.tracers.opentelemetry', 'envoy.tracers', 'envoy.config.trace.v3.OpenTelemetryConfig'],
  ['envoy.tracers.zipkin', 'envoy.tracers', 'envoy.config.trace.v3.ZipkinConfig'],
  ['envoy.transport_sockets.internal_upstream', 'envoy.transport_sockets.upstream', 'envoy.extensions.transport_sockets.internal_upstream.v3.InternalUpstreamTransport'],
  ['envoy.transport_sockets.raw_buffer', 'envoy.transport_sockets.upstream', 'envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer'],
  ['envoy.transport_sockets.tls', 'envoy.transport_sockets.upstream', 'envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext'],
  ['envoy.upstreams.http.http_protocol_options', 'envoy.upstream_options', 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions'],
  ['envoy.wasm.runtime.null', 'envoy.wasm.runtime', null],
  ['envoy.wasm.runtime.v8', 'envoy.wasm.runtime', null],
  ['istio.alpn', 'envoy.filters.http', 'istio.envoy.config.filter.http.alpn.v2alpha1.FilterConfig'],
  ['istio.metadata_exchange', 'envoy.filters.network', 'envoy.tcp.metadataexchange.config.MetadataExchange'],
  ['istio.peer_metadata', 'envoy.filters.http', 'io.istio.http.peer_metadata.Config'],
  ['istio.stats', 'envoy.filters.http', 'stats.PluginConfig'],
  ['istio.stats', 'envoy.filters.network', 'stats.PluginConfig'],
].map(([name, category, typeUrl]) => ({ name, category, ...(typeUrl ? { type_urls: [typeUrl] } : {}) }));

const SIDECAR_STATUS = JSON.stringify({
  initContainers: ['istio-init'],
  containers: ['istio-proxy'],
  volumes: ['workload-socket', 'credential-socket', 'workload-certs', 'istio-envoy', 'istio-data', 'istio-podinfo', 'istio-token', 'istiod-ca-cert'],
  imagePullSecrets: null,
  revision: 'default',
});

function nodeMetadata() {
  return {
    ANNOTATIONS: {
      'istio.io/rev': 'default',
      'kubectl.kubernetes.io/default-container': 'productpage',
      'kubectl.kubernetes.io/default-logs-container': 'productpage',
      'kubernetes.io/config.seen': '2026-01-14T08:13:49.731425633Z',
      'kubernetes.io/config.source': 'api',
      'prometheus.io/path': '/stats/prometheus',
      'prometheus.io/port': '15020',
      'prometheus.io/scrape': 'true',
      'sidecar.istio.io/status': SIDECAR_STATUS,
    },
    APP_CONTAINERS: 'productpage',
    CLUSTER_ID: 'Kubernetes',
    ENVOY_PROMETHEUS_PORT: 15090,
    ENVOY_STATUS_PORT: 15021,
    INSTANCE_IPS: POD_IP,
    INTERCEPTION_MODE: 'REDIRECT',
    ISTIO_PROXY_SHA: `istio-proxy:${PROXY_SHA}`,
    ISTIO_VERSION,
    LABELS: {
      app: 'productpage',
      'security.istio.io/tlsMode': 'istio',
      'service.istio.io/canonical-name': 'productpage',
      'service.istio.io/canonical-revision': 'v1',
      version: 'v1',
    },
    MESH_ID: 'cluster.local',
    NAME: POD,
    NAMESPACE: NS,
    NODE_NAME: 'bookinfo-worker',
    OWNER: 'kubernetes://apis/apps/v1/namespaces/default/deployments/productpage-v1',
    PILOT_SAN: ['istiod.istio-system.svc'],
    POD_PORTS: '[{"containerPort":9080,"protocol":"TCP"}]',
    PROXY_CONFIG: {
      binaryPath: '/usr/local/bin/envoy',
      concurrency: 2,
      configPath: './etc/istio/proxy',
      controlPlaneAuthPolicy: 'MUTUAL_TLS',
      discoveryAddress: 'istiod.istio-system.svc:15012',
      drainDuration: '45s',
      proxyAdminPort: 15000,
      serviceCluster: 'istio-proxy',
      statNameLength: 189,
      statusPort: 15020,
      terminationDrainDuration: '5s',
      tracing: { zipkin: { address: 'zipkin.istio-system:9411' } },
    },
    SERVICE_ACCOUNT: 'bookinfo-productpage',
    WORKLOAD_NAME: 'productpage-v1',
  };
}

function staticClusters() {
  const h2 = () => ({
    'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
      '@type': TYPE('envoy.extensions.upstreams.http.v3.HttpProtocolOptions'),
      explicit_http_config: { http2_protocol_options: {} },
    },
  });
  const la = (name, address) => ({ cluster_name: name, endpoints: [{ lb_endpoints: [{ endpoint: { address } }] }] });
  return [
    { name: 'prometheus_stats', type: 'STATIC', connect_timeout: '0.250s', load_assignment: la('prometheus_stats', sockAddr('127.0.0.1', 15000)) },
    { name: 'agent', type: 'STATIC', connect_timeout: '0.250s', load_assignment: la('agent', sockAddr('127.0.0.1', 15020)) },
    {
      name: 'sds-grpc', type: 'STATIC', connect_timeout: '1s',
      load_assignment: la('sds-grpc', { pipe: { path: './var/run/secrets/workload-spiffe-uds/socket' } }),
      typed_extension_protocol_options: h2(),
    },
    {
      name: 'xds-grpc', type: 'STATIC', connect_timeout: '1s', max_requests_per_connection: 1,
      circuit_breakers: {
        thresholds: [
          { max_connections: 100000, max_pending_requests: 100000, max_requests: 100000 },
          { priority: 'HIGH', max_connections: 100000, max_pending_requests: 100000, max_requests: 100000 },
        ],
      },
      upstream_connection_options: { tcp_keepalive: { keepalive_time: 300 } },
      load_assignment: la('xds-grpc', { pipe: { path: './etc/istio/proxy/XDS' } }),
      typed_extension_protocol_options: h2(),
    },
    {
      name: 'zipkin', type: 'STRICT_DNS', connect_timeout: '1s', dns_refresh_rate: '30s', dns_lookup_family: 'V4_ONLY',
      load_assignment: la('zipkin', sockAddr('zipkin.istio-system', 9411)),
      respect_dns_ttl: true,
    },
  ];
}

function inlineRouteHcm(statPrefix, prefix, cluster) {
  return {
    name: 'envoy.filters.network.http_connection_manager',
    typed_config: {
      '@type': TYPE('envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager'),
      stat_prefix: statPrefix,
      route_config: { virtual_hosts: [{ name: 'backend', domains: ['*'], routes: [{ match: { prefix }, route: { cluster } }] }] },
      http_filters: [{ name: 'envoy.filters.http.router', typed_config: { '@type': TYPE('envoy.extensions.filters.http.router.v3.Router') } }],
    },
  };
}

function staticListeners() {
  return [
    { address: sockAddr('0.0.0.0', 15090), filter_chains: [{ filters: [inlineRouteHcm('stats', '/stats/prometheus', 'prometheus_stats')] }] },
    { address: sockAddr('0.0.0.0', 15021), filter_chains: [{ filters: [inlineRouteHcm('agent', '/healthz/ready', 'agent')] }] },
  ];
}

function bootstrap() {
  return {
    node: {
      id: NODE_ID,
      cluster: 'productpage.default',
      metadata: nodeMetadata(),
      locality: { ...LOCALITY_A },
      user_agent_name: 'envoy',
      user_agent_build_version: {
        version: { ...ENVOY_VERSION },
        metadata: { 'build.type': 'RELEASE', 'revision.sha': PROXY_SHA, 'revision.status': 'Clean', 'ssl.version': 'BoringSSL' },
      },
      extensions: NODE_EXTENSIONS,
      client_features: ['envoy.lb.does_not_support_overprovisioning', 'envoy.lrs.supports_send_all_clusters', 'envoy.config.supports-resource-ttl'],
    },
    static_resources: {
      listeners: staticListeners(),
      clusters: staticClusters(),
    },
    dynamic_resources: {
      lds_config: adsSource(),
      cds_config: adsSource(),
      ads_config: {
        api_type: 'GRPC',
        grpc_services: [{ envoy_grpc: { cluster_name: 'xds-grpc' } }],
        set_node_on_first_message_only: true,
        transport_api_version: 'V3',
      },
    },
    tracing: {
      http: {
        name: 'envoy.tracers.zipkin',
        typed_config: {
          '@type': TYPE('envoy.config.trace.v3.ZipkinConfig'),
          collector_cluster: 'zipkin',
          collector_endpoint: '/api/v2/spans',
          trace_id_128bit: true,
          shared_span_context: false,
          collector_endpoint_version: 'HTTP_JSON',
        },
      },
    },
    admin: {
      profile_path: '/var/lib/istio/data/envoy.prof',
      address: sockAddr('127.0.0.1', 15000),
      access_log: [{ name: 'envoy.access_loggers.file', typed_config: { '@type': TYPE('envoy.extensions.access_loggers.file.v3.FileAccessLog'), path: '/dev/null' } }],
    },
    stats_config: {
      stats_tags: STATS_TAGS,
      use_all_default_tags: false,
      stats_matcher: { inclusion_list: { patterns: [{ prefix: 'reporter=' }, { prefix: 'cluster_manager' }, { prefix: 'listener_manager' }, { prefix: 'server' }, { prefix: 'cluster.xds-grpc' }, { prefix: 'wasm' }, { suffix: 'rbac.allowed' }, { suffix: 'rbac.denied' }, { suffix: 'shadow_allowed' }, { suffix: 'shadow_denied' }, { safe_regex: { regex: 'vhost\\.*\\.route\\.*' } }, { prefix: 'component' }, { prefix: 'istio' }] } },
    },
    layered_runtime: {
      layers: [
        {
          name: 'global config',
          static_layer: {
            'envoy.deprecated_features:envoy.config.listener.v3.Listener.hidden_envoy_deprecated_use_original_dst': 'true',
            'envoy.reloadable_features.http_reject_path_with_fragment': 'false',
            'overload.global_downstream_max_connections': '2147483647',
            're2.max_program_size.error_level': '32768',
          },
        },
        { name: 'admin', admin_layer: {} },
      ],
    },
    bootstrap_extensions: [
      { name: 'envoy.bootstrap.internal_listener', typed_config: typedStruct('envoy.extensions.bootstrap.internal_listener.v3.InternalListener', { buffer_size_kb: 64 }) },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Clusters (CDS)

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
          default_validation_context: sans.length ? { match_subject_alt_names: sans.map((s) => ({ exact: s })) } : {},
          validation_context_sds_secret_config: sdsSecret('ROOTCA'),
        },
      },
      sni,
    },
  };
}

function autoMtlsMatches(sni, sans) {
  return [
    { name: 'tlsMode-istio', match: { tlsMode: 'istio' }, transport_socket: upstreamTls(sni, sans) },
    {
      name: 'tlsMode-disabled', match: {},
      transport_socket: { name: 'envoy.transport_sockets.raw_buffer', typed_config: { '@type': TYPE('envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer') } },
    },
  ];
}

const clusterName = (port, subset, host) => `outbound|${port}|${subset}|${host}`;
const sniName = (port, subset, host) => `outbound_.${port}_.${subset || '_'}_.${host}`;
const drPath = (ns, name) => `/apis/networking.istio.io/v1/namespaces/${ns}/destination-rule/${name}`;
const vsPath = (ns, name) => `/apis/networking.istio.io/v1/namespaces/${ns}/virtual-service/${name}`;

function protocolOptions(protocol) {
  const key = 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions';
  const base = { '@type': TYPE(key) };
  if (protocol === 'GRPC') return { [key]: { ...base, explicit_http_config: { http2_protocol_options: {} } } };
  if (protocol === 'UNSUPPORTED') return { [key]: { ...base, use_downstream_protocol_config: { http_protocol_options: {}, http2_protocol_options: {} } } };
  return undefined;
}

function outboundCluster(svc, port, subset) {
  const host = svcHost(svc.name, svc.ns);
  const name = clusterName(port.port, subset || '', host);
  const dr = svc.dr;
  const istioMeta = {
    services: [{ host, name: svc.name, namespace: svc.ns }],
    default_original_port: port.port,
  };
  if (dr) {
    istioMeta.config = drPath(svc.ns, dr.name);
    if (subset) istioMeta.subset = subset;
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
  if (dr?.outlier) {
    c.outlier_detection = { ...dr.outlier, enforcing_consecutive_5xx: 100, enforcing_success_rate: 0 };
  }
  c.metadata = { filter_metadata: { istio: istioMeta } };
  c.common_lb_config = dr?.outlier ? { healthy_panic_threshold: {} } : {};
  c.alt_stat_name = `${name};`;
  const tpo = protocolOptions(port.protocol);
  if (tpo) c.typed_extension_protocol_options = tpo;
  c.filters = [tcpMx()];
  c.transport_socket_matches = autoMtlsMatches(sniName(port.port, subset, host), svc.sas.map((sa) => SPIFFE(svc.ns, sa)));
  return c;
}

const passthroughProtocolOptions = () => ({
  'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
    '@type': TYPE('envoy.extensions.upstreams.http.v3.HttpProtocolOptions'),
    common_http_protocol_options: { idle_timeout: '300s' },
    use_downstream_protocol_config: { http_protocol_options: {}, http2_protocol_options: {} },
  },
});

function specialClusters() {
  const blackHole = { '@type': TYPE('envoy.config.cluster.v3.Cluster'), name: 'BlackHoleCluster', type: 'STATIC', connect_timeout: '10s', alt_stat_name: 'BlackHoleCluster;' };
  const passthrough = {
    '@type': TYPE('envoy.config.cluster.v3.Cluster'),
    name: 'PassthroughCluster', type: 'ORIGINAL_DST', connect_timeout: '10s', lb_policy: 'CLUSTER_PROVIDED',
    circuit_breakers: defaultThresholds(), alt_stat_name: 'PassthroughCluster;',
    typed_extension_protocol_options: passthroughProtocolOptions(), filters: [tcpMx()],
  };
  const inboundPassthrough = {
    '@type': TYPE('envoy.config.cluster.v3.Cluster'),
    name: 'InboundPassthroughCluster', type: 'ORIGINAL_DST', connect_timeout: '10s', lb_policy: 'CLUSTER_PROVIDED',
    circuit_breakers: defaultThresholds(),
    upstream_bind_config: { source_address: { address: '127.0.0.6', port_value: 0 } },
    alt_stat_name: 'InboundPassthroughCluster;',
    typed_extension_protocol_options: passthroughProtocolOptions(),
  };
  const inbound = {
    '@type': TYPE('envoy.config.cluster.v3.Cluster'),
    name: 'inbound|9080||', type: 'ORIGINAL_DST', connect_timeout: '10s', lb_policy: 'CLUSTER_PROVIDED',
    circuit_breakers: defaultThresholds(),
    cleanup_interval: '9223372035s',
    upstream_bind_config: { source_address: { address: '127.0.0.6', port_value: 0 } },
    metadata: { filter_metadata: { istio: { services: [{ host: svcHost('productpage', NS), name: 'productpage', namespace: NS }] } } },
    common_lb_config: {},
    alt_stat_name: 'inbound|9080||;',
  };
  return { blackHole, passthrough, inboundPassthrough, inbound };
}

// All dynamic clusters, keyed by name, with the push version/time they were last changed.
function dynamicClusters() {
  const out = [];
  const add = (cluster, version, lastUpdated) => out.push({ version_info: version, cluster, last_updated: lastUpdated });
  const sp = specialClusters();
  let ms = 417;
  const next = () => T41((ms += 3));
  for (const svc of SERVICES) {
    for (const port of svc.ports) {
      const changed = !!svc.dr; // reviews clusters were rebuilt when the DestinationRule was applied
      add(outboundCluster(svc, port, ''), changed ? V44 : V41, changed ? T44(118) : next());
      for (const subset of svc.dr?.subsets ?? []) add(outboundCluster(svc, port, subset), V44, T44(118 + out.length));
    }
  }
  add(sp.blackHole, V41, next());
  add(sp.passthrough, V41, next());
  add(sp.inboundPassthrough, V41, next());
  add(sp.inbound, V41, next());
  // Envoy prints its cluster map in hash order; use a fixed interleaving that looks like it.
  const order = [
    'outbound|443||istiod.istio-system.svc.cluster.local',
    'outbound|9080|v2|reviews.default.svc.cluster.local',
    'BlackHoleCluster',
    'outbound|15012||istiod.istio-system.svc.cluster.local',
    'outbound|9080||ratings.default.svc.cluster.local',
    'inbound|9080||',
    'outbound|53||kube-dns.kube-system.svc.cluster.local',
    'outbound|9080||reviews.default.svc.cluster.local',
    'PassthroughCluster',
    'outbound|15014||istiod.istio-system.svc.cluster.local',
    'outbound|9080|v1|reviews.default.svc.cluster.local',
    'outbound|9080||details.default.svc.cluster.local',
    'outbound|443||kubernetes.default.svc.cluster.local',
    'InboundPassthroughCluster',
    'outbound|9153||kube-dns.kube-system.svc.cluster.local',
    'outbound|9080|v3|reviews.default.svc.cluster.local',
    'outbound|15010||istiod.istio-system.svc.cluster.local',
    'outbound|9080||productpage.default.svc.cluster.local',
  ];
  const byName = new Map(out.map((d) => [d.cluster.name, d]));
  if (order.length !== byName.size || !order.every((n) => byName.has(n))) throw new Error('cluster order list out of sync');
  return order.map((n) => byName.get(n));
}

function warmingClusters() {
  const svc = { name: 'mongodb', ns: NS, sas: ['default'], ports: [] };
  const c = outboundCluster(svc, { port: 27017, protocol: 'MONGO' }, '');
  return [{ version_info: V52, cluster: c, last_updated: T52 }];
}

// ---------------------------------------------------------------------------------------------
// ECDS: WasmPlugin default/productpage-header (SERVER mode, i.e. inbound HTTP only)

const WASM_NAME = 'default.productpage-header';
function ecdsFilters() {
  return [
    {
      version_info: V41,
      ecds_filter: {
        '@type': TYPE('envoy.config.core.v3.TypedExtensionConfig'),
        name: WASM_NAME,
        typed_config: {
          '@type': TYPE('envoy.extensions.filters.http.wasm.v3.Wasm'),
          config: {
            name: WASM_NAME,
            root_id: 'add_header',
            vm_config: {
              runtime: 'envoy.wasm.runtime.v8',
              code: {
                local: {
                  filename: '/var/lib/istio/data/8d3e3b6dbd2ab4a1f0c4c3cc5ec8ff4c6c3c2fd35a4c5f69e4bd4e6e2e6a7b02/5f1cf7ef4f2b0f43c1a5e2f6f5d0a2f8b4f9c1e1d6f4a8b0c7a3e2d1f0b9c8a7.wasm',
                },
              },
              environment_variables: { key_values: { ISTIO_META_WASM_PLUGIN_RESOURCE_VERSION: '1472' } },
            },
            configuration: {
              '@type': TYPE('google.protobuf.StringValue'),
              value: '{"header":"x-bookinfo-frontend","value":"productpage-v1"}',
            },
          },
        },
      },
      last_updated: T41(655),
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Endpoints (EDS)

function lbEndpoint(ep, port) {
  const fm = {};
  if (ep.mesh) fm['envoy.transport_socket_match'] = { tlsMode: 'istio' };
  fm.istio = { workload: ep.wl };
  return {
    endpoint: { address: sockAddr(ep.ip, port), health_check_config: {} },
    health_status: ep.health ?? 'HEALTHY',
    metadata: { filter_metadata: fm },
    load_balancing_weight: 1,
  };
}

function cla(name, eps, portOf) {
  // istiod groups endpoints by locality, in the order localities are first seen
  const groups = new Map();
  for (const ep of eps) {
    const key = ep.locality ? `${ep.locality.region}/${ep.locality.zone}` : '';
    if (!groups.has(key)) groups.set(key, { locality: ep.locality ? { ...ep.locality } : {}, eps: [] });
    groups.get(key).eps.push(ep);
  }
  return {
    '@type': TYPE('envoy.config.endpoint.v3.ClusterLoadAssignment'),
    cluster_name: name,
    endpoints: [...groups.values()].map((g) => ({
      locality: g.locality,
      lb_endpoints: g.eps.map((ep) => lbEndpoint(ep, portOf)),
      load_balancing_weight: g.eps.length,
    })),
    policy: { overprovisioning_factor: 140 },
  };
}

function staticEndpointConfigs() {
  const one = (name, address) => ({
    endpoint_config: {
      '@type': TYPE('envoy.config.endpoint.v3.ClusterLoadAssignment'),
      cluster_name: name,
      endpoints: [{ locality: {}, lb_endpoints: [{ endpoint: { address, health_check_config: {} }, health_status: 'HEALTHY', load_balancing_weight: 1 }] }],
      policy: { overprovisioning_factor: 140 },
    },
  });
  return [
    // zipkin is not deployed in this cluster: its STRICT_DNS name does not resolve.
    { endpoint_config: { '@type': TYPE('envoy.config.endpoint.v3.ClusterLoadAssignment'), cluster_name: 'zipkin', policy: { overprovisioning_factor: 140 } } },
    one('sds-grpc', { pipe: { path: './var/run/secrets/workload-spiffe-uds/socket' } }),
    one('agent', sockAddr('127.0.0.1', 15020)),
    one('xds-grpc', { pipe: { path: './etc/istio/proxy/XDS' } }),
    one('prometheus_stats', sockAddr('127.0.0.1', 15000)),
  ];
}

function dynamicEndpointConfigs(clusters) {
  return clusters.map(({ cluster }) => {
    const name = cluster.name;
    const m = /^outbound\|(\d+)\|([^|]*)\|(.+)$/.exec(name);
    if (!m || cluster.type !== 'EDS') {
      return { endpoint_config: { '@type': TYPE('envoy.config.endpoint.v3.ClusterLoadAssignment'), cluster_name: name, policy: { overprovisioning_factor: 140 } } };
    }
    const [, portStr, subset, host] = m;
    const svc = SERVICES.find((s) => svcHost(s.name, s.ns) === host);
    const port = svc.ports.find((p) => p.port === Number(portStr));
    const eps = svc.eps.filter((ep) => !subset || ep.version === subset);
    return { endpoint_config: cla(name, eps, port.target) };
  });
}

// ---------------------------------------------------------------------------------------------
// Listeners (LDS)

const TRACING_TAGS = [
  ['istio.authorization.dry_run.allow_policy.name', 'istio_dry_run_allow_shadow_effective_policy_id'],
  ['istio.authorization.dry_run.allow_policy.result', 'istio_dry_run_allow_shadow_engine_result'],
  ['istio.authorization.dry_run.deny_policy.name', 'istio_dry_run_deny_shadow_effective_policy_id'],
  ['istio.authorization.dry_run.deny_policy.result', 'istio_dry_run_deny_shadow_engine_result'],
];
function tracing() {
  return {
    client_sampling: { value: 100 },
    random_sampling: { value: 1 },
    overall_sampling: { value: 100 },
    custom_tags: [
      ...TRACING_TAGS.map(([tag, key]) => ({ tag, metadata: { kind: { request: {} }, metadata_key: { key: 'envoy.filters.http.rbac', path: [{ key }] } } })),
      { tag: 'istio.canonical_revision', literal: { value: 'v1' } },
      { tag: 'istio.canonical_service', literal: { value: 'productpage' } },
      { tag: 'istio.cluster_id', literal: { value: 'Kubernetes' } },
      { tag: 'istio.mesh_id', literal: { value: 'cluster.local' } },
      { tag: 'istio.namespace', literal: { value: NS } },
    ],
  };
}

const HTTP_FILTER = {
  mxOutbound: () => ({
    name: 'istio.metadata_exchange',
    typed_config: typedStruct('io.istio.http.peer_metadata.Config', {
      upstream_discovery: [{ istio_headers: {} }, { workload_discovery: {} }],
      upstream_propagation: [{ istio_headers: {} }],
    }),
  }),
  mxInbound: () => ({
    name: 'istio.metadata_exchange',
    typed_config: typedStruct('io.istio.http.peer_metadata.Config', {
      downstream_discovery: [{ istio_headers: {} }, { workload_discovery: {} }],
      downstream_propagation: [{ istio_headers: {} }],
    }),
  }),
  wasm: () => ({
    name: WASM_NAME,
    config_discovery: {
      config_source: adsSource(),
      type_urls: [TYPE('envoy.extensions.filters.http.wasm.v3.Wasm'), TYPE('envoy.extensions.filters.http.rbac.v3.RBAC')],
    },
  }),
  grpcStats: () => ({
    name: 'envoy.filters.http.grpc_stats',
    typed_config: { '@type': TYPE('envoy.extensions.filters.http.grpc_stats.v3.FilterConfig'), emit_filter_state: true, stats_for_all_methods: false },
  }),
  alpn: () => ({
    name: 'istio.alpn',
    typed_config: {
      '@type': TYPE('istio.envoy.config.filter.http.alpn.v2alpha1.FilterConfig'),
      alpn_override: [
        { alpn_override: ['istio-http/1.0', 'istio', 'http/1.0'] },
        { upstream_protocol: 'HTTP11', alpn_override: ['istio-http/1.1', 'istio', 'http/1.1'] },
        { upstream_protocol: 'HTTP2', alpn_override: ['istio-h2', 'istio', 'h2'] },
      ],
    },
  }),
  fault: () => ({ name: 'envoy.filters.http.fault', typed_config: { '@type': TYPE('envoy.extensions.filters.http.fault.v3.HTTPFault') } }),
  cors: () => ({ name: 'envoy.filters.http.cors', typed_config: { '@type': TYPE('envoy.extensions.filters.http.cors.v3.Cors') } }),
  stats: (inbound) => ({ name: 'istio.stats', typed_config: { '@type': TYPE('stats.PluginConfig'), ...(inbound ? { disable_host_header_fallback: true } : {}) } }),
  router: () => ({ name: 'envoy.filters.http.router', typed_config: { '@type': TYPE('envoy.extensions.filters.http.router.v3.Router') } }),
};

function httpConnectionManager({ statPrefix, rds, routeConfig, inbound }) {
  const filters = inbound
    ? [HTTP_FILTER.mxInbound(), HTTP_FILTER.wasm(), HTTP_FILTER.grpcStats(), HTTP_FILTER.fault(), HTTP_FILTER.cors(), HTTP_FILTER.stats(true), HTTP_FILTER.router()]
    : [HTTP_FILTER.mxOutbound(), HTTP_FILTER.grpcStats(), HTTP_FILTER.alpn(), HTTP_FILTER.fault(), HTTP_FILTER.cors(), HTTP_FILTER.stats(false), HTTP_FILTER.router()];
  const h = {
    '@type': TYPE('envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager'),
    stat_prefix: statPrefix,
  };
  if (rds) h.rds = { config_source: adsSource(), route_config_name: rds };
  else h.route_config = routeConfig;
  h.http_filters = filters;
  h.tracing = tracing();
  h.server_name = 'istio-envoy';
  h.access_log = [fileAccessLog()];
  h.use_remote_address = false;
  if (inbound) {
    h.forward_client_cert_details = 'APPEND_FORWARD';
    h.set_current_client_cert_details = { subject: true, dns: true, uri: true };
  }
  h.proxy_100_continue = true;
  h.upgrade_configs = [{ upgrade_type: 'websocket' }];
  h.stream_idle_timeout = '0s';
  h.normalize_path = true;
  h.request_id_extension = {
    typed_config: { '@type': TYPE('envoy.extensions.request_id.uuid.v3.UuidRequestIdConfig'), use_request_id_for_trace_sampling: true },
  };
  h.path_with_escaped_slashes_action = 'KEEP_UNCHANGED';
  return { name: 'envoy.filters.network.http_connection_manager', typed_config: h };
}

function inboundRouteConfig(name, vhostPort, cluster, operation) {
  return {
    name,
    virtual_hosts: [
      {
        name: `inbound|http|${vhostPort}`,
        domains: ['*'],
        routes: [
          {
            match: { prefix: '/' },
            route: {
              cluster,
              timeout: '0s',
              retry_policy: { retry_on: 'reset-before-request', num_retries: 2 },
              max_stream_duration: { max_stream_duration: '0s', grpc_timeout_header_max: '0s' },
            },
            decorator: { operation },
            name: 'default',
          },
        ],
      },
    ],
    validate_clusters: false,
  };
}

function downstreamTls(alpn) {
  return {
    name: 'envoy.transport_sockets.tls',
    typed_config: {
      '@type': TYPE('envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext'),
      common_tls_context: {
        tls_params: {
          tls_minimum_protocol_version: 'TLSv1_2',
          tls_maximum_protocol_version: 'TLSv1_3',
          cipher_suites: ['ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'AES256-GCM-SHA384', 'AES128-GCM-SHA256'],
        },
        alpn_protocols: alpn,
        tls_certificate_sds_secret_configs: [sdsSecret('default')],
        combined_validation_context: {
          default_validation_context: { match_subject_alt_names: [{ prefix: `spiffe://${TRUST_DOMAIN}/` }] },
          validation_context_sds_secret_config: sdsSecret('ROOTCA'),
        },
      },
      require_client_certificate: true,
    },
  };
}

const listenerFilter = {
  originalDst: () => ({ name: 'envoy.filters.listener.original_dst', typed_config: { '@type': TYPE('envoy.extensions.filters.listener.original_dst.v3.OriginalDst') } }),
  tlsInspector: (filterDisabled) => ({
    name: 'envoy.filters.listener.tls_inspector',
    typed_config: { '@type': TYPE('envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector'), initial_read_buffer_size: 512 },
    ...(filterDisabled ? { filter_disabled: filterDisabled } : {}),
  }),
  httpInspector: (filterDisabled) => ({
    name: 'envoy.filters.listener.http_inspector',
    typed_config: { '@type': TYPE('envoy.extensions.filters.listener.http_inspector.v3.HttpInspector') },
    ...(filterDisabled ? { filter_disabled: filterDisabled } : {}),
  }),
};
const portRange = (p) => ({ destination_port_range: { start: p, end: p + 1 } });

const LISTENER_TYPE = TYPE('envoy.config.listener.v3.Listener');

function virtualOutbound() {
  return {
    '@type': LISTENER_TYPE,
    name: 'virtualOutbound',
    address: sockAddr('0.0.0.0', 15001),
    filter_chains: [
      {
        filter_chain_match: { destination_port: 15001 },
        filters: [statsNetworkFilter(false), tcpProxy('BlackHoleCluster', false)],
        name: 'virtualOutbound-blackhole',
      },
      { filters: [statsNetworkFilter(false), tcpProxy('PassthroughCluster')], name: 'virtualOutbound-catchall-tcp' },
    ],
    use_original_dst: true,
    traffic_direction: 'OUTBOUND',
    access_log: listenerAccessLog(),
    max_connections_to_accept_per_socket_event: 1,
  };
}

function virtualInbound() {
  const mtlsHttp = downstreamTls(['h2', 'http/1.1']);
  const mtlsTcp = downstreamTls(['istio-peer-exchange', 'h2', 'http/1.1']);
  const passRoute = inboundRouteConfig('InboundPassthroughCluster', 0, 'InboundPassthroughCluster', ':0/*');
  const passHcm = () => httpConnectionManager({ statPrefix: 'InboundPassthroughCluster;', routeConfig: passRoute, inbound: true });
  const passTcp = () => [tcpMx(), statsNetworkFilter(true), tcpProxy('InboundPassthroughCluster')];
  const ppRoute = inboundRouteConfig('inbound|9080||', 9080, 'inbound|9080||', 'productpage.default.svc.cluster.local:9080/*');
  const ppHcm = () => httpConnectionManager({ statPrefix: 'inbound_0.0.0.0_9080;', routeConfig: ppRoute, inbound: true });
  return {
    '@type': LISTENER_TYPE,
    name: 'virtualInbound',
    address: sockAddr('0.0.0.0', 15006),
    filter_chains: [
      {
        filter_chain_match: { destination_port: 15006 },
        filters: [tcpMx(), statsNetworkFilter(true), tcpProxy('BlackHoleCluster', false)],
        name: 'virtualInbound-blackhole',
      },
      {
        filter_chain_match: { transport_protocol: 'tls', application_protocols: ['istio-http/1.0', 'istio-http/1.1', 'istio-h2'] },
        filters: [tcpMx(), passHcm()],
        transport_socket: mtlsHttp,
        name: 'virtualInbound-catchall-http',
      },
      {
        filter_chain_match: { transport_protocol: 'raw_buffer', application_protocols: ['http/1.1', 'h2c'] },
        filters: [tcpMx(), passHcm()],
        name: 'virtualInbound-catchall-http',
      },
      {
        filter_chain_match: { transport_protocol: 'tls', application_protocols: ['istio-peer-exchange', 'istio'] },
        filters: passTcp(),
        transport_socket: mtlsTcp,
        name: 'virtualInbound',
      },
      { filter_chain_match: { transport_protocol: 'tls' }, filters: passTcp(), name: 'virtualInbound' },
      { filter_chain_match: { transport_protocol: 'raw_buffer' }, filters: passTcp(), name: 'virtualInbound' },
      {
        filter_chain_match: {
          destination_port: 9080,
          transport_protocol: 'tls',
          application_protocols: ['istio', 'istio-peer-exchange', 'istio-http/1.0', 'istio-http/1.1', 'istio-h2'],
        },
        filters: [tcpMx(), ppHcm()],
        transport_socket: mtlsHttp,
        name: '0.0.0.0_9080',
      },
      {
        filter_chain_match: { destination_port: 9080, transport_protocol: 'raw_buffer' },
        filters: [tcpMx(), ppHcm()],
        name: '0.0.0.0_9080',
      },
    ],
    listener_filters: [
      listenerFilter.originalDst(),
      listenerFilter.tlsInspector(portRange(15006)),
      listenerFilter.httpInspector({ or_match: { rules: [portRange(9080), portRange(15006)] } }),
    ],
    listener_filters_timeout: '0s',
    traffic_direction: 'INBOUND',
    continue_on_listener_filters_timeout: true,
    access_log: listenerAccessLog(),
    max_connections_to_accept_per_socket_event: 1,
  };
}

const passthroughFilterChain = () => ({
  filter_chain_match: {},
  filters: [statsNetworkFilter(false), tcpProxy('PassthroughCluster')],
  name: 'PassthroughFilterChain',
});

// 0.0.0.0_<port>: one HCM for all HTTP services on the port (RDS <port>), TCP fallthrough
function wildcardHttpListener(port) {
  return {
    '@type': LISTENER_TYPE,
    name: `0.0.0.0_${port}`,
    address: sockAddr('0.0.0.0', port),
    filter_chains: [
      {
        filter_chain_match: { transport_protocol: 'raw_buffer', application_protocols: ['http/1.1', 'h2c'] },
        filters: [httpConnectionManager({ statPrefix: `outbound_0.0.0.0_${port};`, rds: String(port) })],
        transport_socket_connect_timeout: '15s',
      },
    ],
    listener_filters: [listenerFilter.httpInspector()],
    listener_filters_timeout: '0s',
    traffic_direction: 'OUTBOUND',
    continue_on_listener_filters_timeout: true,
    default_filter_chain: passthroughFilterChain(),
    bind_to_port: false,
  };
}

// <vip>_<port>: TCP service port
function vipTcpListener(svc, port) {
  const cluster = clusterName(port.port, '', svcHost(svc.name, svc.ns));
  return {
    '@type': LISTENER_TYPE,
    name: `${svc.vip}_${port.port}`,
    address: sockAddr(svc.vip, port.port),
    filter_chains: [{ filters: [statsNetworkFilter(false), tcpProxy(cluster)], transport_socket_connect_timeout: '15s' }],
    listener_filters_timeout: '0s',
    traffic_direction: 'OUTBOUND',
    continue_on_listener_filters_timeout: true,
    bind_to_port: false,
  };
}

// <vip>_<port>: protocol-sniffed service port (HTTP chain with its own RDS + TCP default chain)
function vipSniffedListener(svc, port) {
  const host = svcHost(svc.name, svc.ns);
  const cluster = clusterName(port.port, '', host);
  return {
    '@type': LISTENER_TYPE,
    name: `${svc.vip}_${port.port}`,
    address: sockAddr(svc.vip, port.port),
    filter_chains: [
      {
        filter_chain_match: { transport_protocol: 'raw_buffer', application_protocols: ['http/1.1', 'h2c'] },
        filters: [httpConnectionManager({ statPrefix: `outbound_${svc.vip}_${port.port};`, rds: `${host}:${port.port}` })],
        transport_socket_connect_timeout: '15s',
      },
    ],
    listener_filters: [listenerFilter.httpInspector()],
    listener_filters_timeout: '0s',
    traffic_direction: 'OUTBOUND',
    continue_on_listener_filters_timeout: true,
    default_filter_chain: { filters: [statsNetworkFilter(false), tcpProxy(cluster)], transport_socket_connect_timeout: '15s' },
    bind_to_port: false,
  };
}

function dynamicListeners() {
  const ls = [];
  let ms = 702;
  const add = (l) => ls.push({ name: l.name, active_state: { version_info: V41, listener: l, last_updated: T41((ms += 2)) } });
  // Envoy lists listeners in the order it (re)built them: istiod sends outbound, then virtual, then inbound.
  add(vipTcpListener(svcByName['kube-dns'], svcByName['kube-dns'].ports[0]));
  add(vipSniffedListener(svcByName['kube-dns'], svcByName['kube-dns'].ports[1]));
  add(vipTcpListener(svcByName.istiod, svcByName.istiod.ports[1]));
  add(wildcardHttpListener(15014));
  add(vipTcpListener(svcByName.kubernetes, svcByName.kubernetes.ports[0]));
  add(wildcardHttpListener(9080));
  add(vipTcpListener(svcByName.istiod, svcByName.istiod.ports[2]));
  add(wildcardHttpListener(15010));
  add(virtualOutbound());
  add(virtualInbound());
  return ls;
}

// ---------------------------------------------------------------------------------------------
// Routes (RDS)

function defaultRetry() {
  return {
    retry_on: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
    num_retries: 2,
    retry_host_predicate: [
      { name: 'envoy.retry_host_predicates.previous_hosts', typed_config: { '@type': TYPE('envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate') } },
    ],
    host_selection_retry_max_attempts: '5',
    retriable_status_codes: [503],
  };
}

function routeAction(cluster) {
  return { cluster, timeout: '0s', retry_policy: defaultRetry(), max_grpc_timeout: '0s' };
}

// Domains as istiod generates them for a sidecar in namespace `default`. Modern istiod drops the
// `:port` variants (and sets ignore_port_in_host_matching); the sample keeps them, as istiod used to
// emit them, to exercise the DOMAINS column logic.
const WITH_PORT_VARIANTS = true;
function vhostDomains(svc, port) {
  const host = svcHost(svc.name, svc.ns);
  const names = [host];
  if (svc.ns === NS) names.push(svc.name, `${svc.name}.${svc.ns}.svc`, `${svc.name}.${svc.ns}`);
  else names.push(`${svc.name}.${svc.ns}`, `${svc.name}.${svc.ns}.svc`);
  names.push(svc.vip);
  const out = [];
  for (const n of names) {
    out.push(n);
    if (WITH_PORT_VARIANTS) out.push(`${n}:${port}`);
  }
  return out;
}

function serviceVirtualHost(svc, port, routes) {
  return {
    name: `${svcHost(svc.name, svc.ns)}:${port.port}`,
    domains: vhostDomains(svc, port.port),
    routes,
    include_request_attempt_count: true,
  };
}

function defaultRoute(svc, port) {
  const host = svcHost(svc.name, svc.ns);
  return {
    match: { prefix: '/' },
    route: routeAction(clusterName(port.port, '', host)),
    decorator: { operation: `${host}:${port.port}/*` },
    name: 'default',
  };
}

function vsRoute({ vs, svc, port, subset, headers, fault }) {
  const host = svcHost(svc.name, svc.ns);
  const r = {
    match: headers ? { prefix: '/', case_sensitive: true, headers } : { prefix: '/' },
    route: routeAction(clusterName(port.port, subset || '', host)),
    metadata: { filter_metadata: { istio: { config: vsPath(NS, vs) } } },
    decorator: { operation: `${host}:${port.port}/*` },
  };
  if (fault) r.typed_per_filter_config = { 'envoy.filters.http.fault': fault };
  return r;
}

const jason = () => [{ name: 'end-user', string_match: { exact: 'jason' } }];

function allowAny() {
  return {
    name: 'allow_any',
    domains: ['*'],
    routes: [{ match: { prefix: '/' }, route: { cluster: 'PassthroughCluster', timeout: '0s', max_grpc_timeout: '0s' }, name: 'allow_any' }],
    include_request_attempt_count: true,
  };
}

function routeConfig(name, virtualHosts) {
  return {
    '@type': TYPE('envoy.config.route.v3.RouteConfiguration'),
    name,
    virtual_hosts: virtualHosts,
    validate_clusters: false,
    max_direct_response_body_size_bytes: 1048576,
    ignore_port_in_host_matching: true,
  };
}

function dynamicRouteConfigs() {
  const p9080 = (s) => s.ports[0];
  const { details, productpage, ratings, reviews, istiod } = svcByName;
  const kubeDns = svcByName['kube-dns'];
  const delay = {
    '@type': TYPE('envoy.extensions.filters.http.fault.v3.HTTPFault'),
    delay: { fixed_delay: '7s', percentage: { numerator: 1000000, denominator: 'MILLION' } },
  };
  const rc9080 = routeConfig('9080', [
    serviceVirtualHost(details, p9080(details), [defaultRoute(details, p9080(details))]),
    serviceVirtualHost(productpage, p9080(productpage), [defaultRoute(productpage, p9080(productpage))]),
    serviceVirtualHost(ratings, p9080(ratings), [
      vsRoute({ vs: 'ratings', svc: ratings, port: p9080(ratings), headers: jason(), fault: delay }),
      vsRoute({ vs: 'ratings', svc: ratings, port: p9080(ratings) }),
    ]),
    serviceVirtualHost(reviews, p9080(reviews), [
      vsRoute({ vs: 'reviews', svc: reviews, port: p9080(reviews), subset: 'v2', headers: jason() }),
      vsRoute({ vs: 'reviews', svc: reviews, port: p9080(reviews), subset: 'v1' }),
    ]),
    allowAny(),
  ]);
  const port = (s, n) => s.ports.find((p) => p.port === n);
  const rc15010 = routeConfig('15010', [serviceVirtualHost(istiod, port(istiod, 15010), [defaultRoute(istiod, port(istiod, 15010))]), allowAny()]);
  const rc15014 = routeConfig('15014', [serviceVirtualHost(istiod, port(istiod, 15014), [defaultRoute(istiod, port(istiod, 15014))]), allowAny()]);
  // Sniffed VIP listener: a dedicated route with just that service, domains collapsed to "*".
  const dnsHost = svcHost(kubeDns.name, kubeDns.ns);
  const rcDns = routeConfig(`${dnsHost}:9153`, [
    { name: `${dnsHost}:9153`, domains: ['*'], routes: [defaultRoute(kubeDns, port(kubeDns, 9153))], include_request_attempt_count: true },
  ]);
  return [
    { version_info: V41, route_config: rcDns, last_updated: T41(731) },
    { version_info: V41, route_config: rc15014, last_updated: T41(733) },
    { version_info: V44, route_config: rc9080, last_updated: T44(402) },
    { version_info: V41, route_config: rc15010, last_updated: T41(736) },
  ];
}

function staticRouteConfigs() {
  const bootstrapRc = (prefix, cluster) => ({
    '@type': TYPE('envoy.config.route.v3.RouteConfiguration'),
    virtual_hosts: [{ name: 'backend', domains: ['*'], routes: [{ match: { prefix }, route: { cluster } }] }],
  });
  const withType = (rc) => ({ '@type': TYPE('envoy.config.route.v3.RouteConfiguration'), ...rc });
  return [
    { route_config: bootstrapRc('/stats/prometheus', 'prometheus_stats'), last_updated: T_STATIC_LISTENERS },
    { route_config: bootstrapRc('/healthz/ready', 'agent'), last_updated: T_STATIC_LISTENERS },
    { route_config: withType(inboundRouteConfig('InboundPassthroughCluster', 0, 'InboundPassthroughCluster', ':0/*')), last_updated: T41(741) },
    { route_config: withType(inboundRouteConfig('inbound|9080||', 9080, 'inbound|9080||', 'productpage.default.svc.cluster.local:9080/*')), last_updated: T41(741) },
  ];
}

// ---------------------------------------------------------------------------------------------
// Secrets (SDS from pilot-agent)

const b64 = (s) => Buffer.from(s, 'utf8').toString('base64');
function secrets() {
  return [
    {
      name: 'default',
      version_info: '2026-01-14T08:14:03Z',
      last_updated: T41(529),
      secret: {
        '@type': TYPE('envoy.extensions.transport_sockets.tls.v3.Secret'),
        name: 'default',
        tls_certificate: { certificate_chain: { inline_bytes: b64(LEAF_PEM + ROOT_PEM) }, private_key: { inline_bytes: b64('[redacted]') } },
      },
    },
    {
      name: 'ROOTCA',
      version_info: '2026-01-14T08:14:03Z',
      last_updated: T41(531),
      secret: {
        '@type': TYPE('envoy.extensions.transport_sockets.tls.v3.Secret'),
        name: 'ROOTCA',
        validation_context: { trusted_ca: { inline_bytes: b64(ROOT_PEM) } },
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Assemble /config_dump?include_eds=true

function configDump() {
  const clusters = dynamicClusters();
  const withType = (o, t) => ({ '@type': TYPE(t), ...o });
  return {
    configs: [
      { '@type': TYPE('envoy.admin.v3.BootstrapConfigDump'), bootstrap: bootstrap(), last_updated: T_BOOT },
      {
        '@type': TYPE('envoy.admin.v3.ClustersConfigDump'),
        version_info: V52,
        static_clusters: staticClusters().map((c) => ({ cluster: withType(c, 'envoy.config.cluster.v3.Cluster'), last_updated: T_STATIC_CLUSTERS })),
        dynamic_active_clusters: clusters,
        dynamic_warming_clusters: warmingClusters(),
      },
      { '@type': TYPE('envoy.admin.v3.EcdsConfigDump'), ecds_filters: ecdsFilters() },
      {
        '@type': TYPE('envoy.admin.v3.EndpointsConfigDump'),
        static_endpoint_configs: staticEndpointConfigs(),
        dynamic_endpoint_configs: dynamicEndpointConfigs(clusters),
      },
      {
        '@type': TYPE('envoy.admin.v3.ListenersConfigDump'),
        version_info: V44,
        static_listeners: staticListeners().map((l) => ({ listener: withType(l, 'envoy.config.listener.v3.Listener'), last_updated: T_STATIC_LISTENERS })),
        dynamic_listeners: dynamicListeners(),
      },
      { '@type': TYPE('envoy.admin.v3.ScopedRoutesConfigDump') },
      { '@type': TYPE('envoy.admin.v3.RoutesConfigDump'), static_route_configs: staticRouteConfigs(), dynamic_route_configs: dynamicRouteConfigs() },
      { '@type': TYPE('envoy.admin.v3.SecretsConfigDump'), dynamic_active_secrets: secrets() },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// /clusters?format=json (envoy.admin.v3.Clusters), consistent with the dump above

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

function hostStats(rand, { traffic, failing }) {
  const total = traffic ? Math.floor(rand() * 900) + 40 : 0;
  const cx = traffic ? Math.max(1, Math.floor(total / (20 + rand() * 30))) : 0;
  const err = failing ? Math.floor(total * 0.21) : traffic && rand() < 0.3 ? 1 : 0;
  const timeouts = failing ? Math.floor(err / 4) : 0;
  const active = traffic ? Math.floor(rand() * 3) : 0;
  const counter = (name, v) => (v ? { value: String(v), name } : { name });
  const gauge = (name, v) => (v ? { type: 'GAUGE', value: String(v), name } : { type: 'GAUGE', name });
  return [
    counter('cx_connect_fail', failing ? 2 : 0),
    counter('cx_total', cx),
    counter('rq_error', err),
    counter('rq_success', total - err),
    counter('rq_timeout', timeouts),
    counter('rq_total', total),
    gauge('cx_active', active),
    gauge('rq_active', 0),
  ];
}

function envoyCircuitBreakers(thresholds) {
  const def = thresholds?.find((t) => !t.priority || t.priority === 'DEFAULT') ?? {};
  const high = thresholds?.find((t) => t.priority === 'HIGH') ?? {};
  const v = (t, k, d) => t[k] ?? d;
  return {
    thresholds: [
      { max_connections: v(def, 'max_connections', 1024), max_pending_requests: v(def, 'max_pending_requests', 1024), max_requests: v(def, 'max_requests', 1024), max_retries: v(def, 'max_retries', 3) },
      { priority: 'HIGH', max_connections: v(high, 'max_connections', 1024), max_pending_requests: v(high, 'max_pending_requests', 1024), max_requests: v(high, 'max_requests', 1024), max_retries: v(high, 'max_retries', 3) },
    ],
  };
}

function clustersJson() {
  const dump = configDump();
  const cds = dump.configs[1];
  const eds = dump.configs[3];
  const claByName = new Map([...eds.static_endpoint_configs, ...eds.dynamic_endpoint_configs].map((e) => [e.endpoint_config.cluster_name, e.endpoint_config]));
  const rand = mulberry32(0x9080);
  const ejected = new Set(SERVICES.flatMap((s) => s.eps.filter((e) => e.outlierEjected).map((e) => e.ip)));
  const busy = new Set(['details', 'ratings', 'reviews', 'istiod']);
  const statuses = [];
  const entry = (cluster, addedViaApi) => {
    const status = { name: cluster.name };
    if (addedViaApi) status.added_via_api = true;
    const hosts = [];
    const assignment = claByName.get(cluster.name);
    const hostSvc = /\|([^|]+)$/.exec(cluster.name)?.[1]?.split('.')[0];
    for (const group of assignment?.endpoints ?? []) {
      for (const le of group.lb_endpoints) {
        const addr = le.endpoint.address;
        const ip = addr.socket_address?.address;
        const hs = { address: addr };
        // Endpoints that are not HEALTHY in EDS receive no traffic.
        const traffic = (le.health_status ?? 'HEALTHY') === 'HEALTHY' &&
          (busy.has(hostSvc) || ['xds-grpc', 'sds-grpc', 'agent', 'prometheus_stats'].includes(cluster.name));
        hs.stats = hostStats(rand, { traffic, failing: ejected.has(ip) });
        hs.health_status = ejected.has(ip)
          ? { failed_outlier_check: true, eds_health_status: le.health_status ?? 'HEALTHY' }
          : { eds_health_status: le.health_status ?? 'HEALTHY' };
        hs.weight = le.load_balancing_weight ?? 1;
        if (group.priority) hs.priority = group.priority;
        hs.locality = group.locality ?? {};
        hosts.push(hs);
      }
    }
    // inbound|9080|| is ORIGINAL_DST: Envoy creates the host from the first inbound connection.
    if (cluster.name === 'inbound|9080||') {
      hosts.push({
        address: sockAddr(POD_IP, 9080),
        stats: hostStats(rand, { traffic: true, failing: false }),
        health_status: { eds_health_status: 'HEALTHY' },
        weight: 1,
        locality: {},
      });
    }
    if (hosts.length) status.host_statuses = hosts;
    status.circuit_breakers = envoyCircuitBreakers(cluster.circuit_breakers?.thresholds);
    status.observability_name = cluster.alt_stat_name ?? cluster.name;
    if (cluster.type === 'EDS') status.eds_service_name = cluster.eds_cluster_config.service_name;
    statuses.push(status);
  };
  for (const d of cds.dynamic_active_clusters) entry(d.cluster, true);
  for (const s of cds.static_clusters) entry(s.cluster, false);
  return { cluster_statuses: statuses };
}

// ---------------------------------------------------------------------------------------------
// Main

const envoyJson = (v) => `${JSON.stringify(v, null, 1)}\n`;

function main() {
  const args = process.argv.slice(2);
  const here = path.dirname(fileURLToPath(import.meta.url));
  let outDir = here;
  const i = args.indexOf('--out-dir');
  if (i >= 0) outDir = path.resolve(args[i + 1]);
  const files = {
    'productpage.config_dump.json': envoyJson(configDump()),
    'productpage.clusters.json': envoyJson(clustersJson()),
  };
  if (args.includes('--check')) {
    let ok = true;
    for (const [f, text] of Object.entries(files)) {
      const p = path.join(outDir, f);
      const cur = fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : null;
      if (cur !== text) {
        console.error(`${p} is out of date; run: node samples/make-sample.mjs`);
        ok = false;
      }
    }
    process.exit(ok ? 0 : 1);
  }
  fs.mkdirSync(outDir, { recursive: true });
  for (const [f, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(outDir, f), text);
    console.log(`wrote ${path.join(outDir, f)} (${Buffer.byteLength(text)} bytes)`);
  }
}

main();
