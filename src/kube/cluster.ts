/**
 * Access to a Kubernetes cluster through @kubernetes/client-node, loaded lazily (it costs ~350 ms to
 * import): kubeconfig discovery as kubectl does it, without client-node's silent fallback to
 * `http://localhost:8080`.
 */
import {existsSync} from 'node:fs'
import {homedir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import type * as K8s from '@kubernetes/client-node'
import {MpxError} from '../errors.js'
import {packageRoot} from '../paths.js'

/** How to reach the cluster (the global flags). */
export interface ClusterOptions {
  /** `--kubeconfig` path. */
  kubeconfig?: string
  /** `--context` name. */
  context?: string
  /** `-n/--namespace`. */
  namespace?: string
  /** Environment (default `process.env`), for `KUBECONFIG`, `HOME` and in-cluster detection. */
  env?: NodeJS.ProcessEnv
}

/** A connected cluster: the client-node module, the kubeconfig, and the default namespace. */
export interface Cluster {
  k8s: typeof K8s
  kc: K8s.KubeConfig
  /** `-n`, else the context's namespace, else `default`. */
  namespace: string
  /** The API server URL (for messages). */
  server: string
  /** The context in use. */
  context: string
}

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount'

/**
 * The client-node API mpx uses: the single-file bundle `dist/vendor/client-node.js` (built by
 * scripts/bundle-client-node.mjs; loads in ~100 ms instead of ~550 ms) when present, else the package.
 */
async function loadClientNode(): Promise<typeof K8s> {
  const bundle = join(packageRoot(), 'dist/vendor/client-node.js')
  return existsSync(bundle) ? ((await import(pathToFileURL(bundle).href)) as typeof K8s) : import('@kubernetes/client-node')
}

/**
 * Loads the kubeconfig: `--kubeconfig`, else `$KUBECONFIG` (several files, `:`-separated, merged), else
 * `~/.kube/config`, else the in-cluster service account.
 * @throws MpxError naming what was tried when there is no usable config, a listed file is missing,
 *   or the context does not exist
 */
export async function connect(o: ClusterOptions = {}): Promise<Cluster> {
  const env = o.env ?? process.env
  const k8s = await loadClientNode()
  const kc = new k8s.KubeConfig()
  const tried: string[] = []
  try {
    if (o.kubeconfig) {
      tried.push(`--kubeconfig ${o.kubeconfig}`)
      if (!existsSync(o.kubeconfig)) throw new MpxError(`kubeconfig "${o.kubeconfig}" (--kubeconfig) does not exist`, 'NO_KUBECONFIG')
      kc.loadFromFile(o.kubeconfig)
    } else if (env.KUBECONFIG) {
      const files = env.KUBECONFIG.split(':').filter(Boolean)
      const missing = files.filter((f) => !existsSync(f))
      if (missing.length === files.length) {
        throw new MpxError(`no kubeconfig: $KUBECONFIG lists ${files.join(', ')}, none of which exists; fix $KUBECONFIG or pass --kubeconfig`, 'NO_KUBECONFIG')
      }
      const present = files.filter((f) => existsSync(f))
      kc.loadFromFile(present[0])
      for (const f of present.slice(1)) {
        const more = new k8s.KubeConfig()
        more.loadFromFile(f)
        kc.mergeConfig(more, true)
      }
    } else {
      const home = join(env.HOME ?? homedir(), '.kube', 'config')
      tried.push('--kubeconfig', '$KUBECONFIG', home)
      if (existsSync(home)) kc.loadFromFile(home)
      else if (env.KUBERNETES_SERVICE_HOST && existsSync(join(SA_DIR, 'token'))) kc.loadFromCluster()
      else {
        throw new MpxError(`no kubeconfig: tried ${tried.join(', ')} and the in-cluster service account; pass --kubeconfig, or read a saved dump with --file`, 'NO_KUBECONFIG')
      }
    }
  } catch (error) {
    if (error instanceof MpxError) throw error
    throw new MpxError(`cannot load the kubeconfig: ${String((error as Error).message ?? error).split('\n')[0]}`, 'BAD_KUBECONFIG')
  }
  if (o.context) {
    const names = kc.getContexts().map((c) => c.name)
    if (!names.includes(o.context)) {
      throw new MpxError(`context "${o.context}" not found in the kubeconfig (contexts: ${names.join(', ') || 'none'})`, 'NO_CONTEXT')
    }
    kc.setCurrentContext(o.context)
  }
  const context = kc.getCurrentContext()
  const cluster = kc.getCurrentCluster()
  if (!context || !cluster?.server) {
    throw new MpxError(`the kubeconfig has no current context with a cluster server: pass --context (contexts: ${kc.getContexts().map((c) => c.name).join(', ') || 'none'})`, 'NO_CONTEXT')
  }
  const namespace = o.namespace || kc.getContextObject(context)?.namespace || 'default'
  return {k8s, kc, namespace, server: cluster.server, context}
}
