/**
 * The REST half of the fake kube-apiserver: discovery, get/list of the stored resources (label,
 * field selectors, limit/continue), ServiceAccount TokenRequest, the pod proxy subresource, and
 * errors as real `Status` objects.
 */
import {createHmac} from 'node:crypto'
import http from 'node:http'
import type {ApiStatus} from './status.js'
import * as status from './status.js'
import {matchFields, matchRequirements, parseFieldSelector, parseLabelSelector, SelectorError} from './selectors.js'
import type {ResourceType, World} from './world.js'
import {podScheduled} from './world.js'
import type {Emulators} from './emulators.js'
import {queryRecord, safeHeaders} from './emulators.js'
import type {RecordedRequest} from './types.js'

/** What the REST layer needs from the server. */
export interface RestContext {
  world: World
  emulators: Emulators
  authenticate(req: http.IncomingMessage, pod?: {namespace: string; name: string}): ApiStatus | undefined
  authorize(a: {verb: string; resource: string; subresource?: string; group?: string; namespace?: string; name?: string}): ApiStatus | undefined
  record(r: RecordedRequest): void
  restDelayMs(): number
  kubernetesVersion: string
  serverAddress(): string
}

type Obj = Record<string, unknown> & {metadata: Record<string, unknown>}

function send(res: http.ServerResponse, code: number, body: unknown): void {
  const b = Buffer.from(JSON.stringify(body))
  res.writeHead(code, {'content-type': 'application/json', 'content-length': String(b.length), 'cache-control': 'no-cache, private'})
  res.end(b)
}

function fieldValue(o: Obj, field: string): string {
  let cur: unknown = o
  for (const p of field.split('.')) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[p] : undefined
  if (cur === undefined || cur === null) return field === 'spec.hostNetwork' ? 'false' : ''
  return String(cur)
}

function stripTypeMeta(o: Obj): Obj {
  const {kind: _k, apiVersion: _a, ...rest} = o
  return rest as Obj
}

function fakeJwt(sub: string, aud: string[], exp: number): string {
  const b64 = (x: unknown) => Buffer.from(JSON.stringify(x)).toString('base64url')
  const head = b64({alg: 'RS256', kid: 'kube-server-test'})
  const payload = b64({aud, exp, iat: exp - 3600, iss: 'https://kubernetes.default.svc.cluster.local', sub})
  const sig = createHmac('sha256', 'kube-server').update(`${head}.${payload}`).digest('base64url')
  return `${head}.${payload}.${sig}`
}

function resourceList(world: World, group: string, version: string): Record<string, unknown> | undefined {
  const types = [...world.types.values()].filter((t) => t.group === group && t.version === version)
  if (types.length === 0) return undefined
  const resources: Array<Record<string, unknown>> = []
  for (const t of types) {
    const verbs = ['get', 'list']
    resources.push({name: t.plural, singularName: t.kind.toLowerCase(), namespaced: t.namespaced, kind: t.kind, verbs})
    if (t.plural === 'pods' && group === '') {
      resources.push({name: 'pods/exec', singularName: '', namespaced: true, kind: 'PodExecOptions', verbs: ['create', 'get']})
      resources.push({name: 'pods/portforward', singularName: '', namespaced: true, kind: 'PodPortForwardOptions', verbs: ['create', 'get']})
      resources.push({name: 'pods/proxy', singularName: '', namespaced: true, kind: 'PodProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update']})
    }
    if (t.plural === 'serviceaccounts' && group === '') {
      resources.push({name: 'serviceaccounts/token', singularName: '', namespaced: true, group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest', verbs: ['create']})
    }
  }
  return {kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources}
}

function groupList(world: World): Record<string, unknown> {
  const groups = new Map<string, Set<string>>()
  for (const t of world.types.values()) {
    if (!t.group) continue
    const s = groups.get(t.group) ?? new Set()
    s.add(t.version)
    groups.set(t.group, s)
  }
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups.entries()].map(([name, versions]) => {
      const vs = [...versions].map((v) => ({groupVersion: `${name}/${v}`, version: v}))
      return {name, versions: vs, preferredVersion: vs[0]}
    }),
  }
}

/**
 * Serves one REST request. Authentication, authorization (fault rules) and recording are applied here.
 */
export async function handleRest(ctx: RestContext, req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://localhost')
  const method = req.method ?? 'GET'
  const q = url.searchParams
  let recorded = false
  const rec = (code: number, pod?: {namespace: string; name: string}) => {
    if (recorded) return
    recorded = true
    ctx.record({kind: 'rest', method, path: url.pathname, query: queryRecord(q), headers: safeHeaders(req.headers), ...(pod ? {pod} : {}), status: code, time: Date.now()})
  }
  const delay = ctx.restDelayMs()
  if (delay > 0) await new Promise((r) => setTimeout(r, delay))
  const reply = (code: number, obj: unknown, pod?: {namespace: string; name: string}) => {
    rec(code, pod)
    send(res, code, obj)
  }
  const fail = (s: ApiStatus, pod?: {namespace: string; name: string}) => reply(s.code, s, pod)

  // Pod proxy: /api/v1/namespaces/{ns}/pods/{name[:port]}/proxy[/path]
  const px = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/proxy(\/.*)?$/.exec(url.pathname)
  const podRef = (() => {
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)/.exec(url.pathname)
    return m ? {namespace: decodeURIComponent(m[1]!), name: decodeURIComponent(m[2]!).split(':')[0]!} : undefined
  })()
  const unauth = ctx.authenticate(req, podRef)
  if (unauth) return fail(unauth, podRef)
  if (px) return podProxy(ctx, req, res, body, url, decodeURIComponent(px[1]!), decodeURIComponent(px[2]!), decodeURIComponent(px[3] ?? '/'), rec)

  const segs = url.pathname.split('/').filter(Boolean).map(decodeURIComponent)
  if (segs.length === 1 && segs[0] === 'version') {
    const [major, minor] = ctx.kubernetesVersion.replace(/^v/, '').split('.')
    return reply(200, {
      major,
      minor,
      gitVersion: ctx.kubernetesVersion,
      gitCommit: '7c48c2bd72b9bf5c44d21d7338cc7bea77d0ad2a',
      gitTreeState: 'clean',
      buildDate: '2024-04-17T17:27:03Z',
      goVersion: 'go1.22.2',
      compiler: 'gc',
      platform: 'linux/amd64',
    })
  }
  if (segs.length === 1 && segs[0] === 'api') {
    return reply(200, {kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{clientCIDR: '0.0.0.0/0', serverAddress: ctx.serverAddress()}]})
  }
  if (segs.length === 1 && segs[0] === 'apis') return reply(200, groupList(ctx.world))
  if (segs[0] === 'apis' && segs.length === 2) {
    const g = (groupList(ctx.world).groups as Array<{name: string}>).find((x) => x.name === segs[1])
    return g ? reply(200, {kind: 'APIGroup', apiVersion: 'v1', ...g}) : fail(status.notFoundPath())
  }
  let group: string
  let version: string
  let rest: string[]
  if (segs[0] === 'api' && segs.length >= 2) {
    group = ''
    version = segs[1]!
    rest = segs.slice(2)
  } else if (segs[0] === 'apis' && segs.length >= 3) {
    group = segs[1]!
    version = segs[2]!
    rest = segs.slice(3)
  } else return fail(status.notFoundPath())
  if (rest.length === 0) {
    const rl = resourceList(ctx.world, group, version)
    return rl ? reply(200, rl) : fail(status.notFoundPath())
  }

  let t: ResourceType | undefined
  let namespace: string | undefined
  let name: string | undefined
  let sub: string | undefined
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1]
    t = ctx.world.type(group, rest[2]!)
    if (!t?.namespaced) return fail(status.notFoundPath())
    name = rest[3]
    sub = rest[4]
    if (rest.length > 5) return fail(status.notFoundPath())
  } else {
    t = ctx.world.type(group, rest[0]!)
    if (!t) return fail(status.notFoundPath())
    name = rest[1]
    sub = rest[2]
    if (rest.length > 3 || (t.namespaced && name !== undefined)) return fail(status.notFoundPath())
  }
  if (!t || t.version !== version) return fail(status.notFoundPath())
  const podOf = t.plural === 'pods' && group === '' && namespace && name ? {namespace, name} : undefined

  // TokenRequest
  if (sub === 'token' && t.plural === 'serviceaccounts' && group === '') {
    if (method !== 'POST') return fail(status.methodNotAllowed())
    const deny = ctx.authorize({verb: 'create', resource: 'serviceaccounts', subresource: 'token', namespace, name})
    if (deny) return fail(deny)
    if (!ctx.world.get(t, namespace!, name!)) return fail(status.notFound('serviceaccounts', name!))
    let reqBody: {spec?: {audiences?: string[]; expirationSeconds?: number}} = {}
    try {
      reqBody = body.length ? JSON.parse(body.toString('utf8')) : {}
    } catch {
      return fail(status.badRequest('the object provided is unrecognized (must be of type TokenRequest)'))
    }
    const exp = reqBody.spec?.expirationSeconds ?? 3600
    const aud = reqBody.spec?.audiences ?? ['https://kubernetes.default.svc.cluster.local']
    const expTs = Math.floor(Date.now() / 1000) + exp
    return reply(201, {
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: {name, namespace, creationTimestamp: null},
      spec: {audiences: aud, expirationSeconds: exp, boundObjectRef: null},
      status: {token: fakeJwt(`system:serviceaccount:${namespace}:${name}`, aud, expTs), expirationTimestamp: new Date(expTs * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')},
    })
  }
  if (podOf && (sub === 'exec' || sub === 'portforward' || sub === 'attach')) return fail(status.badRequest('Upgrade request required'), podOf)
  if (method !== 'GET') return fail(status.methodNotAllowed(), podOf)
  if (sub !== undefined && sub !== 'status') return fail(status.notFoundPath(), podOf)

  if (name !== undefined) {
    const deny = ctx.authorize({verb: 'get', resource: t.plural, group, namespace, name, ...(sub ? {subresource: sub} : {})})
    if (deny) return fail(deny, podOf)
    const o = ctx.world.get(t, namespace ?? '', name)
    if (!o) return fail(status.notFound(t.plural, name, group), podOf)
    return reply(200, o, podOf)
  }

  // list
  const deny = ctx.authorize({verb: 'list', resource: t.plural, group, namespace})
  if (deny) return fail(deny)
  let items = ctx.world.list(t, namespace)
  try {
    const ls = q.get('labelSelector')
    if (ls) {
      const reqs = parseLabelSelector(ls)
      items = items.filter((o) => matchRequirements(reqs, o.metadata.labels as Record<string, string> | undefined))
    }
    const fs = q.get('fieldSelector')
    if (fs) {
      const reqs = parseFieldSelector(fs, ['metadata.name', 'metadata.namespace', ...(t.fields ?? [])])
      items = items.filter((o) => matchFields(reqs, (f) => fieldValue(o, f)))
    }
  } catch (e) {
    if (e instanceof SelectorError) return fail(status.badRequest(e.message))
    throw e
  }
  const limit = Number(q.get('limit') ?? 0)
  let offset = 0
  const cont = q.get('continue')
  if (cont) {
    try {
      offset = Number((JSON.parse(Buffer.from(cont, 'base64url').toString('utf8')) as {o: number}).o) || 0
    } catch {
      return fail({...status.badRequest('continue key is not valid: illegal base64 data'), reason: 'BadRequest'})
    }
  }
  const page = limit > 0 ? items.slice(offset, offset + limit) : items.slice(offset)
  const more = limit > 0 && offset + limit < items.length
  return reply(200, {
    kind: `${t.kind}List`,
    apiVersion: group ? `${group}/${version}` : version,
    metadata: {
      resourceVersion: ctx.world.resourceVersion,
      ...(more ? {continue: Buffer.from(JSON.stringify({o: offset + limit})).toString('base64url'), remainingItemCount: items.length - offset - limit} : {}),
    },
    items: page.map(stripTypeMeta),
  })
}

async function podProxy(
  ctx: RestContext,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  body: Buffer,
  url: URL,
  namespace: string,
  nameAndPort: string,
  path: string,
  rec: (code: number, pod?: {namespace: string; name: string}) => void,
): Promise<void> {
  const parts = nameAndPort.split(':')
  const name = parts.length === 3 ? parts[1]! : parts[0]!
  const port = Number(parts.length >= 2 ? parts[parts.length - 1] : 80)
  const pod = {namespace, name}
  const fail = (s: ApiStatus) => {
    rec(s.code, pod)
    send(res, s.code, s)
  }
  const verb = {GET: 'get', HEAD: 'get', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete'}[req.method ?? 'GET'] ?? 'get'
  const deny = ctx.authorize({verb, resource: 'pods', subresource: 'proxy', namespace, name})
  if (deny) return fail(deny)
  const st = ctx.world.podState(namespace, name)
  if (!st) return fail(status.notFound('pods', name))
  if (!podScheduled(st.spec)) return fail(status.badRequest(`pod ${name} does not have a host assigned`))
  const lp = await ctx.emulators.address(namespace, name, port)
  const unavailable = (msg: string): ApiStatus => ({kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: msg, reason: 'ServiceUnavailable', code: 503})
  if (lp === null) return fail(unavailable(`error trying to reach service: dial tcp ${st.podIP}:${port}: connect: connection refused`))
  rec(200, pod)
  const up = http.request({host: '127.0.0.1', port: lp, method: req.method, path: `${path}${url.search}`, agent: false, headers: {host: `${st.podIP}:${port}`}}, (ur) => {
    const headers = {...ur.headers}
    delete headers.connection
    delete headers['keep-alive']
    res.writeHead(ur.statusCode ?? 502, headers)
    ur.pipe(res)
    ur.on('error', () => res.destroy())
    ur.on('aborted', () => res.destroy())
  })
  up.on('error', () => {
    if (!res.headersSent) send(res, 503, unavailable(`error trying to reach service: EOF`))
    else res.destroy()
  })
  up.end(body)
}

