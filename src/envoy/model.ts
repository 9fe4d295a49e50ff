/**
 * The typed model of what mpx reads from Envoy's admin API: read-only interfaces in Envoy's own
 * snake_case field names (the proto3 JSON mapping of the `envoy.config.*.v3` and `envoy.admin.v3`
 * messages), each with the shape {@link checkShape} validates it against where a dump is read. Only the
 * fields mpx reads are listed; the objects keep every other field untouched (for `-o raw`/`-o json`).
 *
 * Wrapper types (`google.protobuf.UInt32Value`, `BoolValue`) are plain JSON values in Envoy's output;
 * hand-written inputs sometimes carry them as `{"value": x}`, so such fields are typed {@link UInt} and
 * {@link Flag} and read through {@link uintOf} and {@link flagOf}.
 */
import type {MessageShape, Shape} from './shape.js'

/** A `UInt32Value`/`uint64` field: a number, a numeric string (64-bit) or `{"value": n}`. */
export type UInt = number | string | {readonly value?: number | string}
/** A `BoolValue` field: a boolean or `{"value": b}`. */
export type Flag = boolean | {readonly value?: boolean}

/** The number of a {@link UInt} field; `fallback` when absent. */
export function uintOf(v: UInt | undefined, fallback = 0): number {
  if (v === undefined) return fallback
  if (typeof v === 'object') return v.value === undefined ? fallback : Number(v.value)
  return Number(v)
}

/** The value of a {@link Flag} field (`undefined` when absent). */
export function flagOf(v: Flag | undefined): boolean | undefined {
  if (v === undefined) return undefined
  return typeof v === 'object' ? v.value : v
}

/** A JSON object whose fields mpx does not read (opaque, kept verbatim). */
export type Opaque = {readonly [key: string]: unknown}

const opaque = (message: string): MessageShape => ({message, fields: {}})

// ---- core ---------------------------------------------------------------------------------------

/** `envoy.config.core.v3.SocketAddress`. */
export interface SocketAddress {
  readonly address?: string
  readonly port_value?: number
}
/** `envoy.config.core.v3.Address`: a socket, a pipe, or an internal listener address. */
export interface Address {
  readonly socket_address?: SocketAddress
  readonly pipe?: {readonly path?: string}
  readonly envoy_internal_address?: {readonly server_listener_name?: string; readonly endpoint_id?: string}
}
const SocketAddressShape: MessageShape<SocketAddress> = {message: 'envoy.config.core.v3.SocketAddress', fields: {address: 'string', port_value: 'number'}}
const AddressShape: MessageShape<Address> = {
  message: 'envoy.config.core.v3.Address',
  fields: {
    socket_address: SocketAddressShape,
    pipe: {message: 'envoy.config.core.v3.Pipe', fields: {path: 'string'}},
    envoy_internal_address: {message: 'envoy.config.core.v3.EnvoyInternalAddress', fields: {server_listener_name: 'string', endpoint_id: 'string'}},
  },
}
/** `additional_addresses[]` items (`envoy.config.listener.v3.AdditionalAddress`, `Endpoint.AdditionalAddress`). */
export interface AdditionalAddress {
  readonly address?: Address
}
const AdditionalAddressShape: MessageShape<AdditionalAddress> = {message: 'envoy.config.listener.v3.AdditionalAddress', fields: {address: AddressShape}}

/** `envoy.config.core.v3.Metadata`: `filter_metadata` by filter name (Istio: `istio.config`). */
export interface Metadata {
  readonly filter_metadata?: {readonly [filter: string]: Opaque}
}
const MetadataShape: MessageShape<Metadata> = {message: 'envoy.config.core.v3.Metadata', fields: {filter_metadata: {map: 'object'}}}

/** `envoy.config.core.v3.DataSource`. */
export interface DataSource {
  readonly inline_bytes?: string
  readonly inline_string?: string
  readonly filename?: string
}
const DataSourceShape: MessageShape<DataSource> = {message: 'envoy.config.core.v3.DataSource', fields: {inline_bytes: 'string', inline_string: 'string', filename: 'string'}}

/** `envoy.config.core.v3.Locality`. */
export interface Locality {
  readonly region?: string
  readonly zone?: string
  readonly sub_zone?: string
}
const LocalityShape: MessageShape<Locality> = {message: 'envoy.config.core.v3.Locality', fields: {region: 'string', zone: 'string', sub_zone: 'string'}}

/** A typed extension config (`google.protobuf.Any`): `@type` plus the message's fields. */
export interface TypedConfig {
  readonly '@type'?: string
}

/** `envoy.config.core.v3.TypedExtensionConfig` and the `name` + `typed_config` of filters. */
export interface TypedExtension {
  readonly name?: string
  readonly typed_config?: TypedConfig
}
const TypedExtensionShape: MessageShape<TypedExtension> = {message: 'envoy.config.core.v3.TypedExtensionConfig', fields: {name: 'string', typed_config: {any: {}}}}

/** `envoy.admin.v3.UpdateFailureState`: a rejected (NACKed) update. */
export interface UpdateFailureState {
  readonly details?: string
  readonly last_update_attempt?: string
}
const UpdateFailureStateShape: MessageShape<UpdateFailureState> = {message: 'envoy.admin.v3.UpdateFailureState', fields: {details: 'string', last_update_attempt: 'string'}}

// ---- TLS ----------------------------------------------------------------------------------------

/** `envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext` (the fields mpx reads). */
export interface UpstreamTlsContext extends TypedConfig {
  readonly sni?: string
  readonly common_tls_context?: {
    readonly tls_certificate_sds_secret_configs?: ReadonlyArray<{readonly name?: string}>
    readonly tls_certificates?: readonly Opaque[]
  }
}
const UpstreamTlsContextShape: MessageShape<UpstreamTlsContext> = {
  message: 'envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
  fields: {
    '@type': 'string',
    sni: 'string',
    common_tls_context: {
      message: 'envoy.extensions.transport_sockets.tls.v3.CommonTlsContext',
      fields: {tls_certificate_sds_secret_configs: {list: {message: 'envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig', fields: {name: 'string'}}}, tls_certificates: {list: 'object'}},
    },
  },
}
/** `envoy.config.core.v3.TransportSocket`. */
export interface TransportSocket {
  readonly name?: string
  readonly typed_config?: UpstreamTlsContext
}
const TransportSocketShape: MessageShape<TransportSocket> = {
  message: 'envoy.config.core.v3.TransportSocket',
  fields: {name: 'string', typed_config: {any: {'envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext': UpstreamTlsContextShape}}},
}

// ---- endpoints ----------------------------------------------------------------------------------

/** `envoy.config.endpoint.v3.LbEndpoint`. */
export interface LbEndpoint {
  readonly endpoint?: {readonly address?: Address; readonly additional_addresses?: readonly AdditionalAddress[]}
  /** `envoy.config.core.v3.HealthStatus` name; absent means UNKNOWN. */
  readonly health_status?: string
}
/** `envoy.config.endpoint.v3.LocalityLbEndpoints`. */
export interface LocalityLbEndpoints {
  readonly locality?: Locality
  readonly lb_endpoints?: readonly LbEndpoint[]
}
/** `envoy.config.endpoint.v3.ClusterLoadAssignment` (EDS). */
export interface ClusterLoadAssignment {
  readonly cluster_name?: string
  readonly endpoints?: readonly LocalityLbEndpoints[]
}
const LbEndpointShape: MessageShape<LbEndpoint> = {
  message: 'envoy.config.endpoint.v3.LbEndpoint',
  fields: {
    endpoint: {message: 'envoy.config.endpoint.v3.Endpoint', fields: {address: AddressShape, additional_addresses: {list: AdditionalAddressShape}}},
    health_status: 'string',
  },
}
const ClusterLoadAssignmentShape: MessageShape<ClusterLoadAssignment> = {
  message: 'envoy.config.endpoint.v3.ClusterLoadAssignment',
  fields: {
    cluster_name: 'string',
    endpoints: {list: {message: 'envoy.config.endpoint.v3.LocalityLbEndpoints', fields: {locality: LocalityShape, lb_endpoints: {list: LbEndpointShape}}}},
  },
}

// ---- clusters -----------------------------------------------------------------------------------

/** `envoy.config.cluster.v3.Cluster` (the fields mpx reads). */
export interface Cluster {
  readonly name?: string
  /** `DiscoveryType` name (`EDS`, `STRICT_DNS`, `ORIGINAL_DST`, ...); absent means STATIC. */
  readonly type?: string
  readonly cluster_type?: {readonly name?: string}
  readonly metadata?: Metadata
  readonly eds_cluster_config?: {readonly service_name?: string}
  readonly transport_socket?: TransportSocket
  readonly transport_socket_matches?: ReadonlyArray<{readonly name?: string; readonly match?: Opaque}>
  readonly common_lb_config?: {readonly healthy_panic_threshold?: {readonly value?: number}}
  readonly load_assignment?: ClusterLoadAssignment
}
const ClusterShape: MessageShape<Cluster> = {
  message: 'envoy.config.cluster.v3.Cluster',
  fields: {
    name: 'string',
    type: 'string',
    cluster_type: {message: 'envoy.config.cluster.v3.Cluster.CustomClusterType', fields: {name: 'string'}},
    metadata: MetadataShape,
    eds_cluster_config: {message: 'envoy.config.cluster.v3.Cluster.EdsClusterConfig', fields: {service_name: 'string'}},
    transport_socket: TransportSocketShape,
    transport_socket_matches: {list: {message: 'envoy.config.cluster.v3.Cluster.TransportSocketMatch', fields: {name: 'string', match: 'object'}}},
    common_lb_config: {message: 'envoy.config.cluster.v3.Cluster.CommonLbConfig', fields: {healthy_panic_threshold: {message: 'envoy.type.v3.Percent', fields: {value: 'number'}}}},
    load_assignment: ClusterLoadAssignmentShape,
  },
}

// ---- routes -------------------------------------------------------------------------------------

/** `envoy.type.matcher.v3.RegexMatcher`. */
export interface RegexMatcher {
  readonly regex?: string
}
const RegexMatcherShape: MessageShape<RegexMatcher> = {message: 'envoy.type.matcher.v3.RegexMatcher', fields: {regex: 'string'}}
/** `envoy.type.matcher.v3.StringMatcher`. */
export interface StringMatcher {
  readonly exact?: string
  readonly prefix?: string
  readonly suffix?: string
  readonly contains?: string
  readonly safe_regex?: RegexMatcher
  readonly ignore_case?: boolean
}
const StringMatcherShape: MessageShape<StringMatcher> = {
  message: 'envoy.type.matcher.v3.StringMatcher',
  fields: {exact: 'string', prefix: 'string', suffix: 'string', contains: 'string', safe_regex: RegexMatcherShape, ignore_case: 'boolean'},
}
/** `envoy.config.route.v3.HeaderMatcher`. */
export interface HeaderMatcher {
  readonly name?: string
  readonly exact_match?: string
  readonly safe_regex_match?: RegexMatcher
  readonly range_match?: {readonly start?: UInt; readonly end?: UInt}
  readonly present_match?: boolean
  readonly prefix_match?: string
  readonly suffix_match?: string
  readonly contains_match?: string
  readonly string_match?: StringMatcher
  readonly invert_match?: boolean
  readonly treat_missing_header_as_empty?: boolean
}
const HeaderMatcherShape: MessageShape<HeaderMatcher> = {
  message: 'envoy.config.route.v3.HeaderMatcher',
  fields: {
    name: 'string', exact_match: 'string', safe_regex_match: RegexMatcherShape,
    range_match: {message: 'envoy.type.v3.Int64Range', fields: {start: 'uint', end: 'uint'}},
    present_match: 'boolean', prefix_match: 'string', suffix_match: 'string', contains_match: 'string',
    string_match: StringMatcherShape, invert_match: 'boolean', treat_missing_header_as_empty: 'boolean',
  },
}
/** `envoy.config.route.v3.QueryParameterMatcher`. */
export interface QueryParameterMatcher {
  readonly name?: string
  readonly string_match?: StringMatcher
  readonly present_match?: boolean
}
/** `envoy.config.route.v3.RouteMatch`. */
export interface RouteMatch {
  readonly prefix?: string
  readonly path?: string
  readonly path_separated_prefix?: string
  readonly safe_regex?: RegexMatcher
  readonly connect_matcher?: Opaque
  readonly path_match_policy?: Opaque
  readonly case_sensitive?: boolean
  readonly headers?: readonly HeaderMatcher[]
  readonly query_parameters?: readonly QueryParameterMatcher[]
  readonly runtime_fraction?: {readonly runtime_key?: string}
  readonly grpc?: Opaque
  readonly tls_context?: unknown
  readonly dynamic_metadata?: unknown
  readonly filter_state?: unknown
  readonly cookies?: unknown
}
const RouteMatchShape: MessageShape<RouteMatch> = {
  message: 'envoy.config.route.v3.RouteMatch',
  fields: {
    prefix: 'string', path: 'string', path_separated_prefix: 'string', safe_regex: RegexMatcherShape,
    connect_matcher: 'object', path_match_policy: 'object', case_sensitive: 'boolean',
    headers: {list: HeaderMatcherShape},
    query_parameters: {list: {message: 'envoy.config.route.v3.QueryParameterMatcher', fields: {name: 'string', string_match: StringMatcherShape, present_match: 'boolean'}}},
    runtime_fraction: {message: 'envoy.config.core.v3.RuntimeFractionalPercent', fields: {runtime_key: 'string'}},
    grpc: 'object', tls_context: 'any', dynamic_metadata: 'any', filter_state: 'any', cookies: 'any',
  },
}
/** `envoy.type.matcher.v3.RegexMatchAndSubstitute`. */
export interface RegexRewrite {
  readonly pattern?: RegexMatcher
  readonly substitution?: string
}
const RegexRewriteShape: MessageShape<RegexRewrite> = {message: 'envoy.type.matcher.v3.RegexMatchAndSubstitute', fields: {pattern: RegexMatcherShape, substitution: 'string'}}
/** `envoy.config.route.v3.WeightedCluster.ClusterWeight`. */
export interface ClusterWeight {
  readonly name?: string
  readonly cluster_header?: string
  readonly weight?: UInt
  readonly host_rewrite_literal?: string
}
/** `envoy.config.route.v3.RouteAction` (the fields mpx reads). */
export interface RouteAction {
  readonly cluster?: string
  readonly cluster_header?: string
  readonly weighted_clusters?: {readonly clusters?: readonly ClusterWeight[]}
  /** `ClusterNotFoundResponseCode` name or number. */
  readonly cluster_not_found_response_code?: string | number
  readonly prefix_rewrite?: string
  readonly regex_rewrite?: RegexRewrite
  readonly host_rewrite_literal?: string
  readonly host_rewrite?: string
  readonly host_rewrite_header?: string
  readonly host_rewrite_path_regex?: RegexRewrite
  readonly auto_host_rewrite?: Flag
}
const ClusterWeightShape: MessageShape<ClusterWeight> = {
  message: 'envoy.config.route.v3.WeightedCluster.ClusterWeight',
  fields: {name: 'string', cluster_header: 'string', weight: 'uint', host_rewrite_literal: 'string'},
}
const WeightedClustersShape = {message: 'envoy.config.route.v3.WeightedCluster', fields: {clusters: {list: ClusterWeightShape}}}
const RouteActionShape: MessageShape<RouteAction> = {
  message: 'envoy.config.route.v3.RouteAction',
  fields: {
    cluster: 'string', cluster_header: 'string', weighted_clusters: WeightedClustersShape,
    cluster_not_found_response_code: 'scalar', prefix_rewrite: 'string', regex_rewrite: RegexRewriteShape,
    host_rewrite_literal: 'string', host_rewrite: 'string', host_rewrite_header: 'string',
    host_rewrite_path_regex: RegexRewriteShape, auto_host_rewrite: 'flag',
  },
}
/** `envoy.config.route.v3.RedirectAction`. */
export interface RedirectAction {
  readonly scheme_redirect?: string
  readonly https_redirect?: boolean
  readonly host_redirect?: string
  readonly port_redirect?: number
  readonly path_redirect?: string
  readonly prefix_rewrite?: string
  readonly regex_rewrite?: RegexRewrite
  readonly strip_query?: boolean
  /** `RedirectResponseCode` name or number. */
  readonly response_code?: string | number
}
const RedirectActionShape: MessageShape<RedirectAction> = {
  message: 'envoy.config.route.v3.RedirectAction',
  fields: {
    scheme_redirect: 'string', https_redirect: 'boolean', host_redirect: 'string', port_redirect: 'number', path_redirect: 'string',
    prefix_rewrite: 'string', regex_rewrite: RegexRewriteShape, strip_query: 'boolean', response_code: 'scalar',
  },
}
/** `envoy.config.route.v3.Route`. */
export interface Route {
  readonly name?: string
  readonly match?: RouteMatch
  readonly route?: RouteAction
  readonly redirect?: RedirectAction
  readonly direct_response?: {readonly status?: number; readonly body?: DataSource}
  readonly filter_action?: Opaque
  readonly non_forwarding_action?: Opaque
  readonly metadata?: Metadata
  readonly typed_per_filter_config?: {readonly [filter: string]: Opaque}
}
const RouteShape: MessageShape<Route> = {
  message: 'envoy.config.route.v3.Route',
  fields: {
    name: 'string', match: RouteMatchShape, route: RouteActionShape, redirect: RedirectActionShape,
    direct_response: {message: 'envoy.config.route.v3.DirectResponseAction', fields: {status: 'number', body: DataSourceShape}},
    filter_action: 'object', non_forwarding_action: 'object', metadata: MetadataShape, typed_per_filter_config: {map: 'object'},
  },
}
/** `envoy.config.route.v3.VirtualHost`. */
export interface VirtualHost {
  readonly name?: string
  readonly domains?: readonly string[]
  readonly routes?: readonly Route[]
  /** `TlsRequirementType` name (`NONE`, `EXTERNAL_ONLY`, `ALL`) or number. */
  readonly require_tls?: string | number
  readonly typed_per_filter_config?: {readonly [filter: string]: Opaque}
}
const VirtualHostShape: MessageShape<VirtualHost> = {
  message: 'envoy.config.route.v3.VirtualHost',
  fields: {name: 'string', domains: {list: 'string'}, routes: {list: RouteShape}, require_tls: 'scalar', typed_per_filter_config: {map: 'object'}},
}
/** `envoy.config.route.v3.RouteConfiguration`. */
export interface RouteConfiguration {
  readonly name?: string
  readonly virtual_hosts?: readonly VirtualHost[]
  readonly ignore_port_in_host_matching?: boolean
  readonly vhost_header?: string
}
/** The shape of a RouteConfiguration (also for a bare one given to `mpx trace`). */
export const RouteConfigurationShape: MessageShape<RouteConfiguration> = {
  message: 'envoy.config.route.v3.RouteConfiguration',
  fields: {name: 'string', virtual_hosts: {list: VirtualHostShape}, ignore_port_in_host_matching: 'boolean', vhost_header: 'string'},
}

// ---- listeners ----------------------------------------------------------------------------------

/** `envoy.config.core.v3.CidrRange`. */
export interface CidrRange {
  readonly address_prefix?: string
  readonly prefix_len?: UInt
}
const CidrRangeShape: MessageShape<CidrRange> = {message: 'envoy.config.core.v3.CidrRange', fields: {address_prefix: 'string', prefix_len: 'uint'}}
/** `envoy.config.listener.v3.FilterChainMatch`. */
export interface FilterChainMatch {
  readonly destination_port?: UInt
  readonly prefix_ranges?: readonly CidrRange[]
  readonly direct_source_prefix_ranges?: readonly CidrRange[]
  readonly source_type?: string
  readonly source_prefix_ranges?: readonly CidrRange[]
  readonly source_ports?: readonly UInt[]
  readonly server_names?: readonly string[]
  readonly transport_protocol?: string
  readonly application_protocols?: readonly string[]
}
const FilterChainMatchShape: MessageShape<FilterChainMatch> = {
  message: 'envoy.config.listener.v3.FilterChainMatch',
  fields: {
    destination_port: 'uint', prefix_ranges: {list: CidrRangeShape}, direct_source_prefix_ranges: {list: CidrRangeShape},
    source_type: 'string', source_prefix_ranges: {list: CidrRangeShape}, source_ports: {list: 'uint'},
    server_names: {list: 'string'}, transport_protocol: 'string', application_protocols: {list: 'string'},
  },
}
/** `envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager` (what mpx reads). */
export interface HttpConnectionManager extends TypedConfig {
  readonly rds?: {readonly route_config_name?: string}
  readonly route_config?: RouteConfiguration
  readonly normalize_path?: Flag
  readonly merge_slashes?: boolean
  readonly http_filters?: readonly TypedExtension[]
}
/** `envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy` (what mpx reads). */
export interface TcpProxy extends TypedConfig {
  readonly stat_prefix?: string
  readonly cluster?: string
  readonly weighted_clusters?: {readonly clusters?: ReadonlyArray<{readonly name?: string; readonly weight?: UInt}>}
}
const HttpConnectionManagerShape: MessageShape<HttpConnectionManager> = {
  message: 'envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
  fields: {
    '@type': 'string',
    rds: {message: 'envoy.extensions.filters.network.http_connection_manager.v3.Rds', fields: {route_config_name: 'string'}},
    route_config: RouteConfigurationShape,
    normalize_path: 'flag',
    merge_slashes: 'boolean',
    http_filters: {list: TypedExtensionShape},
  },
}
const TcpProxyShape: MessageShape<TcpProxy> = {
  message: 'envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy',
  fields: {
    '@type': 'string',
    stat_prefix: 'string',
    cluster: 'string',
    weighted_clusters: {message: 'envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy.WeightedCluster', fields: {clusters: {list: {message: 'ClusterWeight', fields: {name: 'string', weight: 'uint'}}}}},
  },
}
/** A network filter (`envoy.config.listener.v3.Filter`); `typed_config` per its `@type`. */
export interface NetworkFilter {
  readonly name?: string
  readonly typed_config?: HttpConnectionManager & TcpProxy
}
const NetworkFilterShape: MessageShape<NetworkFilter> = {
  message: 'envoy.config.listener.v3.Filter',
  fields: {
    name: 'string',
    typed_config: {
      any: {
        'envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager': HttpConnectionManagerShape,
        'envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy': TcpProxyShape,
        'envoy.config.filter.network.http_connection_manager.v2.HttpConnectionManager': HttpConnectionManagerShape,
        'envoy.config.filter.network.tcp_proxy.v2.TcpProxy': TcpProxyShape,
      },
    },
  },
}
/** `envoy.config.listener.v3.FilterChain`. */
export interface FilterChain {
  readonly name?: string
  readonly filter_chain_match?: FilterChainMatch
  readonly filters?: readonly NetworkFilter[]
  readonly transport_socket?: TransportSocket
}
const FilterChainShape: MessageShape<FilterChain> = {
  message: 'envoy.config.listener.v3.FilterChain',
  fields: {name: 'string', filter_chain_match: FilterChainMatchShape, filters: {list: NetworkFilterShape}, transport_socket: 'object'},
}
/** `envoy.config.listener.v3.ListenerFilterChainMatchPredicate` (recursive). */
export interface ListenerFilterPredicate {
  readonly any_match?: boolean
  readonly destination_port_range?: {readonly start?: UInt; readonly end?: UInt}
  readonly or_match?: {readonly rules?: readonly ListenerFilterPredicate[]}
  readonly and_match?: {readonly rules?: readonly ListenerFilterPredicate[]}
  readonly not_match?: ListenerFilterPredicate
}
const PredicateShape: MessageShape<ListenerFilterPredicate> = {
  message: 'envoy.config.listener.v3.ListenerFilterChainMatchPredicate',
  fields: {
    any_match: 'boolean',
    destination_port_range: {message: 'envoy.type.v3.Int32Range', fields: {start: 'uint', end: 'uint'}},
    or_match: {message: 'envoy.config.listener.v3.ListenerFilterChainMatchPredicate.MatchSet', fields: {rules: {list: () => PredicateShape}}},
    and_match: {message: 'envoy.config.listener.v3.ListenerFilterChainMatchPredicate.MatchSet', fields: {rules: {list: () => PredicateShape}}},
    not_match: () => PredicateShape,
  },
}
/** `envoy.config.listener.v3.ListenerFilter`. */
export interface ListenerFilter extends TypedExtension {
  readonly filter_disabled?: ListenerFilterPredicate
}
/** `envoy.config.listener.v3.Listener` (the fields mpx reads). */
export interface Listener {
  readonly name?: string
  readonly address?: Address
  readonly additional_addresses?: readonly AdditionalAddress[]
  readonly filter_chains?: readonly FilterChain[]
  readonly default_filter_chain?: FilterChain
  readonly listener_filters?: readonly ListenerFilter[]
  readonly use_original_dst?: Flag
}
const ListenerShape: MessageShape<Listener> = {
  message: 'envoy.config.listener.v3.Listener',
  fields: {
    name: 'string',
    address: AddressShape,
    additional_addresses: {list: AdditionalAddressShape},
    filter_chains: {list: FilterChainShape},
    default_filter_chain: FilterChainShape,
    listener_filters: {list: {message: 'envoy.config.listener.v3.ListenerFilter', fields: {name: 'string', typed_config: {any: {}}, filter_disabled: PredicateShape}}},
    use_original_dst: 'flag',
  },
}

// ---- secrets ------------------------------------------------------------------------------------

/** `envoy.extensions.transport_sockets.tls.v3.Secret` (the fields mpx reads). */
export interface Secret {
  readonly name?: string
  readonly tls_certificate?: {readonly certificate_chain?: DataSource}
  readonly validation_context?: {
    readonly trusted_ca?: DataSource
    readonly custom_validator_config?: {
      readonly typed_config?: TypedConfig & {readonly trust_domains?: ReadonlyArray<{readonly name?: string; readonly trust_bundle?: DataSource}>}
    }
  }
}
const SpiffeShape: MessageShape = {
  message: 'envoy.extensions.transport_sockets.tls.v3.SPIFFECertValidatorConfig',
  fields: {trust_domains: {list: {message: 'envoy.extensions.transport_sockets.tls.v3.SPIFFECertValidatorConfig.TrustDomain', fields: {name: 'string', trust_bundle: DataSourceShape}}}},
}
const SecretShape: MessageShape<Secret> = {
  message: 'envoy.extensions.transport_sockets.tls.v3.Secret',
  fields: {
    name: 'string',
    tls_certificate: {message: 'envoy.extensions.transport_sockets.tls.v3.TlsCertificate', fields: {certificate_chain: DataSourceShape}},
    validation_context: {
      message: 'envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext',
      fields: {
        trusted_ca: DataSourceShape,
        custom_validator_config: {message: 'envoy.config.core.v3.TypedExtensionConfig', fields: {typed_config: {any: {'envoy.extensions.transport_sockets.tls.v3.SPIFFECertValidatorConfig': SpiffeShape}}}},
      },
    },
  },
}

// ---- bootstrap ----------------------------------------------------------------------------------

/** The Istio fields of the bootstrap node's metadata (a `google.protobuf.Struct`). */
export interface NodeMetadata {
  readonly NAMESPACE?: string
  readonly NAME?: string
  readonly INSTANCE_IPS?: string
  readonly ISTIO_VERSION?: string
  readonly ISTIO_PROXY_SHA?: string
}
/** `envoy.config.core.v3.Node` (the fields mpx reads). */
export interface Node {
  /** Istio: `<type>~<ip>~<pod>.<namespace>~<namespace>.svc.<domain>`. */
  readonly id?: string
  readonly metadata?: NodeMetadata
  readonly user_agent_build_version?: {
    readonly version?: {readonly major_number?: number; readonly minor_number?: number; readonly patch?: number}
    readonly metadata?: {readonly [key: string]: string | number | boolean}
  }
}
const NodeShape: MessageShape<Node> = {
  message: 'envoy.config.core.v3.Node',
  fields: {
    id: 'string',
    metadata: {message: 'google.protobuf.Struct', fields: {NAMESPACE: 'string', NAME: 'string', INSTANCE_IPS: 'string', ISTIO_VERSION: 'string', ISTIO_PROXY_SHA: 'string'}},
    user_agent_build_version: {
      message: 'envoy.config.core.v3.BuildVersion',
      fields: {version: {message: 'envoy.type.v3.SemanticVersion', fields: {major_number: 'number', minor_number: 'number', patch: 'number'}}, metadata: {map: 'scalar'}},
    },
  },
}

// ---- admin sections -----------------------------------------------------------------------------

/** A dynamic resource of an admin section: its name, active resource and last rejected update. */
interface Dynamic {
  readonly name?: string
  readonly version_info?: string
  readonly error_state?: UpdateFailureState
}
/** `envoy.admin.v3.ClustersConfigDump`. */
export interface ClustersConfigDump {
  readonly static_clusters?: ReadonlyArray<{readonly cluster?: Cluster}>
  readonly dynamic_active_clusters?: ReadonlyArray<Dynamic & {readonly cluster?: Cluster}>
  readonly dynamic_warming_clusters?: ReadonlyArray<Dynamic & {readonly cluster?: Cluster}>
}
/** `envoy.admin.v3.ListenersConfigDump.DynamicListenerState`. */
export interface ListenerState {
  readonly version_info?: string
  readonly listener?: Listener
}
/** `envoy.admin.v3.ListenersConfigDump.DynamicListener`. */
export interface DynamicListener extends Dynamic {
  readonly active_state?: ListenerState
  readonly warming_state?: ListenerState
  readonly draining_state?: ListenerState
}
/** `envoy.admin.v3.ListenersConfigDump`. */
export interface ListenersConfigDump {
  readonly static_listeners?: ReadonlyArray<{readonly listener?: Listener}>
  readonly dynamic_listeners?: readonly DynamicListener[]
}
/** `envoy.admin.v3.RoutesConfigDump`. */
export interface RoutesConfigDump {
  readonly static_route_configs?: ReadonlyArray<{readonly route_config?: RouteConfiguration}>
  readonly dynamic_route_configs?: ReadonlyArray<Dynamic & {readonly route_config?: RouteConfiguration}>
}
/** `envoy.admin.v3.EndpointsConfigDump`. */
export interface EndpointsConfigDump {
  readonly static_endpoint_configs?: ReadonlyArray<{readonly endpoint_config?: ClusterLoadAssignment}>
  readonly dynamic_endpoint_configs?: ReadonlyArray<Dynamic & {readonly endpoint_config?: ClusterLoadAssignment}>
}
/** A secret entry of `envoy.admin.v3.SecretsConfigDump`. */
export interface SecretEntry extends Dynamic {
  readonly secret?: Secret
}
/** `envoy.admin.v3.SecretsConfigDump`. */
export interface SecretsConfigDump {
  readonly static_secrets?: readonly SecretEntry[]
  readonly dynamic_active_secrets?: readonly SecretEntry[]
  readonly dynamic_warming_secrets?: readonly SecretEntry[]
}
/** `envoy.admin.v3.BootstrapConfigDump`. */
export interface BootstrapConfigDump {
  readonly bootstrap?: {readonly node?: Node}
}
/** `envoy.admin.v3.EcdsConfigDump` (all ECDS sections of a dump merged). */
export interface EcdsConfigDump {
  readonly ecds_filters?: ReadonlyArray<{readonly ecds_filter?: TypedExtension}>
}
/** `envoy.admin.v3.ScopedRoutesConfigDump` (not read by any view; passed through). */
export type ScopedRoutesConfigDump = Opaque

/** The section types by kind. */
export interface Sections {
  Bootstrap: BootstrapConfigDump
  Clusters: ClustersConfigDump
  Ecds: EcdsConfigDump
  Endpoints: EndpointsConfigDump
  Listeners: ListenersConfigDump
  ScopedRoutes: ScopedRoutesConfigDump
  Routes: RoutesConfigDump
  Secrets: SecretsConfigDump
}

const dynamic = (message: string, fields: Record<string, Shape>): MessageShape => ({
  message,
  fields: {name: 'string', version_info: 'string', error_state: UpdateFailureStateShape, ...fields},
})
const ListenerStateShape: MessageShape<ListenerState> = {message: 'envoy.admin.v3.ListenersConfigDump.DynamicListenerState', fields: {version_info: 'string', listener: ListenerShape}}
const SecretEntryShape = dynamic('envoy.admin.v3.SecretsConfigDump.DynamicSecret', {secret: SecretShape})

/** The shape of each section kind (`ScopedRoutes`: opaque). */
export const SECTION_SHAPES: {readonly [K in keyof Sections]: MessageShape<Sections[K]>} = {
  Bootstrap: {message: 'envoy.admin.v3.BootstrapConfigDump', fields: {bootstrap: {message: 'envoy.config.bootstrap.v3.Bootstrap', fields: {node: NodeShape}}}},
  Clusters: {
    message: 'envoy.admin.v3.ClustersConfigDump',
    fields: {
      static_clusters: {list: {message: 'envoy.admin.v3.ClustersConfigDump.StaticCluster', fields: {cluster: ClusterShape}}},
      dynamic_active_clusters: {list: dynamic('envoy.admin.v3.ClustersConfigDump.DynamicCluster', {cluster: ClusterShape})},
      dynamic_warming_clusters: {list: dynamic('envoy.admin.v3.ClustersConfigDump.DynamicCluster', {cluster: ClusterShape})},
    },
  },
  Ecds: {message: 'envoy.admin.v3.EcdsConfigDump', fields: {ecds_filters: {list: {message: 'envoy.admin.v3.EcdsConfigDump.EcdsFilterConfig', fields: {ecds_filter: TypedExtensionShape}}}}},
  Endpoints: {
    message: 'envoy.admin.v3.EndpointsConfigDump',
    fields: {
      static_endpoint_configs: {list: {message: 'envoy.admin.v3.EndpointsConfigDump.StaticEndpointConfig', fields: {endpoint_config: ClusterLoadAssignmentShape}}},
      dynamic_endpoint_configs: {list: dynamic('envoy.admin.v3.EndpointsConfigDump.DynamicEndpointConfig', {endpoint_config: ClusterLoadAssignmentShape})},
    },
  },
  Listeners: {
    message: 'envoy.admin.v3.ListenersConfigDump',
    fields: {
      static_listeners: {list: {message: 'envoy.admin.v3.ListenersConfigDump.StaticListener', fields: {listener: ListenerShape}}},
      dynamic_listeners: {list: dynamic('envoy.admin.v3.ListenersConfigDump.DynamicListener', {active_state: ListenerStateShape, warming_state: ListenerStateShape, draining_state: ListenerStateShape})},
    },
  },
  ScopedRoutes: opaque('envoy.admin.v3.ScopedRoutesConfigDump'),
  Routes: {
    message: 'envoy.admin.v3.RoutesConfigDump',
    fields: {
      static_route_configs: {list: {message: 'envoy.admin.v3.RoutesConfigDump.StaticRouteConfig', fields: {route_config: RouteConfigurationShape}}},
      dynamic_route_configs: {list: dynamic('envoy.admin.v3.RoutesConfigDump.DynamicRouteConfig', {route_config: RouteConfigurationShape})},
    },
  },
  Secrets: {message: 'envoy.admin.v3.SecretsConfigDump', fields: {static_secrets: {list: SecretEntryShape}, dynamic_active_secrets: {list: SecretEntryShape}, dynamic_warming_secrets: {list: SecretEntryShape}}},
}

// ---- /clusters ----------------------------------------------------------------------------------

/** `envoy.admin.v3.HostStatus`. */
export interface HostStatus {
  readonly address?: Address
  readonly locality?: Locality
  readonly health_status?: {
    readonly eds_health_status?: string
    readonly failed_outlier_check?: boolean
    readonly failed_active_health_check?: boolean
  }
}
/** `envoy.admin.v3.ClusterStatus`. */
export interface ClusterStatus {
  readonly name?: string
  readonly host_statuses?: readonly HostStatus[]
}
/** The shape of `envoy.admin.v3.Clusters` (`/clusters?format=json`). */
export const ClustersShape: MessageShape<{cluster_statuses?: readonly ClusterStatus[]}> = {
  message: 'envoy.admin.v3.Clusters',
  fields: {
    cluster_statuses: {
      list: {
        message: 'envoy.admin.v3.ClusterStatus',
        fields: {
          name: 'string',
          host_statuses: {
            list: {
              message: 'envoy.admin.v3.HostStatus',
              fields: {
                address: AddressShape,
                locality: LocalityShape,
                health_status: {message: 'envoy.admin.v3.HostHealthStatus', fields: {eds_health_status: 'string', failed_outlier_check: 'boolean', failed_active_health_check: 'boolean'}},
              },
            },
          },
        },
      },
    },
  },
}
