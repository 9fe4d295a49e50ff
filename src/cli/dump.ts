/**
 * The run path of `mpx dump`: one pod to a bundle path or to stdout, or a fan-out (`-l`, `-A`) to one
 * bundle per pod in a directory.
 */
import {existsSync, mkdirSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {isTarGzPath, streamBundle} from '../bundle.js'
import {defaultBundlePath, takeSnapshot, writeBundle} from '../dump.js'
import {UsageError} from '../errors.js'
import type {LiveOptions} from '../live.js'

/** One bundle written by `mpx dump` (the `-o json` record). */
export interface DumpRecord {
  pod: string
  namespace: string
  /** The path written; `-` when streamed to stdout. */
  path: string
}

/** What `mpx dump` did: the bundles written and per-pod failures of a fan-out. */
export interface DumpResult {
  bundles: DumpRecord[]
  errors: string[]
}

/**
 * Checks `--out`: `-` (stdout), a path ending in `.tar.gz`/`.tgz`, or a directory (a path with no
 * file suffix, or an existing directory, or one ending in `/`). With a fan-out it must be a directory.
 * @throws UsageError for a suffix mpx cannot write (`.zip`, `.tar`, `.json`...), or a file path with `-l`
 */
export function checkOutPath(out: string | undefined, fanOut: boolean): void {
  if (out === undefined) return
  if (out === '-') {
    if (fanOut) throw new UsageError('--out - streams one bundle: with -l or -A give a directory for --out', 'BAD_OUT')
    return
  }
  if (isTarGzPath(out)) {
    if (fanOut) throw new UsageError(`--out "${out}" is a file: with -l or -A give a directory (one bundle per pod is written into it)`, 'BAD_OUT')
    return
  }
  const isDir = out.endsWith('/') || (existsSync(out) && statSync(out).isDirectory())
  const suffix = /\.([A-Za-z][A-Za-z0-9]{0,4})$/.exec(out)
  if (!isDir && suffix) {
    throw new UsageError(`--out "${out}": mpx writes a bundle as a directory or a .tar.gz file, not .${suffix[1]}: use a path ending in .tar.gz, a directory, or - for stdout`, 'BAD_OUT')
  }
}

/**
 * Snapshots one pod (`target`) or every selected pod (`selector`) and writes the bundles.
 * @param out `--out`: a bundle path, `-` for stdout, a directory; default `<pod>.<namespace>-<time>.tar.gz` in the current directory
 * @param sink where `--out -` streams the .tar.gz (stdout)
 * @returns the bundles written; per-pod failures of a fan-out in `errors`
 * @throws MpxError for cluster, fetch or write failures of a single target (nothing is written then)
 */
export async function dumpPods(
  target: string | undefined,
  selector: string | undefined,
  out: string | undefined,
  live: LiveOptions,
  mpxVersion: string,
  sink: NodeJS.WritableStream,
): Promise<DumpResult> {
  checkOutPath(out, selector !== undefined)
  const {forEachPod} = await import('../live.js')
  const {watchInterrupts} = await import('../interrupt.js')
  if (selector !== undefined && out !== undefined && !existsSync(out)) mkdirSync(out, {recursive: true, mode: 0o700})
  const watch = watchInterrupts()
  try {
    const outcomes = await forEachPod(target, selector, live, async (admin, pod, cluster) => {
      const files = await takeSnapshot(admin, pod, {mpxVersion, context: cluster.context})
      if (out === '-') {
        await streamBundle(files, sink as unknown as import('node:stream').Writable)
        return {pod: pod.name, namespace: pod.namespace, path: '-'}
      }
      const dir = selector !== undefined || (out !== undefined && !isTarGzPath(out) && existsSync(out) && statSync(out).isDirectory())
      const path = dir ? join(out ?? '.', defaultBundlePath(pod)) : (out ?? defaultBundlePath(pod)).replace(/\/+$/, '')
      await writeBundle(path, files, watch.signal)
      return {pod: pod.name, namespace: pod.namespace, path}
    })
    return {
      bundles: outcomes.flatMap((o) => (o.result ? [o.result] : [])),
      errors: outcomes.flatMap((o) => (o.error ? [`${o.pod}.${o.namespace}: ${o.error.message}`] : [])),
    }
  } finally {
    watch.dispose()
  }
}

/**
 * Renders what `mpx dump` wrote.
 * @param output `short` (one path per line; nothing when streamed) or `json` (`{"bundles": [{pod, namespace, path}]}`)
 */
export function renderDumpResult(r: DumpResult, output: string): string {
  if (output === 'json') return `${JSON.stringify({bundles: r.bundles}, null, 2)}\n`
  return r.bundles.filter((b) => b.path !== '-').map((b) => `${b.path}\n`).join('')
}
