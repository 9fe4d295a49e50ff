import {Flags} from '../../src/cli/oclif.js'
import {MpxCommand} from '../../src/cli/base-command.js'
import {runZtunnelConfig, ztunnelCommonFlags, ztunnelTargetArg} from '../../src/cli/ztunnel-config.js'

export default class ZtunnelConfigAll extends MpxCommand {
  static summary = "Retrieve all of a ztunnel's configuration"
  static description = 'Prints the workload, service, policy, certificate and connection tables; -o json|yaml prints the whole config dump.'
  static aliases = ['zc:all']
  static examples = ['<%= config.bin %> zc all -f ztunnel-config.json --with-headers', '<%= config.bin %> zc all ztunnel-n5bg2.istio-system -o json']
  static args = ztunnelTargetArg
  static flags = {...ztunnelCommonFlags, ...{'with-headers': Flags.boolean({description: 'Print a header before each section.'})}}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ZtunnelConfigAll)
    this.finish(await runZtunnelConfig('all', args.target, flags, (n) => this.note(n)))
  }
}
