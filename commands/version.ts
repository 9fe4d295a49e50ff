import {Flags} from '../src/cli/oclif.js'
import {MpxCommand} from '../src/cli/base-command.js'
import {renderVersion, versionInfo} from '../src/cli/version.js'

export default class Version extends MpxCommand {
  static summary = 'Print the mpx version, with Node.js and the platform'
  static description = 'Prints what --version prints (mpx/VERSION PLATFORM node-VERSION); -o json gives {"mpx", "node", "platform"} for scripts and bug reports.'
  static examples = ['<%= config.bin %> version', '<%= config.bin %> version -o json']
  static flags = {
    output: Flags.string({char: 'o', description: 'Output format.', default: 'short', options: ['short', 'json', 'yaml']}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Version)
    this.print(await renderVersion(versionInfo(this.config.version), flags.output))
  }
}
