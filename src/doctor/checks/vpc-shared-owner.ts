import { pass, skipped, unknown, warn, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

/**
 * Hop 4: in a shared VPC (AWS RAM subnets), the VPC belongs to its owner, and so do the
 * interface endpoints in it: participants cannot create them ("This operation does not support
 * shared VPCs", Knowledge Center vpc-interface-endpoint-creation-errors), and a participant's
 * DescribeVpcEndpoints does not list the owner's. The endpoint policy, its security groups and
 * its private DNS are read, and changed, in the owner's account.
 */
export const vpcSharedOwner: Check = {
  id: 'vpc.shared-owner',
  hop: 4,
  title: "in a shared VPC the endpoint and its policy are the VPC owner's: read that account",
  rows: [],
  run(s, d) {
    const net = valueOf(d.callerNetwork)
    if (!net?.vpcId) return skipped("the caller's VPC is not known")
    const reader = valueOf(s.caller.identity)?.account
    const vpc = s.network.vpcs[net.vpcId]
    const subnets = d.callerSubnets
    const owner = valueOf(vpc)?.ownerId ?? subnets.find(x => x.ownerId)?.ownerId
    if (!owner) {
      if (vpc && vpc.status !== 'ok')
        return unknown(`the owner of ${net.vpcId} could not be read`, [
          'ec2:DescribeVpcs',
          'ec2:DescribeSubnets',
        ])
      return skipped(`the owner of ${net.vpcId} was not recorded`)
    }
    if (!reader) return unknown('the account the doctor reads as is unknown', ['sts:GetCallerIdentity'])
    const evidence = [
      `${net.vpcId} owner: ${owner}; the doctor reads as ${reader}`,
      ...subnets.filter(x => x.ownerId).map(x => `${x.subnetId} owner: ${x.ownerId}`),
    ]
    if (owner === reader)
      return pass(`${net.vpcId} belongs to the account the doctor reads (${reader})`, evidence)
    const ep = valueOf(d.endpoint)
    if (ep && ep.ownerId === owner)
      return pass(
        `${net.vpcId} is shared by ${owner}; its endpoint ${ep.id} and the endpoint policy are ${owner}'s, and were read`,
        [...evidence, `${ep.id} owner: ${owner}`],
      )
    const seen = valueOf(s.network.endpoints)?.filter(e => e.vpcId === net.vpcId) ?? []
    return warn(
      `${net.vpcId} is a shared VPC owned by ${owner}: its execute-api endpoint, the endpoint policy and the endpoint's security groups belong to ${owner}, which this run (as ${reader}) ${seen.length ? 'sees only in part' : 'cannot see'}; read them as ${owner}`,
      [
        `# run as account ${owner} (the VPC owner), or re-run pvapi doctor with a profile of ${owner}:`,
        `aws ec2 describe-vpc-endpoints --filters Name=vpc-id,Values=${net.vpcId} Name=service-name,Values=com.amazonaws.${s.target.region}.execute-api --region ${s.target.region}`,
      ].join('\n'),
      evidence,
      net.vpcId,
    )
  },
}
