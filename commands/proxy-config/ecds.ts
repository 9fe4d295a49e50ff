import {MpxCommand} from '../../src/cli/base-command.js'
import {commonFlags, runProxyConfig, targetArg} from '../../src/cli/proxy-config.js'

export default class ProxyConfigEcds extends MpxCommand {
  static summary = 'Retrieve extension configuration (ECDS) of an Envoy sidecar'
  static description = `Shows the extension configs delivered by ECDS (for example Wasm plugins and Istio telemetry filters) from every EcdsConfigDump section, with their config type.`
  static aliases = ['proxy-config:ec', 'pc:ecds', 'pc:ec']
  static examples = [
    '<%= config.bin %> pc ecds --file samples/productpage.config_dump.json',
    '<%= config.bin %> pc ecds -f samples/productpage.config_dump.json -o yaml',
  ]
  static args = targetArg
  static flags = {...commonFlags}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ProxyConfigEcds)
    this.finish(await runProxyConfig('ecds', args.target, flags, (n) => this.note(n)))
  }
}
