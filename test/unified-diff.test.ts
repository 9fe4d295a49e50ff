/**
 * The unified-diff renderer against Python difflib (what go-difflib, and so istioctl, prints): inputs and
 * outputs in golden/proxy-status/unified-diff-python.json, written by gen-unified-diff.py beside it.
 */
import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {formatRange, unifiedDiff} from '../src/format/unified-diff.js'

const cases = JSON.parse(readFileSync(new URL('golden/proxy-status/unified-diff-python.json', import.meta.url), 'utf8')) as Array<{name: string; a: string; b: string; diff: string}>
const opts = {fromFile: 'Istiod Clusters', toFile: 'Envoy Clusters', context: 7}

describe('unifiedDiff equals difflib.unified_diff(n=7)', () => {
  it('has the cases', () => expect(cases.length).toBeGreaterThanOrEqual(8))
  for (const c of cases) {
    it(c.name, async () => {
      expect(c.diff).not.toBe('')
      expect(await unifiedDiff(c.a, c.b, opts)).toBe(c.diff)
    })
  }
})

describe('unifiedDiff', () => {
  it('is empty for equal texts, and a missing final newline does not count', async () => {
    expect(await unifiedDiff('a\nb\n', 'a\nb\n', opts)).toBe('')
    expect(await unifiedDiff('a\nb', 'a\nb\n', opts)).toBe('')
  })
  it('never prints "\\ No newline at end of file"', async () => {
    const d = await unifiedDiff('a\nb', 'a\nc', opts)
    expect(d).toBe('--- Istiod Clusters\n+++ Envoy Clusters\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n')
  })
  it('defaults to 3 lines of context', async () => {
    const a = Array.from({length: 10}, (_, i) => `${i + 1}\n`).join('')
    const d = await unifiedDiff(a, a.replace('5\n', 'five\n'), {fromFile: 'a', toFile: 'b'})
    expect(d).toBe('--- a\n+++ b\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n')
  })
})

describe('formatRange (difflib _format_range_unified)', () => {
  it('prints one line as its start, empty ranges from the line before', () => {
    expect(formatRange(3, 1)).toBe('3')
    expect(formatRange(3, 4)).toBe('3,4')
    expect(formatRange(4, 0)).toBe('3,0')
    expect(formatRange(1, 0)).toBe('0,0')
  })
})

/** A deterministic PRNG (mulberry32), so failures reproduce. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** JSON-like text: many repeated lines (`{`, `},`) and some unique ones, as config dumps are. */
function jsonish(n: number, rand: () => number): string[] {
  const out: string[] = []
  for (let i = 0; i < n; i++) {
    const r = rand()
    out.push(r < 0.3 ? '        {\n' : r < 0.6 ? '        },\n' : r < 0.8 ? `            "name": "svc-${Math.floor(rand() * n)}",\n` : `            "port": ${Math.floor(rand() * 10)},\n`)
  }
  return out
}

describe('unifiedDiff on random edits', () => {
  it('always yields a patch that turns the old text into the new one, with at most 7 context lines at hunk ends', async () => {
    const {applyPatch} = await import('diff')
    const rand = rng(42)
    for (let round = 0; round < 60; round++) {
      const a = jsonish(50 + Math.floor(rand() * 300), rand)
      const b = [...a]
      for (let e = Math.floor(rand() * 12); e >= 0; e--) {
        const at = Math.floor(rand() * (b.length + 1))
        const r = rand()
        if (r < 0.35) b.splice(at, 1 + Math.floor(rand() * 5))
        else if (r < 0.7) b.splice(at, 0, ...jsonish(1 + Math.floor(rand() * 5), rand))
        else b.splice(at, 1, `            "changed": ${round},\n`)
      }
      const [ta, tb] = [a.join(''), b.join('')]
      const d = await unifiedDiff(ta, tb, opts)
      if (ta === tb) {
        expect(d).toBe('')
        continue
      }
      expect(applyPatch(ta, d), `round ${round}`).toBe(tb)
      for (const hunk of d.split(/^@@ .* @@\n/m).slice(1)) {
        const lines = hunk.trimEnd().split('\n')
        const lead = lines.findIndex((l) => !l.startsWith(' '))
        const trail = [...lines].reverse().findIndex((l) => !l.startsWith(' '))
        expect(lead).toBeLessThanOrEqual(7)
        expect(trail).toBeLessThanOrEqual(7)
      }
    }
  })

  it('two 50,000-line texts that differ everywhere diff in seconds, not minutes', async () => {
    const rand = rng(7)
    const a = jsonish(50_000, rand)
    const b = a.map((l, i) => (i % 3 === 0 ? `            "x": ${i},\n` : l)).filter((_, i) => i % 11 !== 0)
    const t0 = performance.now()
    const d = await unifiedDiff(a.join(''), b.join(''), opts)
    const ms = performance.now() - t0
    expect(d.startsWith('--- Istiod Clusters\n+++ Envoy Clusters\n@@ ')).toBe(true)
    const {applyPatch} = await import('diff')
    expect(applyPatch(a.join(''), d)).toBe(b.join(''))
    expect(ms).toBeLessThan(10_000)
  }, 30_000)
})
