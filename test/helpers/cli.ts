/**
 * Runs the built CLI (`bin/run.js` over `dist/`) as a child process, the way users and scripts run it.
 */
import {spawnSync} from 'node:child_process'
import {fileURLToPath} from 'node:url'

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
/** `../shared/fixtures/istioctl/` from the repository root. */
export const ISTIOCTL = fileURLToPath(new URL('../../../shared/fixtures/istioctl/', import.meta.url))
/** `../shared/fixtures/` from the repository root. */
export const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url))

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
