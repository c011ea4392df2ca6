import type { AwsCredentialIdentity } from '@smithy/types'
import { PvapiError } from '../core/errors.js'
import { ExitCode } from '../core/exit-codes.js'
import { DEFAULT_AWS_LIMITS, sdkLimits, tagEndpointErrors } from './request-limits.js'

/**
 * The endpoint-specific regional DNS name of an execute-api VPC endpoint, read with
 * DescribeVpcEndpoints (read-only). DnsEntries hold the regional name, one name per AZ
 * (`…-us-east-1a.…`) and, with private DNS on, the private names; pick the regional one.
 */
export async function lookupVpceHostname(
  vpceId: string,
  region: string,
  credentials: AwsCredentialIdentity,
): Promise<string> {
  // A real import() (588 KiB of EC2 schema): the library leaves @aws-sdk/* to the runtime, and
  // a bundler keeps it off the path of every call that names its endpoint by DNS name.
  const { EC2Client, DescribeVpcEndpointsCommand } = await import('@aws-sdk/client-ec2')
  // Bounded like every AWS request (request-limits.ts): an endpoint that never answers fails in seconds.
  const ec2 = new EC2Client({ region, credentials, ...sdkLimits() })
  tagEndpointErrors(ec2)
  try {
    const out = await ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [vpceId] }))
    const ep = out.VpcEndpoints?.[0]
    if (!ep)
      throw new PvapiError(
        'PV_VPCE_NOT_FOUND',
        `VPC endpoint ${vpceId} not found in ${region}`,
        ExitCode.Aws,
        'check the id and --region',
      )
    return pickRegionalName(ep.DnsEntries?.map(d => d.DnsName ?? '') ?? [], vpceId)
  } catch (err) {
    if (err instanceof PvapiError) throw err
    const e = err as { name?: string; message?: string }
    if (e.name === 'InvalidVpcEndpointId.NotFound' || e.name === 'InvalidVpcEndpointId.Malformed') {
      throw new PvapiError(
        'PV_VPCE_NOT_FOUND',
        `VPC endpoint ${vpceId} not found in ${region}`,
        ExitCode.Aws,
        'check the id and --region, or pass the endpoint DNS name to --vpce',
        { cause: err },
      )
    }
    if (
      e.name === 'UnauthorizedOperation' ||
      e.name === 'AccessDenied' ||
      e.name === 'AccessDeniedException'
    ) {
      throw new PvapiError(
        'PV_VPCE_DENIED',
        `ec2:DescribeVpcEndpoints denied while looking up ${vpceId}`,
        ExitCode.Aws,
        'pass the endpoint DNS name to --vpce instead (vpce-…-….execute-api.REGION.vpce.amazonaws.com)',
        { cause: err },
      )
    }
    // A silent or unreachable EC2 endpoint: say which host, not smithy's internals.
    const host = (err as { $pvapiEndpoint?: string }).$pvapiEndpoint ?? 'the EC2 endpoint'
    const why =
      e.name === 'TimeoutError'
        ? /establish a connection/.test(e.message ?? '')
          ? `${host} could not be reached within ${DEFAULT_AWS_LIMITS.connectTimeoutMs / 1000} s`
          : `${host} did not answer within ${DEFAULT_AWS_LIMITS.readTimeoutMs / 1000} s`
        : (e.message ?? String(err)).split('\n')[0]
    throw new PvapiError(
      'PV_VPCE_LOOKUP',
      `could not look up ${vpceId}: ${why}`,
      ExitCode.Aws,
      'pass the endpoint DNS name to --vpce instead',
      { cause: err },
    )
  } finally {
    ec2.destroy()
  }
}

/** The regional endpoint-specific name among DnsEntries (pure; exported for tests). */
export function pickRegionalName(names: readonly string[], vpceId: string): string {
  const own = names
    .map(n => n.toLowerCase().replace(/\.$/, ''))
    .filter(n => n.startsWith(`${vpceId}-`) && n.includes('.vpce.'))
  // Zonal names end the first label with the AZ (`vpce-…-abcd1234-us-east-1a`); the regional one has two dashes after the id.
  const regional = own.find(n => /^vpce-[0-9a-f]+-[a-z0-9]+\./.test(n)) ?? own[0]
  if (!regional)
    throw new PvapiError(
      'PV_VPCE_NO_DNS',
      `${vpceId} has no endpoint-specific DNS name`,
      ExitCode.Aws,
      'is it an execute-api interface endpoint? pass its DNS name to --vpce',
    )
  return regional
}
