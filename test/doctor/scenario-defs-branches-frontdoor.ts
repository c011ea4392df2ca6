/**
 * Front-door scenarios for the failure branches the other scenario files do not reach (found while
 * raising the mutation score of the front-door checks, issue 18): the NLB's own security group
 * without 443 out, a target group of instance targets, and an NLB zone with no endpoint ENI while
 * cross-zone load balancing is off. Same shape and rules as scenario-defs-frontdoor.ts; their facts
 * are kept here (FRONT_DOOR_BRANCH_FACTS).
 */
import type { FrontDoorFacts } from '../../src/doctor/front-door-facts.js'
import type { DoctorSnapshot } from '../../src/doctor/snapshot.js'
import { REGION, SG_CALLER, SG_ENDPOINT, VPC, VPCE, ok, val, type Draft } from './builders.js'
import { LISTENER_ARN, NLB_ARN, TG_ARN, healthyFrontDoor } from './scenario-defs-frontdoor.js'
import type { Facts } from './scenario-facts.js'
import { failAt, type ScenarioDef } from './scenario-defs-kit.js'

/** A subnet of the NLB's third zone; the endpoint has no ENI there. */
export const SUBNET_NLB_C = 'subnet-0000000000000000c'

const edit = (change: (s: Draft<DoctorSnapshot>, fd: Draft<FrontDoorFacts>) => void) => () => {
  const s = healthyFrontDoor()
  change(s, s.frontDoor!)
  return s
}

export const FRONT_DOOR_BRANCH_SCENARIOS: readonly ScenarioDef[] = [
  {
    name: 'frontdoor-nlb-sg-no-egress',
    description:
      "The endpoint admits the NLB's security group, but that group lets nothing out: the NLB's connections to the endpoint never leave it",
    rows: [17],
    build: edit(s => {
      s.network.securityGroups[SG_CALLER]!.rules = ok([])
    }),
    expect: failAt(3, 'frontdoor.nlb-security-groups'),
  },
  {
    name: 'frontdoor-instance-targets',
    description:
      "The listener forwards to a target group of instance targets: the endpoint's ENIs can be registered only by IP address",
    rows: [],
    build: edit((_s, fd) => {
      val(fd.targetGroups)[0]!.targetType = 'instance'
    }),
    expect: failAt(5, 'frontdoor.nlb-targets'),
  },
  {
    name: 'frontdoor-nlb-zone-without-endpoint',
    description:
      'The NLB also has a subnet in zone c, where the endpoint has no ENI, and cross-zone load balancing is off: every target is healthy, yet the node in zone c fails its share of the calls',
    rows: [],
    build: edit((s, fd) => {
      val(fd.loadBalancer).zones.push({ zoneName: `${REGION}c`, subnetId: SUBNET_NLB_C })
      s.network.subnets[SUBNET_NLB_C] = ok({
        subnetId: SUBNET_NLB_C,
        vpcId: VPC,
        cidrBlock: '10.0.4.0/24',
        availabilityZone: `${REGION}c`,
      })
    }),
    expect: failAt(5, 'frontdoor.nlb-targets'),
  },
]

/** The facts each failing check of FRONT_DOOR_BRANCH_SCENARIOS states (as in scenario-facts.ts). */
export const FRONT_DOOR_BRANCH_FACTS: Readonly<Record<string, Readonly<Record<string, Facts>>>> = {
  'frontdoor-nlb-sg-no-egress': {
    'frontdoor.nlb-security-groups': {
      resource: SG_CALLER,
      summary: [SG_CALLER, VPCE, 'out'],
      fix: [`authorize-security-group-egress --group-id ${SG_CALLER}`, `GroupId=${SG_ENDPOINT}`],
    },
  },
  'frontdoor-instance-targets': {
    'frontdoor.nlb-targets': {
      resource: TG_ARN,
      summary: ['instance targets'],
      fix: [
        '--target-type ip',
        `--vpc-id ${VPC}`,
        '--targets Id=10.0.2.10,Port=443 Id=10.0.3.10,Port=443',
        `modify-listener --listener-arn ${LISTENER_ARN}`,
      ],
    },
  },
  'frontdoor-nlb-zone-without-endpoint': {
    'frontdoor.nlb-targets': {
      resource: NLB_ARN,
      summary: [`zone ${REGION}c `, VPCE, 'cross-zone load balancing is off'],
      fix: [
        `modify-load-balancer-attributes --load-balancer-arn ${NLB_ARN} --attributes Key=load_balancing.cross_zone.enabled,Value=true`,
        `add a subnet in ${REGION}c to ${VPCE}`,
      ],
      evidence: [`NLB zones ${REGION}a, ${REGION}b, ${REGION}c`],
    },
  },
}
