/**
 * The `proxy-config` views. Each view is one {@link View} object: what it reads (a config dump and which
 * of its sections, or `/clusters`), what it fetches from a live Envoy admin API, the filters it honours,
 * and how it selects what it shows. {@link runView} turns a selection into a {@link ViewResult} (the
 * table text, or the value `-o json|yaml|raw` prints) and {@link printResult} prints it; the same code
 * serves a dump read from a file and one fetched from a pod, and a `--selector` fan-out combines the
 * values of its pods without reparsing any text.
 */
import {parseClustersStatus, type ClustersStatus} from './envoy/clusters-status.js'
import {ConfigDump, type SectionKind} from './envoy/config-dump.js'
import {checkNesting} from './envoy/shape.js'
import type {AdminClient} from './kube/admin-client.js'
import type {PodOutcome} from './live.js'
import {MpxError, UsageError} from './errors.js'
import type {OutputFormat} from './format/output.js'
import {toJson, toYaml, toRawJson} from './format/output.js'
import {toProtoJson} from './format/resources.js'
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

/**
 * What a view selected: the data `-o json|yaml|raw` shows (a list of resources, or one message) and how
 * to lay it out as a table.
 */
export interface Selection {
  /** The selected resources (a list: empty + filters = no match), or a whole section (one message). */
  readonly data: readonly object[] | object
  /** The proto message of `data` (of its items for a list), for the proto3 JSON rendering; undefined: print `data` verbatim. */
  readonly typeName?: string
  /** The `-o short` table (or summary) text. */
  table(): string
}

/** One `proxy-config` view. */
export interface View<I extends ConfigDump | ClustersStatus = ConfigDump | ClustersStatus> {
  readonly name: ViewName
  /** `dump`: a `/config_dump`; `clusters`: a `/clusters?format=json` answer. */
  readonly input: I extends ClustersStatus ? 'clusters' : 'dump'
  /** The Envoy admin path fetched from a live pod (istioctl's masks; `include_eds` only where endpoints are shown). */
  readonly adminPath: string
  /** The config dump sections the view reads (a large file is parsed only there); undefined: all. */
  readonly sections?: readonly SectionKind[]
  /** The filter flags the view honours, for the no-match message (`--fqdn=x --port=9080`). */
  readonly filters: ReadonlyArray<keyof ViewOptions>
  /** What it lists, for messages (`no clusters found matching ...`). */
  readonly noun: string
  /**
   * Selects what the view shows.
   * @throws InputError for a missing or malformed section; MpxError for istioctl's "no ... found"
   */
  select(input: I, o: ViewOptions): Selection
}

const dumpView = (v: Omit<View<ConfigDump>, 'input'>): View<ConfigDump> => ({...v, input: 'dump'})

/** Every view by name. */
export const VIEWS: {readonly [K in ViewName]: K extends 'endpoints' ? View<ClustersStatus> : View<ConfigDump>} = {
  clusters: dumpView({
    name: 'clusters',
    adminPath: 'config_dump?mask=dynamic_active_clusters,dynamic_warming_clusters,static_clusters',
    sections: ['Clusters'],
    filters: ['fqdn', 'port', 'subset', 'direction'],
    noun: 'clusters',
    select: (dump, o) => {
      const list = selectClusters(dump, o)
      return {data: list, typeName: 'envoy.config.cluster.v3.Cluster', table: () => clusterTable(list)}
    },
  }),
  listeners: dumpView({
    name: 'listeners',
    adminPath: 'config_dump?mask=dynamic_listeners,static_listeners',
    sections: ['Listeners'],
    filters: ['address', 'port', 'type'],
    noun: 'listeners',
    select: (dump, o) => {
      const list = selectListeners(dump, o)
      return {data: list, typeName: 'envoy.config.listener.v3.Listener', table: () => listenerTable(list, o.verbose ?? true)}
    },
  }),
  routes: dumpView({
    name: 'routes',
    adminPath: 'config_dump?mask=dynamic_route_configs,static_route_configs',
    sections: ['Routes'],
    filters: ['name'],
    noun: 'route configurations',
    select: (dump, o) => {
      const list = selectRouteConfigs(dump, o)
      return {data: list, typeName: 'envoy.config.route.v3.RouteConfiguration', table: () => routeTable(list, o.verbose ?? true)}
    },
  }),
  eds: dumpView({
    name: 'eds',
    adminPath: 'config_dump?include_eds=true',
    sections: ['Endpoints'],
    filters: ['address', 'port', 'cluster', 'status'],
    noun: 'endpoints',
    select: (dump, o) => {
      const list = selectLoadAssignments(dump, o)
      return {data: list, typeName: 'envoy.config.endpoint.v3.ClusterLoadAssignment', table: () => edsTable(list)}
    },
  }),
  bootstrap: dumpView({
    name: 'bootstrap',
    adminPath: 'config_dump?mask=bootstrap',
    sections: ['Bootstrap'],
    filters: [],
    noun: 'bootstrap',
    select: (dump) => {
      const section = bootstrapSection(dump)
      return {data: section, typeName: 'envoy.admin.v3.BootstrapConfigDump', table: () => versionSummary(section)}
    },
  }),
  secrets: dumpView({
    name: 'secrets',
    adminPath: 'config_dump?mask=dynamic_active_secrets,dynamic_warming_secrets',
    sections: ['Secrets'],
    filters: [],
    noun: 'secrets',
    select: (dump, o) => {
      const section = secretsSection(dump)
      return {data: section, typeName: 'envoy.admin.v3.SecretsConfigDump', table: () => secretTable(section, o.now)}
    },
  }),
  ecds: dumpView({
    name: 'ecds',
    adminPath: 'config_dump?include_eds=true',
    sections: ['Ecds'],
    filters: [],
    noun: 'extension configs',
    select: (dump) => {
      const section = ecdsSection(dump)
      return {data: section, typeName: 'envoy.admin.v3.EcdsConfigDump', table: () => ecdsTable(section)}
    },
  }),
  all: dumpView({
    name: 'all',
    adminPath: 'config_dump?include_eds=true',
    filters: [],
    noun: 'resources',
    // -o json|yaml|raw pass the dump through as read
    select: (dump, o) => ({data: dump.original as object, table: () => allSummary(dump, o, {verbose: o.verbose ?? true, withHeaders: o.withHeaders ?? false, now: o.now})}),
  }),
  endpoints: {
    name: 'endpoints',
    input: 'clusters',
    adminPath: 'clusters?format=json',
    filters: ['address', 'port', 'cluster', 'status'],
    noun: 'endpoints',
    select: (status, o) => {
      const list = selectClusterStatuses(status, o)
      return {data: list, typeName: 'envoy.admin.v3.ClusterStatus', table: () => hostTable(selectHostRows(status, o))}
    },
  },
}

/** The config dump sections a view reads (undefined: all of them). */
export function viewSections(view: ViewName): readonly SectionKind[] | undefined {
  return VIEWS[view].sections
}

/** What a view run yields: the table text (`-o short`) or the value `-o json|yaml|raw` prints. */
export type ViewResult = {readonly kind: 'table'; readonly text: string} | {readonly kind: 'data'; readonly value: unknown}

/** Validates an `-o` value. @throws UsageError `output format "x" not supported` */
export function parseOutputFormat(value: string, allowed: readonly OutputFormat[] = ['short', 'json', 'yaml', 'raw']): OutputFormat {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`output format "${value}" not supported: use one of ${allowed.join(', ')}`, 'BAD_OUTPUT')
  }
  return value as OutputFormat
}

/**
 * Runs a view on its input: selects, fails when filters were given and nothing passed them (so scripts
 * can tell "no match", exit 1, from a result; without filters an empty result is printed as istioctl
 * prints it), then lays out the table or builds the structured value (proto3 JSON for `json`/`yaml`,
 * Envoy's own objects for `raw`).
 * @throws InputError/MpxError for missing or malformed sections and empty results (istioctl's messages)
 */
export async function runView<I extends ConfigDump | ClustersStatus>(view: View<I>, input: I, o: ViewOptions): Promise<ViewResult> {
  const sel = view.select(input, o)
  if (Array.isArray(sel.data) && sel.data.length === 0) {
    const given = view.filters.filter((k) => o[k] !== undefined && o[k] !== '')
    if (given.length > 0) throw new MpxError(`no ${view.noun} found matching ${given.map((k) => `--${String(k)}=${String(o[k])}`).join(' ')}`, 'NO_MATCH')
  }
  if (o.output === 'short') return {kind: 'table', text: sel.table()}
  checkNesting(sel.data, view.name === 'all' ? 'the config dump' : sel.typeName?.slice(sel.typeName.lastIndexOf('.') + 1) ?? view.name)
  if (o.output === 'raw' || sel.typeName === undefined) return {kind: 'data', value: sel.data}
  const typeName = sel.typeName
  const value = Array.isArray(sel.data)
    ? await Promise.all((sel.data as readonly object[]).map((r) => toProtoJson(r as Record<string, unknown>, typeName)))
    : await toProtoJson(sel.data as Record<string, unknown>, typeName)
  return {kind: 'data', value}
}

/** The text of a result in an output format: the table, or the value as JSON (istioctl's indent), YAML or raw JSON. */
export async function printResult(result: ViewResult, output: OutputFormat): Promise<string> {
  if (result.kind === 'table') return result.text
  return printValue(result.value, output)
}

async function printValue(value: unknown, output: OutputFormat): Promise<string> {
  return output === 'yaml' ? toYaml(value) : output === 'raw' ? toRawJson(value) : toJson(value)
}

/**
 * Renders any view from its input.
 * @returns the complete text to print (built whole, so nothing is printed when a section fails)
 * @throws InputError when the input does not fit the view; see {@link runView}
 */
export async function renderInput(view: ViewName, input: ConfigDump | ClustersStatus, o: ViewOptions): Promise<string> {
  const v = VIEWS[view] as View
  return printResult(await runView(v, input, o), o.output)
}

/**
 * Fetches a pod's `/config_dump` (at an admin path such as `config_dump?include_eds=true`) and reads it.
 * @param pod `name.namespace`, for messages
 * @throws MpxError for fetch failures or an answer that is not JSON; InputError for one that is not a dump
 */
export async function fetchDump(admin: AdminClient, pod: string, path: string): Promise<ConfigDump> {
  return ConfigDump.from(await fetchJson(admin, pod, path), `${pod}:/${path}`)
}

/** Fetches and reads a pod's `/clusters?format=json`. @throws as {@link fetchDump} */
export async function fetchClusters(admin: AdminClient, pod: string): Promise<ClustersStatus> {
  const path = VIEWS.endpoints.adminPath
  return parseClustersStatus(await fetchJson(admin, pod, path), `${pod}:/${path}`)
}

async function fetchJson(admin: AdminClient, pod: string, path: string): Promise<unknown> {
  const body = await admin.get(path)
  try {
    return JSON.parse(body.toString('utf8'))
  } catch (error) {
    throw new MpxError(`Envoy in ${pod} answered /${path} with something that is not JSON (${(error as Error).message}): is --proxy-admin-port really Envoy's admin port?`, 'BAD_ANSWER')
  }
}

/**
 * Fetches what a view needs from a pod's Envoy admin API (see {@link View.adminPath}) and parses it.
 * @param pod `name.namespace`, for messages
 */
export async function fetchViewInput(view: ViewName, admin: AdminClient, pod: string): Promise<ConfigDump | ClustersStatus> {
  return view === 'endpoints' ? fetchClusters(admin, pod) : fetchDump(admin, pod, VIEWS[view].adminPath)
}

/**
 * Combines the per-pod results of a `--selector` run: tables under a `# pod.namespace` heading each;
 * `-o json|yaml|raw` one array of `{"pod", "namespace", "result"}` (or `"error"`). Failed pods also
 * yield `pod.namespace: message` lines for stderr and exit code 1.
 */
export async function renderFanOut(outcomes: ReadonlyArray<PodOutcome<ViewResult>>, output: OutputFormat): Promise<{stdout: string; errors: string[]; exitCode: number}> {
  const errors = outcomes.flatMap((x) => (x.error ? [`${x.pod}.${x.namespace}: ${x.error.message}`] : []))
  let stdout: string
  if (output === 'short') {
    stdout = outcomes.flatMap((x) => (x.result?.kind === 'table' ? [`# ${x.pod}.${x.namespace}\n${x.result.text}`] : [])).join('\n')
  } else {
    const items = outcomes.map((x) =>
      x.error || x.result === undefined
        ? {pod: x.pod, namespace: x.namespace, error: x.error?.message ?? 'no result'}
        : {pod: x.pod, namespace: x.namespace, result: x.result.kind === 'data' ? x.result.value : x.result.text},
    )
    stdout = await printValue(items, output)
  }
  return {stdout, errors, exitCode: errors.length > 0 ? 1 : 0}
}
