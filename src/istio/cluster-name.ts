/**
 * Istio's cluster naming: `direction|port|subset|fqdn` (Istio `pkg/model` subset key), e.g.
 * `outbound|9080|v1|reviews.default.svc.cluster.local`, `inbound|9080||`, `inbound-vip|8000|http|httpbin...`.
 */

/** The parts of an Istio cluster name. */
export interface ClusterNameParts {
  /** `outbound`, `inbound`, `inbound-vip`, ...; empty for names that are not subset keys. */
  direction: string
  /** Service port; 0 when not numeric or not a subset key. */
  port: number
  /** Subset name; empty when none. */
  subset: string
  /** Service FQDN; the whole name for names that are not subset keys. */
  fqdn: string
  /** Whether the name is an Istio subset key (more than three `|`-separated parts). */
  isSubsetKey: boolean
}

/**
 * Parses a cluster name the way istioctl does (`writer/envoy/configdump/cluster.go`): a name with more
 * than three `|` parts is `direction|port|subset|fqdn` (fqdn empty when a further `|` remains);
 * any other name is all FQDN.
 */
export function parseClusterName(name: string): ClusterNameParts {
  const parts = name.split('|')
  if (parts.length > 3) {
    const port = /^\d+$/.test(parts[1]) ? Number(parts[1]) : 0
    return {direction: parts[0], port, subset: parts[2], fqdn: parts.length === 4 ? parts[3] : '', isSubsetKey: true}
  }
  return {direction: '', port: 0, subset: '', fqdn: name, isSubsetKey: false}
}

/**
 * The sort key istioctl uses for clusters and EDS assignments: FQDN, then subset, then port (numeric),
 * then direction. Names with fewer than four `|` parts sort as (fqdn = name, subset "", port 0, dir "").
 * @returns negative, zero or positive, as Array.prototype.sort expects
 */
export function compareClusterNames(a: string, b: string): number {
  const x = parseClusterName(a)
  const y = parseClusterName(b)
  if (x.fqdn !== y.fqdn) return x.fqdn < y.fqdn ? -1 : 1
  if (x.subset !== y.subset) return x.subset < y.subset ? -1 : 1
  if (x.port !== y.port) return x.port - y.port
  if (x.direction !== y.direction) return x.direction < y.direction ? -1 : 1
  return 0
}
