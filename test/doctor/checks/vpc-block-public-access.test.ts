/**
 * vpc.block-public-access: when the call misses the endpoint (its name resolves elsewhere, or private
 * DNS is off for the API's own name) and BPA drops the caller's way out, the call times out
 * instead of the public path's 403. The facts a user acts on: the name and what it resolved to,
 * the endpoint whose private DNS is off, the modify-vpc-endpoint or --vpce command, the mode and
 * exclusions in force.
 */
import { describe, expect, it } from 'vitest'
import { vpcBlockPublicAccess } from '../../../src/doctor/checks/vpc-block-public-access.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import {
  A,
  ENI_A_IP,
  ENI_B_IP,
  HOST,
  REGION,
  SUBNET_CALLER,
  VPC,
  VPCE,
  addRoute,
  denied,
  endpointOf,
  healthy,
  healthyVpceName,
  ok,
  onlyAnswer,
  val,
  type Draft,
} from '../builders.js'
import { expectFixLines } from './fix-lines.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

type Snap = Draft<DoctorSnapshot>
const PUBLIC = ['3.5.10.20', '3.5.10.21']
const EXCL = 'vpcbpa-exclude-00000000000000001'

const bpa = (mode: string, exclusions: Array<Record<string, string>> = []) =>
  ok({ mode, state: 'update-complete', exclusions }) as never
/** BPA on (block-bidirectional), a NAT way out, and the name resolved to public addresses. */
function timesOut(): Snap {
  const s = healthy()
  onlyAnswer(s, HOST, PUBLIC)
  addRoute(s, '0.0.0.0/0', 'nat-00000000000000001')
  s.network.blockPublicAccess = bpa('block-bidirectional')
  return s
}
const run = (s: Snap) => runCheck(vpcBlockPublicAccess, s)

describe('vpc.block-public-access', () => {
  it('not read (an older snapshot): skipped, saying so', () => {
    const f = run(healthy())
    expect(f.status).toBe('skipped')
    expect(f.summary).toMatch(/not read/)
  })
  it('denied: unknown naming the permission', () => {
    const s = healthy()
    s.network.blockPublicAccess = denied('ec2:DescribeVpcBlockPublicAccessOptions')
    const f = run(s)
    expectFinding(f, 'unknown', { summary: ['VPC Block Public Access'] })
    expect(f.missing).toContain('ec2:DescribeVpcBlockPublicAccessOptions')
  })
  it("the caller's subnets unknown: unknown naming the flags", () => {
    const s = timesOut()
    val(s.network.caller).subnetIds = []
    const f = run(s)
    expectFinding(f, 'unknown', { summary: ["caller's subnets are unknown"] })
    expect(f.missing).toEqual(['--lambda, --from-imds or --subnet'])
    const t = timesOut()
    t.network.caller = denied('ec2:DescribeInstances')
    expect(run(t).status).toBe('unknown')
  })

  it('the name resolves to public addresses, BPA drops the NAT path: fail naming both address sets', () => {
    const s = timesOut()
    val(s.network.endpoints)[0]!.privateDnsEnabled = false
    const f = run(s)
    expectFinding(f, 'fail', {
      summary: [
        `${HOST} resolves to ${PUBLIC.join(', ')}`,
        `endpoint's addresses (${ENI_A_IP}, ${ENI_B_IP})`,
        'times out',
      ],
      fix: [
        `modify-vpc-endpoint --vpc-endpoint-id ${VPCE} --private-dns-enabled --region ${REGION}`,
        `pvapi call https://${HOST}/prod/items --vpce ${VPCE}`,
      ],
      evidence: [
        'account mode block-bidirectional',
        `DNS ${HOST}: ${PUBLIC.join(', ')}`,
        `${SUBNET_CALLER}: VPC Block Public Access`,
      ],
      resource: VPCE,
    })
    expect(f.fix).not.toContain('describe-vpc-endpoints')
    expect(f.summary).not.toContain('private DNS is off')
  })
  it('resolving away with private DNS on: the fix lists the endpoints instead of enabling it', () => {
    const f = run(timesOut())
    expectFinding(f, 'fail', {
      fix: [
        `describe-vpc-endpoints --filters Name=service-name,Values=com.amazonaws.${REGION}.execute-api --region ${REGION}`,
        `--vpce ${VPCE}`,
      ],
    })
    expect(f.fix).not.toContain('modify-vpc-endpoint')
  })
  it('an answer that includes one of the endpoint addresses does not miss the endpoint', () => {
    const s = timesOut()
    onlyAnswer(s, HOST, [PUBLIC[0]!, ENI_B_IP])
    expectFinding(run(s), 'pass', { summary: ['no internet path'] })
  })
  it('an empty answer does not count as resolving away', () => {
    const s = timesOut()
    onlyAnswer(s, HOST, [])
    expect(run(s).status).toBe('pass')
  })
  it("the system resolver's answer for a caller given by flags does not speak for it", () => {
    const s = timesOut()
    val(s.network.caller).source = 'flags'
    expect(run(s).status).toBe('pass')
  })
  it('an answer from a named DNS server speaks for the caller, even one given by flags', () => {
    const s = timesOut()
    val(s.network.caller).source = 'flags'
    onlyAnswer(s, HOST, PUBLIC)
    s.dns.answers[HOST] = ok({ hostname: HOST, server: '10.0.0.2', result: 'answer', addresses: PUBLIC })
    expect(run(s).status).toBe('fail')
  })
  it("the endpoint's addresses unknown: resolving away cannot be told; private DNS on, so pass", () => {
    const s = timesOut()
    s.network.enis = {}
    expect(run(s).status).toBe('pass')
  })

  it("the API's own name with private DNS off on the caller VPC's endpoints (no answer): fail naming them", () => {
    const s = healthy()
    s.dns.answers = {}
    val(s.network.endpoints)[0]!.privateDnsEnabled = false
    addRoute(s, '0.0.0.0/0', 'nat-00000000000000001')
    s.network.blockPublicAccess = bpa('block-bidirectional')
    const f = run(s)
    expectFinding(f, 'fail', {
      summary: [`${HOST} is the API's own name and private DNS is off on ${VPCE}`],
      fix: [`modify-vpc-endpoint --vpc-endpoint-id ${VPCE} --private-dns-enabled`],
      resource: VPCE,
    })
    expect(evidenceText(f)).not.toContain('DNS ')
    expect(f.summary).not.toContain('resolves to')
  })
  it("private DNS off and an answer that is the endpoint's: the summary blames private DNS, not the answer", () => {
    const s = healthy()
    val(s.network.endpoints)[0]!.privateDnsEnabled = false
    addRoute(s, '0.0.0.0/0', 'nat-00000000000000001')
    s.network.blockPublicAccess = bpa('block-bidirectional')
    const f = run(s)
    expectFinding(f, 'fail', {
      summary: [`private DNS is off on ${VPCE}`],
      evidence: [`DNS ${HOST}: ${ENI_A_IP}, ${ENI_B_IP}`],
    })
    expect(f.summary).not.toContain('resolves to')
  })
  it('private DNS off on only one of two endpoints in the VPC: not the public path', () => {
    const s = healthy()
    s.dns.answers = {}
    val(s.network.endpoints)[0]!.privateDnsEnabled = false
    val(s.network.endpoints).push(endpointOf({ id: 'vpce-00000000000000009', vpcId: VPC }))
    addRoute(s, '0.0.0.0/0', 'nat-00000000000000001')
    s.network.blockPublicAccess = bpa('block-bidirectional')
    expect(run(s).status).toBe('pass')
  })
  it("private DNS off on another VPC's endpoint only: not the public path", () => {
    const s = healthy()
    s.dns.answers = {}
    val(s.network.endpoints)[0]!.vpcId = 'vpc-00000000000000009'
    val(s.network.endpoints)[0]!.privateDnsEnabled = false
    addRoute(s, '0.0.0.0/0', 'nat-00000000000000001')
    s.network.blockPublicAccess = bpa('block-bidirectional')
    expect(run(s).status).toBe('pass')
  })
  it('private DNS off, but the URL is the endpoint name: not the public path', () => {
    const s = healthyVpceName()
    s.dns.answers = {}
    val(s.network.endpoints)[0]!.privateDnsEnabled = false
    addRoute(s, '0.0.0.0/0', 'nat-00000000000000001')
    s.network.blockPublicAccess = bpa('block-bidirectional')
    expect(run(s).status).toBe('pass')
  })
  it('private DNS off, but the client connects to another host than the name (--connect-to): not the public path', () => {
    const s = healthy()
    s.dns.answers = {}
    s.target.connectHost = ENI_A_IP
    val(s.network.endpoints)[0]!.privateDnsEnabled = false
    addRoute(s, '0.0.0.0/0', 'nat-00000000000000001')
    s.network.blockPublicAccess = bpa('block-bidirectional')
    expect(run(s).status).toBe('pass')
  })
  it('the endpoint named by --vpce is not visible: the fix lists the endpoints and uses a VPCE_ID placeholder', () => {
    const s = healthy()
    s.dns.answers = {}
    s.target.vpceId = 'vpce-00000000000000009'
    val(s.network.endpoints)[0]!.privateDnsEnabled = false
    addRoute(s, '0.0.0.0/0', 'nat-00000000000000001')
    s.network.blockPublicAccess = bpa('block-bidirectional')
    const f = run(s)
    expectFinding(f, 'fail', { fix: ['describe-vpc-endpoints', '--vpce VPCE_ID'], resource: HOST })
  })

  it('the name misses the endpoint but the subnets have no way out at all: skipped, not blamed on BPA', () => {
    const s = healthy()
    onlyAnswer(s, HOST, PUBLIC)
    s.network.blockPublicAccess = bpa('block-bidirectional')
    const f = run(s)
    expect(f.status).toBe('skipped')
    expect(f.summary).toContain(`${HOST} misses the endpoint`)
    expect(evidenceText(f)).toContain('way out none')
  })
  it('the name misses the endpoint and BPA leaves the way out open: pass (the DNS checks fail it)', () => {
    const s = timesOut()
    s.network.blockPublicAccess = bpa('off')
    const f = run(s)
    expectFinding(f, 'pass', { summary: ["leaves the caller's way out open (off)"] })
  })
  it('block-ingress keeps the NAT way out: not blamed on BPA', () => {
    const s = timesOut()
    s.network.blockPublicAccess = bpa('block-ingress')
    expectFinding(run(s), 'pass', { summary: ['(block-ingress)'] })
  })
  it('block-ingress drops an internet gateway way out: fail', () => {
    const s = healthy()
    onlyAnswer(s, HOST, PUBLIC)
    addRoute(s, '0.0.0.0/0', 'igw-00000000000000001')
    s.network.blockPublicAccess = bpa('block-ingress')
    expectFinding(run(s), 'fail', { evidence: ['account mode block-ingress'] })
  })
  it('the call goes through the endpoint and BPA blocks the way out: pass, proving no internet path', () => {
    const s = healthy()
    addRoute(s, '0.0.0.0/0', 'nat-00000000000000001')
    s.network.blockPublicAccess = bpa('block-bidirectional')
    const f = run(s)
    expectFinding(f, 'pass', { summary: ['no internet path', 'block-bidirectional'] })
  })
  it('exclusions are listed with their resource, mode and state', () => {
    const s = healthy()
    addRoute(s, '0.0.0.0/0', 'igw-00000000000000001')
    s.network.blockPublicAccess = bpa('block-bidirectional', [
      {
        exclusionId: EXCL,
        resourceArn: `arn:aws:ec2:${REGION}:${A}:vpc/${VPC}`,
        mode: 'allow-bidirectional',
        state: 'create-complete',
      },
      {
        exclusionId: 'vpcbpa-exclude-2',
        resourceArn: `arn:aws:ec2:${REGION}:${A}:subnet/subnet-9`,
        mode: 'allow-egress',
      },
    ])
    const f = run(s)
    expectFinding(f, 'pass', { summary: ["leaves the caller's way out open"] })
    expect(evidenceText(f)).toContain(
      `account mode block-bidirectional; exclusions: ${EXCL} vpc/${VPC} allow-bidirectional (create-complete), vpcbpa-exclude-2 subnet/subnet-9 allow-egress (?)`,
    )
  })
  it('no exclusions: the mode alone', () => {
    const s = healthy()
    s.network.blockPublicAccess = bpa('off')
    const f = run(s)
    expect(f.evidence[0]!.text).toBe('account mode off')
  })

  it('the fix, line by line: the endpoint command, then the --vpce note', () => {
    const lines = expectFixLines(run(timesOut()), 2)
    expect(lines[1]).toMatch(/^# or call through the endpoint/)
  })

  it('the endpoints not read and no answer: nothing says the call misses the endpoint', () => {
    const s = healthy()
    s.dns.answers = {}
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    addRoute(s, '0.0.0.0/0', 'nat-00000000000000001')
    s.network.blockPublicAccess = bpa('block-bidirectional')
    expectFinding(run(s), 'pass', { summary: ['no internet path'] })
  })
  it('private DNS off on two endpoints of the VPC: both named; no DNS line without an answer', () => {
    const s = healthy()
    s.dns.answers = {}
    val(s.network.endpoints)[0]!.privateDnsEnabled = false
    val(s.network.endpoints).push(
      endpointOf({ id: 'vpce-00000000000000009', vpcId: VPC, privateDnsEnabled: false }),
    )
    addRoute(s, '0.0.0.0/0', 'nat-00000000000000001')
    s.network.blockPublicAccess = bpa('block-bidirectional')
    const f = run(s)
    expectFinding(f, 'fail', { summary: [`private DNS is off on ${VPCE}, vpce-00000000000000009`] })
    expect(f.evidence).toHaveLength(2)
  })
})
