/**
 * Loading the inputs of the views from files: a config dump, a `/clusters?format=json` answer, or the
 * matching member of an `mpx dump` bundle (directory or `.tar.gz`).
 */
import {isBundle, readBundleMember} from '../bundle.js'
import {parseClustersStatus, type ClustersStatus} from '../envoy/clusters-status.js'
import {ConfigDump, type SectionKind} from '../envoy/config-dump.js'
import {parseSections} from '../envoy/section-slicer.js'
import {parseDocumentText, readText} from './read-input.js'

/** Texts larger than this are sliced by section before parsing when only some sections are needed. */
const SLICE_ABOVE_BYTES = 4 << 20

async function readValue(path: string, member: string, sections?: readonly SectionKind[]): Promise<{value: unknown; source: string}> {
  const {text, source} = isBundle(path)
    ? {text: await readBundleMember(path, member), source: `${path}:${member}`}
    : readText(path)
  if (sections && text.length > SLICE_ABOVE_BYTES) {
    const sliced = parseSections(text, sections)
    if (sliced) return {value: sliced, source}
  }
  return {value: await parseDocumentText(text, source), source}
}

/**
 * Reads a config dump (`-` for stdin), JSON or YAML, snake_case or lowerCamelCase, or a bundle's
 * `config_dump.json`.
 * @param sections when given, only these sections are needed: a large dump is then parsed section by
 *   section (see {@link parseSections}), skipping the others
 * @throws InputError for unreadable, empty, malformed or non-dump input
 */
export async function loadDumpFile(path: string, sections?: readonly SectionKind[]): Promise<ConfigDump> {
  const {value, source} = await readValue(path, 'config_dump.json', sections)
  return ConfigDump.from(value, source)
}

/**
 * Reads a `/clusters?format=json` answer (`-` for stdin), or a bundle's `clusters.json`.
 * @throws InputError for unreadable, empty, malformed or other input (a config dump is named as such)
 */
export async function loadClustersFile(path: string): Promise<ClustersStatus> {
  const {value, source} = await readValue(path, 'clusters.json')
  return parseClustersStatus(value, source)
}

/**
 * Reads a ztunnel `/config_dump` (`-` for stdin), or a ztunnel bundle's `config_dump.json`.
 * @throws InputError for unreadable, empty, malformed or other input (an Envoy dump is named as such)
 */
export async function loadZtunnelFile(path: string): Promise<import('../ztunnel/config-dump.js').ZtunnelDump> {
  const {value, source} = await readValue(path, 'config_dump.json')
  const {ZtunnelDump} = await import('../ztunnel/config-dump.js')
  return ZtunnelDump.from(value, source)
}
