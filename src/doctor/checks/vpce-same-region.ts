import { regionOfHost } from '../aws2026.js'
import { fail, pass, unknown, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

/**
 * Hop 5: an execute-api endpoint serves the APIs of its own Region only. Cross-region
 * PrivateLink (2025) lists S3, IAM, ECR, KMS, ECS, Lambda, Firehose, Flink and Route 53, not
 * execute-api (AWS docs "AWS services that integrate with cross-region PrivateLink"), so a
 * caller in another Region needs peering or a transit gateway to a VPC with an endpoint in the
 * API's Region. The Regions compared: the endpoint name the call dials, the endpoint's
 * ServiceRegion/service name, and a Lambda caller's own Region.
 */
export const vpceSameRegion: Check = {
  id: 'vpce.same-region',
  hop: 5,
  title: "the endpoint (and the caller) are in the API's Region",
  rows: [],
  run(s, d) {
    const apiRegion = s.target.region
    const seen: Array<{ what: string; region: string }> = []
    const hostRegion = regionOfHost(s.target.connectHost)
    if (hostRegion && /\.vpce\.amazonaws\.com\.?$/i.test(s.target.connectHost))
      seen.push({ what: `the endpoint name ${s.target.connectHost}`, region: hostRegion })
    const ep = valueOf(d.endpoint)
    if (ep) {
      const r = ep.serviceRegion ?? /^com\.amazonaws\.([a-z0-9-]+)\.execute-api$/.exec(ep.serviceName)?.[1]
      if (r)
        seen.push({
          what: `${ep.id} (service ${ep.serviceName}${ep.serviceRegion ? `, ServiceRegion ${ep.serviceRegion}` : ''})`,
          region: r,
        })
    }
    const fn = valueOf(d.callerNetwork)?.lambda?.functionArn
    const fnRegion = fn && /^arn:[^:]+:lambda:([^:]+):/.exec(fn)?.[1]
    if (fnRegion) seen.push({ what: `the caller ${fn}`, region: fnRegion })
    if (seen.length === 0)
      return unknown(
        "the endpoint's Region is unknown (no endpoint read, and the URL is not an endpoint name)",
        ['ec2:DescribeVpcEndpoints', '--vpce'],
      )
    const evidence = [`API Region: ${apiRegion}`, ...seen.map(x => `${x.what}: ${x.region}`)]
    const other = seen.find(x => x.region !== apiRegion)
    if (!other) return pass(`the endpoint and the caller are in the API's Region (${apiRegion})`, evidence)
    return fail(
      `${other.what} is in ${other.region}, the API in ${apiRegion}: an execute-api endpoint serves only its own Region's APIs (cross-region PrivateLink does not include execute-api)`,
      [
        `# reach a VPC in ${apiRegion} (peering or a transit gateway) and give it an execute-api endpoint there:`,
        `aws ec2 create-vpc-endpoint --vpc-id VPC_ID --vpc-endpoint-type Interface --service-name com.amazonaws.${apiRegion}.execute-api --subnet-ids SUBNET_ID --security-group-ids SG_ID --private-dns-enabled --region ${apiRegion}`,
        `# VPC_ID: a VPC in ${apiRegion} the caller reaches (aws ec2 describe-vpcs --region ${apiRegion})`,
        `# SUBNET_ID: a subnet of that VPC (aws ec2 describe-subnets --filters Name=vpc-id,Values=VPC_ID --region ${apiRegion})`,
        `# SG_ID: a security group allowing TCP 443 from the caller (aws ec2 describe-security-groups --filters Name=vpc-id,Values=VPC_ID --region ${apiRegion})`,
      ].join('\n'),
      evidence,
      ep?.id ?? s.target.connectHost,
    )
  },
}
