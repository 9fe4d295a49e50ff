/**
 * Loading of {@link BodySource}s (file path, Buffer, or JSON value) with caching.
 */
import {readFileSync} from 'node:fs'
import type {BodySource} from './types.js'

const fileCache = new Map<string, Buffer>()
const jsonCache = new WeakMap<object, unknown>()
const bytesCache = new WeakMap<object, Buffer>()

/** Raw bytes of a source. Files are read once per process; JSON values are serialised with 1-space indent (Envoy style). */
export function sourceBytes(src: BodySource): Buffer {
  if (typeof src === 'string') {
    let b = fileCache.get(src)
    if (!b) {
      b = readFileSync(src)
      fileCache.set(src, b)
    }
    return b
  }
  if (Buffer.isBuffer(src)) return src
  if (src !== null && typeof src === 'object') {
    let b = bytesCache.get(src)
    if (!b) {
      b = Buffer.from(JSON.stringify(src, null, 1))
      bytesCache.set(src, b)
    }
    return b
  }
  return Buffer.from(JSON.stringify(src))
}

/** Parsed JSON of a source (cached per source object / file path). */
export function sourceJson(src: BodySource): unknown {
  if (src !== null && typeof src === 'object' && !Buffer.isBuffer(src)) return src
  const key: object = typeof src === 'string' ? (sourceBytes(src) as object) : (src as object)
  if (key === null || typeof key !== 'object') return src
  let v = jsonCache.get(key)
  if (v === undefined) {
    v = JSON.parse(sourceBytes(src).toString('utf8'))
    jsonCache.set(key, v)
  }
  return v
}
