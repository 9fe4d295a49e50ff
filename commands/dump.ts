import {Args, Flags} from '../src/cli/oclif.js'
import {MpxCommand} from '../src/cli/base-command.js'
import {fanOutSelector, liveOptions, podFlags} from '../src/cli/live-flags.js'
import {dumpPods, renderDumpResult} from '../src/cli/dump.js'
import {UsageError} from '../src/errors.js'

export default class Dump extends MpxCommand {
  static summary = 'Save a snapshot bundle of a sidecar\'s Envoy admin state'
  static description =
    'Saves config_dump (with EDS), clusters, server_info, listeners, certs and stats of one pod, plus a manifest.json (mpx version, time, context, pod, Istio and Envoy versions), as a directory or a .tar.gz written atomically with mode 0600 (Ctrl-C leaves nothing behind). Every proxy-config view reads it back with --file <bundle>. With -l or -A, one .tar.gz per pod is written into the --out directory.\n\nExit codes: 0 written, 1 a pod or the cluster failed (with -l, the other pods are still written), 64 usage, 130 interrupted (143 on SIGTERM).'
  static examples = [
    '<%= config.bin %> dump productpage-v1-76474f6fb7-pmglr --out productpage.tar.gz',
    '<%= config.bin %> pc endpoints --file productpage.tar.gz',
    '<%= config.bin %> dump deployment/reviews-v1.bookinfo --out reviews-snapshot/',
    '<%= config.bin %> dump -l app=reviews --out snapshots/',
    '<%= config.bin %> dump productpage-v1-76474f6fb7-pmglr --out - | tar tz',
  ]
  static args = {target: Args.string({description: 'Pod to snapshot: [<type>/]<name>[.<namespace>]', required: false, ignoreStdin: true})}
  static flags = {
    out: Flags.string({description: 'Where to write: a path ending in .tar.gz, a directory, or - for stdout (default: <pod>.<namespace>-<time>.tar.gz). With -l/-A: a directory.', helpValue: '<file.tar.gz|dir|->'}),
    output: Flags.string({char: 'o', description: 'What to print about the bundles written: short (their paths) or json ({"bundles": [{pod, namespace, path}]}).', default: 'short', options: ['short', 'json']}),
    ...podFlags,
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Dump)
    const selector = fanOutSelector(flags)
    if ((args.target === undefined) === (selector === undefined)) throw new UsageError('dump needs a pod target or -l/-A (exactly one): see mpx dump --help', 'NO_TARGET')
    const r = await dumpPods(args.target, selector, flags.out, liveOptions(flags, (n) => this.note(n)), this.config.version, process.stdout)
    this.finish({stdout: renderDumpResult(r, flags.output), errors: r.errors, exitCode: r.errors.length > 0 ? 1 : 0})
  }
}
