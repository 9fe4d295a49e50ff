/**
 * The oclif API mpx's commands use, loaded from the single-file bundle `dist/vendor/oclif-core.cjs`
 * (built by scripts/bundle-oclif.mjs) when present, else from node_modules. Same API, same types;
 * the bundle only saves start-up time.
 */
import {existsSync} from 'node:fs'
import {createRequire} from 'node:module'
import {join} from 'node:path'
import type * as Oclif from '@oclif/core'
import {packageRoot} from '../paths.js'
import {ExitCode} from '../errors.js'
import {normalizeArgv} from './argv.js'
import {handleInterrupts} from '../interrupt.js'

const requireCjs = createRequire(import.meta.url)
const bundle = join(packageRoot(), 'dist/vendor/oclif-core.cjs')
const core: typeof Oclif = existsSync(bundle) ? requireCjs(bundle) : requireCjs('@oclif/core')

export const {Command, Flags, Args, Help} = core

/**
 * oclif's `execute`, after {@link normalizeArgv} has put the command words first (flags may stand anywhere)
 * and made aliases canonical. An unknown command is one `Error:` line and exit 64 without loading oclif's config.
 * @param opts oclif's execute options; `args` defaults to `process.argv.slice(2)`
 */
export async function execute(opts: Parameters<typeof core.execute>[0]): Promise<unknown> {
  // Node's own warnings (TimeoutOverflowWarning, ExperimentalWarning...) never reach the user's stderr;
  // --debug shows them
  process.removeAllListeners('warning')
  handleInterrupts()
  if (process.argv.includes('--debug')) process.on('warning', (w) => process.stderr.write(`debug: ${w.name}: ${w.message}\n`))
  const n = normalizeArgv(opts.args ?? process.argv.slice(2))
  if ('error' in n) {
    process.stderr.write(`Error: ${n.error}\n`)
    process.exitCode = ExitCode.Usage
    return undefined
  }
  return core.execute({...opts, args: n.argv})
}
export type {Hook, Interfaces} from '@oclif/core'
