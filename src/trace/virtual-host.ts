/**
 * Virtual host selection of an Envoy `RouteConfiguration` (`envoy.config.route.v3.VirtualHost.domains`),
 * as Envoy's `RouteMatcher::findVirtualHost` (`source/common/router/config_impl.cc`) does it:
 *
 * 1. the Host (`:authority`, or the `vhost_header` when configured) is lower-cased; with
 *    `ignore_port_in_host_matching` a numeric `:port` suffix is removed first (not inside `[v6]`);
 * 2. an exact domain wins;
 * 3. then the longest suffix wildcard (`*.example.com`, `*-bar.example.com`) whose suffix is shorter than
 *    the host (`*.foo.com` does not match `.foo.com`);
 * 4. then the longest prefix wildcard (`foo.*`), same length rule;
 * 5. then the `*` virtual host; else no virtual host (404, `NR`).
 */
import type {Json} from '../envoy/loose.js'

/** How the virtual host was chosen. */
export type DomainRule = 'exact' | 'suffix wildcard' | 'prefix wildcard' | 'default'

/** The chosen virtual host. */
export interface VirtualHostMatch {
  vhost: Json
  /** Index in `virtual_hosts`. */
  index: number
  rule: DomainRule
  /** The domain entry that matched (as written in the config). */
  domain: string
  /** The host value that was matched (lower-case, port removed when ignored). */
  host: string
  /** Whether the port was removed from the host by `ignore_port_in_host_matching`. */
  portIgnored: boolean
}

interface Indexed {
  exact: Map<string, [Json, number, string]>
  /** Suffix wildcards by suffix length, longest first. */
  suffixes: Array<[number, Map<string, [Json, number, string]>]>
  prefixes: Array<[number, Map<string, [Json, number, string]>]>
  fallback?: [Json, number, string]
}

const indexCache = new WeakMap<Json, Indexed>()

function indexOf(rc: Json): Indexed {
  let idx = indexCache.get(rc)
  if (idx) return idx
  const exact = new Map<string, [Json, number, string]>()
  const suffixes = new Map<number, Map<string, [Json, number, string]>>()
  const prefixes = new Map<number, Map<string, [Json, number, string]>>()
  let fallback: [Json, number, string] | undefined
  const vhosts: Json[] = rc.virtual_hosts ?? []
  vhosts.forEach((vh, i) => {
    for (const raw of vh?.domains ?? []) {
      const d = String(raw).toLowerCase()
      const entry: [Json, number, string] = [vh, i, String(raw)]
      if (d === '*') fallback ??= entry
      else if (d.startsWith('*')) add(suffixes, d.length - 1, d.slice(1), entry)
      else if (d.endsWith('*')) add(prefixes, d.length - 1, d.slice(0, -1), entry)
      else if (!exact.has(d)) exact.set(d, entry)
    }
  })
  const sorted = (m: Map<number, Map<string, [Json, number, string]>>) => [...m.entries()].sort((a, b) => b[0] - a[0])
  idx = {exact, suffixes: sorted(suffixes), prefixes: sorted(prefixes), fallback}
  indexCache.set(rc, idx)
  return idx
}

function add(m: Map<number, Map<string, [Json, number, string]>>, len: number, key: string, entry: [Json, number, string]): void {
  let inner = m.get(len)
  if (!inner) m.set(len, (inner = new Map()))
  if (!inner.has(key)) inner.set(key, entry)
}

/**
 * Where the port of a Host value starts (Envoy `HeaderUtility::getPortStart`): the last `:` when what
 * follows is a number and it is not inside a bracketed IPv6 literal.
 * @returns the index of the `:`, or -1
 */
export function portStart(host: string): number {
  const colon = host.lastIndexOf(':')
  if (colon === -1) return -1
  const v6End = host.lastIndexOf(']')
  if (v6End !== -1 && v6End > colon) return -1
  return /^\d+$/.test(host.slice(colon + 1)) ? colon : -1
}

/**
 * Picks the virtual host for a Host value (see the module comment for the rules).
 * @param rc a RouteConfiguration (snake_case)
 * @param authority the `:authority` (or the `vhost_header` value) as the client sent it
 * @returns the match, or undefined when no domain matches and there is no `*` virtual host
 */
export function selectVirtualHost(rc: Json, authority: string): VirtualHostMatch | undefined {
  const idx = indexOf(rc)
  let host = authority
  let portIgnored = false
  if (rc.ignore_port_in_host_matching === true) {
    const p = portStart(host)
    if (p !== -1) {
      host = host.slice(0, p)
      portIgnored = true
    }
  }
  host = host.toLowerCase()
  const make = (e: [Json, number, string], rule: DomainRule): VirtualHostMatch => ({vhost: e[0], index: e[1], domain: e[2], rule, host, portIgnored})
  const onlyDefault = idx.exact.size === 0 && idx.suffixes.length === 0 && idx.prefixes.length === 0
  if (onlyDefault) return idx.fallback ? make(idx.fallback, 'default') : undefined
  const exact = idx.exact.get(host)
  if (exact) return make(exact, 'exact')
  for (const [len, map] of idx.suffixes) {
    if (len >= host.length) continue
    const e = map.get(host.slice(host.length - len))
    if (e) return make(e, 'suffix wildcard')
  }
  for (const [len, map] of idx.prefixes) {
    if (len >= host.length) continue
    const e = map.get(host.slice(0, len))
    if (e) return make(e, 'prefix wildcard')
  }
  return idx.fallback ? make(idx.fallback, 'default') : undefined
}

/**
 * The domains nearest to a host that did not match, for "did you mean" hints: domains sharing the
 * longest common suffix or prefix with the host (at most `limit`).
 */
export function nearestDomains(rc: Json, host: string, limit = 3): string[] {
  const h = host.toLowerCase()
  const scored: Array<[number, string]> = []
  for (const vh of rc.virtual_hosts ?? []) {
    for (const raw of vh?.domains ?? []) {
      const d = String(raw).toLowerCase()
      let pre = 0
      while (pre < d.length && pre < h.length && d[pre] === h[pre]) pre++
      let suf = 0
      while (suf < d.length && suf < h.length && d[d.length - 1 - suf] === h[h.length - 1 - suf]) suf++
      const score = Math.max(pre, suf)
      if (score > 0) scored.push([score, String(raw)])
    }
  }
  scored.sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
  const out: string[] = []
  for (const [, d] of scored) {
    if (!out.includes(d)) out.push(d)
    if (out.length >= limit) break
  }
  return out
}

/**
 * Domains that appear in more than one virtual host of a route configuration (compared lower-case, as
 * Envoy does; Envoy rejects such a configuration: "Only unique values for domains are permitted").
 * @returns domain → names of the virtual hosts holding it, in order
 */
export function duplicateDomains(rc: Json): Map<string, string[]> {
  const owner = new Map<string, number>()
  const dups = new Map<string, string[]>()
  const vhosts: Json[] = rc.virtual_hosts ?? []
  for (let i = 0; i < vhosts.length; i++) {
    for (const raw of vhosts[i]?.domains ?? []) {
      const d = String(raw).toLowerCase()
      const first = owner.get(d)
      if (first === undefined) {
        owner.set(d, i)
        continue
      }
      if (first === i) continue
      const name = String(vhosts[i]?.name ?? '')
      const list = dups.get(d)
      if (!list) dups.set(d, [String(vhosts[first]?.name ?? ''), name])
      else if (list[list.length - 1] !== name) list.push(name)
    }
  }
  return dups
}
