/**
 * Reading the documents mpx works on (Envoy admin answers saved to files, or piped on stdin) and
 * turning them into plain JSON values, with one-line errors that say what is wrong and what to do.
 */
import {readFileSync, statSync} from 'node:fs'
import {InputError} from '../errors.js'

/** A parsed input document: the value and where it came from (for messages). */
export interface InputDocument {
  /** The parsed JSON (or YAML) value. */
  value: unknown
  /** `stdin` or the file path as the user gave it. */
  source: string
  /** Size of the text in bytes (UTF-8). */
  bytes: number
}

/**
 * Reads a file (or stdin when `path` is `-`) as UTF-8 text.
 * @throws InputError when the file is missing, unreadable, a directory, or empty
 */
export function readText(path: string): {text: string; source: string} {
  const source = path === '-' ? 'stdin' : path
  let text: string
  try {
    if (path !== '-' && statSync(path).isDirectory()) {
      throw new InputError(`"${path}" is a directory: give the path of a saved config dump file`, 'IS_DIRECTORY')
    }
    text = readFileSync(path === '-' ? 0 : path, 'utf8')
  } catch (error) {
    if (error instanceof InputError) throw error
    const code = (error as NodeJS.ErrnoException).code
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : ((error as Error).message ?? String(error))
    throw new InputError(`cannot read ${path === '-' ? 'stdin' : `"${path}"`}: ${why}`, 'UNREADABLE')
  }
  if (text.trim() === '') {
    throw new InputError(`${source === 'stdin' ? 'stdin' : `"${source}"`} is empty: expected an Envoy config dump (JSON or YAML)`, 'EMPTY')
  }
  return {text, source}
}

/**
 * Parses JSON, or YAML when the text does not start like JSON (`{`/`[`).
 * Envoy's admin API answers JSON; YAML is accepted for hand-written inputs (e.g. a RouteConfiguration).
 * @returns the parsed value
 * @throws InputError naming the line of a JSON syntax error, and "truncated" for an early end of input
 */
export async function parseDocumentText(text: string, source: string): Promise<unknown> {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1) // a UTF-8 byte order mark
  const start = text.search(/\S/)
  const first = text[start]
  const where = source === 'stdin' ? 'stdin' : `"${source}"`
  if (first === '{' || first === '[') {
    try {
      return JSON.parse(text)
    } catch (error) {
      throw new InputError(`${where} is not valid JSON: ${describeJsonError(text, error as Error)}`, 'BAD_JSON')
    }
  }
  const {parse} = await import('yaml')
  let value: unknown
  try {
    value = parse(text, {maxAliasCount: 100, prettyErrors: false})
  } catch (error) {
    const msg = ((error as Error).message ?? '').split('\n')[0]
    throw new InputError(`${where} is neither JSON nor YAML: ${msg}`, 'BAD_YAML')
  }
  if (value === null || typeof value !== 'object') {
    throw new InputError(`${where} is neither JSON nor YAML describing an object: expected an Envoy config dump`, 'NOT_OBJECT')
  }
  return value
}

/** Reads and parses a document; see {@link readText} and {@link parseDocumentText}. */
export async function readDocument(path: string): Promise<InputDocument> {
  const {text, source} = readText(path)
  const value = await parseDocumentText(text, source)
  // computed on demand: measuring a 100 MB text costs tens of milliseconds nobody needs by default
  return {
    value,
    source,
    get bytes() {
      return Buffer.byteLength(text)
    },
  }
}

/** Turns V8's JSON.parse message into `<reason> at line L column C` (and says "truncated?" at the end). */
function describeJsonError(text: string, error: Error): string {
  const message = error.message ?? String(error)
  if (/Unexpected end of JSON input|Unterminated string/i.test(message)) {
    return 'the text ends too early (truncated download or partial copy?)'
  }
  const m = /position (\d+)/.exec(message)
  if (!m) return message
  const pos = Number(m[1])
  if (pos >= text.trimEnd().length) return 'the text ends too early (truncated download or partial copy?)'
  let line = 1
  let lineStart = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) {
    line++
    lineStart = i + 1
  }
  const reason = message.replace(/\s+/g, ' ').replace(/\s*(in JSON )?at position \d+.*$/, '').replace(/^SyntaxError: /, '')
  return `${reason} at line ${line} column ${pos - lineStart + 1}`
}
