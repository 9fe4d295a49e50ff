/**
 * Golden files under test/golden/: compared whole; `UPDATE_GOLDEN=1 npx vitest run ...` rewrites them
 * (then review every diff by hand before committing).
 */
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname} from 'node:path'
import {expect} from 'vitest'
import {ROOT} from './cli.js'

/** Compares `actual` with `test/golden/<name>` (or writes it with UPDATE_GOLDEN=1). */
export function expectGolden(name: string, actual: string): void {
  const path = `${ROOT}test/golden/${name}`
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
    if (process.env.UPDATE_GOLDEN !== '1' && process.env.CI) throw new Error(`missing golden file ${name}`)
    mkdirSync(dirname(path), {recursive: true})
    writeFileSync(path, actual)
    return
  }
  expect(actual, `golden ${name}`).toBe(readFileSync(path, 'utf8'))
}
