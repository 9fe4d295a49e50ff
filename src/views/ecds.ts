/**
 * The ECDS view (`mpx pc ecds`): extension configs (`envoy.config.core.v3.TypedExtensionConfig`) from
 * every `envoy.admin.v3.EcdsConfigDump` section, merged.
 */
import type {ConfigDump} from '../envoy/config-dump.js'
import type {EcdsConfigDump} from '../envoy/model.js'
import {viewTable} from './table.js'

/** The merged ECDS section (`{ecds_filters: [...]}`), empty when the dump has none. @throws InputError when malformed */
export function ecdsSection(dump: ConfigDump): EcdsConfigDump {
  return dump.section('Ecds') ?? {ecds_filters: []}
}

/** The `ECDS NAME  TYPE` table (padding 5), sorted by type URL then name; TYPE without `type.googleapis.com/`. */
export function ecdsTable(section: EcdsConfigDump): string {
  const rows = (section.ecds_filters ?? []).map((e) => {
    const f = e.ecds_filter ?? {}
    const url = f.typed_config?.['@type'] ?? ''
    return {name: f.name ?? '', type: url.replace(/^type\.googleapis\.com\//, '')}
  })
  rows.sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  return viewTable([['ECDS NAME', 'TYPE'], ...rows.map((r) => [r.name, r.type])], 5)
}
