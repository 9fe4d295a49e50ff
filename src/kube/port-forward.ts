/**
 * A tunnel to a port inside a pod through the `pods/portforward` subresource (WebSocket,
 * `v4.channel.k8s.io`: channel 0 data, channel 1 errors, each starting with the port as a 2-byte
 * little-endian prefix that client-node strips). The tunnel is a Node Duplex handed to undici as its
 * connection, so no local TCP port is ever opened.
 */
import {Duplex, PassThrough, Writable} from 'node:stream'
import type WebSocket from 'ws'
import {MpxError} from '../errors.js'
import type {Cluster} from './cluster.js'
import {toMpxError} from './errors.js'
import type {PodRef} from './pods.js'

/**
 * Opens one tunnel (one TCP connection from the kubelet to `port` in the pod).
 * @returns a Duplex: bytes written go to the pod's port, bytes read come from it; destroying it closes
 *   the WebSocket. Errors the kubelet reports on the error channel destroy it with an MpxError
 *   (`nothing listens on <port> in pod ...` for a refused port).
 * @throws MpxError when the WebSocket cannot be opened (401, 403 naming pods/portforward, unreachable)
 */
export async function openPortForward(c: Cluster, ref: PodRef, port: number): Promise<Duplex> {
  const toPod = new PassThrough()
  const errors = new PassThrough()
  // Bytes from the pod are pushed straight into the tunnel's readable side (no intermediate stream: a
  // config dump is tens of MB and every extra stream hop costs a copy and many small reads).
  const tunnel = new Duplex({
    read() {},
    write(chunk, encoding, cb) {
      toPod.write(chunk, encoding, cb)
    },
    final(cb) {
      toPod.end()
      cb()
    },
  })
  const fromPod = new Writable({
    write(chunk, _encoding, cb) {
      tunnel.push(chunk)
      cb()
    },
  })
  let ws: WebSocket
  try {
    ws = (await new c.k8s.PortForward(c.kc, true).portForward(ref.namespace, ref.name, [port], fromPod, errors, toPod)) as unknown as WebSocket
  } catch (error) {
    throw toMpxError(error, {
      server: c.server,
      resource: 'pods/portforward',
      verb: 'create',
      namespace: ref.namespace,
      name: ref.name,
      forbiddenHint: '--transport exec',
    })
  }
  ws.on('close', () => tunnel.push(null))
  ws.on('error', (e) => tunnel.destroy(toMpxError(e, {server: c.server})))
  tunnel.on('close', () => ws.close())
  tunnel.on('error', () => ws.close())
  errors.on('data', (d: Buffer) => {
    const text = d.toString('utf8').trim()
    if (!text) return
    tunnel.destroy(
      /refused|connect\(|No such|failed to connect/i.test(text)
        ? new MpxError(`nothing listens on ${port} in pod ${ref.name}.${ref.namespace}: sidecar not ready, or a custom proxyAdminPort? (${text.split('\n')[0]})`, 'PORT_REFUSED')
        : new MpxError(`port-forward to ${ref.name}.${ref.namespace}:${port} failed: ${text.split('\n')[0]}`, 'PORT_FORWARD'),
    )
  })
  return tunnel
}
