/**
 * Conformance of mpx's route selection (trace steps 5-6) with Envoy's own `router_check_tool` vectors in
 * test/fixtures/envoy-router-check/ (vendored from ../shared): every `NAME.yaml` RouteConfiguration with its
 * `NAME.golden.proto.json` test cases. Each case is routed with `routeRequest` and the tool's view of the
 * result is compared with every validated field mpx models.
 *
 * Checked fields: cluster_name, virtual_host_name, path_rewrite, host_rewrite, path_redirect,
 * code_redirect, timeout, route_metadata.
 * Skipped fields (not routing decisions of a sidecar trace), with the reason:
 * - virtual_cluster_name: a stats bucket (regex on :path/:method), not a routing decision;
 * - header_fields, custom_header_fields: request headers after header mutation
 *   (`request_headers_to_add`, `%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%` = the tool's fake 127.0.0.1);
 * - response_header_matches: generated direct-response headers (content-type, content-length).
 * Skipped cases: RouteMetadata `MetadataValueMismatch` and `MetadataNamespaceMissing`, which cannot pass
 * against their YAML (deliberate failure cases of the tool's own test script).
 * `runtime` and `random_value` inputs are honoured as the tool does (a runtime key named by the case is
 * on, the default_value is not applied; `random_value` modulo the total weight picks the weighted cluster).
 */
import {readdirSync, readFileSync} from 'node:fs'
import {afterAll, describe, expect, it} from 'vitest'
import {parse as parseYaml} from 'yaml'
import {FIXTURES} from './helpers/cli.js'
import {redirectUrl, routeRequest, type HttpRequest} from '../src/trace/route-matcher.js'

const DIR = `${FIXTURES}envoy-router-check/`
const CHECKED = ['cluster_name', 'virtual_host_name', 'path_rewrite', 'host_rewrite', 'path_redirect', 'code_redirect', 'timeout', 'route_metadata'] as const
const SKIPPED_FIELDS: Record<string, string> = {
  virtual_cluster_name: 'stats classification, not a routing decision',
  header_fields: 'headers after mutation, not modelled',
  custom_header_fields: 'request_headers_to_add values, not modelled',
  response_header_matches: 'generated direct-response headers, not modelled',
}
const SKIPPED_CASES: Record<string, string> = {
  'RouteMetadata/MetadataValueMismatch': 'deliberate failure case: expects "stable" where the YAML says "canary"',
  'RouteMetadata/MetadataNamespaceMissing': 'deliberate failure case: the "/" route has no metadata',
}

type Json = Record<string, any>
const stats = {cases: 0, skippedCases: 0, checks: 0, byField: {} as Record<string, number>, skippedChecks: {} as Record<string, number>}

/** The tool's view of a routing decision (`router_check_tool` `RouterCheckTool::compare*`). */
function toolView(rc: Json, input: Json) {
  const headers: Array<[string, string]> = [...(input.additional_headers ?? []), ...(input.additional_request_headers ?? [])].map((h: Json) => [h.key, h.value])
  const req: HttpRequest = {
    authority: input.authority,
    path: input.path,
    method: input.method ?? 'GET',
    scheme: input.ssl ? 'https' : 'http',
    internal: input.internal === true,
    headers,
  }
  const d = routeRequest(rc, req, {randomValue: input.random_value ?? 0, runtimeKeys: new Set(input.runtime ? [input.runtime] : [])})
  const none = {cluster_name: '', virtual_host_name: '', path_rewrite: '', host_rewrite: '', path_redirect: '', code_redirect: 0, route: undefined as Json | undefined}
  if (d.tlsRedirect) return {...none, path_redirect: d.tlsRedirect.url, code_redirect: 301}
  if (!d.match) return none
  const a = d.match.action
  if (a.kind === 'redirect') return {...none, path_redirect: a.url, code_redirect: a.status, route: d.match.route}
  if (a.kind === 'direct_response') return {...none, path_redirect: redirectUrl(undefined, req), code_redirect: a.status, route: d.match.route}
  if (a.kind !== 'cluster') return {...none, route: d.match.route}
  return {
    ...none,
    cluster_name: a.cluster ?? '',
    virtual_host_name: String(d.virtualHost!.vhost.name ?? ''),
    path_rewrite: d.match.pathRewrite ?? req.path,
    host_rewrite: d.match.hostRewrite ?? req.authority,
    route: d.match.route,
  }
}

function durationText(t: unknown): string {
  if (typeof t === 'string') return t
  const o = (t ?? {}) as Json
  const s = Number(o.seconds ?? 0) + Number(o.nanos ?? 0) / 1e9
  return `${s}s`
}

const pairs = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length)).sort()

describe('Envoy router_check_tool vectors', () => {
  it('has all 15 pairs', () => expect(pairs).toHaveLength(15))
  for (const name of pairs) {
    const rc = parseYaml(readFileSync(`${DIR}${name}.yaml`, 'utf8')) as Json
    const golden = JSON.parse(readFileSync(`${DIR}${name}.golden.proto.json`, 'utf8')) as Json
    describe(name, () => {
      for (const t of golden.tests as Json[]) {
        const id = `${name}/${t.test_name}`
        const skip = SKIPPED_CASES[id]
        it.skipIf(skip !== undefined)(`${t.test_name}${skip ? ` (skipped: ${skip})` : ''}`, () => {
          const got = toolView(rc, t.input)
          stats.cases++
          for (const [field, want] of Object.entries(t.validate as Json)) {
            if (field in SKIPPED_FIELDS) {
              stats.skippedChecks[field] = (stats.skippedChecks[field] ?? 0) + 1
              continue
            }
            expect(CHECKED as readonly string[], `unknown validate field ${field}`).toContain(field)
            if (field === 'timeout') expect(durationText(got.route?.route?.timeout), field).toBe(want)
            else if (field === 'route_metadata') {
              for (const m of want as Json[]) expect(got.route?.metadata?.filter_metadata?.[m.namespace]?.[m.key], field).toBe(m.value)
            } else expect((got as Json)[field], `${id} ${field}`).toBe(want)
            stats.checks++
            stats.byField[field] = (stats.byField[field] ?? 0) + 1
          }
        })
        if (skip) stats.skippedCases++
      }
    })
  }
})

afterAll(() => {
  const fields = Object.entries(stats.byField).map(([k, v]) => `${k} ${v}`).join(', ')
  const skipped = Object.entries(stats.skippedChecks).map(([k, v]) => `${k} ${v}`).join(', ')
  process.stdout.write(`router_check conformance: ${stats.cases} cases passed (${stats.skippedCases} skipped), ${stats.checks} field checks passed [${fields}]; skipped checks [${skipped}]\n`)
})
