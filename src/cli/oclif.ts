/**
 * The oclif API mpx's commands use, loaded from the single-file bundle `dist/vendor/oclif-core.cjs`
 * (built by scripts/bundle-oclif.mjs) when present, else from node_modules. Same API, same types;
 * the bundle only saves start-up time.
 */
import {existsSync} from 'node:fs'
import {createRequire} from 'node:module'
import {join} from 'node:path'
import type * as Oclif from '@oclif/core'
import {packageRoot} from '../paths.js'

const requireCjs = createRequire(import.meta.url)
const bundle = join(packageRoot(), 'dist/vendor/oclif-core.cjs')
const core: typeof Oclif = existsSync(bundle) ? requireCjs(bundle) : requireCjs('@oclif/core')

export const {Command, Flags, Args, Help, execute} = core
export type {Hook, Interfaces} from '@oclif/core'
