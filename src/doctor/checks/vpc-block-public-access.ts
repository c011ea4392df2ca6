import { bpaBlocksCaller } from '../aws2026.js'
import { fail, pass, skipped, unknown, unknownFrom, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'
import { dnsSpeaksForCaller } from './dns-private-resolution.js'

/**
 * Hop 5: VPC Block Public Access (Nov 2024) drops traffic through internet, NAT and egress-only
 * gateways, but never PrivateLink. Two consequences for a private API: when the caller's name
 * resolves to public API Gateway addresses (private DNS off, another VPC's zone), the call
 * times out instead of getting the public path's 403; and when it goes through the endpoint,
 * BPA proves there is no internet path at all. `block-ingress` still lets NAT and egress-only
 * gateways carry outbound connections (AWS docs "VPC BPA basics"; EC2 API
 * DescribeVpcBlockPublicAccessOptions/Exclusions); exclusions in force override the mode.
 */
export const vpcBlockPublicAccess: Check = {
  id: 'vpc.block-public-access',
  hop: 5,
  title:
    'VPC Block Public Access: a call that misses the endpoint times out; otherwise it proves no internet path',
  rows: [9, 22],
  run(s, d) {
    const bpa = s.network.blockPublicAccess
    if (!bpa) return skipped('VPC Block Public Access was not read (a snapshot from an older pvapi)')
    if (bpa.status !== 'ok') return unknownFrom('VPC Block Public Access', bpa)
    const net = valueOf(d.callerNetwork)
    if (!net || net.subnetIds.length === 0)
      return unknown("the caller's subnets are unknown", ['--lambda, --from-imds or --subnet'])
    const blocks = bpaBlocksCaller(s, d)!
    const evidence = [
      `account mode ${bpa.value.mode}${bpa.value.exclusions.length ? `; exclusions: ${bpa.value.exclusions.map(e => `${e.exclusionId} ${e.resourceArn.split(':').pop()} ${e.mode} (${e.state ?? '?'})`).join(', ')}` : ''}`,
      ...blocks.lines,
    ]
    // Does the call miss the endpoint? Its name resolves elsewhere, by an answer that speaks
    // for the caller (dns.private-resolution's rule), or by the configuration: the API's own name
    // with private DNS off on the caller VPC's endpoints.
    const answer = valueOf(s.dns.answers[s.target.connectHost])
    const enis = valueOf(d.endpointAddresses)?.map(a => a.ip) ?? []
    const resolvesAway =
      answer !== undefined &&
      dnsSpeaksForCaller(s, d, answer.server) &&
      answer.addresses.length > 0 &&
      enis.length > 0 &&
      !answer.addresses.some(a => enis.includes(a))
    const inVpc = valueOf(s.network.endpoints)?.filter(e => e.vpcId === net.vpcId) ?? []
    const privateDnsOff =
      s.target.hostKind === 'private-dns' &&
      s.target.connectHost === s.target.hostname &&
      inVpc.length > 0 &&
      !inVpc.some(e => e.privateDnsEnabled)
    const publicPath = resolvesAway || privateDnsOff
    if (publicPath && blocks.byBpa) {
      const ep = valueOf(d.endpoint)
      return fail(
        `${s.target.connectHost} ${resolvesAway && answer ? `resolves to ${answer.addresses.join(', ')}, not the endpoint's addresses (${enis.join(', ')})` : `is the API's own name and private DNS is off on ${inVpc.map(e => e.id).join(', ')}`}: the call heads for public API Gateway, and VPC Block Public Access drops that path, so it times out (not the 403 the public path gives without BPA)`,
        [
          ep && !ep.privateDnsEnabled
            ? `aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${ep.id} --private-dns-enabled --region ${s.target.region}`
            : `aws ec2 describe-vpc-endpoints --filters Name=service-name,Values=com.amazonaws.${s.target.region}.execute-api --region ${s.target.region}`,
          `# or call through the endpoint without private DNS: pvapi call ${s.target.url} --vpce ${ep?.id ?? 'VPCE_ID'}`,
        ].join('\n'),
        [...evidence, ...(answer ? [`DNS ${s.target.connectHost}: ${answer.addresses.join(', ')}`] : [])],
        ep?.id ?? s.target.connectHost,
      )
    }
    if (publicPath && blocks.blocked)
      return skipped(
        `${s.target.connectHost} misses the endpoint and the caller subnets have no way out at all: a timeout that VPC Block Public Access does not cause (see the DNS checks)`,
        evidence,
      )
    if (blocks.blocked)
      return pass(
        `no internet path from the caller's subnets (VPC Block Public Access ${bpa.value.mode}): the private API is reached only through the endpoint, and a name that missed it would time out`,
        evidence,
      )
    return pass(
      `VPC Block Public Access leaves the caller's way out open (${bpa.value.mode}): a name that missed the endpoint would reach public API Gateway (403), see dns.private-dns-enabled and route.no-internet`,
      evidence,
    )
  },
}
