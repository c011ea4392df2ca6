/**
 * vpce.subnets-azs, the facts of each branch: the endpoint's subnets and zones, the caller's zone,
 * and the endpoint and VPC ids the fix adds a subnet with.
 */
import { describe, expect, it } from 'vitest'
import { vpceSubnetsAzs } from '../../../src/doctor/checks/vpce-subnets-azs.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import { type Draft, REGION, SUBNET_EP_A, SUBNET_EP_B, VPC, VPCE, denied, healthy, val } from '../builders.js'
import { expectFinding, runCheck } from './run-check.js'

const endpoint = (s: Draft<DoctorSnapshot>) => val(s.network.endpoints)[0] as { subnetIds: string[] }
const texts = (s: Draft<DoctorSnapshot>) => runCheck(vpceSubnetsAzs, s).evidence.map(e => e.text)
const fixLines = (zones: string) => [
  `aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${VPCE} --add-subnet-ids SUBNET_ID --region ${REGION}`,
  `# SUBNET_ID: a subnet of ${VPC} in another zone than ${zones} (aws ec2 describe-subnets --filters Name=vpc-id,Values=${VPC} --region ${REGION})`,
]

describe('vpce.subnets-azs, the facts of each branch', () => {
  it('two zones: pass with the count; the evidence is the subnets with their zones, then the caller zone', () => {
    const f = runCheck(vpceSubnetsAzs, healthy())
    expect(f.summary).toBe(`${VPCE} spans 2 zones`)
    expect(texts(healthy())).toEqual([
      `${VPCE} subnets ${SUBNET_EP_A}, ${SUBNET_EP_B} in ${REGION}a, ${REGION}b`,
      `caller in ${REGION}a`,
    ])
  })
  it('two subnets in one zone: warn; no cross-AZ line when the caller is in it; the fix names endpoint, VPC and zone', () => {
    const s = healthy()
    ;(val(s.network.subnets[SUBNET_EP_B]) as { availabilityZone: string }).availabilityZone = `${REGION}a`
    const f = runCheck(vpceSubnetsAzs, s)
    expectFinding(f, 'warn', { summary: [`${VPCE} is in one availability zone`], resource: VPCE })
    expect(f.fix!.split('\n')).toEqual(fixLines(`${REGION}a`))
    expect(f.evidence.map(e => e.text)).toEqual([
      `${VPCE} subnets ${SUBNET_EP_A}, ${SUBNET_EP_B} in ${REGION}a`,
      `caller in ${REGION}a`,
    ])
  })
  it('one subnet in another zone than the caller: warn, with the cross-AZ line', () => {
    const s = healthy()
    endpoint(s).subnetIds = [SUBNET_EP_B]
    expect(texts(s)).toEqual([
      `${VPCE} subnets ${SUBNET_EP_B} in ${REGION}b`,
      `caller in ${REGION}a`,
      `the caller's ${REGION}a has no endpoint ENI: traffic crosses AZs (works, adds latency and cost)`,
    ])
  })
  it('one subnet unreadable, the other read: its zone counts (warn), not unknown', () => {
    const s = healthy()
    s.network.subnets[SUBNET_EP_B] = denied('ec2:DescribeSubnets')
    const f = runCheck(vpceSubnetsAzs, s)
    expectFinding(f, 'warn')
    expect(f.fix!.split('\n')).toEqual(fixLines(`${REGION}a`))
  })
  it('the first subnet unreadable and no zone known: unknown naming the subnets zones and the action', () => {
    const s = healthy()
    s.network.subnets[SUBNET_EP_A] = denied('ec2:DescribeSubnets')
    s.network.subnets[SUBNET_EP_B] = denied('ec2:DescribeSubnets')
    const f = runCheck(vpceSubnetsAzs, s)
    expectFinding(f, 'unknown', { summary: ["endpoint subnets' zones"] })
    expect(f.missing).toContain('ec2:DescribeSubnets')
  })
  it('a subnet never collected: no zone ("?"), warn; the fix says "the endpoint" for the zone', () => {
    const s = healthy()
    endpoint(s).subnetIds = ['subnet-0000000000000dead']
    const f = runCheck(vpceSubnetsAzs, s)
    expectFinding(f, 'warn')
    expect(f.evidence[0]!.text).toBe(`${VPCE} subnets subnet-0000000000000dead in ?`)
    expect(f.fix!.split('\n')).toEqual(fixLines('the endpoint'))
  })
  it('the endpoint unknown: unknown naming the VPC endpoint', () => {
    const s = healthy()
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    expectFinding(runCheck(vpceSubnetsAzs, s), 'unknown', { summary: ['VPC endpoint'] })
  })
})
