/**
 * Renderings of a diff (`mpx diff`): the summary table `CHANGE TYPE NAME ISTIO CONFIG DETAIL`, unified
 * diffs per changed resource (`--details`), and the stable JSON/YAML contract
 * `{"changes": [{"change", "type", "name", "istioConfig", "fields": [{"path", "from", "to"}]}]}`.
 */
import type {Json} from '../envoy/loose.js'
import {renderColumns} from '../format/columns.js'
import {toJson, toYaml} from '../format/output.js'
import {unifiedDiff} from '../format/unified-diff.js'
import type {ResourceChange} from './compare.js'
import {describeRouteMatch, type ResourceType} from './resources.js'
import {canonicalValue, type FieldChange, type JsonValue} from './values.js'

/** Longest value text in the DETAIL column before it is cut with `…`. */
const DETAIL_VALUE_CHARS = 80

/** A value as the DETAIL column shows it: strings bare, `(none)` for absent, other values as compact JSON. */
function showValue(v: JsonValue | undefined): string {
  if (v === undefined) return '(none)'
  const text = typeof v === 'string' ? v : JSON.stringify(v)
  return text.length > DETAIL_VALUE_CHARS ? `${text.slice(0, DETAIL_VALUE_CHARS - 1)}…` : text
}

/** One field change as text: `route.cluster a → b`, `metadata added`, `name removed`. */
function showField(f: FieldChange): string {
  if (f.from === undefined) return `${f.path} added: ${showValue(f.to)}`
  if (f.to === undefined) return `${f.path} removed (was ${showValue(f.from)})`
  return `${f.path} ${showValue(f.from)} → ${showValue(f.to)}`
}

/** What an added or removed resource is, in a few words. */
function summary(type: ResourceType, v: Json | undefined): string {
  if (!v) return ''
  switch (type) {
    case 'listener': {
      const sa = v.address?.socket_address
      return sa ? `${sa.address ?? ''}:${sa.port_value ?? ''}` : ''
    }
    case 'filter-chain':
      return (v.filters ?? []).map((f: Json) => String(f?.name ?? '')).join(', ')
    case 'route': {
      const r = v.route
      const to = r?.cluster !== undefined ? `cluster ${r.cluster}`
        : r?.weighted_clusters ? `weighted ${(r.weighted_clusters.clusters ?? []).map((c: Json) => `${c?.name}:${c?.weight ?? ''}`).join(', ')}`
          : r?.cluster_header !== undefined ? `cluster_header ${r.cluster_header}`
            : v.redirect ? 'redirect' : v.direct_response ? `direct_response ${v.direct_response.status ?? ''}` : ''
      return `${describeRouteMatch(v.match)}${to ? ` → ${to}` : ''}`
    }
    case 'virtual-host': {
      const domains: unknown[] = v.domains ?? []
      return domains.length === 0 ? '' : `domains ${domains[0]}${domains.length > 1 ? ` (+${domains.length - 1})` : ''}`
    }
    case 'cluster':
      return v.type !== undefined ? `type ${v.type}` : v.cluster_type?.name !== undefined ? `type ${v.cluster_type.name}` : ''
    case 'endpoints': {
      const n = Object.keys(v.hosts ?? {}).length
      return `${n} host${n === 1 ? '' : 's'}`
    }
    case 'secret': {
      const c = (v.certificates ?? [])[0]
      return c?.serial ? `serial ${c.serial}, not after ${c.not_after}` : ''
    }
    case 'ecds':
      return String(v.typed_config?.['@type'] ?? '').replace(/^type\.googleapis\.com\//, '')
    default:
      return ''
  }
}

/** The DETAIL cell: the first modified field (or the first field), and how many more. */
export function changeDetail(c: ResourceChange): string {
  if (c.change !== 'changed') return summary(c.type, c.change === 'added' ? c.after : c.before)
  const rank = (f: FieldChange) => (f.from !== undefined && f.to !== undefined ? 0 : 1)
  const first = [...c.fields].sort((x, y) => rank(x) - rank(y))[0]!
  return `${showField(first)}${c.fields.length > 1 ? ` (+${c.fields.length - 1} more)` : ''}`
}

/**
 * The summary table, padding 3, header `CHANGE TYPE NAME ISTIO CONFIG DETAIL` (`-` where a resource
 * carries no Istio config); empty string when nothing changed.
 */
export function renderChangeTable(changes: readonly ResourceChange[]): string {
  if (changes.length === 0) return ''
  const rows = changes.map((c) => [c.change, c.type, c.name, c.istioConfig ?? '-', changeDetail(c)])
  return renderColumns([['CHANGE', 'TYPE', 'NAME', 'ISTIO CONFIG', 'DETAIL'], ...rows], 3)
}

/**
 * The table followed, for every changed resource, by a unified diff of its canonical JSON (keys sorted,
 * set-like lists sorted, 2-space indent) between `a/<type>/<name>` and `b/<type>/<name>`.
 */
export async function renderChangeDetails(changes: readonly ResourceChange[]): Promise<string> {
  let out = renderChangeTable(changes)
  for (const c of changes) {
    if (c.change !== 'changed') continue
    const text = (v: Json | undefined) => `${JSON.stringify(canonicalValue(v ?? {}), null, 2)}\n`
    let diff = await unifiedDiff(text(c.before), text(c.after), {fromFile: `a/${c.type}/${c.name}`, toFile: `b/${c.type}/${c.name}`, context: 3})
    // a change no field of the value shows (the order of a virtual host's routes): the fields themselves
    if (diff === '') diff = `--- a/${c.type}/${c.name}\n+++ b/${c.type}/${c.name}\n${c.fields.map((f) => `-${f.path}: ${JSON.stringify(f.from)}\n+${f.path}: ${JSON.stringify(f.to)}\n`).join('')}`
    out += `\n${diff}`
  }
  return out
}

/** The machine-readable document: `{"changes": [{"change", "type", "name", "istioConfig", "fields"}]}`. */
export function changesDocument(changes: readonly ResourceChange[]): {changes: Array<{change: string; type: string; name: string; istioConfig: string | null; fields: FieldChange[]}>} {
  return {changes: changes.map((c) => ({change: c.change, type: c.type, name: c.name, istioConfig: c.istioConfig, fields: c.fields}))}
}

/** `-o json` (4-space indent, as every mpx JSON) or `-o yaml`. */
export async function renderChangesDocument(changes: readonly ResourceChange[], format: 'json' | 'yaml'): Promise<string> {
  const doc = changesDocument(changes)
  return format === 'json' ? toJson(doc) : toYaml(doc)
}
