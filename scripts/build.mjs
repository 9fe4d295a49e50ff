#!/usr/bin/env node
/**
 * Builds dist/ for fast start-up (Node 20 has no compile cache, so every module file costs):
 * - dist/vendor/oclif-core.cjs: @oclif/core in one file (scripts/bundle-oclif.mjs);
 * - dist/vendor/client-node.js: the parts of @kubernetes/client-node mpx uses, in one file
 *   (scripts/bundle-client-node.mjs), imported lazily by the cluster commands;
 * - dist/commands/**.js and dist/src/cli/{oclif,hooks/*}.js: the entry points oclif loads, each bundled
 *   by esbuild into one file, so a command loads one file instead of ~30. Heavy or rarely used packages
 *   stay external and are imported lazily by the code (client-node, undici, yaml, diff, tar); cli-table3
 *   is bundled because every table needs it.
 * Type checking is `tsc --noEmit` (run by `npm run build` before this script).
 */
import {readdirSync, rmSync} from 'node:fs'
import {join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'
import {build} from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
const walk = (dir) =>
  readdirSync(join(root, dir), {withFileTypes: true}).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  )

for (const d of ['commands', 'src', 'chunks', 'vendor']) rmSync(join(root, 'dist', d), {recursive: true, force: true})
await import('./bundle-oclif.mjs')
await import('./bundle-client-node.mjs')

const entryPoints = [...walk('commands'), ...walk('src/cli/hooks'), 'src/cli/oclif.ts'].map((p) => join(root, p))
await build({
  entryPoints,
  outdir: join(root, 'dist'),
  outbase: root,
  bundle: true,
  // no code splitting: a command is one file (lazily-evaluated parts included), which starts faster
  // than the same code spread over a dozen shared chunks
  splitting: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // smaller files parse faster; identifiers are kept so --debug stack traces stay readable
  minifyWhitespace: true,
  minifySyntax: true,
  external: ['@oclif/*', '@kubernetes/*', 'undici', 'yaml', 'diff', 'tar', 'ws'],
  // bundled CommonJS (cli-table3) may require Node built-ins
  banner: {js: "import {createRequire as __mpxCreateRequire} from 'node:module'; const require = __mpxCreateRequire(import.meta.url);"},
  logLevel: 'warning',
})
console.log(`built ${entryPoints.length} entry points: ${entryPoints.map((p) => relative(root, p)).join(', ')}`)
