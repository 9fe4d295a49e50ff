/**
 * The CDS view (`mpx pc clusters`), as istioctl `writer/envoy/configdump/cluster.go` prints it.
 */
import type {ConfigDump, Json} from '../envoy/config-dump.js'
import {renderColumns} from '../format/columns.js'
import {compareClusterNames, parseClusterName} from '../istio/cluster-name.js'
import {istioConfigPath, renderConfigPath} from '../istio/config-path.js'
import {MpxError} from '../errors.js'

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
 * @throws InputError when the dump has no ClustersConfigDump section
 */
export function loadedClusters(dump: ConfigDump): Json[] {
  const section = dump.require('Clusters')
  const out: Json[] = []
  for (const e of section.dynamic_active_clusters ?? []) if (e?.cluster) out.push(e.cluster)
  for (const e of section.static_clusters ?? []) if (e?.cluster) out.push(e.cluster)
  return out
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
export function selectClusters(dump: ConfigDump, filter: ClusterFilter): Json[] {
  const all = loadedClusters(dump)
  if (all.length === 0) throw new MpxError('no clusters found', 'NO_CLUSTERS')
  const names = new Map<Json, string>(all.map((c) => [c, String(c.name ?? '')]))
  const matched = all.filter((c) => clusterMatches(names.get(c)!, filter))
  return matched.sort((a, b) => compareClusterNames(names.get(a)!, names.get(b)!))
}

/** The DESTINATION RULE cell: `name.namespace` from the cluster's Istio metadata. */
export function destinationRuleOf(cluster: Json): string {
  return renderConfigPath(istioConfigPath(cluster))
}

/**
 * The cluster table: `SERVICE FQDN  PORT  SUBSET  DIRECTION  TYPE  DESTINATION RULE` (padding 5).
 * @param withName prefix a `NAME` column with `cluster/<name>` (the `pc all` layout, where istioctl also
 *   shows `cluster/<name>` as the SERVICE FQDN of clusters whose name is not a subset key)
 */
export function clusterTable(clusters: Json[], withName = false): string {
  const header = ['SERVICE FQDN', 'PORT', 'SUBSET', 'DIRECTION', 'TYPE', 'DESTINATION RULE']
  const rows: string[][] = [withName ? ['NAME', ...header] : header]
  for (const c of clusters) {
    const name = String(c.name ?? '')
    const p = parseClusterName(name)
    const type = typeof c.type === 'string' ? c.type : 'STATIC'
    const row = p.isSubsetKey
      ? [p.fqdn, String(p.port), p.subset || '-', p.direction, type, destinationRuleOf(c)]
      : [withName ? `cluster/${name}` : name, '-', '-', '-', type, destinationRuleOf(c)]
    rows.push(withName ? [`cluster/${name}`, ...row] : row)
  }
  return renderColumns(rows, 5)
}
