import {MpxCommand} from '../../src/cli/base-command.js'
import {commonFlags, runProxyConfig, targetArg, routeFlags} from '../../src/cli/proxy-config.js'

export default class ProxyConfigRoutes extends MpxCommand {
  static summary = 'Retrieve route configuration (RDS) of an Envoy sidecar'
  static description = `Shows the route configurations Envoy has loaded: one row per route with its virtual host, domains, path match and the VirtualService that produced it, as istioctl does. Routes to PassthroughCluster are left out; a virtual host without routes shows as /* 404.`
  static aliases = ['proxy-config:route', 'proxy-config:r', 'pc:routes', 'pc:route', 'pc:r']
  static examples = [
    '<%= config.bin %> pc routes --file samples/productpage.config_dump.json',
    '<%= config.bin %> pc routes -f samples/productpage.config_dump.json --name 9080 -o json',
  ]
  static args = targetArg
  static flags = {...commonFlags, ...routeFlags}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ProxyConfigRoutes)
    this.finish(await runProxyConfig('routes', args.target, flags, (n) => this.note(n)))
  }
}
