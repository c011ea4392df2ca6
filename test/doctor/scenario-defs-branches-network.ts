/**
 * Scenarios for the warn and fail branches of hop 3, 5 and 8 checks that no other scenario file
 * reaches (found while raising the mutation score of those checks, issue 18): a dual-stack caller
 * whose own security group or subnet NACL drops IPv6 but lets IPv4 through (a fallback, not an
 * outage), an endpoint group that covers only part of the caller's subnet, and an API with no
 * stage at all. Same shape and rules as scenario-defs.ts; their facts are kept here
 * (NETWORK_BRANCH_FACTS).
 */
import {
  API,
  NACL_STRICT,
  SG_CALLER,
  SG_ENDPOINT,
  SUBNET_CALLER,
  VPCE,
  healthy,
  ok,
  sgRule,
  val,
} from './builders.js'
import { callerEgressIpv4Only, callerNaclIpv4Only, dualStack, V6_ENI_A } from './scenario-defs-ipv6.js'
import type { Facts } from './scenario-facts.js'
import { edit, failAt, pass, type ScenarioDef } from './scenario-defs-kit.js'

export const NETWORK_BRANCH_SCENARIOS: readonly ScenarioDef[] = [
  {
    name: 'ipv6-dual-caller-nacl-falls-back',
    description:
      "a dual-stack caller whose own subnet's NACL has IPv4 entries only: IPv6 is dropped, the client falls back to IPv4",
    rows: [19],
    build: edit(() => dualStack(), callerNaclIpv4Only),
    expect: pass({ 'nacl.caller-subnet': 'warn', 'nacl.endpoint-subnet': 'pass' }),
  },
  {
    name: 'ipv6-dual-caller-egress-falls-back',
    description:
      'a dual-stack caller whose security group lets 443 out to 0.0.0.0/0 only: IPv6 is dropped, the client falls back to IPv4',
    rows: [16],
    build: edit(() => dualStack(), callerEgressIpv4Only),
    expect: pass({ 'sg.caller-egress-443': 'warn', 'sg.endpoint-ingress-443': 'pass' }),
  },
  {
    name: 'sg-endpoint-covers-part-of-caller-subnet',
    description:
      'the caller is known by its subnet only (no address, no SG); the endpoint SG admits half of that subnet: callers in the other half time out',
    rows: [17],
    build: edit(healthy, s => {
      s.network.securityGroups[SG_ENDPOINT]!.rules = ok([
        sgRule('sgr-00000000000000031', SG_ENDPOINT, false, { cidrIpv4: '10.0.1.0/25' }),
      ]) as never
      const net = val(s.network.caller)
      s.network.caller = ok({ ...net, source: 'flags', privateIps: [], securityGroupIds: [] }) as never
    }),
    expect: failAt(3, 'sg.endpoint-ingress-443'),
  },
  {
    name: 'api-has-no-stage',
    description: "the API exists but has never been deployed: it has no stage, so the URL's stage is missing",
    rows: [2],
    build: edit(healthy, s => {
      s.api.stages = ok([])
    }),
    expect: failAt(8, 'handler.stage-deployed'),
  },
]

/** The facts each failing or warning check of NETWORK_BRANCH_SCENARIOS states (as in scenario-facts.ts). */
export const NETWORK_BRANCH_FACTS: Readonly<Record<string, Readonly<Record<string, Facts>>>> = {
  'ipv6-dual-caller-nacl-falls-back': {
    'nacl.caller-subnet': {
      resource: NACL_STRICT,
      summary: [NACL_STRICT, SUBNET_CALLER, 'IPv4 is allowed'],
      fix: [`--network-acl-id ${NACL_STRICT}`, V6_ENI_A],
    },
  },
  'ipv6-dual-caller-egress-falls-back': {
    'sg.caller-egress-443': {
      resource: SG_CALLER,
      summary: [SG_CALLER, VPCE, 'IPv4 is allowed'],
      fix: [`--group-id ${SG_CALLER}`, `GroupId=${SG_ENDPOINT}`, 'FromPort=443'],
    },
  },
  'sg-endpoint-covers-part-of-caller-subnet': {
    'sg.endpoint-ingress-443': {
      resource: SG_ENDPOINT,
      summary: [VPCE, SG_ENDPOINT, 'only part', '10.0.1.0/24'],
      fix: [`--group-id ${SG_ENDPOINT}`, '--port 443', '--cidr 10.0.1.0/24'],
      evidence: ['sgr-00000000000000031'],
    },
  },
  'api-has-no-stage': {
    'handler.stage-deployed': {
      resource: `${API}/prod`,
      summary: ['"prod"', API, 'stages: none'],
      fix: [`create-deployment --rest-api-id ${API} --stage-name prod`],
    },
  },
}
