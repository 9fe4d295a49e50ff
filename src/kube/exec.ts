/**
 * Running a command in a pod's container through the `pods/exec` subresource (WebSocket: channels
 * 1 stdout, 2 stderr, 3 status as a `V1Status`).
 */
import {Writable} from 'node:stream'
import type WebSocket from 'ws'
import {MpxError} from '../errors.js'
import {interruptedError} from '../interrupt.js'
import type {Cluster} from './cluster.js'
import {toMpxError} from './errors.js'
import type {PodRef} from './pods.js'

/** What a command printed and how it ended. */
export interface ExecResult {
  stdout: Buffer
  stderr: string
  /** 0 on success; the command's exit code; 127 when the binary does not exist. */
  exitCode: number
  /** The status message of a failure, if any. */
  message?: string
}

/**
 * Runs `command` in `container` and collects its output.
 * @param limits `maxBytes` of stdout (beyond it the command is stopped and an MpxError thrown),
 *   `timeoutMs` overall (0 = none)
 * @throws MpxError for API errors (403 names pods/exec), the byte limit, the timeout, or a dropped stream
 */
export async function execCapture(
  c: Cluster,
  ref: PodRef,
  container: string,
  command: string[],
  limits: {maxBytes: number; timeoutMs: number; signal?: AbortSignal; onBytes?: (received: number) => void},
): Promise<ExecResult> {
  const out: Buffer[] = []
  let outBytes = 0
  const err: Buffer[] = []
  let fail: ((e: Error) => void) | undefined
  const stdout = new Writable({
    write(chunk: Buffer, _enc, cb) {
      outBytes += chunk.length
      if (outBytes > limits.maxBytes) fail?.(new MpxError(`the answer from ${ref.name}.${ref.namespace} is larger than --max-bytes (${limits.maxBytes} bytes)`, 'TOO_LARGE'))
      else out.push(chunk)
      limits.onBytes?.(outBytes)
      cb()
    },
  })
  const stderr = new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (err.reduce((n, b) => n + b.length, 0) < 64 * 1024) err.push(chunk)
      cb()
    },
  })
  return new Promise<ExecResult>((resolve, reject) => {
    let ws: WebSocket | undefined
    let settled = false
    const timer = limits.timeoutMs > 0 ? setTimeout(() => fail?.(new MpxError(`no answer from ${ref.name}.${ref.namespace} within --request-timeout`, 'TIMEOUT')), limits.timeoutMs) : undefined
    const finish = (f: () => void) => {
      if (settled) return
      settled = true
      if (timer) clearTimeout(timer)
      limits.signal?.removeEventListener('abort', onAbort)
      f()
    }
    fail = (e: Error) => finish(() => {
      ws?.terminate()
      reject(e)
    })
    const onAbort = () => fail?.(interruptedError(limits.signal))
    limits.signal?.addEventListener('abort', onAbort)
    const onStatus = (s: {status?: string; message?: string; reason?: string; details?: {causes?: Array<{reason?: string; message?: string}>}}) => {
      const exitCause = s.details?.causes?.find((x) => x.reason === 'ExitCode')?.message
      let exitCode = s.status === 'Success' ? 0 : Number(exitCause ?? 1)
      if (s.status !== 'Success' && /executable file not found|no such file or directory|not found in \$PATH/i.test(s.message ?? '')) exitCode = 127
      finish(() => resolve({stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), exitCode, message: s.message}))
      ws?.close()
    }
    new c.k8s.Exec(c.kc)
      .exec(ref.namespace, ref.name, container, command, stdout, stderr, null, false, onStatus)
      .then((socket) => {
        ws = socket as unknown as WebSocket
        if (settled) ws.terminate()
        ws.on('close', () =>
          fail?.(new MpxError(`the exec stream to ${ref.name}.${ref.namespace} closed before the command finished`, 'DROPPED')),
        )
      })
      .catch((e) =>
        fail?.(toMpxError(e, {server: c.server, resource: 'pods/exec', verb: 'create', namespace: ref.namespace, name: ref.name})),
      )
  })
}
