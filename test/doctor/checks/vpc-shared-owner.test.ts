/**
 * vpc.shared-owner: in a shared VPC the endpoint, its policy and its security groups are the VPC
 * owner's. The facts a user acts on: the VPC, its owner, the account the doctor read as, and the
 * command to list the endpoints as the owner.
 */
import { describe, expect, it } from 'vitest'
import { vpcSharedOwner } from '../../../src/doctor/checks/vpc-shared-owner.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import {
  A,
  REGION,
  SUBNET_CALLER,
  VPC,
  VPCE,
  denied,
  endpointOf,
  healthy,
  ok,
  val,
  type Draft,
} from '../builders.js'
import { expectFixLines } from './fix-lines.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

const OWNER = '333333333333'
const run = (s: Draft<DoctorSnapshot>) => runCheck(vpcSharedOwner, s)
/** The caller's VPC (and subnet) owned by OWNER; the doctor reads as A. */
function shared(): Draft<DoctorSnapshot> {
  const s = healthy()
  val(s.network.vpcs[VPC]).ownerId = OWNER
  val(s.network.subnets[SUBNET_CALLER]).ownerId = OWNER
  return s
}

describe('vpc.shared-owner', () => {
  it("the VPC is the reader's: pass naming the VPC and the account", () => {
    const f = run(healthy())
    expectFinding(f, 'pass', {
      summary: [VPC, A],
      evidence: [`${VPC} owner: ${A}; the doctor reads as ${A}`],
    })
    expect(evidenceText(f)).not.toContain(`${SUBNET_CALLER} owner`)
  })
  it('the caller VPC unknown: skipped', () => {
    const s = healthy()
    delete (val(s.network.caller) as { vpcId?: string }).vpcId
    expect(run(s).status).toBe('skipped')
    const t = healthy()
    t.network.caller = denied('ec2:DescribeInstances')
    const f = run(t)
    expect(f.status).toBe('skipped')
    expect(f.summary).toMatch(/VPC is not known/)
  })
  it("shared, the owner's endpoint not listed for the participant: warn naming owner, reader, VPC; the fix lists its endpoints", () => {
    const s = shared()
    s.network.endpoints = ok([])
    const f = run(s)
    expectFinding(f, 'warn', {
      summary: [
        `${VPC} is a shared VPC owned by ${OWNER}`,
        `(as ${A})`,
        'cannot see',
        `read them as ${OWNER}`,
      ],
      fix: [
        `# run as account ${OWNER}`,
        `a profile of ${OWNER}`,
        `describe-vpc-endpoints --filters Name=vpc-id,Values=${VPC} Name=service-name,Values=com.amazonaws.${REGION}.execute-api --region ${REGION}`,
      ],
      evidence: [`${VPC} owner: ${OWNER}; the doctor reads as ${A}`, `${SUBNET_CALLER} owner: ${OWNER}`],
      resource: VPC,
    })
    expect(f.summary).not.toContain('sees only in part')
  })
  it('shared, an endpoint of the VPC seen but not the owner\'s: warn, "sees only in part"', () => {
    const f = run(shared())
    expectFinding(f, 'warn', { summary: ['sees only in part'] })
    expect(f.summary).not.toContain('cannot see')
  })
  it("shared, the only endpoint seen is another VPC's: cannot see", () => {
    const s = shared()
    s.network.endpoints = ok([endpointOf({ id: 'vpce-00000000000000009', vpcId: 'vpc-00000000000000009' })])
    expect(run(s).summary).toContain('cannot see')
  })
  it('shared, the endpoints not read: cannot see', () => {
    const s = shared()
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    expectFinding(run(s), 'warn', { summary: ['cannot see'] })
  })
  it("shared, and the endpoint read is the owner's: pass naming the endpoint and the owner", () => {
    const s = shared()
    val(s.network.endpoints)[0]!.ownerId = OWNER
    const f = run(s)
    expectFinding(f, 'pass', { summary: [VPC, OWNER, VPCE], evidence: [`${VPCE} owner: ${OWNER}`] })
  })
  it('the VPC not read, a subnet says who owns it: judged from the subnet', () => {
    const s = shared()
    delete s.network.vpcs[VPC]
    s.network.endpoints = ok([])
    expectFinding(run(s), 'warn', { summary: [OWNER], evidence: [`${VPC} owner: ${OWNER}`] })
  })
  it('the VPC denied and no subnet owner: unknown naming both permissions', () => {
    const s = healthy()
    s.network.vpcs[VPC] = denied('ec2:DescribeVpcs')
    const f = run(s)
    expectFinding(f, 'unknown', { summary: [VPC] })
    expect(f.missing).toEqual(['ec2:DescribeVpcs', 'ec2:DescribeSubnets'])
  })
  it('the VPC read without an owner (an older snapshot): skipped, not recorded', () => {
    const s = healthy()
    delete (val(s.network.vpcs[VPC]) as { ownerId?: string }).ownerId
    const f = run(s)
    expect(f.status).toBe('skipped')
    expect(f.summary).toContain(`owner of ${VPC} was not recorded`)
    const t = healthy()
    delete t.network.vpcs[VPC]
    expect(run(t).status).toBe('skipped')
  })
  it('the reading account unknown: unknown naming GetCallerIdentity', () => {
    const s = shared()
    s.caller.identity = denied('sts:GetCallerIdentity')
    const f = run(s)
    expectFinding(f, 'unknown')
    expect(f.missing).toEqual(['sts:GetCallerIdentity'])
  })

  it('the fix, line by line: a note naming the owner, then the command', () => {
    const lines = expectFixLines(run(shared()), 2)
    expect(lines[0]).toContain(OWNER)
    expect(lines[1]).toMatch(/^aws ec2 describe-vpc-endpoints/)
  })
})
