import {Args, Flags} from '../../src/cli/oclif.js'
import {MpxCommand} from '../../src/cli/base-command.js'
import {runZtunnelLog, ztunnelLiveFlags} from '../../src/cli/ztunnel-config.js'

export default class ZtunnelConfigLog extends MpxCommand {
  static summary = 'Retrieve or set the log levels of ztunnel'
  static description = 'Lists, sets (--level) or resets (-r) the log levels of one ztunnel (a ztunnel pod or --node) or of every pod of daemonset/ztunnel, through ztunnel\'s admin /logging. Live only.'
  static aliases = ['zc:log']
  static examples = [
    '<%= config.bin %> zc log',
    '<%= config.bin %> zc log ztunnel-n5bg2.istio-system --level off',
    '<%= config.bin %> zc log --level access:debug,info',
    '<%= config.bin %> zc log --node ambient-worker -r',
  ]
  static args = {target: Args.string({description: 'A ztunnel pod: <name>[.<namespace>] (default: every pod of daemonset/ztunnel).', required: false, ignoreStdin: true})}
  static flags = {
    ...ztunnelLiveFlags,
    level: Flags.string({description: 'Comma-separated levels, [<logger>:]<level>,... or <level> for every logger; level one of trace, debug, info, warning, error, critical, off.'}),
    reset: Flags.boolean({char: 'r', description: 'Reset the levels to the default (info).'}),
    file: Flags.string({char: 'f', description: 'Not supported (an error): zc log works on live ztunnels only.'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ZtunnelConfigLog)
    this.finish(await runZtunnelLog(args.target, flags, (n) => this.note(n)))
  }
}
