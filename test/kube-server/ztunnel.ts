/**
 * ztunnel admin emulator (port 15000: `GET /config_dump`, `POST /logging[?level=..[&reset]]`) and an
 * ambient world: the `ztunnel` DaemonSet in istio-system with a pod on each of two nodes (each serving
 * istioctl's ztunnel dump.json unless told otherwise), and Bookinfo workload pods labelled
 * `istio.io/dataplane-mode=ambient` (no sidecar) on those nodes.
 */
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import type {PodSpec, PortHandler, WorldSpec} from './types.js'

/** istioctl's ztunnel test dump (map form). */
export const ZTUNNEL_DUMP_FIXTURE = fileURLToPath(new URL('../fixtures/istioctl/writer/ztunnel/configdump/testdata/dump.json', import.meta.url))

const ZTUNNEL_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'off']

/**
 * ztunnel's admin handler: `/config_dump` (GET) answers `configDump`; `/logging` (POST only, 405
 * otherwise) lists `current log level is <level>` or changes it (`level=<l>` or `level=<logger>:<l>,...`,
 * `reset`) like ztunnel's admin.rs.
 */
export function ztunnelAdminHandler(spec: {configDump?: Buffer | object} = {}): PortHandler {
  const body = Buffer.isBuffer(spec.configDump) ? spec.configDump : Buffer.from(JSON.stringify(spec.configDump ?? JSON.parse(readFileSync(ZTUNNEL_DUMP_FIXTURE, 'utf8')), null, 2))
  let level = 'info'
  const text = (b: string, status = 200) => ({status, headers: {'content-type': 'text/plain'}, body: b})
  return (req) => {
    if (req.path === '/config_dump') return {status: 200, headers: {'content-type': 'application/json'}, body}
    if (req.path === '/logging') {
      if (req.method !== 'POST') return text('Only POST is allowed\n', 405)
      const l = req.query.get('level')
      if (req.query.has('reset')) level = 'info'
      else if (l) {
        for (const part of l.split(',')) {
          const lv = part.includes(':') ? part.slice(part.lastIndexOf(':') + 1) : part
          if (!ZTUNNEL_LEVELS.includes(lv)) return text(`failed to set new level: invalid level "${lv}"\n`, 400)
        }
        level = l
      }
      return text(`current log level is ${level}\n`)
    }
    return text('ztunnel admin: unknown path\n', 404)
  }
}

/** Names in the {@link ambientWorld}. */
export const AMBIENT = {
  nodes: ['ambient-worker', 'ambient-worker2'],
  ztunnels: {'ambient-worker': 'ztunnel-xljhg', 'ambient-worker2': 'ztunnel-qk2pp'} as Record<string, string>,
  /** Ambient workload pods (bookinfo) and their nodes, as in dump.json. */
  workloads: {'productpage-v1-675fc69cf-jscn2': 'ambient-worker2', 'reviews-v1-5b5d6494f4-qwjv4': 'ambient-worker'} as Record<string, string>,
}

/**
 * The ambient world. `dumps` overrides a ztunnel's config dump by pod name.
 */
export function ambientWorld(o: {dumps?: Record<string, Buffer | object>} = {}): WorldSpec {
  const ztunnelPod = (node: string, name: string): PodSpec => ({
    name,
    namespace: 'istio-system',
    labels: {app: 'ztunnel', 'sidecar.istio.io/inject': 'false'},
    nodeName: node,
    containers: [{name: 'istio-proxy', image: 'istio/ztunnel:1.28.0', binaries: ['curl']}],
    ownerReferences: [{apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ztunnel', controller: true}],
    admin: false,
    ports: {15000: ztunnelAdminHandler({configDump: o.dumps?.[name]})},
  })
  return {
    namespaces: ['istio-system', 'bookinfo'],
    daemonsets: [{name: 'ztunnel', namespace: 'istio-system', selector: {app: 'ztunnel'}}],
    pods: [
      ...AMBIENT.nodes.map((n) => ztunnelPod(n, AMBIENT.ztunnels[n]!)),
      ...Object.entries(AMBIENT.workloads).map(([name, node]): PodSpec => ({
        name,
        namespace: 'bookinfo',
        labels: {app: name.split('-')[0]!, 'istio.io/dataplane-mode': 'ambient'},
        annotations: {'ambient.istio.io/redirection': 'enabled'},
        nodeName: node,
        containers: ['app'],
        admin: false,
      })),
    ],
  }
}
