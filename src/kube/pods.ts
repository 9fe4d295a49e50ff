/**
 * Resolving targets and label selectors to pods, and checking that a pod has a reachable sidecar.
 */
import type * as K8s from '@kubernetes/client-node'
import {MpxError} from '../errors.js'
import {apiClient, type Cluster} from './cluster.js'
import {toMpxError} from './errors.js'
import {GATEWAY_NAME_LABEL, parseTarget, type TargetRef} from './target.js'

/** A pod picked for inspection. */
export interface PodRef {
  name: string
  namespace: string
  /** The Kubernetes object, for container and annotation checks. */
  pod: K8s.V1Pod
}

/** kubectl's label-selector string for a `LabelSelector` (`matchLabels` and `matchExpressions`). */
export function selectorToString(sel: K8s.V1LabelSelector | undefined): string {
  if (!sel) return ''
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`)
  for (const e of sel.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',')
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`)
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`)
    else if (e.operator === 'Exists') parts.push(e.key)
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`)
  }
  return parts.join(',')
}

function isReady(p: K8s.V1Pod): boolean {
  return (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')
}

/**
 * Orders pods as `kubectl logs <workload>` prefers them: scheduled before unscheduled, Running before
 * Pending before others, ready before not ready, ready longer first, fewer restarts, then name.
 */
export function comparePodsForPick(a: K8s.V1Pod, b: K8s.V1Pod): number {
  const phaseRank = (p: K8s.V1Pod) => ({Running: 0, Pending: 1, Unknown: 2}[p.status?.phase ?? ''] ?? 3)
  const scheduled = (p: K8s.V1Pod) => (p.spec?.nodeName ? 0 : 1)
  const readySince = (p: K8s.V1Pod) => {
    const c = (p.status?.conditions ?? []).find((x) => x.type === 'Ready' && x.status === 'True')
    return c?.lastTransitionTime ? new Date(c.lastTransitionTime).getTime() : Number.MAX_SAFE_INTEGER
  }
  const restarts = (p: K8s.V1Pod) => (p.status?.containerStatuses ?? []).reduce((n, s) => n + (s.restartCount ?? 0), 0)
  return (
    scheduled(a) - scheduled(b) ||
    phaseRank(a) - phaseRank(b) ||
    Number(isReady(b)) - Number(isReady(a)) ||
    readySince(a) - readySince(b) ||
    restarts(a) - restarts(b) ||
    (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '')
  )
}

function toRef(p: K8s.V1Pod): PodRef {
  return {name: p.metadata?.name ?? '', namespace: p.metadata?.namespace ?? '', pod: p}
}

async function selectorOf(c: Cluster, t: TargetRef, namespace: string): Promise<string> {
  const apps = apiClient(c, c.k8s.AppsV1Api)
  const ctx = {server: c.server, resource: `${t.kind}s`, verb: 'get', namespace, name: t.name}
  try {
    switch (t.kind) {
      case 'deployment':
        return selectorToString((await apps.readNamespacedDeployment({name: t.name, namespace})).spec?.selector)
      case 'statefulset':
        return selectorToString((await apps.readNamespacedStatefulSet({name: t.name, namespace})).spec?.selector)
      case 'daemonset':
        return selectorToString((await apps.readNamespacedDaemonSet({name: t.name, namespace})).spec?.selector)
      case 'replicaset':
        return selectorToString((await apps.readNamespacedReplicaSet({name: t.name, namespace})).spec?.selector)
      case 'job': {
        const batch = apiClient(c, c.k8s.BatchV1Api)
        return selectorToString((await batch.readNamespacedJob({name: t.name, namespace})).spec?.selector)
      }
      case 'gateway':
        return `${GATEWAY_NAME_LABEL}=${t.name}`
      case 'service': {
        const core = apiClient(c, c.k8s.CoreV1Api)
        const sel = (await core.readNamespacedService({name: t.name, namespace})).spec?.selector ?? {}
        if (Object.keys(sel).length === 0) throw new MpxError(`"${t.text}" does not refer to a pod: the service has no selector`, 'NOT_A_POD')
        return selectorToString({matchLabels: sel})
      }
      default:
        throw new MpxError(`"${t.text}" does not refer to a pod`, 'NOT_A_POD')
    }
  } catch (error) {
    throw toMpxError(error, ctx)
  }
}

/**
 * Lists pods by label selector.
 * @throws MpxError (normalised API errors)
 */
export async function listPods(c: Cluster, namespace: string | undefined, labelSelector: string): Promise<K8s.V1Pod[]> {
  const core = apiClient(c, c.k8s.CoreV1Api)
  try {
    if (namespace === undefined) return (await core.listPodForAllNamespaces({labelSelector})).items
    return (await core.listNamespacedPod({namespace, labelSelector})).items
  } catch (error) {
    throw toMpxError(error, {server: c.server, resource: 'pods', verb: 'list', namespace})
  }
}

/**
 * Resolves a target to one pod: a pod by name, or for a workload or service the pod `kubectl logs`
 * would pick among those its selector matches.
 * @param onPick called with a note when a pod was picked for a workload (for stderr)
 * @throws MpxError `pod "x" not found in namespace "y"`, `no pods match "deployment/x" ...`, API errors
 */
export async function resolveTarget(c: Cluster, text: string, onPick?: (note: string) => void): Promise<PodRef> {
  const t = parseTarget(text)
  const namespace = t.namespace ?? c.namespace
  if (t.kind === 'pod') {
    const core = apiClient(c, c.k8s.CoreV1Api)
    try {
      return toRef(await core.readNamespacedPod({name: t.name, namespace}))
    } catch (error) {
      throw toMpxError(error, {server: c.server, resource: 'pods', verb: 'get', namespace, name: t.name})
    }
  }
  const selector = await selectorOf(c, t, namespace)
  const pods = (await listPods(c, namespace, selector)).sort(comparePodsForPick)
  if (pods.length === 0) throw new MpxError(`no pods match "${t.text}" (selector ${selector}) in namespace "${namespace}"`, 'NO_PODS')
  const picked = toRef(pods[0])
  onPick?.(`using pod ${picked.name}.${picked.namespace} for ${t.kind}/${t.name}${pods.length > 1 ? ` (1 of ${pods.length})` : ''}`)
  return picked
}

/**
 * The pods a label selector matches (all phases; each is checked when it is used), in the cluster's
 * namespace or, with `allNamespaces` (`-A`), in every namespace.
 * @returns pods ordered by namespace, then name
 * @throws MpxError `no pods match selector "x" in namespace "y"` (or `in any namespace`)
 */
export async function resolveSelector(c: Cluster, selector: string, allNamespaces = false): Promise<PodRef[]> {
  const pods = await listPods(c, allNamespaces ? undefined : c.namespace, selector)
  if (pods.length === 0) {
    throw new MpxError(`no pods match selector "${selector}" ${allNamespaces ? 'in any namespace' : `in namespace "${c.namespace}"`}`, 'NO_PODS')
  }
  return pods.map(toRef).sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name))
}

/** Names of the pod's containers, including native sidecars (init containers with restartPolicy Always). */
export function containerNames(p: K8s.V1Pod): string[] {
  const sidecars = (p.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name)
  return [...(p.spec?.containers ?? []).map((c) => c.name), ...sidecars]
}

/**
 * Checks that a pod can be inspected: Running, and has the proxy container.
 * @throws MpxError `pod x.ns is not running (phase Pending)...`, `pod x has no istio-proxy container ...`
 */
export function checkSidecar(ref: PodRef, container: string): void {
  const phase = ref.pod.status?.phase ?? 'Unknown'
  if (phase !== 'Running') {
    throw new MpxError(`pod ${ref.name}.${ref.namespace} is not running (phase ${phase}): wait for it, or pick another pod`, 'NOT_RUNNING')
  }
  const names = containerNames(ref.pod)
  if (!names.includes(container)) {
    throw new MpxError(`pod ${ref.name}.${ref.namespace} has no ${container} container (containers: ${names.join(', ')}): is the sidecar injected?`, 'NO_SIDECAR')
  }
}

/**
 * The Envoy admin port of a pod: `proxyAdminPort` from its `proxy.istio.io/config` annotation (YAML),
 * else 15000 (istio/istio#43063).
 */
export async function adminPortOf(ref: PodRef): Promise<number> {
  const annotation = ref.pod.metadata?.annotations?.['proxy.istio.io/config']
  if (annotation) {
    try {
      const {parse} = await import('yaml')
      const port = Number((parse(annotation) as {proxyAdminPort?: unknown})?.proxyAdminPort)
      if (Number.isInteger(port) && port > 0 && port < 65536) return port
    } catch {
      // an unparsable annotation is Istio's problem to report; fall back to the default
    }
  }
  return 15000
}
