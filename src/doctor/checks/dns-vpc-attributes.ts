import { fail, pass, unknown, unknownFrom, whyMissing, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

/** Hop 2: the caller VPC has enableDnsSupport (and enableDnsHostnames for private hosted zones) (row 10). */
export const dnsVpcAttributes: Check = {
  id: 'dns.vpc-attributes',
  hop: 2,
  title: 'the VPC has enableDnsSupport and enableDnsHostnames (private hosted zones need both)',
  rows: [10],
  run(s, d) {
    const vpcId = valueOf(d.callerNetwork)?.vpcId ?? valueOf(d.endpoint)?.vpcId
    if (!vpcId) return unknown("the caller's VPC is unknown", ['--lambda, --from-imds or --vpc'])
    const vpc = s.network.vpcs[vpcId]
    if (!vpc) return unknown(`VPC ${vpcId} was not read`, ['ec2:DescribeVpcs'])
    if (vpc.status !== 'ok') return unknownFrom(`VPC ${vpcId}`, vpc)
    // Private DNS names and private custom domains live in private hosted zones; public names
    // (the {api}-{vpce} alias and vpce-… names) only need the resolver itself.
    const needsPhz = s.target.hostKind === 'private-dns' || s.target.hostKind === 'custom'
    const support = vpc.value.enableDnsSupport
    const hostnames = vpc.value.enableDnsHostnames
    const off: string[] = []
    const missing: string[] = []
    if (support.status !== 'ok') missing.push(`enableDnsSupport (${whyMissing(support)})`)
    else if (!support.value) off.push('enableDnsSupport')
    if (needsPhz) {
      if (hostnames.status !== 'ok') missing.push(`enableDnsHostnames (${whyMissing(hostnames)})`)
      else if (!hostnames.value) off.push('enableDnsHostnames')
    }
    const evidence = [
      `${vpcId}: enableDnsSupport=${support.status === 'ok' ? support.value : '?'}, enableDnsHostnames=${hostnames.status === 'ok' ? hostnames.value : '?'}`,
    ]
    if (off.length > 0) {
      return fail(
        `${vpcId} has ${off.join(' and ')} off: ${needsPhz ? 'private hosted zones (private DNS, custom domains) do not resolve' : 'the VPC resolver does not answer'}`,
        off
          .map(
            a =>
              `aws ec2 modify-vpc-attribute --vpc-id ${vpcId} --${a
                .replace(/^enable/, 'enable-')
                .replace(/([a-z])([A-Z])/g, '$1-$2')
                .toLowerCase()} Value=true --region ${s.target.region}`,
          )
          .join('\n'),
        evidence,
        vpcId,
      )
    }
    if (missing.length > 0)
      return unknown(
        `could not read ${missing.join(', ')} of ${vpcId}`,
        ['ec2:DescribeVpcAttribute'],
        evidence,
      )
    if (!needsPhz && support.status === 'ok')
      return pass(`${vpcId} resolves DNS (the URL's name is public, enableDnsHostnames not needed)`, evidence)
    return pass(`${vpcId} has enableDnsSupport and enableDnsHostnames on`, evidence)
  },
}
