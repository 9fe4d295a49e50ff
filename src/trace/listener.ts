/**
 * Step 2 of a trace: which listener accepts a connection, as iptables plus Envoy do it for a sidecar.
 *
 * Outbound: iptables redirects every outbound TCP connection to `virtualOutbound` (port 15001,
 * `use_original_dst: true`), which hands it to the listener bound to the original destination
 * `<ip>:<port>`, else to the wildcard listener `0.0.0.0:<port>` (or `[::]:<port>`), else keeps it on its
 * own filter chains (Istio: PassthroughCluster for `outboundTrafficPolicy: ALLOW_ANY`, BlackHoleCluster
 * for `REGISTRY_ONLY`). Without a `virtualOutbound` (gateways, partial dumps) the `<ip>:<port>` /
 * `0.0.0.0:<port>` listener is looked up directly.
 *
 * Inbound: iptables redirects inbound connections to `virtualInbound` (port 15006), whose filter chains
 * match on the original destination port.
 */
import type {Json} from '../envoy/loose.js'
import {listenerAddress, listenerPort} from '../envoy/listener.js'

/** The listener that takes the connection and why. */
export interface ListenerChoice {
  listener?: Json
  /** Why, for the trace step. */
  why: string
}

function addresses(l: Json): Array<[string, number]> {
  const out: Array<[string, number]> = []
  if (l.address?.socket_address) out.push([listenerAddress(l), listenerPort(l)])
  for (const a of l.additional_addresses ?? []) {
    const s = a?.address?.socket_address
    if (s) out.push([String(s.address ?? ''), Number(s.port_value ?? 0)])
  }
  return out
}

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]'])

/** The listener bound exactly to ip:port (a socket or additional address). */
export function listenerOn(listeners: Json[], ip: string, port: number): Json | undefined {
  return listeners.find((l) => addresses(l).some(([a, p]) => p === port && a.toLowerCase() === ip.toLowerCase()))
}

/** The wildcard listener of a port (`0.0.0.0:<port>` or `[::]:<port>`). */
export function wildcardListener(listeners: Json[], port: number): Json | undefined {
  return listeners.find((l) => addresses(l).some(([a, p]) => p === port && WILDCARDS.has(a)))
}

/** The `virtualOutbound` listener: `use_original_dst` (by name first, else any such listener). */
export function virtualOutbound(listeners: Json[]): Json | undefined {
  return listeners.find((l) => l.name === 'virtualOutbound') ?? listeners.find((l) => l.use_original_dst === true || l.use_original_dst?.value === true)
}

/** The `virtualInbound` listener (by name, else port 15006). */
export function virtualInbound(listeners: Json[]): Json | undefined {
  return listeners.find((l) => l.name === 'virtualInbound') ?? listeners.find((l) => listenerPort(l) === 15006)
}

/**
 * Picks the listener of an outbound connection (see the module comment).
 * @param ip the original destination IP, or undefined when unknown (only wildcard listeners then)
 */
export function selectOutboundListener(listeners: Json[], ip: string | undefined, port: number): ListenerChoice {
  const vo = virtualOutbound(listeners)
  const exact = ip === undefined ? undefined : listenerOn(listeners, ip, port)
  const wild = wildcardListener(listeners, port)
  const dest = `${ip ?? '<unknown IP>'}:${port}`
  const useOrig = vo !== undefined && (vo.use_original_dst === true || vo.use_original_dst?.value === true)
  if (vo && useOrig) {
    if (exact && exact !== vo) return {listener: exact, why: `virtualOutbound (use_original_dst) hands the connection to the listener on ${dest}`}
    if (wild && wild !== vo) return {listener: wild, why: `virtualOutbound (use_original_dst) hands the connection to 0.0.0.0:${port}${ip ? ` (no listener on ${dest})` : ''}`}
    return {listener: vo, why: `no listener on ${dest} or 0.0.0.0:${port}: the connection stays on ${vo.name ?? 'virtualOutbound'}`}
  }
  if (exact) return {listener: exact, why: `listener on ${dest}`}
  if (wild) return {listener: wild, why: `listener on 0.0.0.0:${port}${ip ? ` (none on ${dest})` : ''}`}
  if (vo) return {listener: vo, why: `no listener on ${dest} or 0.0.0.0:${port}: ${vo.name ?? 'virtualOutbound'} takes it`}
  return {why: `no listener on ${dest} or 0.0.0.0:${port} and no virtualOutbound listener (use_original_dst) to catch it: the connection is refused`}
}

/** Picks the listener of an inbound connection to `ip:port` (virtualInbound, else a listener on ip:port or 0.0.0.0:port). */
export function selectInboundListener(listeners: Json[], ip: string | undefined, port: number): ListenerChoice {
  const vi = virtualInbound(listeners)
  if (vi) return {listener: vi, why: `iptables redirects inbound traffic to ${vi.name ?? 'virtualInbound'} (${listenerAddress(vi)}:${listenerPort(vi)})`}
  const exact = ip === undefined ? undefined : listenerOn(listeners, ip, port)
  if (exact) return {listener: exact, why: `no virtualInbound listener: the listener on ${ip}:${port} takes it`}
  const wild = wildcardListener(listeners, port)
  if (wild) return {listener: wild, why: `no virtualInbound listener: the listener on 0.0.0.0:${port} takes it`}
  return {why: `no virtualInbound listener and no listener on port ${port}: the connection is refused`}
}
