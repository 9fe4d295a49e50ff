/**
 * Flags of every command that talks to a cluster, and their conversion to {@link LiveOptions}.
 */
import {Flags} from './oclif.js'
import {parseBytes, parseDuration} from '../duration.js'
import {UsageError} from '../errors.js'
import type {LiveOptions} from '../live.js'
import {SIDECAR_SELECTOR} from '../kube/target.js'

/** Cluster access flags (kubectl's names). */
export const clusterFlags = {
  kubeconfig: Flags.string({description: 'Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config, then the in-cluster service account).', helpGroup: 'CLUSTER', helpValue: '<path>'}),
  context: Flags.string({description: 'Kubeconfig context to use.', helpGroup: 'CLUSTER'}),
  namespace: Flags.string({char: 'n', description: 'Namespace of the pods (default: the context\'s namespace, else default).', helpGroup: 'CLUSTER'}),
  'request-timeout': Flags.string({description: 'Give up on a request after this long (500ms, 30s, 2m; 0 = never).', default: '30s', helpGroup: 'CLUSTER'}),
}

/** Flags of commands that read a pod's Envoy admin API. */
export const podFlags = {
  ...clusterFlags,
  selector: Flags.string({char: 'l', description: 'Run against every pod matching this label selector (e.g. app=reviews), instead of one target.', helpGroup: 'CLUSTER'}),
  'all-namespaces': Flags.boolean({char: 'A', description: 'With -l, select pods in every namespace; alone, every pod with a sidecar (label security.istio.io/tlsMode=istio) in every namespace.', helpGroup: 'CLUSTER'}),
  transport: Flags.string({description: 'How to reach the admin port: port-forward (pods/portforward) or exec (pilot-agent in the proxy container).', default: 'port-forward', options: ['port-forward', 'exec'], helpGroup: 'CLUSTER'}),
  container: Flags.string({description: 'Proxy container name.', default: 'istio-proxy', helpGroup: 'CLUSTER'}),
  'proxy-admin-port': Flags.integer({description: 'Envoy admin port in the pod (default: the pod\'s proxy.istio.io/config proxyAdminPort, else 15000).', min: 1, max: 65535, helpGroup: 'CLUSTER'}),
  'max-bytes': Flags.string({description: 'Largest answer accepted from a pod (bytes, or 64MiB, 1GiB).', default: '512MiB', helpGroup: 'CLUSTER'}),
  concurrency: Flags.integer({description: 'Pods handled at once with --selector.', default: 8, min: 1, max: 256, helpGroup: 'CLUSTER'}),
}

/** Parsed pod flags. */
export interface PodFlags {
  kubeconfig?: string
  context?: string
  namespace?: string
  'request-timeout'?: string
  selector?: string
  'all-namespaces'?: boolean
  transport?: string
  container?: string
  'proxy-admin-port'?: number
  'max-bytes'?: string
  concurrency?: number
}

/**
 * Converts parsed flags to live options.
 * @throws UsageError for a bad duration or size
 */
export function liveOptions(f: PodFlags, onNote?: (note: string) => void): LiveOptions {
  const transport = f.transport ?? 'port-forward'
  if (transport !== 'port-forward' && transport !== 'exec') throw new UsageError(`--transport must be port-forward or exec, got "${transport}"`)
  return {
    kubeconfig: f.kubeconfig,
    context: f.context,
    namespace: f.namespace,
    transport,
    container: f.container ?? 'istio-proxy',
    adminPort: f['proxy-admin-port'],
    timeoutMs: parseDuration(f['request-timeout'] ?? '30s'),
    maxBytes: parseBytes(f['max-bytes'] ?? '512MiB'),
    concurrency: f.concurrency ?? 8,
    allNamespaces: f['all-namespaces'] ?? false,
    onNote,
  }
}

/**
 * The label selector of a fan-out: `-l`, else with `-A` alone every sidecar ({@link SIDECAR_SELECTOR}).
 * @returns undefined when the command runs on one target (or a file)
 */
export function fanOutSelector(f: Pick<PodFlags, 'selector' | 'all-namespaces'>): string | undefined {
  return f.selector ?? (f['all-namespaces'] ? SIDECAR_SELECTOR : undefined)
}
