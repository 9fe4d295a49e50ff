import {MpxCommand} from '../src/cli/base-command.js'
import {checkArgs, checkFlags, runCheck} from '../src/cli/trace.js'

export default class Check extends MpxCommand {
  static summary = 'Lint a sidecar for broken configuration: missing clusters and routes, unhealthy endpoints, warming or rejected resources, expiring certificates'
  static description = `Checks a whole sidecar for the breakages behind 404s and 503s. Each finding has a stable ID, a severity, the resource, a message, the likely Istio cause and the mpx command that shows more:

route-cluster-missing (a route to a cluster CDS lacks), listener-rds-missing (a listener's RDS route configuration is missing), tcp-cluster-missing (tcp_proxy to a missing cluster), eds-no-endpoints, eds-none-healthy, eds-some-unhealthy (EDS, or live health from /clusters), cluster-warming, listener-warming, listener-error-state / route-error-state / cluster-error-state (a NACK), secret-warming, secret-expired, secret-expiring (--cert-warn-days), vhost-duplicate-domain (one domain in two virtual hosts of a route configuration), route-unreachable (a route behind an earlier catch-all of the same virtual host).

Exit status: 0 when no finding reaches --fail-on, 1 when one does, 2 and above for tool errors (64 for usage errors).`
  static examples = [
    '<%= config.bin %> check productpage-v1-76474f6fb7-pmglr',
    '<%= config.bin %> check -f samples/productpage.config_dump.json --clusters samples/productpage.clusters.json',
    '<%= config.bin %> check -f productpage.tar.gz -o json --fail-on warning',
  ]
  static args = checkArgs
  static flags = checkFlags

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Check)
    this.finish(await runCheck(args.target, flags, (n) => this.note(n)))
  }
}
