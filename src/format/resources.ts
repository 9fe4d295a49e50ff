/**
 * Machine-readable renderings of selected Envoy resources (`-o json|yaml|raw`).
 */
import type {Json} from '../envoy/config-dump.js'
import {toJson, toRawJson, toYaml} from './output.js'

/**
 * Converts a resource (snake_case, as Envoy emits it) to the proto3 JSON mapping istioctl prints:
 * lowerCamelCase field names from the Envoy descriptors, fields in .proto declaration order and map/Struct
 * keys sorted (as Go's jsonpb), map and Struct keys verbatim, `@type` kept on nested Any values but dropped
 * at the top (istioctl unwraps the Any before marshalling).
 * Loads the proto descriptors on first use only.
 * @param resource one Envoy message in snake_case
 * @param typeName its full proto name, e.g. `envoy.config.cluster.v3.Cluster`
 */
export async function toProtoJson(resource: Json, typeName: string): Promise<Json> {
  const {renameFields} = await import('../proto/proto-json.js')
  const {['@type']: _type, ...rest} = resource
  return renameFields(rest, typeName, 'camel', {order: 'declaration'}) as Json
}

/**
 * Renders a list of resources: `json` is istioctl's array (4-space indent, camelCase), `yaml` the same
 * data as YAML with sorted keys, `raw` Envoy's own snake_case objects untouched.
 * @param resources snake_case messages of one type
 * @param typeName their full proto name
 */
export async function renderResourceList(resources: Json[], typeName: string, format: 'json' | 'yaml' | 'raw'): Promise<string> {
  if (format === 'raw') return toRawJson(resources)
  const converted: Json[] = []
  for (const r of resources) converted.push(await toProtoJson(r, typeName))
  return format === 'json' ? toJson(converted) : toYaml(converted)
}

/**
 * Renders a single message (a whole config dump section such as BootstrapConfigDump) like
 * {@link renderResourceList}.
 */
export async function renderMessage(message: Json, typeName: string, format: 'json' | 'yaml' | 'raw'): Promise<string> {
  if (format === 'raw') return toRawJson(message)
  const converted = await toProtoJson(message, typeName)
  return format === 'json' ? toJson(converted) : toYaml(converted)
}
