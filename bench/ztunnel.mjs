#!/usr/bin/env node
/**
 * `mpx zc workloads` on a generated ztunnel config dump of 20,000 workloads (and 2,000 services, every
 * workload behind a waypoint), as a ratio of `JSON.parse(readFileSync(file))` measured in the same run
 * (both whole node processes, interleaved, medians). Goal: <= 1.5x.
 *
 * Usage: node bench/ztunnel.mjs [--runs 5 --workloads 20000]   (needs a build)
 */
import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, statSync, writeFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`)
  return i === -1 ? def : Number(process.argv[i + 1])
}
const RUNS = arg('runs', 5)
const WORKLOADS = arg('workloads', 20000)
const SERVICES = Math.max(1, Math.floor(WORKLOADS / 10))
const file = `${ROOT}bench/out/ztunnel-${WORKLOADS}.json`

if (!existsSync(file)) {
  mkdirSync(`${ROOT}bench/out`, {recursive: true})
  const ip = (n, base) => `${base}.${(n >> 8) & 255}.${n & 255}`
  const services = Array.from({length: SERVICES}, (_, s) => ({
    name: `svc-${s}`, namespace: `ns-${s % 50}`, hostname: `svc-${s}.ns-${s % 50}.svc.cluster.local`, vips: [`/${ip(s, '10.96')}`],
    ports: {'8080': 8080}, endpoints: {}, subjectAltNames: [], ipFamilies: 'IPv4',
  }))
  const workloads = Array.from({length: WORKLOADS}, (_, w) => {
    const s = services[w % SERVICES]
    const name = `app-${w}-7f8d9c6b5-x${(w * 7919).toString(36).slice(-5)}`
    const uid = `Kubernetes//Pod/${s.namespace}/${name}`
    s.endpoints[`${uid}:/${ip(w, '10.244')}`] = {workloadUid: uid, service: `${s.namespace}/${s.hostname}`, address: `/${ip(w, '10.244')}`, port: {'8080': 8080}}
    return {
      uid, workloadIps: [ip(w, '10.244')], waypoint: {destination: services[(w * 31) % SERVICES].vips[0]}, protocol: 'HBONE', name,
      namespace: s.namespace, trustDomain: 'cluster.local', serviceAccount: `sa-${w % 97}`, workloadName: `app-${w}`, workloadType: 'deployment',
      canonicalName: `app-${w}`, canonicalRevision: 'v1', node: `node-${w % 40}`, status: 'Healthy', clusterId: 'Kubernetes',
      locality: {region: 'eu-west-1', zone: `eu-west-1${'abc'[w % 3]}`}, capacity: 1, applicationTunnel: {protocol: 'NONE'},
    }
  })
  writeFileSync(file, JSON.stringify({workloads, services, policies: [], certificates: [], workloadState: {}}, null, 2))
}

function once(args) {
  const t0 = process.hrtime.bigint()
  const r = spawnSync(process.execPath, args, {cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30})
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`)
  return Number(process.hrtime.bigint() - t0) / 1e6
}
const cases = [
  {name: 'node JSON.parse(readFileSync(f))', args: ['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(file)},'utf8'))`]},
  {name: `mpx zc workloads -f ${file.slice(ROOT.length)}`, args: [`${ROOT}bin/run.js`, 'zc', 'workloads', '-f', file]},
  {name: 'node -e 0', args: ['-e', '0']},
  {name: 'mpx --version', args: [`${ROOT}bin/run.js`, '--version']},
]
const samples = cases.map(() => [])
for (let i = 0; i < RUNS; i++) cases.forEach((c, j) => samples[j].push(once(c.args)))
const med = samples.map((s) => s.sort((a, b) => a - b)[Math.floor(s.length / 2)])
console.log(`# zc workloads, ${WORKLOADS} workloads / ${SERVICES} services, ${(statSync(file).size / 1e6).toFixed(1)} MB (${RUNS} runs, medians, node ${process.version})`)
cases.forEach((c, j) => console.log(`${med[j].toFixed(0).padStart(6)} ms  ${c.name}`))
console.log(`ratio zc workloads / JSON.parse: ${(med[1] / med[0]).toFixed(2)}x (goal <= 1.5x)`)
console.log(`beyond start-up: zc ${(med[1] - med[3]).toFixed(0)} ms vs parse ${(med[0] - med[2]).toFixed(0)} ms: ${((med[1] - med[3]) / (med[0] - med[2])).toFixed(2)}x`)
