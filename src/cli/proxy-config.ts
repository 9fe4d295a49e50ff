/**
 * Flags and the shared run path of the `proxy-config` subcommands. Commands declare which flags they take
 * and call {@link runProxyConfig}; everything else (reading, rendering) lives in `src/`.
 */
import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {UsageError} from '../errors.js'
import {loadDumpFile, loadClustersFile} from '../input/load.js'
import {parseOutputFormat, renderEndpointsView, renderView, type ViewName, type ViewOptions} from '../proxy-config.js'

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
  file: Flags.string({char: 'f', description: 'Read a saved Envoy config dump (JSON or YAML; `-` for stdin) instead of a pod.', helpValue: '<path>'}),
  'proxy-admin-port': Flags.integer({description: 'Envoy admin port in the pod.', default: 15000, min: 1, max: 65535}),
}

/** Cluster filters (`pc clusters`, `pc all`). */
export const clusterFlags = {
  fqdn: Flags.string({description: 'Filter clusters by substring of the service FQDN field.'}),
  port: port('Filter clusters by service port (the name contains |<port>|).'),
  subset: Flags.string({description: 'Filter clusters by substring of the subset field.'}),
  direction: Flags.string({description: 'Filter clusters by direction (inbound, outbound, inbound-vip).'}),
}

/** Listener filters. */
export const listenerFlags = {
  address: Flags.string({description: 'Filter listeners by address (socket or additional address).'}),
  port: port('Filter listeners by port.'),
  type: Flags.string({description: 'Filter listeners by type: HTTP, TCP, HTTP+TCP, UNKNOWN.'}),
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
  status: Flags.string({description: 'Filter endpoints by health status: HEALTHY, UNHEALTHY, DRAINING, TIMEOUT, DEGRADED, UNKNOWN.'}),
}

/** Parsed flags of any `pc` subcommand (filters absent from a command are undefined). */
export interface ProxyConfigFlags {
  output: string
  file?: string
  'proxy-admin-port'?: number
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

/**
 * Runs a `pc` view: checks the target/`--file` rule, reads the input, renders it.
 * @returns the whole text to print
 * @throws UsageError when neither or both of target and `--file` are given, or `-o` is unknown
 */
export async function runProxyConfig(view: ViewName, target: string | undefined, flags: ProxyConfigFlags): Promise<string> {
  const output = parseOutputFormat(flags.output)
  if ((target === undefined) === (flags.file === undefined)) {
    throw new UsageError(`${view} requires a pod name or --file (exactly one of them): see mpx proxy-config ${view} --help`, 'NO_TARGET')
  }
  if (target !== undefined) {
    throw new UsageError(`reading live pods is not available in this build: save the dump (kubectl exec ${target} -c istio-proxy -- pilot-agent request GET '${view === 'endpoints' ? 'clusters?format=json' : 'config_dump?include_eds=true'}') and use --file`, 'NO_LIVE')
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
  if (view === 'endpoints') return renderEndpointsView(await loadClustersFile(flags.file!), options)
  return renderView(view, await loadDumpFile(flags.file!), options)
}
