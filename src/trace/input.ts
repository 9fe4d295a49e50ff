/**
 * The inputs of `mpx trace` and `mpx check` read from files: a config dump (JSON or YAML, `-` for stdin),
 * an `mpx dump` bundle (its `config_dump.json`, plus `clusters.json` for live health when present), or —
 * for trace — a bare `RouteConfiguration` as Envoy's own tools take it; optionally a separate
 * `/clusters?format=json` answer.
 */
import {isBundle, readBundleMember} from '../bundle.js'
import {parseClustersStatus, type ClustersStatus} from '../envoy/clusters-status.js'
import {ConfigDump, type JsonObject} from '../envoy/config-dump.js'
import {RouteConfigurationShape, type RouteConfiguration} from '../envoy/model.js'
import {checkNesting, checkShape} from '../envoy/shape.js'
import {detectNaming} from '../envoy/naming.js'
import {ProxyState} from '../envoy/proxy-state.js'
import {InputError} from '../errors.js'
import {loadClustersFile} from '../input/load.js'
import {parseDocumentText, readDocument} from '../input/read-input.js'

/** What was read: a proxy state, or a bare RouteConfiguration. */
export type LoadedInput = {kind: 'proxy'; state: ProxyState} | {kind: 'routes'; routeConfig: RouteConfiguration; source: string}

function isRouteConfiguration(v: unknown): v is JsonObject {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false
  const o = v as JsonObject
  return o.configs === undefined && (Array.isArray(o.virtual_hosts) || Array.isArray(o.virtualHosts) || String(o['@type'] ?? '').endsWith('envoy.config.route.v3.RouteConfiguration'))
}

/**
 * Reads the input of a trace or check.
 * @param path a dump file, `-`, or a bundle
 * @param clustersPath a `/clusters?format=json` file (`--clusters`), overriding a bundle's
 * @param allowRoutes accept a bare RouteConfiguration (trace only)
 * @throws InputError for unreadable or unsuitable input
 */
export async function loadTraceInput(path: string, clustersPath: string | undefined, allowRoutes: boolean): Promise<LoadedInput> {
  let value: unknown
  let source: string
  let clusters: ClustersStatus | undefined
  if (isBundle(path)) {
    source = `${path}:config_dump.json`
    value = await parseDocumentText(await readBundleMember(path, 'config_dump.json'), source)
    if (!clustersPath) {
      try {
        const text = await readBundleMember(path, 'clusters.json')
        clusters = await parseClustersStatus(await parseDocumentText(text, `${path}:clusters.json`), `${path}:clusters.json`)
      } catch (error) {
        if (!(error instanceof InputError) || error.code !== 'NO_MEMBER') throw error
      }
    }
  } else {
    const doc = await readDocument(path)
    value = doc.value
    source = doc.source
  }
  if (isRouteConfiguration(value)) {
    if (!allowRoutes) throw new InputError(`${source === 'stdin' ? 'stdin' : `"${source}"`} is a bare RouteConfiguration: mpx check needs a whole config dump`, 'NOT_A_DUMP')
    let rc = value
    if (detectNaming(rc) === 'camel') {
      checkNesting(rc, 'RouteConfiguration')
      const {renameFields} = await import('../proto/proto-json.js')
      rc = renameFields(rc, 'envoy.config.route.v3.RouteConfiguration', 'snake') as JsonObject
    }
    checkShape(rc, RouteConfigurationShape, 'RouteConfiguration')
    return {kind: 'routes', routeConfig: rc as RouteConfiguration, source}
  }
  const dump = await ConfigDump.from(value, source)
  if (clustersPath) clusters = await loadClustersFile(clustersPath)
  return {kind: 'proxy', state: new ProxyState(dump, clusters)}
}
