/**
 * route.hybrid-return, one test per branch: the route table and subnet at fault, the caller's
 * range, the direction (reply to the caller, request to the endpoint ENI), the gateway the route
 * names and the gateway the fix routes through.
 */
import { describe, expect, it } from 'vitest'
import { routeHybridReturn } from '../../../src/doctor/checks/route-hybrid-return.js'
import type { DoctorSnapshot, HybridFacts } from '../../../src/doctor/snapshot.js'
import {
  A,
  ENI_A,
  REGION,
  RTB,
  SUBNET_EP_A,
  SUBNET_EP_B,
  SUBNET_OTHER,
  VPC,
  VPCE,
  VPC_OTHER,
  denied,
  healthy,
  ok,
  val,
  type Draft,
} from '../builders.js'
import {
  ONPREM_CIDR,
  PCX,
  RTB_OTHER,
  TGW,
  TGW_ATTACH_CALLER,
  TGW_ATTACH_EP,
  healthyOnPrem,
  healthyOtherVpcTgw,
} from '../scenario-defs-hybrid.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

const hy = (s: Draft<DoctorSnapshot>) => s.network.hybrid as Draft<HybridFacts>
type Route = { destination: string; target: string; state?: string }

/** The endpoint subnets' route table: the VPC's local route and `extra`. */
const endpointRoutes = (s: Draft<DoctorSnapshot>, ...extra: Route[]) => {
  for (const sn of [SUBNET_EP_A, SUBNET_EP_B])
    hy(s).endpointRouteTables[sn] = ok({
      routeTableId: RTB,
      main: sn === SUBNET_EP_A,
      routes: [{ destination: '10.0.0.0/16', target: 'local', state: 'active' }, ...extra],
    }) as never
  return s
}
/** The caller subnet's route table (another VPC): its own range local and `extra`. */
const callerRoutes = (s: Draft<DoctorSnapshot>, ...extra: Route[]) => {
  s.network.routeTables[SUBNET_OTHER] = ok({
    routeTableId: RTB_OTHER,
    main: true,
    routes: [{ destination: '10.1.0.0/16', target: 'local', state: 'active' }, ...extra],
  }) as never
  return s
}
/** Another VPC joined by PCX (status given) instead of the transit gateway. */
const peered = (status = 'active', requesterVpc = VPC_OTHER) => {
  const s = healthyOtherVpcTgw()
  endpointRoutes(s, { destination: '10.1.0.0/16', target: PCX, state: 'active' })
  callerRoutes(s, { destination: '10.0.0.0/16', target: PCX, state: 'active' })
  hy(s).tgwAttachments = ok([]) as never
  hy(s).peeringConnections = ok([
    {
      id: PCX,
      status,
      requester: { vpcId: requesterVpc, region: REGION, ownerId: A },
      accepter: { vpcId: VPC, region: REGION, ownerId: A },
    },
  ]) as never
  return s
}

const TGW_ROUTE = { destination: '192.168.0.0/16', target: TGW, state: 'active' }

describe('route.hybrid-return, the facts of each branch', () => {
  it('--caller-cidr given but nothing outside was read: unknown asking for the endpoint', () => {
    const s = healthyOnPrem()
    delete s.network.hybrid
    const f = runCheck(routeHybridReturn, s)
    expectFinding(f, 'unknown', { summary: ['could not be identified'] })
    expect(f.missing).toEqual(['--vpce <id>', "--from-vpc naming the endpoint's VPC"])
  })

  it("a caller in the endpoint's VPC: skipped", () => {
    expectFinding(runCheck(routeHybridReturn, healthy()), 'skipped')
    const s = healthy()
    s.network.caller = denied('ec2:DescribeInstances') as never
    expectFinding(runCheck(routeHybridReturn, s), 'skipped')
  })

  it('the endpoint unreadable: unknown with the read that failed', () => {
    const s = healthyOnPrem()
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints') as never
    s.target.vpceId = undefined
    const f = runCheck(routeHybridReturn, s)
    expectFinding(f, 'unknown', { summary: ['the VPC endpoint'] })
    expect(f.missing).toContain('ec2:DescribeVpcEndpoints')
  })

  it("the caller's addresses unknown: unknown asking for them", () => {
    const s = healthyOtherVpcTgw()
    const net = val(s.network.caller) as { privateIps: string[]; subnetIds: string[] }
    net.privateIps = []
    net.subnetIds = []
    delete s.network.vpcs[VPC_OTHER]
    const f = runCheck(routeHybridReturn, s)
    expectFinding(f, 'unknown', { summary: ["the caller's addresses are unknown"] })
    expect(f.missing).toEqual(['--caller-cidr, --caller-ip or --subnet'])
  })

  it("the caller VPC's CIDR when nothing narrower is known", () => {
    const s = healthyOtherVpcTgw()
    const net = val(s.network.caller) as { privateIps: string[]; subnetIds: string[] }
    net.privateIps = []
    net.subnetIds = []
    const f = runCheck(routeHybridReturn, s)
    expectFinding(f, 'pass', {
      evidence: [`${SUBNET_EP_A} ${RTB} (main): 10.1.0.0/16 → ${TGW} (active) via 10.1.0.0/16`],
    })
  })

  it("an endpoint subnet's table unreadable or missing: unknown naming the subnet", () => {
    const s = healthyOnPrem()
    hy(s).endpointRouteTables[SUBNET_EP_B] = denied('ec2:DescribeRouteTables') as never
    const f = runCheck(routeHybridReturn, s)
    expectFinding(f, 'unknown', { summary: [`route table of ${SUBNET_EP_B}`] })
    expect(f.missing).toEqual(['ec2:DescribeRouteTables'])
    delete hy(s).endpointRouteTables[SUBNET_EP_B]
    const g = runCheck(routeHybridReturn, s)
    expectFinding(g, 'unknown', { summary: [`route table of ${SUBNET_EP_B}`, 'not found'] })
  })

  it('on premises over a transit gateway: pass naming the range; evidence per endpoint subnet (main marked)', () => {
    const f = runCheck(routeHybridReturn, healthyOnPrem())
    expectFinding(f, 'pass', { summary: [ONPREM_CIDR, 'on premises'] })
    expect(f.evidence.map(e => e.text)).toEqual([
      `${SUBNET_EP_A} ${RTB} (main): ${ONPREM_CIDR} → ${TGW} (active) via 192.168.0.0/16`,
      `${SUBNET_EP_B} ${RTB} (main): ${ONPREM_CIDR} → ${TGW} (active) via 192.168.0.0/16`,
    ])
  })

  it('several on-premises ranges: all named in the pass', () => {
    const s = healthyOnPrem()
    ;(val(s.network.caller) as { onPremises?: { cidrs: string[] } }).onPremises = {
      cidrs: [ONPREM_CIDR, '192.168.20.0/24'],
    }
    expectFinding(runCheck(routeHybridReturn, s), 'pass', {
      summary: [`route ${ONPREM_CIDR}, 192.168.20.0/24 back`],
    })
  })

  it("an on-premises caller's subnets (none expected) are not judged for the request direction", () => {
    const s = healthyOnPrem()
    val(s.network.caller).subnetIds = [SUBNET_OTHER]
    expectFinding(runCheck(routeHybridReturn, s), 'pass')
  })

  it('a route without a state, a table not main: the evidence says neither', () => {
    const s = endpointRoutes(healthyOnPrem(), { destination: '192.168.0.0/16', target: TGW })
    const f = runCheck(routeHybridReturn, s)
    expectFinding(f, 'pass')
    expect(evidenceText(f)).toContain(`${SUBNET_EP_B} ${RTB}: ${ONPREM_CIDR} → ${TGW} via 192.168.0.0/16`)
  })

  it('no route back: fail naming the table, the subnet and the endpoint; the fix routes the range via the TGW', () => {
    const f = runCheck(routeHybridReturn, endpointRoutes(healthyOnPrem()))
    expectFinding(f, 'fail', {
      summary: [`${RTB} (${SUBNET_EP_A})`, "has no route back to the caller's range", VPCE],
      evidence: [
        `${RTB} (${SUBNET_EP_A}): ${ONPREM_CIDR} has no route back`,
        `${RTB} (${SUBNET_EP_B}): ${ONPREM_CIDR} has no route back`,
        `${SUBNET_EP_A} ${RTB} (main): ${ONPREM_CIDR} → no route`,
      ],
      resource: RTB,
    })
    expect(f.evidence[0]!.text).toMatch(/^rtb-\S+ \(subnet-00000000000000002\): /)
    expect(f.fix!.split('\n')).toEqual([
      `aws ec2 create-route --route-table-id ${RTB} --destination-cidr-block ${ONPREM_CIDR} --transit-gateway-id ${TGW} --region ${REGION}`,
      '# if the table already has a route for that destination, use replace-route with the same arguments',
    ])
  })

  it('no route back and no transit gateway attachment: the fix names VGW_ID and how to find it', () => {
    const s = endpointRoutes(healthyOnPrem())
    hy(s).tgwAttachments = ok([]) as never
    const lines = runCheck(routeHybridReturn, s).fix!.split('\n')
    expect(lines[0]).toBe(
      `aws ec2 create-route --route-table-id ${RTB} --destination-cidr-block ${ONPREM_CIDR} --gateway-id VGW_ID --region ${REGION}`,
    )
    expect(lines[1]).toMatch(new RegExp(`^# VGW_ID: .*Values=${VPC}\\)`))
    expect(lines).toHaveLength(3)
  })

  it('a prefix-list route and nothing else: unknown, its CIDRs were not read', () => {
    const s = endpointRoutes(healthyOnPrem(), { destination: 'pl-0123456789abcdef0', target: TGW })
    const f = runCheck(routeHybridReturn, s)
    expectFinding(f, 'unknown', { summary: [RTB, ONPREM_CIDR, 'prefix list'] })
    expect(f.missing).toEqual(['ec2:GetManagedPrefixListEntries'])
    expect(evidenceText(f)).toContain('→ no route')
  })

  it('a blackhole route: fail naming the target', () => {
    const s = endpointRoutes(healthyOnPrem(), { ...TGW_ROUTE, state: 'blackhole' })
    expectFinding(runCheck(routeHybridReturn, s), 'fail', {
      summary: [`routes it to ${TGW}, which is a blackhole`],
    })
  })

  it("the caller's range inside the endpoint VPC's own CIDR: fail, local captures it", () => {
    const s = healthyOnPrem()
    ;(val(s.network.caller) as { onPremises?: { cidrs: string[] } }).onPremises = { cidrs: ['10.0.200.0/24'] }
    const f = runCheck(routeHybridReturn, s)
    expectFinding(f, 'fail', {
      summary: ['sends 10.0.0.0/16 to local', `the caller's range overlaps ${VPC}'s own CIDR`],
    })
  })

  it('a route to the internet: fail naming the gateway', () => {
    const s = endpointRoutes(healthyOnPrem(), { destination: '0.0.0.0/0', target: 'igw-00000000000000001' })
    expectFinding(runCheck(routeHybridReturn, s), 'fail', {
      summary: ['sends it to igw-00000000000000001 (the internet)'],
    })
  })

  it('on premises through a peering connection: fail, no transitive routing', () => {
    const s = endpointRoutes(healthyOnPrem(), { ...TGW_ROUTE, target: PCX })
    expectFinding(runCheck(routeHybridReturn, s), 'fail', {
      summary: [`sends it to ${PCX}: a peering connection`],
    })
  })

  it('on premises through a VPN gateway, or an appliance: pass', () => {
    const s = endpointRoutes(healthyOnPrem(), { ...TGW_ROUTE, target: 'vgw-00000000000000001' })
    expectFinding(runCheck(routeHybridReturn, s), 'pass')
    endpointRoutes(s, { ...TGW_ROUTE, target: 'eni-00000000000000009' })
    expectFinding(runCheck(routeHybridReturn, s), 'pass')
  })

  it('a transit gateway without an attachment for the endpoint VPC: fail naming both', () => {
    const s = healthyOnPrem()
    hy(s).tgwAttachments = ok([
      { id: TGW_ATTACH_CALLER, transitGatewayId: TGW, vpcId: VPC_OTHER, state: 'available' },
    ]) as never
    expectFinding(runCheck(routeHybridReturn, s), 'fail', {
      summary: [`sends it to ${TGW}, which has no attachment for ${VPC}`],
    })
  })

  it('an attachment of another transit gateway does not count', () => {
    const s = healthyOnPrem()
    hy(s).tgwAttachments = ok([
      { id: TGW_ATTACH_EP, transitGatewayId: 'tgw-00000000000000009', vpcId: VPC },
    ]) as never
    expectFinding(runCheck(routeHybridReturn, s), 'fail', { summary: ['has no attachment'] })
  })

  it('an attachment not available: fail naming it and its state; without a state it passes', () => {
    const s = healthyOnPrem()
    const att = val(hy(s).tgwAttachments)[0] as { state?: string }
    att.state = 'pendingAcceptance'
    expectFinding(runCheck(routeHybridReturn, s), 'fail', {
      summary: [`whose attachment ${TGW_ATTACH_EP} is pendingAcceptance`],
    })
    delete att.state
    expectFinding(runCheck(routeHybridReturn, s), 'pass')
  })

  it("the attachment that counts is the route target's for the endpoint VPC", () => {
    const s = healthyOnPrem()
    hy(s).tgwAttachments = ok([
      {
        id: 'tgw-attach-00000000000000009',
        transitGatewayId: 'tgw-00000000000000009',
        vpcId: VPC,
        state: 'deleting',
      },
      { id: TGW_ATTACH_CALLER, transitGatewayId: TGW, vpcId: VPC_OTHER, state: 'deleting' },
      { id: TGW_ATTACH_EP, transitGatewayId: TGW, vpcId: VPC, state: 'available' },
    ]) as never
    expectFinding(runCheck(routeHybridReturn, s), 'pass')
  })

  it('the attachments unreadable: the route is all there is (pass)', () => {
    const s = healthyOnPrem()
    hy(s).tgwAttachments = denied('ec2:DescribeTransitGatewayVpcAttachments') as never
    expectFinding(runCheck(routeHybridReturn, s), 'pass')
  })

  it('another VPC over a transit gateway: pass; the evidence has both directions', () => {
    const f = runCheck(routeHybridReturn, healthyOtherVpcTgw())
    expectFinding(f, 'pass', {
      summary: ["the caller's and the endpoint's subnets route to each other"],
      evidence: [
        `${SUBNET_EP_A} ${RTB} (main): 10.1.1.20/32 → ${TGW} (active) via 10.1.0.0/16`,
        `${SUBNET_OTHER} ${RTB_OTHER}: 10.0.2.10/32 (endpoint ENI) → ${TGW} via 10.0.0.0/16`,
      ],
    })
  })

  it("another VPC, no route back: the fix routes the caller VPC's CIDR through its TGW", () => {
    const f = runCheck(routeHybridReturn, endpointRoutes(healthyOtherVpcTgw()))
    expectFinding(f, 'fail', { summary: [`${RTB} (${SUBNET_EP_A})`, 'no route back'] })
    expect(f.fix!.split('\n')[0]).toBe(
      `aws ec2 create-route --route-table-id ${RTB} --destination-cidr-block 10.1.0.0/16 --transit-gateway-id ${TGW} --region ${REGION}`,
    )
  })

  it("another VPC without a readable attachment: TRANSIT_GATEWAY_ID, explained; the caller's range when its VPC is unread", () => {
    const s = endpointRoutes(healthyOtherVpcTgw())
    hy(s).tgwAttachments = ok([]) as never
    delete s.network.vpcs[VPC_OTHER]
    const lines = runCheck(routeHybridReturn, s).fix!.split('\n')
    expect(lines[0]).toBe(
      `aws ec2 create-route --route-table-id ${RTB} --destination-cidr-block 10.1.1.20/32 --transit-gateway-id TRANSIT_GATEWAY_ID --region ${REGION}`,
    )
    expect(lines[1]).toMatch(new RegExp(`^# TRANSIT_GATEWAY_ID: .*Values=${VPC}\\)$`))
    expect(lines).toHaveLength(3)
  })

  it("the caller's table unreadable or missing: unknown naming its subnet", () => {
    const s = healthyOtherVpcTgw()
    s.network.routeTables[SUBNET_OTHER] = denied('ec2:DescribeRouteTables') as never
    expectFinding(runCheck(routeHybridReturn, s), 'unknown', { summary: [`route table of ${SUBNET_OTHER}`] })
    delete s.network.routeTables[SUBNET_OTHER]
    expectFinding(runCheck(routeHybridReturn, s), 'unknown', {
      summary: [`route table of ${SUBNET_OTHER}`, 'not found'],
    })
  })

  it("the caller's VPC id unknown: its transit gateway attachment is not judged (was 'no attachment for ')", () => {
    const s = healthyOtherVpcTgw()
    delete (val(s.network.caller) as { vpcId?: string }).vpcId
    expectFinding(runCheck(routeHybridReturn, s), 'pass')
  })

  it("the endpoint's ENIs unread: only the replies are judged", () => {
    const s = healthyOtherVpcTgw()
    s.network.enis = {}
    const f = runCheck(routeHybridReturn, s)
    expectFinding(f, 'pass')
    expect(evidenceText(f)).not.toContain('(endpoint ENI)')
  })

  it('another VPC through an appliance: pass (only a VPN gateway is wrong there)', () => {
    const s = endpointRoutes(healthyOtherVpcTgw(), {
      destination: '10.1.0.0/16',
      target: 'eni-00000000000000009',
    })
    expectFinding(runCheck(routeHybridReturn, s), 'pass')
  })

  it('dual-stack endpoint ENIs: only their IPv4 addresses are routed here', () => {
    const s = healthyOtherVpcTgw()
    val(s.network.enis[ENI_A]).ipv6Addresses = ['2600:1f18:aaaa:bb02::10']
    const f = runCheck(routeHybridReturn, s)
    expectFinding(f, 'pass')
    expect(evidenceText(f)).not.toContain('2600:')
  })

  it("each side routes through its own attachment: the request fix names the caller VPC's transit gateway", () => {
    const s = callerRoutes(healthyOtherVpcTgw())
    hy(s).tgwAttachments = ok([
      {
        id: TGW_ATTACH_CALLER,
        transitGatewayId: 'tgw-00000000000000009',
        vpcId: VPC_OTHER,
        state: 'available',
      },
      { id: TGW_ATTACH_EP, transitGatewayId: TGW, vpcId: VPC, state: 'available' },
    ]) as never
    expect(runCheck(routeHybridReturn, s).fix).toContain('--transit-gateway-id tgw-00000000000000009 ')
    const t = endpointRoutes(healthyOtherVpcTgw())
    hy(t).tgwAttachments = ok([
      {
        id: TGW_ATTACH_CALLER,
        transitGatewayId: 'tgw-00000000000000009',
        vpcId: VPC_OTHER,
        state: 'available',
      },
      { id: TGW_ATTACH_EP, transitGatewayId: TGW, vpcId: VPC, state: 'available' },
    ]) as never
    expect(runCheck(routeHybridReturn, t).fix).toContain(`--transit-gateway-id ${TGW} `)
  })

  it('attachments unreadable: the reply fix falls back to VGW_ID (on premises)', () => {
    const s = endpointRoutes(healthyOnPrem())
    hy(s).tgwAttachments = denied('ec2:DescribeTransitGatewayVpcAttachments') as never
    expect(runCheck(routeHybridReturn, s).fix).toContain('--gateway-id VGW_ID ')
  })

  it("on premises, a peering is never the fix's way back", () => {
    const s = endpointRoutes(healthyOnPrem())
    hy(s).peeringConnections = ok([
      {
        id: PCX,
        status: 'active',
        requester: { vpcId: VPC_OTHER, region: REGION, ownerId: A },
        accepter: { vpcId: VPC, region: REGION, ownerId: A },
      },
    ]) as never
    const fix = runCheck(routeHybridReturn, s).fix!
    expect(fix).toContain(`--transit-gateway-id ${TGW} `)
    expect(fix).not.toContain(PCX)
  })

  it("no route from the caller's subnet to the endpoint ENI: fail; the fix routes the endpoint VPC's CIDR", () => {
    const f = runCheck(routeHybridReturn, callerRoutes(healthyOtherVpcTgw()))
    expectFinding(f, 'fail', {
      summary: [`${RTB_OTHER} (${SUBNET_OTHER})`, 'has no route to the endpoint ENI', VPCE],
      evidence: [
        `${RTB_OTHER} (${SUBNET_OTHER}): 10.0.2.10/32 has no route to the endpoint ENI`,
        `${SUBNET_OTHER} ${RTB_OTHER}: 10.0.2.10/32 (endpoint ENI) → no route`,
      ],
      resource: RTB_OTHER,
    })
    expect(f.fix!.split('\n')[0]).toBe(
      `aws ec2 create-route --route-table-id ${RTB_OTHER} --destination-cidr-block 10.0.0.0/16 --transit-gateway-id ${TGW} --region ${REGION}`,
    )
  })

  it("the endpoint VPC unread: the request fix routes the ENI's own address", () => {
    const s = callerRoutes(healthyOtherVpcTgw())
    delete s.network.vpcs[VPC]
    expectFinding(runCheck(routeHybridReturn, s), 'fail', { fix: ['--destination-cidr-block 10.0.2.10/32 '] })
  })

  it("the caller VPC's own CIDR covers the endpoint ENI: fail, the request stays local (was a pass)", () => {
    const s = callerRoutes(healthyOtherVpcTgw(), { destination: '10.0.0.0/16', target: 'local' })
    const f = runCheck(routeHybridReturn, s)
    expectFinding(f, 'fail', {
      summary: [
        `${RTB_OTHER} (${SUBNET_OTHER})`,
        'sends 10.0.0.0/16 to local',
        `overlaps ${VPC_OTHER}'s own CIDR`,
      ],
      resource: RTB_OTHER,
    })
    delete (val(s.network.caller) as { vpcId?: string }).vpcId
    expectFinding(runCheck(routeHybridReturn, s), 'fail', { summary: ["overlaps the caller VPC's own CIDR"] })
  })

  it("the caller's subnet routes the endpoint to a VPN gateway: fail, not the caller's VPC", () => {
    const s = callerRoutes(healthyOtherVpcTgw(), {
      destination: '10.0.0.0/16',
      target: 'vgw-00000000000000001',
    })
    expectFinding(runCheck(routeHybridReturn, s), 'fail', {
      summary: ['sends it to vgw-00000000000000001 (a VPN gateway)'],
    })
  })

  it("the request direction's attachment is the caller VPC's", () => {
    const s = healthyOtherVpcTgw()
    hy(s).tgwAttachments = ok([
      { id: TGW_ATTACH_EP, transitGatewayId: TGW, vpcId: VPC, state: 'available' },
    ]) as never
    expectFinding(runCheck(routeHybridReturn, s), 'fail', {
      summary: [RTB_OTHER, `which has no attachment for ${VPC_OTHER}`],
    })
  })

  it('a prefix-list route in the caller table is not judged', () => {
    const s = callerRoutes(
      healthyOtherVpcTgw(),
      { destination: '10.0.0.0/16', target: TGW },
      { destination: 'pl-0123', target: TGW },
    )
    expectFinding(runCheck(routeHybridReturn, s), 'pass')
  })

  it('an active peering joining both VPCs: pass; the fix for a missing route names the peering', () => {
    expectFinding(runCheck(routeHybridReturn, peered()), 'pass')
    const s = endpointRoutes(peered())
    expect(runCheck(routeHybridReturn, s).fix!.split('\n')[0]).toBe(
      `aws ec2 create-route --route-table-id ${RTB} --destination-cidr-block 10.1.0.0/16 --vpc-peering-connection-id ${PCX} --region ${REGION}`,
    )
  })

  it('a peering pending acceptance: fail; the fix accepts it', () => {
    const f = runCheck(routeHybridReturn, peered('pending-acceptance'))
    expectFinding(f, 'fail', { summary: [`sends it to ${PCX}, which is pending-acceptance, not active`] })
    expect(f.fix).toBe(
      `aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id ${PCX} --region ${REGION}`,
    )
  })

  it('a peering otherwise not active: fail; the fix routes (no accept)', () => {
    const f = runCheck(routeHybridReturn, peered('expired'))
    expectFinding(f, 'fail', { summary: [`which is expired, not active`], fix: ['create-route'] })
    expect(f.fix).not.toContain('accept-vpc-peering-connection')
  })

  it('a peering without a status is taken as it routes', () => {
    const s = peered()
    delete (val(hy(s).peeringConnections)[0] as { status?: string }).status
    expectFinding(runCheck(routeHybridReturn, s), 'pass')
  })

  it('a peering joining other VPCs: fail naming them; the fix does not reuse it', () => {
    const f = runCheck(routeHybridReturn, peered('active', 'vpc-00000000000000009'))
    expectFinding(f, 'fail', {
      summary: [`sends it to ${PCX}, which joins vpc-00000000000000009 and ${VPC}`],
    })
    expect(f.fix).toContain('--transit-gateway-id TRANSIT_GATEWAY_ID')
  })

  it('a peering that does not join the endpoint VPC is judged too', () => {
    const s = peered()
    val(hy(s).peeringConnections)[0]!.accepter.vpcId = 'vpc-00000000000000009'
    expectFinding(runCheck(routeHybridReturn, s), 'fail', {
      summary: [`joins ${VPC_OTHER} and vpc-00000000000000009`],
    })
  })

  it('the peering the route names is the one judged; the fix picks an active one joining both VPCs', () => {
    const other = (id: string, status: string) => ({
      id,
      status,
      requester: { vpcId: VPC_OTHER, region: REGION, ownerId: A },
      accepter: { vpcId: VPC, region: REGION, ownerId: A },
    })
    const s = peered()
    val(hy(s).peeringConnections).unshift(other('pcx-00000000000000009', 'deleted') as never)
    expectFinding(runCheck(routeHybridReturn, s), 'pass')
    endpointRoutes(s)
    expect(runCheck(routeHybridReturn, s).fix).toContain(`--vpc-peering-connection-id ${PCX} `)
    const t = endpointRoutes(peered())
    val(hy(t).peeringConnections).unshift({
      ...other('pcx-00000000000000008', 'active'),
      accepter: { vpcId: 'vpc-00000000000000009', region: REGION, ownerId: A },
    } as never)
    expect(runCheck(routeHybridReturn, t).fix).toContain(`--vpc-peering-connection-id ${PCX} `)
  })

  it('peerings unreadable: the route is all there is; the fix falls back to a transit gateway', () => {
    const s = peered()
    hy(s).peeringConnections = denied('ec2:DescribeVpcPeeringConnections') as never
    expectFinding(runCheck(routeHybridReturn, s), 'pass')
    endpointRoutes(s)
    expect(runCheck(routeHybridReturn, s).fix).toContain('--transit-gateway-id TRANSIT_GATEWAY_ID')
  })

  it('a peering not read: the route is all there is (pass)', () => {
    const s = peered()
    hy(s).peeringConnections = ok([]) as never
    expectFinding(runCheck(routeHybridReturn, s), 'pass')
  })
})
