/**
 * iam.scp, branch by branch: which SCP's document the corrected copy starts from, the statements
 * of that copy, the fix when a deny cannot be corrected, and why the SCPs could not be judged.
 */
import { describe, expect, it } from 'vitest'
import { iamScp as check } from '../../../src/doctor/checks/iam-scp.js'
import type { DoctorSnapshot, PolicyFacts } from '../../../src/doctor/snapshot.js'
import { API_ARN, VPCE, denied, healthy, ok, policyOf, type Draft } from '../builders.js'
import { expectFinding, runCheck } from './run-check.js'

const FULL: PolicyFacts = {
  name: 'FullAWSAccess',
  document: policyOf({ Effect: 'Allow', Action: '*', Resource: '*' }),
}
const withScps = (...scps: PolicyFacts[]): Draft<DoctorSnapshot> => {
  const s = healthy()
  s.caller.serviceControlPolicies = ok([...scps])
  return s
}
const METHOD_ARN = `${API_ARN}/prod/GET/items`

/** The SCP document the fix's update-policy line writes. */
function scpInFix(fix: string): { Statement: Record<string, unknown>[] } {
  const line = fix.split('\n').find(l => l.startsWith('aws organizations update-policy'))!
  return JSON.parse(line.slice(line.indexOf("'") + 1, line.lastIndexOf("'")))
}

describe('iam.scp: the corrected SCP', () => {
  it('starts from the denying SCP, named exactly (not one whose name ends its name)', () => {
    const f = runCheck(
      check,
      withScps(
        {
          name: 'deny',
          document: policyOf({ Sid: 'Everything', Effect: 'Allow', Action: '*', Resource: '*' }),
        },
        {
          name: 'team deny',
          document: policyOf(
            { Sid: 'All', Effect: 'Allow', Action: '*', Resource: '*' },
            { Sid: 'NoApi', Effect: 'Deny', Action: 'execute-api:*', Resource: '*' },
          ),
        },
      ),
    )
    expectFinding(f, 'fail', { summary: ['SCP team deny', 'explicitly denies'], resource: 'SCP team deny' })
    const sids = scpInFix(f.fix!).Statement.map(st => st.Sid)
    // It has an Allow already: no second one is added.
    expect(sids).toHaveLength(2)
    expect(sids).toContain('All')
    expect(sids).not.toContain('Everything')
  })
  it('a Deny-only SCP: the copy keeps the deny exemption and adds an Allow for the method', () => {
    const f = runCheck(
      check,
      withScps(FULL, {
        name: 'deny-only',
        document: policyOf({ Sid: 'NoApi', Effect: 'Deny', Action: 'execute-api:*', Resource: '*' }),
      }),
    )
    expectFinding(f, 'fail', {
      evidence: ['SCP deny-only Statement[0] (NoApi) denies this request without conditions'],
    })
    const st = scpInFix(f.fix!).Statement
    expect(st[0]).toMatchObject({ Sid: 'NoApi', Effect: 'Deny' })
    expect(st.at(-1)).toEqual({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: METHOD_ARN })
    const lines = f.fix!.split('\n')
    expect(lines[0]).toMatch(/^# in the organization's management account .*deny-only/)
    expect(lines[1]).toMatch(/^# the corrected policy exempts /)
    expect(lines[2]).toMatch(/^aws organizations update-policy --policy-id SCP_POLICY_ID --content '/)
    expect(lines[3]).toMatch(/^# SCP_POLICY_ID: /)
    expect(lines).toHaveLength(4)
  })
  it('an SCP with an Allow (for other services): no second Allow is added; no note', () => {
    const f = runCheck(
      check,
      withScps({ name: 's3-only', document: policyOf({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) }),
    )
    expectFinding(f, 'fail', { summary: ['SCP s3-only', 'does not allow'] })
    const st = scpInFix(f.fix!).Statement
    expect(st.filter(x => x.Action === 's3:*')).toHaveLength(1)
    expect(st).toHaveLength(2)
    const lines = f.fix!.split('\n')
    expect(lines[1]).toMatch(/^aws organizations update-policy /)
    expect(lines).toHaveLength(3)
  })
  it('an unnamed SCP given with --scp: labelled by position, still diagnosed', () => {
    const s = healthy()
    s.supplied.serviceControlPolicies = [
      { name: '', document: policyOf({ Effect: 'Deny', Action: 'execute-api:*', Resource: '*' }) },
    ]
    expectFinding(runCheck(check, s), 'fail', {
      summary: ['SCP #1', 'explicitly denies'],
      resource: 'SCP #1',
    })
  })
  it('a Deny on the caller endpoint itself (StringEquals): no corrected copy; read the SCP and fix it', () => {
    const f = runCheck(
      check,
      withScps(FULL, {
        name: 'no-endpoint',
        document: policyOf({
          Effect: 'Deny',
          Action: 'execute-api:Invoke',
          Resource: '*',
          Condition: { StringEquals: { 'aws:SourceVpce': VPCE } },
        }),
      }),
    )
    expectFinding(f, 'fail', { summary: ['SCP no-endpoint'], resource: 'SCP no-endpoint' })
    const lines = f.fix!.split('\n')
    expect(lines[1]).toMatch(/^# SCP no-endpoint is not JSON pvapi can correct/)
    expect(lines[2]).toBe('aws organizations describe-policy --policy-id SCP_POLICY_ID')
    expect(lines[3]).toMatch(/^# SCP_POLICY_ID: /)
    expect(f.fix).not.toContain('update-policy')
  })
})

describe('iam.scp: when the SCPs cannot be judged', () => {
  it("an SCP with a Principal: unknown with the parser's reason, nothing to ask for", () => {
    const s = healthy()
    s.supplied.serviceControlPolicies = [
      {
        name: 'bad.json',
        document: policyOf({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }),
      },
    ]
    const f = runCheck(check, s)
    expectFinding(f, 'unknown', { summary: ['could not be parsed', 'Principal'] })
    expect(f.missing).toEqual([])
  })
  it("the caller's principal unknown: unknown saying what the engine lacks", () => {
    const s = withScps(FULL)
    s.caller.principal = denied('sts:GetCallerIdentity')
    s.caller.identity = denied('sts:GetCallerIdentity')
    const f = runCheck(check, s)
    expectFinding(f, 'unknown', { summary: ['cannot evaluate the SCPs: ', 'principal'] })
    expect(f.summary).not.toMatch(/SCPs: $/)
    expect(f.missing!.length).toBeGreaterThan(0)
  })
})
