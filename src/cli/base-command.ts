/**
 * The base of every mpx command: global flags, argv normalisation (`--flag=false`), and the one place
 * where errors become a single `Error: ...` line on stderr with a meaningful exit code.
 */
import {Command, Flags} from './oclif.js'
import type {Interfaces} from './oclif.js'
import {ExitCode, MpxError} from '../errors.js'
import {suggest} from './argv.js'
import {notesEnabled, setQuiet} from '../progress.js'

/** A flag as the command declares it (name, short char, whether `--no-` is accepted). */
interface DeclaredFlag {
  char?: string
  allowNo?: boolean
  type?: string
}

/**
 * The message for flags the command does not have, with the closest declared flag as a suggestion.
 * @param unknown the words oclif rejected (`--fdqn`, `-Z`)
 * @param declared the command's flags by name
 * @param command the command as typed in help (`mpx proxy-config clusters`)
 */
export function unknownFlagMessage(unknown: readonly string[], declared: Readonly<Record<string, DeclaredFlag>>, command: string): string {
  const names = Object.entries(declared).flatMap(([n, f]) => [`--${n}`, ...(f.allowNo ? [`--no-${n}`] : []), ...(f.char ? [`-${f.char}`] : [])])
  const word = unknown[0].replace(/=.*$/, '')
  const hint = word.startsWith('--') ? suggest(word, names.filter((n) => n.startsWith('--'))) : undefined
  const which = unknown.length === 1 ? `unknown flag "${word}"` : `unknown flags ${unknown.map((u) => `"${u.replace(/=.*$/, '')}"`).join(', ')}`
  return `${which}${hint ? `: did you mean "${hint}"?` : ''} (see ${command} --help)`
}

/** Maps any thrown value to a one-line message and an exit code (see {@link ExitCode}). */
export function describeFailure(err: unknown): {message: string; exit: number} {
  if (err instanceof MpxError) {
    // oclif prefixes errors thrown by a flag's parse function: "Parsing --status \n\t<ours>\nSee more help with --help"
    const own = /^Parsing --[\w-]+\s*\n\t([^\n]*)/.exec(err.message)
    return {message: own ? own[1] : err.message, exit: err.exitCode}
  }
  const e = err as {message?: string; oclif?: {exit?: number}; parse?: unknown; code?: string}
  let message = String(e?.message ?? err)
  // oclif parse errors: "Parsing --port \n\tExpected an integer but received: x\nSee more help with --help"
  const lines = message.split('\n').map((l) => l.trim()).filter((l) => l && !/^See more help with/.test(l))
  if (e?.parse !== undefined || /^(Parsing --|Nonexistent flag|Unexpected argument|Missing \d+ required arg|Expected --|Flag --[\w-]+ expects)/.test(lines[0] ?? '')) {
    message = lines.join(': ').replace(/^Parsing (--[\w-]+)\s*:\s*/, '$1: ')
    return {message: `${message} (see --help)`, exit: ExitCode.Usage}
  }
  if (e?.code === 'EPIPE') return {message: 'output closed early (EPIPE)', exit: ExitCode.Failure}
  return {message: lines.join(': ') || 'unknown error', exit: e?.oclif?.exit ?? ExitCode.Failure}
}

/** Abstract base command: `--debug` and uniform error output. */
export abstract class MpxCommand extends Command {
  static baseFlags = {
    debug: Flags.boolean({description: 'Print stack traces and diagnostic details on errors.', helpGroup: 'GLOBAL'}),
    quiet: Flags.boolean({char: 'q', description: 'No notes or progress on stderr (errors are still printed).', helpGroup: 'GLOBAL'}),
  }

  /** Rewrites `--flag=true|false` for boolean flags to `--flag` / `--no-flag` (istioctl users type `--verbose=false`). */
  override async init(): Promise<void> {
    const ctor = this.ctor as unknown as {flags?: object; baseFlags?: object}
    const flags = {...(ctor.baseFlags ?? {}), ...(ctor.flags ?? {})} as Record<string, {type?: string; allowNo?: boolean}>
    this.argv = this.argv.map((a) => {
      const m = /^--([\w-]+)=(true|false)$/i.exec(a)
      if (!m || flags[m[1]]?.type !== 'boolean') return a
      return m[2].toLowerCase() === 'true' ? `--${m[1]}` : flags[m[1]].allowNo ? `--no-${m[1]}` : a
    })
    await super.init()
    setQuiet(this.argv.includes('--quiet') || this.argv.includes('-q'))
  }

  /**
   * Prints a run's result: stdout text, then one `Error: ` line per failure on stderr, and sets the run's
   * exit code. It does not call `process.exit()`, which would cut a large output still being written to
   * a pipe: the process ends by itself with that code.
   */
  protected finish(r: {stdout: string; errors: string[]; exitCode: number}): void {
    this.print(r.stdout)
    for (const e of r.errors) process.stderr.write(`Error: ${e}\n`)
    if (r.exitCode !== 0) process.exitCode = r.exitCode
  }

  /** Writes a note (not data) to stderr. */
  protected note(text: string): void {
    if (notesEnabled()) process.stderr.write(`${text}\n`)
  }

  /** Writes text to stdout as one piece (callers build the whole output first, so failures print nothing). */
  protected print(text: string): void {
    process.stdout.write(text)
  }

  protected override async catch(err: Interfaces.CommandError): Promise<unknown> {
    // this.exit() throws oclif's ExitError (code EEXIT; its class name is minified in the bundled oclif): let it through
    if ((err as {oclif?: {exit?: number}}).oclif?.exit !== undefined && (err as {code?: string}).code === 'EEXIT') throw err
    const rejected = (err as {flags?: unknown}).flags
    const ctor = this.ctor as unknown as {flags?: Record<string, DeclaredFlag>; baseFlags?: Record<string, DeclaredFlag>}
    const {message, exit} =
      Array.isArray(rejected) && rejected.every((f) => typeof f === 'string') && /^Nonexistent flag/.test(err.message)
        ? {message: unknownFlagMessage(rejected, {...ctor.baseFlags, ...ctor.flags}, `${this.config.bin} ${this.id?.split(':').join(' ') ?? ''}`.trim()), exit: ExitCode.Usage}
        : describeFailure(err)
    process.stderr.write(`Error: ${message}\n`)
    if (this.argv.includes('--debug') && err.stack) process.stderr.write(`${err.stack}\n`)
    this.exit(exit)
  }
}
