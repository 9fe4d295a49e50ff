/**
 * istiod /debug/syncz parsing (per-type states, resources map, versions) and the list-mode renderings.
 */
import {describe, expect, it} from 'vitest'
import {compareProxies, inSync, parseSyncz, syncStatus, XDS_TYPE_URLS} from '../src/istiod/syncz.js'
import {statusCell, statusRecords, statusTable} from '../src/proxy-status/status-table.js'

const NOW = new Date('2024-04-09T05:11:20Z')
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString()

describe('syncStatus', () => {
  it('follows istioctl: NACK first, then nothing sent, equal nonces, never acked, else stale', () => {
    expect(syncStatus('n1', 'n1', 'rejected')).toBe('ERROR')
    expect(syncStatus('', '', '')).toBe('NOT SENT')
    expect(syncStatus('', '', '', true)).toBe('IGNORED')
    expect(syncStatus('n1', 'n1', '')).toBe('SYNCED')
    expect(syncStatus('n2', '', '')).toBe('STALE (Never Acknowledged)')
    expect(syncStatus('n2', 'n1', '')).toBe('STALE')
  })
})

describe('parseSyncz', () => {
  const syncz = [
    {
      cluster_id: 'Kubernetes', proxy: 'reviews-v1-abc.default', proxy_type: 'sidecar', proxy_version: '1.21.0', istio_version: '1.21.0',
      cluster_sent: 'c1', cluster_acked: 'c1', listener_sent: 'l2', listener_acked: 'l1', route_sent: 'r1', endpoint_sent: 'e1', endpoint_acked: 'e1',
      resources: {
        [XDS_TYPE_URLS.CDS]: {sent: 'c1', acked: 'c1', sentTime: ago(5 * 60_000 + 3000)},
        [XDS_TYPE_URLS.EDS]: {sent: 'e1', acked: 'e1', sentTime: ago(30_000), lastError: 'endpoint rejected: bad address'},
      },
    },
    {cluster_id: 'Kubernetes', proxy: 'details-v1-xyz.bookinfo', proxy_type: 'sidecar', proxy_version: '1.20.1', cluster_sent: 'c', cluster_acked: 'c'},
    {cluster_id: 'Kubernetes', proxy: 'ztunnel-q2.istio-system', proxy_type: 'ztunnel', istio_version: '1.24.0'},
    {no: 'proxy field'},
    'junk',
  ]
  const proxies = parseSyncz(syncz, 'istiod-a')

  it('reads one proxy per entry with a proxy ID, the namespace from the ID, the answering istiod', () => {
    expect(proxies.map((p) => [p.proxy, p.namespace, p.istiod, p.cluster])).toEqual([
      ['reviews-v1-abc.default', 'default', 'istiod-a', 'Kubernetes'],
      ['details-v1-xyz.bookinfo', 'bookinfo', 'istiod-a', 'Kubernetes'],
      ['ztunnel-q2.istio-system', 'istio-system', 'istiod-a', 'Kubernetes'],
    ])
  })
  it('takes sentTime and lastError from the resources map, nonces from either place', () => {
    const t = proxies[0]!.types
    expect(t.CDS).toEqual({status: 'SYNCED', sent: 'c1', acked: 'c1', lastPush: ago(303_000)})
    expect(t.LDS).toEqual({status: 'STALE', sent: 'l2', acked: 'l1'})
    expect(t.EDS).toEqual({status: 'ERROR', sent: 'e1', acked: 'e1', lastPush: ago(30_000), error: 'endpoint rejected: bad address'})
    expect(t.RDS).toEqual({status: 'STALE (Never Acknowledged)', sent: 'r1'})
    expect(t.ECDS).toEqual({status: 'NOT SENT'})
  })
  it('VERSION is istio_version, else proxy_version with a star', () => {
    expect(proxies.map((p) => p.version)).toEqual(['1.21.0', '1.20.1*', '1.24.0'])
  })
  it('ztunnel types that were not sent read IGNORED', () => {
    expect(proxies[2]!.types.CDS.status).toBe('IGNORED')
  })
  it('in sync means no STALE or ERROR type', () => {
    expect(proxies.map(inSync)).toEqual([false, true, true])
  })
  it('accepts null (an empty Go slice), rejects what is not a list', () => {
    expect(parseSyncz(null, 'x')).toEqual([])
    expect(() => parseSyncz({proxy: 'a.b'}, 'istiod-a')).toThrow('istiod istiod-a answered /debug/syncz with something that is not a list of proxies')
  })
  it('sorts by proxy ID, then istiod', () => {
    const two = [...parseSyncz([{proxy: 'b.ns'}, {proxy: 'a.ns'}], 'istiod-b'), ...parseSyncz([{proxy: 'a.ns'}], 'istiod-a')].sort(compareProxies)
    expect(two.map((p) => `${p.proxy}@${p.istiod}`)).toEqual(['a.ns@istiod-a', 'a.ns@istiod-b', 'b.ns@istiod-b'])
  })
})

describe('status table', () => {
  it('prints istioctl 1.23+ cells: status plus the age of the last push when known', () => {
    expect(statusCell({status: 'SYNCED', lastPush: ago(303_000)}, NOW)).toBe('SYNCED (5m3s)')
    expect(statusCell({status: 'NOT SENT', lastPush: ago(303_000)}, NOW)).toBe('NOT SENT')
    expect(statusCell({status: 'STALE', lastPush: 'not a time'}, NOW)).toBe('STALE')
    expect(statusCell({status: 'SYNCED'}, NOW)).toBe('SYNCED')
  })
  it('renders the whole table (padding 5, no trailing spaces)', () => {
    const sorted = parseSyncz(
      [
        {proxy: 'reviews-v1-abc.default', cluster_id: 'Kubernetes', istio_version: '1.21.0', cluster_sent: 'a', cluster_acked: 'a', listener_sent: 'b', listener_acked: 'a', resources: {[XDS_TYPE_URLS.CDS]: {sent: 'a', acked: 'a', sentTime: ago(7_200_000)}}},
        {proxy: 'details-v1-xyz.bookinfo', cluster_id: 'Kubernetes', proxy_version: '1.20.1', route_sent: 'r'},
      ],
      'istiod-7d4b9c8f5-x2x9q',
    ).sort(compareProxies)
    expect(statusTable(sorted, NOW)).toBe(
      [
        'NAME                        CLUSTER        CDS               LDS          EDS          RDS                            ECDS         ISTIOD                     VERSION',
        'details-v1-xyz.bookinfo     Kubernetes     NOT SENT          NOT SENT     NOT SENT     STALE (Never Acknowledged)     NOT SENT     istiod-7d4b9c8f5-x2x9q     1.20.1*',
        'reviews-v1-abc.default      Kubernetes     SYNCED (120m)     STALE        NOT SENT     NOT SENT                       NOT SENT     istiod-7d4b9c8f5-x2x9q     1.21.0',
        '',
      ].join('\n'),
    )
  })
  it('prints the header alone when no proxy is connected', () => {
    expect(statusTable([], NOW)).toBe('NAME     CLUSTER     CDS     LDS     EDS     RDS     ECDS     ISTIOD     VERSION\n')
  })
  it('records carry every type with its details and the in-sync flag', () => {
    const [p] = parseSyncz([{proxy: 'a.ns', cluster_id: 'c', istio_version: '1.22.0', proxy_type: 'router', cluster_sent: 'x'}], 'istiod-a')
    expect(statusRecords([p!], inSync)).toEqual([
      {
        proxy: 'a.ns', namespace: 'ns', cluster: 'c', istiod: 'istiod-a', version: '1.22.0', proxyType: 'router', synced: false,
        types: {CDS: {status: 'STALE (Never Acknowledged)', sent: 'x'}, LDS: {status: 'NOT SENT'}, EDS: {status: 'NOT SENT'}, RDS: {status: 'NOT SENT'}, ECDS: {status: 'NOT SENT'}},
      },
    ])
  })
})

describe('parseSyncz: wrong-typed fields', () => {
  it('is an error naming the entry and field, not "[object Object]" in the output', () => {
    expect(() => parseSyncz([{proxy: {name: 'x'}}], 'istiod-a')).toThrow('istiod istiod-a answered /debug/syncz with a malformed entry: [0].proxy is an object, expected a string')
    expect(() => parseSyncz([{proxy: 'a.b', istio_version: 5}], 'istiod-a')).toThrow('[0].istio_version is a number, expected a string')
    expect(() => parseSyncz([{proxy: 'a.b', resources: []}], 'istiod-a')).toThrow('[0].resources is a list, expected an object')
  })
})
