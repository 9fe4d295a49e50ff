import {MpxCommand} from '../../src/cli/base-command.js'
import {commonFlags, runProxyConfig, targetArg, listenerFlags} from '../../src/cli/proxy-config.js'

export default class ProxyConfigListeners extends MpxCommand {
  static summary = 'Retrieve listener configuration (LDS) of an Envoy sidecar'
  static description = `Shows the listeners Envoy has loaded (dynamic active, then static): one row per filter chain with what it matches (SNI, transport and application protocols, destination addresses) and where it sends traffic (route configuration, cluster), as istioctl does. --no-verbose shows one row per listener with its type.`
  static aliases = ['proxy-config:listener', 'proxy-config:l', 'pc:listeners', 'pc:listener', 'pc:l']
  static examples = [
    '<%= config.bin %> pc listeners --file samples/productpage.config_dump.json',
    '<%= config.bin %> pc listeners -f samples/productpage.config_dump.json --port 15001 -o json',
    '<%= config.bin %> pc listeners -f samples/productpage.config_dump.json --type HTTP --no-verbose',
  ]
  static args = targetArg
  static flags = {...commonFlags, ...listenerFlags}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ProxyConfigListeners)
    this.finish(await runProxyConfig('listeners', args.target, flags, (n) => this.note(n)))
  }
}
