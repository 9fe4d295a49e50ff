/**
 * Snapshot bundles (`mpx dump`): the Envoy admin answers of one pod saved together with a manifest, as a
 * directory or a `.tar.gz`, so every view can be re-opened offline with `--file <bundle>`.
 */
import {randomBytes} from 'node:crypto'
import {chmodSync, closeSync, existsSync, openSync, readSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'
import {InputError, MpxError} from './errors.js'

/** Admin paths saved in a bundle, by member file name. */
export const BUNDLE_MEMBERS: Record<string, string> = {
  'config_dump.json': 'config_dump?include_eds=true',
  'clusters.json': 'clusters?format=json',
  'server_info.json': 'server_info',
  'listeners.json': 'listeners?format=json',
  'certs.json': 'certs',
  'stats.json': 'stats?format=json',
}

/** The manifest of a bundle (`manifest.json`). */
export interface BundleManifest {
  kind: 'mpx-dump'
  mpxVersion: string
  /** ISO 8601 time the snapshot was taken. */
  createdAt: string
  context: string
  pod: string
  namespace: string
  /** `ztunnel` for a ztunnel's bundle (read by `mpx zc --file`); absent for a sidecar. */
  proxy?: 'ztunnel'
  istioVersion: string
  envoyVersion: string
  /** Member file → admin path it holds. */
  members: Record<string, string>
}

/** Whether `path` looks like a bundle (a directory, or a gzip file). */
export function isBundle(path: string): boolean {
  if (path === '-' || !existsSync(path)) return false
  if (statSync(path).isDirectory()) return true
  const head = Buffer.alloc(2)
  const fd = openSync(path, 'r')
  try {
    readSync(fd, head, 0, 2, 0)
  } finally {
    closeSync(fd)
  }
  return head[0] === 0x1f && head[1] === 0x8b
}

/**
 * Reads one member of a bundle.
 * @param member e.g. `config_dump.json`
 * @returns the member's text
 * @throws InputError when the bundle lacks the member or cannot be read
 */
export async function readBundleMember(path: string, member: string): Promise<string> {
  if (statSync(path).isDirectory()) {
    const file = join(path, member)
    if (!existsSync(file)) throw new InputError(`bundle "${path}" has no ${member}: was it written by mpx dump?`, 'NO_MEMBER')
    return readFileSync(file, 'utf8')
  }
  const tar = await import('tar')
  const chunks: Buffer[] = []
  let found = false
  try {
    await tar.t({
      file: path,
      onReadEntry: (entry) => {
        if (basename(entry.path) === member) {
          found = true
          entry.on('data', (c: Buffer) => chunks.push(c))
        } else {
          entry.resume()
        }
      },
    })
  } catch (error) {
    throw new InputError(`cannot read bundle "${path}": ${(error as Error).message} (is it a .tar.gz written by mpx dump?)`, 'BAD_BUNDLE')
  }
  if (!found) throw new InputError(`bundle "${path}" has no ${member}: was it written by mpx dump?`, 'NO_MEMBER')
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * Writes a bundle atomically (to a temporary name beside the target, then renamed), files mode 0600.
 * @param out a directory path (must not exist) or a path ending in `.tar.gz`/`.tgz`
 * @param files member name → content
 * @throws MpxError when the target exists or cannot be written
 */
export async function writeBundle(out: string, files: Map<string, Buffer | string>): Promise<void> {
  if (existsSync(out)) throw new MpxError(`"${out}" already exists: choose another -o path or remove it`, 'EXISTS')
  const parent = dirname(out) || '.'
  if (!existsSync(parent)) throw new MpxError(`directory "${parent}" does not exist`, 'NO_DIR')
  const tmp = join(parent, `.${basename(out)}.${randomBytes(4).toString('hex')}.tmp`)
  const staging = /\.(tar\.gz|tgz)$/.test(out) ? `${tmp}.d` : tmp
  try {
    mkdirSync(staging, {mode: 0o700})
    for (const [name, content] of files) writeFileSync(join(staging, name), content, {mode: 0o600})
    if (staging === tmp) {
      renameSync(tmp, out)
      return
    }
    const tar = await import('tar')
    await tar.c({gzip: true, file: tmp, cwd: staging, portable: true}, [...files.keys()])
    chmodSync(tmp, 0o600)
    renameSync(tmp, out)
  } catch (error) {
    throw new MpxError(`cannot write bundle "${out}": ${(error as Error).message}`, 'WRITE_FAILED')
  } finally {
    rmSync(staging, {recursive: true, force: true})
    if (staging !== tmp) rmSync(tmp, {force: true})
  }
}
