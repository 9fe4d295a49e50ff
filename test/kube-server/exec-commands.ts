/**
 * Emulation of the commands tools run through `pods/exec` into Istio pods:
 * `pilot-agent request <method> <path> [body] [--debug-port N]`, `pilot-discovery request …`,
 * and `curl [-s] [-S] [-f] [-X M] http://localhost:<port>/<path>`. Each fetches from the pod's
 * emulated port over real HTTP, so emulator faults behave the same as through port-forward.
 */
import type {ExecContext, ExecResult, FetchResult} from './types.js'

/** Outcome of running an emulated command. */
export type CommandOutcome = {kind: 'exit'; result: ExecResult} | {kind: 'not-found'; binary: string}

/** Ports `pilot-agent request --debug-port` accepts (pilot/cmd/pilot-agent/app/request.go). */
const PILOT_AGENT_PORTS = [15000, 15004, 15020, 15021]

/** Go's http client error for a refused dial. */
function refusedText(method: string, port: number, path: string): string {
  const m = method.charAt(0).toUpperCase() + method.slice(1).toLowerCase()
  return `${m} "http://localhost:${port}/${path}": dial tcp 127.0.0.1:${port}: connect: connection refused`
}

/** `pilot/pkg/request/command.go` semantics: 404 and <400 print the body + "\n"; others are errors. */
async function goRequest(ctx: ExecContext, bin: string, port: number, args: string[]): Promise<ExecResult> {
  const positional: string[] = []
  let debugPort = port
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (bin === 'pilot-agent' && (a === '--debug-port' || a.startsWith('--debug-port='))) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i]
      if (v === undefined || !/^\d+$/.test(v)) return fail(`invalid argument "${v ?? ''}" for "--debug-port" flag: strconv.ParseInt: parsing "${v ?? ''}": invalid syntax`)
      debugPort = Number(v)
    } else if (a.startsWith('-') && a !== '-') {
      return fail(`unknown flag: ${a.split('=')[0]}`)
    } else positional.push(a)
  }
  if (positional.length < 2) return fail(`requires at least 2 arg(s), only received ${positional.length}`)
  if (bin === 'pilot-agent' && !PILOT_AGENT_PORTS.includes(debugPort)) {
    return fail(`debug port ${debugPort} is not in allowed list [${PILOT_AGENT_PORTS.join(' ')}]`)
  }
  const [method, rawPath, body] = positional as [string, string, string | undefined]
  const path = rawPath.replace(/^\//, '')
  const r: FetchResult | null = await ctx.fetchPort(debugPort, method.toUpperCase(), `/${path}`, body === undefined ? undefined : Buffer.from(body))
  if (r === null) return fail(refusedText(method, debugPort, path))
  if (r.error) return fail(r.error)
  if (r.status > 399 && r.status !== 404) return fail(`received unsuccessful status code ${r.status}: ${r.body.toString('utf8')}`)
  return {stdout: Buffer.concat([r.body, Buffer.from('\n')]), exitCode: 0}
}

/** cobra + `log.Error(err); os.Exit(-1)` → "Error: …" on stderr, exit 255. */
function fail(msg: string): ExecResult {
  return {stderr: `Error: ${msg}\n`, exitCode: 255}
}

async function curl(ctx: ExecContext, args: string[]): Promise<ExecResult> {
  let silent = false
  let showError = false
  let failOnError = false
  let method = 'GET'
  let url: string | undefined
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a === '-X' || a === '--request') method = args[++i] ?? 'GET'
    else if (a === '--silent') silent = true
    else if (a === '--show-error') showError = true
    else if (a === '--fail') failOnError = true
    else if (/^-[a-zA-Z]+$/.test(a)) {
      for (const c of a.slice(1)) {
        if (c === 's') silent = true
        else if (c === 'S') showError = true
        else if (c === 'f') failOnError = true
      }
    } else if (!a.startsWith('-')) url = a
  }
  const err = (code: number, msg: string): ExecResult => ({stderr: !silent || showError ? `curl: (${code}) ${msg}\n` : '', exitCode: code})
  if (!url) return {stderr: "curl: try 'curl --help' or 'curl --manual' for more information\n", exitCode: 2}
  let u: URL
  try {
    u = new URL(url.includes('://') ? url : `http://${url}`)
  } catch {
    return err(3, 'URL using bad/illegal format or missing URL')
  }
  if (!['localhost', '127.0.0.1', '[::1]'].includes(u.hostname)) return err(6, `Could not resolve host: ${u.hostname}`)
  const port = Number(u.port || 80)
  const r = await ctx.fetchPort(port, method.toUpperCase(), `${u.pathname}${u.search}`)
  if (r === null) return err(7, `Failed to connect to ${u.hostname} port ${port} after 0 ms: Couldn't connect to server`)
  if (failOnError && r.status >= 400) return err(22, `The requested URL returned error: ${r.status}`)
  if (r.error) return {stdout: r.body, ...err(18, 'transfer closed with outstanding read data remaining')}
  return {stdout: r.body, exitCode: 0}
}

/**
 * Runs one emulated command.
 * @param binaries executables present in the container (basenames).
 */
export async function runCommand(ctx: ExecContext, binaries: string[]): Promise<CommandOutcome> {
  const [cmd, ...args] = ctx.command
  const bin = (cmd ?? '').split('/').pop() ?? ''
  if (!binaries.includes(bin)) return {kind: 'not-found', binary: cmd ?? ''}
  switch (bin) {
    case 'pilot-agent':
    case 'pilot-discovery': {
      if (args[0] !== 'request') {
        return {kind: 'exit', result: {stderr: `Error: unknown command "${args[0] ?? ''}" for "${bin}"\nRun '${bin} --help' for usage.\n`, exitCode: 255}}
      }
      return {kind: 'exit', result: await goRequest(ctx, bin, bin === 'pilot-agent' ? 15000 : 8080, args.slice(1))}
    }
    case 'curl':
      return {kind: 'exit', result: await curl(ctx, args)}
    default:
      return {kind: 'exit', result: {stderr: `${bin}: emulated binary has no behaviour in kube-server\n`, exitCode: 1}}
  }
}
