import { pass, unknownFrom, warn, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

/** Hop 5: the endpoint has ENIs in at least two AZs; note when the caller's AZ has none. */
export const vpceSubnetsAzs: Check = {
  id: 'vpce.subnets-azs',
  hop: 5,
  title: 'the endpoint spans at least two availability zones',
  rows: [],
  run(s, d) {
    const ep = d.endpoint
    if (ep.status !== 'ok') return unknownFrom('the VPC endpoint', ep)
    const azOf = (subnetId: string) => valueOf(s.network.subnets[subnetId])?.availabilityZone
    const epAzs = [...new Set(ep.value.subnetIds.map(azOf).filter((z): z is string => z !== undefined))]
    const callerAzs = [
      ...new Set(d.callerSubnets.map(sn => sn.availabilityZone).filter((z): z is string => z !== undefined)),
    ]
    const evidence = [
      `${ep.value.id} subnets ${ep.value.subnetIds.join(', ')} in ${epAzs.join(', ') || '?'}`,
      ...(callerAzs.length ? [`caller in ${callerAzs.join(', ')}`] : []),
    ]
    if (epAzs.length === 0 && ep.value.subnetIds.length > 0) {
      const first = s.network.subnets[ep.value.subnetIds[0]!]
      if (first && first.status !== 'ok') return unknownFrom(`the endpoint subnets' zones`, first)
    }
    const uncovered = callerAzs.filter(z => !epAzs.includes(z))
    if (uncovered.length > 0)
      evidence.push(
        `the caller's ${uncovered.join(', ')} has no endpoint ENI: traffic crosses AZs (works, adds latency and cost)`,
      )
    if (ep.value.subnetIds.length < 2 || epAzs.length === 1) {
      return warn(
        `${ep.value.id} is in one availability zone: an AZ outage cuts the API off`,
        [
          `aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${ep.value.id} --add-subnet-ids SUBNET_ID --region ${s.target.region}`,
          `# SUBNET_ID: a subnet of ${ep.value.vpcId} in another zone than ${epAzs.join(', ') || 'the endpoint'} (aws ec2 describe-subnets --filters Name=vpc-id,Values=${ep.value.vpcId} --region ${s.target.region})`,
        ].join('\n'),
        evidence,
        ep.value.id,
      )
    }
    return pass(`${ep.value.id} spans ${epAzs.length} zones`, evidence)
  },
}
