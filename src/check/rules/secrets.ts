/**
 * Secret rules of `mpx check` (SDS secrets of the config dump, certificates read with
 * `views/secrets.ts`):
 * - `secret-warming` (warning): a secret SDS has not delivered (listeners or clusters using it wait);
 * - `secret-expired` (error): a certificate past its notAfter, or not valid yet;
 * - `secret-expiring` (warning): a certificate expiring within `--cert-warn-days` days. Short-lived
 *   certificates (a lifetime within that window, like Istio's 24h workload certificates, which istio-agent
 *   renews at half-life: SECRET_GRACE_PERIOD_RATIO 0.5) are reported only once past half their lifetime,
 *   i.e. when their renewal is overdue.
 */
import {secretItems} from '../../envoy/secret.js'
import {mpxCommand, type CheckContext} from '../context.js'
import {finding, type Finding} from '../findings.js'

const DAY = 86_400_000

/** All secret findings; none when the dump has no Secrets section. */
export function secretFindings(ctx: CheckContext): Finding[] {
  const section = ctx.state.dump.section('Secrets')
  if (!section) return []
  const out: Finding[] = []
  const next = mpxCommand(ctx, 'proxy-config secrets')
  for (const e of section.dynamic_warming_secrets ?? []) {
    const name = String(e?.name ?? e?.secret?.name ?? '')
    out.push(finding(
      'secret-warming', 'warning', `secret ${name}`,
      `secret ${name} is warming: SDS has not delivered it, so listeners and clusters that use it wait (TLS handshakes with it fail)`,
      name === 'default' || name === 'ROOTCA'
        ? 'istio-agent has no workload certificate: the CA (istiod) is unreachable or refuses the CSR'
        : 'the credentialName Secret does not exist in the gateway namespace, or istio-agent cannot read it',
      next,
    ))
  }
  const seen = new Set<string>()
  for (const item of secretItems(section, ctx.now)) {
    if (item.state !== 'ACTIVE' || !item.notAfter) continue
    const key = `${item.name}|${item.serial}`
    if (seen.has(key)) continue
    seen.add(key)
    const notAfter = new Date(item.notAfter)
    const notBefore = new Date(item.notBefore)
    const what = item.type === 'CA' ? 'CA certificate' : 'certificate'
    const cause = item.type === 'CA'
      ? 'the mesh root or an intermediate CA was not rotated (plugged-in cacerts, or a self-signed root past its lifetime)'
      : item.name === 'default'
        ? 'istio-agent did not renew the workload certificate: the CA is unreachable, or the proxy clock is wrong'
        : 'the certificate in the credentialName Secret (or file) was not renewed'
    if (notAfter.getTime() <= ctx.now.getTime()) {
      out.push(finding('secret-expired', 'error', `secret ${item.name}`, `${what} of secret ${item.name} (serial ${item.serial}) expired at ${item.notAfter}: TLS with it fails`, cause, next))
    } else if (notBefore.getTime() > ctx.now.getTime()) {
      out.push(finding('secret-expired', 'error', `secret ${item.name}`, `${what} of secret ${item.name} (serial ${item.serial}) is not valid before ${item.notBefore}: peers reject it`, 'the issuing clock is ahead of this proxy\'s clock', next))
    } else {
      const left = notAfter.getTime() - ctx.now.getTime()
      const lifetime = notAfter.getTime() - notBefore.getTime()
      const window = ctx.certWarnDays * DAY
      const shortLived = lifetime <= window
      if ((!shortLived && left <= window) || (shortLived && left < lifetime / 2)) {
        const days = Math.floor(left / DAY)
        const when = days >= 1 ? `in ${days} day${days === 1 ? '' : 's'}` : `in ${Math.max(1, Math.floor(left / 3_600_000))} hour(s)`
        const overdue = shortLived ? ' and is past the half-life at which istio-agent renews it' : ''
        out.push(finding('secret-expiring', 'warning', `secret ${item.name}`, `${what} of secret ${item.name} (serial ${item.serial}) expires at ${item.notAfter}, ${when}${overdue}`, cause, next))
      }
    }
  }
  return out
}
