/**
 * Flags and run paths of `mpx trace` and `mpx check`: read the input (a file, a bundle, or a live pod
 * through the live-pod machinery), run, render. Commands only parse and call these.
 */
import {Args, Flags} from './oclif.js'
import {ExitCode, MpxError, UsageError} from '../errors.js'
import {podFlags, liveOptions, type PodFlags} from './live-flags.js'
import type {ProxyState} from '../envoy/proxy-state.js'
import {checkExitCode, renderFindingsJson, renderFindingsShort} from '../check/findings.js'
import {shellWord} from '../check/context.js'

/** Live flags of commands that work on exactly one pod (the pod flags without `--selector`, `-A` and `--concurrency`). */
export const singlePodFlags = Object.fromEntries(Object.entries(podFlags).filter(([k]) => !['selector', 'all-namespaces', 'concurrency'].includes(k))) as Omit<typeof podFlags, 'selector' | 'all-namespaces' | 'concurrency'>

/** Flags shared by trace and check. */
const inputFlags = {
  file: Flags.string({char: 'f', description: 'Read a saved Envoy config dump (JSON or YAML; `-` for stdin) or an mpx dump bundle instead of a pod.', helpValue: '<path>'}),
  clusters: Flags.string({description: 'With --file: an Envoy /clusters?format=json answer for live endpoint health (outlier ejection, health checks). A bundle\'s clusters.json is used by default.', helpValue: '<path>'}),
}

/** `mpx trace` arguments. */
export const traceArgs = {
  target: Args.string({description: 'Pod whose sidecar handles the request: [<type>/]<name>[.<namespace>] (with --file, give only the URL)', required: true, ignoreStdin: true}),
  url: Args.string({description: 'http[s]://host[:port][/path][?query], or host:port for TCP', required: false, ignoreStdin: true}),
}

/** `mpx trace` flags. */
export const traceFlags = {
  method: Flags.string({char: 'X', description: 'HTTP method.', default: 'GET'}),
  header: Flags.string({char: 'H', description: "Request header 'name: value' (repeatable).", multiple: true, multipleNonGreedy: true, helpValue: "'name: value'"}),
  inbound: Flags.boolean({description: 'Trace traffic arriving at the pod (virtualInbound, mesh mTLS from a peer) instead of leaving it.'}),
  ip: Flags.string({description: 'Destination IP, when the host is not a service the proxy knows (or to force one).'}),
  output: Flags.string({char: 'o', description: 'Output format: short (one line per step) or json.', default: 'short', options: ['short', 'json'], helpValue: 'short|json'}),
  ...inputFlags,
  ...singlePodFlags,
}

/** `mpx check` arguments. */
export const checkArgs = {
  target: Args.string({description: 'Pod to check: [<type>/]<name>[.<namespace>]', required: false, ignoreStdin: true}),
}

/** `mpx check` flags. */
export const checkFlags = {
  output: Flags.string({char: 'o', description: 'Output format: short or json.', default: 'short', options: ['short', 'json'], helpValue: 'short|json'}),
  'fail-on': Flags.string({description: 'Exit 1 when a finding of this severity or worse is found.', default: 'error', options: ['error', 'warning']}),
  'cert-warn-days': Flags.integer({description: 'Report certificates expiring within this many days.', default: 7, min: 0}),
  now: Flags.string({description: 'Judge certificates at this instant (RFC 3339, e.g. 2026-12-01T00:00:00Z) instead of the current time: for reproducible reports of a saved dump.', helpValue: '<time>'}),
  ...inputFlags,
  ...singlePodFlags,
}

/** Parsed trace flags. */
export interface TraceFlags extends PodFlags {
  method: string
  header?: string[]
  inbound: boolean
  ip?: string
  output: string
  file?: string
  clusters?: string
}

/** Parsed check flags. */
export interface CheckFlags extends PodFlags {
  output: string
  'fail-on': string
  'cert-warn-days': number
  now?: string
  file?: string
  clusters?: string
}

/** What a run prints and its exit code. */
export interface CommandRun {
  stdout: string
  errors: string[]
  exitCode: number
}

/**
 * Reads a live pod's config dump (with EDS) and its /clusters answer (best effort).
 * @throws MpxError for cluster and pod failures
 */
export async function liveState(target: string, flags: PodFlags, onNote?: (n: string) => void): Promise<ProxyState> {
  const {forEachPod} = await import('../live.js')
  const {fetchClusters, fetchDump, VIEWS} = await import('../proxy-config.js')
  const {ProxyState} = await import('../envoy/proxy-state.js')
  const outcomes = await forEachPod(target, undefined, liveOptions(flags, onNote), async (admin, pod) => {
    const name = `${pod.name}.${pod.namespace}`
    const dump = await fetchDump(admin, name, VIEWS.all.adminPath)
    let clusters: import('../envoy/clusters-status.js').ClustersStatus | undefined
    try {
      clusters = await fetchClusters(admin, name)
    } catch (error) {
      onNote?.(`note: /clusters of ${name} not read (${(error as Error).message}): endpoint health from EDS`)
    }
    return new ProxyState(dump, clusters)
  })
  return outcomes[0].result!
}

/** Verdicts of a request Envoy would serve (exit 0); every other flag is a failure (exit 1). */
const SERVED_FLAGS: ReadonlySet<string> = new Set(['OK', 'Passthrough', 'DirectResponse'])

/**
 * The exit code of a trace verdict: 0 when the request would be served (OK, Passthrough, DirectResponse,
 * a redirect), 1 when it fails (NR, NC, UH, BlackHole, RBAC).
 */
export function traceExitCode(flag: string): number {
  return SERVED_FLAGS.has(flag) ? 0 : 1
}

/** An error of an analysis command as a tool error: exit 1 becomes 2 (usage errors keep 64). */
function asToolError(error: unknown): MpxError {
  if (error instanceof MpxError && error.exitCode === ExitCode.Failure) return new MpxError(error.message, error.code, ExitCode.ToolError, {cause: error})
  if (error instanceof MpxError) return error
  return new MpxError(String((error as Error)?.message ?? error), 'INTERNAL', ExitCode.ToolError, {cause: error})
}

/**
 * Runs `mpx trace`: exit 0 when the request would be served, 1 when it fails (see {@link traceExitCode}).
 * @throws UsageError (64) for a missing or doubled source or URL; MpxError with exit 2 for input and cluster failures
 */
export async function runTrace(args: {target: string; url?: string}, flags: TraceFlags, onNote?: (n: string) => void): Promise<CommandRun> {
  try {
    let target: string | undefined = args.target
    let url = args.url
    if (flags.file !== undefined) {
      if (url !== undefined) throw new UsageError('give either a pod or --file, not both: mpx trace -f <dump> <url>', 'TWO_SOURCES')
      url = target
      target = undefined
    } else if (url === undefined) {
      throw new UsageError('missing URL: mpx trace <pod> <url>, or mpx trace -f <dump> <url>', 'NO_URL')
    }
    if (flags.clusters !== undefined && flags.file === undefined) throw new UsageError('--clusters goes with --file (a live trace reads /clusters itself)', 'BAD_FLAGS')
    const {parseHeaders} = await import('../trace/destination.js')
    const headers = parseHeaders(flags.header)
    const {traceRequest} = await import('../trace/trace.js')
    const {renderTraceJson, renderTraceShort} = await import('../trace/render.js')
    const options = {url: url!, method: flags.method, headers, inbound: flags.inbound, ip: flags.ip}
    let result
    if (flags.file !== undefined) {
      const {loadTraceInput} = await import('../trace/input.js')
      const input = await loadTraceInput(flags.file, flags.clusters, true)
      result = input.kind === 'routes' ? traceRequest({kind: 'routes', routeConfig: input.routeConfig}, options) : traceRequest(input, options)
    } else {
      const {parseTarget} = await import('../trace/destination.js')
      parseTarget(url!)
      result = traceRequest({kind: 'proxy', state: await liveState(target!, flags, onNote)}, options)
    }
    return {stdout: flags.output === 'json' ? renderTraceJson(result) : renderTraceShort(result), errors: [], exitCode: traceExitCode(result.verdict.flag)}
  } catch (error) {
    throw asToolError(error)
  }
}

/**
 * Runs `mpx check`: findings and exit code 0 (nothing at the threshold) or 1.
 * @throws MpxError with exit code 2 for tool failures (input, cluster), 64 for usage errors
 */
export async function runCheck(target: string | undefined, flags: CheckFlags, onNote?: (n: string) => void): Promise<CommandRun> {
  try {
    if ((target === undefined) === (flags.file === undefined)) throw new UsageError('check requires a pod name or --file (exactly one of them): see mpx check --help', 'NO_TARGET')
    if (flags.clusters !== undefined && flags.file === undefined) throw new UsageError('--clusters goes with --file (a live check reads /clusters itself)', 'BAD_FLAGS')
    let now: Date | undefined
    if (flags.now !== undefined) {
      now = new Date(flags.now)
      if (Number.isNaN(now.getTime())) throw new UsageError(`--now must be an RFC 3339 time, got "${flags.now}"`, 'BAD_FLAGS')
    }
    let state: ProxyState
    let source: string
    if (flags.file !== undefined) {
      const {loadTraceInput} = await import('../trace/input.js')
      const input = await loadTraceInput(flags.file, flags.clusters, false)
      if (input.kind !== 'proxy') throw new MpxError('not a config dump', 'NOT_A_DUMP')
      state = input.state
      source = `-f ${shellWord(flags.file)}`
    } else {
      state = await liveState(target!, flags, onNote)
      source = shellWord(target!)
    }
    const {checkProxy} = await import('../check/check.js')
    const clustersSource = flags.clusters !== undefined ? `-f ${shellWord(flags.clusters)}` : source
    const findings = checkProxy(state, {now, certWarnDays: flags['cert-warn-days'], source, clustersSource})
    const stdout = flags.output === 'json' ? renderFindingsJson(findings) : renderFindingsShort(findings)
    return {stdout, errors: [], exitCode: checkExitCode(findings, flags['fail-on'] === 'warning' ? 'warning' : 'error')}
  } catch (error) {
    if (error instanceof MpxError && error.exitCode === ExitCode.Failure) throw new MpxError(error.message, error.code, ExitCode.ToolError, {cause: error})
    if (error instanceof MpxError) throw error
    throw new MpxError(String((error as Error)?.message ?? error), 'INTERNAL', ExitCode.ToolError, {cause: error})
  }
}
