/**
 * Every row of test/fixtures/istioctl/README.md (vendored from ../shared): mpx run on istioctl's own test inputs must print
 * istioctl's expected outputs (tables line by line after trimming trailing whitespace; JSON and YAML as
 * parsed values).
 */
import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {parse as parseYaml} from 'yaml'
import {ISTIOCTL, mpx, trimLines} from './helpers/cli.js'

const read = (p: string) => readFileSync(ISTIOCTL + p, 'utf8')
const TD = 'writer/envoy/configdump/testdata/'

function expectTable(args: string[], expected: string) {
  const r = mpx(args, {cwd: ISTIOCTL})
  expect(r.stderr).toBe('')
  expect(r.status).toBe(0)
  expect(r.stdout.split('\n').every((l) => l === l.trimEnd())).toBe(true)
  expect(trimLines(r.stdout).trimEnd()).toBe(trimLines(read(expected)).trimEnd())
  expect(r.stdout.endsWith('\n')).toBe(true)
}

function expectParsed(args: string[], expected: string, kind: 'json' | 'yaml') {
  const r = mpx(args, {cwd: ISTIOCTL})
  expect(r.stderr).toBe('')
  expect(r.status).toBe(0)
  const parse = kind === 'json' ? JSON.parse : parseYaml
  expect(parse(r.stdout)).toStrictEqual(parse(read(expected)))
}

describe('istioctl goldens (fixtures README rows 1-11)', () => {
  it('1: pc all summary', () => expectTable(['pc', 'all', '-f', 'proxyconfig/testdata/config_dump.json'], 'proxyconfig/testdata/config_dump_summary.txt'))
  it('2: pc bootstrap (default -o json)', () => expectParsed(['pc', 'bootstrap', '-f', `${TD}configdump.json`], `${TD}bootstrapdump.json`, 'json'))
  it('3: pc bootstrap -o short', () => expectTable(['pc', 'bootstrap', '-f', `${TD}configdump.json`, '-o', 'short'], `${TD}versionsummary.txt`))
  it('4: pc eds', () => expectTable(['pc', 'eds', '-f', `${TD}endpoint/configdump.json`], `${TD}endpoint/emptyfilter_output.txt`))
  it('5: pc eds -o json', () => expectParsed(['pc', 'eds', '-f', `${TD}endpoint/configdump.json`, '-o', 'json'], `${TD}endpoint/emptyfilter_output.json`, 'json'))
  it('6: pc eds -o yaml', () => expectParsed(['pc', 'eds', '-f', `${TD}endpoint/configdump.json`, '-o', 'yaml'], `${TD}endpoint/emptyfilter_output.yaml`, 'yaml'))
  it('7: pc routes (empty gateway)', () => expectTable(['pc', 'routes', '-f', `${TD}routes/empty-gateway/configdump.json`], `${TD}routes/empty-gateway/output.txt`))
  it('8: pc routes (gateway http route prefix)', () =>
    expectTable(['pc', 'routes', '-f', `${TD}routes/istio-gateway-http-route-prefix/configdump.json`], `${TD}routes/istio-gateway-http-route-prefix/output.txt`))
  it('9: pc secrets (validity judged today)', () => expectTable(['pc', 'secrets', '-f', `${TD}secret/istio/config_dump.json`], `${TD}secret/istio/output`))
  it('10: pc ecds', () => expectTable(['pc', 'ecds', '-f', `${TD}ecds/configdump.json`], `${TD}ecds/output.txt`))
  it('11: pc ecds -o json', () => expectParsed(['pc', 'ecds', '-f', `${TD}ecds/configdump.json`, '-o', 'json'], `${TD}ecds/output.json`, 'json'))
  it('11: pc ecds -o yaml', () => expectParsed(['pc', 'ecds', '-f', `${TD}ecds/configdump.json`, '-o', 'yaml'], `${TD}ecds/output.yaml`, 'yaml'))
})
