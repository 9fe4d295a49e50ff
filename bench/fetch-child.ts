/**
 * Child process of bench/live.bench.test.ts: fetches one admin path from a pod once, either through
 * mpx's port-forward admin client or by a direct HTTP GET, and prints `<ms> <bytes>` (so the client runs
 * on its own CPU, apart from the in-process test API server).
 * argv: <kubeconfig> <pod> <path> (port-forward) | --direct <url>
 */
import {request} from 'undici'
import {connect} from '../src/kube/cluster.js'
import {openAdminClient} from '../src/kube/admin-client.js'

const [a, b, c] = process.argv.slice(2)
const t0 = performance.now()
let bytes: number
if (a === '--direct') {
  const res = await request(b)
  bytes = (await res.body.arrayBuffer()).byteLength
} else {
  const cluster = await connect({kubeconfig: a})
  const t1 = performance.now()
  const admin = await openAdminClient(cluster, {name: b, namespace: 'default', pod: {}}, {transport: 'port-forward', container: 'istio-proxy', port: 15000, timeoutMs: 120_000, maxBytes: 1 << 30})
  bytes = (await admin.get(c)).length
  await admin.close()
  // report the transfer only: client-node's import (start-up) is measured by the start-up benchmark
  console.log(`${(performance.now() - t1).toFixed(1)} ${bytes}`)
  process.exit(0)
}
console.log(`${(performance.now() - t0).toFixed(1)} ${bytes}`)
