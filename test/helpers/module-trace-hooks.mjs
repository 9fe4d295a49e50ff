import {appendFileSync} from 'node:fs'

let out
export async function initialize(data) {
  out = data.out
}
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context)
  appendFileSync(out, `esm ${r.url}\n`)
  return r
}
