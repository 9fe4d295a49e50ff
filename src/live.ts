/**
 * Running an operation against live pods: connect to the cluster, resolve a target or a label selector,
 * check each pod's sidecar, open one admin client per pod, run, close. Fan-out over several pods runs
 * with bounded concurrency and reports per-pod failures without stopping the others. Ctrl-C aborts
 * in-flight requests and closes every tunnel.
 */
import {MpxError} from './errors.js'
import {interruptedError, watchInterrupts} from './interrupt.js'
import {formatBytes, progressLine} from './progress.js'
import type {Cluster, ClusterOptions} from './kube/cluster.js'
import type {AdminClient, Transport} from './kube/admin-client.js'
import type {PodRef} from './kube/pods.js'

/** How to reach pods (the live flags of the pod commands). */
export interface LiveOptions extends ClusterOptions {
  transport: Transport
  /** Proxy container (default `istio-proxy`). */
  container: string
  /** `--proxy-admin-port`; undefined = the pod's `proxy.istio.io/config` proxyAdminPort, else 15000. */
  adminPort?: number
  timeoutMs: number
  maxBytes: number
  /** Pods handled at once with `-l` (default 8). */
  concurrency: number
  /** `-A`: the selector runs over every namespace. */
  allNamespaces?: boolean
  /** Notes for stderr (which pod was picked). */
  onNote?: (note: string) => void
}

/** One pod's outcome of a fan-out. */
export interface PodOutcome<T> {
  pod: string
  namespace: string
  result?: T
  error?: MpxError
}

/**
 * Runs `fn` with an admin client for every selected pod.
 * @param target a `[type/]name[.ns]` target (exactly one pod), or a function resolving one pod (e.g. the
 *   ztunnel on a node), or undefined with `selector`
 * @param selector a label selector (all matching pods), or a function listing the pods
 * @returns outcomes in pod-name order; with a target, a failure is thrown instead
 * @throws MpxError for cluster-level failures (kubeconfig, API server, target resolution)
 */
export async function forEachPod<T>(
  target: string | ((cluster: Cluster) => Promise<PodRef>) | undefined,
  selector: string | ((cluster: Cluster) => Promise<PodRef[]>) | undefined,
  o: LiveOptions,
  fn: (admin: AdminClient, pod: PodRef, cluster: Cluster) => Promise<T>,
): Promise<Array<PodOutcome<T>>> {
  const {connect} = await import('./kube/cluster.js')
  const {resolveTarget, resolveSelector, checkSidecar, adminPortOf} = await import('./kube/pods.js')
  const {openAdminClient} = await import('./kube/admin-client.js')
  const cluster = await connect(o)
  const abort = watchInterrupts()
  const progress = progressLine()
  try {
    const pods =
      typeof target === 'function' ? [await target(cluster)]
      : target !== undefined ? [await resolveTarget(cluster, target, o.onNote)]
      : typeof selector === 'function' ? await selector(cluster)
      : await resolveSelector(cluster, selector!, o.allNamespaces)
    let finished = 0
    // one pod: bytes of the answer being read; a fan-out: pods done of N
    const onBytes = pods.length === 1
      ? (n: number, total?: number) => progress.update(`${pods[0].name}.${pods[0].namespace}: ${formatBytes(n)}${total ? ` of ${formatBytes(total)}` : ''}`)
      : undefined
    const runOne = async (ref: PodRef): Promise<PodOutcome<T>> => {
      const outcome: PodOutcome<T> = {pod: ref.name, namespace: ref.namespace}
      let admin: AdminClient | undefined
      try {
        checkSidecar(ref, o.container)
        const port = o.adminPort ?? (await adminPortOf(ref))
        admin = await openAdminClient(cluster, ref, {
          transport: o.transport, container: o.container, port, timeoutMs: o.timeoutMs, maxBytes: o.maxBytes, signal: abort.signal, onBytes,
        })
        outcome.result = await fn(admin, ref, cluster)
      } catch (error) {
        if (abort.signal.aborted) throw interruptedError(abort.signal)
        if (target !== undefined) throw error
        outcome.error = error instanceof MpxError ? error : new MpxError(String((error as Error).message ?? error))
      } finally {
        await admin?.close()
        if (pods.length > 1) progress.update(`${++finished} of ${pods.length} pods done`)
      }
      return outcome
    }
    const outcomes: Array<PodOutcome<T>> = new Array(pods.length)
    let next = 0
    const workers = Array.from({length: Math.max(1, Math.min(o.concurrency, pods.length))}, async () => {
      while (next < pods.length) {
        const i = next++
        outcomes[i] = await runOne(pods[i])
      }
    })
    await Promise.all(workers)
    return outcomes
  } finally {
    progress.done()
    abort.dispose()
  }
}
