/**
 * Flags and run path of `mpx proxy-status` (alias `ps`): checks the flag combinations, runs list or diff
 * mode, and turns the result into stdout text, stderr lines and an exit code. The work itself lives in
 * src/proxy-status/ and src/istiod/.
 */
import {Flags} from './oclif.js'
import {UsageError} from '../errors.js'
import {liveOptions, podFlags} from './live-flags.js'
import type {CompareType} from '../proxy-status/compare.js'

const {selector: _selector, concurrency: _concurrency, kubeconfig, context, 'request-timeout': requestTimeout, namespace: _namespace, ...pod} = podFlags

/** Flags of `mpx proxy-status`. */
export const proxyStatusFlags = {
  output: Flags.string({
    char: 'o',
    description:
      'Output format: table (short is the same), json, yaml, records-json or records-yaml. List mode: json/yaml print what istioctl prints, each istiod\'s answer as a DiscoveryResponse document (jsonpb, 4-space indent), one after the other, in istiod pod name order; records-json/records-yaml print mpx\'s one array of per-proxy records (proxy, namespace, cluster, istiod, version, proxyType, synced, types by short name with status, lastPush, error, sent and acked nonces). Diff mode: json/yaml (and records-*) are one object per compared type.',
    default: 'table',
    helpValue: 'table|json|yaml|records-json|records-yaml',
  }),
  verbosity: Flags.integer({char: 'v', description: 'List mode: 1 prints one column per xDS type (CDS ECDS EDS LDS RDS and any other type a proxy watches, by type URL) with its status and the age of the last push, instead of SUBSCRIBED TYPES.', default: 0, min: 0, max: 1}),
  file: Flags.string({char: 'f', description: 'Diff mode: read the Envoy side from a saved config dump (or an mpx dump bundle) instead of the pod.', helpValue: '<path>'}),
  'istiod-file': Flags.string({description: 'Diff mode: read the istiod side from a saved istiod /debug/config_dump?proxyID= answer (or any config dump) instead of asking istiod. With --file, no cluster is used.', helpValue: '<path>'}),
  types: Flags.string({description: 'Diff mode: what to compare, comma-separated: clusters, listeners, routes, endpoints, secrets.', default: 'clusters,listeners,routes', helpValue: '<list>'}),
  'exit-code': Flags.boolean({description: 'Exit 1 when something is out of sync: in list mode a proxy with a STALE or ERROR type (or, with --all, a sidecar connected to no istiod), in diff mode any difference.'}),
  all: Flags.boolean({description: 'List mode: also report Running sidecar pods that no istiod lists ("not connected to any istiod", on stderr).'}),
  'istio-namespace': Flags.string({char: 'i', description: 'Namespace of the istiod pods.', default: 'istio-system', helpGroup: 'ISTIOD'}),
  revision: Flags.string({
    char: 'r',
    description: 'Only istiod pods of this control plane revision (label istio.io/rev). Default, as istioctl: the default revision, the istio.io/rev label of the istio-revision-tag-default MutatingWebhookConfiguration (istio-revision-tag-default-<ns> outside istio-system), else "default".',
    helpGroup: 'ISTIOD',
    exclusive: ['all-revisions'],
  }),
  'all-revisions': Flags.boolean({description: 'Ask the istiod pods of every revision the selector matches (not only the default revision\'s).', helpGroup: 'ISTIOD'}),
  'istiod-selector': Flags.string({description: 'Label selector of the istiod pods.', default: 'app=istiod', helpGroup: 'ISTIOD'}),
  kubeconfig,
  context,
  namespace: Flags.string({char: 'n', description: 'List mode: only proxies of this namespace (default: all). Diff mode: namespace of the pod (default: the context\'s namespace, else default).', helpGroup: 'CLUSTER'}),
  'request-timeout': requestTimeout,
  ...pod,
  transport: Flags.string({
    description: 'How to reach pods: port-forward (pods/portforward), or exec (pilot-agent request in the proxy container, pilot-discovery request in istiod\'s discovery container).',
    default: 'port-forward',
    options: ['port-forward', 'exec'],
    helpGroup: 'CLUSTER',
  }),
}

/** Parsed flags. */
export interface ProxyStatusFlags {
  output: string
  verbosity?: number
  'all-revisions'?: boolean
  file?: string
  'istiod-file'?: string
  types: string
  'exit-code': boolean
  all: boolean
  'istio-namespace': string
  revision?: string
  'istiod-selector': string
  kubeconfig?: string
  context?: string
  namespace?: string
  'request-timeout'?: string
  transport?: string
  container?: string
  'proxy-admin-port'?: number
  'max-bytes'?: string
}

/** What a run prints. */
export interface ProxyStatusRun {
  stdout: string
  /** Lines for stderr, without the `Error: ` prefix. */
  errors: string[]
  /** Other stderr lines (printed as they are). */
  notes: string[]
  exitCode: number
}

/** Every comparable type, in output order. */
const COMPARE_TYPES: readonly CompareType[] = ['clusters', 'listeners', 'routes', 'endpoints', 'secrets']

/** Parses `--types`. @throws UsageError for an unknown or empty list */
export function parseTypes(text: string): CompareType[] {
  const items = text.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean)
  const bad = items.filter((t) => !(COMPARE_TYPES as readonly string[]).includes(t))
  if (bad.length > 0 || items.length === 0) {
    throw new UsageError(`--types: ${bad.length ? `unknown type "${bad[0]}"` : 'empty list'}: use a comma-separated list of ${COMPARE_TYPES.join(', ')}`, 'BAD_TYPES')
  }
  // in the canonical order, once each
  return COMPARE_TYPES.filter((t) => items.includes(t))
}

/** The `-o` values of proxy-status. */
export type StatusOutput = 'table' | 'json' | 'yaml' | 'records-json' | 'records-yaml'

/**
 * Validates `-o`.
 * @throws UsageError `output format "x" not supported` (istioctl's words) with the list of formats
 */
export function parseStatusOutput(value: string): StatusOutput {
  if (value === 'table' || value === 'short') return 'table'
  if (value === 'json' || value === 'yaml' || value === 'records-json' || value === 'records-yaml') return value
  throw new UsageError(`output format "${value}" not supported: use one of table, json, yaml, records-json, records-yaml`, 'BAD_OUTPUT')
}

/**
 * Runs `mpx proxy-status`: list mode without a target (and without files), diff mode otherwise.
 * @param onNote receives notes for stderr (which pod was picked for a workload)
 * @throws UsageError for bad flag combinations; MpxError for failures that leave nothing to print
 */
export async function runProxyStatus(target: string | undefined, f: ProxyStatusFlags, onNote?: (note: string) => void): Promise<ProxyStatusRun> {
  const output = parseStatusOutput(f.output)
  const types = parseTypes(f.types)
  const diffMode = target !== undefined || f.file !== undefined || f['istiod-file'] !== undefined
  const istiod = {namespace: f['istio-namespace'], selector: f['istiod-selector'], ...(f.revision ? {revision: f.revision} : {}), allRevisions: f['all-revisions'] === true}
  const {toJson, toYaml} = await import('../format/output.js')
  const structured = (v: unknown) => (output === 'yaml' || output === 'records-yaml' ? toYaml(v) : toJson(v))

  if (!diffMode) {
    const live = liveOptions(f, onNote)
    const {listProxyStatus} = await import('../proxy-status/list.js')
    const {inSync} = await import('../istiod/syncz.js')
    const table = await import('../proxy-status/status-table.js')
    const r = await listProxyStatus({
      cluster: {kubeconfig: f.kubeconfig, context: f.context, timeoutMs: live.timeoutMs},
      istiod,
      access: {transport: live.transport, timeoutMs: live.timeoutMs, maxBytes: live.maxBytes},
      namespace: f.namespace,
      all: f.all,
      container: live.container,
    })
    const stdout =
      output === 'table'
        ? (f.verbosity ?? 0) > 0
          ? table.verboseTable(r.proxies)
          : table.subscribedTable(r.proxies)
        : output === 'json'
          ? table.synczJson(r.responses)
          : output === 'yaml'
            ? await table.synczYaml(r.responses)
            : await structured(table.statusRecords(r.proxies))
    const notes = r.disconnected.map((id) => `${id}: not connected to any istiod (${r.istiods.join(', ')})`)
    const unsynced = r.proxies.filter((p) => !inSync(p)).length
    let exitCode = r.errors.length > 0 ? 1 : 0
    if (f['exit-code'] && (unsynced > 0 || r.disconnected.length > 0)) {
      exitCode = 1
      if (unsynced > 0) notes.push(`${unsynced} of ${r.proxies.length} ${r.proxies.length === 1 ? 'proxy is' : 'proxies are'} not in sync (STALE or ERROR)`)
    }
    return {stdout, errors: r.errors, notes, exitCode}
  }

  if (f.all) throw new UsageError('--all applies to list mode only (no pod target, --file or --istiod-file)', 'BAD_FLAGS')
  const hasFiles = f.file !== undefined && f['istiod-file'] !== undefined
  if (target === undefined && !hasFiles) {
    throw new UsageError(
      `${f.file !== undefined ? '--file' : '--istiod-file'} needs ${f.file !== undefined ? '--istiod-file' : '--file'} too, or a pod target to read the other side from the cluster: see mpx proxy-status --help`,
      'NO_TARGET',
    )
  }
  const {diffProxy} = await import('../proxy-status/diff.js')
  const {comparisonRecord, renderComparisons} = await import('../proxy-status/compare.js')
  const r = await diffProxy({target, envoyFile: f.file, istiodFile: f['istiod-file'], types, istiod, live: liveOptions(f, onNote)})
  if (r.ztunnel) return {stdout: `${r.ztunnel}\n`, errors: [], notes: [], exitCode: 0}
  const differs = r.results.some((c) => !c.match)
  const stdout =
    output === 'table'
      ? renderComparisons(r.results)
      : await structured({...(r.proxy ? {proxy: r.proxy} : {}), ...(r.istiod ? {istiod: r.istiod} : {}), match: !differs, types: comparisonRecord(r.results)})
  return {stdout, errors: [], notes: [], exitCode: f['exit-code'] && differs ? 1 : 0}
}
