import {Command, Help} from '../../src/cli/oclif.js'
export default class ProxyConfig extends Command {
  static summary = 'Retrieve information about an Envoy sidecar\'s configuration (alias: pc)'
  static description = 'A group of commands that read an Envoy sidecar\'s configuration (from a pod, or from a saved dump with --file) and print it as istioctl proxy-config does: listeners, routes, clusters, endpoints, eds, bootstrap, secrets, ecds, all.'
  static aliases = ['pc']
  static examples = [
    '<%= config.bin %> proxy-config listeners --file samples/productpage.config_dump.json --port 15001 -o json',
    '<%= config.bin %> pc clusters -f samples/productpage.config_dump.json --fqdn reviews',
  ]

  async run(): Promise<void> {
    await new Help(this.config).showHelp(['proxy-config'])
  }
}

