/**
 * X.509 facts about the certificates Envoy holds in SDS secrets, via Node's `crypto.X509Certificate`.
 */
import {X509Certificate} from 'node:crypto'

/** What the secret views show about the first certificate of a PEM chain. */
export interface CertificateFacts {
  /** Whether the certificate is a CA (basic constraints). */
  isCa: boolean
  /** Serial number, lowercase hex, zero-padded to at least 32 digits (istioctl `%032x`). */
  serial: string
  /** Validity bounds. */
  notBefore: Date
  notAfter: Date
  /** Host of the first `spiffe://` URI SAN (the trust domain), or empty. */
  trustDomain: string
}

/**
 * Parses the first PEM block of `pem`.
 * @returns the facts, or undefined when there is no parsable certificate
 */
export function firstCertificate(pem: string): CertificateFacts | undefined {
  const m = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/.exec(pem)
  if (!m) return undefined
  let cert: X509Certificate
  try {
    cert = new X509Certificate(m[0])
  } catch {
    return undefined
  }
  const serial = cert.serialNumber.toLowerCase().replace(/^0+(?=.)/, '').padStart(32, '0')
  const san = cert.subjectAltName ?? ''
  const spiffe = /URI:spiffe:\/\/([^/,\s]+)/.exec(san)
  return {
    isCa: cert.ca,
    serial,
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
    trustDomain: spiffe ? spiffe[1] : '',
  }
}

/** RFC 3339 UTC without fractional seconds (`2023-05-16T01:32:52Z`), as Go's `time.RFC3339`. */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z')
}
