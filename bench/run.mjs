#!/usr/bin/env node
/**
 * Offline benchmarks of mpx, each reported as a ratio against a baseline measured in the same run:
 *
 *   start-up  `mpx pc clusters -f <small dump>` vs `node -e 0`                         goal <= 2.5x
 *   scale     `mpx pc clusters -f big.json --fqdn <one service>` vs JSON.parse of the  goal <= 1.5x,
 *             same file in node, and vs the equivalent jq query                         >= 2x faster than jq,
 *             peak RSS vs file size                                                    RSS <= 4x file
 *
 * Usage: npm run bench [-- --runs 15 --services 5000 --skip-scale]
 * Needs a build (npm ci or npm run build). big.json is generated under bench/out/ when missing.
 */
import {spawnSync} from 'node:child_process'
import {existsSync, statSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`)
  return i === -1 ? def : process.argv[i + 1]
}
const RUNS = Number(arg('runs', 15))
const SERVICES = Number(arg('services', 5000))
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined

/** Runs a command once; returns wall ms and peak RSS in KB (when /usr/bin/time exists). */
function once(cmd, args) {
  const full = TIME ? [TIME, ['-f', '%M', cmd, ...args]] : [cmd, args]
  const t0 = process.hrtime.bigint()
  const r = spawnSync(full[0], full[1], {cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30})
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`)
  const rss = TIME ? Number(r.stderr.trim().split('\n').pop()) : NaN
  return {ms, rss}
}

/** Interleaves the commands `runs` times; returns the median wall time and max RSS of each. */
function measure(cases, runs) {
  const samples = cases.map(() => [])
  for (let i = 0; i < runs; i++) cases.forEach((c, j) => samples[j].push(once(c.cmd, c.args)))
  return cases.map((c, j) => {
    const ms = samples[j].map((s) => s.ms).sort((a, b) => a - b)
    return {name: c.name, median: ms[Math.floor(ms.length / 2)], rss: Math.max(...samples[j].map((s) => s.rss))}
  })
}

const fmt = (ms) => `${ms.toFixed(0).padStart(6)} ms`
const node = process.execPath
const mpx = [`${ROOT}bin/run.js`]

console.log(`# mpx benchmarks (${new Date().toISOString()}, node ${process.version}, ${RUNS} runs, medians)\n`)

// start-up: the embedded sample (23 clusters) and istioctl's small test dump (3 clusters)
{
  const dumps = ['samples/productpage.config_dump.json', 'test/fixtures/istioctl/proxyconfig/testdata/config_dump.json'].filter((d) => existsSync(ROOT + d))
  const [base, ...clis] = measure(
    [
      {name: 'node -e 0', cmd: node, args: ['-e', '0']},
      ...dumps.map((d) => ({name: `mpx pc clusters -f ${d}`, cmd: node, args: [...mpx, 'pc', 'clusters', '-f', d]})),
      {name: 'mpx --version', cmd: node, args: [...mpx, '--version']},
    ],
    RUNS,
  )
  console.log('## start-up')
  console.log(`${fmt(base.median)}  ${base.name}`)
  for (const cli of clis) console.log(`${fmt(cli.median)}  ${cli.name}  (${(cli.median / base.median).toFixed(2)}x)`)
  console.log('goal: mpx pc clusters -f <small dump> <= 2.5x node -e 0\n')
}

if (!process.argv.includes('--skip-scale')) {
  const big = `${ROOT}bench/out/big.json`
  if (!existsSync(big)) {
    console.log(`generating ${big} (${SERVICES} services)...`)
    const r = spawnSync(node, [`${ROOT}bench/gen-dump.mjs`, '--services', String(SERVICES), '--out', big, '--quiet'], {stdio: 'inherit'})
    if (r.status !== 0) process.exit(1)
  }
  const size = statSync(big).size
  const fqdn = 'svc-42.ns-42.svc.cluster.local'
  const cases = [
    {name: 'node JSON.parse(readFileSync(f))', cmd: node, args: ['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(big)},'utf8'))`]},
    {name: `mpx pc clusters -f big.json --fqdn ${fqdn}`, cmd: node, args: [...mpx, 'pc', 'clusters', '-f', big, '--fqdn', fqdn]},
    {name: `mpx pc clusters -f big.json --fqdn ${fqdn} -o json`, cmd: node, args: [...mpx, 'pc', 'clusters', '-f', big, '--fqdn', fqdn, '-o', 'json']},
  ]
  const jq = spawnSync('jq', ['--version']).status === 0
  if (jq) {
    cases.push({
      name: 'jq (clusters whose name contains the FQDN)',
      cmd: 'jq',
      args: ['-c', `.configs[] | select(."@type" == "type.googleapis.com/envoy.admin.v3.ClustersConfigDump") | (.dynamic_active_clusters + .static_clusters)[] | select(.cluster.name | contains("${fqdn}")) | .cluster.name`, big],
    })
  }
  const runs = Math.max(3, Math.min(RUNS, 5))
  const res = measure(cases, runs)
  console.log(`## scale: ${(size / 1e6).toFixed(1)} MB dump, ${runs} runs`)
  for (const r of res) console.log(`${fmt(r.median)}  ${Number.isNaN(r.rss) ? '' : `${(r.rss / 1024).toFixed(0).padStart(5)} MiB peak RSS  `}${r.name}`)
  const [parse, cli, cliJson, jqRes] = res
  console.log(`mpx vs JSON.parse: ${(cli.median / parse.median).toFixed(2)}x (goal <= 1.5x); -o json ${(cliJson.median / parse.median).toFixed(2)}x`)
  if (jqRes) console.log(`jq vs mpx: ${(jqRes.median / cli.median).toFixed(2)}x slower (goal >= 2x)`)
  if (!Number.isNaN(cli.rss)) console.log(`mpx peak RSS / file size: ${((cli.rss * 1024) / size).toFixed(2)}x (goal <= 4x)`)
}
