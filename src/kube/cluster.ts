/**
 * Access to a Kubernetes cluster through @kubernetes/client-node, loaded lazily (it costs ~350 ms to
 * import): kubeconfig discovery as kubectl does it, without client-node's silent fallback to
 * `http://localhost:8080`.
 */
import {existsSync, readFileSync} from 'node:fs'
import {homedir} from 'node:os'
import {dirname, join} from 'node:path'
import {pathToFileURL} from 'node:url'
import type * as K8s from '@kubernetes/client-node'
import {spawn} from 'node:child_process'
import {MpxError, TimeoutError} from '../errors.js'
import {formatDuration} from '../duration.js'
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
  /** `--request-timeout` in ms (0 = none; default 30 s): bounds every API server request and the exec credential plugin. */
  timeoutMs?: number
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
  /** `--request-timeout` in ms (0 = none), applied to every request made through {@link apiClient}. */
  timeoutMs: number
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
      loadKubeconfigFile(kc, o.kubeconfig)
    } else if (env.KUBECONFIG) {
      const files = env.KUBECONFIG.split(':').filter(Boolean)
      const missing = files.filter((f) => !existsSync(f))
      if (missing.length === files.length) {
        throw new MpxError(`no kubeconfig: $KUBECONFIG lists ${files.join(', ')}, none of which exists; fix $KUBECONFIG or pass --kubeconfig`, 'NO_KUBECONFIG')
      }
      const present = files.filter((f) => existsSync(f))
      loadKubeconfigFile(kc, present[0])
      for (const f of present.slice(1)) {
        const more = new k8s.KubeConfig()
        loadKubeconfigFile(more, f)
        kc.mergeConfig(more, true)
      }
    } else {
      const home = join(env.HOME ?? homedir(), '.kube', 'config')
      tried.push('--kubeconfig', '$KUBECONFIG', home)
      if (existsSync(home)) loadKubeconfigFile(kc, home)
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
  const timeoutMs = o.timeoutMs ?? 30_000
  await runExecCredential(kc, cluster, timeoutMs, env)
  return {k8s, kc, namespace, server: cluster.server, context, timeoutMs}
}

/**
 * Loads one kubeconfig file into `kc`, with errors that name the file: empty, not YAML, or not a
 * kubeconfig (a YAML map with clusters, contexts and users).
 * @throws MpxError `kubeconfig "PATH" is empty: ...`
 */
function loadKubeconfigFile(kc: K8s.KubeConfig, path: string): void {
  const text = readFileSync(path, 'utf8')
  if (text.trim() === '') throw new MpxError(`kubeconfig "${path}" is empty: point --kubeconfig or $KUBECONFIG at a kubeconfig with clusters, contexts and users`, 'BAD_KUBECONFIG')
  try {
    kc.loadFromString(text)
    kc.makePathsAbsolute(dirname(path))
  } catch (error) {
    const m = String((error as Error).message ?? error).split('\n')[0]
    const why = /Cannot read|undefined|null|not a function|is not iterable/.test(m) ? 'it is not a kubeconfig (expected a YAML map with clusters, contexts and users)' : m
    throw new MpxError(`cannot load the kubeconfig "${path}": ${why}`, 'BAD_KUBECONFIG')
  }
}

/** The exec credential plugin of a kubeconfig user (`users[].user.exec`). */
interface ExecConfig {
  command?: string
  args?: string[]
  env?: Array<{name: string; value: string}>
  apiVersion?: string
  provideClusterInfo?: boolean
  interactiveMode?: string
}

/**
 * Runs the current user's exec credential plugin once for the whole command, bounded by the request
 * timeout, with `KUBERNETES_EXEC_INFO` set as kubectl sets it (apiVersion, `spec.interactive: false`, and
 * `spec.cluster` when `provideClusterInfo`), then replaces the plugin with the credential it printed, so
 * client-node never runs it again (it would once per request when the credential has no expiry).
 * Follows client.authentication.k8s.io ExecCredential (v1, v1beta1).
 * @throws MpxError when the plugin fails, prints no credential, or does not finish within the timeout
 */
async function runExecCredential(kc: K8s.KubeConfig, cluster: K8s.Cluster, timeoutMs: number, env: NodeJS.ProcessEnv): Promise<void> {
  const user = kc.getCurrentUser()
  const exec = user?.exec as ExecConfig | undefined
  if (!user || !exec) return
  if (!exec.command) throw new MpxError(`the kubeconfig user "${user.name}" has an exec credential plugin without a command`, 'BAD_KUBECONFIG')
  const apiVersion = exec.apiVersion ?? 'client.authentication.k8s.io/v1beta1'
  const spec: Record<string, unknown> = {interactive: false}
  if (exec.provideClusterInfo) {
    spec.cluster = {server: cluster.server, 'insecure-skip-tls-verify': cluster.skipTLSVerify || undefined, 'certificate-authority-data': cluster.caData, 'tls-server-name': cluster.tlsServerName}
  }
  const info = JSON.stringify({apiVersion, kind: 'ExecCredential', spec})
  const childEnv: NodeJS.ProcessEnv = {...env, KUBERNETES_EXEC_INFO: info}
  for (const e of exec.env ?? []) childEnv[e.name] = e.value
  const what = `the exec credential plugin "${exec.command}" of kubeconfig user "${user.name}"`
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(exec.command!, exec.args ?? [], {env: childEnv, stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    const timer = timeoutMs > 0
      ? setTimeout(() => {
          child.kill('SIGKILL')
          reject(new TimeoutError(`${what} did not finish within ${formatDuration(timeoutMs)} (--request-timeout)`, 'EXEC_PLUGIN_TIMEOUT'))
        }, timeoutMs)
      : undefined
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(new MpxError(`${what} cannot run: ${error.message}`, 'EXEC_PLUGIN'))
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      if (code === 0) resolve(stdout)
      else reject(new MpxError(`${what} failed (exit ${code ?? 'signal'}): ${stderr.trim().split('\n')[0] || 'no message'}`, 'EXEC_PLUGIN'))
    })
  })
  let status: {token?: unknown; clientCertificateData?: unknown; clientKeyData?: unknown} | undefined
  try {
    status = (JSON.parse(out) as {status?: typeof status}).status
  } catch {
    status = undefined
  }
  const token = typeof status?.token === 'string' ? status.token : undefined
  const cert = typeof status?.clientCertificateData === 'string' ? status.clientCertificateData : undefined
  const key = typeof status?.clientKeyData === 'string' ? status.clientKeyData : undefined
  if (!token && !(cert && key)) throw new MpxError(`${what} printed no ExecCredential with status.token or client certificate data`, 'EXEC_PLUGIN')
  const b64 = (pem: string) => Buffer.from(pem, 'utf8').toString('base64')
  const users = kc.users.map((u) => (u.name === user.name ? {name: u.name, token, certData: cert && b64(cert), keyData: key && b64(key), impersonateUser: u.impersonateUser} : u))
  kc.loadFromOptions({clusters: kc.clusters, users, contexts: kc.contexts, currentContext: kc.currentContext})
}

/** client-node's Observable stub (gen/rxjsStub.js) over an already known value. */
function observable<T>(value: T): {toPromise(): Promise<T>; pipe<U>(f: (v: T) => U): unknown} {
  const promise = Promise.resolve(value)
  return {toPromise: () => promise, pipe: (f) => observable(promise.then(f))}
}

/** A generated client-node API class (CoreV1Api, AppsV1Api, ...). */
type ApiClass<T> = new (...args: never[]) => T

/**
 * An API client whose every request is bounded by the cluster's request timeout: a server that accepts
 * the connection and never answers fails with `the Kubernetes API server at URL did not answer within 2s`.
 * @param Api e.g. `c.k8s.CoreV1Api`
 * @returns the client (methods take their usual parameter object)
 */
export function apiClient<T extends object>(c: Cluster, Api: ApiClass<T>): T {
  const api = c.kc.makeApiClient(Api as unknown as Parameters<K8s.KubeConfig['makeApiClient']>[0]) as unknown as T
  const ms = c.timeoutMs
  if (ms <= 0) return api
  return new Proxy(api, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver)
      if (typeof value !== 'function') return value
      return async (param: unknown) => {
        // the object-parameter API takes client-node's Observable middleware: `{toPromise()}` is all it calls
        const options = {
          middleware: [{
            pre: (ctx: K8s.RequestContext) => (ctx.setSignal(AbortSignal.timeout(ms)), observable(ctx)),
            post: (r: K8s.ResponseContext) => observable(r),
          }],
          middlewareMergeStrategy: 'append',
        }
        try {
          return await (value as (p: unknown, o: unknown) => Promise<unknown>).call(target, param, options)
        } catch (error) {
          const e = error as {name?: string; type?: string}
          if (e?.name === 'AbortError' || e?.name === 'TimeoutError' || e?.type === 'aborted') {
            throw new TimeoutError(`the Kubernetes API server at ${c.server} did not answer within ${formatDuration(ms)}: check the cluster address and your network, or raise --request-timeout`, 'API_TIMEOUT')
          }
          throw error
        }
      }
    },
  })
}
