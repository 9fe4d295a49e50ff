/**
 * The certificates of SDS secrets (`envoy.admin.v3.SecretsConfigDump`), as istioctl
 * `writer/compare/sds/writer.go` reads them: per secret its kind (CA or cert chain), state, validity,
 * serial number and validity window. Shared by `pc secrets` and `mpx check`.
 */
import {firstCertificate, rfc3339} from './certificate.js'
import type {DataSource, SecretEntry, SecretsConfigDump} from './model.js'

const SPIFFE_VALIDATOR = 'envoy.extensions.transport_sockets.tls.v3.SPIFFECertValidatorConfig'

/** One certificate of a secret. */
export interface SecretItem {
  name: string
  /** `CA`, `Cert Chain`, or empty when there is no certificate data. */
  type: string
  /** `ACTIVE` or `WARMING`. */
  state: string
  valid: boolean
  serial: string
  /** RFC 3339 UTC, or empty. */
  notAfter: string
  notBefore: string
  trustDomain: string
}

function decode(source: DataSource | undefined): string | undefined {
  if (!source) return undefined
  if (typeof source.inline_bytes === 'string') return Buffer.from(source.inline_bytes, 'base64').toString('utf8')
  if (typeof source.inline_string === 'string') return source.inline_string
  return undefined
}

function itemsOf(entry: SecretEntry, state: string, now: Date): SecretItem[] {
  const secret = entry.secret ?? {}
  const name = entry.name ?? secret.name ?? ''
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
    return (validator.typed_config.trust_domains ?? []).map((td) => make(decode(td.trust_bundle) ?? '', td.name ?? ''))
  }
  return [make(undefined)]
}

/**
 * The secret items: warming secrets first, then active ones, in dump order.
 * @param now the instant validity is judged at (istioctl uses the current time)
 */
export function secretItems(section: SecretsConfigDump, now: Date = new Date()): SecretItem[] {
  const items: SecretItem[] = []
  for (const e of section.dynamic_warming_secrets ?? []) items.push(...itemsOf(e, 'WARMING', now))
  for (const e of section.dynamic_active_secrets ?? []) items.push(...itemsOf(e, 'ACTIVE', now))
  return items
}
