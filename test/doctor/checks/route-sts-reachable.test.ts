/**
 * route.sts-reachable, branch by branch: which routes count as a way to STS, and the fix's
 * create-vpc-endpoint line (every caller subnet, the execute-api endpoint's groups or a placeholder).
 */
import { describe, expect, it } from 'vitest'
import { routeStsReachable as check } from '../../../src/doctor/checks/route-sts-reachable.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import {
  REGION,
  RTB,
  SG_ENDPOINT,
  SUBNET_CALLER,
  VPC,
  VPC_OTHER,
  VPCE_STS,
  denied,
  endpointOf,
  healthy,
  ok,
  val,
  type Draft,
} from '../builders.js'
import { expectFinding, runCheck } from './run-check.js'

type Snap = Draft<DoctorSnapshot>
const SUBNET_2 = 'subnet-00000000000000005'
const inVpc = (): Snap => {
  const s = healthy()
  s.caller.assumesRoleInVpc = true
  return s
}
const withRoute = (s: Snap, destination: string, target: string): Snap => {
  s.network.routeTables[SUBNET_CALLER] = ok({
    routeTableId: RTB,
    main: true,
    routes: [
      { destination: '10.0.0.0/16', target: 'local' },
      { destination, target },
    ],
  })
  return s
}
const sts = (id: string, vpcId: string) =>
  endpointOf({ id, vpcId, serviceName: `com.amazonaws.${REGION}.sts` })

describe('route.sts-reachable: what is unknown', () => {
  it("the caller's VPC unknown: unknown, with the flags that give it", () => {
    const s = inVpc()
    s.network.caller = denied('ec2:DescribeInstances')
    const f = runCheck(check, s)
    expectFinding(f, 'unknown', { summary: ["the caller's VPC"] })
    expect(f.missing).toEqual(['--lambda, --from-imds or --vpc'])
  })
  it('the STS endpoints unreadable: unknown naming them', () => {
    const s = inVpc()
    s.network.stsEndpoints = denied('ec2:DescribeVpcEndpoints')
    expectFinding(runCheck(check, s), 'unknown', { summary: ['the STS endpoints'] })
  })
})

describe('route.sts-reachable: which routes lead to STS', () => {
  it('0.0.0.0/0 through an internet gateway: pass naming it and the route table', () => {
    const s = withRoute(inVpc(), '0.0.0.0/0', 'igw-00000000000000001')
    expectFinding(runCheck(check, s), 'pass', { summary: ['igw-00000000000000001', RTB] })
  })
  it('a NAT gateway route to a narrower range does not reach STS', () => {
    const s = withRoute(inVpc(), '10.8.0.0/16', 'nat-00000000000000001')
    expectFinding(runCheck(check, s), 'fail', { resource: VPC })
  })
  it('an egress-only internet gateway (eigw-) is not an internet gateway', () => {
    const s = withRoute(inVpc(), '0.0.0.0/0', 'eigw-00000000000000001')
    expectFinding(runCheck(check, s), 'fail', { resource: VPC })
  })
  it("a caller subnet whose route table was not read is passed over, the next one's route counts", () => {
    const s = inVpc()
    ;(val(s.network.caller) as { subnetIds: string[] }).subnetIds = [SUBNET_2, SUBNET_CALLER]
    s.network.routeTables[SUBNET_2] = denied('ec2:DescribeRouteTables')
    withRoute(s, '0.0.0.0/0', 'nat-00000000000000001')
    expectFinding(runCheck(check, s), 'pass', { summary: ['nat-00000000000000001'] })
  })
})

describe('route.sts-reachable: the fix', () => {
  it("every caller subnet and the execute-api endpoint's groups, space-separated; a note names the groups", () => {
    const s = inVpc()
    ;(val(s.network.caller) as { subnetIds: string[] }).subnetIds = [SUBNET_CALLER, SUBNET_2]
    val(s.network.endpoints)[0]!.securityGroupIds = [SG_ENDPOINT, 'sg-00000000000000009']
    s.network.stsEndpoints = ok([
      sts(VPCE_STS, VPC_OTHER),
      sts('vpce-000000000000000a2', 'vpc-00000000000000003'),
    ])
    const f = runCheck(check, s)
    expectFinding(f, 'fail', {
      summary: [VPC],
      resource: VPC,
      evidence: [
        `STS endpoints in the region: ${VPCE_STS} (${VPC_OTHER}), vpce-000000000000000a2 (vpc-00000000000000003)`,
      ],
    })
    const lines = f.fix!.split('\n')
    expect(lines[0]).toMatch(/^aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface /)
    expect(lines[0]).toContain(`--subnet-ids ${SUBNET_CALLER} ${SUBNET_2} `)
    expect(lines[0]).toContain(`--security-group-ids ${SG_ENDPOINT} sg-00000000000000009 `)
    expect(lines[1]).toMatch(
      new RegExp(`^# ${SG_ENDPOINT}, sg-00000000000000009: the execute-api endpoint's`),
    )
    expect(lines).toHaveLength(2)
  })
  it('the execute-api endpoint unknown: a placeholder group, explained on the next line', () => {
    const s = inVpc()
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    const f = runCheck(check, s)
    expectFinding(f, 'fail', { fix: ['--security-group-ids ENDPOINT_SG_ID '] })
    const lines = f.fix!.split('\n')
    expect(lines[1]).toMatch(new RegExp(`^# ENDPOINT_SG_ID: .*--vpc-id ${VPC}`))
  })
})
