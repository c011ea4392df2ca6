/**
 * vpce.state-available, the branches transit.test.ts leaves implicit: a shared VPC whose owner's
 * endpoints a participant cannot list (unknown, naming the owner), the state compared without
 * case, and the evidence naming how the endpoint was found and its LastError.
 */
import { describe, expect, it } from 'vitest'
import { vpceStateAvailable } from '../../../src/doctor/checks/vpce-state-available.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import {
  A,
  REGION,
  SG_ENDPOINT,
  SUBNET_CALLER,
  VPC,
  VPCE,
  denied,
  healthy,
  healthyVpceName,
  ok,
  val,
  type Draft,
} from '../builders.js'
import { expectFixLines } from './fix-lines.js'
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
  it('the endpoint list itself not found: unknown, not "no endpoint"', () => {
    const s = healthy()
    s.network.endpoints = { status: 'not-found', message: 'no such Region' }
    const f = run(s)
    expectFinding(f, 'unknown', { summary: ['no such Region'] })
  })
  it('the endpoints not read: unknown', () => {
    const s = healthy()
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    expectFinding(run(s), 'unknown', { summary: ['VPC endpoint'] })
  })
})

describe('vpce.state-available: the fixes, line by line', () => {
  it('no endpoint, the caller known: the command, a note on its subnets, one on the group; two subnets both named', () => {
    const s = noEndpoint(A)
    const second = 'subnet-00000000000000005'
    val(s.network.caller).subnetIds = [SUBNET_CALLER, second]
    const f = run(s)
    const lines = expectFixLines(f, 3)
    expect(lines[0]).toContain(`--subnet-ids ${SUBNET_CALLER} ${second} --security-group-ids`)
    expect(lines[1]).toBe(
      `# ${SUBNET_CALLER}, ${second}: the caller's subnets; add a subnet in a second zone for resilience`,
    )
    expect(lines[2]).toContain(`create-security-group --vpc-id ${VPC})`)
    expect(f.evidence).toEqual([])
  })
  it('no endpoint, the caller unknown: a note per placeholder, no VPC in the summary', () => {
    const s = noEndpoint(A)
    s.network.caller = denied('ec2:DescribeInstances')
    const f = run(s)
    const lines = expectFixLines(f, 4)
    expect(lines[3]).toMatch(/create-security-group\)$/)
    expect(f.summary).toContain(`in ${REGION}: a private API`)
  })
  it('pending: a note, then the state query', () => {
    const s = healthy()
    val(s.network.endpoints)[0]!.state = 'pending'
    const lines = expectFixLines(run(s), 2)
    expect(lines[0]).toBe(`# wait for ${VPCE} to become available; its state:`)
  })
  it('failed: read LastError, delete, create again with every group; notes only for placeholders', () => {
    const s = healthy()
    const ep = val(s.network.endpoints)[0]!
    ep.state = 'failed'
    ep.securityGroupIds = [SG_ENDPOINT, 'sg-00000000000000009']
    const lines = expectFixLines(run(s), 4)
    expect(lines[0]).toMatch(/^# read the failure/)
    expect(lines[3]).toContain(
      `--security-group-ids ${SG_ENDPOINT} sg-00000000000000009 --private-dns-enabled`,
    )
    ep.subnetIds = []
    ep.securityGroupIds = []
    expectFixLines(run(s), 6)
  })
})

const HOST_HOW = `${'a1b2c3d4e5'}.execute-api.${REGION}.amazonaws.com resolves to its ENIs`
