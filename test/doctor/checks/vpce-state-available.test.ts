/**
 * vpce.state-available, the branches transit.test.ts leaves implicit: a shared VPC whose owner's
 * endpoints a participant cannot list (unknown, naming the owner), the state compared without
 * case, and the evidence naming how the endpoint was found and its LastError.
 */
import { describe, expect, it } from 'vitest'
import { vpceStateAvailable } from '../../../src/doctor/checks/vpce-state-available.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import { A, REGION, VPC, VPCE, denied, healthy, healthyVpceName, ok, val, type Draft } from '../builders.js'
import { expectFinding, runCheck } from './run-check.js'

const OWNER = '333333333333'
const run = (s: Draft<DoctorSnapshot>) => runCheck(vpceStateAvailable, s)
/** No endpoint listed; the caller's VPC owned by `owner`. */
const noEndpoint = (owner = OWNER) => {
  const s = healthy()
  s.network.endpoints = ok([])
  val(s.network.vpcs[VPC]).ownerId = owner
  return s
}

describe('vpce.state-available: no endpoint listed', () => {
  it("a shared VPC's endpoints are its owner's: unknown naming the VPC, owner and reader; read as the owner", () => {
    const f = run(noEndpoint())
    expectFinding(f, 'unknown', {
      summary: [`${VPC} is shared by ${OWNER}`, `${OWNER}'s`, `not listed for ${A}`],
    })
    expect(f.missing).toEqual([
      `ec2:DescribeVpcEndpoints as the VPC owner ${OWNER} (pvapi doctor --profile of that account)`,
    ])
  })
  it("the VPC is the reader's: fail, no endpoint", () => {
    expectFinding(run(noEndpoint(A)), 'fail', { summary: [REGION, VPC], resource: VPC })
  })
  it('the VPC owner unknown: fail (nothing says it is shared)', () => {
    const s = noEndpoint()
    s.network.vpcs[VPC] = denied('ec2:DescribeVpcs')
    expect(run(s).status).toBe('fail')
  })
  it('the reader unknown: fail', () => {
    const s = noEndpoint()
    s.caller.identity = denied('sts:GetCallerIdentity')
    expect(run(s).status).toBe('fail')
  })
  it('the caller VPC unknown: fail without a VPC, the resource unset', () => {
    const s = noEndpoint()
    s.network.caller = denied('ec2:DescribeInstances')
    const f = run(s)
    expectFinding(f, 'fail', { fix: ['VPC_ID'] })
    expect(f.resource).toBeUndefined()
  })
  it('an endpoint named by the URL and not visible: unknown with the lookup message, read with its owner', () => {
    const s = healthyVpceName()
    s.network.endpoints = ok([])
    const f = run(s)
    expectFinding(f, 'unknown', {
      summary: [`${VPCE} is not visible to account A (${VPCE} is not one of`, 'another account'],
    })
    expect(f.missing).toEqual(["ec2:DescribeVpcEndpoints with the endpoint owner's credentials"])
  })
})

describe('vpce.state-available: the state', () => {
  it('the evidence names how the endpoint was found and its state', () => {
    const f = run(healthy())
    expect(f.evidence.map(e => e.text)).toEqual([`${VPCE} (${HOST_HOW}): State=available`])
    expect(f.summary).toBe(`${VPCE} is available`)
  })
  it('a state in other case is compared without case: Pending waits, PendingAcceptance needs the owner', () => {
    const s = healthy()
    val(s.network.endpoints)[0]!.state = 'Pending'
    const f = run(s)
    expectFinding(f, 'fail', {
      summary: [`${VPCE} is Pending, not available`],
      fix: [`# wait for ${VPCE}`, "'VpcEndpoints[0].State'"],
      resource: VPCE,
    })
    expect(f.fix).not.toContain('delete-vpc-endpoints')
    val(s.network.endpoints)[0]!.state = 'PendingAcceptance'
    expect(run(s).fix).toContain('the service owner must accept it')
  })
  it('failed: the fix reads LastError before deleting', () => {
    const s = healthy()
    val(s.network.endpoints)[0]!.state = 'Failed'
    const f = run(s)
    expectFinding(f, 'fail', {
      fix: [
        `describe-vpc-endpoints --vpc-endpoint-ids ${VPCE} --region ${REGION} --query 'VpcEndpoints[0].LastError'`,
      ],
    })
    expect(f.fix).not.toContain('wait for')
  })
  it('the endpoints not read: unknown', () => {
    const s = healthy()
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    expectFinding(run(s), 'unknown', { summary: ['VPC endpoint'] })
  })
})

const HOST_HOW = `${'a1b2c3d4e5'}.execute-api.${REGION}.amazonaws.com resolves to its ENIs`
