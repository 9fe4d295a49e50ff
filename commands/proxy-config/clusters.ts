import {MpxCommand} from '../../src/cli/base-command.js'
import {commonFlags, runProxyConfig, targetArg, clusterFlags} from '../../src/cli/proxy-config.js'

export default class ProxyConfigClusters extends MpxCommand {
  static summary = 'Retrieve cluster configuration (CDS) of an Envoy sidecar'
  static description = `Shows the clusters Envoy has loaded (dynamic active, then static) as istioctl does: SERVICE FQDN, PORT, SUBSET, DIRECTION, TYPE and the DestinationRule that produced each. Filters are substring tests on the cluster name (Istio names clusters direction|port|subset|fqdn).`
  static aliases = ['proxy-config:cluster', 'proxy-config:c', 'pc:clusters', 'pc:cluster', 'pc:c']
  static examples = [
    '<%= config.bin %> pc clusters --file samples/productpage.config_dump.json',
    '<%= config.bin %> pc clusters -f samples/productpage.config_dump.json --fqdn reviews.default.svc.cluster.local',
    '<%= config.bin %> pc clusters -f samples/productpage.config_dump.json --port 9080 --subset v1 -o json',
  ]
  static args = targetArg
  static flags = {...commonFlags, ...clusterFlags}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ProxyConfigClusters)
    this.finish(await runProxyConfig('clusters', args.target, flags, (n) => this.note(n)))
  }
}
