/**
 * istiod debug HTTP emulation (`pilot/pkg/xds/debug.go`), served on an istiod pod's monitoring port
 * (15014) and its local debug port (8080, used by `pilot-discovery request`).
 */
import type {BodySource, PortHandler} from './types.js'
import {configDumpResponse} from './envoy-admin.js'
import {sourceBytes, sourceJson} from './sources.js'

/** Content of an emulated istiod. */
export interface IstiodDebugSpec {
  /** `/debug/syncz` JSON array (HTTP-era format: `[{"proxy":"pod.ns", "cluster_sent":…, …}]`). */
  syncz?: BodySource
  /** `/debug/config_dump?proxyID=`: per connected proxy id (`pod.ns`), that proxy's dump as istiod holds it. */
  configDumps?: Record<string, BodySource>
  /**
   * Config namespace of proxies whose ID does not end in `.<namespace>` (istiod filters `?namespace=` on
   * the proxy's config namespace, not on its ID).
   */
  namespaces?: Record<string, string>
  /** `/version` text as istiod's monitoring port answers it (`BuildInfo.String()`, e.g. `1.24.0-<sha>-Clean`); unset → 404. */
  version?: string
  /** Other paths (exact, without query), e.g. `/debug/clusterz`. */
  paths?: Record<string, BodySource | PortHandler>
}

const JSON_HEADERS = {'content-type': 'application/json'}
const TEXT_HEADERS = {'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff'}

/**
 * Builds the handler for istiod's debug endpoints:
 * - `/debug/syncz[?namespace=ns]` — the array, filtered on the proxy's namespace (`namespaces`, else its `.ns` suffix);
 * - `/version` — the `version` text, when set;
 * - `/debug/config_dump?proxyID=x[&include_eds]` — no proxyID → 400 `You must provide a proxyID in the query string`;
 *   a proxyID that is a substring of no connection → 404 `Proxy not connected to this Pilot instance. It may be connected to another instance.`;
 * - anything else → 404 `404 page not found` (Go's default mux answer).
 */
export function istiodDebugHandler(spec: IstiodDebugSpec): PortHandler {
  return (req) => {
    const path = req.path
    const extra = spec.paths?.[path]
    if (extra !== undefined) {
      if (typeof extra === 'function') return extra(req)
      return {status: 200, headers: JSON_HEADERS, body: sourceBytes(extra as BodySource)}
    }
    if (path === '/debug/syncz') {
      const all = (spec.syncz === undefined ? [] : sourceJson(spec.syncz)) as Array<Record<string, unknown>>
      const ns = req.query.get('namespace')
      const nsOf = (id: string) => spec.namespaces?.[id] ?? id.slice(id.lastIndexOf('.') + 1)
      const items = ns ? all.filter((s) => nsOf(String(s.proxy ?? '')) === ns) : all
      return {status: 200, headers: JSON_HEADERS, body: Buffer.from(JSON.stringify(items, null, req.query.has('pretty') ? 2 : 0))}
    }
    if (path === '/version' && spec.version !== undefined) return {status: 200, headers: TEXT_HEADERS, body: spec.version}
    if (path === '/debug/config_dump') {
      const id = req.query.get('proxyID')
      if (!id) return {status: 400, headers: TEXT_HEADERS, body: 'You must provide a proxyID in the query string'}
      const key = Object.keys(spec.configDumps ?? {}).find((k) => `${k}-1`.includes(id))
      if (key === undefined) {
        return {status: 404, headers: TEXT_HEADERS, body: 'Proxy not connected to this Pilot instance. It may be connected to another instance.'}
      }
      const q = new URLSearchParams()
      if (req.query.has('include_eds')) q.set('include_eds', 'true')
      const r = configDumpResponse(spec.configDumps![key]!, q)
      return {status: r.status, headers: r.json ? JSON_HEADERS : TEXT_HEADERS, body: r.body}
    }
    return {status: 404, headers: TEXT_HEADERS, body: '404 page not found\n'}
  }
}
