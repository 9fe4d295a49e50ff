/**
 * kubectl and istioctl habits on the command line (issue "Hardening"): -h, flags anywhere, curl's order for
 * repeatable flags, typo suggestions, topic help, aliases. Unit tests call src/cli/argv.ts with the built
 * command table; a few whole-process runs check what a user sees.
 */
import {describe, expect, it} from 'vitest'
import {editDistance, loadCommandTable, normalizeArgv, suggest} from '../src/cli/argv.js'
import {unknownFlagMessage} from '../src/cli/base-command.js'
import {ROOT, expectOneError, mpx} from './helpers/cli.js'

const SAMPLE = 'samples/productpage.config_dump.json'
const table = loadCommandTable(ROOT)
const norm = (...argv: string[]) => normalizeArgv(argv, table)

describe('normalizeArgv', () => {
  it('puts the command words first, keeping every flag and its value in order', () => {
    expect(norm('pc', '-o', 'json', 'clusters', 'POD')).toEqual({argv: ['proxy-config', 'clusters', '-o', 'json', 'POD']})
    expect(norm('-n', 'bookinfo', 'pc', 'clusters', 'POD')).toEqual({argv: ['proxy-config', 'clusters', '-n', 'bookinfo', 'POD']})
    expect(norm('--namespace=bookinfo', 'ps')).toEqual({argv: ['proxy-status', '--namespace=bookinfo']})
  })

  it('makes topic and command aliases canonical, after help too', () => {
    expect(norm('pc', 'c', '-f', 'x')).toEqual({argv: ['proxy-config', 'clusters', '-f', 'x']})
    expect(norm('help', 'pc')).toEqual({argv: ['help', 'proxy-config']})
    expect(norm('help', 'pc', 'l')).toEqual({argv: ['help', 'proxy-config', 'listeners']})
    expect(norm('ps', 'POD')).toEqual({argv: ['proxy-status', 'POD']})
  })

  it('leaves everything after -- alone and passes flag-only lines through', () => {
    expect(norm('trace', '-f', 'd.json', '--', '-weird-url')).toEqual({argv: ['trace', '-f', 'd.json', '--', '-weird-url']})
    expect(norm('--version')).toEqual({argv: ['--version']})
    expect(norm()).toEqual({argv: []})
  })

  it('names an unknown command or view with a suggestion', () => {
    expect(norm('pc', 'clustr')).toEqual({error: 'unknown command "pc clustr": did you mean "clusters"? (see mpx pc --help)'})
    expect(norm('-n', 'x', 'proxy-stauts')).toEqual({error: 'unknown command "proxy-stauts": did you mean "proxy-status"? (see mpx --help)'})
    expect(norm('frobnicate')).toEqual({error: 'unknown command "frobnicate" (see mpx --help)'})
  })
})

describe('suggestions', () => {
  it('edit distance counts transpositions as one edit', () => {
    expect(editDistance('fdqn', 'fqdn')).toBe(1)
    expect(editDistance('clustr', 'clusters')).toBe(2)
    expect(editDistance('abc', 'abc')).toBe(0)
  })
  it('suggests only close words', () => {
    expect(suggest('--fdqn', ['--fqdn', '--port', '--file'])).toBe('--fqdn')
    expect(suggest('zzzz', ['clusters', 'routes'])).toBeUndefined()
  })
  it('an unknown flag names the word only, with the closest flag', () => {
    expect(unknownFlagMessage(['--fdqn'], {fqdn: {}, port: {}}, 'mpx proxy-config clusters')).toBe('unknown flag "--fdqn": did you mean "--fqdn"? (see mpx proxy-config clusters --help)')
    expect(unknownFlagMessage(['--zzz=1'], {fqdn: {}}, 'mpx x')).toBe('unknown flag "--zzz" (see mpx x --help)')
  })
})

describe('the command line as users type it', () => {
  it('-h is --help on the root, a topic and a command', () => {
    for (const args of [['-h'], ['pc', 'clusters', '-h'], ['ps', '-h'], ['trace', '-h']]) {
      const r = mpx(args)
      expect(r.status, args.join(' ')).toBe(0)
      expect(r.stdout).toMatch(/USAGE/)
    }
  })

  it('persistent flags before the view work: pc -o json clusters -f SAMPLE equals pc clusters -f SAMPLE -o json', () => {
    const a = mpx(['pc', '-o', 'json', 'clusters', '-f', SAMPLE])
    const b = mpx(['pc', 'clusters', '-f', SAMPLE, '-o', 'json'])
    expect(a.status).toBe(0)
    expect(a.stdout).toBe(b.stdout)
    expect(JSON.parse(a.stdout).length).toBeGreaterThan(10)
  })

  it('pc --help and help pc list the views', () => {
    for (const args of [['pc', '--help'], ['help', 'pc']]) {
      const r = mpx(args)
      expect(r.status).toBe(0)
      for (const view of ['clusters', 'listeners', 'routes', 'endpoints', 'secrets']) expect(r.stdout).toContain(`proxy-config ${view}`)
    }
  })

  it('typos are usage errors naming the word and the likely one', () => {
    expectOneError(mpx(['pc', 'clustr']), /unknown command "pc clustr": did you mean "clusters"\?/, 64)
    expectOneError(mpx(['pc', 'clusters', '-f', SAMPLE, '--fdqn', 'reviews']), /^Error: unknown flag "--fdqn": did you mean "--fqdn"\?/, 64)
  })

  it("trace takes curl's order: -H before the URL, repeatable, never swallowing it", () => {
    const a = mpx(['trace', '-f', SAMPLE, '-H', 'end-user: jason', '-H', 'x-a: b', 'http://reviews:9080/'])
    const b = mpx(['trace', '-f', SAMPLE, 'http://reviews:9080/', '-H', 'end-user: jason', '-H', 'x-a: b'])
    expect(a.status, a.stderr).toBe(0)
    expect(a.stdout).toBe(b.stdout)
    expect(a.stdout).toMatch(/header end-user exact "jason"/)
  })
})

describe("targets in kubectl's -o name form and gateway/NAME", async () => {
  const {parseTarget} = await import('../src/kube/target.js')
  it('accepts the API group after the kind', () => {
    expect(parseTarget('deployment.apps/reviews-v1')).toMatchObject({kind: 'deployment', name: 'reviews-v1'})
    expect(parseTarget('job.batch/migrate.jobs')).toMatchObject({kind: 'job', name: 'migrate', namespace: 'jobs'})
    expect(parseTarget('pod/x')).toMatchObject({kind: 'pod', name: 'x'})
    expect(parseTarget('service/x')).toMatchObject({kind: 'service', name: 'x'})
    expect(parseTarget('gateway/bookinfo-gateway.bookinfo')).toMatchObject({kind: 'gateway', name: 'bookinfo-gateway', namespace: 'bookinfo'})
    expect(parseTarget('gateway.gateway.networking.k8s.io/waypoint')).toMatchObject({kind: 'gateway', name: 'waypoint'})
  })
  it('rejects a group that does not go with the kind', () => {
    expect(() => parseTarget('deployment.batch/x')).toThrow(/does not refer to a pod/)
    expect(() => parseTarget('configmap/x')).toThrow(/use a pod, deployment, statefulset, daemonset, replicaset, job, service or gateway/)
  })
})

describe('flag values are usage errors listing the valid values', () => {
  const cases: Array<[string[], RegExp]> = [
    [['pc', 'endpoints', '-f', 'samples/productpage.clusters.json', '--status', 'bogus'], /^Error: --status: "bogus" is not one of HEALTHY, UNHEALTHY, DRAINING, TIMEOUT, DEGRADED, UNKNOWN$/],
    [['pc', 'listeners', '-f', SAMPLE, '--type', 'foo'], /^Error: --type: "foo" is not one of HTTP, TCP, HTTP\+TCP, UNKNOWN$/],
    [['pc', 'clusters', '-f', SAMPLE, '--direction', 'sideways'], /^Error: --direction: "sideways" is not one of inbound, outbound, inbound-vip$/],
    [['pc', 'clusters', '-f', SAMPLE, '-o'], /^Error: Flag --output expects a value/],
    [['pc', 'clusters', 'x', '--request-timeout', '1194h'], /^Error: --request-timeout: "1194h" is longer than the longest wait a timer can hold \(596h\)/],
  ]
  for (const [args, pattern] of cases) it(args.slice(1).join(' '), () => expectOneError(mpx(args), pattern, 64))

  it('valid values still filter, in any case', () => {
    const r = mpx(['pc', 'endpoints', '-f', 'samples/productpage.clusters.json', '--status', 'unhealthy'])
    expect(r.status).toBe(0)
    expect(r.stdout.split('\n')[1]).toMatch(/UNHEALTHY/)
  })
})

describe('version and root help', () => {
  it('mpx version -o json gives mpx, Node and the platform', () => {
    const r = mpx(['version', '-o', 'json'])
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({mpx: expect.stringMatching(/^\d+\.\d+\.\d+/), node: process.version, platform: `${process.platform}-${process.arch}`})
    expect(mpx(['version']).stdout).toBe(mpx(['--version']).stdout)
  })
  it('root help names the pc alias', () => {
    expect(mpx(['--help']).stdout).toMatch(/proxy-config\s+Retrieve information about an Envoy sidecar's configuration\s+\(alias: pc\)/)
  })
})
