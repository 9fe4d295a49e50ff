/**
 * Endpoints from Envoy's `/clusters?format=json` (`mpx pc endpoints`), as istioctl
 * `writer/envoy/clusters/clusters.go` prints them: live health and outlier state per host.
 */
import type {ClustersStatus} from '../envoy/clusters-status.js'
import {addressParts} from '../envoy/address.js'
import type {ClusterStatus, HostStatus} from '../envoy/model.js'
import {viewTable} from './table.js'
import type {EndpointFilter} from './eds.js'

/** One host row of the endpoint view. */
export interface HostRow {
  host: string
  port: number
  status: string
  outlier: string
  cluster: string
}

function hostRow(h: HostStatus, cluster: string): HostRow {
  const {host, port} = addressParts(h.address)
  return {
    host,
    port,
    status: h.health_status?.eds_health_status ?? 'UNKNOWN',
    outlier: h.health_status?.failed_outlier_check ? 'FAILED' : 'OK',
    cluster,
  }
}

function hostMatches(r: HostRow, f: EndpointFilter): boolean {
  if (f.address && r.host.toLowerCase() !== f.address.toLowerCase()) return false
  if (f.port && r.port !== f.port) return false
  if (f.cluster && r.cluster.toLowerCase() !== f.cluster.toLowerCase()) return false
  if (f.status && r.status.toLowerCase() !== f.status.toLowerCase()) return false
  return true
}

/** Host rows passing the filter, sorted by address, port, then cluster name. */
export function selectHostRows(status: ClustersStatus, filter: EndpointFilter): HostRow[] {
  const rows: HostRow[] = []
  for (const c of status.cluster_statuses) {
    const name = c.name ?? ''
    for (const h of c.host_statuses ?? []) {
      const r = hostRow(h, name)
      if (hostMatches(r, filter)) rows.push(r)
    }
  }
  return rows.sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : a.port - b.port || (a.cluster < b.cluster ? -1 : a.cluster > b.cluster ? 1 : 0)))
}

/**
 * Whole `ClusterStatus` objects having at least one host that passes the filter (istioctl prints all
 * hosts of such a cluster in `-o json`).
 */
export function selectClusterStatuses(status: ClustersStatus, filter: EndpointFilter): ClusterStatus[] {
  return status.cluster_statuses.filter((c) => (c.host_statuses ?? []).some((h) => hostMatches(hostRow(h, c.name ?? ''), filter)))
}

/** The table `ENDPOINT STATUS OUTLIER CHECK CLUSTER` (padding 5); header only when nothing matches. */
export function hostTable(rows: HostRow[]): string {
  return viewTable(
    [['ENDPOINT', 'STATUS', 'OUTLIER CHECK', 'CLUSTER'], ...rows.map((r) => [r.port ? `${r.host}:${r.port}` : r.host, r.status, r.outlier, r.cluster])],
    5,
  )
}
