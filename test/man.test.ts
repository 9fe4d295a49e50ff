/**
 * man/ is generated from the command definitions and checked in: it must be current.
 */
import {spawnSync} from 'node:child_process'
import {readdirSync, readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {ROOT} from './helpers/cli.js'

describe('man pages', () => {
  it('are current (npm run gen:man regenerates them)', () => {
    const r = spawnSync(process.execPath, [`${ROOT}scripts/gen-man.mjs`, '--check'], {encoding: 'utf8'})
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
  })
  it('exist for every command of the manifest, with its flags and examples', () => {
    const manifest = JSON.parse(readFileSync(`${ROOT}oclif.manifest.json`, 'utf8'))
    const pages = new Set(readdirSync(`${ROOT}man`))
    for (const id of Object.keys(manifest.commands)) {
      const page = `mpx-${id.replaceAll(':', '-')}.1`
      expect(pages.has(page), page).toBe(true)
      const text = readFileSync(`${ROOT}man/${page}`, 'utf8')
      expect(text).toMatch(/^\.TH "MPX\\-/m)
      for (const flag of Object.keys(manifest.commands[id].flags)) expect(text, `${page} --${flag}`).toContain(`\\-\\-${flag.replaceAll("-", "\\-")}`)
    }
  })
  it('npm install -g installs every page mpx(1) names in SEE ALSO, and each states its exit codes', () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8'))
    const index = readFileSync(`${ROOT}man/mpx.1`, 'utf8')
    const seeAlso = index.slice(index.indexOf('SEE ALSO'))
    const named = [...seeAlso.matchAll(/(mpx\\-[a-z\\-]+)\(1\)/g)].map((m) => `./man/${m[1].replaceAll('\\-', '-')}.1`)
    expect(named.length).toBeGreaterThan(10)
    for (const page of named) expect(pkg.man, page).toContain(page)
    expect(readFileSync(`${ROOT}man/mpx-check.1`, 'utf8')).toMatch(/2 on a tool error/)
    expect(readFileSync(`${ROOT}man/mpx-dump.1`, 'utf8')).toMatch(/130 when interrupted/)
  })
})
