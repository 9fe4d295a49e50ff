/**
 * Ctrl-C (SIGINT) and SIGTERM for the whole process, in one place. While some work watches for them
 * ({@link watchInterrupts}), the first signal aborts a shared AbortController whose `reason` is an
 * {@link InterruptedError} naming the signal, so every request, tunnel and write waiting on it stops and
 * cleans up, and the command ends with `Error: interrupted` and exit 130 (143 for SIGTERM). If the work has
 * not ended 1 s later, the process prints that line and exits itself. Temporary files registered with
 * {@link removeOnExit} are removed on every way out, forced exit included.
 */
import {rmSync} from 'node:fs'
import {ExitCode, InterruptedError} from './errors.js'

type Sig = 'SIGINT' | 'SIGTERM'

let controller: AbortController | undefined
let watchers = 0
const temps = new Set<string>()
let exitHook = false

function exitNow(sig: Sig): never {
  process.stderr.write('Error: interrupted\n')
  process.exit(sig === 'SIGTERM' ? ExitCode.Terminated : ExitCode.Interrupted)
}

function onSignal(sig: Sig): void {
  // nothing is waiting to clean up (start-up, parsing, offline work): stop now
  if (!controller) exitNow(sig)
  if (controller.signal.aborted) return
  controller.abort(new InterruptedError(sig))
  setTimeout(() => exitNow(sig), 1000).unref()
}
const onInt = (): void => onSignal('SIGINT')
const onTerm = (): void => onSignal('SIGTERM')
let installed = false

/**
 * Installs the process's SIGINT/SIGTERM handlers (once, at start-up): a signal at any moment ends the
 * run with `Error: interrupted` and exit 130/143, after the clean-up of watched work.
 */
export function handleInterrupts(): void {
  if (installed) return
  installed = true
  process.on('SIGINT', onInt)
  process.on('SIGTERM', onTerm)
}

/** A watch on SIGINT/SIGTERM; `dispose` it when the work ends. */
export interface InterruptWatch {
  /** Aborted by the first signal; its `reason` is an {@link InterruptedError}. */
  readonly signal: AbortSignal
  /** Stops watching. */
  dispose(): void
}

/**
 * Starts watching for SIGINT and SIGTERM. Watches nest: every watcher shares one signal.
 * @returns the watch; call `dispose()` in a `finally`
 */
export function watchInterrupts(): InterruptWatch {
  handleInterrupts()
  if (watchers++ === 0) controller = new AbortController()
  const signal = controller!.signal
  let disposed = false
  return {
    signal,
    dispose() {
      if (disposed) return
      disposed = true
      if (--watchers === 0) controller = undefined
    },
  }
}

/**
 * The error to throw when `signal` was aborted by an interrupt.
 * @returns the InterruptedError the signal carries, else one for SIGINT
 */
export function interruptedError(signal?: AbortSignal): InterruptedError {
  const reason: unknown = signal?.reason
  return reason instanceof InterruptedError ? reason : new InterruptedError('SIGINT')
}

/**
 * Registers a temporary path (file or directory) to remove whenever the process ends before
 * {@link keepFile} is called for it: normal exit, error, or a forced exit after a signal.
 */
export function removeOnExit(path: string): void {
  temps.add(path)
  if (!exitHook) {
    exitHook = true
    process.on('exit', () => {
      for (const p of temps) rmSync(p, {recursive: true, force: true})
    })
  }
}

/** Forgets a path registered with {@link removeOnExit} (it was renamed into place or removed). */
export function keepFile(path: string): void {
  temps.delete(path)
}
