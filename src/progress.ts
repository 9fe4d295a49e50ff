/**
 * Progress of long work on stderr, only when stderr is a terminal (never in pipes, files or CI logs) and
 * not `--quiet`: bytes fetched of a large answer, pods done of N in a fan-out. One line, redrawn in place
 * (`\r` and erase-line), cleared when the work ends, so nothing of it stays in the terminal's text.
 */

/** Draws one progress line; a no-op when disabled. */
export interface Progress {
  /** Redraws the line (throttled to 10 per second). */
  update(text: string): void
  /** Erases the line. */
  done(): void
}

let quiet = false

/** `--quiet`: no progress and no notes for the rest of the process. */
export function setQuiet(q: boolean): void {
  quiet = q
}

/** Whether notes (which pod was picked, fallbacks) should be printed. */
export function notesEnabled(): boolean {
  return !quiet
}

/**
 * A progress line on `stream` (default stderr).
 * @returns a no-op Progress unless the stream is a TTY and not quiet
 */
export function progressLine(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (quiet || !stream.isTTY) return {update() {}, done() {}}
  let last = 0
  let shown = false
  return {
    update(text) {
      const now = Date.now()
      if (now - last < 100) return
      last = now
      shown = true
      stream.write(`\r\x1b[2K${text.slice(0, Math.max(10, (stream.columns ?? 80) - 1))}`)
    },
    done() {
      if (shown) stream.write('\r\x1b[2K')
      shown = false
    },
  }
}

/** `12.3 MB` style size for progress lines (decimal units, as download tools print them). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`
  const units = ['kB', 'MB', 'GB', 'TB']
  let v = n
  let u = -1
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000
    u++
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`
}
