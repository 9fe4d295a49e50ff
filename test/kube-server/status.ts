/**
 * `metav1.Status` bodies exactly as kube-apiserver (REST) and the kubelet (exec status channel) send them.
 */

/** A REST `Status` object (with kind/apiVersion, as kube-apiserver returns it). */
export interface ApiStatus {
  kind: 'Status'
  apiVersion: 'v1'
  metadata: Record<string, never>
  status: 'Failure' | 'Success'
  message?: string
  reason?: string
  details?: {name?: string; group?: string; kind?: string; causes?: Array<{reason?: string; message?: string; field?: string}>}
  code: number
}

function failure(code: number, reason: string, message: string, details?: ApiStatus['details']): ApiStatus {
  return {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? {details} : {}), code}
}

/** 404 for a missing object: `pods "x" not found`. `group` is set for non-core groups (e.g. `apps`). */
export function notFound(resource: string, name: string, group = ''): ApiStatus {
  return failure(404, 'NotFound', `${group ? `${resource}.${group}` : resource} "${name}" not found`, {
    name,
    ...(group ? {group} : {}),
    kind: resource,
  })
}

/** 404 for an unknown URL: `the server could not find the requested resource`. */
export function notFoundPath(): ApiStatus {
  return failure(404, 'NotFound', 'the server could not find the requested resource', {})
}

/** 401, as the API server answers a missing or invalid bearer token. */
export function unauthorized(): ApiStatus {
  return failure(401, 'Unauthorized', 'Unauthorized')
}

/**
 * 403 from RBAC, e.g. `pods "x" is forbidden: User "u" cannot create resource "pods/portforward" in API
 * group "" in the namespace "bookinfo"` (list: `pods is forbidden: … cannot list resource "pods" …`).
 */
export function forbidden(o: {
  user: string
  verb: string
  resource: string
  subresource?: string
  group?: string
  namespace?: string
  name?: string
}): ApiStatus {
  const group = o.group ?? ''
  const res = o.subresource ? `${o.resource}/${o.subresource}` : o.resource
  const qualified = group ? `${o.resource}.${group}` : o.resource
  const subject = o.name ? `${qualified} "${o.name}"` : qualified
  const scope = o.namespace ? `in the namespace "${o.namespace}"` : 'at the cluster scope'
  return failure(
    403,
    'Forbidden',
    `${subject} is forbidden: User "${o.user}" cannot ${o.verb} resource "${res}" in API group "${group}" ${scope}`,
    {...(o.name ? {name: o.name} : {}), ...(group ? {group} : {}), kind: o.resource},
  )
}

/** 400 BadRequest with a message. */
export function badRequest(message: string): ApiStatus {
  return failure(400, 'BadRequest', message)
}

/** 405 MethodNotAllowed. */
export function methodNotAllowed(): ApiStatus {
  return failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {})
}

/** Kubelet exec status channel (v4+): success. */
export function execSuccess(): Record<string, unknown> {
  return {metadata: {}, status: 'Success'}
}

/** Kubelet exec status channel (v4+): non-zero exit. */
export function execExitCode(code: number, command: string[]): Record<string, unknown> {
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: {causes: [{reason: 'ExitCode', message: String(code)}]},
  }
}

/**
 * Kubelet exec status channel (v4+) when the runtime could not start the process (containerd's
 * `OCI runtime exec failed … executable file not found in $PATH`): an InternalError, no exit code.
 */
export function execStartFailed(binary: string, execId: string): Record<string, unknown> {
  const cause =
    `error executing command in container: failed to exec in container: failed to start exec "${execId}": ` +
    `OCI runtime exec failed: exec failed: unable to start container process: exec: "${binary}": ` +
    `executable file not found in $PATH: unknown`
  return {
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: ${cause}`,
    reason: 'InternalError',
    details: {causes: [{message: cause}]},
    code: 500,
  }
}
