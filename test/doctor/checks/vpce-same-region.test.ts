/**
 * vpce.same-region: an execute-api endpoint serves its own Region's APIs only. The facts a user
 * acts on: which of the endpoint name, the endpoint's service and the Lambda caller is in which
 * Region, and the create-vpc-endpoint command in the API's Region.
 */
import { describe, expect, it } from 'vitest'
import { vpceSameRegion } from '../../../src/doctor/checks/vpce-same-region.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import {
  HOST,
  REGION,
  VPCE,
  denied,
  healthy,
  healthyLambda,
  healthyVpceName,
  val,
  type Draft,
} from '../builders.js'
import { expectFixLines } from './fix-lines.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

const WEST = 'us-west-2'
const WEST_HOST = `${VPCE}-abcd1234.execute-api.${WEST}.vpce.amazonaws.com`
const run = (s: Draft<DoctorSnapshot>) => runCheck(vpceSameRegion, s)

describe('vpce.same-region', () => {
  it('endpoint and API in one Region: pass naming it; the evidence shows where each Region came from', () => {
    const f = run(healthy())
    expectFinding(f, 'pass', { summary: [`(${REGION})`] })
    expect(f.evidence.map(e => e.text)).toEqual([
      `API Region: ${REGION}`,
      `${VPCE} (service com.amazonaws.${REGION}.execute-api): ${REGION}`,
    ])
  })
  it('the endpoint name is compared as well', () => {
    const f = run(healthyVpceName())
    expectFinding(f, 'pass', {
      evidence: [`the endpoint name ${VPCE}-abcd1234.execute-api.${REGION}.vpce.amazonaws.com: ${REGION}`],
    })
  })
  it("the API's own name is not an endpoint name", () => {
    const s = healthy()
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    const f = run(s)
    expectFinding(f, 'unknown', { summary: ["endpoint's Region is unknown"] })
    expect(f.missing).toEqual(['ec2:DescribeVpcEndpoints', '--vpce'])
    expect(HOST).toContain(REGION)
  })
  it('an endpoint name in another Region (with a trailing dot): fail naming it and both Regions; the fix creates one in the API Region', () => {
    const s = healthy()
    s.target.connectHost = `${WEST_HOST}.`
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    const f = run(s)
    expectFinding(f, 'fail', {
      summary: [`the endpoint name ${WEST_HOST}. is in ${WEST}, the API in ${REGION}`],
      fix: [
        `# reach a VPC in ${REGION}`,
        `--service-name com.amazonaws.${REGION}.execute-api --subnet-ids SUBNET_ID --security-group-ids SG_ID --private-dns-enabled --region ${REGION}`,
        `# VPC_ID: a VPC in ${REGION}`,
        `describe-vpcs --region ${REGION}`,
        `describe-subnets --filters Name=vpc-id,Values=VPC_ID --region ${REGION}`,
        `describe-security-groups --filters Name=vpc-id,Values=VPC_ID --region ${REGION}`,
      ],
      resource: `${WEST_HOST}.`,
    })
    expect(f.fix).not.toContain(WEST)
  })
  it('an endpoint name in capitals is an endpoint name too', () => {
    const s = healthy()
    s.target.connectHost = WEST_HOST.toUpperCase()
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    expectFinding(run(s), 'fail', { summary: [`is in ${WEST}`] })
  })
  it('a name that only contains .vpce.amazonaws.com is not an endpoint name', () => {
    const s = healthy()
    s.target.connectHost = `x.vpce.amazonaws.com.a1b2c3d4e5.execute-api.${WEST}.amazonaws.com`
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    expectFinding(run(s), 'unknown')
  })
  it("the endpoint's ServiceRegion decides over its service name, and is shown", () => {
    const s = healthy()
    val(s.network.endpoints)[0]!.serviceRegion = WEST
    const f = run(s)
    expectFinding(f, 'fail', {
      summary: [`${VPCE} (service com.amazonaws.${REGION}.execute-api, ServiceRegion ${WEST}) is in ${WEST}`],
      resource: VPCE,
    })
  })
  it("an endpoint of another Region's service: fail naming the endpoint", () => {
    const s = healthy()
    val(s.network.endpoints)[0]!.serviceName = `com.amazonaws.${WEST}.execute-api`
    const f = run(s)
    expectFinding(f, 'fail', {
      summary: [`${VPCE} (service com.amazonaws.${WEST}.execute-api) is in ${WEST}`],
    })
    expect(f.summary).not.toContain('ServiceRegion')
  })
  it("a service name that is not execute-api's says nothing about the Region", () => {
    const s = healthy()
    val(s.network.endpoints)[0]!.serviceName = `com.amazonaws.${WEST}.execute-api.extra`
    expectFinding(run(s), 'unknown')
    val(s.network.endpoints)[0]!.serviceName = `aws.com.amazonaws.${WEST}.execute-api`
    expectFinding(run(s), 'unknown')
  })
  it('a Lambda caller in another Region: fail naming the function', () => {
    const s = healthyLambda()
    const fn = `arn:aws:lambda:${WEST}:111111111111:function:orders-worker`
    val(s.network.caller).lambda!.functionArn = fn
    const f = run(s)
    expectFinding(f, 'fail', { summary: [`the caller ${fn} is in ${WEST}`], resource: VPCE })
  })
  it('a Lambda caller in the API Region: pass, its Region in the evidence', () => {
    const f = run(healthyLambda())
    expectFinding(f, 'pass')
    expect(evidenceText(f)).toContain(
      `the caller arn:aws:lambda:${REGION}:111111111111:function:orders-worker: ${REGION}`,
    )
  })
  it('a function ARN without a Region is not compared', () => {
    const s = healthyLambda()
    val(s.network.caller).lambda!.functionArn = 'orders-worker'
    const f = run(s)
    expectFinding(f, 'pass')
    expect(evidenceText(f)).not.toContain('the caller')
  })
  it('the first place in another Region is the one named', () => {
    const s = healthyVpceName()
    s.target.connectHost = WEST_HOST
    val(s.network.endpoints)[0]!.serviceRegion = 'eu-west-1'
    const f = run(s)
    expect(f.summary).toContain(`is in ${WEST}`)
    expect(evidenceText(f)).toContain('ServiceRegion eu-west-1')
  })

  it('the fix, line by line: a note, the command, one note per placeholder', () => {
    const s = healthy()
    val(s.network.endpoints)[0]!.serviceRegion = WEST
    const lines = expectFixLines(run(s), 5)
    expect(lines[1]).toMatch(/^aws ec2 create-vpc-endpoint/)
    expect(lines.slice(2).map(l => l.split(':')[0])).toEqual(['# VPC_ID', '# SUBNET_ID', '# SG_ID'])
  })

  it("the caller's network not read: the endpoint alone is compared", () => {
    const s = healthy()
    s.network.caller = denied('ec2:DescribeInstances')
    expectFinding(run(s), 'pass')
  })
})
