#!/usr/bin/env node
/**
 * Generates roff man pages (man/mpx.1 and one page per command) from the oclif manifest, i.e. from the
 * command definitions themselves (summary, description, arguments, flags, aliases, examples), through
 * marked + marked-man (ronn-style Markdown to roff).
 *
 *   node scripts/gen-man.mjs            write man/
 *   node scripts/gen-man.mjs --check    exit 1 and list the pages that differ (used by the tests)
 *
 * Needs oclif.manifest.json (written by `npm run build`).
 */
import {existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {Marked} from 'marked'
import markedMan from 'marked-man'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
/** Fixed page date, so pages only change when the commands do. */
const MAN_DATE = '2026-11-21'

const esc = (s) => String(s ?? '').replace(/([\\`*_{}[\]<>#|])/g, '\\$1')
const pageName = (id) => `mpx-${id.replaceAll(':', '-')}`
const shown = (id) => id.replaceAll(':', ' ')

function flagLine(name, f) {
  const short = f.char ? `-${f.char}, ` : ''
  const value = f.type === 'option' ? ` ${f.helpValue ?? '<value>'}` : ''
  const neg = f.allowNo ? `, --no-${name}` : ''
  let text = f.summary ?? f.description ?? ''
  if (f.default !== undefined && f.default !== false) text += ` Default: ${Array.isArray(f.default) ? f.default.join(',') : f.default}.`
  if (f.options) text += ` One of: ${f.options.join(', ')}.`
  return `* \`${short}--${name}${value}${neg}\`:\n  ${esc(text.trim())}\n`
}

const SIGNALS = '130 when interrupted by Ctrl-C (SIGINT), 143 on SIGTERM; nothing partial is left behind.'
/** Analysis commands exit like diff(1): a finding is not a failure of the tool. */
const ANALYSIS = new Set(['check', 'trace', 'diff', 'test', 'wait'])
/** The EXIT STATUS section of a command (what src/errors.ts ExitCode and the command's run path give). */
function exitStatus(id) {
  if (ANALYSIS.has(id)) return `0 when all is well, 1 when a problem was found, 2 on a tool error (bad input, unreachable pod), 64 on a usage error; ${SIGNALS}`
  if (id === 'proxy-status') return `0 on success, even when a proxy differs or is stale (as istioctl), unless --exit-code; 1 on failure; 64 on a usage error; ${SIGNALS}`
  return `0 on success, 1 on failure (with -l: some pod failed; the others are still printed), 64 on a usage error; ${SIGNALS}`
}

/** Markdown (ronn format) of one command's page. */
function commandMarkdown(cmd, bin) {
  const args = Object.values(cmd.args ?? {})
  const usage = [`${bin} ${shown(cmd.id)}`, ...args.map((a) => (a.required ? `<${a.name}>` : `[<${a.name}>]`)), '[flags]'].join(' ')
  let md = `# ${pageName(cmd.id)}(1) -- ${esc(cmd.summary ?? '')}\n\n## SYNOPSIS\n\n\`${usage}\`\n\n`
  if (cmd.description) md += `## DESCRIPTION\n\n${esc(cmd.description)}\n\n`
  if (args.length) md += `## ARGUMENTS\n\n${args.map((a) => `* \`${a.name}\`:\n  ${esc(a.description ?? '')}\n`).join('\n')}\n`
  const flags = Object.entries(cmd.flags ?? {}).filter(([, f]) => !f.hidden)
  const local = flags.filter(([, f]) => f.helpGroup !== 'GLOBAL').sort(([a], [b]) => a.localeCompare(b))
  const global = flags.filter(([, f]) => f.helpGroup === 'GLOBAL').sort(([a], [b]) => a.localeCompare(b))
  if (local.length) md += `## OPTIONS\n\n${local.map(([n, f]) => flagLine(n, f)).join('\n')}\n`
  if (global.length) md += `## GLOBAL OPTIONS\n\n${global.map(([n, f]) => flagLine(n, f)).join('\n')}\n`
  if (cmd.aliases?.length) md += `## ALIASES\n\n${cmd.aliases.map((a) => `\`${bin} ${shown(a)}\``).join(', ')}\n\n`
  const examples = (cmd.examples ?? []).map((e) => (typeof e === 'string' ? e : e.command).replaceAll('<%= config.bin %>', bin))
  if (examples.length) md += `## EXAMPLES\n\n${examples.map((e) => `    ${e}`).join('\n\n')}\n\n`
  md += `## EXIT STATUS\n\n${esc(exitStatus(cmd.id))}\n\n## SEE ALSO\n\n${bin}(1)\n`
  return md
}

/** Markdown of the index page mpx(1). */
function indexMarkdown(cmds, pkg) {
  let md = `# mpx(1) -- ${esc(pkg.description)}\n\n## SYNOPSIS\n\n\`mpx <command> [<args>] [flags]\`\n\n`
  md += `## DESCRIPTION\n\nmpx reads the Envoy configuration of Istio sidecars (admin /config\\_dump and /clusters, from a pod or a saved file) and prints it as istioctl proxy-config does, plus what istioctl does not do.\n\n## COMMANDS\n\n`
  md += cmds.map((c) => `* \`mpx ${shown(c.id)}\`:\n  ${esc(c.summary ?? '')} See ${pageName(c.id)}(1).\n`).join('\n')
  md += `\n## EXIT STATUS\n\n0 on success, 1 on failure, 64 on a usage error; the analysis commands (${[...ANALYSIS].filter((a) => cmds.some((c) => c.id === a)).join(', ')}) exit 0 when all is well, 1 when they found a problem and 2 on a tool error. ${esc(SIGNALS)}\n\n## SEE ALSO\n\n${cmds.map((c) => `${pageName(c.id)}(1)`).join(', ')}\n`
  return md
}

/**
 * Renders every page.
 * @returns Map of file name (e.g. `mpx-proxy-config-clusters.1`) to roff text
 */
export function renderManPages() {
  const manifest = JSON.parse(readFileSync(`${ROOT}oclif.manifest.json`, 'utf8'))
  const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8'))
  const cmds = Object.values(manifest.commands).filter((c) => !c.hidden).sort((a, b) => a.id.localeCompare(b.id))
  const marked = new Marked(markedMan)
  const opts = {manVersion: pkg.version, manual: 'mpx manual', date: MAN_DATE}
  const pages = new Map()
  pages.set('mpx.1', marked.parse(indexMarkdown(cmds, pkg), opts))
  for (const c of cmds) pages.set(`${pageName(c.id)}.1`, marked.parse(commandMarkdown(c, 'mpx'), opts))
  return pages
}

const pkg = () => JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8'))
/** package.json `man`: every page, mpx.1 first. */
const manList = (pages) => [...pages.keys()].sort((a, b) => (a === 'mpx.1' ? -1 : b === 'mpx.1' ? 1 : a.localeCompare(b))).map((f) => `./man/${f}`)

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const pages = renderManPages()
  const dir = `${ROOT}man/`
  if (process.argv.includes('--check')) {
    const existing = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.1')) : []
    const stale = [...pages].filter(([f, t]) => !existsSync(dir + f) || readFileSync(dir + f, 'utf8') !== t).map(([f]) => f)
    const extra = existing.filter((f) => !pages.has(f))
    const listed = JSON.stringify(pkg().man)
    if (stale.length || extra.length || listed !== JSON.stringify(manList(pages))) {
      console.error(`man pages are stale: ${[...stale, ...extra, ...(listed !== JSON.stringify(manList(pages)) ? ['package.json "man"'] : [])].join(', ')}; run npm run gen:man`)
      process.exit(1)
    }
  } else {
    mkdirSync(dir, {recursive: true})
    for (const f of readdirSync(dir)) if (f.endsWith('.1') && !pages.has(f)) rmSync(dir + f)
    for (const [f, t] of pages) writeFileSync(dir + f, t)
    // npm install -g installs the pages package.json lists: every page SEE ALSO names
    const p = pkg()
    p.man = manList(pages)
    writeFileSync(`${ROOT}package.json`, `${JSON.stringify(p, null, 2)}\n`)
    console.log(`wrote ${pages.size} man pages to man/`)
  }
}
