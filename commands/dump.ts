import {Args, Flags} from '../src/cli/oclif.js'
import {MpxCommand} from '../src/cli/base-command.js'
import {liveOptions, podFlags} from '../src/cli/live-flags.js'
import {dumpPod} from '../src/cli/dump.js'

export default class Dump extends MpxCommand {
  static summary = 'Save a snapshot bundle of a sidecar\'s Envoy admin state'
  static description =
    'Saves config_dump (with EDS), clusters, server_info, listeners, certs and stats of one pod, plus a manifest.json (mpx version, time, context, pod, Istio and Envoy versions), as a directory or a .tar.gz written atomically with mode 0600. Every proxy-config view reads it back with --file <bundle>.'
  static examples = [
    '<%= config.bin %> dump productpage-v1-76474f6fb7-pmglr -o productpage.tar.gz',
    '<%= config.bin %> pc endpoints --file productpage.tar.gz',
    '<%= config.bin %> dump deployment/reviews-v1.bookinfo -o reviews-snapshot/',
  ]
  static args = {target: Args.string({description: 'Pod to snapshot: [<type>/]<name>[.<namespace>]', required: true, ignoreStdin: true})}
  static flags = {
    output: Flags.string({char: 'o', description: 'Where to write: a directory (created) or a path ending in .tar.gz (default: <pod>.<namespace>-<time>.tar.gz).', helpValue: '<dir|file.tar.gz>'}),
    ...podFlags,
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Dump)
    const written = await dumpPod(args.target, flags.output, liveOptions(flags, (n) => this.note(n)), this.config.version)
    this.print(`${written}\n`)
  }
}
