#!/usr/bin/env node
/**
 * Benchmark of `mpx diff` on two large generated dumps (bench/out/big.json and a copy with a few
 * realistic changes: a route moved to a subset, a cluster removed, endpoints turned unhealthy, a listener
 * removed), against the time node needs to read and JSON.parse ONE of the files (goal: at most 3x).
 * Runs are interleaved; medians are reported.
 *
 *   node bench/diff.mjs [--runs 5] [--services 5000]
 *
 * Needs a build (npm run build). bench/out/big.json is generated (bench/gen-dump.mjs) when missing, and
 * bench/out/big-after.json derived from it.
 */
import {spawnSync} from 'node:child_process'
import {existsSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`)
  return i === -1 ? def : process.argv[i + 1]
}
const RUNS = Number(arg('runs', 5))
const SERVICES = Number(arg('services', 5000))
const big = `${ROOT}bench/out/big.json`
const after = `${ROOT}bench/out/big-after.json`
const node = process.execPath
const mpx = `${ROOT}bin/run.js`

if (!existsSync(big)) {
  console.log(`generating ${big} (${SERVICES} services)...`)
  const r = spawnSync(node, [`${ROOT}bench/gen-dump.mjs`, '--services', String(SERVICES), '--out', big, '--quiet'], {stdio: 'inherit'})
  if (r.status !== 0) process.exit(1)
}
if (!existsSync(after) || statSync(after).mtimeMs < statSync(big).mtimeMs) {
  console.log(`deriving ${after}...`)
  const d = JSON.parse(readFileSync(big, 'utf8'))
  const section = (k) => d.configs.find((c) => c['@type'] === `type.googleapis.com/envoy.admin.v3.${k}ConfigDump`)
  // a route moved to another cluster, in the 10th virtual host of the first route configuration that has routes to clusters
  let moved = 0
  for (const rc of section('Routes').dynamic_route_configs) {
    for (const vh of rc.route_config.virtual_hosts ?? []) {
      const r = (vh.routes ?? []).find((x) => x.route?.cluster)
      if (r && moved < 3) {
        r.route.cluster = `${r.route.cluster}-moved`
        moved++
      }
    }
    if (moved >= 3) break
  }
  const clusters = section('Clusters')
  clusters.dynamic_active_clusters.splice(100, 2)
  const eds = section('Endpoints')
  for (const e of eds.dynamic_endpoint_configs.slice(200, 205)) for (const l of e.endpoint_config.endpoints ?? []) for (const lb of l.lb_endpoints ?? []) lb.health_status = 'UNHEALTHY'
  const listeners = section('Listeners')
  listeners.dynamic_listeners.splice(3, 1)
  writeFileSync(after, JSON.stringify(d, null, 1))
}

/** One run: wall time in ms; the exit status must be one of `ok`. */
function once(c) {
  const t0 = process.hrtime.bigint()
  const r = spawnSync(node, c.args, {cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30})
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  if (!c.ok.includes(r.status)) throw new Error(`${c.name} exited ${r.status}: ${r.stderr}`)
  c.out = r.stdout
  return ms
}

const cases = [
  {name: 'node JSON.parse(readFileSync(big.json))', args: ['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(big)},'utf8'))`], ok: [0]},
  {name: 'mpx diff big.json big-after.json', args: [mpx, 'diff', big, after], ok: [1]},
  {name: 'mpx diff big.json big-after.json -o json', args: [mpx, 'diff', big, after, '-o', 'json'], ok: [1]},
]
const samples = cases.map(() => [])
for (let i = 0; i < RUNS; i++) cases.forEach((c, j) => samples[j].push(once(c)))
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const [base, ...rest] = cases.map((c, j) => ({name: c.name, ms: median(samples[j])}))

console.log(`# mpx diff benchmark (${new Date().toISOString()}, node ${process.version}, ${RUNS} runs, medians; big.json ${(statSync(big).size / 1e6).toFixed(0)} MB, big-after.json ${(statSync(after).size / 1e6).toFixed(0)} MB)\n`)
console.log(`${base.ms.toFixed(0).padStart(6)} ms  ${base.name}`)
for (const r of rest) console.log(`${r.ms.toFixed(0).padStart(6)} ms  ${r.name}  ratio ${(r.ms / base.ms).toFixed(2)}x (goal <= 3x)`)
console.log(`\n${cases[1].out.split('\n').length - 2} changes listed`)
