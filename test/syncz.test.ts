/**
 * istiod /debug/syncz parsing (per-type states as istiod's debugSyncStatus, the resources map, versions)
 * and the list-mode renderings built on it.
 */
import {describe, expect, it} from 'vitest'
import {compareProxies, configStatus, inSync, parseHttpSyncz, proxiesOf, type ProxySync} from '../src/istiod/syncz.js'
import {statusCell, statusRecords, subscribedTable} from '../src/proxy-status/status-table.js'

const NOW = new Date('2024-04-09T05:11:20Z')
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString()
const CDS = 'type.googleapis.com/envoy.config.cluster.v3.Cluster'
const EDS = 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment'

/** Parses one replica's answer into table rows. */
function rows(value: unknown, istiod: string): ProxySync[] {
  const entries = parseHttpSyncz(value, istiod)
  return proxiesOf({resources: entries.map((e) => e.config), typeUrl: '', controlPlane: {identifier: JSON.stringify({ID: istiod})}}, new Map(entries.map((e) => [e.config.node.id, e.extra])))
}

describe('configStatus', () => {
  it('follows istiod: NACK first, then nothing sent, equal nonces, else stale', () => {
    expect(configStatus('n1', 'n1', 'rejected')).toBe('ERROR')
    expect(configStatus('', '', '')).toBe('NOT_SENT')
    expect(configStatus('n1', 'n1', '')).toBe('SYNCED')
    expect(configStatus('n2', '', '')).toBe('STALE')
    expect(configStatus('n2', 'n1', '')).toBe('STALE')
  })
})

describe('parseHttpSyncz', () => {
  const syncz = [
    {
      cluster_id: 'Kubernetes', proxy: 'reviews-v1-abc.default', proxy_type: 'sidecar', proxy_version: '1.21.0', istio_version: '1.21.0',
      cluster_sent: 'c1', cluster_acked: 'c1', listener_sent: 'l2', listener_acked: 'l1',
      resources: {
        [CDS]: {sent: 'c1', acked: 'c1', sentTime: ago(5 * 60_000 + 3000)},
        [EDS]: {sent: 'e1', acked: 'e1', sentTime: ago(30_000), lastError: 'endpoint rejected: bad address'},
      },
    },
    {cluster_id: 'Kubernetes', proxy: 'details-v1-xyz.bookinfo', proxy_type: 'sidecar', proxy_version: '1.20.1', cluster_sent: 'c', cluster_acked: 'c'},
    {cluster_id: 'Kubernetes', proxy: 'ztunnel-q2.istio-system', proxy_type: 'ztunnel', istio_version: '1.24.0', resources: {}},
    {no: 'proxy field'},
    'junk',
  ]
  const proxies = rows(syncz, 'istiod-a')

  it('reads one proxy per entry with a proxy ID, the namespace from the ID, the answering istiod', () => {
    expect(proxies.map((p) => [p.proxy, p.namespace, p.istiod, p.cluster])).toEqual([
      ['reviews-v1-abc.default', 'default', 'istiod-a', 'Kubernetes'],
      ['details-v1-xyz.bookinfo', 'bookinfo', 'istiod-a', 'Kubernetes'],
      ['ztunnel-q2.istio-system', 'istio-system', 'istiod-a', 'Kubernetes'],
    ])
  })
  it('the resources map is the set of watched types (the flat fields only when it is absent)', () => {
    expect(proxies[0]!.types).toEqual([
      {typeUrl: CDS, status: 'SYNCED', lastPush: '2024-04-09T05:06:17Z', sent: 'c1', acked: 'c1'},
      {typeUrl: EDS, status: 'ERROR', lastPush: '2024-04-09T05:10:50Z', error: 'endpoint rejected: bad address', sent: 'e1', acked: 'e1'},
    ])
    expect(proxies[1]!.types).toEqual([{typeUrl: CDS, status: 'SYNCED', sent: 'c', acked: 'c'}])
    expect(proxies[2]!.types).toEqual([])
  })
  it('VERSION is istio_version, else proxy_version with a star', () => {
    expect(proxies.map((p) => p.version)).toEqual(['1.21.0', '1.20.1*', '1.24.0'])
  })
  it('in sync means no STALE or ERROR type', () => {
    expect(proxies.map(inSync)).toEqual([false, true, true])
  })
  it('accepts null (an empty Go slice), rejects what is not a list', () => {
    expect(parseHttpSyncz(null, 'x')).toEqual([])
    expect(() => parseHttpSyncz({proxy: 'a.b'}, 'istiod-a')).toThrow('istiod istiod-a answered /debug/syncz with something that is not a list of proxies')
  })
  it('sorts by proxy ID, then istiod', () => {
    const two = [...rows([{proxy: 'b.ns'}, {proxy: 'a.ns'}], 'istiod-b'), ...rows([{proxy: 'a.ns'}], 'istiod-a')].sort(compareProxies)
    expect(two.map((p) => `${p.proxy}@${p.istiod}`)).toEqual(['a.ns@istiod-a', 'a.ns@istiod-b', 'b.ns@istiod-b'])
  })
})

describe('renderings', () => {
  it('cells: status plus the age of the last push when known', () => {
    expect(statusCell({typeUrl: CDS, status: 'SYNCED', lastPush: ago(303_000)}, NOW)).toBe('SYNCED (5m3s)')
    expect(statusCell({typeUrl: CDS, status: 'NOT SENT', lastPush: ago(303_000)}, NOW)).toBe('NOT SENT')
    expect(statusCell({typeUrl: CDS, status: 'STALE', lastPush: 'not a time'}, NOW)).toBe('STALE')
    expect(statusCell(undefined, NOW)).toBe('IGNORED')
  })
  it('the header alone when no proxy is connected', () => {
    expect(subscribedTable([])).toBe('NAME     CLUSTER     ISTIOD     VERSION     SUBSCRIBED TYPES\n')
  })
  it('records carry the watched types by short name with their details and the in-sync flag', () => {
    const [p] = rows([{proxy: 'a.ns', cluster_id: 'c', istio_version: '1.22.0', proxy_type: 'router', cluster_sent: 'x'}], 'istiod-a')
    expect(statusRecords([p!])).toEqual([
      {proxy: 'a.ns', namespace: 'ns', cluster: 'c', istiod: 'istiod-a', version: '1.22.0', proxyType: 'router', synced: false, types: {CDS: {status: 'STALE', sent: 'x'}}},
    ])
  })
})

