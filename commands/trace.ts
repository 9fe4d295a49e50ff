import {MpxCommand} from '../src/cli/base-command.js'
import {runTrace, traceArgs, traceFlags} from '../src/cli/trace.js'

export default class Trace extends MpxCommand {
  static summary = 'Trace a request through a sidecar: listener, filter chain, route, cluster, endpoints, and the response flag it gets'
  static description = `Walks one request through the sidecar's Envoy configuration as iptables and Envoy handle it: the destination (service VIP from the dump, or --ip), the listener (virtualOutbound hands off to <ip>:<port>, else 0.0.0.0:<port>, else its own PassthroughCluster/BlackHoleCluster chains; --inbound: virtualInbound), the filter chain, the network filter (HTTP connection manager with its route configuration, or tcp_proxy), the virtual host, the route, the cluster (type, subset, TLS mode, DestinationRule) and its endpoints (EDS, or live health from /clusters). Each step shows the resource picked and the rule that matched; misses show the nearest candidates. The verdict gives the Envoy response flag: OK, NR (no route), NC (cluster not found), UH (no healthy upstream), BlackHole, Passthrough or DirectResponse, with the likely cause (the VirtualService from the route metadata when a route points at a cluster CDS lacks).

--file also takes a bare RouteConfiguration (YAML or JSON, as Envoy's router_check_tool uses): the trace then starts at the virtual host with the URL's host as authority. -o json prints {"steps": [{"stage", "name", "reason"}], "verdict": {"flag", "listener", "routeConfig", "virtualHost", "route", "cluster", "weightedClusters", "pathRewrite", "hostRewrite", "redirect", "status", "endpoints", "cause"}}.

Exit status: 0 when the request would be served (OK, Passthrough, DirectResponse, a redirect), 1 when it fails (NR, NC, UH, BlackHole), 2 on a tool error (unreadable input, unreachable pod), 64 for usage errors.`
  static examples = [
    '<%= config.bin %> trace productpage-v1-76474f6fb7-pmglr http://reviews:9080/',
    "<%= config.bin %> trace -f samples/productpage.config_dump.json http://reviews:9080/ -H 'end-user: jason'",
    '<%= config.bin %> trace -f samples/productpage.config_dump.json --clusters samples/productpage.clusters.json http://ratings:9080/ratings/0 -o json',
    '<%= config.bin %> trace -f samples/productpage.config_dump.json kubernetes.default:443',
    '<%= config.bin %> trace -f samples/productpage.config_dump.json --inbound http://productpage:9080/productpage',
    '<%= config.bin %> trace -f routes.yaml http://www.example.com/api/v1',
  ]
  static args = traceArgs
  static flags = traceFlags

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Trace)
    this.finish(await runTrace(args, flags, (n) => this.note(n)))
  }
}
