/**
 * The one place where errors from @kubernetes/client-node, its WebSockets and undici become one-line
 * {@link MpxError}s. client-node fails in three unrelated shapes: `ApiException` (`code` = HTTP status,
 * `body` = the API server's `Status` as a JSON string), transport errors from fetch (`code` ECONNREFUSED,
 * TLS codes), and ws `ErrorEvent`s that are not `Error`s (`message` "Unexpected server response: 403",
 * cause in `.error`).
 */
import {MpxError} from '../errors.js'

/** What was being done when the error happened, to word the message. */
export interface KubeErrorContext {
  /** The API server URL, for unreachable/TLS messages. */
  server?: string
  /** e.g. `pods/portforward`, `pods/exec`, `pods`, `deployments` */
  resource?: string
  /** Verb for 403 wording (`create` for portforward/exec, `get`/`list` for reads). */
  verb?: string
  namespace?: string
  /** Object name, for 404 wording. */
  name?: string
  /** Suggest this on 403 (e.g. `--transport exec`). */
  forbiddenHint?: string
}

interface StatusBody {
  message?: string
  reason?: string
  code?: number
}

function parseStatus(body: unknown): StatusBody | undefined {
  if (typeof body === 'object' && body !== null) return body as StatusBody
  if (typeof body !== 'string') return undefined
  try {
    return JSON.parse(body) as StatusBody
  } catch {
    return undefined
  }
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|EPROTO|HOSTNAME|ALTNAME/i

/**
 * Normalises any error met while talking to the Kubernetes API.
 * @returns an MpxError (exit 1) with one line naming the problem and what to do; never includes
 *   credentials (tokens, keys) because only status codes and Status messages are used
 */
export function toMpxError(err: unknown, ctx: KubeErrorContext = {}): MpxError {
  if (err instanceof MpxError) return err
  const e = err as {code?: unknown; body?: unknown; message?: string; error?: unknown; cause?: unknown; type?: string}
  // 1. ApiException: numeric HTTP status + Status body
  let status = typeof e?.code === 'number' ? e.code : undefined
  let message = parseStatus(e?.body)?.message
  // 3. ws ErrorEvent / Error "Unexpected server response: 403"
  const text = String(e?.message ?? (err as object)?.toString?.() ?? err)
  const ws = /Unexpected server response: (\d{3})/.exec(text)
  if (status === undefined && ws) status = Number(ws[1])
  const server = ctx.server ? ` at ${ctx.server}` : ''
  if (status !== undefined) {
    if (status === 401) {
      return new MpxError(`the Kubernetes API server${server} rejected the credentials (401 Unauthorized): log in again or check the kubeconfig user`, 'UNAUTHORIZED')
    }
    if (status === 403) {
      const what = ctx.resource ? `cannot ${ctx.verb ?? 'get'} ${ctx.resource}${ctx.namespace ? ` in namespace ${ctx.namespace}` : ''}` : (message ?? 'forbidden')
      return new MpxError(`forbidden: ${what}${ctx.forbiddenHint ? `; try ${ctx.forbiddenHint}` : ''}`, 'FORBIDDEN')
    }
    if (status === 404 && ctx.name) {
      const kind = (ctx.resource ?? 'pods').replace(/s$/, '').replace(/\/.*/, '')
      return new MpxError(`${kind} "${ctx.name}" not found in namespace "${ctx.namespace ?? 'default'}"`, 'NOT_FOUND')
    }
    return new MpxError(`the Kubernetes API server answered ${status}${message ? `: ${message}` : ''}`, 'API_ERROR')
  }
  // 2. transport errors (fetch / ws / net): find a code anywhere in the cause chain
  const chain: Array<{code?: unknown; message?: string}> = []
  for (let c: unknown = err; c && chain.length < 5; c = (c as {cause?: unknown; error?: unknown}).cause ?? (c as {error?: unknown}).error) {
    chain.push(c as {code?: unknown; message?: string})
  }
  const code = chain.map((c) => c.code).find((c): c is string => typeof c === 'string')
  const detail = chain.map((c) => c.message).find((m) => m) ?? text
  if ((code && TLS_CODES.test(code)) || TLS_CODES.test(detail)) {
    return new MpxError(`TLS verification of the Kubernetes API server${server} failed (${code ?? detail}): check the kubeconfig's certificate-authority`, 'TLS')
  }
  if (code && /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|ECONNRESET|EAI_AGAIN/.test(code)) {
    return new MpxError(`cannot reach the Kubernetes API server${server} (${code}): check the cluster address in the kubeconfig and your network`, 'UNREACHABLE')
  }
  message ??= detail
  return new MpxError(`Kubernetes API request failed: ${String(message).split('\n')[0]}`, 'API_ERROR')
}
