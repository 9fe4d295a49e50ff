/**
 * Findings of `mpx check`: what is broken (or fragile) in a sidecar's Envoy configuration, each with a
 * stable ID, a severity, the resource, a message, the likely Istio cause and the mpx command that shows
 * more; their order, their two renderings (`-o short`, `-o json`) and the exit code they lead to.
 */
import {toJson} from '../format/output.js'

/** How bad a finding is. */
export type Severity = 'error' | 'warning' | 'info'

/** One finding (`-o json`: `{"findings": [Finding, ...]}`, keys in this order). */
export interface Finding {
  /** Stable ID, e.g. `route-cluster-missing`. */
  id: string
  severity: Severity
  /** The resource, e.g. `route 9080 › vhost reviews.default.svc.cluster.local:9080 › #2`. */
  resource: string
  message: string
  /** The likely Istio cause, or null when there is nothing more to say. */
  cause: string | null
  /** The mpx command that shows more, or null. */
  next: string | null
}

const RANK: Record<Severity, number> = {error: 0, warning: 1, info: 2}

/** Builds a finding with its keys in contract order. */
export function finding(id: string, severity: Severity, resource: string, message: string, cause: string | null = null, next: string | null = null): Finding {
  return {id, severity, resource, message, cause, next}
}

/** Sorts findings: severity (error first), then ID, then resource (stable for equal keys). */
export function sortFindings(list: Finding[]): Finding[] {
  return list
    .map((f, i) => ({f, i}))
    .sort((a, b) => RANK[a.f.severity] - RANK[b.f.severity] || cmp(a.f.id, b.f.id) || cmp(a.f.resource, b.f.resource) || a.i - b.i)
    .map((x) => x.f)
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * The exit code of a check: 1 when a finding reaches the threshold, else 0.
 * @param failOn `error` (only errors count) or `warning` (errors and warnings)
 */
export function checkExitCode(list: Finding[], failOn: 'error' | 'warning'): number {
  const limit = RANK[failOn]
  return list.some((f) => RANK[f.severity] <= limit) ? 1 : 0
}

/** `2 errors, 1 warning, 0 info` */
export function countText(list: Finding[]): string {
  const n = (s: Severity) => list.filter((f) => f.severity === s).length
  const e = n('error')
  const w = n('warning')
  return `${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}, ${n('info')} info`
}

/**
 * The `-o short` text: per finding a `SEVERITY  id  resource` line, the message, `cause:` and `next:`
 * lines indented; a blank line between findings; a closing count line. `no findings` when there are none.
 */
export function renderFindingsShort(list: Finding[]): string {
  if (list.length === 0) return 'no findings\n'
  const blocks = list.map((f) => {
    const lines = [`${f.severity.toUpperCase().padEnd(7)}  ${f.id}  ${f.resource}`, `  ${f.message}`]
    if (f.cause) lines.push(`  cause: ${f.cause}`)
    if (f.next) lines.push(`  next:  ${f.next}`)
    return lines.join('\n') + '\n'
  })
  return `${blocks.join('\n')}\n${countText(list)}\n`
}

/** The `-o json` text: `{"findings": [...]}`. */
export function renderFindingsJson(list: Finding[]): string {
  return toJson({findings: list})
}
