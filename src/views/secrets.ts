/**
 * The SDS view (`mpx pc secrets`), as istioctl `writer/compare/sds/writer.go` prints it: per secret its
 * kind (CA or cert chain), state, validity now, serial number and validity window.
 * Source: `envoy.admin.v3.SecretsConfigDump`.
 */
import type {ConfigDump, Json} from '../envoy/config-dump.js'
import {firstCertificate, rfc3339} from '../envoy/certificate.js'
import {renderColumns} from '../format/columns.js'
import {InputError} from '../errors.js'

const SPIFFE_VALIDATOR = 'envoy.extensions.transport_sockets.tls.v3.SPIFFECertValidatorConfig'

/** One row of the secret table. */
export interface SecretItem {
  name: string
  /** `CA`, `Cert Chain`, or empty when there is no certificate data. */
  type: string
  /** `ACTIVE` or `WARMING`. */
  state: string
  valid: boolean
  serial: string
  notAfter: string
  notBefore: string
  trustDomain: string
}

/** The SecretsConfigDump section; istioctl's message when missing. */
export function secretsSection(dump: ConfigDump): Json {
  if (!dump.has('Secrets')) {
    throw new InputError('config dump has no SecretsConfigDump section: the sidecar does not report secrets, or the dump was saved with a mask', 'NO_SECTION')
  }
  return dump.section('Secrets')!
}

function decode(source: Json | undefined): string | undefined {
  if (!source) return undefined
  if (typeof source.inline_bytes === 'string') return Buffer.from(source.inline_bytes, 'base64').toString('utf8')
  if (typeof source.inline_string === 'string') return source.inline_string
  return undefined
}

function itemsOf(entry: Json, state: string, now: Date): SecretItem[] {
  const secret: Json = entry.secret ?? {}
  const name = String(entry.name ?? secret.name ?? '')
  const data = decode(secret.tls_certificate?.certificate_chain) ?? decode(secret.validation_context?.trusted_ca)
  const make = (pem: string | undefined, trustDomain?: string): SecretItem => {
    const cert = pem === undefined ? undefined : firstCertificate(pem)
    if (!cert) return {name, type: '', state, valid: false, serial: '', notAfter: '', notBefore: '', trustDomain: trustDomain ?? ''}
    return {
      name,
      type: cert.isCa ? 'CA' : 'Cert Chain',
      state,
      valid: now > cert.notBefore && now < cert.notAfter,
      serial: cert.serial,
      notAfter: rfc3339(cert.notAfter),
      notBefore: rfc3339(cert.notBefore),
      trustDomain: trustDomain ?? cert.trustDomain,
    }
  }
  if (data !== undefined) return [make(data)]
  const validator = secret.validation_context?.custom_validator_config
  if (validator?.typed_config?.['@type']?.endsWith(SPIFFE_VALIDATOR)) {
    return (validator.typed_config.trust_domains ?? []).map((td: Json) => make(decode(td.trust_bundle) ?? '', String(td.name ?? '')))
  }
  return [make(undefined)]
}

/**
 * The secret items: warming secrets first, then active ones, in dump order.
 * @param now the instant validity is judged at (istioctl uses the current time)
 */
export function secretItems(section: Json, now: Date = new Date()): SecretItem[] {
  const items: SecretItem[] = []
  for (const e of section.dynamic_warming_secrets ?? []) items.push(...itemsOf(e, 'WARMING', now))
  for (const e of section.dynamic_active_secrets ?? []) items.push(...itemsOf(e, 'ACTIVE', now))
  return items
}

/**
 * The secret table, or istioctl's messages: `No active or warming secrets found.` when the section has no
 * dynamic secrets, `No secret items to show.` when none yields an item. Padding 5; a TRUST DOMAIN column
 * only when every row has one.
 * @param withPrefix show names as `secret/<name>` (the `pc all` layout)
 */
export function secretTable(section: Json, now: Date = new Date(), withPrefix = false): string {
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
  return renderColumns([header, ...rows], 5)
}
