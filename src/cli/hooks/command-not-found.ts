/**
 * oclif `command_not_found` hook: one `Error:` line and exit 64 (usage), as istioctl does for
 * `unknown command`.
 */
import type {Hook} from '../oclif.js'
import {ExitCode} from '../../errors.js'

const hook: Hook<'command_not_found'> = async function (opts) {
  const shown = opts.id.split(':').join(' ')
  process.stderr.write(`Error: unknown command "${shown}": see ${opts.config.bin} --help\n`)
  process.exit(ExitCode.Usage)
}

export default hook
