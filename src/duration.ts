/**
 * kubectl-style durations (`500ms`, `3s`, `2m`, `1h30m`, or a bare number of seconds) and byte sizes.
 */
import {UsageError} from './errors.js'

const UNIT_MS: Record<string, number> = {ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000}

/**
 * Parses a duration.
 * @returns milliseconds (0 means no timeout, as kubectl's `--request-timeout=0`)
 * @throws UsageError naming the flag for anything else
 */
export function parseDuration(text: string, flag = '--request-timeout'): number {
  const t = text.trim()
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy
  const bare = /^\d+$/.test(t)
  let total = bare ? Number(t) * 1000 : 0
  let matched = bare ? t.length : 0
  for (let m = re.exec(t); m; m = re.exec(t)) {
    total += Number(m[1]) * UNIT_MS[m[2]]
    matched = re.lastIndex
  }
  if (matched === 0 || matched !== t.length) {
    throw new UsageError(`${flag}: "${text}" is not a duration: use a number and a unit, such as 500ms, 30s, 2m or 1h`, 'BAD_DURATION')
  }
  const ms = Math.round(total)
  if (ms > MAX_TIMER_MS) {
    throw new UsageError(`${flag}: "${text}" is longer than the longest wait a timer can hold (${Math.floor(MAX_TIMER_MS / 3_600_000)}h): use a shorter duration, or 0 for no timeout`, 'BAD_DURATION')
  }
  return ms
}

/**
 * Formats milliseconds as kubectl prints durations: `500ms`, `2s`, `1m30s`, `2h`.
 * @param ms a non-negative duration in milliseconds
 */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`
  const parts: string[] = []
  let rest = ms
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    const n = Math.floor(rest / size)
    if (n > 0) parts.push(`${n}${unit}`)
    rest -= n * size
  }
  if (rest > 0) parts.push(`${rest}ms`)
  return parts.join('')
}

/** The longest delay Node's timers accept (2^31 - 1 ms, about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1

const UNIT_BYTES: Record<string, number> = {'': 1, b: 1, k: 1e3, kb: 1e3, ki: 1024, kib: 1024, m: 1e6, mb: 1e6, mi: 1024 ** 2, mib: 1024 ** 2, g: 1e9, gb: 1e9, gi: 1024 ** 3, gib: 1024 ** 3}

/**
 * Parses a byte size such as `512MiB`, `100M`, `2Gi` or `1048576`.
 * @returns bytes
 * @throws UsageError naming the flag
 */
export function parseBytes(text: string, flag = '--max-bytes'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text)
  const unit = m ? UNIT_BYTES[m[2].toLowerCase()] : undefined
  if (!m || unit === undefined) throw new UsageError(`${flag}: "${text}" is not a size: use bytes or a unit, such as 64MiB or 1GiB`, 'BAD_SIZE')
  return Math.round(Number(m[1]) * unit)
}
