/**
 * The run path of `mpx dump`.
 */
import {defaultBundlePath, takeSnapshot, writeBundle} from '../dump.js'
import type {LiveOptions} from '../live.js'

/**
 * Snapshots one pod and writes the bundle.
 * @returns the path written
 * @throws MpxError for cluster, fetch or write failures (nothing is written then)
 */
export async function dumpPod(target: string, out: string | undefined, live: LiveOptions, mpxVersion: string): Promise<string> {
  const {forEachPod} = await import('../live.js')
  const [outcome] = await forEachPod(target, undefined, live, async (admin, pod, cluster) => {
    const files = await takeSnapshot(admin, pod, {mpxVersion, context: cluster.context})
    const path = (out ?? defaultBundlePath(pod)).replace(/\/+$/, '')
    await writeBundle(path, files)
    return path
  })
  return outcome.result!
}
