/**
 * The table writer: cli-table3 for ordinary tables, a direct layout for large ASCII tables; both must
 * produce the same bytes (istioctl's tabwriter layout without trailing whitespace).
 */
import {describe, expect, it} from 'vitest'
import {LARGE_TABLE_ROWS, plainColumns, renderColumns} from '../src/format/columns.js'

const rows = [
  ['NAME', 'CLUSTER', 'CDS', 'VERSION'],
  ['productpage-v1-76474f6fb7-pmglr.default', 'Kubernetes', 'SYNCED (5m3s)', '1.28.2'],
  ['reviews-v1-5b7f94f9bc-wp5tb.default', 'Kubernetes', 'STALE (Never Acknowledged)', ''],
  ['', '', '', 'x'],
]

describe('renderColumns', () => {
  it('pads each column to its widest cell plus the padding, and trims line ends', () => {
    expect(renderColumns(rows, 5)).toBe(
      'NAME                                        CLUSTER        CDS                            VERSION\n' +
      'productpage-v1-76474f6fb7-pmglr.default     Kubernetes     SYNCED (5m3s)                  1.28.2\n' +
      'reviews-v1-5b7f94f9bc-wp5tb.default         Kubernetes     STALE (Never Acknowledged)\n' +
      '                                                                                          x\n',
    )
  })
  it('the direct layout equals cli-table3 for ASCII tables (padding 1 and 5)', () => {
    for (const padding of [1, 5]) expect(plainColumns(rows, padding)).toBe(renderColumns(rows, padding))
  })
  it('large ASCII tables take the direct layout, with the same bytes', () => {
    const big = [rows[0], ...Array.from({length: LARGE_TABLE_ROWS + 1}, (_, i) => [`pod-${i}.ns`, 'Kubernetes', i % 3 ? 'SYNCED' : 'NOT SENT', '1.28'])]
    const viaTable = renderColumns(big.slice(0, LARGE_TABLE_ROWS), 5)
    expect(renderColumns(big, 5).startsWith(viaTable.split('\n').slice(0, 2).join('\n'))).toBe(true)
    expect(renderColumns(big, 5)).toBe(plainColumns(big, 5))
  })
  it('wide characters keep their display width (cli-table3 path)', () => {
    expect(renderColumns([['名前', 'x'], ['ab', 'y']], 1)).toBe('名前 x\nab   y\n')
  })
  it('newlines inside a cell do not break the row', () => {
    expect(renderColumns([['a\nb', 'c']], 1)).toBe('a b c\n')
  })
})
