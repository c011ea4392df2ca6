import { fail, pass, unknown, unknownFrom, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

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
      return fail(
        `there is no execute-api interface endpoint in ${s.target.region}${vpcId ? ` for ${vpcId}` : ''}: a private API is only reachable through one`,
        `aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface --service-name com.amazonaws.${s.target.region}.execute-api --vpc-id ${vpcId ?? 'VPC_ID'} --subnet-ids SUBNET_A SUBNET_B --security-group-ids ENDPOINT_SG --private-dns-enabled --region ${s.target.region}`,
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
        ? `wait for ${e.id} to become available: aws ec2 wait vpc-endpoint-available --vpc-endpoint-ids ${e.id} --region ${s.target.region}`
        : `inspect the failure (aws ec2 describe-vpc-endpoints --vpc-endpoint-ids ${e.id} --query 'VpcEndpoints[0].LastError' --region ${s.target.region}), fix its cause, then delete and recreate the endpoint`
    return fail(
      `${e.id} is ${e.state}, not available: connections are refused or time out`,
      fix,
      evidence,
      e.id,
    )
  },
}
