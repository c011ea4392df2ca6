/**
 * dns.caller-vpc, the facts of each branch (dns.test.ts has the main cases): the VPCs and
 * endpoints named, the create-vpc-endpoint command with the caller's subnets, the route-table
 * command for a caller in another VPC.
 */
import { describe, expect, it } from 'vitest'
import { dnsCallerVpc } from '../../../src/doctor/checks/dns-caller-vpc.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import {
  ENI_A_IP,
  HOST,
  REGION,
  SG_ENDPOINT,
  SUBNET_OTHER,
  VPC,
  VPC_OTHER,
  VPCE,
  VPCE_OTHER,
  callerInOtherVpc,
  healthy,
  healthyAlias,
  ok,
  setAnswer,
  val,
  type Draft,
} from '../builders.js'
import { evidenceText, expectFinding, expectFixLines, runCheck } from './run-check.js'

/** The caller in VPC_OTHER, and two endpoints in VPC (none identified): no endpoint in the caller's VPC. */
function noEndpointInCallerVpc(): Draft<DoctorSnapshot> {
  const s = callerInOtherVpc(healthy())
  const eps = val(s.network.endpoints)
  eps.push({
    ...structuredClone(eps[0]!),
    id: VPCE_OTHER,
    vpcId: 'vpc-00000000000000003',
    networkInterfaceIds: [],
  })
  return setAnswer(s, ['3.210.12.34'])
}
const CREATE = `aws ec2 create-vpc-endpoint --vpc-id ${VPC_OTHER} --vpc-endpoint-type Interface --service-name com.amazonaws.${REGION}.execute-api`

describe('dns.caller-vpc, facts', () => {
  it("no endpoint in the caller's VPC: fail on that VPC listing where each endpoint is; the fix creates one in its subnets", () => {
    const f = runCheck(dnsCallerVpc, noEndpointInCallerVpc())
    expectFinding(f, 'fail', {
      summary: [
        `${VPC_OTHER} (the caller's VPC) has no execute-api endpoint; ${VPCE} is in ${VPC}, ${VPCE_OTHER} is in vpc-00000000000000003`,
      ],
      resource: VPC_OTHER,
      fix: [
        `${CREATE} --subnet-ids ${SUBNET_OTHER} --security-group-ids ENDPOINT_SG_ID --private-dns-enabled --region ${REGION}`,
        `inbound endpoint in ${VPC} and route`,
        `# ENDPOINT_SG_ID: a security group of ${VPC_OTHER}`,
      ],
    })
    expect(f.fix).not.toContain('SUBNET_IDS')
    expect(f.evidence).toEqual([])
    expect(f.fix!.split('\n')[0]).toMatch(/^# create an endpoint in /)
    expectFixLines(f, /^aws ec2 create-vpc-endpoint /)
    expect(f.fix!.split('\n')).toHaveLength(3)
  })

  it('two caller subnets: both in the create command', () => {
    const s = noEndpointInCallerVpc()
    val(s.network.caller).subnetIds = [SUBNET_OTHER, 'subnet-00000000000000005']
    const f = runCheck(dnsCallerVpc, s)
    expectFinding(f, 'fail', {
      fix: [`--subnet-ids ${SUBNET_OTHER} subnet-00000000000000005 --security-group-ids`],
    })
  })

  it('the caller has no subnets: SUBNET_IDS, explained', () => {
    const s = noEndpointInCallerVpc()
    val(s.network.caller).subnetIds = []
    const f = runCheck(dnsCallerVpc, s)
    expectFinding(f, 'fail', { fix: ['--subnet-ids SUBNET_IDS ', `# SUBNET_IDS: subnets of ${VPC_OTHER}`] })
  })

  it("--vpce names an endpoint not visible while the caller's VPC has one: skipped, not this check", () => {
    const s = noEndpointInCallerVpc()
    val(s.network.endpoints)[1]!.vpcId = VPC_OTHER
    s.target.vpceId = 'vpce-0000000000000000f'
    expectFinding(runCheck(dnsCallerVpc, s), 'skipped', { summary: ['no endpoint identified'] })
    const unread = noEndpointInCallerVpc()
    unread.network.endpoints = { status: 'denied', action: 'ec2:DescribeVpcEndpoints', message: 'no' }
    expectFinding(runCheck(dnsCallerVpc, unread), 'skipped', { summary: ['no endpoint identified'] })
  })

  it('the private DNS name from another VPC: the fix calls --vpce, forwards, or creates an endpoint in the caller VPC', () => {
    const s = callerInOtherVpc(healthy())
    setAnswer(s, [ENI_A_IP])
    const f = runCheck(dnsCallerVpc, s)
    expectFinding(f, 'fail', {
      summary: [
        `the caller is in ${VPC_OTHER} but ${VPCE} is in ${VPC}`,
        `${HOST} resolves to public addresses`,
      ],
      resource: VPCE,
      fix: [
        `pvapi call https://${HOST}/prod/items --vpce ${VPCE}`,
        `# or forward execute-api.${REGION}.amazonaws.com from ${VPC_OTHER} to a Route 53 Resolver inbound endpoint in ${VPC}`,
        `${CREATE} --subnet-ids ${SUBNET_OTHER} `,
      ],
      evidence: [`caller in ${VPC_OTHER}`, `${VPCE} in ${VPC} (`],
    })
    expectFixLines(
      f,
      new RegExp(`^# the endpoint's private DNS answers only in ${VPC}\\. `),
      /^pvapi call /,
      /^# or forward /,
      /^aws ec2 create-vpc-endpoint /,
    )
  })

  it('the private DNS name connected elsewhere (--connect-to): warn, not the private-DNS failure', () => {
    const s = callerInOtherVpc(healthy())
    s.target.connectHost = `${VPCE}-abcd1234.execute-api.${REGION}.vpce.amazonaws.com`
    setAnswer(s, [ENI_A_IP])
    expect(runCheck(dnsCallerVpc, s).status).toBe('warn')
  })

  it("the alias from another VPC: warn naming both VPCs and the endpoint's groups; the fix lists the caller VPC's routes", () => {
    const s = callerInOtherVpc(healthyAlias())
    val(s.network.endpoints)[0]!.securityGroupIds = [SG_ENDPOINT, 'sg-000000000000000ff']
    const f = runCheck(dnsCallerVpc, s)
    expectFinding(f, 'warn', {
      summary: [`the caller (${VPC_OTHER}) reaches ${VPCE} in another VPC (${VPC})`],
      resource: VPCE,
      fix: [
        `make sure ${VPC_OTHER}'s route tables send ${VPC}'s CIDR`,
        `${SG_ENDPOINT}, sg-000000000000000ff allows 443`,
        `aws ec2 describe-route-tables --filters Name=vpc-id,Values=${VPC_OTHER} --region ${REGION}`,
      ],
    })
    expect(evidenceText(f)).toContain(`caller in ${VPC_OTHER}`)
    expectFixLines(f, /^# make sure /, /^aws ec2 describe-route-tables /)
  })

  it('a hybrid caller or one on premises: skipped (the hybrid checks judge it)', () => {
    const s = healthy()
    s.network.hybrid = {} as never
    expectFinding(runCheck(dnsCallerVpc, s), 'skipped', { summary: ['dns.hybrid-forwarding'] })
    const onPrem = healthy()
    ;(val(onPrem.network.caller) as { onPremises?: unknown }).onPremises = { cidrs: ['192.168.0.0/16'] }
    expect(runCheck(dnsCallerVpc, onPrem).status).toBe('skipped')
  })

  it('a caller without a VPC id: unknown', () => {
    const s = healthy()
    delete (val(s.network.caller) as { vpcId?: string }).vpcId
    expect(runCheck(dnsCallerVpc, s).status).toBe('unknown')
  })

  it('one endpoint, in the caller VPC: pass even when it was not found by DNS', () => {
    const s = setAnswer(healthy(), ['3.210.12.34'])
    expect(runCheck(dnsCallerVpc, s).status).toBe('pass')
    s.network.endpoints = ok([])
    expect(runCheck(dnsCallerVpc, s).status).toBe('skipped')
  })
})
