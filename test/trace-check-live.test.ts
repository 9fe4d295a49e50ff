/**
 * `mpx trace` and `mpx check` against a live pod through the test Kubernetes API server (port-forward to
 * the Envoy admin emulator serving the sample productpage dump and /clusters): the live result equals the
 * offline result on the same dump and /clusters answer.
 */
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {bookinfo, startKubeServer, type KubeServer} from './kube-server/index.js'
import {mpx, mpxAsync} from './helpers/cli.js'
import {SAMPLE, SAMPLE_CLUSTERS} from './helpers/scenarios.js'

let server: KubeServer
let env: NodeJS.ProcessEnv
let pp: string

beforeAll(async () => {
  const bi = bookinfo({configDumps: {'productpage-v1': SAMPLE}})
  pp = bi.pods['productpage-v1']
  const pod = bi.world.pods.find((p) => p.name === pp)!
  pod.admin = {...(pod.admin || {}), configDump: SAMPLE, clusters: SAMPLE_CLUSTERS}
  server = await startKubeServer({world: bi.world})
  env = {KUBECONFIG: server.kubeconfigPath, HOME: mkdtempSync(join(tmpdir(), 'mpx-live-trace-'))}
})

afterAll(async () => {
  await server?.close()
})

describe('live trace and check', () => {
  it('trace: the jason request meets the outlier-ejected reviews-v2 endpoint (UH), as offline with --clusters', async () => {
    const args = ['http://reviews:9080/reviews/0', '-H', 'end-user: jason', '-o', 'json']
    const live = await mpxAsync(['trace', pp, ...args], {env})
    expect(live.stderr).toBe('')
    expect(live.status).toBe(1)
    const offline = mpx(['trace', '-f', SAMPLE, '--clusters', SAMPLE_CLUSTERS, ...args])
    expect(live.stdout).toBe(offline.stdout)
    expect(JSON.parse(live.stdout).verdict.flag).toBe('UH')
    const paths = server.requestsOf('admin', {name: pp}).map((r) => r.path)
    expect(paths).toContain('/config_dump')
    expect(paths).toContain('/clusters')
  })
  it('check: the same findings as offline with --clusters, exit 1, next commands name the pod', async () => {
    const live = await mpxAsync(['check', pp, '--now', '2026-11-21T00:00:00Z', '-o', 'json'], {env})
    expect(live.stderr).toBe('')
    expect(live.status).toBe(1)
    const offline = mpx(['check', '-f', SAMPLE, '--clusters', SAMPLE_CLUSTERS, '--now', '2026-11-21T00:00:00Z', '-o', 'json'])
    const strip = (text: string) => JSON.parse(text).findings.map((f: {next: string | null}) => ({...f, next: null}))
    expect(strip(live.stdout)).toEqual(strip(offline.stdout))
    expect(JSON.parse(live.stdout).findings[0].next).toBe(`mpx proxy-config endpoints ${pp} --cluster 'outbound|9080|v2|reviews.default.svc.cluster.local'`)
  })
  it('check of an unknown pod is a tool error (exit 2)', async () => {
    const r = await mpxAsync(['check', 'no-such-pod'], {env})
    expect(r.stdout).toBe('')
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^Error: .*no-such-pod/)
  })
})
