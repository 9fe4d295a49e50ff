/**
 * The list mode of `mpx proxy-status`: the sync-status table of istioctl 1.14–1.26
 * (`NAME CLUSTER CDS LDS EDS RDS ECDS ISTIOD VERSION`, tabwriter padding 5, ages as in 1.23+) and its
 * machine-readable form (one JSON/YAML array of objects).
 */
import {renderColumns} from '../format/columns.js'
import {humanDuration} from '../format/human-duration.js'
import {XDS_TYPES, type ProxySync, type TypeSync} from '../istiod/syncz.js'

/** The table header. */
export const STATUS_HEADER = ['NAME', 'CLUSTER', ...XDS_TYPES, 'ISTIOD', 'VERSION'] as const

/**
 * One cell: the status, plus ` (<age>)` (kubectl human duration of `now − lastPush`) when istiod reported
 * when it last pushed that type and something was sent.
 * @param now the reference instant for ages
 */
export function statusCell(t: TypeSync, now: Date): string {
  if (t.lastPush === undefined || t.status === 'NOT SENT' || t.status === 'IGNORED') return t.status
  const at = Date.parse(t.lastPush)
  if (Number.isNaN(at)) return t.status
  return `${t.status} (${humanDuration(now.getTime() - at)})`
}

/**
 * Renders the status table: a header, then one row per proxy in the given order (callers sort by
 * proxy ID). No proxies → the header alone.
 * @param now reference instant for the ages (default: the current time)
 * @returns the table text, lines ending in `\n`, no trailing spaces
 */
export function statusTable(proxies: readonly ProxySync[], now: Date = new Date()): string {
  const rows: string[][] = [[...STATUS_HEADER]]
  for (const p of proxies) {
    rows.push([p.proxy, p.cluster, ...XDS_TYPES.map((t) => statusCell(p.types[t], now)), p.istiod, p.version])
  }
  return renderColumns(rows, 5)
}

/** One proxy in `-o json|yaml`: its syncz state plus whether no type is STALE or ERROR (see `inSync`). */
export type ProxyStatusRecord = ProxySync & {synced: boolean}

/**
 * The machine-readable list: one object per proxy, fields absent from syncz omitted.
 * @param isSynced the in-sync rule (see `inSync` in ../istiod/syncz.ts)
 */
export function statusRecords(proxies: readonly ProxySync[], isSynced: (p: ProxySync) => boolean): ProxyStatusRecord[] {
  // `synced` goes before the per-type details, where a reader looks first
  return proxies.map(({types, ...rest}) => ({...rest, synced: isSynced({...rest, types}), types}))
}
