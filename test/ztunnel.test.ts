/**
 * mpx ztunnel-config (zc): istioctl's expected outputs (fixtures README rows 16-19), goldens for the other
 * views, filters and formats, the list form of current ztunnel (built from istioctl's map-form dump.json),
 * and the error contract.
 */
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {parse as parseYaml} from 'yaml'
import {ISTIOCTL, expectOneError, mpx, trimLines} from './helpers/cli.js'
import {expectGolden} from './helpers/golden.js'
import {ZtunnelDump} from '../src/ztunnel/config-dump.js'
import {renderZtunnelView, type ZtunnelView, type ZtunnelViewOptions} from '../src/ztunnel/views.js'
import {loggingQuery} from '../src/ztunnel/log.js'

const TD = 'writer/ztunnel/configdump/testdata/'
const read = (p: string) => readFileSync(ISTIOCTL + p, 'utf8')
const mapDoc = () => JSON.parse(read(`${TD}dump.json`)) as Record<string, unknown>

/** The current (list) form of istioctl's map-form dump: workloads, services, policies as lists. */
export function listForm(doc: Record<string, unknown>): Record<string, unknown> {
  const out = {...doc}
  for (const k of ['workloads', 'services', 'policies']) {
    const v = doc[k]
    if (v && typeof v === 'object' && !Array.isArray(v)) out[k] = Object.values(v)
  }
  return out
}

const NOW = new Date('2026-01-01T00:00:00Z')
const render = (view: ZtunnelView, o: Partial<ZtunnelViewOptions> = {}, doc = mapDoc()) =>
  renderZtunnelView(view, ZtunnelDump.from(doc, 'dump.json'), {output: 'short', now: NOW, ...o})

function expectTable(args: string[], expected: string) {
  const r = mpx(args, {cwd: ISTIOCTL})
  expect(r.stderr).toBe('')
  expect(r.status).toBe(0)
  expect(r.stdout.split('\n').every((l) => l === l.trimEnd())).toBe(true)
  expect(trimLines(r.stdout).trimEnd()).toBe(trimLines(read(expected)).trimEnd())
}

describe('istioctl goldens (fixtures README rows 16-19)', () => {
  it('16: zc workloads', () => expectTable(['zc', 'workloads', '-f', `${TD}dump.json`], `${TD}workloadsummary.txt`))
  it('17: zc certificates', () => expectTable(['zc', 'certificates', '-f', `${TD}dump.json`], `${TD}secretsummary.txt`))
  it('18: zc connections', () => expectTable(['zc', 'connections', '-f', `${TD}dump.json`], `${TD}connectionsummary.txt`))
  it('18: zc connections -o json', () => {
    const r = mpx(['zc', 'cons', '-f', `${TD}dump.json`, '-o', 'json'], {cwd: ISTIOCTL})
    expect(r.status, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toStrictEqual(JSON.parse(read(`${TD}connectionsdump.json`)))
  })
  it('19: zc all', () => expectTable(['zc', 'all', '-f', `${TD}dump.json`], `${TD}allsummary.txt`))
  it('aliases: ztunnel-config w, zc certs, zc cert', () => {
    expectTable(['ztunnel-config', 'w', '-f', `${TD}dump.json`], `${TD}workloadsummary.txt`)
    expectTable(['zc', 'cert', '-f', `${TD}dump.json`], `${TD}secretsummary.txt`)
  })
})

describe('zc views (goldens under test/golden/ztunnel/)', () => {
  it('services', async () => expectGolden('ztunnel/services.txt', await render('services')))
  it('policies', async () => expectGolden('ztunnel/policies.txt', await render('policies')))
  it('all --with-headers', async () => expectGolden('ztunnel/all-with-headers.txt', await render('all', {withHeaders: true})))
  it('workloads --workload-namespace default', async () => expectGolden('ztunnel/workloads-namespace-default.txt', await render('workloads', {workloadNamespace: 'default'})))
  it('workloads --address and --workload-node (case-insensitive)', async () => {
    expectGolden('ztunnel/workloads-address.txt', await render('workloads', {address: '10.244.1.37'}))
    expectGolden('ztunnel/workloads-node-worker.txt', await render('workloads', {workloadNode: 'AMBIENT-WORKER'}))
  })
  it('workloads narrowed to a workload (name.namespace)', async () =>
    expectGolden('ztunnel/workloads-target.txt', await render('workloads', {target: {name: 'productpage-v1-675fc69cf-jscn2', namespace: 'bookinfo'}})))
  it('services --service-namespace, policies --policy-namespace', async () => {
    expectGolden('ztunnel/services-namespace-bookinfo.txt', await render('services', {serviceNamespace: 'bookinfo'}))
    expect(await render('policies', {policyNamespace: 'default'})).toBe(await render('policies'))
  })
  it('connections --direction, --raw, target', async () => {
    expectGolden('ztunnel/connections-outbound.txt', await render('connections', {direction: 'outbound'}))
    expectGolden('ztunnel/connections-inbound-raw.txt', await render('connections', {direction: 'inbound', raw: true}))
    expectGolden('ztunnel/connections-target.txt', await render('connections', {target: {name: 'productpage-v1-796f87b58-97bjk', namespace: 'bookinfo'}}))
  })
  it('-o json: workloads, services, policies, certificates as istioctl marshals them', async () => {
    expectGolden('ztunnel/workloads-bookinfo.json', await render('workloads', {output: 'json', workloadNamespace: 'bookinfo'}))
    expectGolden('ztunnel/services.json', await render('services', {output: 'json'}))
    expectGolden('ztunnel/policies.json', await render('policies', {output: 'json'}))
    const certs = JSON.parse(await render('certificates', {output: 'json'}))
    expect(certs).toHaveLength(4)
    expect(certs[1]).toStrictEqual({identity: 'spiffe://cluster.local/ns/istio-system/sa/ztunnel', state: 'Initializing', certChain: [], rootCerts: null})
  })
  it('-o yaml: services (sorted keys, parses to the JSON)', async () => {
    const yaml = await render('services', {output: 'yaml', serviceNamespace: 'default'})
    expectGolden('ztunnel/services-default.yaml', yaml)
    expect(parseYaml(yaml)).toStrictEqual(JSON.parse(await render('services', {output: 'json', serviceNamespace: 'default'})))
  })
  it('all -o json passes the dump through', async () => expect(JSON.parse(await render('all', {output: 'json'}))).toStrictEqual(mapDoc()))
})

describe('list form (current ztunnel) and map form (older, keyed by network/ip) print the same', () => {
  for (const view of ['workloads', 'services', 'policies', 'certificates', 'connections', 'all'] as const) {
    it(view, async () => {
      const list = await render(view, {}, listForm(mapDoc()))
      expect(list).toBe(await render(view))
      expect(list.split('\n').length).toBeGreaterThan(2)
    })
  }
  it('list form -o json of services and policies equals the map form (both sorted)', async () => {
    expect(await render('services', {output: 'json'}, listForm(mapDoc()))).toBe(await render('services', {output: 'json'}))
    expect(await render('policies', {output: 'json'}, listForm(mapDoc()))).toBe(await render('policies', {output: 'json'}))
  })
  it('the CLI reads a list-form file and stdin', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mpx-zc-'))
    const file = join(dir, 'list.json')
    writeFileSync(file, JSON.stringify(listForm(mapDoc())))
    expectTable(['zc', 'workloads', '-f', file], `${TD}workloadsummary.txt`)
    const r = mpx(['zc', 'workloads', '-f', '-'], {input: readFileSync(file, 'utf8')})
    expect(trimLines(r.stdout).trimEnd()).toBe(trimLines(read(`${TD}workloadsummary.txt`)).trimEnd())
  })
})

describe('zc errors', () => {
  it('a malformed field names its path', async () => {
    const doc = mapDoc()
    ;(doc.workloads as Record<string, Record<string, unknown>>)['network1/10.244.2.54']!.workloadIps = '10.244.2.54'
    await expect(render('workloads', {}, doc)).rejects.toThrow('malformed ztunnel config dump: workloads["network1/10.244.2.54"].workloadIps is a string, expected a list')
    const list = listForm(mapDoc())
    ;(list.services as Array<Record<string, unknown>>)[2]!.ports = {'80': 'http'}
    await expect(render('services', {}, list)).rejects.toThrow('malformed ztunnel config dump: services[2].ports["80"] is a string, expected an integer')
    const bad = {...mapDoc(), certificates: [{identity: 'x', state: 'Available', certChain: [{serialNumber: 12}]}]}
    await expect(render('certificates', {}, bad)).rejects.toThrow('malformed ztunnel config dump: certificates[0].certChain[0].serialNumber is a number, expected a string')
  })
  it('a filter matching nothing exits 1', () =>
    expectOneError(mpx(['zc', 'workloads', '-f', `${TD}dump.json`, '--workload-namespace', 'nope'], {cwd: ISTIOCTL}), /no workloads found matching --workload-namespace=nope/))
  it('pc given a ztunnel dump says to use zc', () => {
    expectOneError(mpx(['pc', 'clusters', '-f', `${TD}dump.json`], {cwd: ISTIOCTL}), /is a ztunnel config dump, not an Envoy one: use `mpx ztunnel-config <view> --file`/)
    expectOneError(mpx(['pc', 'secrets', '-f', `${TD}dump.json`], {cwd: ISTIOCTL}), /ztunnel config dump/)
  })
  it('zc given an Envoy dump says to use pc', () =>
    expectOneError(mpx(['zc', 'workloads', '-f', 'proxyconfig/testdata/config_dump.json'], {cwd: ISTIOCTL}), /is an Envoy config dump, not a ztunnel one: use `mpx proxy-config`/))
  it('bad -o and --direction are usage errors', () => {
    expectOneError(mpx(['zc', 'workloads', '-f', `${TD}dump.json`, '-o', 'raw'], {cwd: ISTIOCTL}), /output format "raw" not supported/, 64)
    expectOneError(mpx(['zc', 'cons', '-f', `${TD}dump.json`, '--direction', 'sideways'], {cwd: ISTIOCTL}), /--direction/, 64)
    expectOneError(mpx(['zc', 'cons', '-f', `${TD}dump.json`, '--node', 'n1'], {cwd: ISTIOCTL}), /at most one of --file and --node/, 64)
  })
  it('zc log is live only', () => expectOneError(mpx(['zc', 'log', '-f', `${TD}dump.json`], {cwd: ISTIOCTL}), /--file is not supported/, 64))
  it('zc log levels as istioctl', () => {
    expect(loggingQuery('warning', false)).toBe('level=warn')
    expect(loggingQuery('access:debug,info', false)).toBe('level=access:debug,info')
    expect(loggingQuery(undefined, true)).toBe('level=info&reset')
    expect(loggingQuery(undefined, false)).toBe('level=')
    expect(() => loggingQuery('loud', false)).toThrow('unrecognized logging level: loud')
    expect(() => loggingQuery('debug', true)).toThrow('--level cannot be combined with --reset')
  })
})
