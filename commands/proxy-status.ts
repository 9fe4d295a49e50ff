import {Args} from '../src/cli/oclif.js'
import {MpxCommand} from '../src/cli/base-command.js'
import {proxyStatusFlags, runProxyStatus} from '../src/cli/proxy-status.js'

export default class ProxyStatus extends MpxCommand {
  static summary = 'Show the xDS sync status of every proxy, or diff one pod\'s Envoy config against istiod\'s'
  static description = `Without a pod: asks the istiod replicas (pods labelled app=istiod in istio-system; by default only those of the default revision, the istio.io/rev label of the istio-revision-tag-default MutatingWebhookConfiguration, else "default", as istioctl; -r picks a revision, --all-revisions takes every one) at once for /debug/syncz and prints istioctl's table, one row per connected proxy sorted by proxy ID: NAME, CLUSTER, ISTIOD (the replica holding the connection), the proxy's Istio VERSION and SUBSCRIBED TYPES ("5 (CDS,LDS,EDS,RDS,ECDS)", or 0). -v 1 prints one column per xDS type instead (SYNCED, STALE, ERROR for a NACK, with the time since the last push, NOT SENT, IGNORED for a type the proxy does not watch). -o json|yaml print what istioctl prints (one DiscoveryResponse document per istiod); -o records-json|records-yaml mpx's array of per-proxy records with a "synced" flag. -n keeps the proxies of one namespace (node metadata NAMESPACE); --all also names the sidecar pods no istiod lists. mpx reads istiod's HTTP debug port (15014), not XDS.

With a pod: finds the istiod replica that holds the pod's connection, reads istiod's view of the pod's config (/debug/config_dump?proxyID=) and Envoy's own /config_dump, normalises both as istioctl does (dynamic resources only, sorted, versions and timestamps cleared) and also ignores key order, field naming, v2/v3 type URLs and fields holding proto3 defaults, then prints "Clusters Match" or "Clusters Don't Match" with a summary line and a unified diff (--- Istiod, +++ Envoy, 7 lines of context), and the same for listeners and routes (and endpoints, secrets with --types). --file and --istiod-file replace either side with a saved dump; with both, no cluster is needed. The RDS load time is printed in UTC.

Exit status: 0 even when something differs or is stale, as istioctl, unless --exit-code; 1 on failure; 64 on a usage error.`
  static aliases = ['ps']
  static examples = [
    '<%= config.bin %> proxy-status',
    '<%= config.bin %> ps -v 1',
    '<%= config.bin %> ps -n bookinfo -o json',
    '<%= config.bin %> ps -o records-json --all-revisions',
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
