/**
 * `mpx check` end to end: golden findings (short and json, compared whole) on the sample productpage
 * sidecar, on scenario dumps built from it (test/helpers/scenarios.ts) and on every real istioctl
 * fixture dump; exit codes (0, 1 at --fail-on, 2 for tool errors, 64 for usage).
 */
import {basename, dirname} from 'node:path'
import {describe, expect, it} from 'vitest'
import {expectOneError, FIXTURES, ISTIOCTL, mpx, ROOT} from './helpers/cli.js'
import {expectGolden} from './helpers/golden.js'
import {scenarioFile} from './helpers/scenarios.js'

/** A fixed clock inside the sample certificates' validity (2026-01-01 .. 2036-01-01). */
const NOW = '2026-11-21T00:00:00Z'
type Finding = {id: string; severity: string; resource: string; message: string; cause: string | null; next: string | null}

function check(golden: string, cwd: string, file: string, extra: string[] = [], status = 1): Finding[] {
  let findings: Finding[] = []
  for (const output of ['short', 'json'] as const) {
    const r = mpx(['check', '-f', file, ...(extra.includes('--now') ? [] : ['--now', NOW]), ...extra, '-o', output], {cwd})
    expect(r.stderr).toBe('')
    expect(r.status).toBe(status)
    expectGolden(`check/${golden}.${output === 'json' ? 'json' : 'txt'}`, r.stdout)
    if (output === 'json') findings = JSON.parse(r.stdout).findings
  }
  for (const f of findings) expect(Object.keys(f)).toEqual(['id', 'severity', 'resource', 'message', 'cause', 'next'])
  return findings
}

const ids = (list: Finding[]) => list.map((f) => f.id)
const scenario = (golden: string, name: string, status = 1) => {
  const path = scenarioFile(name)
  return check(golden, dirname(path), basename(path), [], status)
}

describe('check on the sample productpage sidecar', () => {
  it('from the dump alone: a warming cluster and an unhealthy ratings endpoint (exit 0 at --fail-on error)', () => {
    expect(ids(check('sample', `${ROOT}samples`, 'productpage.config_dump.json', [], 0))).toEqual(['cluster-warming', 'eds-some-unhealthy'])
  })
  it('--fail-on warning makes the warming cluster fail the check', () => {
    expect(mpx(['check', '-f', 'samples/productpage.config_dump.json', '--now', NOW, '--fail-on', 'warning']).status).toBe(1)
  })
  it('with /clusters: the only reviews-v2 endpoint is outlier-ejected (eds-none-healthy, exit 1)', () => {
    const list = check('sample-clusters', `${ROOT}samples`, 'productpage.config_dump.json', ['--clusters', 'productpage.clusters.json'])
    expect(ids(list)).toEqual(['eds-none-healthy', 'cluster-warming', 'eds-some-unhealthy', 'eds-some-unhealthy'])
    expect(list[0].resource).toBe('cluster outbound|9080|v2|reviews.default.svc.cluster.local')
    expect(list[0].next).toBe("mpx proxy-config endpoints -f productpage.clusters.json --cluster 'outbound|9080|v2|reviews.default.svc.cluster.local'")
  })
  it('certificates expiring within --cert-warn-days', () => {
    const r = mpx(['check', '-f', 'samples/productpage.config_dump.json', '--now', '2035-12-28T00:00:00Z', '-o', 'json'])
    expect(r.status).toBe(0)
    const secrets = JSON.parse(r.stdout).findings.filter((f: Finding) => f.id.startsWith('secret-'))
    expect(secrets.map((f: Finding) => [f.id, f.resource])).toEqual([['secret-expiring', 'secret ROOTCA'], ['secret-expiring', 'secret default']])
    const wider = JSON.parse(mpx(['check', '-f', 'samples/productpage.config_dump.json', '--now', '2035-11-20T00:00:00Z', '--cert-warn-days', '60', '-o', 'json']).stdout)
    expect(wider.findings.filter((f: Finding) => f.id === 'secret-expiring')).toHaveLength(2)
  })
  it('expired certificates are errors', () => {
    const list = check('sample-expired', `${ROOT}samples`, 'productpage.config_dump.json', ['--now', '2036-02-01T00:00:00Z'])
    expect(ids(list).filter((i) => i.startsWith('secret-'))).toEqual(['secret-expired', 'secret-expired'])
  })
})

describe('check on scenario dumps', () => {
  it('missing DestinationRule subset: route-cluster-missing naming the VirtualService', () => {
    const [f] = scenario('missing-subset', 'missing-subset')
    expect(f.id).toBe('route-cluster-missing')
    expect(f.resource).toBe('route 9080 › vhost reviews.default.svc.cluster.local:9080 › #2')
    expect(f.cause).toContain('VirtualService reviews.default')
    expect(f.next).toBe('mpx trace -f missing-subset.json http://reviews.default.svc.cluster.local:9080/')
  })
  it('missing route configuration: listener-rds-missing', () => {
    expect(ids(scenario('missing-route-config', 'missing-route-config'))).toContain('listener-rds-missing')
  })
  it('all endpoints unhealthy: eds-none-healthy', () => {
    expect(ids(scenario('all-unhealthy', 'all-unhealthy')).filter((i) => i === 'eds-none-healthy')).toHaveLength(2)
  })
  it('duplicate domain: vhost-duplicate-domain', () => {
    expect(ids(scenario('duplicate-domain', 'duplicate-domain'))).toContain('vhost-duplicate-domain')
  })
  it('catch-all before a header route: route-unreachable (a warning: exit 0)', () => {
    const list = scenario('shadowed-route', 'shadowed-route', 0)
    const f = list.find((x) => x.id === 'route-unreachable')!
    expect(f.resource).toBe('route 9080 › vhost reviews.default.svc.cluster.local:9080 › #2')
    expect(f.cause).toContain('VirtualService reviews.default')
  })
  it('weighted split to existing subsets: nothing new', () => {
    expect(ids(scenario('weighted-split', 'weighted-split', 0))).toEqual(['cluster-warming', 'eds-some-unhealthy'])
  })
  it('listener problems: tcp-cluster-missing, listener-error-state, listener-warming', () => {
    expect(ids(scenario('listener-problems', 'listener-problems'))).toEqual(['listener-error-state', 'tcp-cluster-missing', 'cluster-warming', 'listener-warming', 'eds-some-unhealthy'])
  })
})

describe('check on the real istioctl fixture dumps (none may crash)', () => {
  const dumps: Array<[string, string, number]> = [
    ['istioctl-proxyconfig', 'proxyconfig/testdata/config_dump.json', 1],
    ['istioctl-http-config', 'describe/testdata/describe/http_config.json', 1],
    ['istioctl-tls-config', 'describe/testdata/describe/tls_config.json', 0],
    ['istioctl-compare', 'writer/compare/testdata/configdump.json', 1],
    ['istioctl-compare-diff', 'writer/compare/testdata/configdump_diff.json', 1],
    ['istioctl-endpoint', 'writer/envoy/configdump/testdata/endpoint/configdump.json', 0],
    ['istioctl-empty-gateway', 'writer/envoy/configdump/testdata/routes/empty-gateway/configdump.json', 0],
    ['istioctl-gateway-routes', 'writer/envoy/configdump/testdata/routes/istio-gateway-http-route-prefix/configdump.json', 0],
    ['istioctl-secret', 'writer/envoy/configdump/testdata/secret/istio/config_dump.json', 1],
    ['istioctl-ecds', 'writer/envoy/configdump/testdata/ecds/configdump.json', 0],
    ['istioctl-bootstrap', 'writer/envoy/configdump/testdata/configdump.json', 0],
  ]
  for (const [golden, path, status] of dumps) it(path, () => void check(golden, ISTIOCTL, path, [], status))
})

describe('check exit codes for tool and usage errors', () => {
  const cases: Array<[string, string[], number, RegExp]> = [
    ['missing file', ['check', '-f', 'nope.json'], 2, /cannot read "nope.json": no such file/],
    ['a /clusters answer is not a dump', ['check', '-f', 'samples/productpage.clusters.json'], 2, /\/clusters\?format=json answer/],
    ['a bare RouteConfiguration is not a dump', ['check', '-f', `${FIXTURES}envoy-router-check/TestRoutes.yaml`], 2, /bare RouteConfiguration: mpx check needs a whole config dump/],
    ['no target', ['check'], 64, /requires a pod name or --file/],
    ['pod and --file', ['check', 'pod', '-f', 'samples/productpage.config_dump.json'], 64, /requires a pod name or --file/],
    ['bad --fail-on', ['check', '-f', 'samples/productpage.config_dump.json', '--fail-on', 'info'], 64, /--fail-on/],
    ['bad --now', ['check', '-f', 'samples/productpage.config_dump.json', '--now', 'yesterday'], 64, /--now must be an RFC 3339 time/],
  ]
  for (const [name, args, status, pattern] of cases) {
    it(name, () => expectOneError(mpx(args), pattern, status))
  }
})
