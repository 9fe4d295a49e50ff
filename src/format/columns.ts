/**
 * istioctl-style column tables (Go `text/tabwriter` with padchar ' ', flags 0), rendered through
 * cli-table3 with every border character empty.
 */
import Table from 'cli-table3'

const NO_BORDER = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '',
}

/**
 * Renders rows as aligned columns: every column is as wide as its widest cell plus `padding` spaces
 * (istioctl uses 5 for most tables, 1 for listeners and the bootstrap summary), left-aligned, no trailing
 * whitespace on any line. Newlines inside cells are replaced by spaces so a row stays one line.
 * @param rows header first (if any), then data rows; all rows should have the same number of cells
 * @param padding spaces after each column (the tabwriter `padding` parameter)
 * @returns the table text, each line ending in `\n`; empty string for no rows
 */
export function renderColumns(rows: readonly (readonly string[])[], padding: number): string {
  if (rows.length === 0) return ''
  if (rows.length > LARGE_TABLE_ROWS && rows.every((row) => row.every((cell) => PLAIN.test(cell)))) return plainColumns(rows, padding)
  const table = new Table({
    chars: NO_BORDER,
    style: {'padding-left': 0, 'padding-right': padding, head: [], border: [], compact: true},
    wordWrap: false,
  })
  for (const row of rows) table.push(row.map((cell) => cell.replace(/[\r\n]+/g, ' ')))
  let out = ''
  for (const line of table.toString().split('\n')) out += line.trimEnd() + '\n'
  return out
}

/**
 * Tables up to this many rows go through cli-table3. Beyond it, a table of printable-ASCII cells is laid
 * out directly (same bytes; test/columns.test.ts checks both paths agree): cli-table3 needs about 0.7 ms a
 * row, seconds for a mesh-sized proxy-status or cluster table.
 */
export const LARGE_TABLE_ROWS = 200

/** Printable ASCII only: every character is one column wide, so widths are string lengths. */
const PLAIN = /^[\x20-\x7e]*$/

/**
 * The same layout as cli-table3 produces above (each column as wide as its widest cell plus `padding`,
 * lines trimmed at the end), computed directly; only valid for printable-ASCII cells.
 * @returns the table text, each line ending in `\n`
 */
export function plainColumns(rows: readonly (readonly string[])[], padding: number): string {
  const widths: number[] = []
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length + padding)))
  let out = ''
  for (const row of rows) {
    let line = ''
    for (let i = 0; i < widths.length; i++) line += (row[i] ?? '').padEnd(widths[i]!)
    out += line.trimEnd() + '\n'
  }
  return out
}
