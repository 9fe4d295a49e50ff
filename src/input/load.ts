/**
 * Loading the inputs of the views from files: a config dump, a `/clusters?format=json` answer, or the
 * matching member of an `mpx dump` bundle (directory or `.tar.gz`).
 */
import {isBundle, readBundleMember} from '../bundle.js'
import {parseClustersStatus, type ClustersStatus} from '../envoy/clusters-status.js'
import {ConfigDump} from '../envoy/config-dump.js'
import {parseDocumentText, readDocument} from './read-input.js'

async function readValue(path: string, member: string): Promise<{value: unknown; source: string}> {
  if (isBundle(path)) {
    const source = `${path}:${member}`
    return {value: await parseDocumentText(await readBundleMember(path, member), source), source}
  }
  const doc = await readDocument(path)
  return {value: doc.value, source: doc.source}
}

/**
 * Reads a config dump (`-` for stdin), JSON or YAML, snake_case or lowerCamelCase, or a bundle's
 * `config_dump.json`.
 * @throws InputError for unreadable, empty, malformed or non-dump input
 */
export async function loadDumpFile(path: string): Promise<ConfigDump> {
  const {value, source} = await readValue(path, 'config_dump.json')
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
