/**
 * The error hierarchy of mpx. Every failure a user can cause or meet is an {@link MpxError}: the CLI
 * prints `Error: <message>` on one line of stderr and exits with {@link MpxError.exitCode}; no stack
 * trace unless `--debug`. Exit codes follow istioctl's sysexits (`istioctl/cmd/sysexits.go`).
 */

/** Exit codes used by mpx (sysexits-style, as istioctl). */
export const ExitCode = {
  /** Any runtime failure: missing section, pod not found, Envoy unreachable... */
  Failure: 1,
  /** Tool errors of commands whose exit 1 means "findings" (check). */
  ToolError: 2,
  /** Wrong usage: bad flag value, unknown output format, missing argument. */
  Usage: 64,
  /** Interrupted by Ctrl-C (SIGINT): 128 + 2, as shells report it. */
  Interrupted: 130,
  /** Terminated by SIGTERM: 128 + 15. */
  Terminated: 143,
} as const

/** Every exit code mpx uses (0 = success), a closed union. */
export type ExitCodeValue = 0 | (typeof ExitCode)[keyof typeof ExitCode]

/**
 * An error meant for the user: a one-line message saying what is wrong and what to do.
 * Carries both `exitCode` and `oclif.exit` because oclif reads one or the other depending on mode.
 */
export class MpxError extends Error {
  readonly oclif: {exit: number}
  readonly exitCode: ExitCodeValue
  /**
   * @param message one line, lower-case start, no trailing period, no ANSI codes
   * @param code a stable machine-readable code such as `NO_SECTION`
   * @param exit the process exit code (see {@link ExitCode})
   */
  constructor(
    message: string,
    readonly code = 'MPX_ERROR',
    exit: ExitCodeValue = ExitCode.Failure,
    options?: ErrorOptions,
  ) {
    super(message, options)
    this.name = 'MpxError'
    this.oclif = {exit}
    this.exitCode = exit
  }
}

/** A usage error (exit 64): bad flag value, flags that cannot be combined, missing target. */
export class UsageError extends MpxError {
  constructor(message: string, code = 'USAGE') {
    super(message, code, ExitCode.Usage)
  }
}

/** Input that is not what the command needs: unreadable, empty, malformed, or another kind of document (exit 1 like istioctl). */
export class InputError extends MpxError {
  constructor(message: string, code = 'BAD_INPUT', exit: ExitCodeValue = ExitCode.Failure) {
    super(message, code, exit)
  }
}

/**
 * The run was stopped by a signal: `Error: interrupted` and exit 130 (SIGINT) or 143 (SIGTERM).
 * Thrown by whatever was waiting when the signal arrived, after its clean-up ran.
 */
export class InterruptedError extends MpxError {
  /** @param signal the signal that stopped the run */
  constructor(readonly signal: 'SIGINT' | 'SIGTERM' = 'SIGINT') {
    super('interrupted', 'INTERRUPTED', signal === 'SIGTERM' ? ExitCode.Terminated : ExitCode.Interrupted)
  }
}

/** A deadline passed (`--request-timeout`, `--timeout`): exit 1, the message names what did not answer. */
export class TimeoutError extends MpxError {
  constructor(message: string, code = 'TIMEOUT') {
    super(message, code, ExitCode.Failure)
  }
}
