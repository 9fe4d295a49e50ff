import {MpxCommand} from '../../src/cli/base-command.js'
import {runZtunnelConfig, ztunnelCommonFlags, ztunnelTargetArg} from '../../src/cli/ztunnel-config.js'

export default class ZtunnelConfigCertificates extends MpxCommand {
  static summary = 'Retrieve the certificates a ztunnel holds'
  static description = 'Shows the certificates of every identity the ztunnel holds: type (Leaf, Intermediate, Root), state, whether valid now, serial number and validity window.'
  static aliases = ['ztunnel-config:certificate', 'ztunnel-config:certs', 'ztunnel-config:cert', 'zc:certificates', 'zc:certificate', 'zc:certs', 'zc:cert']
  static examples = ['<%= config.bin %> zc certificates -f ztunnel-config.json', '<%= config.bin %> zc certs ztunnel-n5bg2.istio-system -o json']
  static args = ztunnelTargetArg
  static flags = {...ztunnelCommonFlags}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ZtunnelConfigCertificates)
    this.finish(await runZtunnelConfig('certificates', args.target, flags, (n) => this.note(n)))
  }
}
