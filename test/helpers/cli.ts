/**
 * Runs the built CLI (`bin/run.js` over `dist/`) as a child process, the way users and scripts run it.
 */
import {spawn, spawnSync} from 'node:child_process'
import {fileURLToPath} from 'node:url'
import {expect} from 'vitest'

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
/**
 * `test/fixtures/`: the vendored copy of `../shared/fixtures/` (istioctl's and Envoy's test data, Apache-2.0,
 * see test/fixtures/NOTICE), so that a lone clone of the repository passes its tests.
 * test/fixtures.test.ts checks that the copy equals `../shared/fixtures/` wherever that exists.
 */
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url))
/** `test/fixtures/istioctl/` (istioctl's real dumps and expected outputs). */
export const ISTIOCTL = `${FIXTURES}istioctl/`
/** `../shared/fixtures/` beside the repository root, where CI provides it (may not exist). */
export const SHARED_FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url))

/** What a CLI run produced. */
export interface CliResult {
  stdout: string
  stderr: string
  status: number
}

/**
 * Runs `mpx <args>` from `cwd` (default the repository root), optionally feeding `input` on stdin.
 */
export function mpx(args: string[], opts: {cwd?: string; input?: string; env?: NodeJS.ProcessEnv} = {}): CliResult {
  const r = spawnSync(process.execPath, [`${ROOT}bin/run.js`, ...args], {
    cwd: opts.cwd ?? ROOT,
    input: opts.input ?? '',
    encoding: 'utf8',
    env: {...process.env, NO_COLOR: '1', ...opts.env},
    maxBuffer: 512 * 1024 * 1024,
  })
  return {stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1}
}

/** Removes trailing whitespace from every line (istioctl's tabwriter leaves some; mpx never does). */
export function trimLines(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
}

/**
 * Runs `mpx <args>` asynchronously (required when the test process itself serves the cluster: a
 * synchronous spawn would block the in-process test API server).
 */
export function mpxAsync(args: string[], opts: {cwd?: string; env?: NodeJS.ProcessEnv; killAfterMs?: number; signalAfterMs?: number} = {}): Promise<CliResult & {ms: number}> {
  return new Promise((resolve) => {
    const t0 = Date.now()
    const child = spawn(process.execPath, [`${ROOT}bin/run.js`, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: {...process.env, NO_COLOR: '1', ...opts.env},
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    if (opts.signalAfterMs) setTimeout(() => child.kill('SIGINT'), opts.signalAfterMs)
    const killer = setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs ?? 25_000)
    child.on('close', (code, signal) => {
      clearTimeout(killer)
      resolve({stdout, stderr, status: code ?? (signal ? 128 : -1), ms: Date.now() - t0})
    })
  })
}

/**
 * Asserts the error contract: nothing on stdout, the exit code, and exactly one stderr line that starts
 * `Error: ` and matches `pattern`.
 */
export function expectOneError(r: CliResult, pattern: RegExp, status = 1): void {
  expect(r.stdout).toBe('')
  expect(r.status, r.stderr).toBe(status)
  const lines = r.stderr.trimEnd().split('\n')
  expect(lines, r.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(/^Error: /)
  expect(lines[0]).toMatch(pattern)
}
