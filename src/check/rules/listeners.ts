/**
 * Listener rules of `mpx check`:
 * - `listener-rds-missing` (error): an HTTP connection manager names an RDS route configuration the dump
 *   lacks (requests get 404 `NR`);
 * - `tcp-cluster-missing` (error): a tcp_proxy sends to a cluster CDS lacks (connections are closed);
 * - `listener-warming` (warning): a listener (or an update of one) waits for its dependencies;
 * - `listener-error-state`, `route-error-state`, `cluster-error-state` (error): Envoy rejected the last
 *   update of a resource (a NACK; Envoy keeps the previous version, if any).
 */
import type {Json} from '../../envoy/loose.js'
import {HTTP_CONNECTION_MANAGER, TCP_PROXY, listenerAddress, listenerPort} from '../../envoy/listener.js'
import {BLACKHOLE_CLUSTER, PASSTHROUGH_CLUSTERS, missingClusterCause} from '../../trace/upstream.js'
import {mpxCommand, type CheckContext} from '../context.js'
import {finding, type Finding} from '../findings.js'


function chainsOf(l: Json): Array<[Json, string]> {
  const out: Array<[Json, string]> = (l.filter_chains ?? []).map((c: Json, i: number) => [c, c?.name ? String(c.name) : `#${i + 1}`])
  if (l.default_filter_chain) out.push([l.default_filter_chain, l.default_filter_chain.name ? `${l.default_filter_chain.name} (default)` : 'default'])
  return out
}

/** `listener-rds-missing`: one finding per (listener, route configuration name). */
export function listenerRdsMissing(ctx: CheckContext): Finding[] {
  const out: Finding[] = []
  if (!ctx.state.hasRoutes()) return out
  for (const l of ctx.state.listeners()) {
    const missing = new Map<string, string[]>()
    for (const [c, label] of chainsOf(l)) {
      for (const f of c?.filters ?? []) {
        const name = f?.name === HTTP_CONNECTION_MANAGER ? f.typed_config?.rds?.route_config_name : undefined
        if (typeof name !== 'string' || ctx.state.routeConfig(name)) continue
        const list = missing.get(name)
        if (list) list.push(label)
        else missing.set(name, [label])
      }
    }
    for (const [name, chains] of missing) {
      out.push(finding(
        'listener-rds-missing', 'error',
        `listener ${l.name ?? ''} › chain ${chains.join(', ')}`,
        `listener ${l.name ?? ''} routes HTTP with route configuration ${name}, which is not loaded: its requests get 404 NR`,
        'RDS has not delivered the route configuration (istiod push pending or lost) or Envoy rejected it (a NACK: see mpx proxy-status)',
        mpxCommand(ctx, 'proxy-config listeners', '--port', String(listenerPort(l))),
      ))
    }
  }
  return out
}

/** `tcp-cluster-missing`: one finding per (listener, cluster). */
export function tcpClusterMissing(ctx: CheckContext): Finding[] {
  const out: Finding[] = []
  if (!ctx.state.hasClusters()) return out
  for (const l of ctx.state.listeners()) {
    const missing = new Map<string, string[]>()
    for (const [c, label] of chainsOf(l)) {
      for (const f of c?.filters ?? []) {
        if (f?.name !== TCP_PROXY) continue
        const cfg = f.typed_config ?? {}
        const names: string[] = typeof cfg.cluster === 'string' ? [cfg.cluster] : (cfg.weighted_clusters?.clusters ?? []).map((w: Json) => String(w?.name ?? ''))
        for (const name of names) {
          if (name === '' || name === BLACKHOLE_CLUSTER || PASSTHROUGH_CLUSTERS.has(name)) continue
          if (ctx.state.cluster(name) || ctx.state.warmingCluster(name)) continue
          const list = missing.get(name)
          if (list) list.push(label)
          else missing.set(name, [label])
        }
      }
    }
    for (const [name, chains] of missing) {
      const ip = listenerAddress(l)
      const port = listenerPort(l)
      out.push(finding(
        'tcp-cluster-missing', 'error',
        `listener ${l.name ?? ''} › chain ${chains.join(', ')}`,
        `tcp_proxy of listener ${l.name ?? ''} sends connections to ${name}, which CDS lacks: they are closed (503 NC in the access log)`,
        missingClusterCause(ctx.state, name),
        ip && ip !== '0.0.0.0' && ip !== '::' && port ? mpxCommand(ctx, 'trace', `${ip}:${port}`) : mpxCommand(ctx, 'proxy-config clusters'),
      ))
    }
  }
  return out
}

/** `listener-warming`: listeners (or updates of listeners) that are warming. */
export function listenerWarming(ctx: CheckContext): Finding[] {
  return ctx.state.pendingListeners().warming.map((p) =>
    finding(
      'listener-warming', 'warning', `listener ${p.name}`,
      p.hasActive
        ? `an update of listener ${p.name} is warming: Envoy keeps serving the previous version until it is ready`
        : `listener ${p.name} is warming: Envoy does not accept connections on it until it is ready`,
      'it waits for a route configuration (RDS) or a secret (SDS) that has not arrived; with initial_fetch_timeout 0s it waits for ever',
      mpxCommand(ctx, 'proxy-config all', '-o', 'json'),
    ),
  )
}

/** `listener-error-state`, `route-error-state`, `cluster-error-state`: rejected updates (NACKs). */
export function errorStates(ctx: CheckContext): Finding[] {
  const out: Finding[] = []
  const kinds: Array<['listener' | 'route' | 'cluster', ReturnType<typeof ctx.state.routeErrors>, string]> = [
    ['listener', ctx.state.pendingListeners().errors, 'proxy-config listeners'],
    ['route', ctx.state.routeErrors(), 'proxy-config routes'],
    ['cluster', ctx.state.clusterErrors(), 'proxy-config clusters'],
  ]
  for (const [kind, list, view] of kinds) {
    for (const p of list) {
      out.push(finding(
        `${kind}-error-state`, 'error', `${kind} ${p.name}`,
        `Envoy rejected the last update of ${kind} ${p.name}${p.lastAttempt ? ` (at ${p.lastAttempt})` : ''}: ${p.error || 'no details'}${p.hasActive ? '; the previous version stays in use' : ''}`,
        'istiod sent configuration this Envoy cannot accept: an EnvoyFilter patch, an unsupported field for this proxy version, or an invalid value from a VirtualService/DestinationRule',
        mpxCommand(ctx, view),
      ))
    }
  }
  return out
}
