/**
 * Endpoints from a config dump's EDS section (`mpx pc eds`, and the endpoint part of `pc all`), as
 * istioctl `writer/envoy/configdump/endpoint.go` prints them. Source: `config_dump?include_eds=true`,
 * `envoy.admin.v3.EndpointsConfigDump` of `envoy.config.endpoint.v3.ClusterLoadAssignment`s.
 */
import type {ConfigDump} from '../envoy/config-dump.js'
import {describeLocality, edsAddressString} from '../envoy/address.js'
import type {ClusterLoadAssignment, LbEndpoint, LocalityLbEndpoints} from '../envoy/model.js'
import {loadAssignments} from '../envoy/proxy-state.js'
import {viewTable} from './table.js'
import {compareClusterNames} from '../istio/cluster-name.js'

/** Endpoint filters; every given one must hold. */
export interface EndpointFilter {
  /** Endpoint address, case-insensitive. EDS view: `ip:port` (as istioctl); `/clusters` view: the IP. */
  address?: string
  /** Endpoint port. */
  port?: number
  /** Cluster name, exact, case-insensitive. */
  cluster?: string
  /** Health status enum name (`HEALTHY`, `UNHEALTHY`, ...), case-insensitive. */
  status?: string
}

/** The addresses of an LbEndpoint: primary then additional, as EDS address strings. */
function lbEndpointAddresses(lb: LbEndpoint): string[] {
  const out = [edsAddressString(lb.endpoint?.address)]
  for (const a of lb.endpoint?.additional_addresses ?? []) out.push(edsAddressString(a.address))
  return out
}

function lbEndpointPort(lb: LbEndpoint): number {
  return lb.endpoint?.address?.socket_address?.port_value ?? 0
}

function lbEndpointMatches(lb: LbEndpoint, clusterName: string, f: EndpointFilter): boolean {
  if (f.address) {
    const want = f.address.toLowerCase()
    if (!lbEndpointAddresses(lb).some((a) => a.toLowerCase() === want)) return false
  }
  if (f.port && lbEndpointPort(lb) !== f.port) return false
  if (f.cluster && clusterName.toLowerCase() !== f.cluster.toLowerCase()) return false
  if (f.status && (lb.health_status ?? 'UNKNOWN').toLowerCase() !== f.status.toLowerCase()) return false
  return true
}

/**
 * ClusterLoadAssignments (dynamic then static) with their endpoints filtered; assignments left without
 * endpoints dropped; sorted by cluster name key (FQDN, subset, port, direction). A dump without an EDS
 * section gives an empty list (istioctl does not treat it as an error).
 */
export function selectLoadAssignments(dump: ConfigDump, filter: EndpointFilter): ClusterLoadAssignment[] {
  const out: ClusterLoadAssignment[] = []
  for (const cla of loadAssignments(dump)) {
    const name = cla.cluster_name ?? ''
    let kept = 0
    const endpoints = (cla.endpoints ?? []).map((lle): LocalityLbEndpoints => {
      const lbs = (lle.lb_endpoints ?? []).filter((lb) => lbEndpointMatches(lb, name, filter))
      kept += lbs.length
      return lbs.length === (lle.lb_endpoints ?? []).length ? lle : {...lle, lb_endpoints: lbs}
    })
    if (kept === 0) continue
    out.push({...cla, endpoints: endpoints.filter((lle) => (lle.lb_endpoints ?? []).length > 0)})
  }
  return out.sort((a, b) => compareClusterNames(a.cluster_name ?? '', b.cluster_name ?? ''))
}

/**
 * The EDS table `NAME STATUS LOCALITY CLUSTER` (padding 5): one row per endpoint.
 * @param withPrefix show names as `endpoint/<address>` (the `pc all` layout)
 */
export function edsTable(assignments: readonly ClusterLoadAssignment[], withPrefix = false): string {
  const rows: string[][] = [['NAME', 'STATUS', 'LOCALITY', 'CLUSTER']]
  for (const cla of assignments) {
    for (const lle of cla.endpoints ?? []) {
      const locality = describeLocality(lle.locality)
      for (const lb of lle.lb_endpoints ?? []) {
        const addr = lbEndpointAddresses(lb).join(',')
        rows.push([withPrefix ? `endpoint/${addr}` : addr, lb.health_status ?? 'UNKNOWN', locality, cla.cluster_name ?? ''])
      }
    }
  }
  return viewTable(rows, 5)
}
