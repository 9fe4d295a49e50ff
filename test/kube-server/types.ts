/**
 * Public types of the in-process Kubernetes API test server (`test/kube-server`).
 *
 * Tests describe a cluster declaratively (a {@link WorldSpec}); the server renders real
 * Kubernetes objects from it, serves them over HTTPS, tunnels `pods/portforward` and `pods/exec`
 * websockets to per-pod loopback HTTP emulators (Envoy admin, istiod debug) and lets tests
 * inject faults at run time.
 */
import type {IncomingHttpHeaders} from 'node:http'

/** Any JSON value. */
export type Json = null | boolean | number | string | Json[] | {[k: string]: Json}

/**
 * Where a response body comes from:
 * - `string`: a **file path** (read lazily, cached);
 * - `Buffer`: raw bytes served as-is (use for large in-memory bodies / benchmarks; literal text: `Buffer.from(text)`);
 * - any other value: a JSON value, serialised on demand.
 */
export type BodySource = string | Buffer | Json | object

/** A `metav1.LabelSelector`. */
export interface LabelSelector {
  matchLabels?: Record<string, string>
  matchExpressions?: Array<{key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[]}>
}

/** An HTTP request received by an emulated pod port (after it travelled through port-forward or exec). */
export interface PortRequest {
  method: string
  /** Path without the query string, always starting with `/`. */
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: Buffer
  pod: {namespace: string; name: string}
  /** The pod port (e.g. 15000), not the loopback port. */
  port: number
}

/** What a port handler answers. `body` objects are JSON-serialised (1-space indent, like Envoy). */
export interface PortResponse {
  status?: number
  headers?: Record<string, string>
  body?: string | Buffer | Json | object
}

/** Serves HTTP for one emulated pod port. */
export type PortHandler = (req: PortRequest) => PortResponse | Promise<PortResponse>

/**
 * An emulated pod port: an HTTP handler (served by a loopback `node:http` server), or
 * `{forwardTo}`: a loopback TCP port of a server the test started itself (e.g. a gRPC XDS server
 * for istiod's 15012); port-forward / exec traffic for that pod port is piped to it.
 */
export type PortSpec = PortHandler | {forwardTo: number}

/** Envoy admin emulator content. Every field is optional; missing ones are synthesised. */
export interface EnvoyAdminSpec {
  /** Admin port inside the pod (default 15000). */
  port?: number
  /** `/config_dump` (supports `mask`, `resource`, `name_regex`, `include_eds`). Default: a minimal dump. */
  configDump?: BodySource
  /** `/clusters?format=json`. Default: derived from the config dump's clusters / endpoints. */
  clusters?: BodySource
  /** `/clusters` (text). Default: derived from the JSON form. */
  clustersText?: BodySource
  /** `/server_info`. Default: synthesised from the pod (node id from the dump's bootstrap if any). */
  serverInfo?: BodySource
  /** `/listeners?format=json`. Default: derived from the dump. */
  listeners?: BodySource
  /** `/certs`. Default `{"certificates":[]}`. */
  certs?: BodySource
  /** `/stats?format=json`. Default: a few server/cluster_manager stats. `/stats` and `/stats/prometheus` derive from it. */
  stats?: BodySource
  /** `/stats` text. */
  statsText?: BodySource
  /** `/stats/prometheus` text. */
  statsPrometheus?: BodySource
  /** `/logging` listing (text, `active loggers:\n  admin: warning\n…`). Default: the istioctl fixture. */
  logging?: BodySource
  /** Extra or overriding paths (exact path without query, e.g. `/memory`). */
  paths?: Record<string, BodySource | PortHandler>
}

/** A container: a name, or details. */
export interface ContainerSpec {
  name: string
  image?: string
  /**
   * Executables that exist in the container (basename). Default: `istio-proxy` → pilot-agent, envoy, curl;
   * `discovery` → pilot-discovery; any other → curl.
   */
  binaries?: string[]
  ports?: Array<{containerPort: number; name?: string; protocol?: string}>
  ready?: boolean
}

/** Emulator-level HTTP fault (applied by the loopback server of a pod port). */
export interface HttpFault {
  /** Apply only to requests whose path starts with this (e.g. `/config_dump`). Default: all. */
  pathPrefix?: string
  /** Apply only to this pod port (e.g. 15000). Default: all ports. */
  port?: number
  /** Answer with this status instead (body: {@link body} or `"<status> fault injected"`). */
  status?: number
  body?: string
  /** Send headers and this many body bytes, then destroy the TCP connection. */
  dropAfterBytes?: number
  /** Wait this long before sending the response headers. */
  delayHeadersMs?: number
  /** Send the body slowly: `chunkBytes` every `intervalMs`. */
  trickle?: {chunkBytes: number; intervalMs: number}
}

/** Denies an API request with a real 403 `Status`. Unset fields match anything. */
export interface ForbidRule {
  /** `get`, `list`, `create` (portforward/exec are `create`), … */
  verb?: string
  /** Resource with optional subresource: `pods`, `pods/portforward`, `pods/exec`, `deployments`, … */
  resource?: string
  namespace?: string
  name?: string
}

/** Faults; set globally (`server.setFaults`) or per pod ({@link PodSpec.faults}, `server.setPodFaults`). */
export interface Faults {
  /** Every API request (REST and websocket upgrade) → 401. Per pod: requests naming that pod. */
  unauthorized?: boolean
  /** 403 on `pods/portforward`. */
  forbidPortForward?: boolean
  /** 403 on `pods/exec`. */
  forbidExec?: boolean
  /** General 403 rules. */
  forbid?: ForbidRule[]
  /** Pod ports that refuse connections even if emulated. */
  refusePorts?: number[]
  /** Emulator HTTP faults; the first matching one applies. */
  http?: HttpFault | HttpFault[]
  /** Delay every REST response by this many ms. */
  restDelayMs?: number
}

/** A pod in the declarative model. */
export interface PodSpec {
  name: string
  /** Default `default`. */
  namespace?: string
  uid?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
  /** Default `Running`. A `Pending` pod gets no node (port-forward / exec fail like on a real cluster). */
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown'
  /** Default true (Running pods only). */
  ready?: boolean
  /** Default `['app', 'istio-proxy']` where `app` is the `app` label or the pod name. */
  containers?: Array<string | ContainerSpec>
  initContainers?: Array<string | ContainerSpec>
  /** Put `istio-proxy` in `initContainers` with `restartPolicy: Always` (Kubernetes native sidecar). */
  nativeSidecar?: boolean
  nodeName?: string
  podIP?: string
  serviceAccountName?: string
  creationTimestamp?: string
  ownerReferences?: Array<{apiVersion: string; kind: string; name: string; uid?: string; controller?: boolean}>
  /** Envoy admin emulator (default: one on 15000 with synthesised content). `false`: nothing listens. */
  admin?: EnvoyAdminSpec | false
  /** Other emulated pod ports (e.g. istiod 15014 / 8080). */
  ports?: Record<number, PortSpec>
  /** Per-pod faults (merged over the global ones). */
  faults?: Faults
}

/** Deployment / ReplicaSet / StatefulSet / DaemonSet / Job. */
export interface WorkloadSpec {
  name: string
  namespace?: string
  uid?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
  /** LabelSelector, or a plain map (becomes `matchLabels`). Default: `{app: name}`. */
  selector?: LabelSelector | Record<string, string>
  replicas?: number
  /** Pod template labels (default: the selector's matchLabels). */
  templateLabels?: Record<string, string>
  ownerReferences?: PodSpec['ownerReferences']
}

/** A `v1` Service. */
export interface ServiceSpec {
  name: string
  namespace?: string
  uid?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
  /** Plain map selector (`spec.selector`); omit for a selector-less service. */
  selector?: Record<string, string>
  ports?: Array<{name?: string; port: number; targetPort?: number | string; protocol?: string}>
  type?: string
  clusterIP?: string
}

/** A namespace-scoped object without selector (ServiceAccount, ConfigMap). */
export interface SimpleObjectSpec {
  name: string
  namespace?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
  /** ConfigMap data. */
  data?: Record<string, string>
}

/** The declarative cluster. Namespaces are implied by the objects; list extra ones in `namespaces`. */
export interface WorldSpec {
  namespaces?: string[]
  pods?: PodSpec[]
  deployments?: WorkloadSpec[]
  replicasets?: WorkloadSpec[]
  statefulsets?: WorkloadSpec[]
  daemonsets?: WorkloadSpec[]
  jobs?: WorkloadSpec[]
  services?: ServiceSpec[]
  serviceaccounts?: SimpleObjectSpec[]
  configmaps?: SimpleObjectSpec[]
  /**
   * Any other Kubernetes object, served verbatim (must have apiVersion, kind, metadata.name;
   * namespaced unless the kind is a known cluster-scoped kind). E.g. a Gateway API `Gateway`,
   * a `MutatingWebhookConfiguration`.
   */
  objects?: Array<Record<string, unknown>>
}

/** One request seen by the server. */
export interface RecordedRequest {
  /** `rest` (HTTPS API), `portforward` / `exec` (websocket upgrades), `admin` (an emulated pod port). */
  kind: 'rest' | 'portforward' | 'exec' | 'admin'
  method: string
  path: string
  /** Query parameters; repeated keys (exec `command`) become arrays. */
  query: Record<string, string | string[]>
  /** Request headers without `authorization`. */
  headers: Record<string, string | string[] | undefined>
  /** For pod-targeted requests. */
  pod?: {namespace: string; name: string}
  /** For `admin`: the pod port. */
  port?: number
  /** For `rest` and upgrades: the HTTP status returned (101 for accepted upgrades). */
  status?: number
  /** `Date.now()` when received. */
  time: number
}

/** Options of {@link startKubeServer}. */
export interface KubeServerOptions {
  world?: WorldSpec
  /** Bearer token the server accepts (default: random). */
  token?: string
  /** User name in 403 messages (default `system:serviceaccount:default:test`). */
  user?: string
  /** Global faults at start. */
  faults?: Faults
  /** `/version` gitVersion (default `v1.30.0`). */
  kubernetesVersion?: string
  /** Extra exec command emulation, tried before the built-in commands. Return undefined to fall through. */
  execHandler?: ExecHandler
}

/** Exec context given to custom {@link ExecHandler}s. */
export interface ExecContext {
  pod: {namespace: string; name: string}
  container: string
  command: string[]
  /** Fetch from an emulated port of this pod over real HTTP (`null` when refused). */
  fetchPort(port: number, method: string, pathAndQuery: string, body?: Buffer): Promise<FetchResult | null>
}

/** Result of an emulated HTTP request made by an exec'd command. */
export interface FetchResult {
  status: number
  body: Buffer
  /** Set when the connection broke mid-body (e.g. dropAfterBytes). */
  error?: string
}

/** Result of an emulated command. */
export interface ExecResult {
  stdout?: string | Buffer
  stderr?: string | Buffer
  exitCode: number
}

/** Custom exec emulation hook. */
export type ExecHandler = (ctx: ExecContext) => ExecResult | undefined | Promise<ExecResult | undefined>
