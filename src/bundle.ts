/**
 * Snapshot bundles (`mpx dump`): the Envoy admin answers of one pod saved together with a manifest, as a
 * directory or a `.tar.gz`, so every view can be re-opened offline with `--file <bundle>`.
 */
import {randomBytes} from 'node:crypto'
import {closeSync, createWriteStream, existsSync, openSync, readSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'
import {once} from 'node:events'
import type {Writable} from 'node:stream'
import {pipeline} from 'node:stream/promises'
import {InputError, MpxError} from './errors.js'
import {interruptedError, keepFile, removeOnExit} from './interrupt.js'

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

/** Whether `out` names a .tar.gz bundle (else a directory). */
export function isTarGzPath(out: string): boolean {
  return /\.(tar\.gz|tgz)$/.test(out)
}

/**
 * Writes a bundle atomically: to a temporary name beside the target, created mode 0600 (0700 for
 * directories) from the first byte, then renamed. The temporary name is removed on every way out,
 * Ctrl-C included (see src/interrupt.ts).
 * @param out a directory path (must not exist) or a path ending in `.tar.gz`/`.tgz`
 * @param files member name → content
 * @param signal when aborted (Ctrl-C) before the rename, nothing is written and its InterruptedError is thrown
 * @throws MpxError when the target exists or cannot be written
 */
export async function writeBundle(out: string, files: Map<string, Buffer | string>, signal?: AbortSignal): Promise<void> {
  if (existsSync(out)) throw new MpxError(`"${out}" already exists: choose another --out path or remove it`, 'EXISTS')
  const parent = dirname(out) || '.'
  if (!existsSync(parent)) throw new MpxError(`directory "${parent}" does not exist`, 'NO_DIR')
  const tmp = join(parent, `.${basename(out)}.${randomBytes(4).toString('hex')}.tmp`)
  const staging = isTarGzPath(out) ? `${tmp}.d` : tmp
  removeOnExit(staging)
  if (staging !== tmp) removeOnExit(tmp)
  try {
    mkdirSync(staging, {mode: 0o700})
    for (const [name, content] of files) writeFileSync(join(staging, name), content, {mode: 0o600, flag: 'wx'})
    if (staging !== tmp) await tarGz(staging, [...files.keys()], createWriteStream(tmp, {mode: 0o600, flags: 'wx'}))
    if (signal?.aborted) throw interruptedError(signal)
    renameSync(tmp, out)
    keepFile(tmp)
  } catch (error) {
    if (error instanceof MpxError) throw error
    throw new MpxError(`cannot write bundle "${out}": ${(error as Error).message}`, 'WRITE_FAILED')
  } finally {
    rmSync(staging, {recursive: true, force: true})
    keepFile(staging)
    if (staging !== tmp) rmSync(tmp, {force: true})
  }
}

/**
 * Streams a bundle as .tar.gz to `sink` (`mpx dump --out -`), staged in a private temporary directory.
 * @throws MpxError when staging or writing fails
 */
export async function streamBundle(files: Map<string, Buffer | string>, sink: Writable): Promise<void> {
  const {mkdtempSync} = await import('node:fs')
  const {tmpdir} = await import('node:os')
  const staging = mkdtempSync(join(tmpdir(), 'mpx-dump-'))
  removeOnExit(staging)
  try {
    for (const [name, content] of files) writeFileSync(join(staging, name), content, {mode: 0o600, flag: 'wx'})
    await tarGz(staging, [...files.keys()], sink, false)
  } finally {
    rmSync(staging, {recursive: true, force: true})
    keepFile(staging)
  }
}

/** Writes `names` (files in `cwd`) as a portable gzipped tar to `sink`, ending it unless `end` is false (stdout). */
async function tarGz(cwd: string, names: string[], sink: Writable, end = true): Promise<void> {
  const tar = await import('tar')
  const source = tar.c({gzip: true, cwd, portable: true}, names) as unknown as AsyncIterable<Buffer>
  if (end) return pipeline(source as unknown as NodeJS.ReadableStream, sink)
  for await (const chunk of source) if (!sink.write(chunk)) await once(sink, 'drain')
}
