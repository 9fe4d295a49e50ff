/**
 * `mpx version`: what mpx, Node.js and the platform are (the `-o json` contract: {@link VersionInfo}).
 */

/** The `mpx version -o json` document. */
export interface VersionInfo {
  /** mpx's package version, e.g. `0.1.0`. */
  mpx: string
  /** Node.js version as `process.version` prints it, e.g. `v20.20.2`. */
  node: string
  /** `<os>-<arch>`, e.g. `linux-x64` (as oclif's `--version`). */
  platform: string
}

/** The version facts of this process. */
export function versionInfo(mpxVersion: string): VersionInfo {
  return {mpx: mpxVersion, node: process.version, platform: `${process.platform}-${process.arch}`}
}

/**
 * Renders {@link VersionInfo}.
 * @param output `short` (`mpx/0.1.0 linux-x64 node-v20.20.2`, as `--version`), `json` or `yaml`
 */
export async function renderVersion(v: VersionInfo, output: string): Promise<string> {
  if (output === 'json') return `${JSON.stringify(v, null, 2)}\n`
  if (output === 'yaml') return (await import('yaml')).stringify(v)
  return `mpx/${v.mpx} ${v.platform} node-${v.node}\n`
}
