/**
 * frontdoor.nlb-targets: the NLB listens on the URI's port and forwards to exactly the endpoint's
 * ENI addresses on 443, healthy in every zone. The facts: the port, the target group and NLB
 * ARNs, the addresses to register or deregister (with their ports), the zones without a healthy
 * target, the cross-zone attribute to change and where.
 */
import { describe, expect, it } from 'vitest'
import { frontdoorNlbTargets } from '../../../src/doctor/checks/frontdoor-nlb-targets.js'
import type { FrontDoorFacts, TargetGroupFacts } from '../../../src/doctor/front-door-facts.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import {
  ENI_A,
  ENI_A_IP,
  ENI_B,
  ENI_B_IP,
  REGION,
  SUBNET_EP_A,
  VPC,
  VPCE,
  denied,
  ok,
  val,
  type Draft,
} from '../builders.js'
import { LISTENER_ARN, NLB_ARN, TG_ARN, healthyFrontDoor } from '../scenario-defs-frontdoor.js'
import { evidenceText, expectFinding, expectFixLines, runCheck } from './run-check.js'

type Fd = Draft<FrontDoorFacts>
const run = (change: (fd: Fd, s: Draft<DoctorSnapshot>) => void) => {
  const s = healthyFrontDoor()
  change(s.frontDoor!, s)
  return runCheck(frontdoorNlbTargets, s)
}
const tg = (fd: Fd): Draft<TargetGroupFacts> => val(fd.targetGroups)[0]!
const targets = (fd: Fd) => val(tg(fd).health)
const CZ = 'load_balancing.cross_zone.enabled'
const unhealthyB = (fd: Fd) =>
  Object.assign(targets(fd)[1]!, { state: 'unhealthy', reason: 'Target.Timeout' })

describe('frontdoor.nlb-targets: listener and target group', () => {
  it('healthy: pass naming the group and endpoint; the evidence shows listener, targets, ENIs, cross-zone, health check', () => {
    const f = run(() => {})
    expectFinding(f, 'pass', { summary: ['front-door-enis', VPCE] })
    const ev = evidenceText(f)
    expect(ev).toContain('listener TCP:443 → front-door-enis (ip, TCP:443)')
    expect(ev).toContain(
      `targets: ${ENI_A_IP}:443 healthy (${REGION}a), ${ENI_B_IP}:443 healthy (${REGION}b)`,
    )
    expect(ev).toContain(`${VPCE} ENI addresses: ${ENI_A_IP} (${REGION}a), ${ENI_B_IP} (${REGION}b)`)
    expect(ev).toContain(`cross-zone load balancing: off; NLB zones ${REGION}a, ${REGION}b`)
    expect(ev).toContain('health check: TCP port traffic-port')
  })

  it('unknown fields in the evidence: "?" for each, none for an empty target list', () => {
    const f = run(fd => {
      const g = tg(fd)
      delete g.name
      delete g.targetType
      delete g.protocol
      delete g.port
      g.healthCheck = {}
      delete val(fd.listeners)[0]!.protocol
      val(fd.loadBalancer).zones = [{}]
      fd.loadBalancerAttributes = denied('elasticloadbalancing:DescribeLoadBalancerAttributes')
      g.attributes = denied('elasticloadbalancing:DescribeTargetGroupAttributes')
      g.health = ok([
        { id: ENI_A_IP, port: 443, state: 'healthy' },
        { id: ENI_B_IP, port: 443 },
      ])
    })
    const ev = evidenceText(f)
    expect(ev).toContain(`listener ?:443 → ${TG_ARN} (?, ?:?)`)
    expect(ev).toContain(`targets: ${ENI_A_IP}:443 healthy, ${ENI_B_IP}:443 ?`)
    expect(ev).toContain('cross-zone load balancing: unknown; NLB zones ?')
    expect(ev).toContain('health check: ? port ?')
  })

  it('a health check path is shown', () => {
    const f = run(fd => {
      tg(fd).healthCheck = { protocol: 'HTTPS', port: '443', path: '/ping', matcher: '200,403' }
    })
    expect(evidenceText(f)).toContain('health check: HTTPS port 443 /ping')
  })

  it('no listener on 443: fail on the NLB naming the port; the fix creates one to the target group', () => {
    const f = run(fd => {
      val(fd.listeners)[0]!.port = 8443
    })
    expectFinding(f, 'fail', {
      summary: ['no listener on port 443'],
      resource: NLB_ARN,
      fix: [
        `aws elbv2 create-listener --load-balancer-arn ${NLB_ARN} --protocol TCP --port 443 --default-actions Type=forward,TargetGroupArn=${TG_ARN} --region ${REGION}`,
      ],
      evidence: ['listeners: TCP:8443'],
    })
    expect(f.fix).not.toContain('TARGET_GROUP_ARN')
  })

  it('no listener and no target group: the fix names TARGET_GROUP_ARN and explains it; the evidence says none', () => {
    const f = run(fd => {
      fd.listeners = ok([])
      fd.targetGroups = ok([])
    })
    expectFinding(f, 'fail', { fix: ['TargetGroupArn=TARGET_GROUP_ARN'], evidence: ['listeners: none'] })
    expect(f.fix).toMatch(/^# TARGET_GROUP_ARN: /m)
  })

  it('a listener with no protocol or port: "?" in the evidence', () => {
    const f = run(fd => {
      const l = val(fd.listeners)[0]!
      delete l.protocol
      delete l.port
    })
    expectFinding(f, 'fail', { evidence: ['listeners: ?:?'] })
  })

  it.each([
    ['an explicit :8443', 'https://HOST:8443/prod', 8443],
    ['http:// (port 80)', 'http://HOST/prod', 80],
    ['https:// (port 443)', 'https://HOST/prod', 443],
    ['a URI that does not parse (443)', 'not a uri', 443],
  ])('the listener port comes from the URI: %s', (_n, uri, port) => {
    const f = run(fd => {
      val(fd.integration).uri = uri.replace('HOST', 'front-door.example')
      val(fd.listeners)[0]!.port = 1
    })
    expectFinding(f, 'fail', { summary: [`no listener on port ${port}:`], fix: [`--port ${port} `] })
  })

  it('the integration unreadable: the listener on 443 is judged', () => {
    expect(run(fd => void (fd.integration = denied('apigateway:GET'))).status).toBe('pass')
  })

  it('the listener forwards to a group that was not read: unknown naming the port', () => {
    const f = run(fd => {
      val(fd.listeners)[0]!.targetGroupArns = ['arn:other']
    })
    expectFinding(f, 'unknown', { summary: ['listener on 443'] })
    expect(f.missing).toContain('elasticloadbalancing:DescribeTargetGroups')
  })

  it('the listener picks its own group among several', () => {
    const f = run(fd => {
      val(fd.targetGroups).unshift({
        ...structuredClone(tg(fd)),
        arn: 'arn:first',
        name: 'other',
        health: ok([]),
      })
    })
    expect(f.status).toBe('pass')
  })

  it('an application load balancer: unknown, only the NLB pattern is checked; no type: judged as an NLB', () => {
    const alb = run(fd => {
      val(fd.loadBalancer).type = 'application'
    })
    expectFinding(alb, 'unknown', { summary: ['front-door is an application load balancer'] })
    expect(alb.missing).toContain('a VPC link to a Network Load Balancer')
    expect(run(fd => void delete val(fd.loadBalancer).type).status).toBe('pass')
  })

  it('unreadable: NLB, listeners, target groups, target health, ENI addresses: unknown naming which', () => {
    const cases: Array<[string, (fd: Fd, s: Draft<DoctorSnapshot>) => void]> = [
      ['the NLB', fd => void (fd.loadBalancer = denied('x'))],
      ['the listeners of front-door', fd => void (fd.listeners = denied('x'))],
      ['the target groups of front-door', fd => void (fd.targetGroups = denied('x'))],
      ['the targets of front-door-enis', fd => void (tg(fd).health = denied('x'))],
      ["the endpoint's ENI addresses", (_fd, s) => void (s.network.endpoints = denied('x'))],
    ]
    for (const [what, change] of cases) expectFinding(run(change), 'unknown', { summary: [what] })
    const noName = run(fd => {
      delete tg(fd).name
      tg(fd).health = denied('x')
    })
    expectFinding(noName, 'unknown', { summary: [`the targets of ${TG_ARN}`] })
    const lbNoName = run(fd => {
      delete val(fd.loadBalancer).name
      fd.listeners = denied('x')
    })
    expectFinding(lbNoName, 'unknown', { summary: [`the listeners of ${NLB_ARN}`] })
  })

  it('instance targets: fail on the group; the fix creates an ip group (name cut to fit), registers the ENIs, re-points the listener', () => {
    const f = run(fd => {
      tg(fd).targetType = 'instance'
      tg(fd).name = 'a-very-long-target-group-name-x'
    })
    expectFinding(f, 'fail', {
      summary: ['a-very-long-target-group-name-x has instance targets'],
      resource: TG_ARN,
      fix: [
        `aws elbv2 create-target-group --name a-very-long-target-group-nam-ip --protocol TCP --port 443 --target-type ip --vpc-id ${VPC} --region ${REGION}`,
        `aws elbv2 register-targets --target-group-arn NEW_TARGET_GROUP_ARN --targets Id=${ENI_A_IP},Port=443 Id=${ENI_B_IP},Port=443 --region ${REGION}`,
        `aws elbv2 modify-listener --listener-arn ${LISTENER_ARN} --default-actions Type=forward,TargetGroupArn=NEW_TARGET_GROUP_ARN --region ${REGION}`,
      ],
    })
    expect(f.fix).not.toContain('VPC_ID')
  })

  it('instance targets, no names or VPCs: front-door-ip, the NLB VPC, else VPC_ID explained', () => {
    const lbVpc = run(fd => {
      tg(fd).targetType = 'instance'
      delete tg(fd).name
      delete tg(fd).vpcId
      val(fd.loadBalancer).vpcId = 'vpc-0000000000000000b'
    })
    expectFinding(lbVpc, 'fail', { fix: ['--name front-door-ip ', '--vpc-id vpc-0000000000000000b '] })
    const none = run(fd => {
      tg(fd).targetType = 'instance'
      delete tg(fd).vpcId
      delete val(fd.loadBalancer).vpcId
    })
    expectFinding(none, 'fail', { fix: ['--vpc-id VPC_ID '] })
    expect(none.fix).toMatch(/^# VPC_ID: /m)
  })
})

describe('frontdoor.nlb-targets: the lines and the evidence', () => {
  it('the listener fix: one command per line; two listeners both in the evidence', () => {
    const f = run(fd => {
      val(fd.listeners)[0]!.port = 8443
      val(fd.listeners).push({
        arn: 'arn:l2',
        port: 9443,
        protocol: 'TLS',
        targetGroupArns: [],
        certificateArns: [],
      })
    })
    expectFinding(f, 'fail', { evidence: ['listeners: TCP:8443, TLS:9443'] })
    expectFixLines(f, /^aws elbv2 create-listener /)
    expect(f.fix!.split('\n')).toHaveLength(1)
    const none = run(fd => {
      fd.listeners = ok([])
      fd.targetGroups = ok([])
    })
    expectFixLines(none, /^aws elbv2 create-listener /, /^# TARGET_GROUP_ARN: /)
  })

  it('no target registered: "none"; ENIs without a zone: the addresses alone', () => {
    const f = run((fd, s) => {
      tg(fd).health = ok([])
      for (const id of [ENI_A, ENI_B])
        delete (val(s.network.enis[id]) as { availabilityZone?: string }).availabilityZone
    })
    expectFinding(f, 'fail', {
      evidence: ['targets: none', `${VPCE} ENI addresses: ${ENI_A_IP}, ${ENI_B_IP}`],
    })
  })

  it('ENIs without a zone: each target keeps the zone it reports', () => {
    const f = run((_fd, s) => {
      for (const id of [ENI_A, ENI_B])
        delete (val(s.network.enis[id]) as { availabilityZone?: string }).availabilityZone
    })
    expect(f.status).toBe('pass')
  })

  it('the health check without a path: nothing after the port', () => {
    expect(evidenceText(run(() => {}))).toMatch(/^health check: TCP port traffic-port$/m)
  })

  it('the instance-target fix: one step per line, the new group ARN explained', () => {
    const f = run(fd => {
      tg(fd).targetType = 'instance'
    })
    expectFixLines(
      f,
      /^aws elbv2 create-target-group /,
      /^# NEW_TARGET_GROUP_ARN: /,
      /^aws elbv2 register-targets /,
      /^aws elbv2 modify-listener /,
    )
    expect(f.fix!.split('\n')).toHaveLength(4)
  })
})

describe('frontdoor.nlb-targets: which targets', () => {
  it('one ENI missing: fail naming it; the fix registers it only', () => {
    const f = run(fd => {
      targets(fd).splice(1, 1)
    })
    expectFinding(f, 'fail', {
      summary: [`${ENI_B_IP} (${VPCE}) not registered on 443`],
      resource: TG_ARN,
      fix: [
        `aws elbv2 register-targets --target-group-arn ${TG_ARN} --targets Id=${ENI_B_IP},Port=443 --region ${REGION}`,
      ],
    })
    expect(f.fix).not.toContain('deregister')
    expect(f.summary).not.toContain('ENI addresses on 443;')
    expect(f.summary).toMatch(/not registered on 443$/)
    expectFixLines(f, /^aws elbv2 register-targets /)
  })

  it('an extra target: fail naming it; the fix deregisters it only, with its port', () => {
    const f = run(fd => {
      targets(fd).push({ id: '10.0.9.9', port: 8443, state: 'healthy' })
    })
    expectFinding(f, 'fail', {
      summary: [`10.0.9.9:8443 not ${VPCE}'s ENI addresses on 443`],
      fix: [
        `aws elbv2 deregister-targets --target-group-arn ${TG_ARN} --targets Id=10.0.9.9,Port=8443 --region ${REGION}`,
      ],
    })
    expect(f.fix).not.toContain('register-targets --target-group-arn ' + TG_ARN + ' --targets Id=10.0.2.10')
    expect(f.summary).not.toContain('not registered')
    expect(f.summary).toMatch(/on 443: 10\.0\.9\.9:8443 not/)
    expectFixLines(f, /^aws elbv2 deregister-targets /)
    expect(f.fix!.split('\n')).toHaveLength(1)
  })

  it('instance targets with the group VPC known and the NLB VPC not: no VPC_ID placeholder', () => {
    const f = run(fd => {
      tg(fd).targetType = 'instance'
      delete val(fd.loadBalancer).vpcId
    })
    expectFinding(f, 'fail', { fix: [`--vpc-id ${VPC} `] })
    expect(f.fix).not.toContain('VPC_ID')
  })

  it('targets reporting zone "all": their ENI zone decides which zone is dark', () => {
    const f = run(fd => {
      for (const t of targets(fd)) t.availabilityZone = 'all'
      targets(fd)[1]!.state = 'initial'
    })
    expectFinding(f, 'fail', {
      summary: [`zone ${REGION}b of front-door has no healthy target`],
      resource: NLB_ARN,
    })
  })

  it('a dark zone with the group attributes unreadable: the NLB attribute fix', () => {
    const f = run(fd => {
      val(fd.loadBalancer).zones.push({ zoneName: `${REGION}c` })
      tg(fd).attributes = denied('elasticloadbalancing:DescribeTargetGroupAttributes')
    })
    expectFinding(f, 'fail', { fix: ['modify-load-balancer-attributes'] })
  })

  it('missing and extra together: both, joined by "; "', () => {
    const f = run(fd => {
      targets(fd)[1]!.id = '10.0.9.9'
    })
    expect(f.summary).toContain(`${ENI_B_IP} (${VPCE}) not registered on 443; 10.0.9.9:443 not`)
    expect(f.fix!.split('\n')).toHaveLength(2)
    expectFixLines(f, /^aws elbv2 register-targets /, /^aws elbv2 deregister-targets /)
  })

  it("a target without a port takes the group's port: 443 matches, another does not", () => {
    const same = run(fd => {
      for (const t of targets(fd)) delete t.port
    })
    expect(same.status).toBe('pass')
    const other = run(fd => {
      for (const t of targets(fd)) delete t.port
      tg(fd).port = 80
    })
    expectFinding(other, 'fail', {
      summary: [`${ENI_A_IP}, ${ENI_B_IP} (${VPCE}) not registered`, `${ENI_A_IP}:80, ${ENI_B_IP}:80 not`],
      fix: [
        `--targets Id=${ENI_A_IP},Port=80 Id=${ENI_B_IP},Port=80`,
        `register-targets --target-group-arn ${TG_ARN} --targets Id=${ENI_A_IP},Port=443`,
      ],
    })
  })

  it('no port on the target nor the group: deregistered as 443', () => {
    const f = run(fd => {
      delete tg(fd).port
      targets(fd).push({ id: '10.0.9.9' })
    })
    expectFinding(f, 'fail', { fix: ['--targets Id=10.0.9.9,Port=443'] })
  })
})

describe('frontdoor.nlb-targets: health and zones', () => {
  it('one zone unhealthy, cross-zone off: fail naming the target, reason and zone; the fix turns cross-zone on', () => {
    const f = run(unhealthyB)
    expectFinding(f, 'fail', {
      summary: [
        `${ENI_B_IP} is unhealthy (Target.Timeout) and zone ${REGION}b has no healthy target`,
        'calls through front-door fail',
      ],
      resource: TG_ARN,
      fix: [
        `aws elbv2 modify-load-balancer-attributes --load-balancer-arn ${NLB_ARN} --attributes Key=${CZ},Value=true --region ${REGION}`,
        `aws elbv2 describe-target-health --target-group-arn ${TG_ARN} --region ${REGION}`,
      ],
    })
    expect(f.summary).toMatch(/calls through front-door fail$/)
    expectFixLines(
      f,
      /^aws elbv2 modify-load-balancer-attributes /,
      /^# the health checks come from the NLB's addresses/,
      /^aws elbv2 describe-target-health /,
    )
  })

  it('both zones unhealthy, cross-zone on: fail (every target down), plural zones not named, no cross-zone fix', () => {
    const f = run(fd => {
      val(fd.loadBalancerAttributes)[CZ] = 'true'
      for (const t of targets(fd)) Object.assign(t, { state: 'unhealthy' })
    })
    expectFinding(f, 'fail', { summary: [`${ENI_A_IP} is unhealthy, ${ENI_B_IP} is unhealthy: calls`] })
    expect(f.fix).not.toContain('modify-load-balancer-attributes')
    expect(f.fix).toContain(`describe-target-health --target-group-arn ${TG_ARN}`)
    expectFixLines(f, /^aws elbv2 describe-target-health /)
  })

  it('both zones unhealthy, cross-zone off: "zones … have"', () => {
    const f = run(fd => {
      for (const t of targets(fd)) Object.assign(t, { state: 'unhealthy' })
    })
    expectFinding(f, 'fail', { summary: [`zones ${REGION}a, ${REGION}b have no healthy target`] })
  })

  it('a target with no state: "?"; initial targets are not bad', () => {
    const f = run(fd => {
      delete targets(fd)[1]!.state
    })
    expectFinding(f, 'fail', { summary: [`${ENI_B_IP} is ?`] })
    const initial = run(fd => {
      val(fd.loadBalancerAttributes)[CZ] = 'true'
      targets(fd)[1]!.state = 'initial'
    })
    expect(initial.status).toBe('pass')
  })

  it('one unhealthy with cross-zone on: warn naming it; the fix watches the health', () => {
    const f = run(fd => {
      unhealthyB(fd)
      val(fd.loadBalancerAttributes)[CZ] = 'true'
    })
    expectFinding(f, 'warn', {
      summary: [`${ENI_B_IP} is unhealthy:`],
      resource: TG_ARN,
      fix: [`aws elbv2 describe-target-health --target-group-arn ${TG_ARN} --region ${REGION}`],
      evidence: ['cross-zone load balancing: on'],
    })
    expect(f.summary).not.toContain('Target.Timeout')
  })

  it('two unhealthy of three with cross-zone on: warn naming both', () => {
    const f = run((fd, s) => {
      val(fd.loadBalancerAttributes)[CZ] = 'true'
      const third = 'eni-00000000000000003'
      val(s.network.endpoints)[0]!.networkInterfaceIds.push(third)
      s.network.enis[third] = ok({
        eniId: third,
        subnetId: SUBNET_EP_A,
        availabilityZone: `${REGION}a`,
        privateIps: ['10.0.2.11'],
      })
      targets(fd).push({ id: '10.0.2.11', port: 443, availabilityZone: `${REGION}a`, state: 'draining' })
      unhealthyB(fd)
    })
    expectFinding(f, 'warn', { summary: [`${ENI_B_IP} is unhealthy, 10.0.2.11 is draining:`] })
  })

  it('a target group turning cross-zone on overrides the NLB off', () => {
    const f = run(fd => {
      unhealthyB(fd)
      tg(fd).attributes = ok({ [CZ]: 'true' })
    })
    expect(f.status).toBe('warn')
  })

  it('cross-zone unknown (attributes unreadable) with one unhealthy: warn, not fail', () => {
    const f = run(fd => {
      unhealthyB(fd)
      fd.loadBalancerAttributes = denied('x')
    })
    expectFinding(f, 'warn', { evidence: ['cross-zone load balancing: unknown'] })
  })

  it('the NLB attributes without the cross-zone key: off (the NLB default)', () => {
    const f = run(fd => {
      unhealthyB(fd)
      fd.loadBalancerAttributes = ok({})
    })
    expectFinding(f, 'fail', { evidence: ['cross-zone load balancing: off'] })
  })

  it.each<[string, TargetGroupFacts['healthCheck'], boolean]>([
    ['HTTPS on traffic-port, matcher 200', { protocol: 'HTTPS', port: 'traffic-port', matcher: '200' }, true],
    ['HTTP, no matcher', { protocol: 'HTTP', port: 'traffic-port' }, true],
    ['HTTPS matching 403', { protocol: 'HTTPS', port: 'traffic-port', matcher: '200,403' }, false],
    ['TCP on 80', { protocol: 'TCP', port: '80' }, true],
    ['TCP on 443', { protocol: 'TCP', port: '443' }, false],
    ['nothing said', {}, false],
  ])('a health check %s: bad %s', (_n, hc, bad) => {
    const f = run(fd => {
      tg(fd).healthCheck = hc
      unhealthyB(fd)
      val(fd.loadBalancerAttributes)[CZ] = 'true'
    })
    if (bad) {
      expectFinding(f, 'fail', {
        summary: [`the ${hc.protocol} health check on port ${hc.port} cannot pass`],
        fix: [
          `aws elbv2 modify-target-group --target-group-arn ${TG_ARN} --health-check-protocol TCP --health-check-port traffic-port --region ${REGION}`,
        ],
      })
      expect(f.fix).not.toContain('describe-target-health')
    } else expectFinding(f, 'warn', { fix: ['describe-target-health'] })
  })

  it('a bad health check with every target healthy: pass', () => {
    const f = run(fd => {
      tg(fd).healthCheck = { protocol: 'HTTPS', port: 'traffic-port', matcher: '200' }
    })
    expect(f.status).toBe('pass')
  })

  it('the zone of a target comes from the ENI when the target says "all" or nothing', () => {
    const f = run(fd => {
      targets(fd)[0]!.availabilityZone = 'all'
      delete targets(fd)[1]!.availabilityZone
    })
    expect(f.status).toBe('pass')
  })

  it('an NLB zone with no ENI of the endpoint, cross-zone off: fail on the NLB naming the zone; the fix turns cross-zone on for the NLB', () => {
    const f = run(fd => {
      val(fd.loadBalancer).zones.push({ zoneName: `${REGION}c`, subnetId: 'subnet-0000000000000000c' })
    })
    expectFinding(f, 'fail', {
      summary: [`zone ${REGION}c of front-door has no healthy target of ${VPCE}`],
      resource: NLB_ARN,
      fix: [
        `aws elbv2 modify-load-balancer-attributes --load-balancer-arn ${NLB_ARN} --attributes Key=${CZ},Value=true --region ${REGION}`,
        `# or add a subnet in ${REGION}c to ${VPCE}`,
      ],
    })
  })

  it('two such zones: "zones … have"; a group that turned cross-zone off gets the group fix', () => {
    const f = run(fd => {
      val(fd.loadBalancer).zones.push({ zoneName: `${REGION}c` }, { zoneName: `${REGION}d` })
      tg(fd).attributes = ok({ [CZ]: 'false' })
    })
    expectFinding(f, 'fail', {
      summary: [`zones ${REGION}c, ${REGION}d of front-door have no healthy target`],
      fix: [
        `aws elbv2 modify-target-group-attributes --target-group-arn ${TG_ARN} --attributes Key=${CZ},Value=true --region ${REGION}`,
        `add a subnet in ${REGION}c, ${REGION}d to`,
      ],
    })
    expect(f.fix).not.toContain('modify-load-balancer-attributes')
  })

  it('an extra NLB zone with cross-zone on: pass', () => {
    const f = run(fd => {
      val(fd.loadBalancer).zones.push({ zoneName: `${REGION}c` })
      val(fd.loadBalancerAttributes)[CZ] = 'true'
    })
    expect(f.status).toBe('pass')
  })
})
