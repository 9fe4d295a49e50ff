import {Args} from '../src/cli/oclif.js'
import {MpxCommand} from '../src/cli/base-command.js'
import {proxyStatusFlags, runProxyStatus} from '../src/cli/proxy-status.js'

export default class ProxyStatus extends MpxCommand {
  static summary = 'Show the xDS sync status of every proxy, or diff one pod\'s Envoy config against istiod\'s'
  static description = `Without a pod: asks every istiod replica (pods labelled app=istiod in istio-system) for /debug/syncz at once and prints one row per connected proxy, sorted by proxy ID: NAME, CLUSTER, the state of CDS, LDS, EDS, RDS and ECDS (SYNCED, NOT SENT, STALE, STALE (Never Acknowledged), ERROR for a NACK, with the time since the last push when istiod reports it), the ISTIOD replica holding the connection and the proxy's Istio VERSION. -n keeps one namespace; --all also names the sidecar pods no istiod lists.

With a pod: finds the istiod replica that holds the pod's connection, reads istiod's view of the pod's config (/debug/config_dump?proxyID=) and Envoy's own /config_dump, normalises both as istioctl does (dynamic resources only, sorted, versions and timestamps cleared) and also ignores key order, field naming, v2/v3 type URLs and fields holding proto3 defaults, then prints "Clusters Match" or "Clusters Don't Match" with a summary line and a unified diff (--- Istiod, +++ Envoy, 7 lines of context), and the same for listeners and routes (and endpoints, secrets with --types). --file and --istiod-file replace either side with a saved dump; with both, no cluster is needed. The RDS load time is printed in UTC.

Exit status: 0 even when something differs or is stale, as istioctl, unless --exit-code; 1 on failure; 64 on a usage error.`
  static aliases = ['ps']
  static examples = [
    '<%= config.bin %> proxy-status',
    '<%= config.bin %> ps -n bookinfo -o json',
    '<%= config.bin %> ps --all --exit-code',
    '<%= config.bin %> ps productpage-v1-76474f6fb7-pmglr.bookinfo',
    '<%= config.bin %> ps deployment/reviews-v1 --types clusters,endpoints --exit-code',
    '<%= config.bin %> ps --file envoy-config-dump.json --istiod-file istiod-config-dump.json',
  ]
  static args = {
    target: Args.string({
      description: 'Pod to diff against istiod: [<type>/]<name>[.<namespace>]. Without it, list the sync status of every proxy.',
      required: false,
      ignoreStdin: true,
    }),
  }
  static flags = proxyStatusFlags

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ProxyStatus)
    const r = await runProxyStatus(args.target, flags, (n) => this.note(n))
    this.print(r.stdout)
    for (const n of r.notes) this.note(n)
    this.finish({stdout: '', errors: r.errors, exitCode: r.exitCode})
  }
}
