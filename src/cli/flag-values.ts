/**
 * Flags whose value is one of a fixed set, checked when the command line is parsed: a value outside the
 * set is a usage error (exit 64) that lists the valid values, before anything is read or fetched.
 */
import {Flags} from './oclif.js'
import {UsageError} from '../errors.js'

/**
 * Checks `value` against `values`.
 * @param caseInsensitive compare ignoring case (the value is returned as typed)
 * @returns the value
 * @throws UsageError `--status: "bogus" is not one of HEALTHY, UNHEALTHY, ...`
 */
export function checkChoice(flag: string, value: string, values: readonly string[], caseInsensitive = true): string {
  const ok = caseInsensitive ? values.some((v) => v.toLowerCase() === value.toLowerCase()) : values.includes(value)
  if (!ok) throw new UsageError(`--${flag}: "${value}" is not one of ${values.join(', ')}`, 'BAD_FLAG_VALUE')
  return value
}

/**
 * A string flag restricted to `values` (case-insensitive), validated at parse time.
 * @param opts oclif string-flag options (description, char, helpGroup...)
 */
export function choiceFlag(flag: string, values: readonly string[], opts: {description: string; char?: 'a' | 't'; helpGroup?: string}) {
  return Flags.string({...opts, helpValue: values.join('|'), parse: async (input: string) => checkChoice(flag, input, values)})
}
