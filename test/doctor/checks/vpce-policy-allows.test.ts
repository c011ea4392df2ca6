/**
 * vpce.policy-allows, one test per branch: what a user acts on is the endpoint id, the statement,
 * what could not be read (and the flag that supplies it), and the id the fix modifies.
 */
import { describe, expect, it } from 'vitest'
import { vpcePolicyAllows } from '../../../src/doctor/checks/vpce-policy-allows.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import { API_ARN, type Draft, REGION, VPCE, denied, healthy, policyOf, val } from '../builders.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

const setEndpointPolicy = (s: Draft<DoctorSnapshot>, policy: unknown) => {
  ;(val(s.network.endpoints)[0] as { policy?: unknown }).policy = policy
  return s
}
const otherApi = policyOf({
  Sid: 'Other',
  Effect: 'Allow',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: `arn:aws:execute-api:${REGION}:222222222222:zzzzzzzzzz/*`,
})

describe('vpce.policy-allows, the facts of each branch', () => {
  it('endpoints unreadable: unknown naming the denied action; --endpoint-policy is offered', () => {
    const s = healthy()
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    const f = runCheck(vpcePolicyAllows, s)
    expectFinding(f, 'unknown', {
      summary: ['could not read the endpoint policy: ', 'ec2:DescribeVpcEndpoints'],
    })
    expect(f.missing).toContain('--endpoint-policy FILE')
  })
  it('a policy that is not JSON: unknown saying it could not be parsed, nothing to supply', () => {
    const f = runCheck(vpcePolicyAllows, setEndpointPolicy(healthy(), '{not json'))
    expectFinding(f, 'unknown', { summary: ['could not be parsed: ', VPCE] })
    expect(f.missing).toEqual([])
  })
  it('the caller unknown on a signed call: unknown naming why, with what to supply', () => {
    const s = setEndpointPolicy(healthy(), otherApi)
    s.caller.principal = denied('sts:GetCallerIdentity')
    const f = runCheck(vpcePolicyAllows, s)
    expectFinding(f, 'unknown', {
      summary: ['cannot evaluate the endpoint policy: ', 'calling principal is unknown'],
    })
    expect(f.missing!.length).toBeGreaterThan(0)
  })
  it('the method unreadable: the pass says it was evaluated as AWS_IAM', () => {
    const s = setEndpointPolicy(
      healthy(),
      policyOf({
        Sid: 'ThisApi',
        Effect: 'Allow',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: `${API_ARN}/*`,
      }),
    )
    const withMethod = runCheck(vpcePolicyAllows, s)
    expect(evidenceText(withMethod)).not.toContain('evaluated as AWS_IAM')
    s.api.resources = denied('apigateway:GET')
    const f = runCheck(vpcePolicyAllows, s)
    expectFinding(f, 'pass', { evidence: ['evaluated as AWS_IAM', 'Statement[0]'] })
    // The note is the one line the unread method adds.
    expect(f.evidence.map(e => e.text)).toEqual([
      ...withMethod.evidence.map(e => e.text),
      'the method could not be read: evaluated as AWS_IAM',
    ])
  })
  it('the method unreadable and a deny: the fail says it was evaluated as AWS_IAM', () => {
    const s = setEndpointPolicy(healthy(), otherApi)
    s.api.resources = denied('apigateway:GET')
    expectFinding(runCheck(vpcePolicyAllows, s), 'fail', { evidence: ['evaluated as AWS_IAM'] })
  })
  it('a supplied policy conditioned on aws:SourceVpce with the endpoint unreadable: unknown naming the key', () => {
    const s = healthy()
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    s.supplied.endpointPolicy = {
      name: 'ep.json',
      document: policyOf({
        Sid: 'OnlyThisEndpoint',
        Effect: 'Allow',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceVpce': VPCE } },
      }),
    } as never
    const f = runCheck(vpcePolicyAllows, s)
    expectFinding(f, 'unknown', {
      summary: ['aws:SourceVpce', 'could not be established'],
    })
    expect(f.missing!.length).toBeGreaterThan(0)
  })
  it('a supplied policy that denies with the endpoint unreadable: the fix and resource use the target vpce id', () => {
    const s = healthy()
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    s.target.vpceId = 'vpce-0000000000000abcd'
    s.supplied.endpointPolicy = { name: 'ep.json', document: otherApi } as never
    const f = runCheck(vpcePolicyAllows, s)
    expectFinding(f, 'fail', {
      summary: ['Statement[0]', '403 AccessDeniedException'],
      fix: [
        '--vpc-endpoint-id vpce-0000000000000abcd',
        `--region ${REGION}`,
        '--policy-document',
        '"Sid":"Other"',
      ],
      resource: 'vpce-0000000000000abcd endpoint policy Statement[0] (Other)',
    })
    // A correction that needs no note: the command is the first line.
    expect(f.fix!.split('\n')[0]).toMatch(/^aws ec2 modify-vpc-endpoint /)
    s.target.vpceId = undefined
    expectFinding(runCheck(vpcePolicyAllows, s), 'fail', {
      fix: ['--vpc-endpoint-id vpce-… '],
      resource: 'vpce-… endpoint policy Statement[0] (Other)',
    })
  })
  it('a supplied policy overrides the collected one: its statement decides', () => {
    const s = setEndpointPolicy(healthy(), otherApi)
    s.supplied.endpointPolicy = {
      name: 'ep.json',
      document: policyOf({
        Sid: 'Supplied',
        Effect: 'Allow',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: '*',
      }),
    } as never
    expectFinding(runCheck(vpcePolicyAllows, s), 'pass', { evidence: ['Supplied'] })
  })
  it('an explicit deny with no Sid: the fix notes the exemption, then modifies that endpoint', () => {
    const s = setEndpointPolicy(
      healthy(),
      policyOf(
        { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' },
        { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' },
      ),
    )
    const f = runCheck(vpcePolicyAllows, s)
    expectFinding(f, 'fail', { summary: ['Statement[1]'] })
    expect(f.resource).toBe(`${VPCE} endpoint policy Statement[1]`)
    const [note, command] = f.fix!.split('\n')
    expect(note).toMatch(/^# .*exempts arn:aws:iam::111111111111:role\/orders-caller from Statement\[1\]/)
    expect(command).toContain(`aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${VPCE} --region ${REGION}`)
  })
})
