#!/usr/bin/env node
import {execute} from '../dist/src/cli/oclif.js'

// mpx has no user-installed or dev plugins: skip looking for them (start-up time)
await execute({dir: import.meta.url, loadOptions: {root: new URL('..', import.meta.url).pathname, userPlugins: false, devPlugins: false}})
