import { fail, pass, skipped, unknown, unknownFrom, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

/** Hop 5: a caller that assumes a role from inside the VPC can reach STS (row 23). */
export const routeStsReachable: Check = {
  id: 'route.sts-reachable',
  hop: 5,
  title: 'STS is reachable from the caller VPC when the caller assumes roles there first',
  rows: [23],
  run(s, d) {
    if (!s.caller.assumesRoleInVpc) return skipped('the caller does not assume a role from inside the VPC')
    const net = valueOf(d.callerNetwork)
    if (!net?.vpcId) return unknown("the caller's VPC is unknown", ['--lambda, --from-imds or --vpc'])
    const sts = s.network.stsEndpoints
    if (sts.status !== 'ok') return unknownFrom('the STS endpoints', sts)
    const ep = sts.value.find(e => e.vpcId === net.vpcId && e.state.toLowerCase() === 'available')
    if (ep)
      return pass(`${ep.id} (com.amazonaws.${s.target.region}.sts) serves STS in ${net.vpcId}`, [
        `${ep.id} private DNS ${ep.privateDnsEnabled ? 'on' : 'off'}`,
      ])
    for (const id of net.subnetIds) {
      const rt = valueOf(s.network.routeTables[id])
      const out = rt?.routes.find(r => r.destination === '0.0.0.0/0' && /^(igw-|nat-)/.test(r.target))
      if (out) return pass(`STS is reached over ${out.target} (${rt!.routeTableId})`)
    }
    const stsGroups = valueOf(d.endpoint)?.securityGroupIds ?? []
    return fail(
      `${net.vpcId} has no STS interface endpoint and no route to a NAT or internet gateway: sts:AssumeRole from inside the VPC times out before any API call`,
      [
        `aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface --service-name com.amazonaws.${s.target.region}.sts --vpc-id ${net.vpcId} --subnet-ids ${net.subnetIds.join(' ')} --security-group-ids ${stsGroups.join(' ') || 'ENDPOINT_SG_ID'} --private-dns-enabled --region ${s.target.region}`,
        stsGroups.length
          ? `# ${stsGroups.join(', ')}: the execute-api endpoint's security groups, which already admit the caller on 443`
          : `# ENDPOINT_SG_ID: a security group that allows TCP 443 in from the caller (aws ec2 create-security-group --vpc-id ${net.vpcId})`,
      ].join('\n'),
      [`STS endpoints in the region: ${sts.value.map(e => `${e.id} (${e.vpcId})`).join(', ') || 'none'}`],
      net.vpcId,
    )
  },
}
