import {Flags} from '../../src/cli/oclif.js'
import {MpxCommand} from '../../src/cli/base-command.js'
import {clusterFlags, commonFlags, listenerFlags, routeFlags, runProxyConfig, targetArg} from '../../src/cli/proxy-config.js'

export default class ProxyConfigAll extends MpxCommand {
  static summary = 'Retrieve all configuration of an Envoy sidecar'
  static description = 'Prints the bootstrap version summary and the cluster, listener, route, secret and endpoint (EDS) tables in one go; -o json|yaml prints the whole config dump unchanged.'
  static aliases = ['proxy-config:a', 'pc:all', 'pc:a']
  static examples = [
    '<%= config.bin %> pc all --file samples/productpage.config_dump.json',
    '<%= config.bin %> pc all -f samples/productpage.config_dump.json --with-headers --port 9080',
    '<%= config.bin %> pc all -f samples/productpage.config_dump.json -o json',
  ]
  static args = targetArg
  static flags = {
    ...commonFlags,
    ...clusterFlags,
    ...listenerFlags,
    name: routeFlags.name,
    port: Flags.integer({description: 'Filter clusters (|<port>|), listeners and endpoints by port.', min: 0, max: 65535, helpValue: '<port>'}),
    address: Flags.string({description: 'Filter listeners and endpoints by address.'}),
    verbose: Flags.boolean({description: 'Listener and route tables with one row per filter chain / route.', default: true, allowNo: true}),
    'with-headers': Flags.boolean({description: 'Precede each section with a ------ <KIND> INFO ------ header.', default: false}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ProxyConfigAll)
    this.finish(await runProxyConfig('all', args.target, flags, (n) => this.note(n)))
  }
}
