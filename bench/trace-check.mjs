#!/usr/bin/env node
/**
 * Benchmark of `mpx trace` and `mpx check` on the large generated dump, each against the time node needs
 * to read and JSON.parse the same file (goal: at most 1.5x). Runs are interleaved; medians are reported.
 *
 *   node bench/trace-check.mjs [--runs 7] [--services 5000]
 *
 * Needs a build (npm run build). bench/out/big.json is generated (bench/gen-dump.mjs) when missing.
 */
import {spawnSync} from 'node:child_process'
import {existsSync, statSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`)
  return i === -1 ? def : process.argv[i + 1]
}
const RUNS = Number(arg('runs', 7))
const SERVICES = Number(arg('services', 5000))
const big = `${ROOT}bench/out/big.json`
const node = process.execPath
const mpx = `${ROOT}bin/run.js`

if (!existsSync(big)) {
  console.log(`generating ${big} (${SERVICES} services)...`)
  const r = spawnSync(node, [`${ROOT}bench/gen-dump.mjs`, '--services', String(SERVICES), '--out', big, '--quiet'], {stdio: 'inherit'})
  if (r.status !== 0) process.exit(1)
}

/** One run: wall time in ms; the exit status must be one of `ok`. */
function once(c) {
  const t0 = process.hrtime.bigint()
  const r = spawnSync(node, c.args, {cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30})
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  if (!c.ok.includes(r.status)) throw new Error(`${c.name} exited ${r.status}: ${r.stderr}`)
  return ms
}

const cases = [
  {name: 'node JSON.parse(readFileSync(big.json))', args: ['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(big)},'utf8'))`], ok: [0]},
  {name: 'mpx trace -f big.json http://svc-42.ns-42.svc.cluster.local:8080/', args: [mpx, 'trace', '-f', big, 'http://svc-42.ns-42.svc.cluster.local:8080/'], ok: [0]},
  {name: 'mpx check -f big.json', args: [mpx, 'check', '-f', big], ok: [0, 1]},
]
const samples = cases.map(() => [])
for (let i = 0; i < RUNS; i++) cases.forEach((c, j) => samples[j].push(once(c)))
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const [base, ...rest] = cases.map((c, j) => ({name: c.name, ms: median(samples[j])}))

console.log(`# mpx trace/check benchmark (${new Date().toISOString()}, node ${process.version}, ${RUNS} runs, medians; big.json ${(statSync(big).size / 1e6).toFixed(0)} MB)\n`)
console.log(`${base.ms.toFixed(0).padStart(6)} ms  ${base.name}`)
for (const r of rest) console.log(`${r.ms.toFixed(0).padStart(6)} ms  ${r.name}  ratio ${(r.ms / base.ms).toFixed(2)}x (goal <= 1.5x)`)
