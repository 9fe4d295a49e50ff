/**
 * Finding and reaching istiod replicas (istioctl `AllDiscoveryDo`, spec §4.3): running pods matching a
 * label selector (default `app=istiod`, plus `istio.io/rev=<revision>`) in the Istio namespace, reached on
 * their monitoring port (the `prometheus.io/port` annotation, else 15014) through the same port-forward or
 * exec (`pilot-discovery request GET <path>` in container `discovery`) clients as sidecars, to read the
 * HTTP debug endpoints of `pilot/pkg/xds/debug.go`.
 */
import {MpxError} from '../errors.js'
import type {AdminClient, RequestLimits, Transport} from '../kube/admin-client.js'
import type {Cluster} from '../kube/cluster.js'
import type {PodRef} from '../kube/pods.js'
import {parseSyncz, type ProxySync} from './syncz.js'

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
 * @throws MpxError NO_ISTIOD `no running istiod pods with app=istiod in namespace "istio-system"`;
 *   Kubernetes API errors (normalised)
 */
export async function findIstiods(cluster: Cluster, sel: IstiodSelection): Promise<IstiodPod[]> {
  const {listPods} = await import('../kube/pods.js')
  const selector = istiodLabelSelector(sel)
  const pods = (await listPods(cluster, sel.namespace, selector)).filter((p) => p.status?.phase === 'Running')
  if (pods.length === 0) throw new MpxError(`no running istiod pods with ${selector} in namespace "${sel.namespace}"`, 'NO_ISTIOD')
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

/**
 * GETs `/debug/syncz` from one replica and parses it.
 * @param namespace only proxies of this namespace (`?namespace=`, served by istiod)
 * @throws MpxError (see {@link istiodError}); BAD_SYNCZ for an answer that is not a syncz list
 */
export async function fetchSyncz(client: AdminClient, pod: IstiodPod, namespace?: string): Promise<ProxySync[]> {
  const path = namespace ? `debug/syncz?namespace=${encodeURIComponent(namespace)}` : 'debug/syncz'
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
  return parseSyncz(value, pod.name)
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
