/**
 * An HTTP client for a pod's Envoy admin API (or any HTTP port in a pod, such as istiod's 15014 debug
 * port), over one of two transports:
 * - `port-forward`: one `pods/portforward` tunnel per pod, handed to an undici `Client` as its socket and
 *   reused (keep-alive) for every request of the command;
 * - `exec`: `pilot-agent request GET <path>` in the proxy container (istio's own admin client), falling
 *   back to `curl -s http://localhost:<port>/<path>` when pilot-agent is absent.
 */
import type {Socket} from 'node:net'
import {MpxError} from '../errors.js'
import {interruptedError} from '../interrupt.js'
import type {Cluster} from './cluster.js'
import {execCapture} from './exec.js'
import {openPortForward} from './port-forward.js'
import type {PodRef} from './pods.js'

/** The transports mpx can reach a pod's port with. */
export type Transport = 'port-forward' | 'exec'

/** Limits of every request. */
export interface RequestLimits {
  /** Overall deadline per request in ms (0 = none). */
  timeoutMs: number
  /** Largest accepted answer, in bytes. */
  maxBytes: number
  /** Aborts in-flight requests (Ctrl-C). */
  signal?: AbortSignal
  /** Called as body bytes arrive: bytes so far and, when the server said, the total (for progress). */
  onBytes?: (received: number, total?: number) => void
}

/** GETs paths from one HTTP port of one pod. */
export interface AdminClient {
  /**
   * GETs `path` (relative, may carry a query: `config_dump?mask=bootstrap`).
   * @returns the whole body; never a partial one
   * @throws MpxError for a non-200 answer (`Envoy admin answered 503 for /x: ...`), a dropped
   *   connection, the byte limit or the timeout
   */
  get(path: string): Promise<Buffer>
  /**
   * POSTs `path` with an empty body (mutating admin endpoints such as `logging?level=debug`).
   * @returns the whole body
   * @throws MpxError as {@link AdminClient.get}
   */
  post(path: string): Promise<Buffer>
  /** Closes the tunnel (idempotent). */
  close(): Promise<void>
}

/** Options to open an {@link AdminClient}. */
export interface AdminClientOptions extends RequestLimits {
  transport: Transport
  /** Container for exec (`istio-proxy`; `discovery` for istiod). */
  container: string
  /** Port in the pod. */
  port: number
  /** Binary for the exec transport: `pilot-agent` (sidecar) or `pilot-discovery` (istiod). */
  agent?: 'pilot-agent' | 'pilot-discovery'
}

function findMpxError(err: unknown): MpxError | undefined {
  for (let e: unknown = err, i = 0; e && i < 6; e = (e as {cause?: unknown}).cause, i++) if (e instanceof MpxError) return e
  return undefined
}

/** Opens an admin client to `ref` (lazily: the tunnel opens on the first request). */
export async function openAdminClient(c: Cluster, ref: PodRef, o: AdminClientOptions): Promise<AdminClient> {
  return o.transport === 'exec' ? execClient(c, ref, o) : portForwardClient(c, ref, o)
}

async function portForwardClient(c: Cluster, ref: PodRef, o: AdminClientOptions): Promise<AdminClient> {
  const {Client} = await import('undici')
  const pod = `${ref.name}.${ref.namespace}`
  const client = new Client(`http://127.0.0.1:${o.port}`, {
    connect: (_opts, cb) => {
      openPortForward(c, ref, o.port).then(
        (s) => cb(null, s as unknown as Socket),
        (e: Error) => cb(e, null),
      )
    },
    pipelining: 1,
    headersTimeout: o.timeoutMs,
    bodyTimeout: o.timeoutMs,
    maxResponseSize: o.maxBytes,
    keepAliveTimeout: 60_000,
  })
  let closed = false
  const send = async (method: 'GET' | 'POST', path: string): Promise<Buffer> => {
      const signals = [o.signal, o.timeoutMs > 0 ? AbortSignal.timeout(o.timeoutMs) : undefined].filter((s): s is AbortSignal => !!s)
      let received = 0
      try {
        const res = await client.request({path: `/${path}`, method, signal: signals.length ? AbortSignal.any(signals) : undefined})
        const chunks: Buffer[] = []
        const length = Number(res.headers['content-length'])
        const total = Number.isFinite(length) && length > 0 ? length : undefined
        for await (const chunk of res.body) {
          received += chunk.length
          chunks.push(chunk as Buffer)
          o.onBytes?.(received, total)
        }
        const body = Buffer.concat(chunks)
        if (res.statusCode !== 200) {
          throw new MpxError(`Envoy admin in ${pod} answered ${res.statusCode} for /${path}: ${body.toString('utf8').trim().split('\n')[0].slice(0, 200)}`, 'ADMIN_STATUS')
        }
        return body
      } catch (error) {
        const own = findMpxError(error)
        if (own) throw own
        const code = (error as {code?: string}).code ?? ''
        const name = (error as {name?: string}).name ?? ''
        if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') throw new MpxError(`the answer to /${path} from ${pod} is larger than --max-bytes (${o.maxBytes} bytes): raise --max-bytes`, 'TOO_LARGE')
        if (o.signal?.aborted) throw interruptedError(o.signal)
        if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || name === 'TimeoutError' || name === 'AbortError') {
          throw new MpxError(`no complete answer to /${path} from ${pod} within --request-timeout (${o.timeoutMs} ms)`, 'TIMEOUT')
        }
        if (code.startsWith('UND_ERR') || code === 'ECONNRESET' || code === 'EPIPE') {
          throw new MpxError(`the connection to ${pod} dropped while reading /${path} (after ${received} bytes): retry, or try --transport exec`, 'DROPPED')
        }
        throw error
      }
  }
  return {
    get: (path) => send('GET', path),
    post: (path) => send('POST', path),
    async close() {
      if (closed) return
      closed = true
      await client.destroy().catch(() => undefined)
    },
  }
}

function execClient(c: Cluster, ref: PodRef, o: AdminClientOptions): AdminClient {
  const pod = `${ref.name}.${ref.namespace}`
  const agent = o.agent ?? 'pilot-agent'
  let useCurl = false
  const send = async (method: 'GET' | 'POST', path: string): Promise<Buffer> => {
      const limits = {maxBytes: o.maxBytes, timeoutMs: o.timeoutMs, signal: o.signal, onBytes: o.onBytes}
      if (!useCurl) {
        const cmd = [agent, 'request', method, path]
        if (agent === 'pilot-agent' && o.port !== 15000) cmd.push('--debug-port', String(o.port))
        const r = await execCapture(c, ref, o.container, cmd, limits)
        if (r.exitCode === 0) return r.stdout
        if (r.exitCode !== 127 && r.exitCode !== 126) {
          throw new MpxError(`${agent} request ${method} ${path} in ${pod} failed (exit ${r.exitCode}): ${(r.stderr || r.message || '').trim().split('\n')[0].slice(0, 200)}`, 'ADMIN_STATUS')
        }
        useCurl = true
      }
      const r = await execCapture(c, ref, o.container, ['curl', '-sS', '-f', ...(method === 'GET' ? [] : ['-X', method]), `http://localhost:${o.port}/${path}`], limits)
      if (r.exitCode === 0) return r.stdout
      if (r.exitCode === 127 || r.exitCode === 126) {
        throw new MpxError(`neither ${agent} nor curl can run in container ${o.container} of ${pod}: use --transport port-forward`, 'NO_AGENT')
      }
      throw new MpxError(`curl http://localhost:${o.port}/${path} in ${pod} failed (exit ${r.exitCode}): ${(r.stderr || r.message || '').trim().split('\n')[0].slice(0, 200)}`, 'ADMIN_STATUS')
  }
  return {
    get: (path) => send('GET', path),
    post: (path) => send('POST', path),
    async close() {},
  }
}
