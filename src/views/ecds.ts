/**
 * The ECDS view (`mpx pc ecds`): extension configs (`envoy.config.core.v3.TypedExtensionConfig`) from
 * every `envoy.admin.v3.EcdsConfigDump` section, merged.
 */
import type {ConfigDump, Json} from '../envoy/config-dump.js'
import {renderColumns} from '../format/columns.js'

/** The merged ECDS section (`{ecds_filters: [...]}`), empty when the dump has none. */
export function ecdsSection(dump: ConfigDump): Json {
  return dump.section('Ecds') ?? {ecds_filters: []}
}

/** The `ECDS NAME  TYPE` table (padding 5), sorted by type URL then name; TYPE without `type.googleapis.com/`. */
export function ecdsTable(section: Json): string {
  const rows = (section.ecds_filters ?? []).map((e: Json) => {
    const f = e?.ecds_filter ?? {}
    const url = String(f.typed_config?.['@type'] ?? '')
    return {name: String(f.name ?? ''), type: url.replace(/^type\.googleapis\.com\//, '')}
  })
  rows.sort((a: {name: string; type: string}, b: {name: string; type: string}) =>
    a.type < b.type ? -1 : a.type > b.type ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  )
  return renderColumns([['ECDS NAME', 'TYPE'], ...rows.map((r: {name: string; type: string}) => [r.name, r.type])], 5)
}
