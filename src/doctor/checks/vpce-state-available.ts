import { fail, pass, unknown, unknownFrom, type Check } from '../finding.js'
import { valueOf, type CallerNetworkFacts, type DoctorSnapshot } from '../snapshot.js'

/** A new execute-api endpoint in the caller's VPC and subnets (placeholders explained). */
function createEndpointFix(s: DoctorSnapshot, net: CallerNetworkFacts | undefined): string {
  const vpc = net?.vpcId
  const subnets = net?.subnetIds ?? []
  return [
    `aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface --service-name com.amazonaws.${s.target.region}.execute-api --vpc-id ${vpc ?? 'VPC_ID'} --subnet-ids ${subnets.join(' ') || 'SUBNET_IDS'} --security-group-ids ENDPOINT_SG_ID --private-dns-enabled --region ${s.target.region}`,
    ...(vpc ? [] : ["# VPC_ID: the caller's VPC (--vpc, --lambda or --from-imds tells the doctor)"]),
    subnets.length
      ? `# ${subnets.join(', ')}: the caller's subnets; add a subnet in a second zone for resilience`
      : '# SUBNET_IDS: subnets of the VPC in two or more zones (aws ec2 describe-subnets)',
    `# ENDPOINT_SG_ID: a security group that allows TCP 443 in from the callers (aws ec2 create-security-group${vpc ? ` --vpc-id ${vpc}` : ''})`,
  ].join('\n')
}

/** Hop 5: the endpoint exists and its State is `available` (row 21). */
export const vpceStateAvailable: Check = {
  id: 'vpce.state-available',
  hop: 5,
  title: 'the execute-api endpoint exists and is available',
  rows: [21],
  run(s, d) {
    const ep = d.endpoint
    const eps = s.network.endpoints
    if (ep.status === 'not-found' && eps.status === 'ok') {
      const vpcId = valueOf(d.callerNetwork)?.vpcId
      if (s.target.vpceId) {
        return unknown(
          `${s.target.vpceId} is not visible to account A (${ep.message ?? ''}): a centralised endpoint in another account?`,
          [`ec2:DescribeVpcEndpoints with the endpoint owner's credentials`],
        )
      }
      // A shared VPC's endpoints are its owner's: a participant lists none (vpc.shared-owner).
      const owner = vpcId ? valueOf(s.network.vpcs[vpcId])?.ownerId : undefined
      const reader = valueOf(s.caller.identity)?.account
      if (owner && reader && owner !== reader)
        return unknown(
          `${vpcId} is shared by ${owner}: its execute-api endpoints are ${owner}'s and not listed for ${reader} (see vpc.shared-owner)`,
          [`ec2:DescribeVpcEndpoints as the VPC owner ${owner} (pvapi doctor --profile of that account)`],
        )
      return fail(
        `there is no execute-api interface endpoint in ${s.target.region}${vpcId ? ` for ${vpcId}` : ''}: a private API is only reachable through one`,
        createEndpointFix(s, valueOf(d.callerNetwork)),
        [],
        vpcId,
      )
    }
    if (ep.status !== 'ok') return unknownFrom('the VPC endpoint', ep)
    const e = ep.value
    const evidence = [
      `${e.id} (${d.endpointHow}): State=${e.state}${e.lastError ? `, LastError: ${e.lastError}` : ''}`,
    ]
    if (e.state.toLowerCase() === 'available') return pass(`${e.id} is available`, evidence)
    const state = e.state.toLowerCase()
    const fix =
      state === 'pending' || state === 'pendingacceptance'
        ? [
            `# wait for ${e.id} to become available${state === 'pendingacceptance' ? ' (the service owner must accept it)' : ''}; its state:`,
            `aws ec2 describe-vpc-endpoints --vpc-endpoint-ids ${e.id} --region ${s.target.region} --query 'VpcEndpoints[0].State'`,
          ].join('\n')
        : [
            `# read the failure, fix its cause, then delete the endpoint and create it again:`,
            `aws ec2 describe-vpc-endpoints --vpc-endpoint-ids ${e.id} --region ${s.target.region} --query 'VpcEndpoints[0].LastError'`,
            `aws ec2 delete-vpc-endpoints --vpc-endpoint-ids ${e.id} --region ${s.target.region}`,
            `aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface --service-name ${e.serviceName} --vpc-id ${e.vpcId} --subnet-ids ${e.subnetIds.join(' ') || 'SUBNET_IDS'} --security-group-ids ${e.securityGroupIds.join(' ') || 'ENDPOINT_SG_ID'} ${e.privateDnsEnabled ? '--private-dns-enabled' : '--no-private-dns-enabled'} --region ${s.target.region}`,
            ...(e.subnetIds.length
              ? []
              : ['# SUBNET_IDS: subnets of the VPC in two or more zones (aws ec2 describe-subnets)']),
            ...(e.securityGroupIds.length
              ? []
              : ['# ENDPOINT_SG_ID: a security group that allows TCP 443 in from the callers']),
          ].join('\n')
    return fail(
      `${e.id} is ${e.state}, not available: connections are refused or time out`,
      fix,
      evidence,
      e.id,
    )
  },
}
