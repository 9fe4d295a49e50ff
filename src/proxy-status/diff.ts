/**
 * Diff mode of `mpx proxy-status <pod>`: get istiod's view of the proxy's config from the replica that
 * actually holds its connection (syncz tells which; istioctl asks the first replica, istio/istio#49693)
 * and Envoy's own `/config_dump` (or saved dumps for either side), then compare them.
 */
import {MpxError} from '../errors.js'
import {ConfigDump} from '../envoy/config-dump.js'
import type {IstiodAccess, IstiodSelection} from '../istiod/discovery.js'
import type {Cluster} from '../kube/cluster.js'
import type {LiveOptions} from '../live.js'
import {compareDumps, type CompareType, type TypeComparison} from './compare.js'

/** Options of {@link diffProxy}. */
export interface DiffOptions {
  /** `[<type>/]<name>[.<namespace>]`; required unless both files are given. */
  target?: string
  /** Envoy side from this file (config dump or mpx bundle) instead of the pod. */
  envoyFile?: string
  /** istiod side from this file instead of the cluster. */
  istiodFile?: string
  types: readonly CompareType[]
  istiod: IstiodSelection
  /** Cluster and pod access (unused when both files are given). */
  live: LiveOptions
}

/** What diff mode found. */
export interface DiffResult {
  /** `<pod>.<namespace>` when a pod was named. */
  proxy?: string
  /** The istiod replica whose view was compared (live istiod side only). */
  istiod?: string
  results: TypeComparison[]
  /** Set for a ztunnel pod: the message to print instead (istioctl prints it and exits 0). */
  ztunnel?: string
}

/**
 * Runs diff mode.
 * @throws MpxError for cluster failures, a target that does not resolve, `could not contact sidecar
 *   <pod>: ...`, no istiod pods, `proxy <pod> is not connected to any istiod ...`, istiod failures and
 *   unreadable files
 */
export async function diffProxy(o: DiffOptions): Promise<DiffResult> {
  const {loadDumpFile} = await import('../input/load.js')
  const includeEds = o.types.includes('endpoints')
  if (o.envoyFile !== undefined && o.istiodFile !== undefined) {
    const [istiod, envoy] = [await loadDumpFile(o.istiodFile), await loadDumpFile(o.envoyFile)]
    return {results: await compareDumps(istiod, envoy, o.types)}
  }
  if (o.target === undefined) throw new MpxError('a pod target is needed to read a config from the cluster', 'NO_TARGET')

  const {connect} = await import('../kube/cluster.js')
  const {resolveTarget, checkSidecar, adminPortOf} = await import('../kube/pods.js')
  const cluster = await connect(o.live)
  const pod = await resolveTarget(cluster, o.target, o.live.onNote)
  const proxy = `${pod.name}.${pod.namespace}`
  if (pod.pod.metadata?.labels?.app === 'ztunnel') return {proxy, results: [], ztunnel: `Sync diff is not available for ztunnel pod ${proxy}`}

  const access: IstiodAccess = {transport: o.live.transport, timeoutMs: o.live.timeoutMs, maxBytes: o.live.maxBytes}
  const envoySide = async (): Promise<ConfigDump> => {
    if (o.envoyFile !== undefined) return loadDumpFile(o.envoyFile)
    checkSidecar(pod, o.live.container)
    const {openAdminClient} = await import('../kube/admin-client.js')
    const port = o.live.adminPort ?? (await adminPortOf(pod))
    const admin = await openAdminClient(cluster, pod, {...access, container: o.live.container, port})
    const path = includeEds ? 'config_dump?include_eds=true' : 'config_dump'
    try {
      const body = await admin.get(path)
      let value: unknown
      try {
        value = JSON.parse(body.toString('utf8'))
      } catch (error) {
        throw new MpxError(`Envoy answered /${path} with something that is not JSON (${(error as Error).message}): is --proxy-admin-port really its admin port?`, 'BAD_ANSWER')
      }
      return await ConfigDump.from(value, `${proxy}:/${path}`)
    } catch (error) {
      const e = error instanceof MpxError ? error : new MpxError(String((error as Error)?.message ?? error))
      if (e.code === 'INTERRUPTED') throw e
      throw new MpxError(`could not contact sidecar ${proxy}: ${e.message}`, e.code)
    } finally {
      await admin.close()
    }
  }
  const istiodSide = async (): Promise<{dump: ConfigDump; istiod?: string}> => {
    if (o.istiodFile !== undefined) return {dump: await loadDumpFile(o.istiodFile)}
    return istiodView(cluster, o.istiod, access, proxy, includeEds)
  }
  // both at once; a sidecar failure is reported first (it names the pod the user asked about)
  const [envoy, istiod] = await Promise.allSettled([envoySide(), istiodSide()])
  if (envoy.status === 'rejected') throw envoy.reason
  if (istiod.status === 'rejected') throw istiod.reason
  return {proxy, ...(istiod.value.istiod ? {istiod: istiod.value.istiod} : {}), results: await compareDumps(istiod.value.dump, envoy.value, o.types)}
}

/**
 * istiod's view of one proxy: the syncz of every replica (concurrently) says which holds the proxy's
 * connection; that replica's `/debug/config_dump?proxyID=` is read (the next holder if it answers that the
 * proxy is not connected, as during a reconnect).
 * @throws MpxError NO_ISTIOD; NOT_CONNECTED `proxy <id> is not connected to any istiod (asked N replicas
 *   of <selector> in namespace "<ns>": a, b)`; the first replica failure when the proxy may be on a
 *   replica that did not answer
 */
async function istiodView(
  cluster: Cluster,
  sel: IstiodSelection,
  access: IstiodAccess,
  proxy: string,
  includeEds: boolean,
): Promise<{dump: ConfigDump; istiod: string}> {
  const {fetchIstiodConfigDump, fetchSyncz, findIstiods, istiodLabelSelector, openIstiod} = await import('../istiod/discovery.js')
  const istiods = await findIstiods(cluster, sel)
  const namespace = proxy.slice(proxy.lastIndexOf('.') + 1)
  const clients = await Promise.all(istiods.map((p) => openIstiod(cluster, p, access)))
  try {
    const answers = await Promise.allSettled(istiods.map((p, i) => fetchSyncz(clients[i]!, p, namespace, false)))
    const holders = istiods.map((p, i) => ({p, i})).filter(({i}) => {
      const a = answers[i]!
      return a.status === 'fulfilled' && a.value.response.resources.some((c) => c.node.id === proxy)
    })
    for (const {p, i} of holders) {
      const value = await fetchIstiodConfigDump(clients[i]!, p, proxy, includeEds)
      if (value !== undefined) return {dump: await ConfigDump.from(value, `${p.name}.${p.namespace}:/debug/config_dump?proxyID=${proxy}`), istiod: p.name}
    }
    const failed = answers.find((a): a is PromiseRejectedResult => a.status === 'rejected')
    if (failed) throw failed.reason
    throw new MpxError(
      `proxy ${proxy} is not connected to any istiod (asked ${istiods.length} ${istiods.length === 1 ? 'replica' : 'replicas'} of ${istiodLabelSelector(sel)} in namespace "${sel.namespace}": ${istiods.map((p) => p.name).join(', ')})`,
      'NOT_CONNECTED',
    )
  } finally {
    await Promise.all(clients.map((c) => c.close()))
  }
}
