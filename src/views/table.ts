/**
 * The tables of the views: cells with control characters escaped (a resource name never reaches the
 * terminal raw), then laid out by {@link renderColumns}.
 */
import {renderColumns} from '../format/columns.js'

// C0 controls, DEL and C1 controls (ESC sequences, bells, carriage returns...)
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g
const HAS_CONTROL = /[\u0000-\u001f\u007f-\u009f]/
const NAMED: Record<string, string> = {'\n': '\\n', '\r': '\\r', '\t': '\\t'}

/** A cell with control characters written as `\n`, `\r`, `\t` or `\xNN` (Go's `%q` style). */
export function escapeCell(cell: string): string {
  return HAS_CONTROL.test(cell) ? cell.replace(CONTROL, (c) => NAMED[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`) : cell
}

/**
 * Renders a view's table: header and rows as {@link renderColumns} with `padding`, every cell escaped by
 * {@link escapeCell}.
 */
export function viewTable(rows: readonly (readonly string[])[], padding: number): string {
  return renderColumns(rows.map((row) => row.map(escapeCell)), padding)
}
