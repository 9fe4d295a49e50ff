/**
 * Flags and the shared run path of the `proxy-config` subcommands. Commands declare which flags they take
 * and call {@link runProxyConfig}; everything else (reading, rendering) lives in `src/`.
 */
import {Args, Flags} from './oclif.js'
import {UsageError} from '../errors.js'
import {choiceFlag} from './flag-values.js'
import {loadDumpFile, loadClustersFile} from '../input/load.js'
import {VIEWS, fetchViewInput, parseOutputFormat, printResult, renderFanOut, runView, type View, type ViewName, type ViewOptions} from '../proxy-config.js'
import {fanOutSelector, liveOptions, podFlags, type PodFlags} from './live-flags.js'

const port = (description: string) =>
  Flags.integer({description, min: 0, max: 65535, helpValue: '<port>'})

/** The positional target of every `pc` subcommand. */
export const targetArg = {
  target: Args.string({
    description: 'Pod to inspect: [<type>/]<name>[.<namespace>] (e.g. productpage-v1-76474f6fb7-pmglr, deployment/reviews-v1.bookinfo)',
    required: false,
    ignoreStdin: true,
  }),
}

/** Flags every `pc` subcommand has. */
export const commonFlags = {
  output: Flags.string({char: 'o', description: 'Output format: short (table), json, yaml, or raw (Envoy\'s own snake_case JSON).', default: 'short', helpValue: 'short|json|yaml|raw'}),
  file: Flags.string({char: 'f', description: 'Read a saved Envoy config dump (JSON or YAML; `-` for stdin) or an mpx dump bundle instead of a pod.', helpValue: '<path>'}),
  ...podFlags,
}

/** Cluster filters (`pc clusters`, `pc all`). */
export const clusterFlags = {
  fqdn: Flags.string({description: 'Filter clusters by substring of the service FQDN field.'}),
  port: port('Filter clusters by service port (the name contains |<port>|).'),
  subset: Flags.string({description: 'Filter clusters by substring of the subset field.'}),
  direction: choiceFlag('direction', ['inbound', 'outbound', 'inbound-vip'], {description: 'Filter clusters by direction (a substring of the cluster name, so inbound also matches inbound-vip).'}),
}

/** Listener filters. */
export const listenerFlags = {
  address: Flags.string({description: 'Filter listeners by address (socket or additional address).'}),
  port: port('Filter listeners by port.'),
  type: choiceFlag('type', ['HTTP', 'TCP', 'HTTP+TCP', 'UNKNOWN'], {description: 'Filter listeners by type (case-insensitive).'}),
  verbose: Flags.boolean({description: 'One row per filter chain with MATCH and DESTINATION (--no-verbose: one row per listener).', default: true, allowNo: true}),
}

/** Route flags. */
export const routeFlags = {
  name: Flags.string({description: 'Filter route configurations by name (exact).'}),
  verbose: Flags.boolean({description: 'One row per route (--no-verbose: one row per route configuration).', default: true, allowNo: true}),
}

/** Endpoint filters (`pc endpoints`, `pc eds`). */
export const endpointFlags = {
  address: Flags.string({description: 'Filter endpoints by address.'}),
  port: port('Filter endpoints by port.'),
  cluster: Flags.string({description: 'Filter endpoints by cluster name (exact, case-insensitive).'}),
  status: choiceFlag('status', ['HEALTHY', 'UNHEALTHY', 'DRAINING', 'TIMEOUT', 'DEGRADED', 'UNKNOWN'], {description: 'Filter endpoints by health status (case-insensitive).'}),
}

/** Parsed flags of any `pc` subcommand (filters absent from a command are undefined). */
export interface ProxyConfigFlags extends PodFlags {
  output: string
  file?: string
  fqdn?: string
  port?: number
  subset?: string
  direction?: string
  address?: string
  type?: string
  verbose?: boolean
  name?: string
  cluster?: string
  status?: string
  'with-headers'?: boolean
}

/** What a `pc` run prints: stdout text, per-pod error lines for stderr, and the exit code. */
export interface ProxyConfigRun {
  stdout: string
  errors: string[]
  exitCode: number
}

/**
 * Runs a `pc` view: checks the target/`--selector`/`--file` rule, reads the input (file, bundle, or live
 * pods), renders it.
 * @param onNote receives notes for stderr (which pod was picked for a workload)
 * @throws UsageError when not exactly one of target, `--selector` and `--file` is given, or `-o` is unknown;
 *   MpxError for input and cluster failures of a single target
 */
export async function runProxyConfig(
  view: ViewName,
  target: string | undefined,
  flags: ProxyConfigFlags,
  onNote?: (note: string) => void,
): Promise<ProxyConfigRun> {
  const output = parseOutputFormat(flags.output)
  const selector = fanOutSelector(flags)
  const sources = [target !== undefined, flags.file !== undefined, selector !== undefined].filter(Boolean).length
  if (sources !== 1) {
    throw new UsageError(`${view} requires a pod name, --selector or --file (exactly one of them): see mpx proxy-config ${view} --help`, 'NO_TARGET')
  }
  const options: ViewOptions = {
    output,
    fqdn: flags.fqdn,
    port: flags.port || undefined,
    subset: flags.subset,
    direction: flags.direction,
    address: flags.address,
    type: flags.type,
    verbose: flags.verbose,
    name: flags.name,
    cluster: flags.cluster,
    status: flags.status,
    withHeaders: flags['with-headers'],
  }
  const v = VIEWS[view] as View
  if (flags.file !== undefined) {
    const input = v.input === 'clusters' ? await loadClustersFile(flags.file) : await loadDumpFile(flags.file, v.sections)
    return {stdout: await printResult(await runView(v, input, options), output), errors: [], exitCode: 0}
  }
  const live = liveOptions(flags, onNote)
  const {forEachPod} = await import('../live.js')
  const outcomes = await forEachPod(target, selector, live, async (admin, pod) =>
    runView(v, await fetchViewInput(view, admin, `${pod.name}.${pod.namespace}`), options),
  )
  if (target !== undefined) return {stdout: await printResult(outcomes[0]!.result!, output), errors: [], exitCode: 0}
  return renderFanOut(outcomes, output)
}
