/**
 * The `proxy-config` views: what each reads (config dump or `/clusters`), what it fetches from a live
 * Envoy admin API, and how it renders in every output format. Commands call {@link renderView}; the
 * same code serves a dump read from a file and one fetched from a pod.
 */
import {parseClustersStatus, type ClustersStatus} from './envoy/clusters-status.js'
import {ConfigDump, type SectionKind} from './envoy/config-dump.js'
import type {AdminClient} from './kube/admin-client.js'
import type {PodOutcome} from './live.js'
import {MpxError, UsageError} from './errors.js'
import type {OutputFormat} from './format/output.js'
import {toJson, toYaml, toRawJson} from './format/output.js'
import {renderMessage, renderResourceList} from './format/resources.js'
import {allSummary, type AllFilter} from './views/all.js'
import {bootstrapSection, versionSummary} from './views/bootstrap.js'
import {clusterTable, selectClusters} from './views/clusters.js'
import {edsTable, selectLoadAssignments, type EndpointFilter} from './views/eds.js'
import {ecdsSection, ecdsTable} from './views/ecds.js'
import {hostTable, selectClusterStatuses, selectHostRows} from './views/endpoints.js'
import {listenerTable, selectListeners} from './views/listeners.js'
import {routeTable, selectRouteConfigs} from './views/routes.js'
import {secretTable, secretsSection} from './views/secrets.js'

/** The views of `mpx proxy-config`. */
export type ViewName = 'clusters' | 'listeners' | 'routes' | 'endpoints' | 'eds' | 'bootstrap' | 'secrets' | 'ecds' | 'all'

/** Envoy admin paths each view needs (istioctl's masks; `include_eds` only where endpoints are shown). */
export const VIEW_ADMIN_PATH: Record<ViewName, string> = {
  clusters: 'config_dump?mask=dynamic_active_clusters,dynamic_warming_clusters,static_clusters',
  listeners: 'config_dump?mask=dynamic_listeners,static_listeners',
  routes: 'config_dump?mask=dynamic_route_configs,static_route_configs',
  secrets: 'config_dump?mask=dynamic_active_secrets,dynamic_warming_secrets',
  bootstrap: 'config_dump?mask=bootstrap',
  ecds: 'config_dump?include_eds=true',
  eds: 'config_dump?include_eds=true',
  all: 'config_dump?include_eds=true',
  endpoints: 'clusters?format=json',
}

/** The config dump sections each view reads (`all` reads everything). */
export const VIEW_SECTIONS: Partial<Record<ViewName, SectionKind[]>> = {
  clusters: ['Clusters'],
  listeners: ['Listeners'],
  routes: ['Routes'],
  secrets: ['Secrets'],
  bootstrap: ['Bootstrap'],
  eds: ['Endpoints'],
  ecds: ['Ecds'],
}

/** Options of every view; filters not used by a view are ignored. */
export interface ViewOptions extends AllFilter, EndpointFilter {
  output: OutputFormat
  /** Listener/route tables: one row per filter chain / route (default true). */
  verbose?: boolean
  /** `all`: section headers. */
  withHeaders?: boolean
  /** Instant for certificate validity (default now). */
  now?: Date
}

/** The filter flags a view honours, for messages (`--fqdn=x --port=9080`). */
const VIEW_FILTERS: Partial<Record<ViewName, Array<keyof ViewOptions>>> = {
  clusters: ['fqdn', 'port', 'subset', 'direction'],
  listeners: ['address', 'port', 'type'],
  routes: ['name'],
  eds: ['address', 'port', 'cluster', 'status'],
  endpoints: ['address', 'port', 'cluster', 'status'],
}

/**
 * Fails when filters were given and nothing passed them, so scripts can tell "no match" (exit 1) from a
 * result; without filters an empty result is printed as istioctl prints it.
 * @throws MpxError `no <what> found matching --flag=value ...`
 */
function requireMatches<T>(view: ViewName, what: string, list: T[], o: ViewOptions): T[] {
  if (list.length > 0) return list
  const given = (VIEW_FILTERS[view] ?? []).filter((k) => o[k] !== undefined && o[k] !== '')
  if (given.length === 0) return list
  throw new MpxError(`no ${what} found matching ${given.map((k) => `--${String(k)}=${String(o[k])}`).join(' ')}`, 'NO_MATCH')
}

/** Validates an `-o` value. @throws UsageError `output format "x" not supported` */
export function parseOutputFormat(value: string, allowed: readonly OutputFormat[] = ['short', 'json', 'yaml', 'raw']): OutputFormat {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`output format "${value}" not supported: use one of ${allowed.join(', ')}`, 'BAD_OUTPUT')
  }
  return value as OutputFormat
}

/**
 * Renders a config-dump view.
 * @param view any view except `endpoints` (which reads `/clusters`, see {@link renderEndpointsView})
 * @returns the complete text to print (built whole, so nothing is printed when a section fails)
 * @throws InputError/MpxError for missing sections or empty results (istioctl's messages)
 */
export async function renderView(view: Exclude<ViewName, 'endpoints'>, dump: ConfigDump, o: ViewOptions): Promise<string> {
  const structured = o.output !== 'short'
  const fmt = o.output as 'json' | 'yaml' | 'raw'
  const verbose = o.verbose ?? true
  switch (view) {
    case 'clusters': {
      const list = requireMatches(view, 'clusters', selectClusters(dump, o), o)
      return structured ? renderResourceList(list, 'envoy.config.cluster.v3.Cluster', fmt) : clusterTable(list)
    }
    case 'listeners': {
      const list = requireMatches(view, 'listeners', selectListeners(dump, o), o)
      return structured ? renderResourceList(list, 'envoy.config.listener.v3.Listener', fmt) : listenerTable(list, verbose)
    }
    case 'routes': {
      const list = requireMatches(view, 'route configurations', selectRouteConfigs(dump, o), o)
      return structured ? renderResourceList(list, 'envoy.config.route.v3.RouteConfiguration', fmt) : routeTable(list, verbose)
    }
    case 'eds': {
      const list = requireMatches(view, 'endpoints', selectLoadAssignments(dump, o), o)
      return structured ? renderResourceList(list, 'envoy.config.endpoint.v3.ClusterLoadAssignment', fmt) : edsTable(list)
    }
    case 'bootstrap': {
      const section = bootstrapSection(dump)
      return structured ? renderMessage(section, 'envoy.admin.v3.BootstrapConfigDump', fmt) : versionSummary(section)
    }
    case 'secrets': {
      const section = secretsSection(dump)
      return structured ? renderMessage(section, 'envoy.admin.v3.SecretsConfigDump', fmt) : secretTable(section, o.now)
    }
    case 'ecds': {
      const section = ecdsSection(dump)
      return structured ? renderMessage(section, 'envoy.admin.v3.EcdsConfigDump', fmt) : ecdsTable(section)
    }
    case 'all': {
      if (o.output === 'json') return toJson(dump.original)
      if (o.output === 'yaml') return toYaml(dump.original)
      if (o.output === 'raw') return toRawJson(dump.original)
      return allSummary(dump, o, {verbose, withHeaders: o.withHeaders ?? false, now: o.now})
    }
  }
}

/**
 * Renders any view from its input (a config dump, or a `/clusters` answer for `endpoints`).
 * @throws InputError when the input kind does not fit the view
 */
export async function renderInput(view: ViewName, input: ConfigDump | ClustersStatus, o: ViewOptions): Promise<string> {
  if (view === 'endpoints') return renderEndpointsView(input as ClustersStatus, o)
  return renderView(view, input as ConfigDump, o)
}

/**
 * Fetches what a view needs from a pod's Envoy admin API (istioctl's masks; `include_eds` only for
 * `eds`/`ecds`/`all`; `/clusters?format=json` for `endpoints`) and parses it.
 * @param pod `name.namespace`, for messages
 * @throws MpxError for fetch failures or an answer that is not JSON
 */
export async function fetchViewInput(view: ViewName, admin: AdminClient, pod: string): Promise<ConfigDump | ClustersStatus> {
  const path = VIEW_ADMIN_PATH[view]
  const body = await admin.get(path)
  let value: unknown
  try {
    value = JSON.parse(body.toString('utf8'))
  } catch (error) {
    throw new MpxError(`Envoy in ${pod} answered /${path} with something that is not JSON (${(error as Error).message}): is --proxy-admin-port really Envoy's admin port?`, 'BAD_ANSWER')
  }
  const source = `${pod}:/${path}`
  return view === 'endpoints' ? parseClustersStatus(value, source) : ConfigDump.from(value, source)
}

/**
 * Combines the per-pod outputs of a `--selector` run: tables under a `# pod.namespace` heading each;
 * `-o json|yaml|raw` one array of `{"pod", "namespace", "result"}` (or `"error"`). Failed pods also
 * yield `pod.namespace: message` lines for stderr and exit code 1.
 */
export async function renderFanOut(outcomes: Array<PodOutcome<string>>, output: OutputFormat): Promise<{stdout: string; errors: string[]; exitCode: number}> {
  const errors = outcomes.filter((x) => x.error).map((x) => `${x.pod}.${x.namespace}: ${x.error!.message}`)
  let stdout: string
  if (output === 'short') {
    stdout = outcomes.filter((x) => x.result !== undefined).map((x) => `# ${x.pod}.${x.namespace}\n${x.result}`).join('\n')
  } else {
    const items = outcomes.map((x) =>
      x.error ? {pod: x.pod, namespace: x.namespace, error: x.error.message} : {pod: x.pod, namespace: x.namespace, result: JSON.parse(x.result!)},
    )
    stdout = output === 'yaml' ? await toYaml(items) : output === 'raw' ? toRawJson(items) : toJson(items)
  }
  return {stdout, errors, exitCode: errors.length > 0 ? 1 : 0}
}

/** Renders the `endpoints` view from a `/clusters?format=json` answer. */
export async function renderEndpointsView(status: ClustersStatus, o: ViewOptions): Promise<string> {
  if (o.output === 'short') return hostTable(requireMatches('endpoints', 'endpoints', selectHostRows(status, o), o))
  const list = requireMatches('endpoints', 'endpoints', selectClusterStatuses(status, o), o)
  return renderResourceList(list, 'envoy.admin.v3.ClusterStatus', o.output)
}
