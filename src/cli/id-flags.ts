/**
 * Shapes of the AWS ids and addresses users type, checked the same way by every command before
 * any AWS call: a typo (`--vpc vpcX`, `--caller-ip 999.0.0.1`) is exit 2 with one line, not a
 * live run that reads nothing and reports `unknown`. Ids are printed inside `aws ec2 …` fixes
 * too, so anything else could be shell syntax in a command the user pastes.
 */
import { usageError } from '../core/errors.js'
import { parseIpBlock } from '../policy/conditions/ip.js'

/** EC2 ids: a prefix and 8 (older resources) or 17 hex digits. */
const ID_PATTERNS = {
  vpc: /^vpc-[0-9a-f]{8}(?:[0-9a-f]{9})?$/,
  subnet: /^subnet-[0-9a-f]{8}(?:[0-9a-f]{9})?$/,
  sg: /^sg-[0-9a-f]{8}(?:[0-9a-f]{9})?$/,
  vpce: /^vpce-[0-9a-f]{8}(?:[0-9a-f]{9})?$/,
} as const

const EXAMPLES: Readonly<Record<keyof typeof ID_PATTERNS, string>> = {
  vpc: 'a VPC id (vpc- and 8 or 17 hex digits, e.g. vpc-0123456789abcdef0)',
  subnet: 'a subnet id (subnet- and 8 or 17 hex digits, e.g. subnet-0123456789abcdef0)',
  sg: 'a security group id (sg- and 8 or 17 hex digits, e.g. sg-0123456789abcdef0)',
  vpce: 'a VPC endpoint id (vpce- and 8 or 17 hex digits, e.g. vpce-0123456789abcdef0)',
}

/** Throw a usage error (exit 2) unless `value` is an id of that kind. Undefined passes. */
export function checkIdFlag(flag: string, value: string | undefined, kind: keyof typeof ID_PATTERNS): void {
  if (value !== undefined && !ID_PATTERNS[kind].test(value))
    throw usageError('PV_BAD_ARGUMENT', `${flag} ${JSON.stringify(value)}: expected ${EXAMPLES[kind]}`)
}

// Dotted quad, each part 0-255 without leading zeros (node:net is not loaded for this alone).
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)'
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`)

/**
 * Throw a usage error (exit 2) unless `value` is an IPv4 address or an IPv6 address (a
 * dual-stack caller: `--caller-ip` may be given once per family). No block, no zone id.
 */
export function checkIpFlag(flag: string, value: string): void {
  if (IPV4.test(value)) return
  const v6 = value.includes(':') && !value.includes('/') ? parseIpBlock(value) : undefined
  if (v6?.family === 6) return
  throw usageError(
    'PV_BAD_IP',
    `${flag} ${JSON.stringify(value)}: expected an IPv4 address such as 10.0.1.15 or an IPv6 address such as 2600:1f18::15`,
  )
}
