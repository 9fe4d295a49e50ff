/**
 * The Envoy admin `/clusters?format=json` answer (`envoy.admin.v3.Clusters`): live cluster and host status
 * (EDS health, outlier detection, weights, locality).
 */
import {InputError} from '../errors.js'
import type {Json} from './config-dump.js'
import {detectNaming} from './naming.js'

/** A parsed `/clusters?format=json` answer, snake_case. */
export interface ClustersStatus {
  /** `cluster_statuses[]` (`envoy.admin.v3.ClusterStatus`). */
  cluster_statuses: Json[]
}

/**
 * Reads a `/clusters?format=json` answer (snake_case or lowerCamelCase).
 * @throws InputError when the document is something else, naming the command that reads it
 */
export async function parseClustersStatus(value: unknown, source: string): Promise<ClustersStatus> {
  const where = source === 'stdin' ? 'stdin' : `"${source}"`
  const doc = value as Json
  if (doc && typeof doc === 'object' && !Array.isArray(doc)) {
    if (Array.isArray(doc.configs)) {
      throw new InputError(
        `${where} is a config dump, not a /clusters?format=json answer: use \`mpx proxy-config eds --file\` for its EDS section, or save /clusters?format=json for this view`,
        'WRONG_DOCUMENT',
      )
    }
    if (Array.isArray(doc.cluster_statuses) || Array.isArray(doc.clusterStatuses) || Object.keys(doc).length === 0) {
      if (detectNaming(doc) === 'camel') {
        const {renameFields} = await import('../proto/proto-json.js')
        return {cluster_statuses: [], ...(renameFields(doc, 'envoy.admin.v3.Clusters', 'snake') as Json)} as ClustersStatus
      }
      return {cluster_statuses: doc.cluster_statuses ?? []}
    }
  }
  throw new InputError(
    `${where} is not an Envoy /clusters?format=json answer: expected an object with "cluster_statuses" (save one with \`pilot-agent request GET 'clusters?format=json'\`)`,
    'WRONG_DOCUMENT',
  )
}
