/**
 * `mpx dump`: take a snapshot of one pod's Envoy admin answers and write it as a bundle.
 */
import {BUNDLE_MEMBERS, writeBundle, type BundleManifest} from './bundle.js'
import {MpxError} from './errors.js'
import type {AdminClient} from './kube/admin-client.js'
import type {PodRef} from './kube/pods.js'

/**
 * Fetches every bundle member from a pod and builds the manifest.
 * @param meta mpx version and kube context, for the manifest
 * @returns member name → bytes, including `manifest.json`
 * @throws MpxError when a fetch fails (no partial bundle is written)
 */
export async function takeSnapshot(admin: AdminClient, pod: PodRef, meta: {mpxVersion: string; context: string; now?: Date}): Promise<Map<string, Buffer>> {
  const {isZtunnelPod} = await import('./ztunnel/target.js')
  if (isZtunnelPod(pod)) return takeZtunnelSnapshot(admin, pod, meta)
  const files = new Map<string, Buffer>()
  for (const [name, path] of Object.entries(BUNDLE_MEMBERS)) files.set(name, await admin.get(path))
  const json = (name: string): {[k: string]: unknown} => {
    try {
      return JSON.parse(files.get(name)!.toString('utf8'))
    } catch {
      throw new MpxError(`the answer to /${BUNDLE_MEMBERS[name]} from ${pod.name}.${pod.namespace} is not JSON`, 'BAD_ANSWER')
    }
  }
  const dump = json('config_dump.json') as {configs?: Array<{bootstrap?: {node?: {metadata?: {ISTIO_VERSION?: string}}}}>}
  const server = json('server_info.json') as {version?: string}
  const manifest = bundleManifest(pod, meta, {
    istioVersion: String(dump.configs?.find((c) => c.bootstrap)?.bootstrap?.node?.metadata?.ISTIO_VERSION ?? ''),
    envoyVersion: String(server.version ?? ''),
    members: BUNDLE_MEMBERS,
  })
  files.set('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2) + '\n'))
  return files
}

/** A bundle's manifest: what every snapshot records (mpx version, time, context, pod) plus the proxy's own facts. */
function bundleManifest(
  pod: PodRef,
  meta: {mpxVersion: string; context: string; now?: Date},
  facts: Pick<BundleManifest, 'istioVersion' | 'envoyVersion' | 'members' | 'proxy'>,
): BundleManifest {
  return {kind: 'mpx-dump', mpxVersion: meta.mpxVersion, createdAt: (meta.now ?? new Date()).toISOString(), context: meta.context, pod: pod.name, namespace: pod.namespace, ...facts}
}

/** Members of a ztunnel bundle: its admin port answers `/config_dump` and (POST) `/logging`, the current levels. */
export const ZTUNNEL_BUNDLE_MEMBERS: Record<string, string> = {
  'config_dump.json': 'config_dump',
  'logging.txt': 'logging (POST)',
}

/**
 * Snapshots a ztunnel: its config dump (every zc view re-opens it with `--file`) and its log levels.
 * @throws MpxError when a fetch fails or the config dump is not JSON
 */
async function takeZtunnelSnapshot(admin: AdminClient, pod: PodRef, meta: {mpxVersion: string; context: string; now?: Date}): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>()
  files.set('config_dump.json', await admin.get('config_dump'))
  files.set('logging.txt', await admin.post('logging'))
  let dump: {version?: {version?: unknown}}
  try {
    dump = JSON.parse(files.get('config_dump.json')!.toString('utf8'))
  } catch {
    throw new MpxError(`the answer to /config_dump from ztunnel ${pod.name}.${pod.namespace} is not JSON`, 'BAD_ANSWER')
  }
  const manifest = bundleManifest(pod, meta, {
    proxy: 'ztunnel',
    istioVersion: typeof dump.version?.version === 'string' ? dump.version.version : '',
    envoyVersion: '',
    members: ZTUNNEL_BUNDLE_MEMBERS,
  })
  files.set('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2) + '\n'))
  return files
}

/** The default bundle path: `<pod>.<namespace>-<UTC time>.tar.gz` in the current directory. */
export function defaultBundlePath(pod: PodRef, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
  return `${pod.name}.${pod.namespace}-${stamp}.tar.gz`
}

export {writeBundle}
