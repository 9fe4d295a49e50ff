/**
 * List mode of `mpx proxy-status`: ask every istiod replica for `/debug/syncz` at once, merge, filter,
 * sort; optionally find sidecar pods no replica lists.
 */
import {MpxError} from '../errors.js'
import {fetchSyncz, findIstiods, openIstiod, type IstiodAccess, type IstiodSelection} from '../istiod/discovery.js'
import {compareProxies, proxiesOf, type ProxySync, type SynczResponse} from '../istiod/syncz.js'
import {apiClient, type Cluster, type ClusterOptions} from '../kube/cluster.js'

/** Options of {@link listProxyStatus}. */
export interface ListOptions {
  cluster: ClusterOptions
  istiod: IstiodSelection
  access: IstiodAccess
  /** Only proxies whose node metadata NAMESPACE is this (and `--all`: only pods of it). */
  namespace?: string
  /** Also look for sidecar pods that no istiod lists. */
  all: boolean
  /** Name of the proxy container that marks a sidecar pod (default `istio-proxy`). */
  container: string
}

/** What list mode found. */
export interface ListResult {
  /** Every proxy of every replica that answered, sorted by proxy ID then istiod. */
  proxies: ProxySync[]
  /** Each answering replica's syncz as a DiscoveryResponse (resources filtered by namespace), by pod name. */
  responses: SynczResponse[]
  /** Replicas that failed, one message each (the others' proxies are still listed). */
  errors: string[]
  /** With `all`: `<pod>.<ns>` of Running sidecar pods no replica lists, sorted. */
  disconnected: string[]
  /** Replicas asked. */
  istiods: string[]
}

/**
 * Runs list mode against the cluster.
 * @throws MpxError when the cluster or the istiod pods cannot be listed, or when no replica answers
 *   (the first replica's error)
 */
export async function listProxyStatus(o: ListOptions): Promise<ListResult> {
  const {connect} = await import('../kube/cluster.js')
  const cluster = await connect(o.cluster)
  const istiods = await findIstiods(cluster, o.istiod)
  const podsPromise = o.all ? sidecarPods(cluster, o.namespace, o.container) : Promise.resolve([])
  // keep a rejection from being reported as unhandled while the replicas are asked
  podsPromise.catch(() => undefined)
  const answers = await Promise.allSettled(
    istiods.map(async (pod) => {
      const client = await openIstiod(cluster, pod, o.access)
      try {
        return await fetchSyncz(client, pod, o.namespace)
      } finally {
        await client.close()
      }
    }),
  )
  const errors: string[] = []
  const proxies: ProxySync[] = []
  const responses: SynczResponse[] = []
  for (const a of answers) {
    if (a.status === 'fulfilled') {
      const ns = o.namespace
      // istioctl filters on the node metadata NAMESPACE, for tables and -o json/yaml alike
      const response = ns ? {...a.value.response, resources: a.value.response.resources.filter((c) => c.node.metadata.NAMESPACE === ns)} : a.value.response
      responses.push(response)
      proxies.push(...proxiesOf(response, a.value.extras))
    } else errors.push(a.reason instanceof MpxError ? a.reason.message : String((a.reason as Error)?.message ?? a.reason))
  }
  if (errors.length === istiods.length) {
    const first = answers[0] as PromiseRejectedResult
    throw first.reason instanceof MpxError ? first.reason : new MpxError(errors[0]!)
  }
  const filtered = proxies.sort(compareProxies)
  let disconnected: string[] = []
  if (o.all) {
    const listed = new Set(filtered.map((p) => p.proxy))
    disconnected = (await podsPromise).filter((id) => !listed.has(id)).sort()
  }
  return {proxies: filtered, responses, errors, disconnected, istiods: istiods.map((p) => p.name)}
}

/**
 * `<pod>.<ns>` of the Running pods that have a proxy container (sidecar, native sidecar or gateway).
 * @param namespace one namespace, or all when undefined
 */
async function sidecarPods(cluster: Cluster, namespace: string | undefined, container: string): Promise<string[]> {
  const {containerNames} = await import('../kube/pods.js')
  const {toMpxError} = await import('../kube/errors.js')
  const core = apiClient(cluster, cluster.k8s.CoreV1Api)
  const fieldSelector = 'status.phase=Running'
  let items
  try {
    items = namespace
      ? (await core.listNamespacedPod({namespace, fieldSelector})).items
      : (await core.listPodForAllNamespaces({fieldSelector})).items
  } catch (error) {
    throw toMpxError(error, {server: cluster.server, resource: 'pods', verb: 'list', namespace})
  }
  return items
    .filter((p) => p.status?.phase === 'Running' && containerNames(p).includes(container))
    .map((p) => `${p.metadata?.name ?? ''}.${p.metadata?.namespace ?? ''}`)
}
