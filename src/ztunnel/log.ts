/**
 * `zc log`: ztunnel's log levels (`POST /logging?level=...` on its admin port), with istioctl's level
 * names and checks (`istioctl/pkg/ztunnelconfig/ztunnelconfig.go` logCmd).
 */
import {UsageError} from '../errors.js'

/** Level names istioctl accepts. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warning', 'warn', 'error', 'critical', 'off'] as const

/**
 * The `/logging` query for `--level`/`--reset`, as istioctl builds it: `level=<levels>` (whole-string
 * `warning` → `warn`, `critical` → `error`), `level=info&reset` for a reset.
 * @param level `<level>` or `[<logger>:]<level>,...` (`::` namespaces and `=` accepted as istioctl)
 * @throws UsageError for an unknown level, or both flags
 */
export function loggingQuery(level: string | undefined, reset: boolean): string {
  if (reset && level) throw new UsageError('--level cannot be combined with --reset', 'BAD_FLAGS')
  if (reset) return 'level=info&reset'
  const text = level ?? ''
  if (text !== '') {
    for (const part of text.split(',')) {
      const last = part.split('::').pop()!
      const m = /[:=]/.exec(last)
      const lvl = m ? last.slice(m.index + 1) : last
      if (!(LOG_LEVELS as readonly string[]).includes(lvl)) throw new UsageError(`unrecognized logging level: ${lvl} (use one of trace, debug, info, warning, error, critical, off)`, 'BAD_LEVEL')
    }
  }
  const mapped = text === 'warning' ? 'warn' : text === 'critical' ? 'error' : text
  return `level=${mapped}`
}
