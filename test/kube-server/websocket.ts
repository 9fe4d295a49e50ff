/**
 * `pods/portforward` and `pods/exec` over WebSocket, speaking the kubelet's channel protocols.
 *
 * Port-forward (kubelet `portforward/websocket.go`): subprotocols `v4.channel.k8s.io`,
 * `v4.base64.channel.k8s.io` or none. For the i-th requested port, channel 2i is data and 2i+1 is
 * error; the first frame the server sends on each carries the port as a little-endian uint16.
 * Client frames on the data channel carry raw bytes (client-node sends no port prefix). Each
 * websocket is one TCP connection to the pod port; when the pod side closes, the websocket closes.
 * A refused pod port → the kubelet's `error forwarding port …` text on the error channel, then close.
 *
 * Exec (kubelet `remotecommand`): v5 (stdin close frames `[255, 0]`), v4 (JSON status on channel 3),
 * v3/v2/v1 (plain-text error on channel 3). Channels: 0 stdin, 1 stdout, 2 stderr, 3 status, 4 resize.
 */
import {randomBytes, createHash} from 'node:crypto'
import type {IncomingMessage} from 'node:http'
import net from 'node:net'
import type {Duplex} from 'node:stream'
import type {WebSocket, WebSocketServer} from 'ws'
import * as status from './status.js'
import type {ApiStatus} from './status.js'
import type {World} from './world.js'
import {containerBinaries, podContainers, podScheduled} from './world.js'
import type {Emulators} from './emulators.js'
import {queryRecord, safeHeaders} from './emulators.js'
import {runCommand} from './exec-commands.js'
import type {ExecContext, ExecHandler, ExecResult, RecordedRequest} from './types.js'

/** What the websocket layer needs from the server. */
export interface WsContext {
  world: World
  emulators: Emulators
  /** 401 Status when the request is not authenticated (pod-scoped faults included). */
  authenticate(req: IncomingMessage, pod?: {namespace: string; name: string}): ApiStatus | undefined
  /** 403 Status when RBAC (fault rules) denies. */
  authorize(a: {verb: string; resource: string; subresource?: string; namespace?: string; name?: string}): ApiStatus | undefined
  record(r: RecordedRequest): void
  counts: {portforward: number; exec: number}
  execHandler?: ExecHandler
  /** Open sockets, closed by the server's close(). */
  track(s: net.Socket): void
}

const PF_PROTOCOLS = ['v4.channel.k8s.io', 'v4.base64.channel.k8s.io']
const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io', 'v4.base64.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io', 'base64.channel.k8s.io']
const CHUNK = 32 * 1024
const chosen = new WeakMap<IncomingMessage, string>()

/** The subprotocol {@link handleUpgrade} negotiated for a request (for ws's `handleProtocols`). */
export function chosenProtocol(req: IncomingMessage): string | undefined {
  return chosen.get(req)
}
const HIGH_WATER = 4 * 1024 * 1024

/** Writes a plain HTTP error response on a not-yet-upgraded socket and closes it. */
export function rejectUpgrade(socket: Duplex, code: number, body: string, contentType = 'application/json'): void {
  const reason = {400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 500: 'Internal Server Error'}[code] ?? 'Error'
  const b = Buffer.from(body)
  socket.end(`HTTP/1.1 ${code} ${reason}\r\nContent-Type: ${contentType}\r\nContent-Length: ${b.length}\r\nCache-Control: no-cache, private\r\nConnection: close\r\n\r\n${b.toString('binary')}`, 'binary')
  setImmediate(() => socket.destroy())
}

function offeredProtocols(req: IncomingMessage): string[] {
  const h = req.headers['sec-websocket-protocol']
  if (!h) return []
  return (Array.isArray(h) ? h.join(',') : h)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
}

/** Frame codec for binary or base64 channel protocols. */
class Codec {
  constructor(readonly base64: boolean) {}
  encode(channel: number, data: Buffer): Buffer | string {
    if (this.base64) return String.fromCharCode(48 + channel) + data.toString('base64')
    const out = Buffer.allocUnsafe(data.length + 1)
    out[0] = channel
    data.copy(out, 1)
    return out
  }
  decode(msg: Buffer | string, isBinary: boolean): {channel: number; data: Buffer} | undefined {
    if (this.base64 || !isBinary) {
      const s = Buffer.isBuffer(msg) ? msg.toString('utf8') : msg
      if (s.length < 1) return undefined
      return {channel: s.charCodeAt(0) - 48, data: Buffer.from(s.slice(1), 'base64')}
    }
    const b = msg as Buffer
    if (b.length < 1) return undefined
    return {channel: b[0]!, data: b.subarray(1)}
  }
}

function rawMessage(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[])
  return Buffer.from(data as ArrayBuffer)
}

/**
 * Handles an upgrade request for `/api/v1/namespaces/{ns}/pods/{name}/{portforward|exec}`.
 * Returns false when the path is not one of those (caller answers 404).
 */
export function handleUpgrade(ctx: WsContext, wss: WebSocketServer, req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
  const url = new URL(req.url ?? '/', 'https://localhost')
  const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(portforward|exec)$/.exec(url.pathname)
  if (!m) return false
  const namespace = decodeURIComponent(m[1]!)
  const name = decodeURIComponent(m[2]!)
  const sub = m[3] as 'portforward' | 'exec'
  const rec = (statusCode: number) =>
    ctx.record({
      kind: sub === 'portforward' ? 'portforward' : 'exec',
      method: req.method ?? 'GET',
      path: url.pathname,
      query: queryRecord(url.searchParams),
      headers: safeHeaders(req.headers),
      pod: {namespace, name},
      status: statusCode,
      time: Date.now(),
    })
  const deny = (s: ApiStatus) => {
    rec(s.code)
    rejectUpgrade(socket, s.code, JSON.stringify(s))
  }
  const unauth = ctx.authenticate(req, {namespace, name})
  if (unauth) return deny(unauth), true
  const forbid = ctx.authorize({verb: 'create', resource: 'pods', subresource: sub, namespace, name})
  if (forbid) return deny(forbid), true
  const podType = ctx.world.type('', 'pods')!
  const podObj = ctx.world.get(podType, namespace, name)
  const st = ctx.world.podState(namespace, name)
  if (!podObj || !st) return deny(status.notFound('pods', name)), true
  if (!podScheduled(st.spec)) return deny(status.badRequest(`pod ${name} does not have a host assigned`)), true

  if (sub === 'portforward') {
    const raw = url.searchParams.getAll('ports').flatMap((p) => p.split(',')).map((p) => p.trim()).filter(Boolean)
    if (raw.length === 0) return deny(status.badRequest('query parameter "port" is required')), true
    const ports: number[] = []
    for (const p of raw) {
      const n = Number(p)
      if (!/^\d+$/.test(p) || n < 1 || n > 65535) return deny(status.badRequest(`unable to parse "${p}" as a port: invalid port`)), true
      ports.push(n)
    }
    const offered = offeredProtocols(req)
    const proto = offered.length === 0 ? '' : PF_PROTOCOLS.find((p) => offered.includes(p))
    if (proto === undefined) {
      rec(400)
      rejectUpgrade(socket, 400, `unable to upgrade: requested protocol(s) are not supported: [${offered.join(' ')}]; supports [${PF_PROTOCOLS.join(' ')}]`, 'text/plain; charset=utf-8')
      return true
    }
    chosen.set(req, proto)
    wss.handleUpgrade(req, socket, head, (ws) => {
      ctx.counts.portforward++
      rec(101)
      runPortForward(ctx, ws, namespace, name, st.uid, ports, new Codec(proto.includes('base64')))
    })
    return true
  }

  // exec
  const {containers, initContainers} = podContainers(st.spec)
  const all = [...containers, ...initContainers]
  let container = url.searchParams.get('container') ?? ''
  if (!container) {
    if (containers.length === 1) container = containers[0]!.name
    else {
      const msg = `a container name must be specified for pod ${name}, choose one of: [${containers.map((c) => c.name).join(' ')}]${initContainers.length ? ` or one of the init containers: [${initContainers.map((c) => c.name).join(' ')}]` : ''}`
      return deny(status.badRequest(msg)), true
    }
  }
  const c = all.find((x) => x.name === container)
  if (!c) return deny(status.badRequest(`container ${container} is not valid for pod ${name}`)), true
  const command = url.searchParams.getAll('command')
  if (command.length === 0) return deny(status.badRequest('you must specify at least 1 command')), true
  if ((st.spec.phase ?? 'Running') !== 'Running') return deny(status.badRequest(`unable to upgrade connection: container not found ("${container}")`)), true
  const offered = offeredProtocols(req)
  const proto = offered.length === 0 ? '' : EXEC_PROTOCOLS.find((p) => offered.includes(p))
  if (proto === undefined) {
    rec(400)
    rejectUpgrade(socket, 400, `unable to upgrade: requested protocol(s) are not supported: [${offered.join(' ')}]; supports [${EXEC_PROTOCOLS.join(' ')}]`, 'text/plain; charset=utf-8')
    return true
  }
  chosen.set(req, proto)
  wss.handleUpgrade(req, socket, head, (ws) => {
    ctx.counts.exec++
    rec(101)
    const version = proto === 'v5.channel.k8s.io' ? 5 : proto.startsWith('v4.') ? 4 : proto.startsWith('v3.') ? 3 : proto.startsWith('v2.') ? 2 : 1
    void runExec(ctx, ws, {namespace, name}, container, command, containerBinaries(c), version, new Codec(proto.includes('base64')))
  })
  return true
}

function portBytes(port: number): Buffer {
  const b = Buffer.alloc(2)
  b.writeUInt16LE(port, 0)
  return b
}

function runPortForward(ctx: WsContext, ws: WebSocket, namespace: string, name: string, uid: string, ports: number[], codec: Codec): void {
  const sandbox = createHash('sha256').update(`sandbox/${uid}`).digest('hex')
  const conns: Array<net.Socket | undefined> = []
  // Client data that arrives before the pod-side TCP connection exists (the emulator may still be starting).
  const early: Buffer[][] = ports.map(() => [])
  const started: boolean[] = ports.map(() => false)
  let pending = ports.length
  let wsClosed = false
  const finishOne = () => {
    if (--pending === 0 && !wsClosed) ws.close(1000)
  }
  ws.on('close', () => {
    wsClosed = true
    for (const c of conns) c?.destroy()
  })
  ws.on('error', () => undefined)
  ws.on('message', (data, isBinary) => {
    const f = codec.decode(isBinary ? rawMessage(data) : rawMessage(data).toString('utf8'), isBinary)
    if (!f || f.channel % 2 !== 0 || f.channel / 2 >= ports.length || f.data.length === 0) return
    const idx = f.channel / 2
    if (!started[idx]) {
      early[idx]!.push(Buffer.from(f.data))
      return
    }
    const conn = conns[idx]
    if (conn && !conn.destroyed) {
      if (!conn.write(f.data)) {
        ws.pause()
        conn.once('drain', () => ws.resume())
      }
    }
  })
  ports.forEach((port, i) => {
    const dataCh = 2 * i
    const errCh = 2 * i + 1
    ws.send(codec.encode(dataCh, portBytes(port)))
    ws.send(codec.encode(errCh, portBytes(port)))
    void ctx.emulators.address(namespace, name, port).then((lp) => {
      if (wsClosed) return
      const refuse = () => {
        const msg =
          `error forwarding port ${port} to pod ${sandbox}, uid : failed to execute portforward in network namespace ` +
          `"/var/run/netns/cni-${uid}": failed to connect to localhost:${port} inside namespace "${sandbox}", ` +
          `IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused IPv6 dial tcp6 [::1]:${port}: connect: connection refused `
        if (!wsClosed) ws.send(codec.encode(errCh, Buffer.from(msg)))
        finishOne()
      }
      started[i] = true
      if (lp === null) return refuse()
      const conn = net.connect({host: '127.0.0.1', port: lp})
      ctx.track(conn)
      conns[i] = conn
      for (const b of early[i]!.splice(0)) conn.write(b)
      let connected = false
      conn.on('connect', () => (connected = true))
      // flow control: stop reading from the pod while the WebSocket has too much queued, and resume from
      // the send callbacks (which run as frames reach the socket) rather than by polling
      let paused = false
      const onSent = () => {
        if (paused && (wsClosed || ws.bufferedAmount <= HIGH_WATER / 2)) {
          paused = false
          conn.resume()
        }
      }
      conn.on('data', (d: Buffer) => {
        if (wsClosed) return
        for (let off = 0; off < d.length; off += CHUNK) {
          ws.send(codec.encode(dataCh, d.subarray(off, off + CHUNK)), onSent)
        }
        if (ws.bufferedAmount > HIGH_WATER) {
          paused = true
          conn.pause()
        }
      })
      conn.on('error', () => undefined)
      conn.on('close', () => {
        conns[i] = undefined
        if (!connected) return refuse()
        finishOne()
      })
    })
  })
}

async function runExec(
  ctx: WsContext,
  ws: WebSocket,
  pod: {namespace: string; name: string},
  container: string,
  command: string[],
  binaries: string[],
  version: number,
  codec: Codec,
): Promise<void> {
  let closed = false
  ws.on('close', () => (closed = true))
  ws.on('error', () => undefined)
  ws.on('message', () => undefined) // stdin / resize / v5 close frames are accepted and ignored
  const ectx: ExecContext = {
    pod,
    container,
    command,
    fetchPort: (port, method, pathAndQuery, body) => ctx.emulators.fetch(pod.namespace, pod.name, port, method, pathAndQuery, body),
  }
  let result: ExecResult | undefined
  let startFailed: string | undefined
  try {
    result = ctx.execHandler ? await ctx.execHandler(ectx) : undefined
    if (!result) {
      const o = await runCommand(ectx, binaries)
      if (o.kind === 'not-found') startFailed = o.binary
      else result = o.result
    }
  } catch (e) {
    result = {stderr: `kube-server exec handler error: ${(e as Error).message}\n`, exitCode: 1}
  }
  if (closed) return
  const send = (ch: number, data: string | Buffer | undefined) => {
    const b = typeof data === 'string' ? Buffer.from(data) : data
    if (!b || b.length === 0) return
    for (let off = 0; off < b.length; off += CHUNK) ws.send(codec.encode(ch, b.subarray(off, off + CHUNK)))
  }
  let st: Record<string, unknown>
  if (startFailed !== undefined) st = status.execStartFailed(startFailed, randomBytes(32).toString('hex'))
  else {
    send(1, result!.stdout)
    send(2, result!.stderr)
    st = result!.exitCode === 0 ? status.execSuccess() : status.execExitCode(result!.exitCode, command)
  }
  if (version >= 4) send(3, JSON.stringify(st))
  else if (st.status !== 'Success') send(3, String(st.message))
  ws.close(1000)
}
