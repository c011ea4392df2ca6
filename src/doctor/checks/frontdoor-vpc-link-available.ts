import { frontDoorOf, isOutcome, updateIntegrationLines } from '../front-door-helpers.js'
import { fail, pass, skipped, unknownFrom, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

/** Hop 5 (front door): the VPC link is AVAILABLE (PENDING, DELETING or FAILED carry nothing). */
export const frontdoorVpcLinkAvailable: Check = {
  id: 'frontdoor.vpc-link-available',
  hop: 5,
  title: "the front door's VPC link is AVAILABLE",
  rows: [],
  run(s) {
    const fd = frontDoorOf(s)
    if (isOutcome(fd)) return fd
    const i = valueOf(fd.integration)
    if (i?.integrationTarget && fd.vpcLink.status === 'not-collected')
      return skipped(`the integration targets ${i.integrationTarget} through a VPC link V2 (not read)`)
    if (fd.vpcLink.status !== 'ok')
      return unknownFrom(`the VPC link ${fd.vpcLinkId ?? ''}`.trim(), fd.vpcLink)
    const l = fd.vpcLink.value
    const r = fd.region
    const evidence = [
      `VPC link ${l.id}${l.name ? ` (${l.name})` : ''}: ${l.status ?? '?'}${l.statusMessage ? `: ${l.statusMessage}` : ''}`,
      `targets ${l.targetArns.join(', ') || 'nothing'}`,
    ]
    if (l.status === 'AVAILABLE') return pass(`VPC link ${l.id} is AVAILABLE`, evidence)
    if (l.status === 'PENDING')
      return fail(
        `VPC link ${l.id} is PENDING: API Gateway is still creating it (minutes); calls fail until it is AVAILABLE`,
        [
          `# wait until it reports AVAILABLE:`,
          `aws apigateway get-vpc-link --vpc-link-id ${l.id} --region ${r}`,
        ].join('\n'),
        evidence,
        l.id,
      )
    const nlb = l.targetArns[0] ?? 'NLB_ARN'
    return fail(
      `VPC link ${l.id} is ${l.status ?? 'in an unknown state'}${l.statusMessage ? ` (${l.statusMessage})` : ''}: the front door cannot reach the NLB`,
      [
        '# a failed VPC link does not recover: create another to the NLB, then point the integration at it',
        `aws apigateway create-vpc-link --name ${l.name ? `${l.name}-2` : 'front-door'} --target-arns ${nlb} --region ${r}`,
        '# VPC_LINK_ID: the id create-vpc-link prints (use it once get-vpc-link reports AVAILABLE)',
        ...(l.targetArns[0]
          ? []
          : ['# NLB_ARN: the Network Load Balancer whose targets are the endpoint ENI addresses']),
        ...updateIntegrationLines(fd, [{ op: 'replace', path: '/connectionId', value: 'VPC_LINK_ID' }]),
      ].join('\n'),
      evidence,
      l.id,
    )
  },
}
