/**
 * The SDS view (`mpx pc secrets`), as istioctl `writer/compare/sds/writer.go` prints it: per secret its
 * kind (CA or cert chain), state, validity now, serial number and validity window (read by
 * {@link secretItems}). Source: `envoy.admin.v3.SecretsConfigDump`.
 */
import type {ConfigDump} from '../envoy/config-dump.js'
import type {SecretsConfigDump} from '../envoy/model.js'
import {secretItems} from '../envoy/secret.js'
import {InputError} from '../errors.js'
import {viewTable} from './table.js'

/** The SecretsConfigDump section; istioctl's message when missing. @throws InputError when missing or malformed */
export function secretsSection(dump: ConfigDump): SecretsConfigDump {
  const section = dump.section('Secrets')
  if (!section) {
    throw new InputError('config dump has no SecretsConfigDump section: the sidecar does not report secrets, or the dump was saved with a mask', 'NO_SECTION')
  }
  return section
}

/**
 * The secret table, or istioctl's messages: `No active or warming secrets found.` when the section has no
 * dynamic secrets, `No secret items to show.` when none yields an item. Padding 5; a TRUST DOMAIN column
 * only when every row has one.
 * @param withPrefix show names as `secret/<name>` (the `pc all` layout)
 */
export function secretTable(section: SecretsConfigDump, now: Date = new Date(), withPrefix = false): string {
  if ((section.dynamic_active_secrets ?? []).length === 0 && (section.dynamic_warming_secrets ?? []).length === 0) {
    return 'No active or warming secrets found.\n'
  }
  const items = secretItems(section, now)
  if (items.length === 0) return 'No secret items to show.\n'
  const withTrust = items.every((i) => i.trustDomain !== '')
  const header = ['RESOURCE NAME', 'TYPE', 'STATUS', 'VALID CERT', 'SERIAL NUMBER', 'NOT AFTER', 'NOT BEFORE']
  if (withTrust) header.push('TRUST DOMAIN')
  const rows = items.map((i) => {
    const row = [withPrefix ? `secret/${i.name}` : i.name, i.type, i.state, String(i.valid), i.serial, i.notAfter, i.notBefore]
    if (withTrust) row.push(i.trustDomain)
    return row
  })
  return viewTable([header, ...rows], 5)
}
