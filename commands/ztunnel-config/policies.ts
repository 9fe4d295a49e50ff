import {Flags} from '../../src/cli/oclif.js'
import {MpxCommand} from '../../src/cli/base-command.js'
import {runZtunnelConfig, ztunnelCommonFlags, ztunnelTargetArg} from '../../src/cli/ztunnel-config.js'

export default class ZtunnelConfigPolicies extends MpxCommand {
  static summary = 'Retrieve the authorization policies a ztunnel enforces'
  static description = "Shows every authorization policy in the ztunnel's config dump: namespace, name, action, scope."
  static aliases = ['ztunnel-config:policy', 'ztunnel-config:pol', 'ztunnel-config:p', 'zc:policies', 'zc:policy', 'zc:pol', 'zc:p']
  static examples = ['<%= config.bin %> zc policies -f ztunnel-config.json', '<%= config.bin %> zc pol -f ztunnel-config.json -o json']
  static args = ztunnelTargetArg
  static flags = {...ztunnelCommonFlags, ...{'policy-namespace': Flags.string({description: 'Filter policies by namespace.'})}}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ZtunnelConfigPolicies)
    this.finish(await runZtunnelConfig('policies', args.target, flags, (n) => this.note(n)))
  }
}
