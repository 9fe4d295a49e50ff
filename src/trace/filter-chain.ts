/**
 * Filter chain selection of an Envoy listener (`envoy.config.listener.v3.FilterChainMatch`), as
 * Envoy's `FilterChainManagerImpl::findFilterChain` does it: at each level the most specific entry wins
 * and later levels never backtrack, except that a destination port without a matching chain falls back to
 * the port-less chains:
 *
 * 1. `destination_port` (exact, else chains without a port);
 * 2. `prefix_ranges` on the destination IP (longest prefix; chains without ranges match any IP);
 * 3. `server_names` (exact SNI, then `*.suffix` wildcards from the most specific, then chains without names);
 * 4. `transport_protocol` (exact, else chains without one);
 * 5. `application_protocols` (the first client ALPN value some chain names, else chains without any);
 * 6. `direct_source_prefix_ranges`, `source_type`, `source_prefix_ranges` (longest prefix), `source_ports`;
 *
 * then the `default_filter_chain`, else no chain (the connection is closed: `NR`).
 * What the listener filters tell about a connection (`tls_inspector` → transport `tls` and SNI,
 * `http_inspector` → ALPN of plaintext HTTP) is derived by {@link connectionFacts}, honouring
 * `filter_disabled`.
 */
import type {Json} from '../envoy/loose.js'

/** What Envoy knows about a new connection when it picks a filter chain. */
export interface ConnectionFacts {
  /** Original destination IP; undefined when unknown (matches only chains without `prefix_ranges`). */
  destinationIp?: string
  destinationPort: number
  /** SNI (`requestedServerName`), empty without TLS or tls_inspector. */
  serverName: string
  /** `tls` or `raw_buffer`. */
  transportProtocol: string
  /** ALPN values, client order. */
  applicationProtocols: string[]
  /** Downstream (client) IP; undefined when unknown. */
  sourceIp?: string
  sourcePort?: number
  /** The client is on this host (its IP is the destination's, or loopback). */
  sourceLocal: boolean
}

/** The chain Envoy picks. */
export interface ChainChoice {
  chain: Json
  /** Index in `filter_chains`, or -1 for the default filter chain. */
  index: number
  /** Display name: the chain's `name`, else `#<1-based position>`, or `default_filter_chain`. */
  name: string
  /** Why, e.g. `destination_port 9080, transport_protocol raw_buffer`. */
  why: string
}

/** What the client brings to a listener before its listener filters run. */
export interface ClientHello {
  /** The connection is TLS (the client speaks TLS). */
  tls: boolean
  /** SNI the client sends with TLS. */
  sni?: string
  /** ALPN the client offers with TLS. */
  alpn?: string[]
  /** The connection carries plaintext HTTP (http_inspector can detect it): `http/1.1`, `h2c`, ... */
  http?: string
}

/** Parses an IPv4 or IPv6 literal to a 32/128-bit number. @returns undefined for anything else */
export function parseIp(ip: string): {v6: boolean; value: bigint} | undefined {
  const s = ip.replace(/^\[|\]$/g, '')
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) {
    const parts = s.split('.').map(Number)
    if (parts.some((p) => p > 255)) return undefined
    return {v6: false, value: parts.reduce((a, p) => (a << 8n) | BigInt(p), 0n)}
  }
  if (!s.includes(':') || !/^[0-9a-fA-F:.]+$/.test(s)) return undefined
  let head = s
  let tail4: bigint | undefined
  const v4 = /(\d{1,3}(\.\d{1,3}){3})$/.exec(s)
  if (v4) {
    const p = parseIp(v4[1])
    if (!p) return undefined
    tail4 = p.value
    head = s.slice(0, -v4[1].length) + '0:0'
  }
  const halves = head.split('::')
  if (halves.length > 2) return undefined
  const left = halves[0] ? halves[0].split(':') : []
  const right = halves.length === 2 && halves[1] ? halves[1].split(':') : []
  const fill = 8 - left.length - right.length
  if (fill < 0 || (halves.length === 1 && fill !== 0)) return undefined
  const groups = [...left, ...Array(halves.length === 2 ? fill : 0).fill('0'), ...right]
  let value = 0n
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined
    value = (value << 16n) | BigInt(parseInt(g, 16))
  }
  if (tail4 !== undefined) value = (value & ~0xffffffffn) | tail4
  return {v6: true, value}
}

/** Whether an IP is inside a `CidrRange` (`{address_prefix, prefix_len}`). */
export function inCidr(ip: string, range: Json): boolean {
  const a = parseIp(ip)
  const p = parseIp(String(range?.address_prefix ?? ''))
  if (!a || !p || a.v6 !== p.v6) return false
  const bits = a.v6 ? 128 : 32
  const len = Math.min(bits, Number(range?.prefix_len?.value ?? range?.prefix_len ?? bits))
  if (len === 0) return true
  const shift = BigInt(bits - len)
  return a.value >> shift === p.value >> shift
}

/** The longest prefix length of `ranges` containing `ip`; 0 for no ranges (any); -1 when none contains it. */
function longestPrefix(ip: string | undefined, ranges: Json[] | undefined): number {
  if (!ranges || ranges.length === 0) return 0
  if (ip === undefined) return -1
  let best = -1
  for (const r of ranges) {
    if (inCidr(ip, r)) best = Math.max(best, Number(r?.prefix_len?.value ?? r?.prefix_len ?? 0))
  }
  return best
}

/** Evaluates a `ListenerFilterChainMatchPredicate` (`filter_disabled`) for a destination port. */
function predicate(p: Json | undefined, port: number): boolean {
  if (!p) return false
  if (p.any_match === true) return true
  if (p.destination_port_range) return port >= Number(p.destination_port_range.start ?? 0) && port < Number(p.destination_port_range.end ?? 0)
  if (p.or_match) return (p.or_match.rules ?? []).some((r: Json) => predicate(r, port))
  if (p.and_match) return (p.and_match.rules ?? []).every((r: Json) => predicate(r, port))
  if (p.not_match) return !predicate(p.not_match, port)
  return false
}

/** Whether a listener runs a listener filter (by name or typed_config type) for this destination port. */
export function runsListenerFilter(listener: Json, kind: 'tls_inspector' | 'http_inspector' | 'original_dst', port: number): boolean {
  for (const f of listener.listener_filters ?? []) {
    const id = `${f?.name ?? ''} ${f?.typed_config?.['@type'] ?? ''}`.toLowerCase()
    const hit = kind === 'tls_inspector' ? id.includes('tls_inspector') : kind === 'http_inspector' ? id.includes('http_inspector') : id.includes('original_dst')
    if (hit && !predicate(f.filter_disabled, port)) return true
  }
  return false
}

/**
 * What the listener learns about a connection: `tls_inspector` detects TLS (transport `tls`, the SNI
 * and ALPN); `http_inspector` detects plaintext HTTP (ALPN `http/1.1`, `h2c`, ...). A connection no
 * filter identifies is `raw_buffer` with no SNI or ALPN (Envoy's default).
 */
export function connectionFacts(
  listener: Json,
  hello: ClientHello,
  dest: {ip?: string; port: number},
  source: {ip?: string; port?: number; local: boolean},
): {facts: ConnectionFacts; notes: string[]} {
  const notes: string[] = []
  let transportProtocol = 'raw_buffer'
  let serverName = ''
  let applicationProtocols: string[] = []
  if (hello.tls) {
    if (runsListenerFilter(listener, 'tls_inspector', dest.port)) {
      transportProtocol = 'tls'
      serverName = hello.sni ?? ''
      applicationProtocols = hello.alpn ?? []
      notes.push(`tls_inspector: tls${serverName ? `, SNI ${serverName}` : ''}${applicationProtocols.length ? `, ALPN ${applicationProtocols.join(',')}` : ''}`)
    } else {
      notes.push('no tls_inspector, so TLS is not detected: raw_buffer')
    }
  } else if (hello.http && runsListenerFilter(listener, 'http_inspector', dest.port)) {
    applicationProtocols = [hello.http]
    notes.push(`http_inspector: ${hello.http}`)
  }
  return {
    facts: {destinationIp: dest.ip, destinationPort: dest.port, serverName, transportProtocol, applicationProtocols, sourceIp: source.ip, sourcePort: source.port, sourceLocal: source.local},
    notes,
  }
}

interface Candidate {
  chain: Json
  index: number
  m: Json
}

/** Keeps the candidates of the most specific entry at one level; [] when none fits. */
function narrow(cands: Candidate[], score: (m: Json) => number): Candidate[] {
  let best = -1
  for (const c of cands) best = Math.max(best, score(c.m))
  if (best < 0) return []
  return cands.filter((c) => score(c.m) === best)
}

function serverNameScore(names: string[] | undefined, sni: string): number {
  if (!names || names.length === 0) return 0
  const lower = sni.toLowerCase()
  let best = -1
  for (const raw of names) {
    const n = String(raw).toLowerCase()
    if (n === lower) return 1_000_000
    if (n.startsWith('*.') && lower.endsWith(n.slice(1)) && lower.length > n.length - 1) best = Math.max(best, n.length)
  }
  return best
}

function describeMatch(m: Json): string {
  const parts: string[] = []
  if (m.destination_port) parts.push(`destination_port ${m.destination_port?.value ?? m.destination_port}`)
  if (m.prefix_ranges?.length) parts.push(`prefix_ranges ${m.prefix_ranges.map((r: Json) => `${r.address_prefix}/${r.prefix_len?.value ?? r.prefix_len ?? 0}`).join(',')}`)
  if (m.server_names?.length) parts.push(`server_names ${m.server_names.join(',')}`)
  if (m.transport_protocol) parts.push(`transport_protocol ${m.transport_protocol}`)
  if (m.application_protocols?.length) parts.push(`application_protocols ${m.application_protocols.join(',')}`)
  if (m.source_type && m.source_type !== 'ANY') parts.push(`source_type ${m.source_type}`)
  if (m.source_prefix_ranges?.length) parts.push(`source_prefix_ranges ${m.source_prefix_ranges.map((r: Json) => `${r.address_prefix}/${r.prefix_len?.value ?? r.prefix_len ?? 0}`).join(',')}`)
  if (m.source_ports?.length) parts.push(`source_ports ${m.source_ports.join(',')}`)
  return parts.length ? parts.join(', ') : 'no conditions'
}

/**
 * Picks the filter chain of a listener for a connection (see the module comment).
 * @returns the chain, or undefined when neither a chain nor a default chain accepts the connection
 */
export function selectFilterChain(listener: Json, f: ConnectionFacts): ChainChoice | undefined {
  const all: Candidate[] = (listener.filter_chains ?? []).map((chain: Json, index: number) => ({chain, index, m: chain?.filter_chain_match ?? {}}))
  const port = (m: Json) => Number(m.destination_port?.value ?? m.destination_port ?? 0)
  const byPort = all.filter((c) => port(c.m) === f.destinationPort && f.destinationPort !== 0)
  const portless = all.filter((c) => port(c.m) === 0)
  const rest = (cands: Candidate[]): Candidate[] => {
    let c = narrow(cands, (m) => longestPrefix(f.destinationIp, m.prefix_ranges))
    c = narrow(c, (m) => serverNameScore(m.server_names, f.serverName))
    c = narrow(c, (m) => (!m.transport_protocol ? 0 : m.transport_protocol === f.transportProtocol ? 1 : -1))
    const alpnFirst = f.applicationProtocols.find((p) => c.some((x) => (x.m.application_protocols ?? []).includes(p)))
    c = narrow(c, (m) => (!m.application_protocols?.length ? 0 : alpnFirst !== undefined && m.application_protocols.includes(alpnFirst) ? 1 : -1))
    c = narrow(c, (m) => longestPrefix(f.sourceIp, m.direct_source_prefix_ranges))
    c = narrow(c, (m) => {
      const t = String(m.source_type ?? 'ANY')
      if (t === 'ANY') return 0
      if (t === 'SAME_IP_OR_LOOPBACK') return f.sourceLocal ? 1 : -1
      return f.sourceLocal ? -1 : 1
    })
    c = narrow(c, (m) => longestPrefix(f.sourceIp, m.source_prefix_ranges))
    c = narrow(c, (m) => (!m.source_ports?.length ? 0 : f.sourcePort !== undefined && m.source_ports.map(Number).includes(f.sourcePort) ? 1 : -1))
    return c
  }
  let found = byPort.length > 0 ? rest(byPort) : []
  if (found.length === 0) found = rest(portless)
  if (found.length > 0) {
    const c = found[0]
    return {chain: c.chain, index: c.index, name: c.chain?.name ? String(c.chain.name) : `#${c.index + 1}`, why: describeMatch(c.m)}
  }
  if (listener.default_filter_chain) {
    const d = listener.default_filter_chain
    return {chain: d, index: -1, name: d.name ? `${d.name} (default_filter_chain)` : 'default_filter_chain', why: 'no filter chain matches: the default filter chain takes it'}
  }
  return undefined
}

/** A short text of every chain's match, for "nearest candidates" when nothing matched. */
export function describeChains(listener: Json, limit = 4): string {
  const chains: Json[] = listener.filter_chains ?? []
  const shown = chains.slice(0, limit).map((c, i) => `${c?.name ?? `#${i + 1}`} [${describeMatch(c?.filter_chain_match ?? {})}]`)
  return shown.join('; ') + (chains.length > limit ? `; +${chains.length - limit} more` : '')
}
