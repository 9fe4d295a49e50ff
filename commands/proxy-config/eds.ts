import {MpxCommand} from '../../src/cli/base-command.js'
import {commonFlags, runProxyConfig, targetArg, endpointFlags} from '../../src/cli/proxy-config.js'

export default class ProxyConfigEds extends MpxCommand {
  static summary = 'Retrieve endpoints (EDS) from an Envoy config dump'
  static description = `Shows the ClusterLoadAssignments of a config dump saved with include_eds=true: one row per endpoint with its health status, locality and cluster. --address matches ip:port here (as istioctl).`
  static aliases = ['pc:eds']
  static examples = [
    '<%= config.bin %> pc eds --file samples/productpage.config_dump.json',
    '<%= config.bin %> pc eds -f samples/productpage.config_dump.json --port 9080 -o yaml',
  ]
  static args = targetArg
  static flags = {...commonFlags, ...endpointFlags}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ProxyConfigEds)
    this.finish(await runProxyConfig('eds', args.target, flags, (n) => this.note(n)))
  }
}
