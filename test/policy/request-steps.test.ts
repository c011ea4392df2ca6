/**
 * evaluateRequest step by step (src/policy/request/): the authentication table row by row,
 * the combining rule of each authorization type, and the input a JavaScript caller can pass
 * outside the TypeScript types. Facts are asserted (who each side sees, the error type, the
 * blocking layers), never whole results.
 */
import { describe, expect, it } from 'vitest'
import { evaluateRequest, type RequestInput } from '../../src/policy/index.js'
import type { AuthorizationHeader, AuthorizationType } from '../../src/policy/types.js'

const RESOURCE = 'arn:aws:execute-api:us-east-1:111111111111:abc123/prod/GET/items'
const SESSION = 'arn:aws:sts::111111111111:assumed-role/app/s1'
const allowAll = (extra: object = {}) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*', ...extra }],
})
const denyAll = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }],
}
const identityAllow = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }
const identityDeny = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }

const run = (input: Partial<RequestInput>) =>
  evaluateRequest({ principal: SESSION, resource: RESOURCE, resourcePolicy: allowAll(), ...input })

describe('authentication: how the Authorization header is read', () => {
  // [type, header, custom endpoint policy, ok, endpoint sees, method sees, errorType]
  const S = SESSION
  const A = 'anonymous'
  const rows: [
    AuthorizationType,
    AuthorizationHeader,
    boolean,
    boolean,
    string,
    string,
    string | undefined,
  ][] = [
    ['AWS_IAM', 'sigv4', false, true, S, S, undefined],
    ['AWS_IAM', 'sigv4', true, true, S, S, undefined],
    ['AWS_IAM', 'none', false, false, A, A, 'MissingAuthenticationTokenException'],
    ['AWS_IAM', 'other', true, false, A, A, 'IncompleteSignatureException'],
    ['AWS_IAM', 'invalid-sigv4', false, false, A, A, 'InvalidSignatureException'],
    ['NONE', 'sigv4', false, true, A, A, undefined],
    ['NONE', 'other', false, true, A, A, undefined],
    ['NONE', 'invalid-sigv4', false, true, A, A, undefined],
    ['NONE', 'sigv4', true, true, S, A, undefined],
    ['NONE', 'none', true, true, A, A, undefined],
    ['NONE', 'other', true, false, A, A, 'IncompleteSignatureException'],
    ['NONE', 'invalid-sigv4', true, false, A, A, 'InvalidSignatureException'],
    ['CUSTOM', 'sigv4', true, true, A, A, undefined],
    ['CUSTOM', 'invalid-sigv4', true, true, A, A, undefined],
    ['COGNITO_USER_POOLS', 'sigv4', true, true, A, A, undefined],
    ['COGNITO_USER_POOLS', 'other', false, true, A, A, undefined],
  ]
  it.each(rows)(
    '%s, header %s, custom endpoint policy %s → ok %s, endpoint sees %s, method sees %s, %s',
    (type, header, customEndpoint, ok, endpointCaller, methodCaller, errorType) => {
      const r = run({
        authorizationType: type,
        authorizationHeader: header,
        ...(customEndpoint ? { vpcEndpointPolicy: allowAll() } : {}),
      })
      expect(r.authentication.ok).toBe(ok)
      expect(r.authentication.header).toBe(header)
      expect(r.authentication.endpointCaller).toBe(endpointCaller)
      expect(r.authentication.methodCaller).toBe(methodCaller)
      expect(r.authentication.errorType).toBe(errorType)
      expect(r.layers.find(l => l.layer === 'vpc-endpoint-policy')?.caller).toBe(endpointCaller)
      expect(r.layers.find(l => l.layer === 'resource-policy')?.caller).toBe(methodCaller)
      if (ok) {
        expect(r.blockedBy).not.toContain('authentication')
        expect(r.deniedBy).not.toBe('authentication')
      } else {
        expect(r.decision).toBe('implicit-deny')
        expect(r.deniedBy).toBe('authentication')
        expect(r.blockedBy[0]).toBe('authentication')
        expect(r.response?.errorType).toBe(errorType)
        // Only the missing-token text is documented by AWS.
        expect(r.response?.documented).toBe(errorType === 'MissingAuthenticationTokenException')
      }
    },
  )

  it('names the reason: the method type, the header, the endpoint policy', () => {
    expect(run({ authorizationHeader: 'none' }).authentication.reason).toMatch(/AWS_IAM.*not signed/)
    expect(run({ authorizationHeader: 'other' }).authentication.reason).toMatch(/not a SigV4 signature/)
    expect(run({ authorizationHeader: 'invalid-sigv4' }).authentication.reason).toMatch(/invalid/)
    expect(run({}).authentication).not.toHaveProperty('reason')
    expect(run({}).authentication).not.toHaveProperty('errorType')
    expect(run({ authorizationType: 'NONE' }).authentication.reason).toMatch(
      /default endpoint policy.*not evaluated/,
    )
    expect(run({ authorizationType: 'CUSTOM' }).authentication.reason).toMatch(/^CUSTOM methods .*anonymous/)
    expect(run({ authorizationType: 'COGNITO_USER_POOLS' }).authentication.reason).toMatch(
      /^COGNITO_USER_POOLS /,
    )
    const customNone = { authorizationType: 'NONE' as const, vpcEndpointPolicy: allowAll() }
    expect(run({ ...customNone, authorizationHeader: 'sigv4' }).authentication).not.toHaveProperty('reason')
    expect(run({ ...customNone, authorizationHeader: 'other' }).authentication.reason).toMatch(
      /custom VPC endpoint policy.*not/,
    )
    expect(run({ ...customNone, authorizationHeader: 'invalid-sigv4' }).authentication.reason).toMatch(
      /custom VPC endpoint policy.*invalid/,
    )
  })

  it('predicts the 403 text of each authentication failure', () => {
    expect(run({ authorizationHeader: 'none' }).response?.message).toBe('Missing Authentication Token')
    expect(run({ authorizationHeader: 'other' }).response?.message).toMatch(/requires a SigV4 signature/)
    expect(run({ authorizationHeader: 'invalid-sigv4' }).response?.message).toMatch(/signature we calculated/)
  })

  it('reads a header value outside the documented ones as an invalid signature (JavaScript callers)', () => {
    const odd = 'toString' as AuthorizationHeader
    expect(run({ authorizationHeader: odd }).authentication.errorType).toBe('InvalidSignatureException')
    expect(
      run({ authorizationType: 'NONE', vpcEndpointPolicy: allowAll(), authorizationHeader: odd })
        .authentication.errorType,
    ).toBe('InvalidSignatureException')
  })
})

describe('combining: one rule per authorization type', () => {
  it('AWS_IAM same account: either side may allow (Table A); an explicit deny on either side blocks', () => {
    const r = run({ identityPolicies: [] })
    expect(r).toMatchObject({ decision: 'allow', table: 'A', sameAccount: true })
    expect(r.blockedBy).toEqual([])
    const idOnly = run({
      resourcePolicy: allowAll({ Principal: { AWS: '111111111111' } }),
      identityPolicies: [identityAllow],
    })
    expect(idOnly.decision).toBe('allow')
    const neither = run({ resourcePolicy: allowAll({ Principal: { AWS: '111111111111' } }) })
    // A grant to the account delegates to it: the identity inside still needs an identity allow.
    expect(neither.blockedBy).toEqual(['identity-policy'])
    expect(neither.deniedBy).toBe('identity-policy')
    const nobody = run({ resourcePolicy: allowAll({ Principal: { AWS: '999999999999' } }) })
    expect(nobody.blockedBy).toEqual(['resource-policy', 'identity-policy'])
    expect(nobody.deniedBy).toBe('resource-policy')
    const denied = run({ identityPolicies: [identityDeny] })
    expect(denied).toMatchObject({ decision: 'explicit-deny', deniedBy: 'identity-policy' })
    expect(denied.blockedBy).toEqual(['identity-policy'])
  })

  it('AWS_IAM across accounts: both sides must allow (Table B)', () => {
    const caller = 'arn:aws:sts::222222222222:assumed-role/app/s1'
    const rpOnly = run({ principal: caller })
    expect(rpOnly).toMatchObject({
      decision: 'implicit-deny',
      table: 'B',
      sameAccount: false,
      deniedBy: 'identity-policy',
    })
    expect(rpOnly.blockedBy).toEqual(['identity-policy'])
    const both = run({ principal: caller, identityPolicies: [identityAllow] })
    expect(both.decision).toBe('allow')
    const idOnly = run({ principal: caller, identityPolicies: [identityAllow], resourcePolicy: denyAll })
    expect(idOnly.blockedBy).toEqual(['resource-policy'])
    expect(idOnly.deniedBy).toBe('resource-policy')
  })

  it('AWS_IAM with an unknown caller account: Table B, and a note says so', () => {
    const r = run({ principal: 'arn:aws:unknown' })
    expect(r).not.toHaveProperty('principalAccount')
    expect(r).toMatchObject({ table: 'B', sameAccount: false })
    expect(r.notes.join('\n')).toContain('evaluated as cross-account (Table B)')
    expect(run({}).notes.join('\n')).not.toContain('Table B')
  })

  it('AWS_IAM: the boundary and every SCP must allow; each blocks under its own name', () => {
    const r = run({
      permissionsBoundary: identityDeny,
      serviceControlPolicies: [identityAllow, identityDeny],
    })
    expect(r.blockedBy).toEqual(['permissions-boundary', 'service-control-policy'])
    expect(r.deniedBy).toBe('permissions-boundary')
    expect(
      r.layers.filter(l => l.layer === 'service-control-policy').map(l => [l.index, l.decision]),
    ).toEqual([
      [0, 'allow'],
      [1, 'explicit-deny'],
    ])
  })

  it('CUSTOM: resource policy and authorizer by Table A; no table is consulted twice', () => {
    const custom = { principal: 'anonymous', authorizationType: 'CUSTOM' as const }
    const allowed = run({ ...custom, authorizerPolicy: identityAllow })
    expect(allowed).toMatchObject({ decision: 'allow', table: 'A' })
    expect(allowed).not.toHaveProperty('sameAccount')
    const azOnly = run({
      ...custom,
      resourcePolicy: { Version: '2012-10-17', Statement: [] },
      authorizerPolicy: identityAllow,
    })
    expect(azOnly.decision).toBe('allow')
    const neither = run({
      ...custom,
      resourcePolicy: allowAll({ Principal: { AWS: '111111111111' } }),
      authorizerPolicy: { Version: '2012-10-17', Statement: [] },
    })
    expect(neither.blockedBy).toEqual(['resource-policy', 'authorizer-policy'])
    expect(neither.deniedBy).toBe('resource-policy')
    const azDeny = run({ ...custom, authorizerPolicy: identityDeny })
    expect(azDeny.blockedBy).toEqual(['authorizer-policy'])
    const rpDeny = run({ ...custom, resourcePolicy: denyAll, authorizerPolicy: identityAllow })
    expect(rpDeny).toMatchObject({ decision: 'explicit-deny', deniedBy: 'resource-policy' })
    expect(rpDeny.blockedBy).toEqual(['resource-policy'])
    // Without an authorizer policy the authorizer is assumed to allow, and a note says so.
    const assumed = run(custom)
    expect(assumed.decision).toBe('allow')
    expect(assumed.layers.find(l => l.layer === 'authorizer-policy')?.source).toBe('assumed')
    expect(assumed.notes.join('\n')).toContain('the authorizer was assumed to allow')
  })

  it.each(['NONE', 'COGNITO_USER_POOLS'] as const)('%s: the resource policy alone decides', type => {
    const input = { principal: 'anonymous', authorizationType: type, identityPolicies: [identityDeny] }
    const r = run(input)
    expect(r.decision).toBe('allow')
    expect(r.blockedBy).toEqual([])
    expect(r).not.toHaveProperty('table')
    expect(r).not.toHaveProperty('sameAccount')
    const none = run({ ...input, resourcePolicy: { Version: '2012-10-17', Statement: [] } })
    expect(none.blockedBy).toEqual(['resource-policy'])
    // A public API without a resource policy has nothing to deny with; a private one cannot be called.
    expect(run({ ...input, resourcePolicy: null, privateApi: false }).decision).toBe('allow')
    expect(run({ ...input, resourcePolicy: null }).blockedBy).toEqual(['resource-policy'])
  })

  it('combines a type API Gateway does not define as NONE (JavaScript callers)', () => {
    const r = run({ principal: 'anonymous', authorizationType: 'hasOwnProperty' as AuthorizationType })
    expect(r.decision).toBe('allow')
    expect(r.authentication.endpointCaller).toBe('anonymous')
    expect(r).not.toHaveProperty('table')
    const denied = run({
      principal: 'anonymous',
      authorizationType: 'SOMETHING' as AuthorizationType,
      resourcePolicy: { Version: '2012-10-17', Statement: [] },
    })
    expect(denied.blockedBy).toEqual(['resource-policy'])
  })

  it('the VPC endpoint policy blocks for every type, before the method-side layers', () => {
    for (const type of ['AWS_IAM', 'NONE', 'CUSTOM', 'COGNITO_USER_POOLS'] as const) {
      const r = run({
        authorizationType: type,
        vpcEndpointPolicy: denyAll,
        resourcePolicy: { Version: '2012-10-17', Statement: [] },
      })
      expect(r.blockedBy[0], type).toBe('vpc-endpoint-policy')
      expect(r.deniedBy, type).toBe('vpc-endpoint-policy')
      expect(r.decision, type).toBe('explicit-deny')
    }
  })
})
