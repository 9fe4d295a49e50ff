/**
 * Renderings of Envoy addresses (`envoy.config.core.v3.Address`) as istioctl's endpoint tables show them.
 */
import type {Address, Locality} from './model.js'

/** The parts of an address: host (IP, `unix://` path, or `envoy://listener/id`) and port (0 if none). */
export interface AddressParts {
  host: string
  port: number
}

/**
 * Splits an address for the `/clusters` endpoint view: socket → IP and port; pipe → `unix://<path>`;
 * internal address → `envoy://<server_listener_name>/<endpoint_id>`; otherwise `unknown`.
 */
export function addressParts(address: Address | undefined): AddressParts {
  if (address?.socket_address) {
    return {host: address.socket_address.address ?? '', port: address.socket_address.port_value ?? 0}
  }
  if (address?.pipe) return {host: `unix://${address.pipe.path ?? ''}`, port: 0}
  if (address?.envoy_internal_address) {
    const i = address.envoy_internal_address
    return {host: `envoy://${i.server_listener_name ?? ''}/${i.endpoint_id ?? ''}`, port: 0}
  }
  return {host: 'unknown', port: 0}
}

/**
 * The EDS view's address string: socket → `ip:port`; pipe → the raw path; internal →
 * `envoy://<listener>/<endpoint_id>`; else `unknown`.
 */
export function edsAddressString(address: Address | undefined): string {
  if (address?.socket_address) return `${address.socket_address.address ?? ''}:${address.socket_address.port_value ?? 0}`
  if (address?.pipe) return address.pipe.path ?? ''
  if (address?.envoy_internal_address) {
    const i = address.envoy_internal_address
    return `envoy://${i.server_listener_name ?? ''}/${i.endpoint_id ?? ''}`
  }
  return 'unknown'
}

/** `region[/zone[/sub_zone]]` of an `envoy.config.core.v3.Locality`; empty when unset. */
export function describeLocality(locality: Locality | undefined): string {
  if (!locality) return ''
  const region = locality.region ?? ''
  const zone = locality.zone ?? ''
  const subZone = locality.sub_zone ?? ''
  if (subZone) return `${region}/${zone}/${subZone}`
  if (zone) return `${region}/${zone}`
  return region
}
