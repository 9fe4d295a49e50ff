/**
 * Loading the inputs of the views from files: a config dump, or a `/clusters?format=json` answer.
 */
import {parseClustersStatus, type ClustersStatus} from '../envoy/clusters-status.js'
import {ConfigDump} from '../envoy/config-dump.js'
import {readDocument} from './read-input.js'

/**
 * Reads a config dump file (`-` for stdin), JSON or YAML, snake_case or lowerCamelCase.
 * @throws InputError for unreadable, empty, malformed or non-dump input
 */
export async function loadDumpFile(path: string): Promise<ConfigDump> {
  const doc = await readDocument(path)
  return ConfigDump.from(doc.value, doc.source)
}

/**
 * Reads a `/clusters?format=json` file (`-` for stdin).
 * @throws InputError for unreadable, empty, malformed or other input (a config dump is named as such)
 */
export async function loadClustersFile(path: string): Promise<ClustersStatus> {
  const doc = await readDocument(path)
  return parseClustersStatus(doc.value, doc.source)
}
