/**
 * Hop 5 checks besides the NACLs: endpoint state and zones, routes to the internet, and STS
 * reachability for callers that assume a role inside the VPC.
 */
import { describe, expect, it } from 'vitest'
import { routeNoInternet } from '../../../src/doctor/checks/route-no-internet.js'
import { routeStsReachable } from '../../../src/doctor/checks/route-sts-reachable.js'
import { vpceStateAvailable } from '../../../src/doctor/checks/vpce-state-available.js'
import { vpceSubnetsAzs } from '../../../src/doctor/checks/vpce-subnets-azs.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import {
  ENI_A,
  REGION,
  RTB,
  SUBNET_CALLER,
  SUBNET_EP_A,
  SUBNET_EP_B,
  VPC,
  VPC_OTHER,
  VPCE,
  VPCE_STS,
  denied,
  healthy,
  healthyAlias,
  ok,
  val,
  type Draft,
  endpointOf,
  SG_ENDPOINT,
} from '../builders.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

const ep = (s: Draft<DoctorSnapshot>) => val(s.network.endpoints)[0]!
const routes = (
  s: Draft<DoctorSnapshot>,
  list: Array<{ destination: string; target: string; state?: string }>,
  main = true,
) => {
  s.network.routeTables[SUBNET_CALLER] = ok({ routeTableId: RTB, main, routes: list })
  return s
}

describe('vpce.state-available', () => {
  it('available: pass naming the endpoint and how it was found', () => {
    expectFinding(runCheck(vpceStateAvailable, healthy()), 'pass', {
      summary: [VPCE],
      evidence: [VPCE, 'State=available'],
    })
    const s = healthy()
    ep(s).state = 'Available'
    expect(runCheck(vpceStateAvailable, s).status).toBe('pass')
  })
  it('pending or pendingAcceptance: fail; the fix waits for that endpoint', () => {
    for (const state of ['pending', 'pendingAcceptance']) {
      const s = healthy()
      ep(s).state = state
      const f = runCheck(vpceStateAvailable, s)
      expectFinding(f, 'fail', {
        summary: [VPCE, state],
        fix: ['describe-vpc-endpoints', `--vpc-endpoint-ids ${VPCE}`, REGION],
        resource: VPCE,
      })
    }
  })
  it('failed or rejected: fail; the fix reads LastError, which the evidence shows', () => {
    const s = healthy()
    ep(s).state = 'rejected'
    ;(ep(s) as { lastError?: string }).lastError = 'quota exceeded'
    const f = runCheck(vpceStateAvailable, s)
    expectFinding(f, 'fail', {
      summary: ['rejected'],
      fix: ['LastError', VPCE],
      evidence: ['LastError: quota exceeded'],
    })
  })
  it('no endpoint in the region: fail naming the region and the caller VPC; without a VPC, a placeholder', () => {
    const s = healthy()
    s.network.endpoints = ok([])
    expectFinding(runCheck(vpceStateAvailable, s), 'fail', {
      summary: [REGION, VPC],
      fix: [`--vpc-id ${VPC}`, `com.amazonaws.${REGION}.execute-api`],
      resource: VPC,
    })
    s.network.caller = { status: 'not-collected', reason: 'no flags' }
    const f = runCheck(vpceStateAvailable, s)
    expectFinding(f, 'fail', { fix: ['VPC_ID'] })
    expect(f.summary).not.toContain(' for ')
  })
  it('an endpoint named in the URL but not visible: unknown (another account?)', () => {
    const s = healthyAlias()
    s.network.endpoints = ok([])
    const f = runCheck(vpceStateAvailable, s)
    expectFinding(f, 'unknown', { summary: [VPCE] })
    expect(f.missing!.join(' ')).toContain('ec2:DescribeVpcEndpoints')
  })
  it('endpoints unreadable: unknown', () => {
    const s = healthy()
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    expect(runCheck(vpceStateAvailable, s).missing).toContain('ec2:DescribeVpcEndpoints')
  })
})

describe('vpce.state-available, the fixes', () => {
  it('pendingAcceptance: the fix says the service owner must accept; pending does not', () => {
    const s = healthy()
    ep(s).state = 'pendingAcceptance'
    expect(runCheck(vpceStateAvailable, s).fix).toContain('service owner must accept')
    ep(s).state = 'pending'
    const f = runCheck(vpceStateAvailable, s)
    expect(f.fix).not.toContain('accept')
    expect(f.fix).toContain(`wait for ${VPCE}`)
    expect(evidenceText(f)).not.toContain('LastError')
  })
  it('failed: delete and create again with the same service, VPC, subnets, groups and private DNS setting', () => {
    const s = healthy()
    ep(s).state = 'failed'
    const f = runCheck(vpceStateAvailable, s)
    expectFinding(f, 'fail', {
      summary: [VPCE, 'failed'],
      fix: [
        `delete-vpc-endpoints --vpc-endpoint-ids ${VPCE} --region ${REGION}`,
        `--service-name com.amazonaws.${REGION}.execute-api --vpc-id ${VPC} --subnet-ids ${SUBNET_EP_A} ${SUBNET_EP_B} --security-group-ids ${SG_ENDPOINT} --private-dns-enabled`,
      ],
      resource: VPCE,
    })
    expect(f.fix).not.toContain('SUBNET_IDS')
    expect(f.fix).not.toContain('ENDPOINT_SG_ID')
    ep(s).privateDnsEnabled = false
    ep(s).subnetIds = []
    ep(s).securityGroupIds = []
    const g = runCheck(vpceStateAvailable, s)
    expect(g.fix).toContain('--no-private-dns-enabled')
    expect(g.fix).toContain('--subnet-ids SUBNET_IDS')
    expect(g.fix).toContain('# SUBNET_IDS:')
    expect(g.fix).toContain('--security-group-ids ENDPOINT_SG_ID')
    expect(g.fix).toContain('# ENDPOINT_SG_ID:')
  })
  it("no endpoint: the fix creates one in the caller's VPC and subnets; unknown ones get placeholders", () => {
    const s = healthy()
    s.network.endpoints = ok([])
    const f = runCheck(vpceStateAvailable, s)
    expect(f.fix).toContain(
      `--vpc-id ${VPC} --subnet-ids ${SUBNET_CALLER} --security-group-ids ENDPOINT_SG_ID`,
    )
    expect(f.fix).toContain(`# ${SUBNET_CALLER}: the caller's subnets`)
    expect(f.fix).toContain(`create-security-group --vpc-id ${VPC}`)
    expect(f.fix).not.toContain('# VPC_ID')
    s.network.caller = { status: 'not-collected', reason: 'no flags' }
    const g = runCheck(vpceStateAvailable, s)
    expect(g.fix).toContain('--vpc-id VPC_ID --subnet-ids SUBNET_IDS')
    expect(g.fix).toContain('# VPC_ID:')
    expect(g.fix).toContain('# SUBNET_IDS:')
    expect(g.fix).not.toContain('create-security-group --vpc-id')
  })
})

describe('vpce.subnets-azs', () => {
  it('two zones: pass with the count; evidence lists subnets, zones and the caller zone', () => {
    const f = runCheck(vpceSubnetsAzs, healthy())
    expectFinding(f, 'pass', {
      summary: [VPCE, '2 zones'],
      evidence: [SUBNET_EP_A, SUBNET_EP_B, `${REGION}a`, `${REGION}b`, `caller in ${REGION}a`],
    })
  })
  it('two subnets in one zone: warn', () => {
    const s = healthy()
    ;(val(s.network.subnets[SUBNET_EP_B]) as { availabilityZone: string }).availabilityZone = `${REGION}a`
    expectFinding(runCheck(vpceSubnetsAzs, s), 'warn', {
      summary: [VPCE],
      fix: [`--vpc-endpoint-id ${VPCE}`, '--add-subnet-ids', REGION],
      resource: VPCE,
    })
  })
  it('one subnet: warn, and a caller in another zone is noted (cross-AZ traffic)', () => {
    const s = healthy()
    ep(s).subnetIds = [SUBNET_EP_B]
    const f = runCheck(vpceSubnetsAzs, s)
    expectFinding(f, 'warn', { evidence: [`${REGION}a has no endpoint ENI`] })
  })
  it('subnets unreadable: unknown; endpoint unknown: unknown', () => {
    const s = healthy()
    s.network.subnets[SUBNET_EP_A] = denied('ec2:DescribeSubnets')
    s.network.subnets[SUBNET_EP_B] = denied('ec2:DescribeSubnets')
    expect(runCheck(vpceSubnetsAzs, s).missing).toContain('ec2:DescribeSubnets')
    const t = healthy()
    t.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    expectFinding(runCheck(vpceSubnetsAzs, t), 'unknown')
  })
  it('zones unknown for the caller: no caller line', () => {
    const s = healthy()
    ;(val(s.network.caller) as { subnetIds: string[] }).subnetIds = []
    const f = runCheck(vpceSubnetsAzs, s)
    expect(evidenceText(f)).not.toContain('caller in')
  })
})

describe('route.no-internet', () => {
  it('local routes only: pass, evidence shows the table (main) and routes', () => {
    expectFinding(runCheck(routeNoInternet, healthy()), 'pass', {
      evidence: [SUBNET_CALLER, RTB, '(main)', '10.0.0.0/16→local'],
    })
  })
  it('a default route to an internet, NAT or egress-only gateway: warn naming subnet, table, target', () => {
    for (const target of ['igw-00000000000000001', 'nat-00000000000000001', 'eigw-00000000000000001']) {
      const f = runCheck(routeNoInternet, routes(healthy(), [{ destination: '0.0.0.0/0', target }]))
      expectFinding(f, 'warn', {
        summary: [SUBNET_CALLER, RTB, target],
        fix: [`--route-table-id ${RTB}`, REGION],
        resource: RTB,
      })
    }
    expect(
      runCheck(
        routeNoInternet,
        routes(healthy(), [{ destination: '::/0', target: 'eigw-00000000000000001' }]),
      ).status,
    ).toBe('warn')
  })
  it('blackholed, non-default or non-internet routes do not count; a non-main table is not called main', () => {
    const s = routes(
      healthy(),
      [
        { destination: '0.0.0.0/0', target: 'igw-00000000000000001', state: 'blackhole' },
        { destination: '10.9.0.0/16', target: 'nat-00000000000000001' },
        { destination: '0.0.0.0/0', target: 'tgw-00000000000000001' },
      ],
      false,
    )
    const f = runCheck(routeNoInternet, s)
    expectFinding(f, 'pass')
    expect(evidenceText(f)).not.toContain('(main)')
  })
  it('route table not read, subnets unknown: unknown', () => {
    const s = healthy()
    delete s.network.routeTables[SUBNET_CALLER]
    const f = runCheck(routeNoInternet, s)
    expectFinding(f, 'unknown', { summary: [SUBNET_CALLER] })
    expect(f.missing).toContain('ec2:DescribeRouteTables')
    const t = healthy()
    t.network.routeTables[SUBNET_CALLER] = denied('ec2:DescribeRouteTables')
    expectFinding(runCheck(routeNoInternet, t), 'unknown')
    const u = healthy()
    ;(val(u.network.caller) as { subnetIds: string[] }).subnetIds = []
    expectFinding(runCheck(routeNoInternet, u), 'unknown')
  })
})

describe('route.sts-reachable', () => {
  const inVpc = () => {
    const s = healthy()
    s.caller.assumesRoleInVpc = true
    return s
  }
  const sts = (vpcId: string, state = 'available', privateDnsEnabled = true) =>
    endpointOf({ id: VPCE_STS, vpcId, state, privateDnsEnabled, serviceName: `com.amazonaws.${REGION}.sts` })
  it('not assuming a role in the VPC: skipped', () =>
    expect(runCheck(routeStsReachable, healthy()).status).toBe('skipped'))
  it('an available STS endpoint in the caller VPC: pass naming it', () => {
    const s = inVpc()
    s.network.stsEndpoints = ok([sts(VPC, 'Available')])
    expectFinding(runCheck(routeStsReachable, s), 'pass', {
      summary: [VPCE_STS, VPC, `com.amazonaws.${REGION}.sts`],
      evidence: ['private DNS on'],
    })
    s.network.stsEndpoints = ok([sts(VPC, 'available', false)])
    expectFinding(runCheck(routeStsReachable, s), 'pass', { evidence: ['private DNS off'] })
  })
  it('an STS endpoint elsewhere or not available does not count; a NAT or IGW route does', () => {
    const s = inVpc()
    s.network.stsEndpoints = ok([sts(VPC_OTHER), { ...sts(VPC), state: 'pending' }])
    const f = runCheck(routeStsReachable, s)
    expectFinding(f, 'fail', {
      summary: [VPC],
      fix: [`--vpc-id ${VPC}`, `--subnet-ids ${SUBNET_CALLER}`, `com.amazonaws.${REGION}.sts`],
      resource: VPC,
      evidence: [VPCE_STS, VPC_OTHER],
    })
    routes(s, [{ destination: '0.0.0.0/0', target: 'nat-00000000000000001' }])
    expectFinding(runCheck(routeStsReachable, s), 'pass', { summary: ['nat-00000000000000001', RTB] })
    routes(s, [{ destination: '0.0.0.0/0', target: 'tgw-00000000000000001' }])
    expect(runCheck(routeStsReachable, s).status).toBe('fail')
  })
  it('no STS endpoints: the evidence says none', () => {
    const s = inVpc()
    expectFinding(runCheck(routeStsReachable, s), 'fail', { evidence: ['none'] })
  })
  it('unknowns: the VPC, the STS endpoints', () => {
    const s = inVpc()
    s.network.caller = { status: 'not-collected', reason: 'no flags' }
    expectFinding(runCheck(routeStsReachable, s), 'unknown')
    const t = inVpc()
    t.network.stsEndpoints = denied('ec2:DescribeVpcEndpoints')
    expect(runCheck(routeStsReachable, t).missing).toContain('ec2:DescribeVpcEndpoints')
  })
  void ENI_A
})
