/**
 * The Envoy admin `/config_dump` model (API `envoy.admin.v3.ConfigDump`).
 *
 * A dump is `{"configs": [Any, ...]}` where each Any is one `*ConfigDump` section
 * (`type.googleapis.com/envoy.admin.v3.ClustersConfigDump`, ...). Envoy emits them in this order:
 * Bootstrap, Clusters, Ecds (one per extension kind), Endpoints (only with `?include_eds`), Listeners,
 * ScopedRoutes, Routes, Secrets (v2 dumps: `envoy.admin.v2alpha.*ConfigDump`, read as v3). This module
 * finds sections by `@type` (the last one wins, as istioctl;
 * ECDS sections are merged), accepts a bare `?resource=` answer (items typed
 * `envoy.admin.v3.ClustersConfigDump.DynamicCluster`, ...) and a single section given on its own, keeps
 * unknown sections and fields untouched, and normalises lowerCamelCase input (istiod's
 * `/debug/config_dump`, istioctl `-o json`) to Envoy's snake_case through the proto descriptors.
 */
import {InputError} from '../errors.js'
import {SECTION_SHAPES, type Sections} from './model.js'
import {detectNaming} from './naming.js'
import {checkNesting, checkShape, describeJsonType as describe} from './shape.js'
import {isZtunnelDump} from '../ztunnel/config-dump.js'

/** A JSON object as found in a dump, not yet checked against a shape. */
export type JsonObject = Record<string, unknown>
/** Former name of {@link JsonObject}, kept for modules not yet on the typed model. */
export type Json = JsonObject

/** The short names of the admin v3 config dump sections. */
export type SectionKind = 'Bootstrap' | 'Clusters' | 'Ecds' | 'Endpoints' | 'Listeners' | 'ScopedRoutes' | 'Routes' | 'Secrets'

/** All section kinds in Envoy's emission order. */
export const SECTION_KINDS: readonly SectionKind[] = [
  'Bootstrap', 'Clusters', 'Ecds', 'Endpoints', 'Listeners', 'ScopedRoutes', 'Routes', 'Secrets',
]

const TYPE_PREFIX = 'type.googleapis.com/envoy.admin.v3.'
/** Sections of Envoy ≤ 1.14 dumps (v2 admin API), read as their v3 equivalents (same field names). */
const V2_TYPE_PREFIX = 'type.googleapis.com/envoy.admin.v2alpha.'

/** The `@type` URL of a section kind, e.g. `type.googleapis.com/envoy.admin.v3.ClustersConfigDump`. */
export function sectionTypeUrl(kind: SectionKind): string {
  return `${TYPE_PREFIX}${kind}ConfigDump`
}

/** Item types of a `?resource=` answer → the section and repeated field they belong to. */
const RESOURCE_ITEMS: Record<string, [SectionKind, string]> = {
  'ClustersConfigDump.StaticCluster': ['Clusters', 'static_clusters'],
  'ClustersConfigDump.DynamicCluster': ['Clusters', 'dynamic_active_clusters'],
  'ListenersConfigDump.StaticListener': ['Listeners', 'static_listeners'],
  'ListenersConfigDump.DynamicListener': ['Listeners', 'dynamic_listeners'],
  'RoutesConfigDump.StaticRouteConfig': ['Routes', 'static_route_configs'],
  'RoutesConfigDump.DynamicRouteConfig': ['Routes', 'dynamic_route_configs'],
  'SecretsConfigDump.StaticSecret': ['Secrets', 'static_secrets'],
  'SecretsConfigDump.DynamicSecret': ['Secrets', 'dynamic_active_secrets'],
  'EndpointsConfigDump.StaticEndpointConfig': ['Endpoints', 'static_endpoint_configs'],
  'EndpointsConfigDump.DynamicEndpointConfig': ['Endpoints', 'dynamic_endpoint_configs'],
  'ScopedRoutesConfigDump.InlineScopedRouteConfigs': ['ScopedRoutes', 'inline_scoped_route_configs'],
  'ScopedRoutesConfigDump.DynamicScopedRouteConfigs': ['ScopedRoutes', 'dynamic_scoped_route_configs'],
  'EcdsConfigDump.EcdsFilterConfig': ['Ecds', 'ecds_filters'],
}

/** Hints for Envoy/istiod answers that are not config dumps: a detector and the command that reads it. */
const OTHER_DOCUMENTS: Array<[(v: JsonObject) => boolean, string]> = [
  [(v) => Array.isArray(v.cluster_statuses) || Array.isArray(v.clusterStatuses),
    'an Envoy /clusters?format=json answer: read it with `mpx proxy-config endpoints --file`'],
  [(v) => Array.isArray(v.listener_statuses) || Array.isArray(v.listenerStatuses),
    'an Envoy /listeners?format=json answer, not a config dump: save /config_dump instead'],
  [(v) => isZtunnelDump(v), 'a ztunnel config dump, not an Envoy one: use `mpx ztunnel-config <view> --file` (mpx zc: workloads, services, policies, certificates, connections, all)'],
  [(v) => Array.isArray(v.certificates), 'an Envoy /certs answer, not a config dump: use `mpx proxy-config secrets` on a /config_dump'],
  [(v) => Array.isArray(v.stats), 'an Envoy /stats?format=json answer, not a config dump: save /config_dump instead'],
  [(v) => v.command_line_options !== undefined || v.commandLineOptions !== undefined,
    'an Envoy /server_info answer, not a config dump: save /config_dump instead'],
  [(v) => Array.isArray(v.virtual_hosts) || Array.isArray(v.virtualHosts),
    'a bare RouteConfiguration, not a config dump: wrap it in a dump or use it with `mpx trace --file`'],
]

/**
 * A loaded config dump: sections by kind (snake_case), plus the original value for pass-through output.
 */
export class ConfigDump {
  private constructor(
    /** The document as read (for `pc all -o json`, which passes it through unchanged). */
    readonly original: unknown,
    /** Last section of each kind (ECDS: all sections merged into one `ecds_filters` list). */
    private readonly sections: Map<SectionKind, JsonObject>,
    /** Sections whose `@type` mpx does not know, kept verbatim. */
    readonly unknownSections: JsonObject[],
    /** Where the dump came from, for messages (`stdin` or a path). */
    readonly source: string,
  ) {}

  /**
   * Builds the model from a parsed document.
   * @param value a parsed `/config_dump` answer (full, masked, `?resource=`, or a single section), in
   *   snake_case or lowerCamelCase
   * @param source where it came from, for messages
   * @throws InputError when the document is not a config dump (saying which command fits it, if any)
   */
  static async from(value: unknown, source: string): Promise<ConfigDump> {
    const where = source === 'stdin' ? 'stdin' : `"${source}"`
    if (value === null || typeof value !== 'object') {
      throw new InputError(`${where} is not an Envoy config dump: expected a JSON object with a "configs" list`, 'NOT_A_DUMP')
    }
    if (Array.isArray(value)) {
      const looksLikeSyncz = value.length > 0 && typeof value[0] === 'object' && value[0] !== null && 'proxy' in value[0]
      throw new InputError(
        looksLikeSyncz
          ? `${where} is an istiod /debug/syncz answer, not a config dump: use \`mpx proxy-status\``
          : `${where} is a JSON list, not an Envoy config dump: expected an object with a "configs" list (an \`mpx pc -o json\` view cannot be read back; save /config_dump instead)`,
        'NOT_A_DUMP',
      )
    }
    const doc = value as JsonObject
    let configs: unknown[]
    if (Array.isArray(doc.configs)) configs = doc.configs
    else if (doc.configs !== undefined) {
      throw new InputError(`malformed config dump: ${where} has "configs" as ${describe(doc.configs)}, expected a list`, 'MALFORMED')
    } else if (typeof doc['@type'] === 'string' && (doc['@type'].startsWith(TYPE_PREFIX) || doc['@type'].startsWith(V2_TYPE_PREFIX))) configs = [doc]
    else {
      const hint = OTHER_DOCUMENTS.find(([test]) => test(doc))
      throw new InputError(
        hint
          ? `${where} is ${hint[1]}`
          : `${where} is not an Envoy config dump: no "configs" list (save one with \`kubectl exec POD -c istio-proxy -- pilot-agent request GET config_dump\`)`,
        'NOT_A_DUMP',
      )
    }

    const sections = new Map<SectionKind, JsonObject>()
    const unknown: JsonObject[] = []
    for (const [i, entry] of configs.entries()) {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
        throw new InputError(`malformed config dump: configs[${i}] is ${describe(entry)}, expected an object (a typed section)`, 'MALFORMED')
      }
      const section = entry as JsonObject
      const type = typeof section['@type'] === 'string' ? (section['@type'] as string) : ''
      const short = type.startsWith(TYPE_PREFIX) ? type.slice(TYPE_PREFIX.length) : type.startsWith(V2_TYPE_PREFIX) ? type.slice(V2_TYPE_PREFIX.length) : ''
      const kind = short.endsWith('ConfigDump') ? (short.slice(0, -'ConfigDump'.length) as SectionKind) : undefined
      if (kind && SECTION_KINDS.includes(kind)) {
        const normal = await toSnake(section, `envoy.admin.v3.${short}`, `configs[${i}]`)
        if (kind === 'Ecds') {
          const filters = normal.ecds_filters ?? []
          if (!Array.isArray(filters)) checkShape(normal, SECTION_SHAPES.Ecds, 'EcdsConfigDump')
          const merged = sections.get('Ecds')
          if (merged) merged.ecds_filters = [...(merged.ecds_filters as unknown[]), ...(filters as unknown[])]
          else sections.set(kind, {...normal, ecds_filters: [...(filters as unknown[])]})
        } else {
          sections.set(kind, normal)
        }
        continue
      }
      const item = RESOURCE_ITEMS[short]
      if (item) {
        const [itemKind, field] = item
        const {['@type']: _t, ...rest} = section
        const normal = await toSnake(rest, `envoy.admin.v3.${short}`, `configs[${i}]`)
        const target = sections.get(itemKind) ?? {'@type': sectionTypeUrl(itemKind)}
        ;((target[field] ??= []) as unknown[]).push(normal)
        sections.set(itemKind, target)
        continue
      }
      unknown.push(section)
    }
    if (sections.size === 0 && unknown.length === 0 && configs.length > 0) {
      throw new InputError(`${where} is not an Envoy config dump: its "configs" list holds no typed sections`, 'NOT_A_DUMP')
    }
    return new ConfigDump(value, sections, unknown, source)
  }

  /** Whether the dump has a section of this kind. */
  has(kind: SectionKind): boolean {
    return this.sections.has(kind)
  }

  /**
   * The section of this kind (snake_case, `@type` kept), or undefined. Checked against its shape
   * ({@link SECTION_SHAPES}) on first access, in one pass over the fields mpx reads.
   * @throws InputError `malformed config dump: <Kind>ConfigDump.<path> is <type>, expected <shape>`
   */
  section<K extends SectionKind>(kind: K): Sections[K] | undefined {
    const s = this.sections.get(kind)
    if (s === undefined) return undefined
    if (!this.checked.has(kind)) {
      checkShape(s, SECTION_SHAPES[kind], `${kind}ConfigDump`)
      this.checked.add(kind)
    }
    return s as Sections[K]
  }

  private readonly checked = new Set<SectionKind>()

  /**
   * The raw section of this kind as read (not checked against a shape), for pass-through output.
   * @throws InputError when nested deeper than the limit (see {@link checkNesting})
   */
  rawSection(kind: SectionKind): JsonObject | undefined {
    const s = this.sections.get(kind)
    if (s !== undefined) checkNesting(s, `${kind}ConfigDump`)
    return s
  }

  /**
   * The section of this kind, checked as {@link section}.
   * @throws InputError `config dump has no <Kind>ConfigDump section` with what to do about it
   */
  require<K extends SectionKind>(kind: K): Sections[K] {
    const s = this.section(kind)
    if (!s) {
      throw new InputError(
        `config dump has no ${kind}ConfigDump section: save a full /config_dump${kind === 'Endpoints' ? '?include_eds=true' : ''} (no mask or resource filter)`,
        'NO_SECTION',
      )
    }
    return s
  }
}

/** Converts a section to snake_case when it is written in lowerCamelCase (loads the descriptors only then). */
async function toSnake(section: JsonObject, typeName: string, name: string): Promise<JsonObject> {
  if (detectNaming(section) !== 'camel') return section
  checkNesting(section, name)
  const {renameFields} = await import('../proto/proto-json.js')
  return renameFields(section, typeName, 'snake') as JsonObject
}
