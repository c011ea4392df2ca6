/**
 * The checks that read policies (hops 4, 6 and 7): endpoint policy, resource policy, identity
 * policies, boundary, SCPs, and the private custom domain's policies. Findings name the policy,
 * the statement (index and Sid) and the ids a corrected policy must contain.
 */
import { describe, expect, it } from 'vitest'
import { apigwEndpointTypePrivate } from '../../../src/doctor/checks/apigw-endpoint-type-private.js'
import { apigwExecuteApiEndpoint } from '../../../src/doctor/checks/apigw-execute-api-endpoint.js'
import { apigwPolicyDeployed } from '../../../src/doctor/checks/apigw-policy-deployed.js'
import { apigwResourcePolicyAllows } from '../../../src/doctor/checks/apigw-resource-policy-allows.js'
import { apigwResourcePolicyPresent } from '../../../src/doctor/checks/apigw-resource-policy-present.js'
import { apigwResourcePolicyPrincipalAuth } from '../../../src/doctor/checks/apigw-resource-policy-principal-auth.js'
import { domainAccessAssociation } from '../../../src/doctor/checks/domain-access-association.js'
import { domainBasePathMapping } from '../../../src/doctor/checks/domain-base-path-mapping.js'
import { domainManagementPolicy } from '../../../src/doctor/checks/domain-management-policy.js'
import { domainPolicyAllows } from '../../../src/doctor/checks/domain-policy-allows.js'
import { iamIdentityAllows } from '../../../src/doctor/checks/iam-identity-allows.js'
import { iamMethodAuthType } from '../../../src/doctor/checks/iam-method-auth-type.js'
import { iamPermissionsBoundary } from '../../../src/doctor/checks/iam-permissions-boundary.js'
import { iamScp } from '../../../src/doctor/checks/iam-scp.js'
import { vpcePolicyAllows } from '../../../src/doctor/checks/vpce-policy-allows.js'
import { vpcePolicyIdentityRule } from '../../../src/doctor/checks/vpce-policy-identity-rule.js'
import type { DoctorSnapshot, PolicyFacts } from '../../../src/doctor/snapshot.js'
import {
  A,
  API,
  API_ARN,
  DOMAIN,
  DOMAIN_ARN,
  HOST,
  REGION,
  ROLE_ARN,
  VPCE,
  denied,
  healthy,
  healthyCustomDomain,
  ok,
  val,
  type Draft,
  setResourcePolicy,
  type PolicyDoc,
  policyOf,
  B,
  invoke,
} from '../builders.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

const method = (s: Draft<DoctorSnapshot>) => val(s.api.resources).find(r => r.path === '/items')!.methods.GET!
const setAuth = (s: Draft<DoctorSnapshot>, authorizationType: string) => {
  method(s).authorizationType = authorizationType
  return s
}
const resourcePolicy = setResourcePolicy
const allowAll = (extra: Record<string, unknown>[] = []) => ({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: `${API_ARN}/*` },
    ...extra,
  ],
})
const endpointPolicy = (s: Draft<DoctorSnapshot>, policy: PolicyDoc | undefined) => {
  val(s.network.endpoints)[0]!.policy = policy
  return s
}
const withPath = (s: Draft<DoctorSnapshot>, path: string) => {
  s.target.url = `https://${HOST}/prod${path}`
  s.target.urlPath = `/prod${path}`
  s.target.resourcePath = path
  return s
}

describe('apigw.endpoint-type-private and apigw.execute-api-endpoint', () => {
  it('PRIVATE: pass; REGIONAL: fail; the fix replaces that type', () => {
    expectFinding(runCheck(apigwEndpointTypePrivate, healthy()), 'pass', { summary: [API] })
    const s = healthy()
    val(s.api.restApi).endpointTypes = ['EDGE']
    expectFinding(runCheck(apigwEndpointTypePrivate, s), 'fail', {
      summary: [API, 'EDGE'],
      fix: [
        `--rest-api-id ${API}`,
        '"path":"/endpointConfiguration/types/EDGE","value":"PRIVATE"',
        'create-deployment',
        REGION,
      ],
      resource: API,
      evidence: ['EDGE'],
    })
  })
  it('no type, or the API unreadable: unknown', () => {
    const s = healthy()
    val(s.api.restApi).endpointTypes = []
    expectFinding(runCheck(apigwEndpointTypePrivate, s), 'unknown', { summary: [API] })
    const t = healthy()
    t.api.restApi = denied('apigateway:GET')
    expectFinding(runCheck(apigwEndpointTypePrivate, t), 'unknown', { summary: [API] })
    expectFinding(runCheck(apigwExecuteApiEndpoint, t), 'unknown', { summary: [API] })
  })
  it('execute-api endpoint on: pass; off: fail naming the API; a custom domain: skipped', () => {
    expectFinding(runCheck(apigwExecuteApiEndpoint, healthy()), 'pass', { summary: [API] })
    const s = healthy()
    val(s.api.restApi).disableExecuteApiEndpoint = true
    expectFinding(runCheck(apigwExecuteApiEndpoint, s), 'fail', {
      summary: [API],
      fix: [`--rest-api-id ${API}`, REGION],
      resource: API,
    })
    expect(runCheck(apigwExecuteApiEndpoint, healthyCustomDomain()).status).toBe('skipped')
  })
})

describe('apigw.resource-policy-present', () => {
  it('present: pass; absent on a PRIVATE API: fail with a policy for the caller account and the endpoint', () => {
    expectFinding(runCheck(apigwResourcePolicyPresent, healthy()), 'pass')
    const s = resourcePolicy(healthy(), undefined)
    const f = runCheck(apigwResourcePolicyPresent, s)
    expectFinding(f, 'fail', {
      summary: [API],
      fix: [`arn:aws:iam::${A}:root`, VPCE, `--rest-api-id ${API}`, '--stage-name prod'],
      resource: API,
    })
  })
  it('absent on a REGIONAL API: skipped; supplied in a file: pass naming the file', () => {
    const s = resourcePolicy(healthy(), undefined)
    val(s.api.restApi).endpointTypes = ['REGIONAL']
    expectFinding(runCheck(apigwResourcePolicyPresent, s), 'skipped', { summary: [API] })
    const t = healthy()
    t.supplied.resourcePolicy = { name: 'rp.json', document: allowAll() }
    expectFinding(runCheck(apigwResourcePolicyPresent, t), 'pass', { summary: ['rp.json'] })
  })
  it('caller principal unknown: the policy allows "*"; API unreadable: unknown', () => {
    const s = resourcePolicy(healthy(), undefined)
    s.caller.principal = denied('sts:GetCallerIdentity')
    s.caller.identity = denied('sts:GetCallerIdentity')
    expect(runCheck(apigwResourcePolicyPresent, s).fix).toContain('\\"Principal\\":\\"*\\"')
    const t = healthy()
    t.api.restApi = denied('apigateway:GET')
    expectFinding(runCheck(apigwResourcePolicyPresent, t), 'unknown')
  })
})

describe('apigw.resource-policy-allows, the facts of each branch', () => {
  /** Caller and API in account A (Table A): the identity policy can allow on its own. */
  const sameAccount = (identityAllows: boolean) => {
    const s = healthy()
    s.api.identity = ok({ account: A, arn: `arn:aws:sts::${A}:assumed-role/x/y` })
    s.caller.identityPolicies = ok([
      {
        name: 'all-apis',
        document: policyOf({
          Effect: 'Allow',
          Action: 'execute-api:Invoke',
          Resource: identityAllows ? '*' : 'arn:aws:execute-api:*:*:other/*',
        }),
      },
    ])
    setResourcePolicy(
      s,
      policyOf(
        invoke('Deny', '*', {
          Resource: `arn:aws:execute-api:${REGION}:${A}:${API}/*`,
          Condition: { StringNotEquals: { 'aws:SourceVpce': VPCE } },
        }),
      ),
    )
    return s
  }
  it('unreadable: unknown saying what was denied', () => {
    const t = healthy()
    t.api.restApi = denied('apigateway:GET')
    const f = runCheck(apigwResourcePolicyAllows, t)
    expectFinding(f, 'unknown', { summary: ['could not read the resource policy', 'apigateway:GET'] })
    expect(f.missing).toContain('apigateway:GET')
  })
  it('not JSON: unknown saying it could not be parsed', () => {
    const f = runCheck(apigwResourcePolicyAllows, setResourcePolicy(healthy(), '{not json'))
    expectFinding(f, 'unknown', { summary: ['could not be parsed'] })
    expect(f.missing).toEqual([])
  })
  it('Table A, the identity policy allows: pass saying the resource policy does not allow on its own', () => {
    const f = runCheck(apigwResourcePolicyAllows, sameAccount(true))
    expectFinding(f, 'pass', {
      summary: ['does not allow on its own', 'Table A'],
      evidence: ['Table A', `policy: GetRestApi ${API}`],
    })
  })
  it('Table A, nothing allows: fail naming the request; the resource is the policy without a statement', () => {
    const f = runCheck(apigwResourcePolicyAllows, sameAccount(false))
    expectFinding(f, 'fail', {
      summary: ['no statement', `arn:aws:execute-api:${REGION}:${A}:${API}/prod/GET/items`],
      fix: [
        `update-rest-api --rest-api-id ${API}`,
        `create-deployment --rest-api-id ${API} --stage-name prod`,
      ],
      evidence: ['the client sees 403 AccessDeniedException', `policy: GetRestApi ${API}`],
      resource: `${API} resource policy`,
    })
    expect(evidenceText(f)).not.toContain('explicit deny')
  })
  it('a policy given with --resource-policy: the evidence names the file; an explicit deny reaches the client as such', () => {
    const s = healthy()
    s.supplied.resourcePolicy = { name: 'rp.json', document: policyOf(invoke('Deny', '*')) }
    const f = runCheck(apigwResourcePolicyAllows, s)
    expectFinding(f, 'fail', {
      summary: ['rp.json', 'Statement[0]'],
      fix: ['# the corrected policy exempts', ROLE_ARN],
      evidence: ['policy: --resource-policy rp.json', 'with an explicit deny'],
      resource: `${API} resource policy Statement[0]`,
    })
  })
  it('the method unreadable: the evidence says which type was assumed; a read method says nothing of it', () => {
    const s = healthy()
    s.api.resources = denied('apigateway:GET')
    const f = runCheck(apigwResourcePolicyAllows, s)
    expectFinding(f, 'pass', { evidence: ['the method could not be read: evaluated as AWS_IAM'] })
    expect(evidenceText(runCheck(apigwResourcePolicyAllows, healthy()))).not.toContain('could not be read')
  })
})

describe('apigw.resource-policy-allows', () => {
  it('allows: pass, the evidence names the request and the allowing statement', () => {
    const f = runCheck(apigwResourcePolicyAllows, healthy())
    expectFinding(f, 'pass', { evidence: [`${API_ARN}/prod/GET/items`, 'Statement[0] (AllowCallerAccount)'] })
    expect(f.evidence.some(e => e.statement?.index === 0 && e.statement.sid === 'AllowCallerAccount')).toBe(
      true,
    )
  })
  it('a Deny on the SourceVpce: fail naming the statement; the fix adds the endpoint to it', () => {
    const s = healthy()
    const p = val(s.api.restApi).policy as { Statement: Array<{ Condition?: unknown }> }
    p.Statement[1]!.Condition = { StringNotEquals: { 'aws:SourceVpce': 'vpce-00000000000000009' } }
    const f = runCheck(apigwResourcePolicyAllows, s)
    expectFinding(f, 'fail', {
      summary: ['Statement[1]', 'DenyOutsideEndpoint', VPCE],
      fix: [VPCE, 'vpce-00000000000000009', `--rest-api-id ${API}`],
      resource: `${API} resource policy Statement[1] (DenyOutsideEndpoint)`,
      evidence: ['explicit deny'],
    })
  })
  it('a route that does not exist: skipped; no policy: skipped; unreadable: unknown', () => {
    expectFinding(runCheck(apigwResourcePolicyAllows, withPath(healthy(), '/orders')), 'skipped')
    expectFinding(runCheck(apigwResourcePolicyAllows, resourcePolicy(healthy(), undefined)), 'skipped')
    const t = healthy()
    t.api.restApi = denied('apigateway:GET')
    expectFinding(runCheck(apigwResourcePolicyAllows, t), 'unknown')
  })
  it('not JSON: unknown (cannot be parsed)', () => {
    expectFinding(runCheck(apigwResourcePolicyAllows, resourcePolicy(healthy(), '{not json')), 'unknown')
  })
  it('same account, no Allow in the resource policy, the identity policy allows: pass (Table A)', () => {
    const s = healthy()
    s.api.identity = ok({ account: A, arn: `arn:aws:sts::${A}:assumed-role/x/y` })
    s.target.url = s.target.url.replace('222222222222', A)
    resourcePolicy(s, {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: `arn:aws:execute-api:${REGION}:${A}:${API}/*`,
          Condition: { StringNotEquals: { 'aws:SourceVpce': VPCE } },
        },
      ],
    })
    const f = runCheck(apigwResourcePolicyAllows, s)
    expect(['pass', 'fail']).toContain(f.status)
  })
})

describe('apigw.resource-policy-principal-auth', () => {
  it('AWS_IAM: pass', () =>
    expectFinding(runCheck(apigwResourcePolicyPrincipalAuth, healthy()), 'pass', { summary: ['AWS_IAM'] }))
  it('NONE and a policy naming principals: fail naming the statement and principal; the fix names the endpoint', () => {
    const f = runCheck(apigwResourcePolicyPrincipalAuth, setAuth(healthy(), 'NONE'))
    expectFinding(f, 'fail', {
      summary: ['NONE', 'Statement[0]', 'AllowCallerAccount', `arn:aws:iam::${A}:root`],
      fix: [VPCE],
      resource: `${API} resource policy Statement[0] (AllowCallerAccount)`,
    })
    expect(f.evidence[0]!.statement).toMatchObject({ index: 0, sid: 'AllowCallerAccount', effect: 'Allow' })
  })
  it('NONE and a policy that allows "*": pass naming the type', () => {
    const s = resourcePolicy(setAuth(healthy(), 'NONE'), allowAll())
    expectFinding(runCheck(apigwResourcePolicyPrincipalAuth, s), 'pass', { summary: ['NONE'] })
  })
  it('no policy, unreadable, unparsable, no method: skipped or unknown', () => {
    expect(runCheck(apigwResourcePolicyPrincipalAuth, resourcePolicy(healthy(), undefined)).status).toBe(
      'skipped',
    )
    expect(runCheck(apigwResourcePolicyPrincipalAuth, withPath(healthy(), '/orders')).status).toBe('skipped')
    const t = healthy()
    t.api.restApi = denied('apigateway:GET')
    expectFinding(runCheck(apigwResourcePolicyPrincipalAuth, t), 'unknown')
  })
})

describe('apigw.resource-policy-principal-auth, the facts of each branch', () => {
  const ROLE_B = `arn:aws:iam::${A}:role/b`
  it('the fix: sign with AWS_IAM, or allow anonymous callers through the endpoint on this method, then redeploy', () => {
    const f = runCheck(apigwResourcePolicyPrincipalAuth, setAuth(healthy(), 'NONE'))
    expectFinding(f, 'fail', {
      summary: ['anonymous', '403'],
      fix: [
        '# either switch the method to AWS_IAM and sign the calls:',
        `# or allow anonymous callers that come through ${VPCE} in the resource policy:`,
        `update-rest-api --rest-api-id ${API}`,
        '\\"Principal\\":\\"*\\"',
        `\\"aws:SourceVpce\\":\\"${VPCE}\\"`,
        `${API_ARN}/prod/GET/items`,
        `create-deployment --rest-api-id ${API} --stage-name prod`,
      ],
    })
  })
  it('every Allow naming principals is evidence; Deny statements and "*" principals are not', () => {
    const s = setResourcePolicy(
      setAuth(healthy(), 'NONE'),
      policyOf(
        invoke(
          'Deny',
          { AWS: ROLE_B },
          { Sid: 'DenyB', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        ),
        invoke(
          'Allow',
          { AWS: '*' },
          { Sid: 'AnyAws', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-00000000000000009' } } },
        ),
        invoke('Allow', { AWS: [ROLE_ARN, ROLE_B] }, { Sid: 'Two' }),
        invoke('Allow', { AWS: ROLE_B }),
      ),
    )
    const f = runCheck(apigwResourcePolicyPrincipalAuth, s)
    expectFinding(f, 'fail', {
      summary: ['Statement[2]', 'Two', `${ROLE_ARN}, ${ROLE_B}`],
      resource: `${API} resource policy Statement[2] (Two)`,
      evidence: [
        `Statement[2] (Two) Principal AWS: ${ROLE_ARN}, ${ROLE_B}`,
        `Statement[3] Principal AWS: ${ROLE_B}`,
      ],
    })
    expect(f.evidence.map(e => e.statement?.index)).toEqual([2, 3])
    expect(f.evidence[1]!.statement).not.toHaveProperty('sid')
    expect(f.evidence[0]!.statement).toMatchObject({ policy: 'resource policy', sid: 'Two', effect: 'Allow' })
  })
  it('a policy that lets anonymous callers in anyway: pass, though another statement names principals', () => {
    const s = setResourcePolicy(setAuth(healthy(), 'NONE'), allowAll([invoke('Allow', { AWS: ROLE_B })]))
    expectFinding(runCheck(apigwResourcePolicyPrincipalAuth, s), 'pass', {
      summary: ['NONE', 'does not depend'],
    })
  })
  it('no policy: skipped saying so; unreadable: unknown with the permission; method unreadable: unknown', () => {
    expectFinding(
      runCheck(apigwResourcePolicyPrincipalAuth, setResourcePolicy(setAuth(healthy(), 'NONE'), undefined)),
      'skipped',
      {
        summary: ['no resource policy'],
      },
    )
    const t = healthy()
    t.api.restApi = denied('apigateway:GET')
    const f = runCheck(apigwResourcePolicyPrincipalAuth, t)
    expectFinding(f, 'unknown', { summary: ['could not read the resource policy'] })
    expect(f.missing).toContain('apigateway:GET')
    const u = healthy()
    u.api.resources = denied('apigateway:GET')
    expectFinding(runCheck(apigwResourcePolicyPrincipalAuth, u), 'unknown', {
      summary: ['authorization type'],
    })
    expectFinding(runCheck(apigwResourcePolicyPrincipalAuth, withPath(healthy(), '/orders')), 'skipped', {
      summary: ['route does not exist', 'hop 8'],
    })
  })
})

describe('apigw.policy-deployed', () => {
  const changedAt = (s: Draft<DoctorSnapshot>, eventTime: string) => {
    s.api.policyChanges = ok({
      lastChange: { eventTime, eventName: 'UpdateRestApi', user: 'ops', eventId: 'ev-1' },
      since: '2024-10-17T12:00:00.000Z',
    })
    return s
  }
  it('changed before the deployment: pass naming both times', () => {
    expectFinding(runCheck(apigwPolicyDeployed, healthy()), 'pass', {
      summary: ['2025-01-09T16:00:00.000Z', '2025-01-10T10:00:00.000Z'],
    })
  })
  it('changed exactly at the deployment: deployed (pass)', () => {
    expect(runCheck(apigwPolicyDeployed, changedAt(healthy(), '2025-01-10T10:00:00.000Z')).status).toBe(
      'pass',
    )
  })
  it('changed after, the current policy allows: fail naming stage and times; the fix redeploys that stage', () => {
    const f = runCheck(apigwPolicyDeployed, changedAt(healthy(), '2025-01-10T10:00:01.000Z'))
    expectFinding(f, 'fail', {
      summary: ['2025-01-10T10:00:01.000Z', 'prod'],
      fix: [`--rest-api-id ${API}`, '--stage-name prod', REGION],
      resource: `${API}/prod`,
      evidence: ['UpdateRestApi', 'ops', 'ev-1', 'dep0000001'],
    })
  })
  it('no change recorded: pass naming since when; unreadable trail or deployment: unknown; supplied policy: skipped', () => {
    const s = healthy()
    s.api.policyChanges = ok({ since: '2024-10-17T12:00:00.000Z' })
    expectFinding(runCheck(apigwPolicyDeployed, s), 'pass', { summary: ['2024-10-17T12:00:00.000Z'] })
    const t = healthy()
    t.api.policyChanges = denied('cloudtrail:LookupEvents')
    expect(runCheck(apigwPolicyDeployed, t).missing).toContain('cloudtrail:LookupEvents')
    const u = changedAt(healthy(), '2025-01-14T00:00:00.000Z')
    delete (val(u.api.deployment) as { createdDate?: string }).createdDate
    expectFinding(runCheck(apigwPolicyDeployed, u), 'unknown')
    const w = healthy()
    w.supplied.resourcePolicy = { name: 'rp.json', document: allowAll() }
    expect(runCheck(apigwPolicyDeployed, w).status).toBe('skipped')
  })
})

describe('vpce.policy-allows and vpce.policy-identity-rule', () => {
  const customAllow = {
    Statement: [
      {
        Sid: 'ThisApi',
        Effect: 'Allow',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: `${API_ARN}/*`,
      },
    ],
  }
  it('default policy: both pass naming the endpoint', () => {
    const s = endpointPolicy(healthy(), undefined)
    expectFinding(runCheck(vpcePolicyAllows, s), 'pass', { summary: [VPCE] })
    expectFinding(runCheck(vpcePolicyIdentityRule, s), 'pass')
  })
  it('a custom policy that allows: pass with the statement as evidence', () => {
    const f = runCheck(vpcePolicyAllows, endpointPolicy(healthy(), customAllow))
    expectFinding(f, 'pass', { evidence: ['Statement[0]'] })
  })
  it('a policy that allows another API only: fail naming the endpoint and statement; the fix modifies that endpoint', () => {
    const s = endpointPolicy(healthy(), {
      Statement: [
        {
          Sid: 'Other',
          Effect: 'Allow',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: `arn:aws:execute-api:${REGION}:222222222222:zzzzzzzzzz/*`,
        },
      ],
    })
    const f = runCheck(vpcePolicyAllows, s)
    expectFinding(f, 'fail', {
      summary: [VPCE, 'Statement[0]'],
      fix: [`--vpc-endpoint-id ${VPCE}`, REGION],
      resource: `${VPCE} endpoint policy Statement[0] (Other)`,
    })
  })
  it('identity rule: a named principal on a NONE method fails naming the caller and the endpoint', () => {
    const s = endpointPolicy(setAuth(resourcePolicy(healthy(), allowAll()), 'NONE'), {
      Statement: [
        {
          Sid: 'OnlyCaller',
          Effect: 'Allow',
          Principal: { AWS: ROLE_ARN },
          Action: 'execute-api:Invoke',
          Resource: '*',
        },
      ],
    })
    s.signing.authorization = 'none'
    const f = runCheck(vpcePolicyIdentityRule, s)
    expectFinding(f, 'fail', { summary: ['NONE'], fix: [VPCE, REGION], resource: VPCE })
    expect(f.evidence[0]!.statement).toMatchObject({ index: 0, sid: 'OnlyCaller' })
  })
  it('identity rule: AWS_IAM passes; a NONE method with an open policy passes', () => {
    expectFinding(runCheck(vpcePolicyIdentityRule, endpointPolicy(healthy(), customAllow)), 'pass', {
      summary: ['AWS_IAM'],
    })
    const s = endpointPolicy(setAuth(resourcePolicy(healthy(), allowAll()), 'NONE'), customAllow)
    s.signing.authorization = 'none'
    expectFinding(runCheck(vpcePolicyIdentityRule, s), 'pass', { summary: ['NONE'] })
  })
  it('endpoint unreadable: unknown for both', () => {
    const s = healthy()
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    expectFinding(runCheck(vpcePolicyAllows, s), 'unknown')
    expectFinding(runCheck(vpcePolicyIdentityRule, s), 'unknown')
  })
})

describe('iam checks', () => {
  it('method auth type: AWS_IAM and NONE passes name the route; no route: skipped', () => {
    expectFinding(runCheck(iamMethodAuthType, healthy()), 'pass', { summary: ['GET /items', 'AWS_IAM'] })
    expectFinding(runCheck(iamMethodAuthType, setAuth(healthy(), 'NONE')), 'pass', { summary: ['NONE'] })
    expect(runCheck(iamMethodAuthType, withPath(healthy(), '/orders')).status).toBe('skipped')
  })
  it('identity allows: pass naming the policy; not AWS_IAM: skipped', () => {
    expectFinding(runCheck(iamIdentityAllows, healthy()), 'pass', { summary: ['invoke-orders-api'] })
    expectFinding(runCheck(iamIdentityAllows, setAuth(healthy(), 'NONE')), 'skipped', { summary: ['NONE'] })
  })
  it('no identity policy allows: fail naming the caller and the method ARN; the fix puts a policy on the role', () => {
    const s = healthy()
    s.caller.identityPolicies = ok([])
    const f = runCheck(iamIdentityAllows, s)
    expectFinding(f, 'fail', {
      summary: [`${API_ARN}/prod/GET/items`],
      fix: ['--role-name orders-caller', `invoke-${API}`, `${API_ARN}/prod/GET/items`],
      resource: ROLE_ARN,
    })
  })
  it('identity policies unreadable: unknown', () => {
    const s = healthy()
    s.caller.identityPolicies = denied('iam:ListRolePolicies')
    expectFinding(runCheck(iamIdentityAllows, s), 'unknown')
  })
  it('boundary: none passes; one without Invoke fails naming its ARN', () => {
    expectFinding(runCheck(iamPermissionsBoundary, healthy()), 'pass')
    const s = healthy()
    const arn = `arn:aws:iam::${A}:policy/b`
    ;(val(s.caller.role) as { permissionsBoundaryArn?: string }).permissionsBoundaryArn = arn
    s.caller.permissionsBoundary = ok({
      name: arn,
      document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] },
    })
    expectFinding(runCheck(iamPermissionsBoundary, s), 'fail', {
      summary: [arn],
      fix: [arn, `${API_ARN}/prod/GET/items`],
      resource: arn,
    })
    expectFinding(runCheck(iamPermissionsBoundary, setAuth(s, 'NONE')), 'skipped', { summary: ['NONE'] })
  })
  describe('iam.permissions-boundary', () => {
    const BOUNDARY = `arn:aws:iam::${A}:policy/boundary`
    const withBoundary = (statements: Record<string, unknown>[] | string) => {
      const s = healthy()
      val(s.caller.role).permissionsBoundaryArn = BOUNDARY
      s.caller.permissionsBoundary = ok({
        name: BOUNDARY,
        document:
          typeof statements === 'string' ? statements : { Version: '2012-10-17', Statement: statements },
      })
      return s
    }
    it('a boundary that allows Invoke: pass naming it, with the allowing statement as evidence', () => {
      const f = runCheck(
        iamPermissionsBoundary,
        withBoundary([{ Sid: 'ApiOnly', Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }]),
      )
      expectFinding(f, 'pass', { summary: [BOUNDARY, 'execute-api:Invoke'] })
      expect(f.evidence.some(e => e.statement?.sid === 'ApiOnly')).toBe(true)
    })
    it('an explicit deny: fail saying "explicitly denies", naming the ARN and the statement', () => {
      const f = runCheck(
        iamPermissionsBoundary,
        withBoundary([
          { Effect: 'Allow', Action: '*', Resource: '*' },
          { Sid: 'NoApis', Effect: 'Deny', Action: 'execute-api:*', Resource: '*' },
        ]),
      )
      expectFinding(f, 'fail', {
        summary: [BOUNDARY, 'explicitly denies'],
        fix: [BOUNDARY],
        resource: BOUNDARY,
      })
      expect(f.summary).not.toContain('does not allow')
      expect(f.evidence.some(e => e.statement?.sid === 'NoApis')).toBe(true)
    })
    it('no Allow: fail saying "does not allow"; the fix is a new default version of that policy', () => {
      const f = runCheck(
        iamPermissionsBoundary,
        withBoundary([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]),
      )
      expectFinding(f, 'fail', {
        summary: ['does not allow'],
        fix: [
          `create-policy-version --policy-arn ${BOUNDARY} --set-as-default`,
          'LimitExceeded',
          'execute-api:Invoke',
        ],
      })
      expect(f.summary).not.toContain('explicitly')
    })
    it('the boundary unreadable: unknown naming the permission', () => {
      const s = healthy()
      s.caller.permissionsBoundary = denied('iam:GetPolicyVersion')
      const f = runCheck(iamPermissionsBoundary, s)
      expectFinding(f, 'unknown', { summary: ['permissions boundary'] })
      expect(f.missing).toContain('iam:GetPolicyVersion')
    })
    it('a boundary that is not JSON: unknown saying it could not be parsed', () => {
      const f = runCheck(iamPermissionsBoundary, withBoundary('{not json'))
      expectFinding(f, 'unknown', { summary: ['could not be parsed'] })
    })
    it('the route does not exist: skipped, pointing at hop 8', () => {
      const s = withBoundary([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }])
      s.target.resourcePath = '/nothing'
      expectFinding(runCheck(iamPermissionsBoundary, s), 'skipped', { summary: ['hop 8'] })
    })
  })
  describe('iam.scp, the facts of each branch', () => {
    const FULL = {
      name: 'FullAWSAccess',
      document: policyOf({ Effect: 'Allow', Action: '*', Resource: '*' }),
    }
    const withScps = (...scps: PolicyFacts[]) => {
      const s = healthy()
      s.caller.serviceControlPolicies = ok([...scps])
      return s
    }
    it('none apply: pass saying so; all allow: pass counting them', () => {
      expectFinding(runCheck(iamScp, withScps()), 'pass', { summary: ['no service control policies'] })
      expectFinding(runCheck(iamScp, withScps(FULL, FULL)), 'pass', { summary: ['the 2 SCP(s) allow'] })
    })
    it('a Deny-only SCP: fail; the corrected SCP in the fix also allows the call (an SCP allows nothing on its own)', () => {
      const f = runCheck(
        iamScp,
        withScps(FULL, {
          name: 'deny-only',
          document: policyOf({ Sid: 'NoApi', Effect: 'Deny', Action: 'execute-api:*', Resource: '*' }),
        }),
      )
      expectFinding(f, 'fail', {
        summary: ['deny-only', 'explicitly denies', "the caller's account"],
        fix: [
          "# in the organization's management account (or move the account to an OU without",
          'aws organizations update-policy --policy-id SCP_POLICY_ID --content',
          '"Effect":"Allow","Action":"execute-api:Invoke"',
          '# SCP_POLICY_ID: the id (p-xxxxxxxx)',
          'NoApi',
        ],
        resource: 'SCP deny-only',
      })
    })
    it('an SCP that allows other services only: fail saying "does not allow"; its own Allow is kept', () => {
      const f = runCheck(
        iamScp,
        withScps({ name: 's3-only', document: policyOf({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) }),
      )
      expectFinding(f, 'fail', {
        summary: ['s3-only', 'does not allow'],
        fix: ['s3:*', 'update-policy'],
        resource: 'SCP s3-only',
      })
      expect(f.summary).not.toContain('explicitly')
    })
    it('an SCP given with --scp that is not JSON: unknown saying it could not be parsed', () => {
      const s = healthy()
      s.supplied.serviceControlPolicies = [{ name: 'scp.json', document: '{oops' }]
      expectFinding(runCheck(iamScp, s), 'unknown', { summary: ['could not be parsed'] })
    })
    it('not IAM-authorized, or no route: skipped', () => {
      const s = withScps({
        name: 'deny-only',
        document: policyOf({ Effect: 'Deny', Action: '*', Resource: '*' }),
      })
      expectFinding(runCheck(iamScp, setAuth(s, 'NONE')), 'skipped', { summary: ['NONE'] })
      const t = withScps({
        name: 'deny-only',
        document: policyOf({ Effect: 'Deny', Action: '*', Resource: '*' }),
      })
      expectFinding(runCheck(iamScp, withPath(t, '/orders')), 'skipped', { summary: ['hop 8'] })
    })
  })
  it('SCPs: not read is skipped (normal for member accounts); a denying SCP fails naming it', () => {
    expectFinding(runCheck(iamScp, healthy()), 'skipped', { summary: ['--scp'] })
    const s = healthy()
    s.caller.serviceControlPolicies = ok([
      {
        name: 'FullAWSAccess',
        document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
      },
      {
        name: 'no-apigw',
        document: {
          Version: '2012-10-17',
          Statement: [{ Sid: 'D', Effect: 'Deny', Action: 'execute-api:*', Resource: '*' }],
        },
      },
    ])
    const f = runCheck(iamScp, s)
    expectFinding(f, 'fail', {
      summary: ['no-apigw', 'explicitly denies'],
      fix: ['no-apigw', 'update-policy', ROLE_ARN],
    })
    s.caller.serviceControlPolicies = ok([])
    expectFinding(runCheck(iamScp, s), 'pass')
  })
})

describe('private custom domain checks', () => {
  it('base path mapped: pass naming domain, path, API and stage; none matching: fail with the first path segment', () => {
    expectFinding(runCheck(domainBasePathMapping, healthyCustomDomain()), 'pass', {
      summary: [DOMAIN, 'orders', API, 'prod'],
      evidence: [`orders → ${API}/prod`],
    })
    const s = healthyCustomDomain()
    s.api.customDomain!.basePathMappings = ok([{ basePath: 'billing', restApiId: API, stage: 'prod' }])
    expectFinding(runCheck(domainBasePathMapping, s), 'fail', {
      summary: [DOMAIN, '/orders/items'],
      fix: [DOMAIN, 'abcd1234', '--base-path orders', `--rest-api-id ${API}`],
      resource: DOMAIN,
    })
    expect(runCheck(domainBasePathMapping, healthy()).status).toBe('skipped')
  })
  it('access association present: pass; absent: fail naming endpoint and domain ARN; lists unreadable: unknown', () => {
    expectFinding(runCheck(domainAccessAssociation, healthyCustomDomain()), 'pass', {
      summary: [VPCE, DOMAIN_ARN],
    })
    const s = healthyCustomDomain()
    s.api.customDomain!.consumerAssociations = ok([])
    expectFinding(runCheck(domainAccessAssociation, s), 'fail', {
      summary: [VPCE, DOMAIN],
      fix: [DOMAIN_ARN, `--access-association-source ${VPCE}`, REGION],
      resource: DOMAIN,
    })
    s.api.customDomain!.consumerAssociations = denied('apigateway:GET')
    s.api.customDomain!.providerAssociations = denied('apigateway:GET')
    expectFinding(runCheck(domainAccessAssociation, s), 'unknown')
  })
  it('management policy: skipped in one account or when associated; unreadable domain: unknown', () => {
    expect(runCheck(domainManagementPolicy, healthyCustomDomain()).status).toBe('pass')
    const s = healthyCustomDomain()
    s.api.customDomain!.consumerAssociations = ok([])
    s.api.customDomain!.domain = denied('apigateway:GET')
    expectFinding(runCheck(domainManagementPolicy, s), 'unknown', { summary: [DOMAIN] })
    expect(runCheck(domainManagementPolicy, healthy()).status).toBe('skipped')
  })
  it('management policy that allows the caller account: pass naming it', () => {
    const s = healthyCustomDomain()
    s.api.customDomain!.consumerAssociations = ok([])
    expectFinding(runCheck(domainManagementPolicy, s), 'pass', { summary: [A] })
  })
  describe('domain.management-policy, cross-account without an association', () => {
    const unassociated = () => {
      const s = healthyCustomDomain()
      s.api.customDomain!.consumerAssociations = ok([])
      return s
    }
    const domainOf = (s: Draft<DoctorSnapshot>) =>
      val(s.api.customDomain!.domain) as unknown as { managementPolicy?: unknown; domainNameArn?: string }
    it('caller and domain in one account: skipped', () => {
      const s = unassociated()
      val(s.caller.principal).account = B
      expectFinding(runCheck(domainManagementPolicy, s), 'skipped', { summary: ['same account'] })
    })
    it('a managementPolicy that names another account: fail naming the domain and the caller account; the fix adds it', () => {
      const s = unassociated()
      domainOf(s).managementPolicy = policyOf({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::333333333333:root' },
        Action: 'apigateway:CreateAccessAssociation',
        Resource: DOMAIN_ARN,
      })
      const f = runCheck(domainManagementPolicy, s)
      expectFinding(f, 'fail', {
        summary: [DOMAIN, A],
        fix: ['update-domain-name', DOMAIN, 'abcd1234', `arn:aws:iam::${A}:root`, '333333333333', REGION],
        resource: DOMAIN,
      })
    })
    it('no managementPolicy at all: fail saying so', () => {
      const s = unassociated()
      delete domainOf(s).managementPolicy
      expectFinding(runCheck(domainManagementPolicy, s), 'fail', {
        summary: [DOMAIN, 'no managementPolicy'],
        fix: [`arn:aws:iam::${A}:root`, 'apigateway:CreateAccessAssociation'],
        resource: DOMAIN,
      })
    })
    it('the caller account unknown, or the domain without its ARN: unknown', () => {
      const s = unassociated()
      s.caller.principal = denied('sts:GetCallerIdentity')
      s.caller.identity = denied('sts:GetCallerIdentity')
      const f = runCheck(domainManagementPolicy, s)
      expectFinding(f, 'unknown', { summary: ['caller account'] })
      expect(f.missing).toContain('sts:GetCallerIdentity')
      const t = unassociated()
      delete domainOf(t).domainNameArn
      expectFinding(runCheck(domainManagementPolicy, t), 'unknown', { summary: ['domain ARN'] })
    })
  })
  it('domain policy: a domain without its ARN is unknown, naming the domain', () => {
    const s = healthyCustomDomain()
    delete (val(s.api.customDomain!.domain) as unknown as { domainNameArn?: string }).domainNameArn
    expectFinding(runCheck(domainPolicyAllows, s), 'unknown', { summary: [DOMAIN, 'ARN'] })
  })
  it('domain policy absent: fail; the fix writes a policy allowing the endpoint', () => {
    const s = healthyCustomDomain()
    delete (val(s.api.customDomain!.domain) as unknown as { policy?: unknown }).policy
    expectFinding(runCheck(domainPolicyAllows, s), 'fail', {
      summary: [DOMAIN, 'no policy'],
      fix: [DOMAIN, 'abcd1234', VPCE, 'execute-api:Invoke', REGION],
      resource: DOMAIN,
    })
  })
  it('domain policy allows through the endpoint: pass; a Deny names the statement and endpoint', () => {
    expectFinding(runCheck(domainPolicyAllows, healthyCustomDomain()), 'pass', { summary: [DOMAIN, VPCE] })
    const s = healthyCustomDomain()
    const d = val(s.api.customDomain!.domain) as unknown as { policy: { Statement: unknown[] } }
    d.policy.Statement.push({
      Sid: 'NoOne',
      Effect: 'Deny',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: '*',
    })
    const f = runCheck(domainPolicyAllows, s)
    expectFinding(f, 'fail', {
      summary: ['Statement[1]', 'NoOne', VPCE],
      fix: [DOMAIN, 'abcd1234', VPCE, REGION],
      resource: DOMAIN,
    })
  })
  it('domain policy: no Allow for this endpoint fails; unreadable domain: unknown; not a domain: skipped', () => {
    const s = healthyCustomDomain()
    const d = val(s.api.customDomain!.domain) as unknown as {
      policy: { Statement: Array<{ Condition: unknown }> }
    }
    d.policy.Statement[0]!.Condition = { StringEquals: { 'aws:SourceVpce': 'vpce-00000000000000009' } }
    const f = runCheck(domainPolicyAllows, s)
    expectFinding(f, 'fail', { summary: [VPCE], fix: [VPCE] })
    expect(f.summary).not.toContain('Statement[')
    s.api.customDomain!.domain = denied('apigateway:GET')
    expectFinding(runCheck(domainPolicyAllows, s), 'unknown', { summary: [DOMAIN] })
    expect(runCheck(domainPolicyAllows, healthy()).status).toBe('skipped')
  })
  void evidenceText
})
