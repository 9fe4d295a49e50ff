/**
 * Istio config references in Envoy metadata: `metadata.filter_metadata.istio.config`, a path such as
 * `/apis/networking.istio.io/v1/namespaces/default/destination-rule/reviews`, set by istiod on clusters
 * (DestinationRule) and routes (VirtualService).
 */
import type {Metadata} from '../envoy/model.js'

/**
 * Renders an Istio config path as istioctl does: `name.namespace` for
 * `/apis/networking.istio.io/<version>/namespaces/<ns>/<kind>/<name>` (exactly 8 `/` pieces);
 * `<unknown>` for a path with another prefix; empty for a malformed istio path or no path.
 */
export function renderConfigPath(path: unknown): string {
  if (typeof path !== 'string' || path === '') return ''
  if (!path.startsWith('/apis/networking.istio.io/')) return '<unknown>'
  const pieces = path.split('/')
  if (pieces.length !== 8) return ''
  return `${pieces[7]}.${pieces[5]}`
}

/**
 * The Istio config path of a resource (`metadata.filter_metadata.istio.config`), or undefined.
 * @param resource a Cluster, Route or other message with Envoy `core.v3.Metadata` (snake_case)
 */
export function istioConfigPath(resource: {readonly metadata?: Metadata} | undefined): string | undefined {
  const config = resource?.metadata?.filter_metadata?.istio?.config
  return typeof config === 'string' ? config : undefined
}

/** Parsed form of an Istio config path: kind (`destination-rule`, `virtual-service`), name and namespace. */
export interface IstioConfigRef {
  kind: string
  name: string
  namespace: string
}

/** Parses `/apis/networking.istio.io/<v>/namespaces/<ns>/<kind>/<name>`; undefined when it is not one. */
export function parseConfigPath(path: string | undefined): IstioConfigRef | undefined {
  if (!path?.startsWith('/apis/networking.istio.io/')) return undefined
  const pieces = path.split('/')
  if (pieces.length !== 8) return undefined
  return {kind: pieces[6], name: pieces[7], namespace: pieces[5]}
}
