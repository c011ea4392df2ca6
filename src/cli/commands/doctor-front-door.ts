/**
 * `pvapi doctor --from-api REST_API_ID --stage S --path P -X METHOD` (or `--vpc-link ID`): the
 * caller is a regional API Gateway (the front door) whose HTTP integration reaches the private
 * API through a VPC link, a Network Load Balancer and the execute-api endpoint. The checks of
 * its flags; the collection is src/doctor-run/front-door.ts. Kept apart from doctor.ts, which
 * imports it only when --from-api or --vpc-link is given (scripts/build.mjs puts it in the
 * doctor lane, so the CLI chunk every command loads does not carry it).
 */
import { usageError } from '../../core/errors.js'
import type { FrontDoorFlags } from './doctor-front-door-flags.js'

/** Checked before anything is read: what cannot apply to an API Gateway caller is refused. */
export function checkFrontDoorFlags(url: string | undefined, o: FrontDoorFlags): void {
  if (o.fromApi === undefined && o.vpcLink === undefined) return
  if (o.fromApi !== undefined && !/^[a-z0-9]{10}$/.test(o.fromApi))
    throw usageError(
      'PV_BAD_API_ID',
      `--from-api ${o.fromApi}: REST API ids are 10 lower-case letters and digits`,
    )
  if (o.vpcLink !== undefined && !/^[a-z0-9]{1,32}$/.test(o.vpcLink))
    throw usageError(
      'PV_BAD_ARGUMENT',
      `--vpc-link ${JSON.stringify(o.vpcLink)}: expected a VPC link id such as abc123`,
    )
  if (o.fromApi !== undefined && o.vpcLink !== undefined)
    throw usageError(
      'PV_FLAG_CONFLICT',
      "--from-api reads the VPC link from the method's integration; --vpc-link is for when only the link is known",
      'give one of them',
    )
  if (o.fromApi !== undefined && url)
    throw usageError(
      'PV_FLAG_CONFLICT',
      "with --from-api the private API's URL is the integration's URI: give no URL",
      'pvapi doctor --from-api ID --stage S --path /items -X GET',
    )
  if (o.fromApi !== undefined && !o.stage)
    throw usageError('PV_NO_TARGET', '--from-api needs --stage (and --path, -X) naming the front-door method')
  const callerFlags = (
    [
      ['lambda', '--lambda'],
      ['fromImds', '--from-imds'],
      ['vpc', '--vpc'],
      ['callerAssumesRole', '--caller-assumes-role'],
      ['authHeader', '--auth-header'],
      ['signingRegion', '--signing-region'],
      ['signingService', '--signing-service'],
      ['vpce', '--vpce'],
      ['probe', '--probe'],
    ] as const
  )
    .filter(([k]) => o[k] !== undefined && o[k] !== false)
    .map(([, f]): string => f)
  for (const [k, f] of [
    ['subnet', '--subnet'],
    ['callerSg', '--caller-sg'],
    ['callerIp', '--caller-ip'],
  ] as const)
    if (o[k].length > 0) callerFlags.push(f)
  if (callerFlags.length > 0)
    throw usageError(
      'PV_FLAG_CONFLICT',
      `${callerFlags.join(', ')} cannot apply to a front-door caller: API Gateway calls unsigned, from the NLB's network, and the endpoint is the one the NLB targets`,
      `drop ${callerFlags.length === 1 ? 'it' : 'them'}, or describe another caller without ${o.fromApi !== undefined ? '--from-api' : '--vpc-link'}`,
    )
}
