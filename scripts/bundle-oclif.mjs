#!/usr/bin/env node
/**
 * Bundles @oclif/core into one file, dist/vendor/oclif-core.cjs, so mpx starts without resolving and
 * compiling ~200 small CommonJS modules (about 60 ms of every start-up on Node 20, which has no
 * compile cache). mpx's commands and bin/run.js use this copy through src/cli/oclif.ts; the oclif
 * plugins (help, autocomplete) keep their own copy from node_modules.
 */
import {mkdirSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {build} from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
mkdirSync(`${root}dist/vendor`, {recursive: true})
await build({
  // only what mpx uses, so modules nothing needs at start-up are not evaluated (esbuild's CommonJS
  // wrappers run a module on its first require)
  stdin: {
    contents: `
      const lazy = (get) => ({configurable: true, enumerable: true, get})
      module.exports = {
        execute: require('@oclif/core/execute').execute,
        Command: require('@oclif/core/command').Command,
        Flags: require('@oclif/core/flags'),
        Args: require('@oclif/core/args'),
      }
      Object.defineProperties(module.exports, {
        Help: lazy(() => require('@oclif/core/help').Help),
        Config: lazy(() => require('@oclif/core/config').Config),
      })`,
    resolveDir: root,
    loader: 'js',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: `${root}dist/vendor/oclif-core.cjs`,
  // only needed by oclif's development mode (running .ts sources), never by mpx
  external: ['typescript', 'ts-node', 'tsx', 'tsx/*'],
  minify: true,
  legalComments: 'linked',
  logLevel: 'warning',
})
