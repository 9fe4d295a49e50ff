/**
 * Kubernetes' "human duration" (`k8s.io/apimachinery/pkg/util/duration.HumanDuration`), the AGE column
 * style of kubectl that istioctl proxy-status uses for the time since the last push.
 */

const S = 1000
const M = 60 * S
const H = 60 * M

/**
 * Formats an elapsed time as kubectl does: `<2m` → `45s`; `<10m` → `5m3s` / `5m`; `<3h` → `95m`;
 * `<8h` → `4h5m` / `4h`; `<48h` → `30h`; `<8d` → `3d4h` / `3d`; `<2y` → `400d`; `<8y` → `3y10d` / `3y`;
 * else `9y`. Between −2 s and 0 (clock skew) → `0s`; further in the future → `<invalid>`.
 * Units are truncated, not rounded (years are 365 days).
 * @param ms elapsed milliseconds (now − then)
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / S)
  if (seconds < -1) return '<invalid>'
  if (seconds < 0) return '0s'
  if (seconds < 120) return `${seconds}s`
  const minutes = Math.trunc(ms / M)
  if (minutes < 10) {
    const s = seconds % 60
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`
  }
  if (minutes < 60 * 3) return `${minutes}m`
  const hours = Math.trunc(ms / H)
  if (hours < 8) {
    const m = minutes % 60
    return m === 0 ? `${hours}h` : `${hours}h${m}m`
  }
  if (hours < 48) return `${hours}h`
  if (hours < 24 * 8) {
    const h = hours % 24
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365
    const years = Math.trunc(hours / 24 / 365)
    return dy === 0 ? `${years}y` : `${years}y${dy}d`
  }
  return `${Math.trunc(hours / 24 / 365)}y`
}
