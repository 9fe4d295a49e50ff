/**
 * The CDS view (`mpx pc clusters`), as istioctl `writer/envoy/configdump/cluster.go` prints it.
 */
import type {ConfigDump} from '../envoy/config-dump.js'
import type {Cluster} from '../envoy/model.js'
import {activeClusters} from '../envoy/proxy-state.js'
import {compareClusterNames, parseClusterName} from '../istio/cluster-name.js'
import {istioConfigPath, renderConfigPath} from '../istio/config-path.js'
import {MpxError} from '../errors.js'
import {viewTable} from './table.js'

/** Cluster filters; every given one must hold. Substring tests on the full cluster name, as istioctl. */
export interface ClusterFilter {
  /** Substring of the cluster name (normally the service FQDN). */
  fqdn?: string
  /** Service port: the name contains `|port|`. */
  port?: number
  /** Substring of the name (normally the subset). */
  subset?: string
  /** Substring of the name (`inbound`, `outbound`, `inbound-vip`). */
  direction?: string
}

/**
 * The clusters of a dump: dynamic active (dump order) then static. Warming clusters are left out as
 * istioctl does (`mpx check` reports them).
 * @throws InputError when the dump has no ClustersConfigDump section, or a malformed one
 */
export function loadedClusters(dump: ConfigDump): Cluster[] {
  dump.require('Clusters')
  return activeClusters(dump)
}

/** Whether a cluster name passes the filter (istioctl `ClusterFilter.Verify`). */
export function clusterMatches(name: string, f: ClusterFilter): boolean {
  if (f.fqdn && !name.includes(f.fqdn)) return false
  if (f.direction && !name.includes(f.direction)) return false
  if (f.subset && !name.includes(f.subset)) return false
  if (f.port && !name.includes(`|${f.port}|`)) return false
  return true
}

/**
 * Clusters sorted by (FQDN, subset, port, direction) then filtered.
 * @throws MpxError `no clusters found` when the dump has none at all (before filtering), as istioctl
 */
export function selectClusters(dump: ConfigDump, filter: ClusterFilter): Cluster[] {
  const all = loadedClusters(dump)
  if (all.length === 0) throw new MpxError('no clusters found', 'NO_CLUSTERS')
  const matched = all.filter((c) => clusterMatches(c.name ?? '', filter))
  return matched.sort((a, b) => compareClusterNames(a.name ?? '', b.name ?? ''))
}

/** The DESTINATION RULE cell: `name.namespace` from the cluster's Istio metadata. */
export function destinationRuleOf(cluster: Cluster): string {
  return renderConfigPath(istioConfigPath(cluster))
}

/** One row of the cluster table (`pc clusters` columns). */
export function clusterRow(c: Cluster, withName = false): string[] {
  const name = c.name ?? ''
  const p = parseClusterName(name)
  const type = c.type ?? 'STATIC'
  return p.isSubsetKey
    ? [p.fqdn, String(p.port), p.subset || '-', p.direction, type, destinationRuleOf(c)]
    : [withName ? `cluster/${name}` : name, '-', '-', '-', type, destinationRuleOf(c)]
}

/**
 * The cluster table: `SERVICE FQDN  PORT  SUBSET  DIRECTION  TYPE  DESTINATION RULE` (padding 5).
 * @param withName prefix a `NAME` column with `cluster/<name>` (the `pc all` layout, where istioctl also
 *   shows `cluster/<name>` as the SERVICE FQDN of clusters whose name is not a subset key)
 */
export function clusterTable(clusters: readonly Cluster[], withName = false): string {
  const header = ['SERVICE FQDN', 'PORT', 'SUBSET', 'DIRECTION', 'TYPE', 'DESTINATION RULE']
  const rows: string[][] = [withName ? ['NAME', ...header] : header]
  for (const c of clusters) {
    const row = clusterRow(c, withName)
    rows.push(withName ? [`cluster/${c.name ?? ''}`, ...row] : row)
  }
  return viewTable(rows, 5)
}
