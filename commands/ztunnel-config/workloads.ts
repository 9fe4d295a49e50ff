import {Flags} from '../../src/cli/oclif.js'
import {MpxCommand} from '../../src/cli/base-command.js'
import {runZtunnelConfig, ztunnelCommonFlags, ztunnelTargetArg} from '../../src/cli/ztunnel-config.js'

export default class ZtunnelConfigWorkload extends MpxCommand {
  static summary = 'Retrieve the workloads a ztunnel knows'
  static description = "Shows every workload in the ztunnel's config dump as istioctl ztunnel-config workload does: namespace, pod name, address, node, waypoint, protocol, sorted by namespace and name."
  static aliases = ['ztunnel-config:workload', 'ztunnel-config:w', 'zc:workloads', 'zc:workload', 'zc:w']
  static examples = ['<%= config.bin %> zc workloads --file ztunnel-config.json', '<%= config.bin %> zc workloads -f ztunnel-config.json --workload-namespace bookinfo -o json', '<%= config.bin %> zc workloads productpage-v1-675fc69cf-jscn2.bookinfo    # the ztunnel on its node, narrowed to it', '<%= config.bin %> zc w --node ambient-worker --address 10.244.1.37']
  static args = ztunnelTargetArg
  static flags = {...ztunnelCommonFlags, ...{'workload-namespace': Flags.string({description: 'Filter workloads by namespace.'}), address: Flags.string({description: 'Filter workloads by address (one of the workload IPs).'}), 'workload-node': Flags.string({description: 'Filter workloads by node.'})}}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ZtunnelConfigWorkload)
    this.finish(await runZtunnelConfig('workloads', args.target, flags, (n) => this.note(n)))
  }
}
