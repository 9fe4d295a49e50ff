import {Command, Help} from '../../src/cli/oclif.js'
export default class ZtunnelConfig extends Command {
  static summary = 'Retrieve information about a ztunnel\'s configuration'
  static description = 'A group of commands that read a ztunnel\'s configuration (from a ztunnel or workload pod, --node, or a saved dump with --file) and print it as istioctl ztunnel-config does: workloads, services, policies, certificates, connections, all; log sets its log levels.'
  static aliases = ['zc']
  static examples = [
    '<%= config.bin %> ztunnel-config workloads --file ztunnel-config.json',
    '<%= config.bin %> zc certificates --node ambient-worker',
  ]

  async run(): Promise<void> {
    await new Help(this.config).showHelp(['ztunnel-config'])
  }
}
