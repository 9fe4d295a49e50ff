/**
 * Flags and run path of `mpx diff A B`: read both sides (a config dump file, `-` for stdin, an `mpx dump`
 * bundle, or a live pod), compare, render. The command only parses and calls {@link runDiff}.
 */
import {existsSync} from 'node:fs'
import {Args, Flags} from './oclif.js'
import {ExitCode, InputError, MpxError, UsageError} from '../errors.js'
import {liveState, singlePodFlags, type CommandRun} from './trace.js'
import type {PodFlags} from './live-flags.js'
import type {DiffSide} from '../diff/resources.js'

/** `mpx diff` arguments. */
export const diffArgs = {
  a: Args.string({description: 'The "before" side: a config dump file (JSON or YAML, - for stdin), an mpx dump bundle, or a pod [<type>/]<name>[.<namespace>]', required: true, ignoreStdin: true}),
  b: Args.string({description: 'The "after" side, as A (at most one side may be -)', required: true, ignoreStdin: true}),
}

/** `mpx diff` flags. */
export const diffFlags = {
  output: Flags.string({char: 'o', description: 'Output format: short (the summary table), json or yaml ({"changes": [...]}).', default: 'short', options: ['short', 'json', 'yaml'], helpValue: 'short|json|yaml'}),
  details: Flags.boolean({description: 'After the table, a unified diff of every changed resource (canonical JSON: keys and set-like lists sorted).'}),
  'include-versions': Flags.boolean({description: 'Also compare version_info and last_updated (ignored by default: they change on every push).'}),
  ...singlePodFlags,
}

/** Parsed diff flags. */
export interface DiffFlags extends PodFlags {
  output: string
  details: boolean
  'include-versions': boolean
}

/** A path given for a file that does not exist: looks like a file name rather than a pod. */
const FILE_NAME = /\.(json|ya?ml|tar\.gz|tgz)$/i

/**
 * Reads one side: `-` or an existing path is a dump or a bundle (its config_dump.json, and clusters.json
 * for live endpoint health), anything else a pod target.
 * @throws InputError for unreadable or unsuitable input; MpxError for cluster and pod failures
 */
export async function loadDiffSide(spec: string, flags: PodFlags, onNote?: (n: string) => void): Promise<DiffSide> {
  if (spec === '-' || existsSync(spec)) {
    const {loadTraceInput} = await import('../trace/input.js')
    const input = await loadTraceInput(spec, undefined, true)
    const label = spec === '-' ? 'stdin' : spec
    if (input.kind === 'routes') throw new InputError(`${spec === '-' ? 'stdin' : `"${spec}"`} is a bare RouteConfiguration: mpx diff needs a config dump or an mpx dump bundle`, 'NOT_A_DUMP')
    return {dump: input.state.dump, clusters: input.state.clusters, label}
  }
  if (FILE_NAME.test(spec)) throw new InputError(`cannot read "${spec}": no such file`, 'UNREADABLE')
  const state = await liveState(spec, flags, onNote)
  return {dump: state.dump, clusters: state.clusters, label: spec}
}

/**
 * Runs `mpx diff`: exit 0 when the sides are equal, 1 when they differ.
 * @throws MpxError with exit code 2 for tool failures (input, cluster), 64 for usage errors
 */
export async function runDiff(args: {a: string; b: string}, flags: DiffFlags, onNote?: (n: string) => void): Promise<CommandRun> {
  try {
    if (args.a === '-' && args.b === '-') throw new UsageError('only one side can be - (stdin)', 'TWO_STDIN')
    const [a, b] = await Promise.all([loadDiffSide(args.a, flags, onNote), loadDiffSide(args.b, flags, onNote)])
    const {diffSides} = await import('../diff/compare.js')
    const result = diffSides(a, b, {includeVersions: flags['include-versions']})
    for (const n of result.notes) onNote?.(`note: ${n}`)
    const render = await import('../diff/render.js')
    let stdout: string
    if (flags.output === 'json' || flags.output === 'yaml') stdout = await render.renderChangesDocument(result.changes, flags.output)
    else stdout = flags.details ? await render.renderChangeDetails(result.changes) : render.renderChangeTable(result.changes)
    return {stdout, errors: [], exitCode: result.changes.length === 0 ? 0 : 1}
  } catch (error) {
    if (error instanceof MpxError && error.exitCode === ExitCode.Failure) throw new MpxError(error.message, error.code, ExitCode.ToolError, {cause: error})
    if (error instanceof MpxError) throw error
    throw new MpxError(String((error as Error)?.message ?? error), 'INTERNAL', ExitCode.ToolError, {cause: error})
  }
}
