/**
 * Finding and reaching istiod replicas (istioctl `AllDiscoveryDo`, spec §4.3): running pods matching a
 * label selector (default `app=istiod`, plus `istio.io/rev=<revision>`) in the Istio namespace, reached on
 * their monitoring port (the `prometheus.io/port` annotation, else 15014) through the same port-forward or
 * exec (`pilot-discovery request GET <path>` in container `discovery`) clients as sidecars, to read the
 * HTTP debug endpoints of `pilot/pkg/xds/debug.go`.
 */
import {MpxError} from '../errors.js'
import type {AdminClient, RequestLimits, Transport} from '../kube/admin-client.js'
import {apiClient, type Cluster} from '../kube/cluster.js'
import type {PodRef} from '../kube/pods.js'
import {CLIENT_CONFIG_TYPE, parseHttpSyncz, type HttpSynczExtra, type IstiodBuildInfo, type SynczResponse} from './syncz.js'

/** istiod's default monitoring (HTTP debug) port. */
export const ISTIOD_MONITORING_PORT = 15014

/** Which istiod pods to use (the `-i`, `--istiod-selector` and `-r` flags). */
export interface IstiodSelection {
  /** Namespace of the control plane (default `istio-system`). */
  namespace: string
  /** Label selector of istiod pods (default `app=istiod`). */
  selector: string
  /** Restrict to this revision (`istio.io/rev` label). */
  revision?: string
  /**
   * Without `revision`: true asks every pod the selector matches; false (istioctl's behaviour) only the
   * default revision's (see {@link defaultRevision}).
   */
  allRevisions?: boolean
}

/** One istiod replica. */
export interface IstiodPod {
  /** Pod name, as shown in the ISTIOD column. */
  name: string
  namespace: string
  /** Monitoring port in the pod. */
  port: number
  ref: PodRef
}

/** How to reach istiod pods. */
export interface IstiodAccess extends RequestLimits {
  transport: Transport
}

/** The full label selector for a selection (`app=istiod,istio.io/rev=canary`). */
export function istiodLabelSelector(sel: IstiodSelection): string {
  return sel.revision ? `${sel.selector},istio.io/rev=${sel.revision}` : sel.selector
}

/**
 * Lists the running istiod pods of a selection, sorted by name.
 * @throws MpxError NO_ISTIOD `no running Istio pods in "istio-system"` (istioctl's words);
 *   Kubernetes API errors (normalised)
 */
export async function findIstiods(cluster: Cluster, sel: IstiodSelection): Promise<IstiodPod[]> {
  const {listPods} = await import('../kube/pods.js')
  // the default revision is read while the pods are listed; the revision filter is applied here
  const revisionPromise = sel.revision !== undefined || sel.allRevisions ? Promise.resolve(sel.revision) : defaultRevision(cluster, sel.namespace)
  const all = await listPods(cluster, sel.namespace, sel.selector)
  const revision = await revisionPromise
  const pods = all.filter((p) => p.status?.phase === 'Running' && (revision === undefined || p.metadata?.labels?.['istio.io/rev'] === revision))
  // istioctl's wording (multixds ControlPlaneNotFoundError), pinned by its proxystatus tests
  if (pods.length === 0) throw new MpxError(`no running Istio pods in "${sel.namespace}"`, 'NO_ISTIOD')
  return pods
    .map((pod) => {
      const name = pod.metadata?.name ?? ''
      const annotated = Number(pod.metadata?.annotations?.['prometheus.io/port'])
      const port = Number.isInteger(annotated) && annotated > 0 && annotated < 65536 ? annotated : ISTIOD_MONITORING_PORT
      return {name, namespace: sel.namespace, port, ref: {name, namespace: sel.namespace, pod}}
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** Opens an HTTP client to an istiod pod's monitoring port (lazily: the tunnel opens on the first request). */
export async function openIstiod(cluster: Cluster, pod: IstiodPod, access: IstiodAccess): Promise<AdminClient> {
  const {openAdminClient} = await import('../kube/admin-client.js')
  return openAdminClient(cluster, pod.ref, {...access, container: 'discovery', port: pod.port, agent: 'pilot-discovery'})
}

/**
 * Rewords a failure of an istiod request for the user (the admin client words its errors for sidecars).
 * @returns an MpxError keeping the original code: `cannot reach istiod <pod>.<ns> on port <p>: ...`,
 *   `istiod <pod>.<ns> answered <status> for /<path>: ...`
 */
export function istiodError(pod: IstiodPod, path: string, error: unknown): MpxError {
  const id = `${pod.name}.${pod.namespace}`
  const e = error instanceof MpxError ? error : new MpxError(String((error as Error)?.message ?? error), 'ISTIOD_UNREACHABLE')
  if (e.code === 'INTERRUPTED' || e.code === 'FORBIDDEN' || e.code === 'UNAUTHORIZED' || e.code === 'UNREACHABLE' || e.code === 'TLS') return e
  if (e.code === 'PORT_REFUSED') {
    return new MpxError(`cannot reach istiod ${id}: nothing listens on port ${pod.port} (the pod's prometheus.io/port annotation, else 15014)`, e.code)
  }
  const status = /answered (\d+) for \S+: (.*)$/.exec(e.message)
  if (e.code === 'ADMIN_STATUS' && status) return new MpxError(`istiod ${id} answered ${status[1]} for /${path}: ${status[2]}`, e.code)
  const failed = /failed \(exit \d+\): (.*)$/.exec(e.message)
  if (e.code === 'ADMIN_STATUS' && failed) return new MpxError(`istiod ${id} failed to answer /${path}: ${failed[1]}`, e.code)
  return new MpxError(`cannot reach istiod ${id} on port ${pod.port}: ${e.message}`, e.code)
}

/** One replica's syncz answer in istioctl's form, plus what only the HTTP answer carries. */
export interface IstiodSyncz {
  response: SynczResponse
  /** Per proxy ID: nonces, proxy type and version. */
  extras: Map<string, HttpSynczExtra>
}

/**
 * istiod's `/version` text (`pkg/version` `BuildInfo.String()`: `<version>-<revision>-<status>`, the version
 * itself may hold dashes) read as istioctl's `setServerInfoWithIstiodVersionInfo` does; `tag` and
 * `golang_version` are not in that text and stay empty.
 * @returns the build info, all fields empty for an empty text
 */
export function parseIstiodVersion(text: string): IstiodBuildInfo {
  const info: IstiodBuildInfo = {version: '', revision: '', golang_version: '', status: '', tag: ''}
  const t = text.trim()
  const parts = t.split('-')
  const n = parts.length
  if (n >= 3) {
    info.version = parts.slice(0, n - 2).join('-')
    info.revision = parts[n - 2]!
    info.status = parts[n - 1]!
    if (info.revision === 'dirty' && n >= 4) {
      info.revision = `${parts[n - 3]}-dirty`
      info.version = parts.slice(0, n - 3).join('-')
    }
  } else info.version = t
  return info
}

/**
 * GETs `/debug/syncz` (and `/version`, for the control-plane identity) from one replica and turns the
 * answer into the DiscoveryResponse istioctl receives over XDS: `resources` the proxies' ClientConfigs in
 * istiod's order, `typeUrl` the ClientConfig type, `controlPlane.identifier` istiod's
 * `{"Component":"istiod","ID":"<pod>","Info":{…}}`, `versionInfo` istiod's version (the HTTP answer has
 * no push version). A `/version` that fails leaves the Info fields and versionInfo empty.
 * @param namespace only proxies of this namespace (`?namespace=`, served by istiod)
 * @param withVersion also ask `/version` (false: the identifier's Info and versionInfo stay empty)
 * @throws MpxError (see {@link istiodError}); BAD_SYNCZ for an answer that is not a syncz list
 */
export async function fetchSyncz(client: AdminClient, pod: IstiodPod, namespace?: string, withVersion = true): Promise<IstiodSyncz> {
  const path = namespace ? `debug/syncz?namespace=${encodeURIComponent(namespace)}` : 'debug/syncz'
  const versionPromise = (withVersion ? client.get('version') : Promise.resolve(Buffer.alloc(0))).then(
    (b) => b.toString('utf8'),
    () => '',
  )
  let body: Buffer
  try {
    body = await client.get(path)
  } catch (error) {
    throw istiodError(pod, path, error)
  }
  let value: unknown
  try {
    value = JSON.parse(body.toString('utf8'))
  } catch {
    throw new MpxError(`istiod ${pod.name}.${pod.namespace} answered /${path} with something that is not JSON: is port ${pod.port} its monitoring port?`, 'BAD_SYNCZ')
  }
  const entries = parseHttpSyncz(value, `${pod.name}.${pod.namespace}`, namespace)
  const versionText = await versionPromise
  // a 404 page or an HTML error is not a version
  const info = parseIstiodVersion(/^[\w.+-]+$/.test(versionText.trim()) ? versionText : '')
  const identifier = JSON.stringify({Component: 'istiod', ID: pod.name, Info: info})
  const response: SynczResponse = {
    ...(info.version ? {versionInfo: info.version} : {}),
    resources: entries.map((e) => e.config),
    typeUrl: CLIENT_CONFIG_TYPE,
    controlPlane: {identifier},
  }
  return {response, extras: new Map(entries.map((e) => [e.config.node.id, e.extra]))}
}

/** istiod's answer when a proxy is not connected to the replica asked (404 body, or exec stdout). */
const NOT_CONNECTED = 'Proxy not connected to this Pilot instance'

/**
 * GETs `/debug/config_dump?proxyID=<proxy>` from one replica: istiod's view of the proxy's dynamic config
 * (camelCase admin-v3 dump).
 * @param includeEds add `&include_eds=true` (an EndpointsConfigDump section)
 * @returns the parsed JSON, or undefined when the replica answers that the proxy is not connected to it
 * @throws MpxError (see {@link istiodError}); BAD_DUMP for an answer that is not JSON
 */
export async function fetchIstiodConfigDump(client: AdminClient, pod: IstiodPod, proxy: string, includeEds: boolean): Promise<unknown> {
  const path = `debug/config_dump?proxyID=${encodeURIComponent(proxy)}${includeEds ? '&include_eds=true' : ''}`
  let body: Buffer
  try {
    body = await client.get(path)
  } catch (error) {
    if (error instanceof MpxError && error.message.includes(NOT_CONNECTED)) return undefined
    throw istiodError(pod, path, error)
  }
  const text = body.toString('utf8')
  if (text.startsWith(NOT_CONNECTED)) return undefined
  try {
    return JSON.parse(text)
  } catch {
    throw new MpxError(`istiod ${pod.name}.${pod.namespace} answered /${path} with something that is not JSON: ${text.trim().split('\n')[0]!.slice(0, 200)}`, 'BAD_DUMP')
  }
}

/** Name of the MutatingWebhookConfiguration whose `istio.io/rev` label names the default revision. */
export function defaultTagWebhookName(istioNamespace: string): string {
  // pkg/revisions/default_watcher.go: outside istio-system the webhook carries the namespace
  return istioNamespace === 'istio-system' ? 'istio-revision-tag-default' : `istio-revision-tag-default-${istioNamespace}`
}

/**
 * The cluster's default revision as istioctl resolves it (`RevisionOrDefault`): the `istio.io/rev` label
 * of the `istio-revision-tag-default` MutatingWebhookConfiguration, else `default` (also when the
 * webhook cannot be read: missing, forbidden, unlabelled).
 * @param istioNamespace the control plane namespace (`-i`), which names the webhook outside istio-system
 */
export async function defaultRevision(cluster: Cluster, istioNamespace: string): Promise<string> {
  try {
    const api = apiClient(cluster, cluster.k8s.AdmissionregistrationV1Api)
    const wh = await api.readMutatingWebhookConfiguration({name: defaultTagWebhookName(istioNamespace)})
    const rev = wh.metadata?.labels?.['istio.io/rev']
    return rev ? rev : 'default'
  } catch {
    return 'default'
  }
}
