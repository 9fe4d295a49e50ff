/**
 * Progress on stderr only when it is a terminal, and never with --quiet (src/progress.ts).
 */
import {afterEach, describe, expect, it} from 'vitest'
import {formatBytes, notesEnabled, progressLine, setQuiet} from '../src/progress.js'

/** A stand-in for process.stderr recording what is written. */
function fakeStream(isTTY: boolean): NodeJS.WriteStream & {text: string} {
  const s = {isTTY, columns: 40, text: '', write(chunk: string) { s.text += chunk; return true }}
  return s as unknown as NodeJS.WriteStream & {text: string}
}

afterEach(() => setQuiet(false))

describe('progress line', () => {
  it('draws on a terminal, in place, and erases itself when done', () => {
    const s = fakeStream(true)
    const p = progressLine(s)
    p.update('productpage-v1.default: 12.0 MB of 130 MB')
    p.done()
    expect(s.text).toBe('\r\x1b[2Kproductpage-v1.default: 12.0 MB of 130 \r\x1b[2K')
  })
  it('writes nothing when stderr is not a terminal', () => {
    const s = fakeStream(false)
    const p = progressLine(s)
    p.update('3 of 50 pods done')
    p.done()
    expect(s.text).toBe('')
  })
  it('writes nothing with --quiet, and notes are off', () => {
    setQuiet(true)
    const s = fakeStream(true)
    progressLine(s).update('x')
    expect(s.text).toBe('')
    expect(notesEnabled()).toBe(false)
  })
  it('sizes in decimal units', () => {
    expect([formatBytes(999), formatBytes(1500), formatBytes(130_000_000), formatBytes(2.5e9)]).toEqual(['999 B', '1.5 kB', '130 MB', '2.5 GB'])
  })
})
