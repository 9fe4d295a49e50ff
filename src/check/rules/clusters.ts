/**
 * Cluster and endpoint rules of `mpx check` (endpoint health from `/clusters` when available, else from
 * the dump's EDS section):
 * - `cluster-warming` (warning): a cluster Envoy does not use yet (requests to it get 503 `NC`);
 * - `eds-no-endpoints` (warning): an EDS cluster without endpoints (503 `UH`);
 * - `eds-none-healthy` (error): an EDS cluster whose endpoints are all unhealthy or ejected (503 `UH` when
 *   panic routing is off, as Istio sets it with outlier detection; else requests go to unhealthy endpoints);
 * - `eds-some-unhealthy` (info): some endpoints of a cluster cannot take requests;
 * - `eds-data-missing` (info): endpoint health was not checked (no EDS section and no `/clusters`).
 */
import type {Json} from '../../envoy/loose.js'
import {canServe, hostHealth} from '../../envoy/endpoint-health.js'
import {parseClusterName} from '../../istio/cluster-name.js'
import {BLACKHOLE_CLUSTER, PASSTHROUGH_CLUSTERS, clusterEndpoints, clusterType, type EndpointReport} from '../../trace/upstream.js'
import {mpxCommand, type CheckContext} from '../context.js'
import {finding, type Finding} from '../findings.js'

/** `cluster-warming`: one finding per warming cluster. */
export function clusterWarming(ctx: CheckContext): Finding[] {
  return ctx.state.warmingClusters().map((c) => {
    const name = String(c.name ?? '')
    const eds = clusterType(c) === 'EDS'
    const active = ctx.state.cluster(name) !== undefined
    return finding(
      'cluster-warming', 'warning', `cluster ${name}`,
      active
        ? `an update of cluster ${name} is warming: Envoy keeps using the previous version until it is ready`
        : `cluster ${name} is warming: Envoy does not use it until it is ready, so requests to it get 503 NC`,
      eds
        ? 'istiod has not sent its endpoints (ClusterLoadAssignment) yet: a Service created moments ago, or an EDS push that did not arrive'
        : 'its first DNS resolution or health check has not completed',
      mpxCommand(ctx, 'proxy-config eds', '--cluster', name),
    )
  })
}

function healthCount(r: EndpointReport): string {
  const counts = new Map<string, number>()
  for (const e of r.endpoints) counts.set(e.health, (counts.get(e.health) ?? 0) + 1)
  return [...counts.entries()].map(([h, n]) => `${h} ×${n}`).join(', ')
}

function unhealthyCause(r: EndpointReport): string {
  const healths = new Set(r.endpoints.map((e) => e.health))
  const causes: string[] = []
  if (healths.has('UNHEALTHY')) causes.push('pods are not ready (readiness probe failing) or are terminating')
  if (healths.has('OUTLIER_EJECTED')) causes.push('outlier detection ejected hosts after consecutive errors (DestinationRule trafficPolicy.outlierDetection)')
  if (healths.has('FAILED_ACTIVE_HC')) causes.push('active health checks fail')
  if (healths.has('DRAINING')) causes.push('endpoints are draining')
  if (healths.has('TIMEOUT')) causes.push('health checks time out')
  return causes.join('; ') || 'endpoints report an unhealthy status'
}


/** Fast path: whether an EDS cluster has endpoints and all of them can take requests (nothing to report). */
function allHealthy(ctx: CheckContext, c: Json, name: string): boolean {
  const status = ctx.state.clusterStatus(name)
  if (status) {
    const hosts = status.host_statuses ?? []
    return hosts.length > 0 && hosts.every((h) => canServe(hostHealth(h)))
  }
  const cla = ctx.state.loadAssignment(String(c.eds_cluster_config?.service_name || name))
  if (!cla) return false
  let n = 0
  for (const lle of cla.endpoints ?? []) {
    for (const lb of lle?.lb_endpoints ?? []) {
      if (!canServe(lb.health_status ?? 'UNKNOWN')) return false
      n++
    }
  }
  return n > 0
}

/** `eds-no-endpoints`, `eds-none-healthy`, `eds-some-unhealthy`, `eds-data-missing`. */
export function endpointHealth(ctx: CheckContext): Finding[] {
  const out: Finding[] = []
  if (!ctx.state.hasClusters()) return out
  if (!ctx.state.hasEndpointData()) {
    out.push(finding(
      'eds-data-missing', 'info', 'endpoints',
      'endpoint health was not checked: the dump has no EDS section and there is no /clusters answer',
      'the dump was saved without include_eds, and no /clusters answer was given (mpx dump saves both)',
      ctx.state.dump.source === 'stdin' || !ctx.source.startsWith('-f ') ? 'mpx dump <pod>' : `${mpxCommand(ctx, 'check')} --clusters <clusters.json>`,
    ))
    return out
  }
  const view = ctx.state.clusters ? 'proxy-config endpoints' : 'proxy-config eds'
  for (const c of ctx.state.allClusters()) {
    const name = String(c.name ?? '')
    if (clusterType(c) !== 'EDS' || name === BLACKHOLE_CLUSTER || PASSTHROUGH_CLUSTERS.has(name)) continue
    if (allHealthy(ctx, c, name)) continue
    const r = clusterEndpoints(ctx.state, c)
    if (r.source === 'unknown') continue
    const next = mpxCommand(ctx, view, '--cluster', name)
    const svc = parseClusterName(name)
    if (r.endpoints.length === 0) {
      out.push(finding(
        'eds-no-endpoints', 'warning', `cluster ${name}`,
        `cluster ${name} has no endpoints: requests to it get 503 UH`,
        `${svc.isSubsetKey && svc.subset && svc.direction === 'outbound' ? `no ready pod carries the labels of subset ${svc.subset}` : 'the service has no ready pods'} (scaled to zero, failing readiness, or a selector that matches nothing), or they are not visible to this proxy`,
        next,
      ))
    } else if (r.healthy === 0) {
      const effect = r.noHealthyUpstream ? 'panic routing is off: requests get 503 UH' : `panic routing (threshold ${r.panicThreshold}%) still sends requests to them: expect 503 UF/URX`
      out.push(finding(
        'eds-none-healthy', 'error', `cluster ${name}`,
        `none of the ${r.endpoints.length} endpoint${r.endpoints.length === 1 ? '' : 's'} of cluster ${name} can take requests (${healthCount(r)}); ${effect}`,
        unhealthyCause(r),
        next,
      ))
    } else if (r.healthy < r.endpoints.length) {
      out.push(finding(
        'eds-some-unhealthy', 'info', `cluster ${name}`,
        `${r.endpoints.length - r.healthy} of ${r.endpoints.length} endpoints of cluster ${name} cannot take requests (${healthCount(r)})${r.panic ? `; below the ${r.panicThreshold}% panic threshold Envoy routes to all of them` : ''}`,
        unhealthyCause(r),
        next,
      ))
    }
  }
  return out
}
