/**
 * vpce.owner-keys: statements testing aws:VpceAccount / aws:VpceOrgID / aws:VpceOrgPaths are
 * evaluated with the endpoint owner's values. The facts a user acts on: the policy and statement
 * (index, Sid), the key, the value the request carries and the one the statement wants, and each
 * value's source; a key that could not be established names what would reveal it.
 */
import { describe, expect, it } from 'vitest'
import { vpceOwnerKeys } from '../../../src/doctor/checks/vpce-owner-keys.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import {
  A,
  API,
  API_ARN,
  IDENTITY_POLICY,
  VPCE,
  denied,
  healthy,
  ok,
  policyOf,
  val,
  type Draft,
} from '../builders.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

type Snap = Draft<DoctorSnapshot>
const OWNER = '333333333333'
const run = (s: Snap) => runCheck(vpceOwnerKeys, s)
const EP_LABEL = `VPC endpoint policy ${VPCE}`

/** The endpoint policy becomes these statements. */
const endpointPolicy = (s: Snap, ...Statement: Record<string, unknown>[]) => {
  val(s.network.endpoints)[0]!.policy = { Statement } as never
  return s
}
/** The resource policy gets one more statement (index 2). */
const resourceStatement = (s: Snap, st: Record<string, unknown>) => {
  ;(val(s.api.restApi).policy as { Statement: unknown[] }).Statement.push(st)
  return s
}
const allowWhen = (Condition: Record<string, unknown>, Sid?: string) => ({
  ...(Sid ? { Sid } : {}),
  Effect: 'Allow',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: '*',
  Condition,
})
const denyWhen = (Condition: Record<string, unknown>, Sid?: string) => ({
  ...(Sid ? { Sid } : {}),
  Effect: 'Deny',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: `${API_ARN}/*`,
  Condition,
})
const ORG_PATH = 'o-exampleorg1/r-ab12/ou-ab12-networking/'
/** Organizations told the owner's organization and paths. */
const ownerOrg = (s: Snap, paths: string[] = [ORG_PATH], account = A) => {
  s.network.endpointOwnerOrg = ok({
    account,
    orgId: 'o-exampleorg1',
    paths,
    via: 'organizations:ListParents',
  })
  return s
}

describe('vpce.owner-keys', () => {
  it('no policy tests an owner key: skipped', () => {
    const f = run(healthy())
    expect(f.status).toBe('skipped')
    expect(f.summary).toMatch(/aws:VpceAccount, aws:VpceOrgID or aws:VpceOrgPaths/)
  })
  it('a policy that tests another key only: skipped', () => {
    const s = endpointPolicy(healthy(), allowWhen({ StringEquals: { 'aws:SourceVpce': VPCE } }))
    expect(run(s).status).toBe('skipped')
  })

  it("the policies could not be evaluated (the API owner's account unknown): skipped", () => {
    const s = endpointPolicy(healthy(), allowWhen({ StringEquals: { 'aws:VpceAccount': OWNER } }))
    s.api.identity = denied('sts:GetCallerIdentity')
    s.api.restApi = denied('apigateway:GET')
    expect(run(s).status).toBe('skipped')
  })
  it('every owner-key statement matches: pass naming the values established', () => {
    const s = endpointPolicy(healthy(), allowWhen({ StringEquals: { 'aws:VpceAccount': A } }, 'OwnAccount'))
    const f = run(s)
    expectFinding(f, 'pass', { summary: [`aws:VpceAccount = ${A}, aws:VpceOrgID = o-exampleorg1`] })
    expect(f.summary).not.toContain('(the OwnerId')
    expect(f.summary).not.toContain('VpceOrgPaths')
    expect(evidenceText(f)).toContain(`aws:VpceAccount = ${A} (the OwnerId of ${VPCE}`)
    expect(evidenceText(f)).toContain('aws:VpceOrgPaths: unknown')
  })
  it('the org paths read: the pass names them too', () => {
    const s = ownerOrg(
      endpointPolicy(healthy(), allowWhen({ StringLike: { 'aws:VpceOrgPaths': 'o-exampleorg1/r-ab12/*' } })),
    )
    expectFinding(run(s), 'pass', { summary: [`aws:VpceOrgPaths = ${ORG_PATH}`] })
  })
  it('a layer that still allows (another statement does) is not blamed', () => {
    const s = endpointPolicy(
      healthy(),
      allowWhen({ StringEquals: { 'aws:VpceOrgID': 'o-partnerorg2' } }, 'PartnerOnly'),
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
    )
    expectFinding(run(s), 'pass')
  })
  it('no value could be established and no statement decides: pass, "the owner keys"', () => {
    const s = healthy()
    delete (val(s.network.endpoints)[0] as { ownerId?: string }).ownerId
    // The statement is for another principal: it never decides this call.
    endpointPolicy(
      s,
      {
        ...allowWhen({ StringEquals: { 'aws:VpceAccount': OWNER } }),
        Principal: { AWS: `arn:aws:iam::${OWNER}:root` },
      },
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
    )
    expectFinding(run(s), 'pass', { summary: ['matches: the owner keys'] })
  })

  it('an Allow on another organization: fail naming policy, key, carried and wanted values; resource is the statement', () => {
    const s = endpointPolicy(
      healthy(),
      allowWhen({ StringEquals: { 'aws:VpceOrgID': 'o-partnerorg2' } }, 'PartnerOnly'),
    )
    const f = run(s)
    expectFinding(f, 'fail', {
      summary: [
        EP_LABEL,
        'does not allow',
        'on aws:VpceOrgID',
        'carries o-exampleorg1',
        'wants ["o-partnerorg2"]',
      ],
      fix: [`modify-vpc-endpoint --vpc-endpoint-id ${VPCE}`],
      evidence: [`${EP_LABEL} Statement[0] (PartnerOnly) does not match`, 'aws:VpceOrgID = o-exampleorg1'],
      resource: `${EP_LABEL} Statement[0] (PartnerOnly)`,
    })
    expect(f.evidence[0]!.statement).toMatchObject({ index: 0, sid: 'PartnerOnly', effect: 'Allow' })
    expect(f.summary).not.toContain('denies')
  })
  it('without a Sid the resource is the statement index alone', () => {
    const s = endpointPolicy(healthy(), allowWhen({ StringEquals: { 'aws:VpceAccount': OWNER } }))
    const f = run(s)
    expectFinding(f, 'fail', {
      summary: [`carries ${A}`, `wants ["${OWNER}"]`],
      resource: `${EP_LABEL} Statement[0]`,
    })
  })
  it('a Deny that applies on an owner key: fail, "denies", the owner check of the resource policy gives the fix', () => {
    const s = resourceStatement(
      healthy(),
      denyWhen({ StringEquals: { 'aws:VpceAccount': A } }, 'NoOwnAccount'),
    )
    const f = run(s)
    expectFinding(f, 'fail', {
      summary: ['resource policy denies the call on aws:VpceAccount', `carries ${A}`],
      fix: [`update-rest-api --rest-api-id ${API}`],
      evidence: ['resource policy Statement[2] (NoOwnAccount) denies'],
      resource: 'resource policy Statement[2] (NoOwnAccount)',
    })
    expect(f.evidence[0]!.statement).toMatchObject({ index: 2, sid: 'NoOwnAccount', effect: 'Deny' })
    expect(f.summary).not.toContain('does not allow')
  })
  it('a Deny on an owner key that does not apply: pass', () => {
    const s = resourceStatement(healthy(), denyWhen({ StringNotEquals: { 'aws:VpceAccount': A } }))
    expectFinding(run(s), 'pass')
  })
  it('a Deny that applies because of another key, owner key also tested: the key it names is the matched one', () => {
    const s = resourceStatement(
      healthy(),
      denyWhen({ StringEquals: { 'aws:VpceAccount': A, 'aws:VpceOrgID': 'o-exampleorg1' } }),
    )
    const f = run(s)
    expectFinding(f, 'fail', { summary: ['on aws:VpceAccount'] })
  })
  it("an Allow failing on another key while its owner key matches: not this check's failure", () => {
    const s = endpointPolicy(
      healthy(),
      allowWhen({ StringEquals: { 'aws:VpceAccount': A, 'aws:SourceVpc': 'vpc-00000000000000009' } }),
    )
    expectFinding(run(s), 'pass')
  })
  it('the failing key is the owner key that did not match, not the first one tested', () => {
    const s = endpointPolicy(
      healthy(),
      allowWhen({ StringEquals: { 'aws:VpceAccount': A, 'aws:VpceOrgID': 'o-partnerorg2' } }),
    )
    expectFinding(run(s), 'fail', { summary: ['on aws:VpceOrgID', 'wants ["o-partnerorg2"]'] })
  })
  it('an owner-key statement for another principal does not decide', () => {
    const s = endpointPolicy(healthy(), {
      ...allowWhen({ StringEquals: { 'aws:VpceAccount': OWNER } }),
      Principal: { AWS: `arn:aws:iam::${OWNER}:root` },
    })
    // The endpoint policy denies (nothing allows the caller), but not on an owner key.
    expect(run(s).status).toBe('pass')
  })
  it('an owner-key statement for another action or resource does not decide', () => {
    const other = endpointPolicy(healthy(), {
      ...allowWhen({ StringEquals: { 'aws:VpceAccount': OWNER } }),
      Action: 'execute-api:ManageConnections',
    })
    expect(run(other).status).toBe('pass')
    const res = endpointPolicy(healthy(), {
      ...allowWhen({ StringEquals: { 'aws:VpceAccount': OWNER } }),
      Resource: 'arn:aws:execute-api:us-east-1:222222222222:zzzzzzzzzz/*',
    })
    expect(run(res).status).toBe('pass')
  })
  it('the wanted value is shown resolved when the statement uses a policy variable', () => {
    const s = healthy()
    val(s.network.endpoints)[0]!.policy = {
      Version: '2012-10-17',
      Statement: [allowWhen({ StringEquals: { 'aws:VpceAccount': '${aws:PrincipalAccount}x' } })],
    } as never
    const f = run(s)
    expectFinding(f, 'fail', { summary: [`wants ["${A}x"]`] })
  })
  it('the carried value: several paths as a list', () => {
    const s = ownerOrg(
      endpointPolicy(healthy(), allowWhen({ 'ForAnyValue:StringLike': { 'aws:VpceOrgPaths': 'o-other/*' } })),
      [ORG_PATH, 'o-exampleorg1/r-ab12/ou-ab12-other/'],
    )
    const f = run(s)
    expectFinding(f, 'fail', {
      summary: [`carries ${JSON.stringify([ORG_PATH, 'o-exampleorg1/r-ab12/ou-ab12-other/'])}`],
    })
  })
  it('the carried value absent (the owner is in no organization): "(unknown)"', () => {
    const s = healthy()
    s.caller.organizationId = ok(null)
    endpointPolicy(s, allowWhen({ StringEquals: { 'aws:VpceOrgID': 'o-exampleorg1' } }))
    const f = run(s)
    expectFinding(f, 'fail', { summary: ['carries (unknown)'] })
  })
  it("an identity policy's owner-key Allow fails: the identity check's fix", () => {
    const s = healthy()
    const doc = structuredClone(IDENTITY_POLICY.document) as { Statement: Record<string, unknown>[] }
    doc.Statement[0]!.Condition = { StringEquals: { 'aws:VpceAccount': OWNER } }
    s.caller.identityPolicies = ok([{ name: IDENTITY_POLICY.name, document: doc }]) as never
    const f = run(s)
    expectFinding(f, 'fail', {
      summary: [`identity policy ${IDENTITY_POLICY.name} does not allow`, 'aws:VpceAccount'],
      resource: `identity policy ${IDENTITY_POLICY.name} Statement[0] (InvokeOrders)`,
    })
    expect(f.fix).not.toContain('# no AWS API change')
  })

  it('aws:VpceOrgPaths not established: unknown naming the statement and ListParents', () => {
    const s = resourceStatement(
      healthy(),
      denyWhen({ 'ForAllValues:StringNotLike': { 'aws:VpceOrgPaths': `${ORG_PATH}*` } }, 'OnlyNetworkingOu'),
    )
    const f = run(s)
    expectFinding(f, 'unknown', {
      summary: ['resource policy (OnlyNetworkingOu) tests aws:VpceOrgPaths', "endpoint's owner"],
      evidence: ['resource policy Statement[2] (OnlyNetworkingOu) tests it', 'aws:VpceOrgPaths: unknown'],
    })
    expect(f.missing).toEqual([
      "organizations:ListParents in the management account (the endpoint owner's OU path)",
    ])
  })
  it('an unknown key in a statement without a Sid: no parentheses', () => {
    const s = resourceStatement(
      healthy(),
      denyWhen({ 'ForAllValues:StringNotLike': { 'aws:VpceOrgPaths': 'x/*' } }),
    )
    const f = run(s)
    expectFinding(f, 'unknown')
    expect(f.summary).toMatch(/^resource policy tests aws:VpceOrgPaths/)
  })
  it('key names are case-insensitive', () => {
    const s = resourceStatement(
      healthy(),
      denyWhen({ 'ForAllValues:StringNotLike': { 'aws:vpceorgpaths': 'x/*' } }),
    )
    const f = run(s)
    expectFinding(f, 'unknown', { summary: ['aws:vpceorgpaths'] })
  })
  it('an unknown key in a statement for another principal: not unknown', () => {
    const s = resourceStatement(healthy(), {
      ...denyWhen({ 'ForAllValues:StringNotLike': { 'aws:VpceOrgPaths': 'x/*' } }),
      Principal: { AWS: `arn:aws:iam::${OWNER}:root` },
    })
    expect(run(s).status).toBe('pass')
  })
  it('an unknown key in a statement for another action or resource: not unknown', () => {
    const act = resourceStatement(healthy(), {
      ...denyWhen({ 'ForAllValues:StringNotLike': { 'aws:VpceOrgPaths': 'x/*' } }),
      Action: 'execute-api:ManageConnections',
    })
    expect(run(act).status).toBe('pass')
    const res = resourceStatement(healthy(), {
      ...denyWhen({ 'ForAllValues:StringNotLike': { 'aws:VpceOrgPaths': 'x/*' } }),
      Resource: 'arn:aws:execute-api:us-east-1:222222222222:zzzzzzzzzz/*',
    })
    expect(run(res).status).toBe('pass')
  })
  it('key names in capitals are matched too', () => {
    const s = resourceStatement(
      healthy(),
      denyWhen({ 'ForAllValues:StringNotLike': { 'AWS:VPCEORGPATHS': 'x/*' } }),
    )
    expectFinding(run(s), 'unknown', { summary: ['AWS:VPCEORGPATHS'] })
  })
  it('a Deny on another key in a layer that tests an owner key elsewhere: not blamed on the owner key', () => {
    const s = resourceStatement(healthy(), denyWhen({ StringNotEquals: { 'aws:VpceAccount': A } }))
    resourceStatement(s, denyWhen({ StringEquals: { 'aws:SourceVpce': VPCE } }))
    expectFinding(run(s), 'pass')
  })
  it('an unknown owner key next to a known one in the same statement: the unknown one is named', () => {
    const s = resourceStatement(
      healthy(),
      denyWhen({
        StringEquals: { 'aws:VpceAccount': OWNER },
        'ForAllValues:StringNotLike': { 'aws:VpceOrgPaths': 'x/*' },
      }),
    )
    const f = run(s)
    expectFinding(f, 'unknown', { summary: ['tests aws:VpceOrgPaths'] })
  })
  it("the endpoint's owner another account: aws:VpceOrgID unknown, named with DescribeOrganization as the owner", () => {
    const s = healthy()
    val(s.network.endpoints)[0]!.ownerId = OWNER
    endpointPolicy(s, allowWhen({ StringEquals: { 'aws:VpceOrgID': 'o-exampleorg1' } }, 'OrgOnly'))
    const f = run(s)
    expectFinding(f, 'unknown', { summary: [`${EP_LABEL} (OrgOnly) tests aws:VpceOrgID`] })
    expect(f.missing![0]).toMatch(/organizations:DescribeOrganization as the endpoint owner's account/)
  })

  it('another key of the statement unknown (the organization not read) is not an owner key: not unknown', () => {
    const s = healthy()
    s.caller.organizationId = denied('organizations:DescribeOrganization')
    endpointPolicy(
      s,
      allowWhen({ StringEquals: { 'aws:VpceAccount': A, 'aws:PrincipalOrgID': 'o-exampleorg1' } }),
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
    )
    expect(run(s).status).toBe('pass')
  })
  it('a Deny matching on an owner key and another key: blamed on the owner key', () => {
    const s = resourceStatement(
      healthy(),
      denyWhen({ StringEquals: { 'aws:VpceAccount': A, 'aws:SourceVpce': VPCE } }),
    )
    expectFinding(run(s), 'fail', { summary: ['denies the call on aws:VpceAccount'] })
  })
  it("a Lambda authorizer policy's owner key: no check owns that policy, the fix says what to put in the statement", () => {
    const s = healthy()
    for (const r of val(s.api.resources)) if (r.path === '/items') r.methods.GET!.authorizationType = 'CUSTOM'
    s.signing.authorization = 'other'
    s.supplied.authorizerPolicy = {
      name: 'auth.json',
      document: policyOf({
        Effect: 'Allow',
        Action: 'execute-api:Invoke',
        Resource: '*',
        Condition: { StringEquals: { 'aws:VpceAccount': OWNER } },
      }),
    }
    const f = run(s)
    expectFinding(f, 'fail', {
      summary: ['Lambda authorizer policy does not allow', 'aws:VpceAccount'],
      fix: ['# no AWS API change', 'in the statement'],
      resource: 'Lambda authorizer policy Statement[0]',
    })
  })
})
