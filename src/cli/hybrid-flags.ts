/**
 * `doctor --caller-cidr CIDR --from-vpc VPC`: an on-premises caller (Direct Connect or VPN).
 * Checked before any AWS call, like the other caller flags: each needs the other, and neither
 * goes with a flag that places the caller inside a VPC (a flag given is never ignored).
 */
import { usageError } from '../core/errors.js'
import { checkIdFlag } from './id-flags.js'

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)'
const CIDR4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}/(?:3[0-2]|[12]?\\d)$`)

export interface HybridFlags {
  readonly callerCidr: readonly string[]
  readonly fromVpc?: string | undefined
  readonly lambda?: string | undefined
  readonly fromImds?: boolean | undefined
  readonly vpc?: string | undefined
  readonly subnet: readonly string[]
  readonly callerSg: readonly string[]
  readonly callerIp: readonly string[]
}

/** Throw a usage error (exit 2) when the on-premises caller flags are malformed or contradict others. */
export function checkHybridFlags(o: HybridFlags): void {
  for (const c of o.callerCidr)
    if (!CIDR4.test(c))
      throw usageError(
        'PV_BAD_CIDR',
        `--caller-cidr ${JSON.stringify(c)}: expected an IPv4 CIDR block such as 192.168.10.0/24 (one host: 192.168.10.5/32)`,
      )
  checkIdFlag('--from-vpc', o.fromVpc, 'vpc')
  if (o.callerCidr.length > 0 && !o.fromVpc)
    throw usageError(
      'PV_FLAG_CONFLICT',
      '--caller-cidr needs --from-vpc: the VPC the on-premises traffic enters (over its transit gateway or virtual private gateway)',
      "usually the endpoint's VPC, e.g. --from-vpc vpc-0123456789abcdef0",
    )
  if (o.fromVpc && o.callerCidr.length === 0)
    throw usageError(
      'PV_FLAG_CONFLICT',
      "--from-vpc names where an on-premises caller's traffic enters AWS: it needs --caller-cidr",
      'a caller inside a VPC is given with --vpc/--subnet/--caller-sg, --lambda or --from-imds',
    )
  if (o.callerCidr.length === 0) return
  const inside = [
    ...(o.lambda ? ['--lambda'] : []),
    ...(o.fromImds ? ['--from-imds'] : []),
    ...(o.vpc ? ['--vpc'] : []),
    ...(o.subnet.length ? ['--subnet'] : []),
    ...(o.callerSg.length ? ['--caller-sg'] : []),
    ...(o.callerIp.length ? ['--caller-ip'] : []),
  ]
  if (inside.length > 0)
    throw usageError(
      'PV_FLAG_CONFLICT',
      `--caller-cidr describes an on-premises caller; ${inside.join(', ')} ${inside.length === 1 ? 'places' : 'place'} the caller inside a VPC`,
      'give one or the other (one on-premises host: --caller-cidr 192.168.10.5/32)',
    )
}
