/**
 * apigw.resource-policy-allows, branch by branch: why the policy cannot be judged (parse error,
 * caller unknown, a condition key nobody established), which evidence lines a verdict carries,
 * when the client's 403 is this policy's, and the fix when the deny cannot be corrected.
 */
import { describe, expect, it } from 'vitest'
import { apigwResourcePolicyAllows as check } from '../../../src/doctor/checks/apigw-resource-policy-allows.js'
import {
  API,
  API_ARN,
  REGION,
  VPCE,
  denied,
  healthy,
  invoke,
  policyOf,
  setResourcePolicy,
  val,
} from '../builders.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

const OPEN = invoke('Allow', '*', { Sid: 'Open' })
const texts = (f: { evidence: readonly { text: string }[] }) => f.evidence.map(e => e.text)

describe('apigw.resource-policy-allows: when the policy cannot be judged', () => {
  it("a statement without a Principal: unknown with the parser's reason", () => {
    const s = setResourcePolicy(
      healthy(),
      policyOf({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `${API_ARN}/*` }),
    )
    const f = runCheck(check, s)
    expectFinding(f, 'unknown', { summary: ['could not be parsed', 'Principal'] })
  })
  it("the caller's principal unknown: unknown, saying what the engine lacks and what would give it", () => {
    const s = healthy()
    s.caller.principal = denied('sts:GetCallerIdentity')
    s.caller.identity = denied('sts:GetCallerIdentity')
    const f = runCheck(check, s)
    expectFinding(f, 'unknown', { summary: ['cannot evaluate the resource policy: ', 'principal'] })
    expect(f.summary).not.toMatch(/policy: $/)
    expect(f.missing!.length).toBeGreaterThan(0)
  })
  it('a decision that rests on aws:PrincipalOrgID, which was not read: unknown naming the key and the statement', () => {
    const s = setResourcePolicy(
      healthy(),
      policyOf(
        OPEN,
        invoke('Deny', '*', {
          Sid: 'OrgOnly',
          Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-exampleorg1' } },
        }),
      ),
    )
    s.caller.organizationId = denied('organizations:DescribeOrganization')
    const f = runCheck(check, s)
    expectFinding(f, 'unknown', { summary: ['aws:PrincipalOrgID'] })
    expect(f.evidence.some(e => e.statement?.index === 1 && e.statement.sid === 'OrgOnly')).toBe(true)
  })
})

describe('apigw.resource-policy-allows: the evidence of a verdict', () => {
  it('a pass carries the request, the allowing statement and where the policy came from, nothing more', () => {
    const f = runCheck(check, healthy())
    expectFinding(f, 'pass')
    expect(texts(f).at(-1)).toBe(`policy: GetRestApi ${API} policy`)
    expect(texts(f).filter(t => t.includes('evaluated as'))).toEqual([])
  })
  it("denied by the endpoint policy first: the 403 the client sees is not this policy's", () => {
    const s = healthy()
    val(s.network.endpoints)[0]!.policy = policyOf(
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
      { Sid: 'NoInvoke', Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' },
    )
    setResourcePolicy(s, policyOf(invoke('Allow', '*', { Resource: `${API_ARN}/prod/POST/*` })))
    const f = runCheck(check, s)
    expectFinding(f, 'fail', { resource: `${API} resource policy Statement[0]` })
    expect(evidenceText(f)).not.toContain('the client sees')
    expect(texts(f).at(-1)).toBe(`policy: GetRestApi ${API} policy`)
    // Nothing between the diagnosis and where the policy came from.
    expect(texts(f).at(-2)).toMatch(/Statement\[0\]|resource policy/)
  })
  it('denied by this policy: the client sees its 403, the line before where the policy came from', () => {
    const s = setResourcePolicy(
      healthy(),
      policyOf(invoke('Allow', '*', { Resource: `${API_ARN}/prod/POST/*` })),
    )
    const f = runCheck(check, s)
    expectFinding(f, 'fail')
    expect(texts(f).at(-2)).toMatch(/^the client sees 403 /)
  })
})

describe('apigw.resource-policy-allows: the fix', () => {
  it('a Deny the corrected copy changes: the note on its own line, then the command', () => {
    const s = healthy()
    s.supplied.resourcePolicy = { name: 'rp.json', document: policyOf(invoke('Deny', '*')) }
    const f = runCheck(check, s)
    expectFinding(f, 'fail')
    const lines = f.fix!.split('\n')
    expect(lines[0]).toMatch(/^# the corrected policy exempts /)
    expect(lines[1]).toMatch(new RegExp(`^aws apigateway update-rest-api --rest-api-id ${API} `))
  })
  it('an Allow the request misses: the corrected policy, then the redeploy, one command a line', () => {
    const s = setResourcePolicy(
      healthy(),
      policyOf(invoke('Allow', '*', { Resource: `${API_ARN}/prod/POST/*` })),
    )
    const f = runCheck(check, s)
    expectFinding(f, 'fail')
    const lines = f.fix!.split('\n')
    expect(lines[0]).toMatch(
      new RegExp(`^aws apigateway update-rest-api --rest-api-id ${API} --region ${REGION} `),
    )
    expect(lines[1]).toMatch(/^# the change takes effect only when the stage is redeployed/)
    expect(lines[2]).toMatch(
      new RegExp(`^aws apigateway create-deployment --rest-api-id ${API} --stage-name prod`),
    )
  })
  it("a Deny that matches the caller's own endpoint (StringEquals): no corrected copy; read the policy to fix it", () => {
    const s = setResourcePolicy(
      healthy(),
      policyOf(
        OPEN,
        invoke('Deny', '*', {
          Sid: 'DenyThisEndpoint',
          Condition: { StringEquals: { 'aws:SourceVpce': VPCE } },
        }),
      ),
    )
    const f = runCheck(check, s)
    expectFinding(f, 'fail', {
      summary: ['Statement[1]', 'DenyThisEndpoint', VPCE],
      resource: `${API} resource policy Statement[1] (DenyThisEndpoint)`,
    })
    const lines = f.fix!.split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(new RegExp(`^# the resource policy of ${API} `))
    expect(lines[1]).toBe(
      `aws apigateway get-rest-api --rest-api-id ${API} --region ${REGION} --query policy --output text`,
    )
  })
})
