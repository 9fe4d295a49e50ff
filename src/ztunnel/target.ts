/**
 * Finding the ztunnel to ask: a ztunnel pod, `daemonset/ztunnel` in the Istio namespace (default), the
 * ztunnel on a node (`--node`), or the ztunnel on a workload pod's node (istioctl `ztunnel-config`'s
 * `runConfigDump` and `PodOnNodeFromDaemonset`).
 */
import {MpxError} from '../errors.js'
import type {Cluster} from '../kube/cluster.js'
import type {PodRef} from '../kube/pods.js'
import type {TargetWorkload} from './views.js'

/** Whether a pod is a ztunnel: its `app` label is `ztunnel`, or (without an `app` label) its name starts with `ztunnel` (istioctl `IsZtunnelPod`). */
export function isZtunnelPod(ref: {name: string; pod?: {metadata?: {labels?: Record<string, string>}}}): boolean {
  const app = ref.pod?.metadata?.labels?.app
  return app !== undefined ? app === 'ztunnel' : ref.name.startsWith('ztunnel')
}

/**
 * The pods of the `ztunnel` DaemonSet in `istioNamespace`, optionally only the one on `node` (kubectl's
 * pick order), via the DaemonSet's selector.
 * @throws MpxError when the DaemonSet or a pod on the node does not exist
 */
export async function ztunnelPods(c: Cluster, istioNamespace: string, node?: string): Promise<PodRef[]> {
  const {comparePodsForPick, selectorToString} = await import('../kube/pods.js')
  const {toMpxError} = await import('../kube/errors.js')
  const apps = c.kc.makeApiClient(c.k8s.AppsV1Api)
  const core = c.kc.makeApiClient(c.k8s.CoreV1Api)
  let selector: string
  try {
    selector = selectorToString((await apps.readNamespacedDaemonSet({name: 'ztunnel', namespace: istioNamespace})).spec?.selector)
  } catch (error) {
    throw toMpxError(error, {server: c.server, resource: 'daemonsets', verb: 'get', namespace: istioNamespace, name: 'ztunnel'})
  }
  let pods
  try {
    pods = (await core.listNamespacedPod({namespace: istioNamespace, labelSelector: selector, fieldSelector: node ? `spec.nodeName=${node}` : undefined})).items
  } catch (error) {
    throw toMpxError(error, {server: c.server, resource: 'pods', verb: 'list', namespace: istioNamespace})
  }
  if (pods.length === 0) {
    throw new MpxError(node ? `no ztunnel pod on node "${node}" (daemonset/ztunnel in namespace "${istioNamespace}")` : `daemonset/ztunnel in namespace "${istioNamespace}" has no pods`, 'NO_PODS')
  }
  return pods.sort(comparePodsForPick).map((p) => ({name: p.metadata?.name ?? '', namespace: p.metadata?.namespace ?? '', pod: p}))
}

/** Where to read a ztunnel from. */
export interface ZtunnelTargetOptions {
  /** The positional target, if any. */
  target?: string
  /** `--node`. */
  node?: string
  /** `-n`: namespace of a target without one (default: the Istio namespace, as istioctl). */
  namespace?: string
  /** `-i`. */
  istioNamespace: string
  onNote?: (note: string) => void
}

/**
 * Resolves the ztunnel pod to read, and the workload to narrow to when the target is a workload pod.
 * @returns the ztunnel pod, and `workload` when the target was a workload pod
 * @throws MpxError when the target, its node or the ztunnel on it cannot be found
 */
export async function resolveZtunnel(c: Cluster, o: ZtunnelTargetOptions): Promise<{ztunnel: PodRef; workload?: TargetWorkload}> {
  if (o.node) return {ztunnel: (await ztunnelPods(c, o.istioNamespace, o.node))[0]!}
  const {resolveTarget} = await import('../kube/pods.js')
  const {parseTarget} = await import('../kube/target.js')
  const text = o.target ?? 'daemonset/ztunnel'
  const t = parseTarget(text)
  const ref = await resolveTarget(c, t.namespace ? text : `${text}.${o.namespace ?? o.istioNamespace}`, o.onNote)
  if (isZtunnelPod(ref)) return {ztunnel: ref}
  const node = ref.pod.spec?.nodeName
  if (!node) throw new MpxError(`pod ${ref.name}.${ref.namespace} is not scheduled to a node: its ztunnel cannot be found`, 'NOT_SCHEDULED')
  const [ztunnel] = await ztunnelPods(c, o.istioNamespace, node)
  o.onNote?.(`using ztunnel ${ztunnel!.name}.${ztunnel!.namespace} on node ${node} for pod ${ref.name}.${ref.namespace}`)
  return {ztunnel: ztunnel!, workload: {name: ref.name, namespace: ref.namespace}}
}
