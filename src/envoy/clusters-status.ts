/**
 * The Envoy admin `/clusters?format=json` answer (`envoy.admin.v3.Clusters`): live cluster and host status
 * (EDS health, outlier detection, weights, locality).
 */
import {InputError} from '../errors.js'
import {ClustersShape, type ClusterStatus} from './model.js'
import {detectNaming} from './naming.js'
import {checkNesting, checkShape} from './shape.js'

/** A parsed `/clusters?format=json` answer, snake_case, checked against {@link ClustersShape}. */
export interface ClustersStatus {
  /** `cluster_statuses[]` (`envoy.admin.v3.ClusterStatus`). */
  readonly cluster_statuses: readonly ClusterStatus[]
}

/**
 * Reads a `/clusters?format=json` answer (snake_case or lowerCamelCase).
 * @throws InputError when the document is something else, naming the command that reads it, or when a
 *   field has the wrong type (`malformed /clusters answer: Clusters.cluster_statuses[0].name is ...`)
 */
export async function parseClustersStatus(value: unknown, source: string): Promise<ClustersStatus> {
  const where = source === 'stdin' ? 'stdin' : `"${source}"`
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const doc = value as Record<string, unknown>
    if (Array.isArray(doc.configs)) {
      throw new InputError(
        `${where} is a config dump, not a /clusters?format=json answer: use \`mpx proxy-config eds --file\` for its EDS section, or save /clusters?format=json for this view`,
        'WRONG_DOCUMENT',
      )
    }
    if (doc.cluster_statuses !== undefined || doc.clusterStatuses !== undefined || Object.keys(doc).length === 0) {
      let snake = doc
      if (detectNaming(doc) === 'camel') {
        checkNesting(doc, 'Clusters', '/clusters answer')
        const {renameFields} = await import('../proto/proto-json.js')
        snake = renameFields(doc, 'envoy.admin.v3.Clusters', 'snake') as Record<string, unknown>
      }
      checkShape(snake, ClustersShape, 'Clusters', '/clusters answer')
      return {...snake, cluster_statuses: (snake.cluster_statuses as readonly ClusterStatus[] | undefined) ?? []}
    }
  }
  throw new InputError(
    `${where} is not an Envoy /clusters?format=json answer: expected an object with "cluster_statuses" (save one with \`pilot-agent request GET 'clusters?format=json'\`)`,
    'WRONG_DOCUMENT',
  )
}
