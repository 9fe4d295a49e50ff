/**
 * When an Envoy host can take requests, the one rule views, trace and check share. EDS health
 * (`envoy.config.core.v3.HealthStatus`) `UNHEALTHY`, `DRAINING` and `TIMEOUT` cannot; from `/clusters`
 * (`envoy.admin.v3.HostHealthStatus`) a failed outlier check or active health check also cannot.
 */
import type {HostStatus} from './model.js'

/** EDS health statuses of hosts that do not take requests. */
export const NOT_SERVING = new Set(['UNHEALTHY', 'DRAINING', 'TIMEOUT'])

/** The health of a `/clusters` host as one word: `OUTLIER_EJECTED`, `FAILED_ACTIVE_HC`, else its EDS status (`fallback` when unset). */
export function hostHealth(h: HostStatus, fallback = 'HEALTHY'): string {
  const hs = h.health_status ?? {}
  return hs.failed_outlier_check ? 'OUTLIER_EJECTED' : hs.failed_active_health_check ? 'FAILED_ACTIVE_HC' : hs.eds_health_status ?? fallback
}

/** Whether a host of this health (an EDS status or a {@link hostHealth} word) takes requests. */
export function canServe(health: string): boolean {
  return !NOT_SERVING.has(health) && health !== 'OUTLIER_EJECTED' && health !== 'FAILED_ACTIVE_HC'
}
