/**
 * Bad input and bad usage: one `Error: ` line on stderr, nothing on stdout, exit 1 (64 for usage), no
 * stack trace unless --debug.
 */
import {chmodSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {ISTIOCTL, mpx} from './helpers/cli.js'

const dir = mkdtempSync(join(tmpdir(), 'mpx-errors-'))
const file = (name: string, text: string) => {
  const p = join(dir, name)
  writeFileSync(p, text)
  return p
}
const DUMP = `${ISTIOCTL}proxyconfig/testdata/config_dump.json`
const ROUTES_ONLY = `${ISTIOCTL}writer/envoy/configdump/testdata/routes/empty-gateway/configdump.json`

function expectError(args: string[], message: string | RegExp, exit = 1, input?: string) {
  const r = mpx(args, {input})
  expect(r.stdout).toBe('')
  expect(r.status).toBe(exit)
  const lines = r.stderr.trimEnd().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/^Error: /)
  if (typeof message === 'string') expect(lines[0]).toBe(`Error: ${message}`)
  else expect(lines[0]).toMatch(message)
}

describe('bad input files', () => {
  it('missing file', () => expectError(['pc', 'clusters', '-f', join(dir, 'nope.json')], `cannot read "${join(dir, 'nope.json')}": no such file`))
  it('unreadable file', () => {
    const p = file('secret.json', '{}')
    chmodSync(p, 0o000)
    const r = mpx(['pc', 'clusters', '-f', p])
    // root can read anything; only assert when the permission really applies
    if (r.status !== 0 && process.getuid?.() !== 0) expect(r.stderr).toBe(`Error: cannot read "${p}": permission denied\n`)
    chmodSync(p, 0o600)
  })
  it('a directory that is not a bundle', () => expectError(['pc', 'clusters', '-f', dir], `bundle "${dir}" has no config_dump.json: was it written by mpx dump?`))
  it('a .tar.gz that is not a bundle', () => {
    const p = join(dir, 'junk.tar.gz')
    writeFileSync(p, Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from(' not really gzip')]))
    expectError(['pc', 'clusters', '-f', p], /^Error: cannot read bundle ".*junk\.tar\.gz": .* \(is it a \.tar\.gz written by mpx dump\?\)$/)
  })
  it('empty file', () => expectError(['pc', 'clusters', '-f', file('empty.json', '  \n')], /is empty: expected an Envoy config dump \(JSON or YAML\)$/))
  it('empty stdin', () => expectError(['pc', 'clusters', '-f', '-'], 'stdin is empty: expected an Envoy config dump (JSON or YAML)', 1, ''))
  it('neither JSON nor YAML', () => expectError(['pc', 'clusters', '-f', file('text.txt', 'key: [unclosed\n  - x: :\n')], /is neither JSON nor YAML/))
  it('plain text is not a dump', () => expectError(['pc', 'clusters', '-f', file('plain.txt', 'hello world\n')], /is neither JSON nor YAML describing an object/))
  it('truncated JSON', () => {
    const text = readFileSync(DUMP, 'utf8')
    expectError(['pc', 'clusters', '-f', file('cut.json', text.slice(0, 5000))], /is not valid JSON: the text ends too early \(truncated download or partial copy\?\)$/)
  })
  it('JSON syntax error names the line', () =>
    expectError(['pc', 'clusters', '-f', file('bad.json', '{\n  "configs": [\n    {"a": 1,,}\n  ]\n}\n')], /is not valid JSON: .* at line 3 column \d+$/))
  it('a /clusters answer given to pc clusters names the right command', () =>
    expectError(['pc', 'clusters', '-f', file('clusters.json', '{"cluster_statuses": []}')], /is an Envoy \/clusters\?format=json answer: read it with `mpx proxy-config endpoints --file`$/))
  it('a config dump given to pc endpoints names pc eds', () =>
    expectError(['pc', 'endpoints', '-f', DUMP], /is a config dump, not a \/clusters\?format=json answer: use `mpx proxy-config eds --file`/))
  it('JSON that is not a config dump', () =>
    expectError(['pc', 'listeners', '-f', file('other.json', '{"kind": "Pod"}')], /is not an Envoy config dump: no "configs" list/))
  it('a JSON list (an mpx -o json view) is not a dump', () => expectError(['pc', 'listeners', '-f', file('list.json', '[{"name": "x"}]')], /is a JSON list, not an Envoy config dump/))
  it('a dump without the needed section names it', () =>
    expectError(['pc', 'listeners', '-f', ROUTES_ONLY], 'config dump has no ListenersConfigDump section: save a full /config_dump (no mask or resource filter)'))
  it('a dump without clusters at all: istioctl message', () =>
    expectError(['pc', 'clusters', '-f', file('noclusters.json', '{"configs":[{"@type":"type.googleapis.com/envoy.admin.v3.ClustersConfigDump"}]}')], 'no clusters found'))
  it('no resources after filtering', () => expectError(['pc', 'clusters', '-f', DUMP, '--fqdn', 'nothing-like-this'], 'no clusters found matching --fqdn=nothing-like-this'))
  it('no listeners after filtering', () => expectError(['pc', 'listeners', '-f', DUMP, '--port', '9999'], 'no listeners found matching --port=9999'))
  it('no routes after filtering', () => expectError(['pc', 'routes', '-f', DUMP, '--name', 'x'], 'no route configurations found matching --name=x'))
})

describe('bad usage (exit 64)', () => {
  it('unknown -o value', () => expectError(['pc', 'clusters', '-f', DUMP, '-o', 'xml'], 'output format "xml" not supported: use one of short, json, yaml, raw', 64))
  it('bad --port', () => expectError(['pc', 'clusters', '-f', DUMP, '--port', 'abc'], '--port: Expected an integer but received: abc (see --help)', 64))
  it('out-of-range --port', () => expectError(['pc', 'listeners', '-f', DUMP, '--port', '70000'], /^Error: --port: Expected an integer less than or equal to 65535/, 64))
  it('neither pod nor --file', () =>
    expectError(['pc', 'routes'], 'routes requires a pod name, --selector or --file (exactly one of them): see mpx proxy-config routes --help', 64))
  it('both pod and --file', () => expectError(['pc', 'routes', 'productpage', '-f', DUMP], /requires a pod name, --selector or --file \(exactly one of them\)/, 64))
  it('unknown flag', () => expectError(['pc', 'clusters', '-f', DUMP, '--bogus'], /--bogus/, 64))
  it('unknown subcommand', () => expectError(['pc', 'nope'], 'unknown command "pc nope" (see mpx pc --help)', 64))
})

describe('--debug', () => {
  it('adds a stack trace after the error line', () => {
    const r = mpx(['pc', 'listeners', '-f', ROUTES_ONLY, '--debug'])
    expect(r.status).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr.split('\n')[0]).toBe('Error: config dump has no ListenersConfigDump section: save a full /config_dump (no mask or resource filter)')
    expect(r.stderr).toMatch(/\n\s+at .*dist\/(chunks|commands)\/.*\.js/)
  })
})
