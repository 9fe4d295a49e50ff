import {Flags} from '../../src/cli/oclif.js'
import {MpxCommand} from '../../src/cli/base-command.js'
import {commonFlags, runProxyConfig, targetArg} from '../../src/cli/proxy-config.js'

export default class ProxyConfigBootstrap extends MpxCommand {
  static summary = 'Retrieve the bootstrap configuration of an Envoy sidecar'
  static description = 'Prints the BootstrapConfigDump (JSON by default, as istioctl); -o short prints the Istio, Istio proxy and Envoy versions.'
  static aliases = ['proxy-config:b', 'pc:bootstrap', 'pc:b']
  static examples = [
    '<%= config.bin %> pc bootstrap --file samples/productpage.config_dump.json',
    '<%= config.bin %> pc bootstrap -f samples/productpage.config_dump.json -o short',
  ]
  static args = targetArg
  static flags = {
    ...commonFlags,
    output: Flags.string({char: 'o', description: 'Output format: json, yaml, short (version summary), or raw.', default: 'json', helpValue: 'json|yaml|short|raw'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ProxyConfigBootstrap)
    this.finish(await runProxyConfig('bootstrap', args.target, flags, (n) => this.note(n)))
  }
}
