/**
 * Step 1 of a trace: what a request is and where it goes. Parses the target (`http[s]://host[:port]/path?q`
 * or `host:port` for TCP) and resolves the host to the IP a sidecar's iptables would see as original
 * destination: a service VIP found in the dump (virtual host domains list the VIP next to the host
 * names; listener names are `<vip>_<port>`; cluster names carry the FQDN), with the Kubernetes DNS search
 * path of the proxy's namespace for short names.
 */
import type {Json} from '../envoy/loose.js'
import type {ProxyState} from '../envoy/proxy-state.js'
import {UsageError} from '../errors.js'
import {parseIp} from './filter-chain.js'
import {portStart} from './virtual-host.js'

/** A parsed trace target. */
export interface TraceTarget {
  /** `http`, `https`, or `tcp` (the `host:port` form). */
  scheme: 'http' | 'https' | 'tcp'
  /** Host as written (lower-case), without brackets for IPv6. */
  host: string
  port: number
  /** Whether the port was written (else the scheme's default). */
  explicitPort: boolean
  /** `:path` with query (`/` when none); empty for TCP. */
  path: string
  /** The `:authority` a client sends: host, plus `:port` when written. */
  authority: string
}

/**
 * Parses a trace target.
 * @param text `http://host[:port][/path][?query]`, `https://...`, or `host:port`
 * @throws UsageError for anything else (other schemes, a TCP target without port, a bad port)
 */
export function parseTarget(text: string): TraceTarget {
  const t = text.trim()
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(\[[^\]]+\]|[^/?#:]*)(?::(\d*))?([^#]*)?/.exec(t)
  if (m) {
    const scheme = m[1].toLowerCase()
    if (scheme !== 'http' && scheme !== 'https') throw new UsageError(`unsupported scheme "${m[1]}" in "${text}": use http://, https:// or host:port for TCP`, 'BAD_URL')
    const host = m[2].replace(/^\[|\]$/g, '').toLowerCase()
    if (host === '') throw new UsageError(`no host in "${text}": expected http[s]://host[:port][/path]`, 'BAD_URL')
    const explicitPort = m[3] !== undefined && m[3] !== ''
    const port = explicitPort ? Number(m[3]) : scheme === 'https' ? 443 : 80
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`bad port in "${text}"`, 'BAD_URL')
    let path = m[4] ?? ''
    if (path === '' || path.startsWith('?')) path = `/${path}`
    const hostPart = host.includes(':') ? `[${host}]` : host
    return {scheme, host, port, explicitPort, path, authority: explicitPort ? `${hostPart}:${port}` : hostPart}
  }
  const tcp = /^(\[[^\]]+\]|[^\s/:]+):(\d+)$/.exec(t)
  if (tcp) {
    const port = Number(tcp[2])
    if (port < 1 || port > 65535) throw new UsageError(`bad port in "${text}"`, 'BAD_URL')
    const host = tcp[1].replace(/^\[|\]$/g, '').toLowerCase()
    return {scheme: 'tcp', host, port, explicitPort: true, path: '', authority: `${tcp[1].toLowerCase()}:${port}`}
  }
  throw new UsageError(`cannot read "${text}" as a trace target: expected http[s]://host[:port][/path][?query] or host:port (TCP)`, 'BAD_URL')
}

/**
 * Parses `-H 'name: value'` flags.
 * @throws UsageError for a header without `:` or with an empty name
 */
export function parseHeaders(values: readonly string[] | undefined): Array<[string, string]> {
  const out: Array<[string, string]> = []
  for (const h of values ?? []) {
    const i = h.indexOf(':', h.startsWith(':') ? 1 : 0)
    if (i <= 0) throw new UsageError(`bad header "${h}": expected 'name: value'`, 'BAD_HEADER')
    const name = h.slice(0, i).trim()
    if (name === '') throw new UsageError(`bad header "${h}": expected 'name: value'`, 'BAD_HEADER')
    out.push([name, h.slice(i + 1).trim()])
  }
  return out
}

/** Where the request goes: the destination IP (when known) and how it was found. */
export interface Destination {
  ip?: string
  port: number
  /** Names tried for the host (the host, then DNS search path expansions). */
  names: string[]
  /** How the IP was found, e.g. `VIP from virtual host reviews.default.svc.cluster.local:9080 in route config 9080`. */
  how: string
}

/** The names a pod's resolver tries for a host (ndots 5: the search path first for names with < 5 dots). */
export function searchNames(host: string, namespace: string | undefined, clusterDomain: string): string[] {
  const dots = host.split('.').length - 1
  const search = namespace ? [`${namespace}.${clusterDomain}`, clusterDomain, clusterDomain.replace(/^svc\./, '')] : [clusterDomain, clusterDomain.replace(/^svc\./, '')]
  const expanded = search.map((s) => `${host}.${s}`)
  const names = dots < 5 ? [...expanded, host] : [host, ...expanded]
  return [...new Set(names)]
}

function isIp(s: string): boolean {
  return parseIp(s) !== undefined
}

/** The IP domains of a virtual host (`10.96.0.1`, `10.96.0.1:9080`, `[fd00::1]:80` → the IP). */
function vhostIps(vh: Json): string[] {
  const out: string[] = []
  for (const raw of vh?.domains ?? []) {
    const d = String(raw)
    const p = portStart(d)
    const host = (p === -1 ? d : d.slice(0, p)).replace(/^\[|\]$/g, '')
    if (isIp(host) && !out.includes(host)) out.push(host)
  }
  return out
}

/**
 * Resolves a target's host to the original destination IP from the dump (see the module comment).
 * @param explicitIp `--ip`, which wins
 */
export function resolveDestination(state: ProxyState, target: TraceTarget, explicitIp?: string): Destination {
  const proxy = state.proxy()
  const names = searchNames(target.host, proxy.namespace, proxy.clusterDomain)
  if (explicitIp) return {ip: explicitIp, port: target.port, names, how: `--ip ${explicitIp}`}
  if (isIp(target.host)) return {ip: target.host, port: target.port, names: [target.host], how: 'the host is an IP address'}
  // 1. virtual host domains (HTTP services): prefer the route configuration named after the port
  const configs = state.allRouteConfigs()
  const byPort = configs.filter((rc) => String(rc.name ?? '') === String(target.port))
  const others = configs.filter((rc) => String(rc.name ?? '') !== String(target.port))
  const domainIndex = new Map<string, [Json, Json]>()
  for (const rc of [...byPort, ...others]) {
    for (const vh of rc.virtual_hosts ?? []) {
      for (const d of vh?.domains ?? []) {
        const key = String(d).toLowerCase()
        if (!domainIndex.has(key)) domainIndex.set(key, [rc, vh])
      }
    }
  }
  for (const name of names) {
    const hit = domainIndex.get(name) ?? domainIndex.get(`${name}:${target.port}`)
    if (!hit) continue
    const [rc, vh] = hit
    const ips = vhostIps(vh)
    if (ips.length > 0) return {ip: ips[0], port: target.port, names, how: `${name} → VIP ${ips[0]} (domains of virtual host ${vh.name ?? ''} in route config ${rc.name ?? ''})`}
  }
  // 2. a TCP listener <vip>_<port> whose tcp_proxy sends to outbound|<port>||<fqdn>
  for (const name of names) {
    const cluster = `outbound|${target.port}||${name}`
    for (const l of state.listeners()) {
      const ip = String(l.address?.socket_address?.address ?? '')
      if (!isIp(ip) || ip === '0.0.0.0' || ip === '::') continue
      if (Number(l.address?.socket_address?.port_value ?? 0) !== target.port) continue
      const sends = (l.filter_chains ?? []).some((c: Json) => (c?.filters ?? []).some((f: Json) => f?.typed_config?.cluster === cluster))
      if (sends) return {ip, port: target.port, names, how: `${name} → VIP ${ip} (listener ${l.name ?? ''} sends to ${cluster})`}
    }
  }
  const known = names.find((n) => state.cluster(`outbound|${target.port}||${n}`) !== undefined)
  if (known) return {port: target.port, names, how: `${known} has cluster outbound|${target.port}||${known}, but no virtual host domain or listener in the dump gives its VIP (a headless service, or its route configuration is missing)`}
  return {port: target.port, names, how: `${target.host} is not a service this proxy knows (no virtual host domain, listener or cluster names it)`}
}
