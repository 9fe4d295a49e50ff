/**
 * Flags and the shared run path of the `ztunnel-config` (zc) subcommands: read a ztunnel config dump from
 * a file or bundle (`--file`) or from a live ztunnel (its admin port 15000), and render a view.
 */
import {Args, Flags} from './oclif.js'
import {UsageError} from '../errors.js'
import {clusterFlags, liveOptions, podFlags, type PodFlags} from './live-flags.js'
import {parseDirection, renderZtunnelView, type TargetWorkload, type ZtunnelOutput, type ZtunnelView} from '../ztunnel/views.js'

/** The positional target of every zc subcommand. */
export const ztunnelTargetArg = {
  target: Args.string({
    description: 'A ztunnel pod, or a workload pod (its node\'s ztunnel, rows narrowed to it): [<type>/]<name>[.<namespace>]; with --file, a workload name[.namespace] to narrow to. Default: daemonset/ztunnel.',
    required: false,
    ignoreStdin: true,
  }),
}

/** Live access flags of zc (no -l; the ztunnel container is istio-proxy). */
export const ztunnelLiveFlags = {
  ...clusterFlags,
  'istio-namespace': Flags.string({char: 'i', description: 'Namespace of the ztunnel DaemonSet.', default: 'istio-system', helpGroup: 'CLUSTER'}),
  node: Flags.string({description: 'Read the ztunnel on this node.', helpGroup: 'CLUSTER'}),
  transport: podFlags.transport,
  container: podFlags.container,
  'proxy-admin-port': Flags.integer({description: 'ztunnel admin port (default: the pod\'s proxy.istio.io/config proxyAdminPort, else 15000).', min: 1, max: 65535, helpGroup: 'CLUSTER'}),
  'max-bytes': podFlags['max-bytes'],
}

/** Flags of every zc view. */
export const ztunnelCommonFlags = {
  output: Flags.string({char: 'o', description: 'Output format: short (table), json or yaml.', default: 'short', helpValue: 'short|json|yaml'}),
  file: Flags.string({char: 'f', description: 'Read a saved ztunnel config dump (`-` for stdin) or an mpx dump bundle of a ztunnel instead of a pod.', helpValue: '<path>'}),
  ...ztunnelLiveFlags,
}

/** Parsed flags of any zc view. */
export interface ZtunnelFlags extends PodFlags {
  output: string
  file?: string
  node?: string
  'istio-namespace'?: string
  'workload-namespace'?: string
  address?: string
  'workload-node'?: string
  'service-namespace'?: string
  'policy-namespace'?: string
  direction?: string
  raw?: boolean
  'with-headers'?: boolean
}

/** Parses a `--file` positional `name[.namespace]`. */
function fileTarget(text: string): TargetWorkload {
  const dot = text.lastIndexOf('.')
  return dot > 0 ? {name: text.slice(0, dot), namespace: text.slice(dot + 1) || undefined} : {name: text}
}

/**
 * Runs a zc view.
 * @throws UsageError for more than one of target, `--node`, `--file`, or a bad `-o`/`--direction`;
 *   InputError/MpxError for input and cluster failures
 */
export async function runZtunnelConfig(view: ZtunnelView, target: string | undefined, flags: ZtunnelFlags, onNote?: (n: string) => void): Promise<{stdout: string; errors: string[]; exitCode: number}> {
  if (!['short', 'json', 'yaml'].includes(flags.output)) throw new UsageError(`output format "${flags.output}" not supported: use one of short, json, yaml`, 'BAD_OUTPUT')
  if (flags.file !== undefined && flags.node !== undefined) throw new UsageError('at most one of --file and --node can be given', 'BAD_FLAGS')
  if (target !== undefined && flags.node !== undefined) throw new UsageError('at most one of --node and a pod name can be given', 'BAD_FLAGS')
  const options = {
    output: flags.output as ZtunnelOutput,
    workloadNamespace: flags['workload-namespace'],
    address: flags.address,
    workloadNode: flags['workload-node'],
    serviceNamespace: flags['service-namespace'],
    policyNamespace: flags['policy-namespace'],
    direction: parseDirection(flags.direction),
    raw: flags.raw,
    withHeaders: flags['with-headers'],
    target: undefined as TargetWorkload | undefined,
  }
  if (flags.file !== undefined) {
    const {loadZtunnelFile} = await import('../input/load.js')
    const dump = await loadZtunnelFile(flags.file)
    if (target !== undefined) options.target = fileTarget(target)
    return {stdout: await renderZtunnelView(view, dump, options), errors: [], exitCode: 0}
  }
  const live = liveOptions(flags, onNote)
  const {forEachPod} = await import('../live.js')
  const {resolveZtunnel} = await import('../ztunnel/target.js')
  const {ZtunnelDump} = await import('../ztunnel/config-dump.js')
  let workload: TargetWorkload | undefined
  const resolve = async (c: Parameters<typeof resolveZtunnel>[0]) => {
    const r = await resolveZtunnel(c, {target, node: flags.node, namespace: flags.namespace, istioNamespace: flags['istio-namespace'] ?? 'istio-system', onNote})
    workload = r.workload
    return r.ztunnel
  }
  const [outcome] = await forEachPod(resolve, undefined, live, async (admin, pod) => {
    const body = await admin.get('config_dump')
    const source = `${pod.name}.${pod.namespace}:/config_dump`
    let value: unknown
    try {
      value = JSON.parse(body.toString('utf8'))
    } catch (error) {
      throw new UsageError(`ztunnel ${pod.name}.${pod.namespace} answered /config_dump with something that is not JSON (${(error as Error).message}): is --proxy-admin-port ztunnel's admin port?`, 'BAD_ANSWER')
    }
    return renderZtunnelView(view, ZtunnelDump.from(value, source), {...options, target: workload})
  })
  return {stdout: outcome!.result!, errors: [], exitCode: 0}
}

/**
 * Runs `zc log`: sets (or lists) the log levels of one ztunnel (target or `--node`) or of every pod of
 * `daemonset/ztunnel`, printing `pod.namespace:` and ztunnel's answer for each.
 * @throws UsageError for `--file`, bad levels, or `--level` with `--reset`
 */
export async function runZtunnelLog(target: string | undefined, flags: PodFlags & {file?: string; node?: string; 'istio-namespace'?: string; level?: string; reset?: boolean}, onNote?: (n: string) => void): Promise<{stdout: string; errors: string[]; exitCode: number}> {
  if (flags.file !== undefined) throw new UsageError('zc log changes the log levels of live ztunnel pods: --file is not supported (give a ztunnel pod, --node, or nothing for every ztunnel)', 'NO_FILE')
  if (target !== undefined && flags.node !== undefined) throw new UsageError('at most one of --node and a pod name can be given', 'BAD_FLAGS')
  const {loggingQuery} = await import('../ztunnel/log.js')
  const query = loggingQuery(flags.level, flags.reset ?? false)
  if (flags.reset) onNote?.('log level reset; using default value "info" for ztunnel')
  const live = liveOptions(flags, onNote)
  const {forEachPod} = await import('../live.js')
  const {isZtunnelPod, ztunnelPods} = await import('../ztunnel/target.js')
  const istioNamespace = flags['istio-namespace'] ?? 'istio-system'
  const run = (admin: {post(p: string): Promise<Buffer>}) => admin.post(`logging?${query}`).then((b) => b.toString('utf8'))
  let outcomes
  if (target !== undefined || flags.node !== undefined) {
    const {resolveTarget} = await import('../kube/pods.js')
    const {parseTarget} = await import('../kube/target.js')
    outcomes = await forEachPod(
      async (c) => {
        if (flags.node !== undefined) return (await ztunnelPods(c, istioNamespace, flags.node))[0]!
        const ref = await resolveTarget(c, parseTarget(target!).namespace ? target! : `${target}.${flags.namespace ?? istioNamespace}`, onNote)
        if (!isZtunnelPod(ref)) throw new UsageError(`pod ${ref.name}.${ref.namespace} is not a ztunnel: zc log sets ztunnel log levels (give a ztunnel pod, --node, or nothing for every ztunnel)`, 'NOT_ZTUNNEL')
        return ref
      },
      undefined, live, run,
    )
  } else {
    outcomes = await forEachPod(undefined, (c) => ztunnelPods(c, istioNamespace), live, run)
  }
  const stdout = outcomes.filter((x) => x.result !== undefined).map((x) => `${x.pod}.${x.namespace}:\n${x.result}\n`).join('')
  const errors = outcomes.filter((x) => x.error).map((x) => `${x.pod}.${x.namespace}: ${x.error!.message}`)
  return {stdout, errors, exitCode: errors.length > 0 ? 1 : 0}
}
