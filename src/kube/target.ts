/**
 * The target grammar of pod commands, as istioctl and kubectl accept it:
 * `[<type>/]<name>[.<namespace>]` (istioctl `pkg/util/handlers/handlers.go`).
 */
import {UsageError} from '../errors.js'

/** Workload kinds a target may name, with the kubectl short names accepted for each. */
export const TARGET_KINDS = {
  pod: ['pod', 'pods', 'po'],
  deployment: ['deployment', 'deployments', 'deploy'],
  statefulset: ['statefulset', 'statefulsets', 'sts'],
  daemonset: ['daemonset', 'daemonsets', 'ds'],
  replicaset: ['replicaset', 'replicasets', 'rs'],
  job: ['job', 'jobs'],
  service: ['service', 'services', 'svc'],
  gateway: ['gateway', 'gateways', 'gtw'],
} as const

/** API groups kubectl's `-o name` form may carry after the kind (`deployment.apps/x`, `job.batch/x`). */
const KIND_GROUPS: Readonly<Partial<Record<TargetKind, string>>> = {
  deployment: 'apps',
  statefulset: 'apps',
  daemonset: 'apps',
  replicaset: 'apps',
  job: 'batch',
  gateway: 'gateway.networking.k8s.io',
}

/** The label Gateway API implementations (Istio included) put on a Gateway's pods. */
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name'

/** A kind of object that selects pods. */
export type TargetKind = keyof typeof TARGET_KINDS

/** A parsed target. */
export interface TargetRef {
  kind: TargetKind
  name: string
  /** Namespace given in the target (`name.namespace`), if any. */
  namespace?: string
  /** The target as typed, for messages. */
  text: string
}

/**
 * Parses `[<type>/]<name>[.<namespace>]`: the text after the last `.` of the name part is the namespace
 * (so a pod whose name contains dots needs its namespace spelled out, as with istioctl). The type may be
 * in kubectl's `-o name` form with its API group (`deployment.apps/reviews-v1`, `job.batch/migrate`);
 * `gateway/NAME` (Gateway API) names the pods labelled `gateway.networking.k8s.io/gateway-name=NAME`.
 * @throws UsageError for an empty name, or a type that selects no pods (e.g. `serviceaccount/x`)
 */
export function parseTarget(text: string): TargetRef {
  let kindText = 'pod'
  let rest = text
  const slash = text.lastIndexOf('/')
  if (slash > 0) {
    kindText = text.slice(0, slash).toLowerCase()
    rest = text.slice(slash + 1)
  }
  let name = rest
  let namespace: string | undefined
  const dot = rest.lastIndexOf('.')
  if (dot > 0) {
    name = rest.slice(0, dot)
    namespace = rest.slice(dot + 1) || undefined
  }
  if (!name) throw new UsageError(`"${text}" names no pod: expected [<type>/]<name>[.<namespace>]`, 'BAD_TARGET')
  const dotted = kindText.indexOf('.')
  const bare = dotted > 0 ? kindText.slice(0, dotted) : kindText
  const group = dotted > 0 ? kindText.slice(dotted + 1) : ''
  let kind = (Object.keys(TARGET_KINDS) as TargetKind[]).find((k) => (TARGET_KINDS[k] as readonly string[]).includes(bare))
  if (kind && group && KIND_GROUPS[kind] !== group) kind = undefined
  if (!kind) {
    throw new UsageError(
      `"${text}" does not refer to a pod: ${kindText} has no pod selector (use a pod, deployment, statefulset, daemonset, replicaset, job, service or gateway)`,
      'NOT_A_POD',
    )
  }
  return {kind, name, namespace, text}
}

/** The proxy ID of a pod, `name.namespace`, as istiod and istioctl name proxies. */
export function proxyId(pod: {name: string; namespace: string}): string {
  return `${pod.name}.${pod.namespace}`
}

/** The label Istio's injector puts on every pod with a sidecar: the default selector of `-A` without `-l`. */
export const SIDECAR_SELECTOR = 'security.istio.io/tlsMode=istio'
