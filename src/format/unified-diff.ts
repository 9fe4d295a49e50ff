/**
 * Unified diffs as istioctl prints them (pmezard/go-difflib `UnifiedDiff`, a port of Python's
 * `difflib.unified_diff`): `--- from` / `+++ to` headers without dates, hunks grouped as difflib's
 * `get_grouped_opcodes` groups them, `@@ -a,b +c,d @@` ranges with Python's rules (a range of one line is
 * just its start; an empty range starts at the line before), no `\ No newline at end of file` markers,
 * and an empty string when the texts are equal.
 *
 * Which lines match is decided differently from difflib (Ratcliff/Obershelp), so on large, heavily
 * changed inputs hunks can be cut differently from istioctl's: common prefix and suffix are matched
 * first, then lines that occur exactly once on each side are used as anchors (patience diff: in config
 * JSON, `"name": "outbound|9080||reviews…"` lines pin resources to each other), and the gaps between
 * anchors are diffed with the `diff` package (Myers), bounded so that a pathological gap costs a
 * plain replacement instead of minutes. Two 50,000-line dumps that differ everywhere diff in well under
 * a second.
 */

/** Options of {@link unifiedDiff}. */
export interface UnifiedDiffOptions {
  /** Name on the `---` line (the old text), e.g. `Istiod Clusters`. */
  fromFile: string
  /** Name on the `+++` line (the new text), e.g. `Envoy Clusters`. */
  toFile: string
  /** Unchanged lines shown around each change (istioctl: 7). Default 3, as difflib. */
  context?: number
}

/** A difflib opcode: `a[i1:i2]` becomes `b[j1:j2]`. */
export interface Opcode {
  tag: 'equal' | 'replace' | 'delete' | 'insert'
  i1: number
  i2: number
  j1: number
  j2: number
}

/** The `diff` package's array diff, injected so this module loads it only when texts differ. */
type DiffArrays = (a: string[], b: string[], o: {maxEditLength: number}) => Array<{count?: number; added?: boolean; removed?: boolean}> | undefined

/** Largest edit script the Myers step may look for in one gap (beyond it the gap is a replacement). */
const MAX_EDIT = 1500
/** Gaps with more lines than this (on both sides together) skip Myers when they have no anchors. */
const MAX_GAP = 40_000

/**
 * Formats a hunk range as difflib's `_format_range_unified`.
 * @param start 1-based first line of the range (for an empty range: the line after it)
 * @param length number of lines in the range
 * @returns `start` for one line, `start,length` otherwise, `start-1,0` for an empty range
 */
export function formatRange(start: number, length: number): string {
  if (length === 1) return String(start)
  return `${length === 0 ? start - 1 : start},${length}`
}

/** go-difflib `SplitLines`: lines with their `\n`; a text not ending in `\n` gets one on its last line. */
function splitLines(text: string): string[] {
  const lines = text.split('\n')
  const last = lines.pop()!
  const out = lines.map((l) => `${l}\n`)
  if (last !== '' || out.length === 0) out.push(`${last}\n`)
  return out
}

/**
 * Matched runs of lines between `a[aLo:aHi]` and `b[bLo:bHi]`, appended to `out` as [i, j, length] in order.
 */
function match(a: string[], b: string[], aLo: number, aHi: number, bLo: number, bHi: number, diffArrays: DiffArrays, out: number[][]): void {
  // common prefix and suffix
  let pre = 0
  while (aLo + pre < aHi && bLo + pre < bHi && a[aLo + pre] === b[bLo + pre]) pre++
  if (pre > 0) out.push([aLo, bLo, pre])
  aLo += pre
  bLo += pre
  let suf = 0
  while (aHi - suf > aLo && bHi - suf > bLo && a[aHi - suf - 1] === b[bHi - suf - 1]) suf++
  aHi -= suf
  bHi -= suf
  if (aLo < aHi && bLo < bHi) {
    const anchors = uniqueAnchors(a, b, aLo, aHi, bLo, bHi)
    if (anchors.length > 0) {
      let i = aLo
      let j = bLo
      for (const [ai, bj] of anchors) {
        match(a, b, i, ai, j, bj, diffArrays, out)
        out.push([ai, bj, 1])
        i = ai + 1
        j = bj + 1
      }
      match(a, b, i, aHi, j, bHi, diffArrays, out)
    } else if (aHi - aLo + (bHi - bLo) <= MAX_GAP) {
      myers(a, b, aLo, aHi, bLo, bHi, diffArrays, out)
    }
  }
  if (suf > 0) out.push([aHi, bHi, suf])
}

/**
 * Lines occurring exactly once in each range, paired, reduced to the longest chain increasing on both
 * sides (patience sorting), as [i, j] in order.
 */
function uniqueAnchors(a: string[], b: string[], aLo: number, aHi: number, bLo: number, bHi: number): Array<[number, number]> {
  const inA = new Map<string, number>()
  for (let i = aLo; i < aHi; i++) inA.set(a[i]!, inA.has(a[i]!) ? -1 : i)
  const inB = new Map<string, number>()
  for (let j = bLo; j < bHi; j++) {
    const line = b[j]!
    if (inA.get(line) === undefined || inA.get(line)! < 0) continue
    inB.set(line, inB.has(line) ? -1 : j)
  }
  const pairs: Array<[number, number]> = []
  for (const [line, j] of inB) if (j >= 0) pairs.push([inA.get(line)!, j])
  if (pairs.length === 0) return []
  pairs.sort((x, y) => x[0] - y[0])
  // longest increasing subsequence of j (patience sorting with back-pointers)
  const tails: number[] = []
  const prev = new Array<number>(pairs.length).fill(-1)
  for (let k = 0; k < pairs.length; k++) {
    const j = pairs[k]![1]
    let lo = 0
    let hi = tails.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (pairs[tails[mid]!]![1] < j) lo = mid + 1
      else hi = mid
    }
    if (lo > 0) prev[k] = tails[lo - 1]!
    tails[lo] = k
  }
  const chain: Array<[number, number]> = []
  for (let k = tails[tails.length - 1]!; k >= 0; k = prev[k]!) chain.push(pairs[k]!)
  return chain.reverse()
}

/** Myers (the `diff` package) on one gap; a gap needing more than MAX_EDIT edits stays unmatched. */
function myers(a: string[], b: string[], aLo: number, aHi: number, bLo: number, bHi: number, diffArrays: DiffArrays, out: number[][]): void {
  const changes = diffArrays(a.slice(aLo, aHi), b.slice(bLo, bHi), {maxEditLength: MAX_EDIT})
  if (!changes) return
  let i = aLo
  let j = bLo
  for (const c of changes) {
    const n = c.count ?? 0
    if (c.added) j += n
    else if (c.removed) i += n
    else {
      out.push([i, j, n])
      i += n
      j += n
    }
  }
}

/**
 * difflib-style opcodes for two line arrays (see the module header for how lines are matched).
 * @returns opcodes covering both arrays in order, adjacent equal runs merged
 */
export function opcodes(a: string[], b: string[], diffArrays: DiffArrays): Opcode[] {
  const runs: number[][] = []
  match(a, b, 0, a.length, 0, b.length, diffArrays, runs)
  const out: Opcode[] = []
  let i = 0
  let j = 0
  const push = (op: Opcode) => {
    const last = out[out.length - 1]
    if (last && last.tag === 'equal' && op.tag === 'equal') {
      last.i2 = op.i2
      last.j2 = op.j2
    } else out.push(op)
  }
  for (const [ai, bj, n] of [...runs, [a.length, b.length, 0]] as Array<[number, number, number]>) {
    if (i < ai && j < bj) push({tag: 'replace', i1: i, i2: ai, j1: j, j2: bj})
    else if (i < ai) push({tag: 'delete', i1: i, i2: ai, j1: j, j2: j})
    else if (j < bj) push({tag: 'insert', i1: i, i2: i, j1: j, j2: bj})
    if (n > 0) push({tag: 'equal', i1: ai, i2: ai + n, j1: bj, j2: bj + n})
    i = ai + n
    j = bj + n
  }
  return out
}

/** difflib `SequenceMatcher.get_grouped_opcodes(n)`: the opcodes of each hunk, with n lines of context. */
export function groupOpcodes(codes: Opcode[], n: number): Opcode[][] {
  if (codes.length === 0) codes = [{tag: 'equal', i1: 0, i2: 1, j1: 0, j2: 1}]
  codes = codes.map((c) => ({...c}))
  const first = codes[0]!
  if (first.tag === 'equal') {
    first.i1 = Math.max(first.i1, first.i2 - n)
    first.j1 = Math.max(first.j1, first.j2 - n)
  }
  const last = codes[codes.length - 1]!
  if (last.tag === 'equal') {
    last.i2 = Math.min(last.i2, last.i1 + n)
    last.j2 = Math.min(last.j2, last.j1 + n)
  }
  const groups: Opcode[][] = []
  let group: Opcode[] = []
  for (const c of codes) {
    let {i1, j1} = c
    if (c.tag === 'equal' && c.i2 - i1 > 2 * n) {
      group.push({tag: 'equal', i1, i2: Math.min(c.i2, i1 + n), j1, j2: Math.min(c.j2, j1 + n)})
      groups.push(group)
      group = []
      i1 = Math.max(i1, c.i2 - n)
      j1 = Math.max(j1, c.j2 - n)
    }
    group.push({tag: c.tag, i1, i2: c.i2, j1, j2: c.j2})
  }
  if (group.length > 0 && !(group.length === 1 && group[0]!.tag === 'equal')) groups.push(group)
  return groups
}

/**
 * Returns the unified diff of two texts, or `''` when they are equal.
 * Lines are compared with their line ends; a text that does not end in `\n` is treated as if it did
 * (go-difflib `SplitLines` appends one to the last line).
 * @param a the old text (`-` lines)
 * @param b the new text (`+` lines)
 * @returns the diff text, each line ending in `\n`
 */
export async function unifiedDiff(a: string, b: string, o: UnifiedDiffOptions): Promise<string> {
  const A = splitLines(a)
  const B = splitLines(b)
  if (A.length === B.length && A.every((line, i) => line === B[i])) return ''
  const {diffArrays} = await import('diff')
  const groups = groupOpcodes(opcodes(A, B, diffArrays as unknown as DiffArrays), o.context ?? 3)
  const out: string[] = [`--- ${o.fromFile}\n`, `+++ ${o.toFile}\n`]
  for (const g of groups) {
    const f = g[0]!
    const l = g[g.length - 1]!
    out.push(`@@ -${formatRange(f.i1 + 1, l.i2 - f.i1)} +${formatRange(f.j1 + 1, l.j2 - f.j1)} @@\n`)
    for (const c of g) {
      if (c.tag === 'equal') {
        for (let i = c.i1; i < c.i2; i++) out.push(` ${A[i]}`)
        continue
      }
      for (let i = c.i1; i < c.i2; i++) out.push(`-${A[i]}`)
      for (let j = c.j1; j < c.j2; j++) out.push(`+${B[j]}`)
    }
  }
  return out.join('')
}
