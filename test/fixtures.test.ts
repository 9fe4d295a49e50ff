/**
 * The vendored test data (test/fixtures/) must equal the shared fixtures (`../shared/fixtures/`) wherever
 * those exist: the copy lets a lone clone pass its tests, and this test keeps it from drifting.
 */
import {existsSync, readFileSync, readdirSync} from 'node:fs'
import {join, relative} from 'node:path'
import {describe, expect, it} from 'vitest'
import {FIXTURES, SHARED_FIXTURES} from './helpers/cli.js'

/** Every file under `dir`, as paths relative to it, sorted. */
function files(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string): void => {
    for (const e of readdirSync(d, {withFileTypes: true})) {
      if (e.isDirectory()) walk(join(d, e.name))
      else out.push(relative(dir, join(d, e.name)))
    }
  }
  walk(dir)
  return out.sort()
}

describe('vendored fixtures', () => {
  it('carry their provenance and licence', () => {
    const notice = readFileSync(join(FIXTURES, 'NOTICE'), 'utf8')
    expect(notice).toContain('Apache License, Version 2.0')
    expect(notice).toContain('86c9f01fd735fb01d8192f5bcaf0d424afb7f14c')
    expect(files(FIXTURES)).toContain('istioctl/README.md')
  })

  it.skipIf(!existsSync(SHARED_FIXTURES))('equal ../shared/fixtures file for file, byte for byte', () => {
    const shared = files(SHARED_FIXTURES)
    const vendored = files(FIXTURES).filter((f) => f !== 'NOTICE')
    expect(vendored).toEqual(shared)
    for (const f of shared) {
      expect(readFileSync(join(FIXTURES, f)).equals(readFileSync(join(SHARED_FIXTURES, f))), f).toBe(true)
    }
  })
})
