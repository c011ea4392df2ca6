/**
 * Scenarios for warn and fail branches of the dual-stack and hybrid checks that no other scenario
 * file reaches (found while raising the mutation score of those checks, issue 18): a resource
 * policy whose IPv4-only Allow no longer applies to an IPv6 caller while another Allow still lets
 * it in, and a caller VPC whose own CIDR covers the endpoint's addresses (its local route keeps
 * the request inside). Same shape and rules as scenario-defs.ts; their facts are kept here
 * (HYBRID_BRANCH_FACTS).
 */
import type { DoctorSnapshot } from '../../src/doctor/snapshot.js'
import { API, SUBNET_OTHER, VPCE, VPC_OTHER, invoke, val, type Draft } from './builders.js'
import { RTB_OTHER, healthyOtherVpcTgw } from './scenario-defs-hybrid.js'
import { dualStack } from './scenario-defs-ipv6.js'
import type { Facts } from './scenario-facts.js'
import { edit, failAt, pass, type ScenarioDef } from './scenario-defs-kit.js'

/** One more resource policy statement: Allow from the VPC's IPv4 range only. */
const allowFromIpv4Range = (s: Draft<DoctorSnapshot>) => {
  const rp = val(s.api.restApi).policy as { Statement: unknown[] }
  rp.Statement.push(
    invoke('Allow', '*', {
      Sid: 'AllowVpcRange',
      Condition: { IpAddress: { 'aws:VpcSourceIp': ['10.0.0.0/16'] } },
    }),
  )
}

/**
 * The caller's VPC has a secondary CIDR equal to the endpoint VPC's (10.0.0.0/16): its local route
 * replaces the route through the transit gateway, so the request never leaves the caller's VPC.
 */
const callerVpcOverlaps = (s: Draft<DoctorSnapshot>) => {
  val(s.network.vpcs[VPC_OTHER]).cidrBlocks.push('10.0.0.0/16')
  val(s.network.routeTables[SUBNET_OTHER]).routes = [
    { destination: '10.1.0.0/16', target: 'local', state: 'active' },
    { destination: '10.0.0.0/16', target: 'local', state: 'active' },
  ]
}

export const HYBRID_BRANCH_SCENARIOS: readonly ScenarioDef[] = [
  {
    name: 'ipv6-caller-ipv4-only-allow-beside-account-allow',
    description:
      "an IPv6 caller; the resource policy has an Allow limited to aws:VpcSourceIp 10.0.0.0/16 beside the caller account's Allow: the limited Allow no longer applies, the other lets it in (a warning)",
    rows: [],
    build: edit(dualStack, allowFromIpv4Range),
    expect: pass({ 'apigw.resource-policy-ip-family': 'warn', 'apigw.resource-policy-allows': 'pass' }),
  },
  {
    name: 'hybrid-vpc-caller-cidr-overlaps-endpoint',
    description:
      "a caller in another VPC whose secondary CIDR is the endpoint VPC's (10.0.0.0/16): its local route keeps the request inside its VPC",
    rows: [12],
    build: edit(healthyOtherVpcTgw, callerVpcOverlaps),
    expect: failAt(5, 'route.hybrid-return'),
  },
]

export const HYBRID_BRANCH_FACTS: Readonly<Record<string, Readonly<Record<string, Facts>>>> = {
  'ipv6-caller-ipv4-only-allow-beside-account-allow': {
    'apigw.resource-policy-ip-family': {
      resource: API,
      summary: ['Statement[2] (AllowVpcRange)', 'aws:VpcSourceIp'],
      fix: [`--rest-api-id ${API} `],
      statement: { index: 2, sid: 'AllowVpcRange' },
    },
  },
  'hybrid-vpc-caller-cidr-overlaps-endpoint': {
    'route.hybrid-return': {
      resource: RTB_OTHER,
      summary: [RTB_OTHER, SUBNET_OTHER, 'sends 10.0.0.0/16 to local', VPC_OTHER, VPCE],
      evidence: [`${RTB_OTHER} (${SUBNET_OTHER}): 10.0.2.10/32 sends 10.0.0.0/16 to local`],
    },
  },
}
