/**
 * The bootstrap view (`mpx pc bootstrap`): `envoy.admin.v3.BootstrapConfigDump`, and istioctl's version
 * summary (`-o short`) read from the bootstrap node.
 */
import type {ConfigDump} from '../envoy/config-dump.js'
import type {BootstrapConfigDump, Node} from '../envoy/model.js'
import {viewTable} from './table.js'

/** The BootstrapConfigDump section. @throws InputError when missing or malformed */
export function bootstrapSection(dump: ConfigDump): BootstrapConfigDump {
  return dump.require('Bootstrap')
}

/**
 * The Envoy version string of a node's `user_agent_build_version` (`envoy.config.core.v3.BuildVersion`):
 * `maj.min.patch[-label][/revision.status][/build.type][/ssl.version]`, `0.0.0` when absent.
 */
export function envoyVersion(node: Node | undefined): string {
  const b = node?.user_agent_build_version ?? {}
  const v = b.version ?? {}
  const meta = b.metadata ?? {}
  let s = `${v.major_number ?? 0}.${v.minor_number ?? 0}.${v.patch ?? 0}`
  if (meta['build.label']) s += `-${meta['build.label']}`
  for (const k of ['revision.status', 'build.type', 'ssl.version']) if (meta[k]) s += `/${meta[k]}`
  return s
}

/**
 * istioctl's version summary (padding 1, no header): `Istio Version:`, `Istio Proxy Version:` (the part of
 * `ISTIO_PROXY_SHA` after its first `:`), `Envoy Version:`; the Istio lines only when set.
 */
export function versionSummary(section: BootstrapConfigDump): string {
  const node = section.bootstrap?.node
  const meta = node?.metadata ?? {}
  const rows: string[][] = []
  if (meta.ISTIO_VERSION) rows.push(['Istio Version:', meta.ISTIO_VERSION])
  if (meta.ISTIO_PROXY_SHA) {
    const sha = meta.ISTIO_PROXY_SHA
    const parts = sha.split(':')
    const shown = parts.length > 1 ? parts[1]! : sha
    if (shown) rows.push(['Istio Proxy Version:', shown])
  }
  rows.push(['Envoy Version:', envoyVersion(node)])
  return viewTable(rows, 1)
}
