/**
 * The declarative cluster model: turns a {@link WorldSpec} into real Kubernetes API objects
 * (shaped like kube-apiserver's JSON) and stores them by resource type.
 */
import {createHash} from 'node:crypto'
import type {ContainerSpec, LabelSelector, PodSpec, ServiceSpec, SimpleObjectSpec, WorkloadSpec, WorldSpec} from './types.js'

/** A served resource type (one REST collection). */
export interface ResourceType {
  group: string
  version: string
  /** Lower-case plural used in URLs (`pods`, `deployments`). */
  plural: string
  kind: string
  namespaced: boolean
  /** Extra field-selector fields (besides metadata.name / metadata.namespace). */
  fields?: readonly string[]
}

/** The built-in resource types. */
export const BUILTIN_TYPES: readonly ResourceType[] = [
  {
    group: '',
    version: 'v1',
    plural: 'pods',
    kind: 'Pod',
    namespaced: true,
    fields: [
      'status.phase',
      'spec.nodeName',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'spec.hostNetwork',
      'status.podIP',
      'status.nominatedNodeName',
    ],
  },
  {group: '', version: 'v1', plural: 'services', kind: 'Service', namespaced: true},
  {group: '', version: 'v1', plural: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true},
  {group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true},
  {group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false, fields: ['status.phase']},
  {group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment', namespaced: true},
  {group: 'apps', version: 'v1', plural: 'replicasets', kind: 'ReplicaSet', namespaced: true, fields: ['status.replicas']},
  {group: 'apps', version: 'v1', plural: 'statefulsets', kind: 'StatefulSet', namespaced: true},
  {group: 'apps', version: 'v1', plural: 'daemonsets', kind: 'DaemonSet', namespaced: true},
  {group: 'batch', version: 'v1', plural: 'jobs', kind: 'Job', namespaced: true, fields: ['status.successful']},
]

const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
  'StorageClass',
  'PriorityClass',
  'GatewayClass',
  'APIService',
])

/** Base creation time of generated objects (deterministic output). */
export const BASE_TIME = '2024-01-01T00:00:00Z'

/** Deterministic RFC 4122-looking UID from a string. */
export function uidFor(s: string): string {
  const h = createHash('sha256').update(s).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/** Lower-case plural of a Kind, as the API server's REST mapper guesses it. */
export function pluralize(kind: string): string {
  const k = kind.toLowerCase()
  if (/(s|x|z|ch|sh)$/.test(k)) return `${k}es`
  if (/[^aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`
  return `${k}s`
}

/** Splits `apps/v1` → `['apps','v1']`, `v1` → `['','v1']`. */
export function splitApiVersion(apiVersion: string): [string, string] {
  const i = apiVersion.indexOf('/')
  return i < 0 ? ['', apiVersion] : [apiVersion.slice(0, i), apiVersion.slice(i + 1)]
}

/** Internal state of a pod. */
export interface PodState {
  spec: PodSpec
  namespace: string
  uid: string
  podIP: string
}

type K8sObject = Record<string, unknown> & {metadata: Record<string, unknown>}

const DEFAULT_NODE = 'node-1'
const DEFAULT_HOST_IP = '172.18.0.2'
const ISTIO_VERSION_TAG = '1.24.0'

function toContainer(c: string | ContainerSpec): ContainerSpec {
  return typeof c === 'string' ? {name: c} : c
}

function defaultImage(name: string, spec: PodSpec): string {
  if (name === 'istio-proxy' || name === 'istio-init') return `docker.io/istio/proxyv2:${ISTIO_VERSION_TAG}`
  if (name === 'discovery') return `docker.io/istio/pilot:${ISTIO_VERSION_TAG}`
  const app = spec.labels?.app ?? name
  const version = spec.labels?.version ?? 'v1'
  return `docker.io/istio/examples-bookinfo-${app}-${version}:1.20.2`
}

/** Effective containers of a pod spec (defaults applied). */
export function podContainers(spec: PodSpec): {containers: ContainerSpec[]; initContainers: ContainerSpec[]} {
  const containers = (spec.containers ?? [spec.labels?.app ?? spec.name.replace(/-[a-z0-9]+-[a-z0-9]+$/, ''), 'istio-proxy']).map(
    toContainer,
  )
  const initContainers = (spec.initContainers ?? []).map(toContainer)
  if (spec.nativeSidecar) {
    const i = containers.findIndex((c) => c.name === 'istio-proxy')
    if (i >= 0) initContainers.push(...containers.splice(i, 1))
  }
  return {containers, initContainers}
}

/** Binaries available in a container by default. */
export function containerBinaries(c: ContainerSpec): string[] {
  if (c.binaries) return c.binaries
  if (c.name === 'istio-proxy') return ['pilot-agent', 'envoy', 'curl']
  if (c.name === 'discovery') return ['pilot-discovery']
  return ['curl']
}

/** True when the pod is scheduled on a node (Pending pods are unscheduled unless nodeName is set). */
export function podScheduled(spec: PodSpec): boolean {
  return (spec.phase ?? 'Running') !== 'Pending' || spec.nodeName !== undefined
}

/** The mutable cluster store. */
export class World {
  readonly types = new Map<string, ResourceType>()
  private readonly objects = new Map<string, Map<string, K8sObject>>()
  private readonly pods = new Map<string, PodState>()
  private readonly namespaces = new Set<string>()
  private rv = 1000
  private ipCounter = 10

  /** Builds the store from a spec. */
  constructor(spec: WorldSpec = {}) {
    for (const t of BUILTIN_TYPES) this.registerType(t)
    for (const ns of spec.namespaces ?? []) this.ensureNamespace(ns)
    this.ensureNamespace('default')
    for (const w of spec.deployments ?? []) this.addWorkload('Deployment', w)
    for (const w of spec.replicasets ?? []) this.addWorkload('ReplicaSet', w)
    for (const w of spec.statefulsets ?? []) this.addWorkload('StatefulSet', w)
    for (const w of spec.daemonsets ?? []) this.addWorkload('DaemonSet', w)
    for (const w of spec.jobs ?? []) this.addWorkload('Job', w)
    for (const s of spec.services ?? []) this.addService(s)
    for (const s of spec.serviceaccounts ?? []) this.addSimple('ServiceAccount', s)
    for (const s of spec.configmaps ?? []) this.addSimple('ConfigMap', s)
    for (const o of spec.objects ?? []) this.addObject(o)
    for (const p of spec.pods ?? []) this.addPod(p)
  }

  /** Current list resourceVersion. */
  get resourceVersion(): string {
    return String(this.rv)
  }

  private nextRv(): string {
    this.rv++
    return String(this.rv)
  }

  /** Registers a resource type (idempotent). */
  registerType(t: ResourceType): ResourceType {
    const key = `${t.group}/${t.plural}`
    const existing = this.types.get(key)
    if (existing) return existing
    this.types.set(key, t)
    this.objects.set(key, new Map())
    return t
  }

  /** Looks up a type by group and plural. */
  type(group: string, plural: string): ResourceType | undefined {
    return this.types.get(`${group}/${plural}`)
  }

  /** Creates a Namespace object if missing. */
  ensureNamespace(name: string): void {
    if (this.namespaces.has(name)) return
    this.namespaces.add(name)
    this.put('/namespaces', '', {
      kind: 'Namespace',
      apiVersion: 'v1',
      metadata: {
        name,
        uid: uidFor(`ns/${name}`),
        resourceVersion: this.nextRv(),
        creationTimestamp: BASE_TIME,
        labels: {'kubernetes.io/metadata.name': name},
      },
      spec: {finalizers: ['kubernetes']},
      status: {phase: 'Active'},
    })
    // Every real namespace has a `default` ServiceAccount.
    this.addSimple('ServiceAccount', {name: 'default', namespace: name})
  }

  private put(key: string, ns: string, obj: K8sObject): void {
    this.objects.get(key)!.set(`${ns}/${String(obj.metadata.name)}`, obj)
  }

  private meta(kind: string, s: {name: string; namespace?: string; uid?: string; labels?: Record<string, string>; annotations?: Record<string, string>}, extra: Record<string, unknown> = {}) {
    const namespace = s.namespace ?? 'default'
    this.ensureNamespace(namespace)
    return {
      name: s.name,
      namespace,
      uid: s.uid ?? uidFor(`${kind}/${namespace}/${s.name}`),
      resourceVersion: this.nextRv(),
      ...(kind === 'Deployment' || kind === 'StatefulSet' || kind === 'DaemonSet' || kind === 'ReplicaSet' ? {generation: 1} : {}),
      creationTimestamp: BASE_TIME,
      ...(s.labels && Object.keys(s.labels).length ? {labels: {...s.labels}} : {}),
      ...(s.annotations && Object.keys(s.annotations).length ? {annotations: {...s.annotations}} : {}),
      ...extra,
    }
  }

  /** Adds a workload (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job). */
  addWorkload(kind: 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'DaemonSet' | 'Job', w: WorkloadSpec): void {
    const selector: LabelSelector =
      w.selector && ('matchLabels' in w.selector || 'matchExpressions' in w.selector)
        ? (w.selector as LabelSelector)
        : {matchLabels: {...((w.selector as Record<string, string> | undefined) ?? {app: w.name})}}
    const templateLabels = w.templateLabels ?? {...(selector.matchLabels ?? {})}
    const replicas = w.replicas ?? 1
    const owner = w.ownerReferences ? {ownerReferences: this.resolveOwners(w.namespace ?? 'default', w.ownerReferences)} : {}
    const metadata = this.meta(kind, w, owner)
    const template = {
      metadata: {labels: templateLabels},
      spec: {containers: [{name: templateLabels.app ?? w.name, image: defaultImage(w.name, {name: w.name, labels: templateLabels})}]},
    }
    const group = kind === 'Job' ? 'batch' : 'apps'
    let spec: Record<string, unknown>
    let status: Record<string, unknown>
    switch (kind) {
      case 'Deployment':
        spec = {replicas, selector, template, strategy: {type: 'RollingUpdate', rollingUpdate: {maxUnavailable: '25%', maxSurge: '25%'}}, revisionHistoryLimit: 10, progressDeadlineSeconds: 600}
        status = {observedGeneration: 1, replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas}
        break
      case 'ReplicaSet':
        spec = {replicas, selector, template}
        status = {replicas, fullyLabeledReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas, observedGeneration: 1}
        break
      case 'StatefulSet':
        spec = {replicas, selector, template, serviceName: w.name, podManagementPolicy: 'OrderedReady', updateStrategy: {type: 'RollingUpdate'}}
        status = {observedGeneration: 1, replicas, readyReplicas: replicas, currentReplicas: replicas, updatedReplicas: replicas, availableReplicas: replicas}
        break
      case 'DaemonSet':
        spec = {selector, template, updateStrategy: {type: 'RollingUpdate'}}
        status = {currentNumberScheduled: replicas, numberMisscheduled: 0, desiredNumberScheduled: replicas, numberReady: replicas, observedGeneration: 1, updatedNumberScheduled: replicas, numberAvailable: replicas}
        break
      case 'Job':
        spec = {parallelism: 1, completions: replicas, backoffLimit: 6, selector, template, completionMode: 'NonIndexed', suspend: false}
        status = {startTime: BASE_TIME, active: replicas}
        break
    }
    this.put(`${group}/${pluralize(kind)}`, metadata.namespace, {kind, apiVersion: `${group}/v1`, metadata, spec, status})
  }

  /** Adds a v1 Service. */
  addService(s: ServiceSpec): void {
    const metadata = this.meta('Service', s)
    const clusterIP = s.clusterIP ?? `10.96.${(this.ipCounter >> 8) & 255}.${this.ipCounter++ & 255}`
    const spec: Record<string, unknown> = {
      ports: (s.ports ?? [{name: 'http', port: 9080}]).map((p) => ({
        ...(p.name ? {name: p.name} : {}),
        protocol: p.protocol ?? 'TCP',
        port: p.port,
        targetPort: p.targetPort ?? p.port,
      })),
      ...(s.selector ? {selector: {...s.selector}} : {}),
      clusterIP,
      clusterIPs: [clusterIP],
      type: s.type ?? 'ClusterIP',
      sessionAffinity: 'None',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
    }
    this.put('/services', metadata.namespace, {kind: 'Service', apiVersion: 'v1', metadata, spec, status: {loadBalancer: {}}})
  }

  /** Adds a ServiceAccount or ConfigMap. */
  addSimple(kind: 'ServiceAccount' | 'ConfigMap', s: SimpleObjectSpec): void {
    const metadata = this.meta(kind, s)
    const obj: K8sObject = {kind, apiVersion: 'v1', metadata}
    if (kind === 'ConfigMap') obj.data = {...(s.data ?? {})}
    this.put(`/${pluralize(kind)}`, metadata.namespace, obj)
  }

  /** Adds an arbitrary object, registering its type when new. */
  addObject(o: Record<string, unknown>): void {
    const apiVersion = String(o.apiVersion ?? '')
    const kind = String(o.kind ?? '')
    const md = (o.metadata ?? {}) as Record<string, unknown>
    if (!apiVersion || !kind || !md.name) throw new Error('kube-server: objects need apiVersion, kind and metadata.name')
    const [group, version] = splitApiVersion(apiVersion)
    const namespaced = !CLUSTER_SCOPED_KINDS.has(kind)
    const t = this.registerType({group, version, plural: pluralize(kind), kind, namespaced})
    const ns = namespaced ? String(md.namespace ?? 'default') : ''
    if (ns) this.ensureNamespace(ns)
    const metadata = {
      ...md,
      ...(namespaced ? {namespace: ns} : {}),
      uid: md.uid ?? uidFor(`${kind}/${ns}/${String(md.name)}`),
      resourceVersion: this.nextRv(),
      creationTimestamp: md.creationTimestamp ?? BASE_TIME,
    }
    this.put(`${t.group}/${t.plural}`, ns, {...o, metadata} as K8sObject)
  }

  /** Adds (or replaces) a pod. */
  addPod(p: PodSpec): PodState {
    const namespace = p.namespace ?? 'default'
    this.ensureNamespace(namespace)
    const n = this.ipCounter++
    const st: PodState = {
      spec: {...p, namespace},
      namespace,
      uid: p.uid ?? uidFor(`Pod/${namespace}/${p.name}`),
      podIP: p.podIP ?? `10.244.${(n >> 8) & 255}.${n & 255}`,
    }
    this.pods.set(`${namespace}/${p.name}`, st)
    this.rv++
    return st
  }

  /** Removes a pod; returns false when absent. */
  removePod(namespace: string, name: string): boolean {
    this.rv++
    return this.pods.delete(`${namespace}/${name}`)
  }

  /** Shallow-merges a patch into a pod spec (e.g. `{phase: 'Pending'}`, `{containers: ['app']}`). */
  updatePod(namespace: string, name: string, patch: Partial<PodSpec>): void {
    const st = this.pods.get(`${namespace}/${name}`)
    if (!st) throw new Error(`kube-server: no pod ${namespace}/${name}`)
    st.spec = {...st.spec, ...patch, name, namespace}
    this.rv++
  }

  /** Internal pod state (spec + derived fields). */
  podState(namespace: string, name: string): PodState | undefined {
    return this.pods.get(`${namespace}/${name}`)
  }

  /** All pod states. */
  allPods(): PodState[] {
    return [...this.pods.values()]
  }

  /** One object (pods are rendered from their spec). */
  get(t: ResourceType, namespace: string, name: string): K8sObject | undefined {
    if (t.group === '' && t.plural === 'pods') {
      const st = this.pods.get(`${namespace}/${name}`)
      return st && this.renderPod(st)
    }
    return this.objects.get(`${t.group}/${t.plural}`)?.get(`${t.namespaced ? namespace : ''}/${name}`)
  }

  /** All objects of a type, optionally in one namespace, sorted by namespace then name (like etcd keys). */
  list(t: ResourceType, namespace?: string): K8sObject[] {
    let items: K8sObject[]
    if (t.group === '' && t.plural === 'pods') {
      items = [...this.pods.values()].filter((p) => namespace === undefined || p.namespace === namespace).map((p) => this.renderPod(p))
    } else {
      items = [...(this.objects.get(`${t.group}/${t.plural}`)?.values() ?? [])].filter(
        (o) => namespace === undefined || !t.namespaced || o.metadata.namespace === namespace,
      )
    }
    const key = (o: K8sObject) => `${String(o.metadata.namespace ?? '')}/${String(o.metadata.name)}`
    return items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
  }

  private resolveOwners(namespace: string, refs: NonNullable<PodSpec['ownerReferences']>) {
    return refs.map((r) => {
      const [group] = splitApiVersion(r.apiVersion)
      const t = this.type(group, pluralize(r.kind))
      const owner = t && this.get(t, namespace, r.name)
      return {
        apiVersion: r.apiVersion,
        kind: r.kind,
        name: r.name,
        uid: r.uid ?? (owner ? String(owner.metadata.uid) : uidFor(`${r.kind}/${namespace}/${r.name}`)),
        controller: r.controller ?? true,
        blockOwnerDeletion: true,
      }
    })
  }

  /** Renders a pod as kube-apiserver returns it. */
  renderPod(st: PodState): K8sObject {
    const s = st.spec
    const phase = s.phase ?? 'Running'
    const scheduled = podScheduled(s)
    const running = phase === 'Running'
    const ready = running && (s.ready ?? true)
    const {containers, initContainers} = podContainers(s)
    const renderContainer = (c: ContainerSpec, sidecar: boolean) => ({
      name: c.name,
      image: c.image ?? defaultImage(c.name, s),
      ...(c.name === 'istio-proxy'
        ? {args: ['proxy', 'sidecar', '--domain', `$(POD_NAMESPACE).svc.cluster.local`, '--proxyLogLevel=warning', '--proxyComponentLogLevel=misc:error', '--log_output_level=default:info']}
        : {}),
      ports: c.ports ?? (c.name === 'istio-proxy' ? [{containerPort: 15090, name: 'http-envoy-prom', protocol: 'TCP'}] : []),
      resources: {},
      ...(sidecar ? {restartPolicy: 'Always'} : {}),
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      imagePullPolicy: 'IfNotPresent',
    })
    const containerStatus = (c: ContainerSpec) => {
      const isReady = ready && (c.ready ?? true)
      return {
        name: c.name,
        state: running
          ? {running: {startedAt: s.creationTimestamp ?? BASE_TIME}}
          : phase === 'Succeeded' || phase === 'Failed'
            ? {terminated: {exitCode: phase === 'Succeeded' ? 0 : 1, reason: phase === 'Succeeded' ? 'Completed' : 'Error', startedAt: BASE_TIME, finishedAt: BASE_TIME}}
            : {waiting: {reason: 'ContainerCreating'}},
        lastState: {},
        ready: isReady,
        restartCount: 0,
        image: c.image ?? defaultImage(c.name, s),
        imageID: `docker.io/library/${c.name}@sha256:${createHash('sha256').update(c.name).digest('hex')}`,
        ...(running ? {containerID: `containerd://${createHash('sha256').update(`${st.uid}/${c.name}`).digest('hex')}`} : {}),
        started: running,
      }
    }
    const nodeName = s.nodeName ?? (scheduled ? DEFAULT_NODE : undefined)
    const ts = s.creationTimestamp ?? BASE_TIME
    const cond = (type: string, status: boolean) => ({type, status: status ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: ts})
    const labels = s.labels ?? {}
    const metadata: Record<string, unknown> = {
      name: s.name,
      ...(s.ownerReferences?.some((o) => o.kind === 'ReplicaSet') ? {generateName: `${s.name.replace(/[a-z0-9]+$/, '')}`} : {}),
      namespace: st.namespace,
      uid: st.uid,
      resourceVersion: this.resourceVersion,
      creationTimestamp: ts,
      ...(Object.keys(labels).length ? {labels: {...labels}} : {}),
      ...(s.annotations && Object.keys(s.annotations).length ? {annotations: {...s.annotations}} : {}),
      ...(s.ownerReferences ? {ownerReferences: this.resolveOwners(st.namespace, s.ownerReferences)} : {}),
    }
    const sa = s.serviceAccountName ?? 'default'
    const spec: Record<string, unknown> = {
      ...(initContainers.length ? {initContainers: initContainers.map((c) => renderContainer(c, c.name === 'istio-proxy' && !!s.nativeSidecar))} : {}),
      containers: containers.map((c) => renderContainer(c, false)),
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: sa,
      serviceAccount: sa,
      ...(nodeName ? {nodeName} : {}),
      securityContext: {},
      schedulerName: 'default-scheduler',
      priority: 0,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
    }
    const status: Record<string, unknown> = scheduled
      ? {
          phase,
          conditions: [
            cond('PodReadyToStartContainers', running),
            cond('Initialized', running || phase !== 'Pending'),
            cond('Ready', ready),
            cond('ContainersReady', ready),
            cond('PodScheduled', true),
          ],
          hostIP: DEFAULT_HOST_IP,
          hostIPs: [{ip: DEFAULT_HOST_IP}],
          ...(running || phase !== 'Pending' ? {podIP: st.podIP, podIPs: [{ip: st.podIP}]} : {}),
          startTime: ts,
          ...(initContainers.length ? {initContainerStatuses: initContainers.map(containerStatus)} : {}),
          containerStatuses: containers.map(containerStatus),
          qosClass: 'Burstable',
        }
      : {
          phase,
          conditions: [
            {
              type: 'PodScheduled',
              status: 'False',
              lastProbeTime: null,
              lastTransitionTime: ts,
              reason: 'Unschedulable',
              message: '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
            },
          ],
          qosClass: 'Burstable',
        }
    return {kind: 'Pod', apiVersion: 'v1', metadata, spec, status}
  }
}
