/**
 * Offline commands stay light: they never load @kubernetes/client-node or undici (start-up cost), and
 * the table path never loads the proto descriptors.
 */
import {mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {ISTIOCTL, ROOT, mpx} from './helpers/cli.js'

function modulesLoadedBy(args: string[]): string {
  const trace = join(mkdtempSync(join(tmpdir(), 'mpx-trace-')), 'modules.txt')
  const r = mpx(args, {env: {NODE_OPTIONS: `--import ${ROOT}test/helpers/module-trace.mjs`, MPX_MODULE_TRACE: trace}})
  expect(r.status).toBe(0)
  return readFileSync(trace, 'utf8')
}

const DUMP = `${ISTIOCTL}proxyconfig/testdata/config_dump.json`

describe('offline start-up path', () => {
  it('the trace sees the modules a command loads (control)', () => {
    const loaded = modulesLoadedBy(['pc', 'clusters', '-f', DUMP])
    expect(loaded).toMatch(/dist\/vendor\/oclif-core\.cjs/)
    expect(loaded).toMatch(/dist\/commands\/proxy-config\/clusters\.js/)
  })
  for (const view of ['clusters', 'listeners', 'routes', 'secrets', 'all']) {
    it(`pc ${view} -f loads neither client-node, undici nor the proto descriptors`, () => {
      const loaded = modulesLoadedBy(['pc', view, '-f', DUMP])
      expect(loaded).not.toMatch(/@kubernetes\/client-node|vendor\/client-node/)
      expect(loaded).not.toMatch(/undici/)
      expect(loaded).not.toMatch(/descriptor\.json/)
    })
  }
  it('-o json loads the proto descriptors but not client-node or undici', () => {
    const loaded = modulesLoadedBy(['pc', 'clusters', '-f', DUMP, '-o', 'json'])
    expect(loaded).toMatch(/read \S+\/src\/proto\/descriptor\.json/)
    expect(loaded).not.toMatch(/@kubernetes\/client-node|vendor\/client-node|undici/)
  })
})
