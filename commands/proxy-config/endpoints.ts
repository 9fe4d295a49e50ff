import {MpxCommand} from '../../src/cli/base-command.js'
import {commonFlags, runProxyConfig, targetArg, endpointFlags} from '../../src/cli/proxy-config.js'

export default class ProxyConfigEndpoints extends MpxCommand {
  static summary = "Retrieve endpoint health from Envoy's /clusters"
  static description = `Shows every upstream host Envoy knows with its health (EDS health status) and outlier-detection state, from the admin /clusters?format=json answer (with --file: a saved /clusters?format=json, not a config dump; use 'pc eds' for a config dump's EDS section).`
  static aliases = ['proxy-config:endpoint', 'proxy-config:ep', 'pc:endpoints', 'pc:endpoint', 'pc:ep']
  static examples = [
    '<%= config.bin %> pc endpoints --file samples/productpage.clusters.json',
    '<%= config.bin %> pc endpoints -f samples/productpage.clusters.json --cluster "outbound|9080||reviews.default.svc.cluster.local"',
    '<%= config.bin %> pc endpoints -f samples/productpage.clusters.json --status unhealthy',
  ]
  static args = targetArg
  static flags = {...commonFlags, ...endpointFlags}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ProxyConfigEndpoints)
    this.finish(await runProxyConfig('endpoints', args.target, flags, (n) => this.note(n)))
  }
}
