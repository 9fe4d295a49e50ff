/**
 * `mpx ps` list mode against istioctl's own expected outputs (`istioctl/pkg/writer/pilot/testdata/`),
 * through the live path: the inputs of istioctl's status_test.go served by istiod emulators in the test
 * API server (test/kube-server/istioctl-status.ts), one control-plane namespace per case (`-i`), over
 * both transports. Plus the jsonpb writer and the HTTP syncz reading in isolation.
 */
import {readFileSync} from 'node:fs'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {StructValue, toJsonpb} from '../src/format/jsonpb.js'
import {parseIstiodVersion} from '../src/istiod/discovery.js'
import {jsonpbTimestamp, parseHttpSyncz, proxiesOf, type SynczResponse} from '../src/istiod/syncz.js'
import {subscribedTable, synczJson, verboseTable} from '../src/proxy-status/status-table.js'
import {istioctlStatusWorld, startKubeServer, type KubeServer} from './kube-server/index.js'
import {expectOneError, ISTIOCTL, mpxAsync, ROOT} from './helpers/cli.js'

const TESTDATA = `${ISTIOCTL}writer/pilot/testdata/`
const MORE = `${ROOT}test/golden/proxy-status/istioctl/`
const expected = (path: string) => readFileSync(path, 'utf8')

describe('through the test API server, as istioctl prints it', () => {
  let server: KubeServer
  const ps = (args: string[]) => mpxAsync(['ps', ...args], {env: {KUBECONFIG: server.kubeconfigPath}})

  beforeAll(async () => {
    server = await startKubeServer({world: istioctlStatusWorld()})
  })
  afterAll(async () => {
    await server?.close()
  })

  for (const transport of ['port-forward', 'exec']) {
    describe(`--transport ${transport}`, () => {
      const run = (args: string[]) => ps([...args, '--transport', transport])

      it('4 istiods, 1 proxy each, one watching no type: multiXdsStatusMultiPilot.txt', async () => {
        expect(await run(['-i', 'multi-pilot'])).toMatchObject({stdout: expected(`${TESTDATA}multiXdsStatusMultiPilot.txt`), stderr: '', status: 0})
      })
      it('1 istiod, 2 proxies: multiXdsStatusSinglePilot.txt', async () => {
        expect(await run(['-i', 'single-pilot'])).toMatchObject({stdout: expected(`${TESTDATA}multiXdsStatusSinglePilot.txt`), stderr: '', status: 0})
      })
      it('-o json: multiXdsStatusSinglePilot.json', async () => {
        expect(await run(['-i', 'one-proxy', '-o', 'json'])).toMatchObject({stdout: expected(`${TESTDATA}multiXdsStatusSinglePilot.json`), stderr: '', status: 0})
      })
      it('-o yaml: multiXdsStatusSinglePilot.yaml', async () => {
        expect(await run(['-i', 'one-proxy', '-o', 'yaml'])).toMatchObject({stdout: expected(`${TESTDATA}multiXdsStatusSinglePilot.yaml`), stderr: '', status: 0})
      })
    })
  }

  it('-v 1: one column per type, sorted by type URL: multiXdsStatusMultiPilot_verbose.txt', async () => {
    expect(await ps(['-i', 'one-proxy', '-v', '1'])).toMatchObject({stdout: expected(`${MORE}multiXdsStatusMultiPilot_verbose.txt`), stderr: '', status: 0})
  })

  it('-n filters on the node metadata NAMESPACE in structured output too: multiXdsStatusSingleNamespace.yaml', async () => {
    const r = await ps(['-i', 'two-namespaces', '-n', 'foo', '-o', 'yaml'])
    expect(r).toMatchObject({stderr: '', status: 0})
    // istioctl's golden comparison trims both sides (pilot/test/util Compare), and this file lacks the blank
    // line Println adds after JSONToYAML's output (multiXdsStatusSinglePilot.yaml has it)
    expect(r.stdout.trim()).toBe(expected(`${MORE}multiXdsStatusSingleNamespace.yaml`).trim())
    expect(r.stdout.endsWith('"1.1"\n\n')).toBe(true)
    const table = await ps(['-i', 'two-namespaces', '-n', 'bar'])
    expect(table.stdout).toBe('NAME       CLUSTER      ISTIOD      VERSION     SUBSCRIBED TYPES\nproxy2     cluster1     istiod1     1.20        5 (CDS,LDS,EDS,RDS,ECDS)\n')
  })

  it('no proxies: the header alone, exit 0; -o json then keeps the response without resources', async () => {
    expect(await ps(['-i', 'two-namespaces', '-n', 'nobody'])).toMatchObject({stdout: 'NAME     CLUSTER     ISTIOD     VERSION     SUBSCRIBED TYPES\n', stderr: '', status: 0})
    const json = await ps(['-i', 'two-namespaces', '-n', 'nobody', '-o', 'json'])
    expect(json.status).toBe(0)
    expect(JSON.parse(json.stdout)).toEqual({versionInfo: '1.1', typeUrl: 'type.googleapis.com/envoy.service.status.v3.ClientConfig', controlPlane: {identifier: expect.stringContaining('"ID":"istiod1"')}})
  })

  it('-o json with several istiods: one document each, in pod name order', async () => {
    const r = await ps(['-i', 'multi-pilot', '-o', 'json'])
    expect(r.status).toBe(0)
    const docs = r.stdout.split(/(?<=^\})\n/m).filter((d) => d.trim() !== '')
    expect(docs).toHaveLength(4)
    expect(docs.map((d) => (JSON.parse(d) as {resources: Array<{node: {id: string}}>}).resources[0]!.node.id)).toEqual(['proxy1', 'proxy2', 'proxy3', 'proxy4'])
  })

  it('-o records-json: mpx\'s per-proxy records with synced', async () => {
    const r = await ps(['-i', 'multi-pilot', '-o', 'records-json'])
    expect(r.status).toBe(0)
    const list = JSON.parse(r.stdout) as Array<{proxy: string; synced: boolean; types: Record<string, {status: string}>}>
    expect(list.map((p) => [p.proxy, p.synced, Object.keys(p.types).join(',')])).toEqual([
      ['proxy1', false, 'CDS,LDS,EDS,RDS,ECDS'],
      ['proxy2', false, 'CDS,LDS,EDS,RDS,ECDS'],
      ['proxy3', false, 'CDS,LDS,EDS,RDS,ECDS'],
      ['proxy4', true, ''],
    ])
    expect(list[2]!.types.LDS).toEqual({status: 'ERROR', error: 'Proto constraint validation failed', sent: 'proxy3-lds-2', acked: 'proxy3-lds-2'})
  })

  it('errors as istioctl words them: no istiod, bad -o', async () => {
    expectOneError(await ps(['-i', 'nowhere']), /^Error: no running Istio pods in "nowhere"$/)
    expectOneError(await ps(['-i', 'one-proxy', '-o', 'invalid-format']), /^Error: output format "invalid-format" not supported: use one of table, json, yaml, records-json, records-yaml$/, 64)
    expectOneError(await ps(['-i', 'one-proxy', '-v', '2']), /^Error: .*verbosity/i, 64)
  })
})

describe('default revision', () => {
  let server: KubeServer
  const ps = (args: string[]) => mpxAsync(['ps', ...args], {env: {KUBECONFIG: server.kubeconfigPath}})
  beforeAll(async () => {
    const world = istioctlStatusWorld()
    // two control planes in multi-pilot: istiod3 and istiod4 are revision canary, and the default tag points at canary
    for (const p of world.pods!) if (p.namespace === 'multi-pilot' && (p.name === 'istiod3' || p.name === 'istiod4')) p.labels = {...p.labels, 'istio.io/rev': 'canary'}
    world.objects = [
      {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'MutatingWebhookConfiguration',
        metadata: {name: 'istio-revision-tag-default-multi-pilot', labels: {'istio.io/rev': 'canary', 'istio.io/tag': 'default'}},
        webhooks: [],
      },
    ]
    server = await startKubeServer({world})
  })
  afterAll(async () => {
    await server?.close()
  })

  it('without --revision: the istiods of the default tag\'s revision only', async () => {
    const r = await ps(['-i', 'multi-pilot'])
    expect(r.stderr).toBe('')
    expect(r.stdout.split('\n').slice(1, -1).map((l) => l.split(/\s+/)[2])).toEqual(['istiod3', 'istiod4'])
  })
  it('--revision picks another; --all-revisions every istiod; a revision with no istiod is an error', async () => {
    expect((await ps(['-i', 'multi-pilot', '-r', 'default'])).stdout.split('\n').slice(1, -1).map((l) => l.split(/\s+/)[2])).toEqual(['istiod1', 'istiod2'])
    expect((await ps(['-i', 'multi-pilot', '--all-revisions'])).stdout.split('\n')).toHaveLength(6)
    expectOneError(await ps(['-i', 'multi-pilot', '-r', 'nope']), /^Error: no running Istio pods in "multi-pilot"$/)
    expectOneError(await ps(['-i', 'multi-pilot', '-r', 'canary', '--all-revisions']), /--all-revisions|--revision/, 64)
  })
  it('no default-tag webhook: revision "default"', async () => {
    expect((await ps(['-i', 'single-pilot'])).stdout.split('\n')).toHaveLength(4)
  })
})

describe('units', () => {
  it('jsonpb: an empty message is {\\n\\n}; Struct entries two levels deeper; lists; HTML-safe strings', () => {
    expect(toJsonpb({})).toBe('{\n\n}')
    expect(toJsonpb({a: {b: new StructValue({k: 'v', n: {x: [1, 'a<b']}})}, l: ['x'], e: [], u: undefined})).toBe(
      [
        '{',
        '    "a": {',
        '        "b": {',
        '                "k": "v",',
        '                "n": {',
        '                            "x": [',
        '                                        1,',
        '                                        "a\\u003cb"',
        '                                    ]',
        '                        }',
        '            }',
        '    },',
        '    "l": [',
        '        "x"',
        '    ]',
        '}',
      ].join('\n'),
    )
  })

  it('timestamps in the jsonpb form; Go\'s zero time is no time', () => {
    expect(jsonpbTimestamp('2024-06-21T10:00:00.123456789Z')).toBe('2024-06-21T10:00:00.123456789Z')
    expect(jsonpbTimestamp('2024-06-21T10:00:00.1200Z')).toBe('2024-06-21T10:00:00.120Z')
    expect(jsonpbTimestamp('2024-06-21T12:00:00.0001+02:00')).toBe('2024-06-21T10:00:00.000100Z')
    expect(jsonpbTimestamp('2024-06-21T10:00:00Z')).toBe('2024-06-21T10:00:00Z')
    expect(jsonpbTimestamp('0001-01-01T00:00:00Z')).toBeUndefined()
    expect(jsonpbTimestamp('yesterday')).toBeUndefined()
  })

  it('istiod /version text read as istioctl reads it', () => {
    expect(parseIstiodVersion('1.12.0-016bc46f-Clean')).toEqual({version: '1.12.0', revision: '016bc46f', golang_version: '', status: 'Clean', tag: ''})
    expect(parseIstiodVersion('1.7-alpha.9c9-9c9-dirty-Modified')).toMatchObject({version: '1.7-alpha.9c9', revision: '9c9-dirty', status: 'Modified'})
    expect(parseIstiodVersion('1.1--')).toMatchObject({version: '1.1', revision: '', status: ''})
  })

  it('HTTP syncz: types from resources in istiod order, old istiods from the flat nonces, NACK details, push ages', () => {
    const at = '2024-04-09T05:06:17Z'
    const entries = parseHttpSyncz(
      [
        {
          proxy: 'a.ns',
          cluster_id: 'Kubernetes',
          istio_version: '1.22.0',
          proxy_type: 'sidecar',
          resources: {
            'type.googleapis.com/istio.workload.Address': {sent: 'w1', acked: 'w1', sentTime: at},
            'type.googleapis.com/envoy.config.listener.v3.Listener': {sent: 'l2', acked: 'l1', sentTime: at},
            'type.googleapis.com/envoy.config.cluster.v3.Cluster': {sent: 'c1', acked: 'c1', lastError: 'bad', sentTime: at},
          },
        },
        {proxy: 'b.other', cluster_id: 'c', proxy_version: '1.20.1', cluster_sent: 'x', cluster_acked: 'x', route_sent: 'r'},
        {nothing: true},
      ],
      'istiod-a.istio-system',
    )
    expect(entries.map((e) => e.config.genericXdsConfigs.map((g) => g.configStatus))).toEqual([['SYNCED', 'STALE', 'ERROR'], ['SYNCED', 'STALE']])
    expect(entries[0]!.config.genericXdsConfigs[2]).toEqual({typeUrl: 'type.googleapis.com/envoy.config.cluster.v3.Cluster', lastUpdated: at, configStatus: 'ERROR', errorState: {lastUpdateAttempt: at, details: 'bad'}})
    const response: SynczResponse = {resources: entries.map((e) => e.config), typeUrl: 't', controlPlane: {identifier: '{"ID":"istiod-a"}'}}
    const proxies = proxiesOf(response, new Map(entries.map((e) => [e.config.node.id, e.extra])))
    expect(proxies.map((p) => [p.namespace, p.version, p.istiod])).toEqual([['ns', '1.22.0', 'istiod-a'], ['other', '1.20.1*', 'istiod-a']])
    expect(subscribedTable(proxies)).toBe(
      'NAME        CLUSTER        ISTIOD       VERSION     SUBSCRIBED TYPES\n' +
        'a.ns        Kubernetes     istiod-a     1.22.0      3 (CDS,LDS,WDS)\n' +
        'b.other     c              istiod-a     1.20.1*     2 (CDS,RDS)\n',
    )
    expect(verboseTable(proxies, new Date('2024-04-09T05:11:20Z'))).toBe(
      'NAME        CLUSTER        CDS              ECDS        EDS         LDS              RDS         WDS               ISTIOD       VERSION\n' +
        'a.ns        Kubernetes     ERROR (5m3s)     IGNORED     IGNORED     STALE (5m3s)     IGNORED     SYNCED (5m3s)     istiod-a     1.22.0\n' +
        'b.other     c              SYNCED           IGNORED     IGNORED     IGNORED          STALE       IGNORED           istiod-a     1.20.1*\n',
    )
    expect(synczJson([{resources: [], typeUrl: ''}])).toBe('{\n\n}\n')
  })

  it('a malformed resources map is named', () => {
    expect(() => parseHttpSyncz([{proxy: 'a.b', resources: []}], 'istiod-a.istio-system')).toThrow(
      'istiod istiod-a.istio-system answered /debug/syncz with a malformed entry: [0].resources is a list, expected an object keyed by type URL',
    )
  })
})
