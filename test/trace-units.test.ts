/**
 * Unit tests of the Envoy semantics behind `mpx trace` that the router_check_tool vectors do not cover:
 * virtual host wildcard precedence and port handling, header/query matcher corner cases, path specifiers,
 * rewrites and redirects, filter chain selection order, and target parsing.
 */
import {describe, expect, it} from 'vitest'
import {parseHeaders, parseTarget, searchNames} from '../src/trace/destination.js'
import {inCidr, parseIp, selectFilterChain, type ConnectionFacts} from '../src/trace/filter-chain.js'
import {redirectUrl, routeRequest, type HttpRequest} from '../src/trace/route-matcher.js'
import {matchHeader} from '../src/trace/string-match.js'
import {duplicateDomains, selectVirtualHost} from '../src/trace/virtual-host.js'
import {shadows} from '../src/check/rules/routes.js'

const rc = (domains: string[][], extra = {}) => ({virtual_hosts: domains.map((d, i) => ({name: `vh${i}`, domains: d, routes: []})), ...extra})
const vh = (config: object, host: string) => selectVirtualHost(config, host)?.vhost.name
const req = (path: string, headers: Array<[string, string]> = [], extra: Partial<HttpRequest> = {}): HttpRequest => ({authority: 'a.example.com', path, method: 'GET', scheme: 'http', headers, ...extra})
const headers = (h: Record<string, string>) => (name: string) => (h[name] === undefined ? undefined : [h[name]])

describe('virtual host domain matching (Envoy RouteMatcher::findVirtualHost)', () => {
  const config = rc([['*'], ['*.example.com'], ['*-bar.example.com'], ['foo.*'], ['foo.example.com'], ['foo.example.*']])
  it('exact beats every wildcard', () => expect(vh(config, 'foo.example.com')).toBe('vh4'))
  it('longest suffix wildcard wins', () => expect(vh(config, 'baz-bar.example.com')).toBe('vh2'))
  it('suffix wildcards beat prefix wildcards', () => expect(vh(config, 'foo.x.example.com')).toBe('vh1'))
  it('a suffix wildcard beats a longer prefix wildcard', () => expect(vh(config, 'foo.zzz.example.com')).toBe('vh1'))
  it('longest prefix wildcard among prefixes', () => expect(vh(config, 'foo.example.org')).toBe('vh5'))
  it('a wildcard needs at least one character: *.example.com does not match .example.com', () => expect(vh(config, '.example.com')).toBe('vh0'))
  it('case-insensitive', () => expect(vh(config, 'FOO.Example.COM')).toBe('vh4'))
  it('the port is part of the host unless ignore_port_in_host_matching', () => {
    const c = rc([['reviews'], ['reviews:9080']])
    expect(vh(c, 'reviews:9080')).toBe('vh1')
    expect(vh(rc([['reviews']]), 'reviews:9080')).toBe(undefined)
    expect(vh(rc([['reviews']], {ignore_port_in_host_matching: true}), 'reviews:9080')).toBe('vh0')
    expect(vh(rc([['[fd00::1]']], {ignore_port_in_host_matching: true}), '[fd00::1]:80')).toBe('vh0')
    expect(vh(rc([['[fd00::1]']], {ignore_port_in_host_matching: true}), '[fd00::1]')).toBe('vh0')
  })
  it('only a "*" virtual host: it takes everything', () => expect(vh(rc([['*']]), 'anything')).toBe('vh0'))
  it('no match and no "*": none', () => expect(vh(rc([['a']]), 'b')).toBe(undefined))
  it('duplicate domains across virtual hosts (case-insensitive)', () => {
    expect([...duplicateDomains(rc([['a', 'B'], ['b'], ['c']])).entries()]).toEqual([['b', ['vh0', 'vh1']]])
  })
})

describe('header and query matchers (HeaderUtility::matchHeaders)', () => {
  it('a missing header fails every matcher, also inverted ones, except presence tests', () => {
    const none = headers({})
    expect(matchHeader({name: 'x', string_match: {exact: 'a'}, invert_match: true}, none)).toBe(false)
    expect(matchHeader({name: 'x', present_match: false}, none)).toBe(true)
    expect(matchHeader({name: 'x', present_match: true, invert_match: true}, none)).toBe(true)
    expect(matchHeader({name: 'x'}, none)).toBe(false)
    expect(matchHeader({name: 'x', string_match: {exact: ''}, treat_missing_header_as_empty: true}, none)).toBe(true)
  })
  it('inverted matchers on present headers', () => {
    expect(matchHeader({name: 'x', string_match: {exact: 'a'}, invert_match: true}, headers({x: 'b'}))).toBe(true)
    expect(matchHeader({name: 'x', string_match: {prefix: 'A', ignore_case: true}}, headers({x: 'abc'}))).toBe(true)
    expect(matchHeader({name: 'x', suffix_match: 'c'}, headers({x: 'abc'}))).toBe(true)
    expect(matchHeader({name: 'x', contains_match: 'b'}, headers({x: 'abc'}))).toBe(true)
    expect(matchHeader({name: 'x', range_match: {start: 1, end: 10}}, headers({x: '10'}))).toBe(false)
    expect(matchHeader({name: 'x', safe_regex_match: {regex: '\\d+'}}, headers({x: '12a'}))).toBe(false)
  })
  it('query parameters, gRPC and path_separated_prefix', () => {
    const config = {virtual_hosts: [{name: 'v', domains: ['*'], routes: [
      {match: {prefix: '/', query_parameters: [{name: 'debug', string_match: {exact: '1'}}]}, route: {cluster: 'debug'}},
      {match: {prefix: '/', grpc: {}}, route: {cluster: 'grpc'}},
      {match: {path_separated_prefix: '/api'}, route: {cluster: 'api'}},
      {match: {prefix: '/'}, route: {cluster: 'other'}},
    ]}]}
    const cluster = (r: HttpRequest) => {
      const a = routeRequest(config, r).match?.action
      return a?.kind === 'cluster' ? a.cluster : undefined
    }
    expect(cluster(req('/x?debug=1'))).toBe('debug')
    expect(cluster(req('/x?debug=2'))).toBe('other')
    expect(cluster(req('/x', [['content-type', 'application/grpc']]))).toBe('grpc')
    expect(cluster(req('/api'))).toBe('api')
    expect(cluster(req('/api/v1?q'))).toBe('api')
    expect(cluster(req('/apiv1'))).toBe('other')
  })
})

describe('rewrites and redirects', () => {
  it('regex_rewrite keeps the query; prefix_rewrite replaces the matched prefix', () => {
    const config = {virtual_hosts: [{name: 'v', domains: ['*'], routes: [
      {match: {prefix: '/v1/'}, route: {cluster: 'c', regex_rewrite: {pattern: {regex: '^/v1/(\\w+)/(\\d+)$'}, substitution: '/\\2/\\1'}}},
      {match: {prefix: '/old'}, route: {cluster: 'c', prefix_rewrite: '/new', host_rewrite_literal: 'new.example.com'}},
    ]}]}
    expect(routeRequest(config, req('/v1/users/42?x=1')).match?.pathRewrite).toBe('/42/users?x=1')
    const m = routeRequest(config, req('/older?y')).match
    expect([m?.pathRewrite, m?.hostRewrite]).toEqual(['/newer?y', 'new.example.com'])
  })
  it('redirect URLs as Envoy builds them', () => {
    const r = req('/a/b?q=1', [], {authority: 'www.example.com:80'})
    expect(redirectUrl({https_redirect: true}, r)).toBe('https://www.example.com/a/b?q=1')
    expect(redirectUrl({port_redirect: 8443, scheme_redirect: 'https'}, r)).toBe('https://www.example.com:8443/a/b?q=1')
    expect(redirectUrl({path_redirect: '/c', strip_query: true}, r)).toBe('http://www.example.com:80/c')
    expect(redirectUrl({path_redirect: '/c?z=2', strip_query: true}, r)).toBe('http://www.example.com:80/c?z=2')
    expect(redirectUrl({prefix_rewrite: '/x'}, r, '/a')).toBe('http://www.example.com:80/x/b?q=1')
  })
})

describe('filter chain selection (FilterChainManagerImpl::findFilterChain)', () => {
  const facts = (f: Partial<ConnectionFacts>): ConnectionFacts => ({destinationPort: 9080, serverName: '', transportProtocol: 'raw_buffer', applicationProtocols: [], sourceLocal: false, ...f})
  const listener = {
    filter_chains: [
      {name: 'port-tls', filter_chain_match: {destination_port: 9080, transport_protocol: 'tls'}},
      {name: 'any-raw', filter_chain_match: {transport_protocol: 'raw_buffer'}},
      {name: 'any-http', filter_chain_match: {application_protocols: ['http/1.1']}},
      {name: 'cidr', filter_chain_match: {destination_port: 8080, prefix_ranges: [{address_prefix: '10.0.0.0', prefix_len: 8}]}},
      {name: 'cidr24', filter_chain_match: {destination_port: 8080, prefix_ranges: [{address_prefix: '10.1.2.0', prefix_len: 24}]}},
      {name: 'sni', filter_chain_match: {destination_port: 443, server_names: ['*.example.com']}},
      {name: 'sni-exact', filter_chain_match: {destination_port: 443, server_names: ['api.example.com']}},
    ],
    default_filter_chain: {name: 'fallback'},
  }
  const pick = (f: Partial<ConnectionFacts>) => selectFilterChain(listener, facts(f))?.name
  it('a destination port without a matching chain falls back to port-less chains', () => expect(pick({})).toBe('any-raw'))
  it('the exact transport protocol wins at its level', () => expect(pick({destinationPort: 1})).toBe('any-raw'))
  it('longest destination prefix wins', () => expect(pick({destinationPort: 8080, destinationIp: '10.1.2.3'})).toBe('cidr24'))
  it('unknown destination IP matches no prefix range: back to the port-less chains', () => expect(pick({destinationPort: 8080})).toBe('any-raw'))
  it('no backtracking: an exact transport protocol match that fails later goes to the default chain', () => {
    const l = {filter_chains: [{name: 'tls-h2', filter_chain_match: {transport_protocol: 'tls', application_protocols: ['h2']}}, {name: 'any'}], default_filter_chain: {name: 'fallback'}}
    expect(selectFilterChain(l, facts({transportProtocol: 'tls', applicationProtocols: ['http/1.1']}))?.name).toBe('fallback (default_filter_chain)')
  })
  it('exact SNI beats a wildcard', () => {
    expect(pick({destinationPort: 443, serverName: 'api.example.com'})).toBe('sni-exact')
    expect(pick({destinationPort: 443, serverName: 'www.example.com'})).toBe('sni')
  })
  it('CIDR helpers', () => {
    expect(inCidr('10.1.2.3', {address_prefix: '10.0.0.0', prefix_len: 8})).toBe(true)
    expect(inCidr('fd00::1', {address_prefix: 'fd00::', prefix_len: 16})).toBe(true)
    expect(parseIp('::ffff:10.0.0.1')?.v6).toBe(true)
    expect(parseIp('reviews')).toBe(undefined)
  })
})

describe('targets, headers and route shadowing', () => {
  it('parses URLs and TCP targets', () => {
    expect(parseTarget('http://reviews:9080/a?b=1')).toMatchObject({scheme: 'http', host: 'reviews', port: 9080, path: '/a?b=1', authority: 'reviews:9080'})
    expect(parseTarget('https://Example.com')).toMatchObject({port: 443, path: '/', authority: 'example.com'})
    expect(parseTarget('http://[fd00::1]:8080/')).toMatchObject({host: 'fd00::1', authority: '[fd00::1]:8080'})
    expect(parseTarget('db.prod:5432')).toMatchObject({scheme: 'tcp', host: 'db.prod', port: 5432})
    expect(() => parseTarget('http://x:99999/')).toThrow(/bad port/)
  })
  it('parses -H values, pseudo-headers included', () => {
    expect(parseHeaders(['end-user: jason', ':authority: x.example.com'])).toEqual([['end-user', 'jason'], [':authority', 'x.example.com']])
  })
  it('expands short names with the DNS search path of the namespace', () => {
    expect(searchNames('reviews', 'default', 'svc.cluster.local')).toEqual(['reviews.default.svc.cluster.local', 'reviews.svc.cluster.local', 'reviews.cluster.local', 'reviews'])
  })
  it('finds routes shadowed by earlier unconditional ones', () => {
    expect(shadows({prefix: '/'}, {safe_regex: {regex: '/x.*'}})).toBe(true)
    expect(shadows({prefix: '/api'}, {path: '/api/v1'})).toBe(true)
    expect(shadows({prefix: '/api'}, {path: '/API/v1', case_sensitive: false})).toBe(false)
    expect(shadows({prefix: '/api', case_sensitive: false}, {path: '/API/v1'})).toBe(true)
    expect(shadows({path_separated_prefix: '/api'}, {prefix: '/apiv2'})).toBe(false)
    expect(shadows({prefix: '/', headers: [{name: 'x'}]}, {prefix: '/a'})).toBe(false)
  })
})
