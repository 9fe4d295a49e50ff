/**
 * Output of `mpx trace`: `-o short` prints one line per step (`stage  name  reason`) and a verdict line;
 * `-o json` prints the {@link TraceResult} contract as is.
 */
import {canServe} from '../envoy/endpoint-health.js'
import {renderColumns} from '../format/columns.js'
import {toJson} from '../format/output.js'
import type {TraceResult, TraceVerdict} from './trace.js'

/** The verdict line's text: the outcome, the status Envoy answers with, and the cause. */
export function verdictSummary(v: TraceVerdict): string {
  if (v.flag === 'OK') {
    const target = v.cluster ?? (v.weightedClusters.length ? `weighted ${v.weightedClusters.map((c) => `${c.name} (${c.weight})`).join(', ')}` : '')
    const healthy = v.endpoints.filter((e) => canServe(e.health)).length
    const eps = v.endpoints.length ? `, ${healthy} of ${v.endpoints.length} endpoints healthy` : ''
    const rewrites = [v.pathRewrite !== null ? `path → ${v.pathRewrite}` : '', v.hostRewrite !== null ? `host → ${v.hostRewrite}` : ''].filter(Boolean)
    const parts = [`${target}${eps}`.trim(), rewrites.join(', '), v.cause ?? ''].filter(Boolean)
    return parts.join('; ')
  }
  return `${v.status !== null ? `HTTP ${v.status}: ` : ''}${v.cause ?? ''}`
}

/** The `-o short` text: aligned `stage  name  reason` lines, then `verdict  FLAG  summary`. */
export function renderTraceShort(r: TraceResult): string {
  const rows = r.steps.map((s) => [s.stage, s.name ?? '-', s.reason])
  rows.push(['verdict', r.verdict.flag, verdictSummary(r.verdict)])
  return renderColumns(rows, 2)
}

/** The `-o json` text: `{"steps": [...], "verdict": {...}}`. */
export function renderTraceJson(r: TraceResult): string {
  return toJson(r)
}
