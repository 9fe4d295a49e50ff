import {Flags} from '../../src/cli/oclif.js'
import {MpxCommand} from '../../src/cli/base-command.js'
import {runZtunnelConfig, ztunnelCommonFlags, ztunnelTargetArg} from '../../src/cli/ztunnel-config.js'

export default class ZtunnelConfigConnections extends MpxCommand {
  static summary = "Retrieve the connections of the workloads on a ztunnel's node"
  static description = 'Shows the inbound and outbound connections of each local workload: local and remote address (named by service or workload unless --raw), original destination, protocol.'
  static aliases = ['ztunnel-config:cons', 'zc:connections', 'zc:cons']
  static examples = ['<%= config.bin %> zc connections -f ztunnel-config.json', '<%= config.bin %> zc cons --node ambient-worker --direction outbound --raw']
  static args = ztunnelTargetArg
  static flags = {...ztunnelCommonFlags, ...{'workload-namespace': Flags.string({description: 'Filter workloads by namespace.'}), direction: Flags.string({description: 'Only inbound or only outbound connections.', options: ['inbound', 'outbound']}), raw: Flags.boolean({description: 'Show IP addresses instead of service and workload names.'})}}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ZtunnelConfigConnections)
    this.finish(await runZtunnelConfig('connections', args.target, flags, (n) => this.note(n)))
  }
}
