/**
 * What every `mpx check` rule gets: the proxy state, the clock, thresholds, and how to write the follow-up
 * mpx command against the same source (a pod, or `-f <file>`).
 */
import type {Json} from '../envoy/loose.js'
import type {ProxyState} from '../envoy/proxy-state.js'

/** The input of every rule. */
export interface CheckContext {
  state: ProxyState
  /** The instant certificates are judged at. */
  now: Date
  /** Certificates expiring within this many days are reported (`--cert-warn-days`). */
  certWarnDays: number
  /** How commands name the proxy: `-f <path>` or the pod target, shell-quoted. */
  source: string
  /** How `proxy-config endpoints` names the /clusters answer: `-f <clusters file>`, or as `source`. */
  clustersSource: string
}

/** Quotes a shell word when it needs it (single quotes). */
export function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`
}

/**
 * `mpx <command> <source> <args...>` with every argument shell-quoted; `proxy-config endpoints` reads the
 * /clusters answer, so it names that source.
 */
export function mpxCommand(ctx: CheckContext, command: string, ...args: string[]): string {
  const source = command === 'proxy-config endpoints' ? ctx.clustersSource : ctx.source
  return ['mpx', command, source, ...args.map(shellWord)].join(' ')
}

/** A route's label inside its virtual host: its name, else `#<1-based index>`. */
export function routeLabel(route: Json, index: number): string {
  return route?.name ? String(route.name) : `#${index + 1}`
}
