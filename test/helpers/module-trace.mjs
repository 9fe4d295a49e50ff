// Preloaded with `node --import` by tests: records every module URL the process loads (ESM resolve hook
// plus CommonJS require) and every file it reads with fs.readFileSync into the file named by
// MPX_MODULE_TRACE, to prove what a command does not load.
import {register, syncBuiltinESMExports} from 'node:module'
import fs, {appendFileSync} from 'node:fs'
import Module from 'node:module'

const out = process.env.MPX_MODULE_TRACE
if (out) {
  register('./module-trace-hooks.mjs', import.meta.url, {data: {out}})
  // file reads too (the bundled commands read data files such as the proto descriptors)
  const readFileSync = fs.readFileSync
  fs.readFileSync = function (path, ...rest) {
    if (typeof path === 'string' || path instanceof URL) appendFileSync(out, `read ${path}\n`)
    return readFileSync.call(this, path, ...rest)
  }
  syncBuiltinESMExports()
  const load = Module._load
  Module._load = function (request, parent, isMain) {
    appendFileSync(out, `cjs ${request}\n`)
    return load.call(this, request, parent, isMain)
  }
}
