/**
 * Per-pod-port loopback servers. Every emulated pod port gets a real `node:http` server on
 * 127.0.0.1:0 (created lazily on first use), so port-forward tunnels carry real TCP byte streams
 * with HTTP keep-alive; `{forwardTo}` ports map to a server the test runs itself.
 * Emulator-level faults (status override, drop after N bytes, delays, trickle) are applied here.
 */
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import type {Faults, FetchResult, HttpFault, PortHandler, PortResponse, RecordedRequest} from './types.js'

/** How a pod port is served right now. */
export type ResolvedPort = {kind: 'http'; handler: PortHandler} | {kind: 'forward'; port: number}

/** What the emulators need from the server. */
export interface EmulatorContext {
  /** Current handler of a pod port, or undefined when nothing listens there. */
  resolve(namespace: string, name: string, port: number): ResolvedPort | undefined
  /** Effective faults for a pod (pod faults over global faults). */
  faults(namespace: string, name: string): {pod: Faults; global: Faults}
  record(r: RecordedRequest): void
}

function toArray<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v]
}

/** First HTTP fault matching the request (pod faults first). */
export function matchHttpFault(f: {pod: Faults; global: Faults}, port: number, path: string): HttpFault | undefined {
  for (const h of [...toArray(f.pod.http), ...toArray(f.global.http)]) {
    if (h.port !== undefined && h.port !== port) continue
    if (h.pathPrefix !== undefined && !path.startsWith(h.pathPrefix)) continue
    return h
  }
  return undefined
}

/** Query params as a plain record (repeated keys → arrays). */
export function queryRecord(q: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [k, v] of q.entries()) {
    const prev = out[k]
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v]
  }
  return out
}

/** Headers without `authorization`. */
export function safeHeaders(h: http.IncomingHttpHeaders): Record<string, string | string[] | undefined> {
  const out: Record<string, string | string[] | undefined> = {}
  for (const [k, v] of Object.entries(h)) if (k !== 'authorization') out[k] = v
  return out
}

function bodyOf(r: PortResponse): {bytes: Buffer; contentType?: string} {
  const b = r.body
  if (b === undefined || b === null) return {bytes: Buffer.alloc(0)}
  if (Buffer.isBuffer(b)) return {bytes: b}
  if (typeof b === 'string') return {bytes: Buffer.from(b)}
  return {bytes: Buffer.from(JSON.stringify(b, null, 1)), contentType: 'application/json'}
}

/** The set of loopback emulator servers. */
export class Emulators {
  private readonly servers = new Map<string, Promise<http.Server>>()
  private readonly timers = new Set<NodeJS.Timeout>()
  private closed = false

  constructor(private readonly ctx: EmulatorContext) {}

  /**
   * Loopback TCP port serving `namespace/name:port`, or null when the pod port refuses connections
   * (not emulated, or listed in `refusePorts`).
   */
  async address(namespace: string, name: string, port: number): Promise<number | null> {
    if (this.closed) return null
    const f = this.ctx.faults(namespace, name)
    if ((f.pod.refusePorts ?? []).includes(port) || (f.global.refusePorts ?? []).includes(port)) return null
    const r = this.ctx.resolve(namespace, name, port)
    if (!r) return null
    if (r.kind === 'forward') return r.port
    const key = `${namespace}/${name}:${port}`
    let p = this.servers.get(key)
    if (!p) {
      p = this.startServer(namespace, name, port)
      this.servers.set(key, p)
    }
    const srv = await p
    return (srv.address() as AddressInfo).port
  }

  private startServer(namespace: string, name: string, port: number): Promise<http.Server> {
    const srv = http.createServer({keepAliveTimeout: 30_000}, (req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => void this.serve(namespace, name, port, req, res, Buffer.concat(chunks)))
    })
    srv.on('clientError', (_e, sock) => sock.destroy())
    return new Promise((resolve, reject) => {
      srv.once('error', reject)
      srv.listen(0, '127.0.0.1', () => resolve(srv))
    })
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t)
        resolve()
      }, ms)
      this.timers.add(t)
    })
  }

  private async serve(namespace: string, name: string, port: number, req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost')
    this.ctx.record({
      kind: 'admin',
      method: req.method ?? 'GET',
      path: url.pathname,
      query: queryRecord(url.searchParams),
      headers: safeHeaders(req.headers),
      pod: {namespace, name},
      port,
      time: Date.now(),
    })
    const fault = matchHttpFault(this.ctx.faults(namespace, name), port, url.pathname)
    let r: PortResponse
    if (fault?.status !== undefined) {
      r = {status: fault.status, headers: {'content-type': 'text/plain'}, body: fault.body ?? ''}
    } else {
      const resolved = this.ctx.resolve(namespace, name, port)
      try {
        r = resolved?.kind === 'http' ? await resolved.handler({method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body, pod: {namespace, name}, port}) : {status: 503, body: 'port no longer emulated'}
      } catch (e) {
        r = {status: 500, headers: {'content-type': 'text/plain'}, body: `emulator error: ${(e as Error).message}`}
      }
    }
    if (fault?.delayHeadersMs) await this.sleep(fault.delayHeadersMs)
    if (res.destroyed || this.closed) return
    const {bytes, contentType} = bodyOf(r)
    const headers: Record<string, string> = {...(contentType ? {'content-type': contentType} : {}), ...(r.headers ?? {})}
    res.writeHead(r.status ?? 200, headers)
    if (req.method === 'HEAD') {
      res.end()
      return
    }
    if (fault?.dropAfterBytes !== undefined) {
      res.flushHeaders()
      const part = bytes.subarray(0, fault.dropAfterBytes)
      const kill = () => res.socket?.destroy()
      if (part.length) res.write(part, () => setImmediate(kill))
      else setImmediate(kill)
      return
    }
    if (fault?.trickle) {
      const {chunkBytes, intervalMs} = fault.trickle
      res.flushHeaders()
      for (let off = 0; off < bytes.length; off += Math.max(1, chunkBytes)) {
        if (res.destroyed || this.closed) return
        res.write(bytes.subarray(off, off + Math.max(1, chunkBytes)))
        await this.sleep(intervalMs)
      }
      if (!res.destroyed) res.end()
      return
    }
    // Envoy's admin answers with chunked transfer-encoding.
    if (bytes.length) res.write(bytes)
    res.end()
  }

  /**
   * Makes a real HTTP request to an emulated pod port (used by exec'd `pilot-agent request` / `curl`).
   * Returns null when the port refuses connections.
   */
  async fetch(namespace: string, name: string, port: number, method: string, pathAndQuery: string, reqBody?: Buffer): Promise<FetchResult | null> {
    const lp = await this.address(namespace, name, port)
    if (lp === null) return null
    return new Promise((resolve) => {
      const req = http.request({host: '127.0.0.1', port: lp, method, path: pathAndQuery, agent: false, headers: {host: `localhost:${port}`}}, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({status: res.statusCode ?? 0, body: Buffer.concat(chunks)}))
        res.on('error', () => resolve({status: res.statusCode ?? 0, body: Buffer.concat(chunks), error: 'unexpected EOF'}))
        res.on('aborted', () => resolve({status: res.statusCode ?? 0, body: Buffer.concat(chunks), error: 'unexpected EOF'}))
      })
      req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED' ? null : {status: 0, body: Buffer.alloc(0), error: e.message}))
      req.end(reqBody)
    })
  }

  /** Closes every emulator server and its connections, and cancels pending timers. */
  async close(): Promise<void> {
    this.closed = true
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
    const servers = await Promise.all([...this.servers.values()].map((p) => p.catch(() => undefined)))
    this.servers.clear()
    await Promise.all(
      servers.map(
        (s) =>
          s &&
          new Promise<void>((resolve) => {
            s.close(() => resolve())
            s.closeAllConnections()
          }),
      ),
    )
  }
}
