/**
 * `mpx trace` end to end: golden outputs (short and json, compared whole) on the sample productpage
 * sidecar, on scenario dumps built from it (test/helpers/scenarios.ts), on a bare RouteConfiguration and
 * on the real istioctl fixture dumps; plus flag and input errors.
 */
import {dirname} from 'node:path'
import {describe, expect, it} from 'vitest'
import {expectOneError, FIXTURES, ISTIOCTL, mpx} from './helpers/cli.js'
import {expectGolden} from './helpers/golden.js'
import {SAMPLE, SAMPLE_CLUSTERS, scenarioFile} from './helpers/scenarios.js'

/** trace's exit code contract: 0 when served (OK, Passthrough, DirectResponse incl. redirects), 1 when it fails. */
const SERVED = ['OK', 'Passthrough', 'DirectResponse']

function trace(golden: string, file: string, args: string[], extra: string[] = []) {
  const flag = JSON.parse(mpx(['trace', '-f', file, ...extra, ...args, '-o', 'json']).stdout).verdict.flag
  for (const output of ['short', 'json'] as const) {
    const r = mpx(['trace', '-f', file, ...extra, ...args, '-o', output], {cwd: dirname(file)})
    expect(r.stderr).toBe('')
    expect(r.status).toBe(SERVED.includes(flag) ? 0 : 1)
    expectGolden(`trace/${golden}.${output === 'json' ? 'json' : 'txt'}`, r.stdout)
  }
  return JSON.parse(mpx(['trace', '-f', file, ...extra, ...args, '-o', 'json']).stdout)
}

describe('trace on the sample productpage sidecar', () => {
  it('reviews without end-user goes to subset v1 (OK)', () => {
    const v = trace('sample-reviews', SAMPLE, ['http://reviews:9080/']).verdict
    expect(v.flag).toBe('OK')
    expect(v.cluster).toBe('outbound|9080|v1|reviews.default.svc.cluster.local')
    expect(v.routeConfig).toBe('9080')
  })
  it('header-based route: end-user jason goes to subset v2 (OK from EDS)', () => {
    const v = trace('sample-reviews-jason', SAMPLE, ['http://reviews:9080/reviews/0', '-H', 'end-user: jason']).verdict
    expect(v.flag).toBe('OK')
    expect(v.cluster).toBe('outbound|9080|v2|reviews.default.svc.cluster.local')
  })
  it('header-based route with live health: the v2 endpoint is outlier-ejected (UH)', () => {
    const v = trace('sample-reviews-jason-clusters', SAMPLE, ['http://reviews:9080/reviews/0', '-H', 'end-user: jason'], ['--clusters', SAMPLE_CLUSTERS]).verdict
    expect(v.flag).toBe('UH')
    expect(v.endpoints).toEqual([{address: '10.244.0.14:9080', health: 'OUTLIER_EJECTED', locality: 'us-west1/us-west1-a'}])
  })
  it('ratings with one unhealthy endpoint (OK, 1 of 2)', () => {
    expect(trace('sample-ratings', SAMPLE, ['http://ratings.default.svc.cluster.local:9080/ratings/0?x=1', '-X', 'POST']).verdict.flag).toBe('OK')
  })
  it('the ratings route for jason carries the VirtualService fault injection (7s delay)', () => {
    const r = trace('sample-ratings-jason', SAMPLE, ['http://ratings:9080/ratings/0', '-H', 'end-user: jason'])
    expect(r.steps.find((s: {stage: string}) => s.stage === 'route').reason).toContain('fault injection: delay 7s for 100% of requests')
  })
  it('TCP to the kubernetes VIP listener', () => {
    expect(trace('sample-kubernetes-tcp', SAMPLE, ['kubernetes.default:443']).verdict.cluster).toBe('outbound|443||kubernetes.default.svc.cluster.local')
  })
  it('unknown host with ALLOW_ANY (Passthrough)', () => {
    expect(trace('sample-unknown-host', SAMPLE, ['http://api.example.com/v1']).verdict.flag).toBe('Passthrough')
  })
  it('unknown host on a port with an HTTP listener goes through the allow_any virtual host (Passthrough)', () => {
    const v = trace('sample-unknown-host-9080', SAMPLE, ['http://api.example.com:9080/v1']).verdict
    expect(v.flag).toBe('Passthrough')
    expect(v.virtualHost).toBe('allow_any')
  })
  it('--ip forces the destination', () => {
    expect(trace('sample-ip', SAMPLE, ['http://my-vm:15014/metrics', '--ip', '10.96.240.130']).verdict.listener).toBe('0.0.0.0_15014')
  })
  it('inbound HTTP to productpage', () => {
    const v = trace('sample-inbound', SAMPLE, ['--inbound', 'http://productpage:9080/productpage']).verdict
    expect(v.flag).toBe('OK')
    expect(v.listener).toBe('virtualInbound')
    expect(v.cluster).toBe('inbound|9080||')
  })
})

describe('trace on scenario dumps', () => {
  it('missing DestinationRule subset: NC naming the VirtualService and route config 9080', () => {
    const v = trace('missing-subset', scenarioFile('missing-subset'), ['http://reviews:9080/']).verdict
    expect(v.flag).toBe('NC')
    expect(v.routeConfig).toBe('9080')
    expect(v.cluster).toBe('outbound|9080|v1|reviews.default.svc.cluster.local')
    expect(v.status).toBe(503)
    expect(v.cause).toContain('VirtualService reviews.default')
    expect(v.cause).toContain('subset v1')
  })
  it('missing route configuration: NR', () => {
    const v = trace('missing-route-config', scenarioFile('missing-route-config'), ['http://reviews:9080/']).verdict
    expect(v.flag).toBe('NR')
    expect(v.status).toBe(404)
    expect(v.cause).toContain('route configuration 9080')
  })
  it('all endpoints unhealthy, panic routing off (Istio with outlier detection): UH', () => {
    const v = trace('all-unhealthy', scenarioFile('all-unhealthy'), ['http://reviews:9080/']).verdict
    expect(v.flag).toBe('UH')
    expect(v.status).toBe(503)
    expect(v.endpoints).toEqual([{address: '10.244.0.13:9080', health: 'UNHEALTHY', locality: 'us-west1/us-west1-a'}])
  })
  it('all endpoints unhealthy, Envoy default panic threshold: routed anyway, with the warning', () => {
    const v = trace('all-unhealthy-panic', scenarioFile('all-unhealthy'), ['http://ratings:9080/ratings/0']).verdict
    expect(v.flag).toBe('OK')
    expect(v.endpoints.map((e: {health: string}) => e.health)).toEqual(['UNHEALTHY', 'UNHEALTHY'])
    expect(v.cause).toMatch(/panic/)
  })
  it('REGISTRY_ONLY with an unknown host: BlackHole', () => {
    const v = trace('registry-only', scenarioFile('registry-only'), ['http://api.example.com/v1']).verdict
    expect(v.flag).toBe('BlackHole')
    expect(v.listener).toBe('virtualOutbound')
    expect(v.cluster).toBe('BlackHoleCluster')
  })
  it('REGISTRY_ONLY with an unknown host on an HTTP port: block_all answers 502', () => {
    const v = trace('registry-only-9080', scenarioFile('registry-only'), ['http://api.example.com:9080/v1']).verdict
    expect(v.flag).toBe('DirectResponse')
    expect(v.status).toBe(502)
  })
  it('weighted split: both clusters with weights', () => {
    const v = trace('weighted-split', scenarioFile('weighted-split'), ['http://reviews:9080/']).verdict
    expect(v.flag).toBe('OK')
    expect(v.cluster).toBe(null)
    expect(v.weightedClusters).toEqual([
      {name: 'outbound|9080|v1|reviews.default.svc.cluster.local', weight: 50},
      {name: 'outbound|9080|v3|reviews.default.svc.cluster.local', weight: 50},
    ])
  })
  it('shadowed header route: jason still gets v1', () => {
    expect(trace('shadowed-route', scenarioFile('shadowed-route'), ['http://reviews:9080/', '-H', 'end-user: jason']).verdict.cluster).toBe('outbound|9080|v1|reviews.default.svc.cluster.local')
  })
  it('TCP to a VIP listener whose cluster is gone: NC', () => {
    const v = trace('tcp-cluster-missing', scenarioFile('listener-problems'), ['kubernetes:443']).verdict
    expect(v.flag).toBe('NC')
    expect(v.status).toBe(null)
  })
})

describe('trace on a bare RouteConfiguration (router_check_tool input)', () => {
  const rc = `${FIXTURES}envoy-router-check/TestRoutes.yaml`
  it('starts at the virtual host with the URL host as authority', () => {
    const v = trace('routes-testroutes', rc, ['http://api.lyft.com/api/locations?works=true']).verdict
    expect(v).toMatchObject({flag: 'OK', listener: null, virtualHost: 'default', cluster: 'locations', pathRewrite: '/rewrote?works=true'})
  })
  it('redirects are DirectResponse with the full URL', () => {
    const v = trace('routes-redirect', `${FIXTURES}envoy-router-check/Redirect.yaml`, ['http://redirect.lyft.com/baz?q=1']).verdict
    expect(v).toMatchObject({flag: 'DirectResponse', status: 301, redirect: 'http://new.lyft.com/new_baz?q=1'})
  })
  it('no virtual host: NR', () => {
    expect(trace('routes-no-vhost', `${FIXTURES}envoy-router-check/Redirect.yaml`, ['http://www.foo.com/']).verdict.flag).toBe('NR')
  })
})

describe('trace on the real istioctl fixture dumps', () => {
  it('http_config.json has routes and a cluster but no listeners: NR at the listener', () => {
    const v = trace('istioctl-http-config', `${ISTIOCTL}describe/testdata/describe/http_config.json`, ['http://productpage:9080/']).verdict
    expect(v.flag).toBe('NR')
  })
  it('the istioctl proxy-config dump (a static bootstrap listener)', () => {
    const r = mpx(['trace', '-f', `${ISTIOCTL}proxyconfig/testdata/config_dump.json`, 'http://localhost:15000/'])
    expect(r.stderr).toBe('')
    // no listener takes localhost:15000 (the admin port is not a listener): NR, a failing request
    expect(r.status).toBe(1)
    expect(r.stdout).toMatch(/^verdict +NR /m)
  })
  it('a dump without listeners section is a one-line error', () => {
    const r = mpx(['trace', '-f', `${ISTIOCTL}describe/testdata/describe/tls_config.json`, 'http://productpage:9080/'])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^Error: config dump has no ListenersConfigDump section/)
  })
})

describe('trace exit codes', () => {
  it('0 when the request is served, 1 when it fails, whatever the output format', () => {
    for (const o of ['short', 'json']) {
      expect(mpx(['trace', '-f', SAMPLE, 'http://reviews:9080/', '-o', o]).status).toBe(0)
      expect(mpx(['trace', '-f', SAMPLE, 'http://api.example.com/v1', '-o', o]).status).toBe(0) // Passthrough
      expect(mpx(['trace', '-f', scenarioFile('missing-subset'), 'http://reviews:9080/', '-o', o]).status).toBe(1) // NC
      expect(mpx(['trace', '-f', scenarioFile('missing-route-config'), 'http://reviews:9080/', '-o', o]).status).toBe(1) // NR
    }
  })
})

describe('trace errors', () => {
  const cases: Array<[string, string[], number, RegExp]> = [
    ['no URL', ['trace', 'some-pod'], 64, /missing URL/],
    ['pod and --file', ['trace', 'some-pod', 'http://x/', '-f', SAMPLE], 64, /either a pod or --file/],
    ['bad scheme', ['trace', '-f', SAMPLE, 'ftp://x/'], 64, /unsupported scheme/],
    ['TCP without port', ['trace', '-f', SAMPLE, 'reviews'], 64, /cannot read "reviews" as a trace target/],
    ['bad header', ['trace', '-f', SAMPLE, 'http://reviews:9080/', '-H', 'nocolon'], 64, /bad header "nocolon"/],
    ['bad output', ['trace', '-f', SAMPLE, 'http://reviews:9080/', '-o', 'yaml'], 64, /--output/],
    ['missing file', ['trace', '-f', 'nope.json', 'http://reviews:9080/'], 2, /cannot read "nope.json": no such file/],
    ['--clusters without --file', ['trace', 'pod', 'http://x/', '--clusters', SAMPLE_CLUSTERS], 64, /--clusters goes with --file/],
  ]
  for (const [name, args, status, pattern] of cases) {
    it(name, () => expectOneError(mpx(args), pattern, status))
  }
})
