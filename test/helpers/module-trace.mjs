// Preloaded with `node --import` by tests: records every module URL the process loads (ESM resolve hook
// plus CommonJS require) into the file named by MPX_MODULE_TRACE, to prove what a command does not load.
import {register} from 'node:module'
import {appendFileSync} from 'node:fs'
import Module from 'node:module'

const out = process.env.MPX_MODULE_TRACE
if (out) {
  register('./module-trace-hooks.mjs', import.meta.url, {data: {out}})
  const load = Module._load
  Module._load = function (request, parent, isMain) {
    appendFileSync(out, `cjs ${request}\n`)
    return load.call(this, request, parent, isMain)
  }
}
