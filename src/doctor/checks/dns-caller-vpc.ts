import { fail, pass, skipped, unknown, warn, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

/** Hop 2: the caller is in the endpoint's VPC; private DNS does not reach other VPCs (row 12). */
export const dnsCallerVpc: Check = {
  id: 'dns.caller-vpc',
  hop: 2,
  title: "the caller is in the endpoint's VPC (private DNS applies only there)",
  rows: [12],
  run(s, d) {
    // A caller outside the endpoint's VPC whose DNS and paths were read: the hybrid checks judge it.
    if (s.network.hybrid || valueOf(s.network.caller)?.onPremises)
      return skipped("a caller outside the endpoint's VPC: see dns.hybrid-forwarding and route.hybrid-return")
    const net = valueOf(d.callerNetwork)
    if (!net?.vpcId) return unknown("the caller's VPC is unknown", ['--lambda, --from-imds or --vpc'])
    const ep = valueOf(d.endpoint)
    const eps = valueOf(s.network.endpoints)
    if (!ep) {
      if (eps && eps.length > 0 && !eps.some(e => e.vpcId === net.vpcId)) {
        // The region has endpoints, none in the caller's VPC.
        const other = eps[0]!
        return fail(
          `${net.vpcId} (the caller's VPC) has no execute-api endpoint; ${eps.map(e => `${e.id} is in ${e.vpcId}`).join(', ')}`,
          [
            `# create an endpoint in ${net.vpcId} (or resolve through a Route 53 Resolver inbound endpoint in ${other.vpcId} and route to it over peering or a transit gateway):`,
            ...createEndpointLines(s.target.region, net.vpcId, net.subnetIds),
          ].join('\n'),
          [],
          net.vpcId,
        )
      }
      return skipped('no endpoint identified (see vpce.state-available)')
    }
    const evidence = [`caller in ${net.vpcId}`, `${ep.id} in ${ep.vpcId} (${d.endpointHow})`]
    if (ep.vpcId === net.vpcId) return pass(`the caller and ${ep.id} share ${ep.vpcId}`, evidence)
    if (s.target.hostKind === 'private-dns' && s.target.connectHost === s.target.hostname) {
      return fail(
        `the caller is in ${net.vpcId} but ${ep.id} is in ${ep.vpcId}: its private DNS does not apply in the caller's VPC, so ${s.target.hostname} resolves to public addresses`,
        [
          `# the endpoint's private DNS answers only in ${ep.vpcId}. Either call the endpoint-specific name (needs a peering or transit gateway route to ${ep.vpcId}):`,
          `pvapi call ${s.target.url} --vpce ${ep.id}`,
          `# or forward execute-api.${s.target.region}.amazonaws.com from ${net.vpcId} to a Route 53 Resolver inbound endpoint in ${ep.vpcId}, or create an endpoint in ${net.vpcId}:`,
          ...createEndpointLines(s.target.region, net.vpcId, net.subnetIds),
        ].join('\n'),
        evidence,
        ep.id,
      )
    }
    return warn(
      `the caller (${net.vpcId}) reaches ${ep.id} in another VPC (${ep.vpcId}): this needs a peering or transit gateway route, and security group references do not work across a transit gateway`,
      [
        `# make sure ${net.vpcId}'s route tables send ${ep.vpcId}'s CIDR to the peering/TGW attachment and that ${ep.securityGroupIds.join(', ')} allows 443 from the caller's CIDR; the caller's routes:`,
        `aws ec2 describe-route-tables --filters Name=vpc-id,Values=${net.vpcId} --region ${s.target.region}`,
      ].join('\n'),
      evidence,
      ep.id,
    )
  },
}

/** The command that creates an execute-api endpoint in the caller's VPC, with its placeholders explained. */
function createEndpointLines(region: string, vpcId: string, subnetIds: readonly string[]): string[] {
  return [
    `aws ec2 create-vpc-endpoint --vpc-id ${vpcId} --vpc-endpoint-type Interface --service-name com.amazonaws.${region}.execute-api --subnet-ids ${subnetIds.join(' ') || 'SUBNET_IDS'} --security-group-ids ENDPOINT_SG_ID --private-dns-enabled --region ${region}`,
    ...(subnetIds.length
      ? []
      : [`# SUBNET_IDS: subnets of ${vpcId} in two or more zones (aws ec2 describe-subnets)`]),
    `# ENDPOINT_SG_ID: a security group of ${vpcId} that allows TCP 443 in from the callers (aws ec2 create-security-group)`,
  ]
}
