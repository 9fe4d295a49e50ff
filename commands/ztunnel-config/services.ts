import {Flags} from '../../src/cli/oclif.js'
import {MpxCommand} from '../../src/cli/base-command.js'
import {runZtunnelConfig, ztunnelCommonFlags, ztunnelTargetArg} from '../../src/cli/ztunnel-config.js'

export default class ZtunnelConfigServices extends MpxCommand {
  static summary = 'Retrieve the services a ztunnel knows'
  static description = "Shows every service in the ztunnel's config dump: namespace, name, VIPs, waypoint, healthy/all endpoints."
  static aliases = ['ztunnel-config:service', 'ztunnel-config:svc', 'ztunnel-config:s', 'zc:services', 'zc:service', 'zc:svc', 'zc:s']
  static examples = ['<%= config.bin %> zc services -f ztunnel-config.json', '<%= config.bin %> zc svc -f ztunnel-config.json --service-namespace default -o yaml']
  static args = ztunnelTargetArg
  static flags = {...ztunnelCommonFlags, ...{'service-namespace': Flags.string({description: 'Filter services by namespace.'})}}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ZtunnelConfigServices)
    this.finish(await runZtunnelConfig('services', args.target, flags, (n) => this.note(n)))
  }
}
