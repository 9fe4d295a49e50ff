import {MpxCommand} from '../../src/cli/base-command.js'
import {commonFlags, runProxyConfig, targetArg} from '../../src/cli/proxy-config.js'

export default class ProxyConfigSecrets extends MpxCommand {
  static summary = 'Retrieve secrets (SDS) of an Envoy sidecar'
  static description = `Shows the certificates Envoy holds (warming, then active): whether each is a CA or a certificate chain, whether it is valid now, its serial number and validity window.`
  static aliases = ['proxy-config:secret', 'proxy-config:s', 'pc:secrets', 'pc:secret', 'pc:s']
  static examples = [
    '<%= config.bin %> pc secrets --file samples/productpage.config_dump.json',
    '<%= config.bin %> pc secrets -f samples/productpage.config_dump.json -o json',
  ]
  static args = targetArg
  static flags = {...commonFlags}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ProxyConfigSecrets)
    this.finish(await runProxyConfig('secrets', args.target, flags, (n) => this.note(n)))
  }
}
