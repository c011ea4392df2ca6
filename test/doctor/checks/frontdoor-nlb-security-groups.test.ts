/**
 * frontdoor.nlb-security-groups: the endpoint's groups admit TCP 443 from the NLB (its groups, or
 * its subnets' ranges when it has none), and the NLB's groups let 443 out to the endpoint. The
 * facts: the group to change, the direction, the peer group or CIDR, the port.
 */
import { describe, expect, it } from 'vitest'
import { frontdoorNlbSecurityGroups } from '../../../src/doctor/checks/frontdoor-nlb-security-groups.js'
import type { FrontDoorFacts } from '../../../src/doctor/front-door-facts.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import {
  ENI_A_IP,
  REGION,
  SG_CALLER,
  SG_ENDPOINT,
  SUBNET_EP_A,
  SUBNET_EP_B,
  VPCE,
  denied,
  ok,
  setRules,
  sgRule,
  val,
  type Draft,
} from '../builders.js'
import { NLB_ARN, healthyFrontDoor } from '../scenario-defs-frontdoor.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

type Fd = Draft<FrontDoorFacts>
const run = (change: (fd: Fd, s: Draft<DoctorSnapshot>) => void) => {
  const s = healthyFrontDoor()
  change(s.frontDoor!, s)
  return runCheck(frontdoorNlbSecurityGroups, s)
}
/** The NLB has no security groups: it connects from its subnets' addresses. */
const noNlbSgs = (fd: Fd) => {
  val(fd.loadBalancer).securityGroupIds = []
}
const SG_OTHER = 'sg-000000000000000ff'
const cidrIngress = (...cidrs: string[]) =>
  cidrs.map((c, i) => sgRule(`sgr-0000000000000003${i}`, SG_ENDPOINT, false, { cidrIpv4: c }))

describe('frontdoor.nlb-security-groups, the NLB with a security group', () => {
  it("healthy: pass naming the endpoint's group and the NLB's (singular)", () => {
    const f = run(() => {})
    expectFinding(f, 'pass', {
      summary: [`${SG_ENDPOINT} admit TCP 443 from the NLB's security group ${SG_CALLER}`],
    })
    expect(evidenceText(f)).toContain(SG_CALLER)
  })

  it('two NLB groups: plural, both named', () => {
    const f = run((fd, s) => {
      val(fd.loadBalancer).securityGroupIds = [SG_CALLER, SG_OTHER]
      s.network.securityGroups[SG_OTHER] = { groupId: SG_OTHER, rules: ok([]) }
    })
    expectFinding(f, 'pass', { summary: [`the NLB's security groups ${SG_CALLER}, ${SG_OTHER}`] })
  })

  it("the endpoint admits another group: fail on the endpoint's group; the fix admits the NLB's group on 443", () => {
    const f = run((_fd, s) => {
      val(s.network.securityGroups[SG_ENDPOINT]!.rules)[0]!.referencedGroupId = SG_OTHER
    })
    expectFinding(f, 'fail', {
      summary: [
        `${VPCE}'s security groups ${SG_ENDPOINT} do not admit TCP 443 from the NLB's security group ${SG_CALLER}`,
      ],
      resource: SG_ENDPOINT,
      fix: [
        `aws ec2 authorize-security-group-ingress --group-id ${SG_ENDPOINT} --region ${REGION} --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[{GroupId=${SG_CALLER},`,
      ],
    })
    expect(f.fix).not.toContain('--cidr')
  })

  it("the NLB's group lets nothing out: fail on the NLB's group; the fix lets 443 out to the endpoint's group", () => {
    const f = run((_fd, s) => {
      s.network.securityGroups[SG_CALLER]!.rules = ok([])
    })
    expectFinding(f, 'fail', {
      summary: [`front-door's security groups ${SG_CALLER} do not let TCP 443 out to ${VPCE}`],
      resource: SG_CALLER,
      fix: [
        `aws ec2 authorize-security-group-egress --group-id ${SG_CALLER} --region ${REGION} --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[{GroupId=${SG_ENDPOINT},`,
      ],
    })
  })

  it('two NLB groups that let nothing out: both named', () => {
    const f = run((fd, s) => {
      val(fd.loadBalancer).securityGroupIds = [SG_CALLER, SG_OTHER]
      s.network.securityGroups[SG_OTHER] = { groupId: SG_OTHER, rules: ok([]) }
      s.network.securityGroups[SG_CALLER]!.rules = ok([])
    })
    expectFinding(f, 'fail', {
      summary: [`security groups ${SG_CALLER}, ${SG_OTHER} do not let TCP 443 out`],
      resource: SG_CALLER,
    })
  })

  it("the NLB's egress to the ENI addresses by CIDR counts; to another range it does not (the NLB named by ARN)", () => {
    const ok32 = run((_fd, s) => {
      setRules(s, SG_CALLER, [sgRule('sgr-00000000000000041', SG_CALLER, true, { cidrIpv4: '10.0.0.0/16' })])
    })
    expect(ok32.status).toBe('pass')
    const one = run((fd, s) => {
      delete val(fd.loadBalancer).name
      setRules(s, SG_CALLER, [
        sgRule('sgr-00000000000000041', SG_CALLER, true, { cidrIpv4: `${ENI_A_IP}/32` }),
      ])
    })
    expectFinding(one, 'fail', { summary: [`${NLB_ARN}'s security groups`], resource: SG_CALLER })
  })

  it("the endpoint's addresses unknown: the NLB's egress is judged against the endpoint's group", () => {
    const f = run((_fd, s) => {
      val(s.network.endpoints)[0]!.networkInterfaceIds = []
    })
    expect(f.status).toBe('pass')
    const blocked = run((_fd, s) => {
      val(s.network.endpoints)[0]!.networkInterfaceIds = []
      setRules(s, SG_CALLER, [sgRule('sgr-00000000000000041', SG_CALLER, true, { cidrIpv4: '10.0.0.0/16' })])
    })
    // A CIDR rule might cover the unknown addresses: not a failure (see below).
    expect(blocked.status).toBe('unknown')
  })

  it("the NLB's rules unreadable: unknown naming them; an NLB group not read: unknown", () => {
    const f = run((_fd, s) => {
      s.network.securityGroups[SG_CALLER]!.rules = denied('ec2:DescribeSecurityGroupRules')
    })
    expectFinding(f, 'unknown', { summary: ["could not read the NLB's rules", SG_CALLER] })
    expect(f.missing?.length).toBeGreaterThan(0)
    const notRead = run(fd => {
      val(fd.loadBalancer).securityGroupIds = [SG_CALLER, SG_OTHER]
    })
    expect(notRead.status).toBe('unknown')
    expect(notRead.summary).toContain(SG_OTHER)
  })

  it("no NLB subnet known: the endpoint is judged against the NLB's groups alone", () => {
    const f = run((fd, s) => {
      val(fd.loadBalancer).zones = [{ zoneName: `${REGION}a` }]
      val(s.network.securityGroups[SG_ENDPOINT]!.rules)[0]!.referencedGroupId = SG_OTHER
    })
    expectFinding(f, 'fail', { resource: SG_ENDPOINT })
    const ok1 = run(fd => {
      val(fd.loadBalancer).zones = [{ zoneName: `${REGION}a` }]
    })
    expect(ok1.status).toBe('pass')
  })

  it("the endpoint admits the NLB subnets' range by CIDR: pass with the NLB's groups too", () => {
    const f = run((_fd, s) => {
      setRules(s, SG_ENDPOINT, cidrIngress('10.0.0.0/16'))
    })
    expectFinding(f, 'pass', { summary: [SG_CALLER] })
  })

  it("a dual-stack endpoint: its IPv6 addresses are left out of the NLB's IPv4 egress", () => {
    const f = run((_fd, s) => {
      ;(val(s.network.enis['eni-00000000000000001']) as { ipv6Addresses?: string[] }).ipv6Addresses = [
        '2600:1f18::10',
      ]
      setRules(s, SG_CALLER, [sgRule('sgr-00000000000000041', SG_CALLER, true, { cidrIpv4: '10.0.0.0/16' })])
    })
    expect(f.status).toBe('pass')
  })

  it('two endpoint groups: both named in the pass and in the failure; the fix changes the first', () => {
    const both = (s: Draft<DoctorSnapshot>) => {
      val(s.network.endpoints)[0]!.securityGroupIds = [SG_ENDPOINT, SG_OTHER]
      s.network.securityGroups[SG_OTHER] = { groupId: SG_OTHER, rules: ok([]) }
    }
    expectFinding(
      run((_fd, s) => both(s)),
      'pass',
      { summary: [`${SG_ENDPOINT}, ${SG_OTHER} admit TCP 443`] },
    )
    const f = run((_fd, s) => {
      both(s)
      val(s.network.securityGroups[SG_ENDPOINT]!.rules)[0]!.referencedGroupId = 'sg-000000000000000ee'
    })
    expectFinding(f, 'fail', {
      summary: [`security groups ${SG_ENDPOINT}, ${SG_OTHER} do not admit`],
      resource: SG_ENDPOINT,
      fix: [`--group-id ${SG_ENDPOINT} `],
    })
  })

  it('with security groups, an NLB subnet of unknown CIDR does not matter', () => {
    const f = run((_fd, s) => {
      delete s.network.subnets[SUBNET_EP_B]
    })
    expect(f.status).toBe('pass')
  })
})

describe('frontdoor.nlb-security-groups, the NLB without security groups', () => {
  it('the endpoint admits only a group: fail naming the subnet ranges; one ingress line per range', () => {
    const f = run(noNlbSgs)
    expectFinding(f, 'fail', {
      summary: ["the NLB's subnets 10.0.2.0/24, 10.0.3.0/24 (it has no security groups)"],
      resource: SG_ENDPOINT,
    })
    expect(f.fix!.split('\n')).toEqual([
      `aws ec2 authorize-security-group-ingress --group-id ${SG_ENDPOINT} --region ${REGION} --protocol tcp --port 443 --cidr 10.0.2.0/24`,
      `aws ec2 authorize-security-group-ingress --group-id ${SG_ENDPOINT} --region ${REGION} --protocol tcp --port 443 --cidr 10.0.3.0/24`,
    ])
  })

  it('the endpoint admits one of the two ranges: the fix admits only the other', () => {
    const f = run((fd, s) => {
      noNlbSgs(fd)
      setRules(s, SG_ENDPOINT, cidrIngress('10.0.2.0/24'))
    })
    expectFinding(f, 'fail', { fix: ['--cidr 10.0.3.0/24'] })
    expect(f.fix).not.toContain('10.0.2.0/24')
  })

  it('the endpoint admits the VPC range: pass naming the subnets; no egress to judge', () => {
    const f = run((fd, s) => {
      noNlbSgs(fd)
      setRules(s, SG_ENDPOINT, cidrIngress('10.0.0.0/16'))
      s.network.securityGroups[SG_CALLER]!.rules = ok([])
    })
    expectFinding(f, 'pass', {
      summary: [`${SG_ENDPOINT} admit TCP 443 from the NLB's subnets 10.0.2.0/24, 10.0.3.0/24`],
    })
  })

  it('an NLB zone without a subnet id is left out', () => {
    const f = run((fd, s) => {
      noNlbSgs(fd)
      val(fd.loadBalancer).zones.push({ zoneName: `${REGION}c` })
      setRules(s, SG_ENDPOINT, cidrIngress('10.0.0.0/16'))
    })
    expect(f.status).toBe('pass')
  })

  it('an NLB subnet not read: unknown naming it and ec2:DescribeSubnets; unreadable: unknown naming why', () => {
    const notRead = run((fd, s) => {
      noNlbSgs(fd)
      delete s.network.subnets[SUBNET_EP_B]
    })
    expectFinding(notRead, 'unknown', { summary: [`the CIDR of the NLB subnet ${SUBNET_EP_B}`] })
    expect(notRead.missing).toContain('ec2:DescribeSubnets')
    const noCidr = run((fd, s) => {
      noNlbSgs(fd)
      delete (val(s.network.subnets[SUBNET_EP_A]) as { cidrBlock?: string }).cidrBlock
    })
    expectFinding(noCidr, 'unknown', { summary: [`the CIDR of the NLB subnet ${SUBNET_EP_A}`] })
    const denied1 = run((fd, s) => {
      noNlbSgs(fd)
      s.network.subnets[SUBNET_EP_A] = denied('ec2:DescribeSubnets')
    })
    expectFinding(denied1, 'unknown', { summary: [`could not check the NLB subnet ${SUBNET_EP_A}`] })
  })

  it("the endpoint's rules unreadable: unknown naming them", () => {
    const f = run((_fd, s) => {
      s.network.securityGroups[SG_ENDPOINT]!.rules = denied('ec2:DescribeSecurityGroupRules')
    })
    expectFinding(f, 'unknown', { summary: ["could not read the endpoint's rules", SG_ENDPOINT] })
    expect(f.missing?.length).toBeGreaterThan(0)
  })
})

describe('frontdoor.nlb-security-groups, addresses unknown and rules by CIDR', () => {
  it("the NLB subnets' CIDRs unknown and the endpoint admitting by CIDR: unknown, not a failure", () => {
    const f = run((fd, s) => {
      val(fd.loadBalancer).zones = [{ zoneName: `${REGION}a`, subnetId: 'subnet-0000000000000000e' }]
      setRules(s, SG_ENDPOINT, cidrIngress('0.0.0.0/0'))
    })
    expectFinding(f, 'unknown', {
      summary: [`subnets subnet-0000000000000000e are unknown, and ${SG_ENDPOINT} admit by CIDR`],
    })
    const none = run((fd, s) => {
      val(fd.loadBalancer).zones = [{ zoneName: `${REGION}a` }]
      setRules(s, SG_ENDPOINT, cidrIngress('0.0.0.0/0'))
    })
    expectFinding(none, 'unknown', { summary: ['subnets (none listed) are unknown'] })
    // Admitted by the group reference: a CIDR rule beside it changes nothing.
    const byGroup = run((fd, s) => {
      val(fd.loadBalancer).zones = [{ zoneName: `${REGION}a` }]
      setRules(s, SG_ENDPOINT, [
        sgRule('sgr-00000000000000051', SG_ENDPOINT, false, { referencedGroupId: SG_CALLER }),
        sgRule('sgr-00000000000000052', SG_ENDPOINT, false, { cidrIpv4: '192.168.0.0/16' }),
      ])
    })
    expect(byGroup.status).toBe('pass')
    expect(f.missing).toContain('ec2:DescribeSubnets')
  })

  it("the endpoint's addresses unknown and the NLB's default egress (0.0.0.0/0): unknown, not a failure", () => {
    const f = run((_fd, s) => {
      val(s.network.endpoints)[0]!.networkInterfaceIds = []
      setRules(s, SG_CALLER, [
        {
          ruleId: 'sgr-00000000000000041',
          groupId: SG_CALLER,
          egress: true,
          protocol: '-1',
          cidrIpv4: '0.0.0.0/0',
        },
      ])
    })
    expectFinding(f, 'unknown', {
      summary: [`${VPCE}'s ENI addresses are unknown, and ${SG_CALLER} let 443 out by CIDR`],
    })
    const byGroup = run((_fd, s) => {
      val(s.network.endpoints)[0]!.networkInterfaceIds = []
      setRules(s, SG_CALLER, [
        sgRule('sgr-00000000000000041', SG_CALLER, true, { referencedGroupId: SG_ENDPOINT }),
        sgRule('sgr-00000000000000042', SG_CALLER, true, { cidrIpv4: '192.168.0.0/16' }),
      ])
    })
    expect(byGroup.status).toBe('pass')
    const nothing = run((_fd, s) => {
      val(s.network.endpoints)[0]!.networkInterfaceIds = []
      s.network.securityGroups[SG_CALLER]!.rules = ok([])
    })
    expectFinding(nothing, 'fail', { resource: SG_CALLER })
    expect(f.missing).toContain('ec2:DescribeNetworkInterfaces')
  })

  it('no CIDR rule to judge: the group references decide (fail)', () => {
    const f = run((fd, s) => {
      val(fd.loadBalancer).zones = [{ zoneName: `${REGION}a` }]
      val(s.network.securityGroups[SG_ENDPOINT]!.rules)[0]!.referencedGroupId = SG_OTHER
    })
    expect(f.status).toBe('fail')
  })
})

describe('frontdoor.nlb-security-groups, when it cannot tell', () => {
  it('the NLB or the endpoint unreadable, or an endpoint without groups: unknown naming which', () => {
    expectFinding(
      run(fd => void (fd.loadBalancer = denied('x'))),
      'unknown',
      { summary: ['the NLB'] },
    )
    expectFinding(
      run((_fd, s) => void (s.network.endpoints = denied('x'))),
      'unknown',
      {
        summary: ['the VPC endpoint'],
      },
    )
    const none = run((_fd, s) => {
      val(s.network.endpoints)[0]!.securityGroupIds = []
    })
    expectFinding(none, 'unknown', { summary: [`${VPCE} lists no security groups`] })
    expect(none.missing).toContain('ec2:DescribeVpcEndpoints')
  })

  it('no front door: skipped', () => {
    const s = healthyFrontDoor()
    delete s.frontDoor
    expect(runCheck(frontdoorNlbSecurityGroups, s).status).toBe('skipped')
  })
})
