import {MpxCommand} from '../src/cli/base-command.js'
import {diffArgs, diffFlags, runDiff} from '../src/cli/diff.js'

export default class Diff extends MpxCommand {
  static summary = 'Show what changed between two snapshots of a sidecar (pods, config dumps or bundles), resource by resource, and the Istio object behind each change'
  static description = `Compares two Envoy states semantically and lists the resources added, removed or changed: listeners, filter chains, route configurations, virtual hosts, routes, clusters, endpoints (EDS, or live health from /clusters when both sides have it), secrets (certificate serial and validity only, never key material), the bootstrap and ECDS extension configs. Each side is a config dump file (JSON or YAML, snake_case or lowerCamelCase; - for stdin on one side), an mpx dump bundle, or a pod.

Object key order never counts, nor the order of the lists Envoy treats as sets (domains, filter chain matches, route header matchers, endpoints) nor the order of listeners, clusters, filter chains and virtual hosts; route order within a virtual host does. version_info, last_updated and admin counters are ignored unless --include-versions. Each change is attributed to the Istio object in the resource's metadata (filter_metadata.istio.config: VirtualService on routes, DestinationRule on clusters), else shown with "-".

Output: a table CHANGE TYPE NAME ISTIO CONFIG DETAIL (nothing when equal); --details adds a unified diff per changed resource; -o json|yaml prints {"changes": [{"change": "added|removed|changed", "type", "name", "istioConfig": "VirtualService reviews.default" or null, "fields": [{"path", "from", "to"}]}]}.

Exit status: 0 when equal, 1 when different, 2 on a tool error (unreadable input, unreachable pod), 64 for usage errors.`
  static examples = [
    '<%= config.bin %> diff before.json after.json',
    '<%= config.bin %> diff before.tar.gz productpage-v1-76474f6fb7-pmglr',
    '<%= config.bin %> diff before.json after.json --details',
    '<%= config.bin %> diff before.json after.json -o json | jq \'.changes[] | select(.istioConfig == "VirtualService reviews.default")\'',
    'kubectl exec productpage-v1-76474f6fb7-pmglr -c istio-proxy -- pilot-agent request GET config_dump | <%= config.bin %> diff before.json -',
  ]
  static args = diffArgs
  static flags = diffFlags

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Diff)
    this.finish(await runDiff(args, flags, (n) => this.note(n)))
  }
}
