/**
 * Where mpx's own files are at run time, wherever the module asking sits (source under `src/`, compiled
 * or bundled under `dist/`): the package root is the nearest directory above holding mpx's package.json.
 */
import {existsSync, readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

let root: string | undefined

/** The mpx package root (absolute path). @throws Error when no mpx package.json is found above */
export function packageRoot(): string {
  if (root) return root
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json')
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as {name?: string}).name === 'mpx') return (root = dir)
    if (dirname(dir) === dir) throw new Error('cannot find the mpx package root')
  }
}
