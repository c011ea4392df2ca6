/**
 * Holes that mutation testing found (issue 18): each test pins a rule whose deliberate
 * breakage once left every test green. The rule is named in the test, the facts asserted.
 */
import { describe, expect, it } from 'vitest'
import {
  evaluatePolicy,
  evaluateRequest,
  parseCaller,
  type ContextInput,
  type RequestInput,
} from '../../src/policy/index.js'
import { principalMatch } from '../../src/policy/principal.js'
import { resourceMatches } from '../../src/policy/wildcard.js'

const RESOURCE = 'arn:aws:execute-api:us-east-1:111111111111:abc123/prod/GET/items'

function principalBlock(AWS: string[], Federated: string[] = []) {
  return { wildcard: false, AWS, Service: [], Federated, CanonicalUser: [] }
}

/** Whether a resource-policy Allow naming `principal` applies to `caller`. */
function names(principal: unknown, caller: string, context: ContextInput = {}): boolean {
  const r = evaluatePolicy(
    {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: principal, Action: 'execute-api:Invoke', Resource: '*' }],
    },
    { principal: caller, resource: RESOURCE, context },
    { kind: 'resource' },
  )
  return r.decision === 'allow'
}

describe('principals', () => {
  it('a caller given as a role ARN matches that role only, not any role named in the Principal', () => {
    const role = 'arn:aws:iam::111111111111:role/app'
    expect(names({ AWS: role }, role)).toBe(true)
    expect(names({ AWS: 'arn:aws:iam::111111111111:role/other' }, role)).toBe(false)
    expect(names({ AWS: 'arn:aws:iam::111111111111:role/team/app' }, role)).toBe(false)
    expect(principalMatch(principalBlock([role]), parseCaller(role))).toBe('role')
  })

  it('a unique-id principal matches only the aws:userid it names (a different id never matches)', () => {
    const caller = 'arn:aws:sts::111111111111:assumed-role/app/s1'
    expect(names({ AWS: 'AROAEXAMPLEEXAMPLE12' }, caller, { 'aws:userid': 'AROAEXAMPLEEXAMPLE12:s1' })).toBe(
      true,
    )
    expect(names({ AWS: 'AROAEXAMPLEEXAMPLE12' }, caller, { 'aws:userid': 'AROAOTHEROTHEROTHER9:s1' })).toBe(
      false,
    )
    // A longer id that merely starts with the policy's id is another principal.
    expect(names({ AWS: 'AROAEXAMPLEEXAMPLE12' }, caller, { 'aws:userid': 'AROAEXAMPLEEXAMPLE123:s1' })).toBe(
      false,
    )
    expect(names({ AWS: 'AROAEXAMPLEEXAMPLE12' }, caller)).toBe(false)
    // A user's id (AIDA…) names the user itself; a role's (AROA…) the role.
    const user = parseCaller('arn:aws:iam::111111111111:user/alice')
    expect(
      principalMatch(principalBlock(['AIDAEXAMPLEEXAMPLE12']), user, { userId: 'AIDAEXAMPLEEXAMPLE12' }),
    ).toBe('direct')
    expect(
      principalMatch(principalBlock(['AROAEXAMPLEEXAMPLE12']), parseCaller(caller), {
        userId: 'AROAEXAMPLEEXAMPLE12:s1',
      }),
    ).toBe('role')
  })

  it('a Federated principal names the federated caller it lists, and only that one', () => {
    const fed = 'arn:aws:sts::111111111111:federated-user/bob'
    expect(principalMatch(principalBlock([], [fed]), parseCaller(fed))).toBe('direct')
    expect(
      principalMatch(principalBlock([], ['arn:aws:sts::111111111111:federated-user/eve']), parseCaller(fed)),
    ).toBe(undefined)
    // A Federated entry does not name an IAM session.
    expect(
      principalMatch(principalBlock([], [fed]), parseCaller('arn:aws:sts::111111111111:assumed-role/app/s1')),
    ).toBe(undefined)
  })

  it('ranks how a Principal names the caller: the session itself beats the role, "*" and the account', () => {
    const session = parseCaller('arn:aws:sts::111111111111:assumed-role/app/s1')
    const all = principalBlock([
      '111111111111',
      'arn:aws:iam::111111111111:role/app',
      '*',
      'arn:aws:sts::111111111111:assumed-role/app/s1',
    ])
    expect(principalMatch(all, session)).toBe('direct')
    expect(
      principalMatch(principalBlock(['111111111111', 'arn:aws:iam::111111111111:role/app']), session),
    ).toBe('role')
    expect(principalMatch(principalBlock(['111111111111', '*']), session)).toBe('everyone')
    expect(principalMatch(principalBlock(['arn:aws:iam::111111111111:root']), session)).toBe('account')
    expect(principalMatch(principalBlock(['222222222222']), session)).toBe(undefined)
    // {"AWS": "*"} names an anonymous caller unless told otherwise (API Gateway, non-IAM methods).
    const anon = parseCaller('anonymous')
    expect(principalMatch(principalBlock(['*']), anon)).toBe('everyone')
    expect(principalMatch(principalBlock(['*']), anon, { awsStarMatchesAnonymous: false })).toBe(undefined)
    expect(
      principalMatch({ ...principalBlock([]), wildcard: true }, anon, { awsStarMatchesAnonymous: false }),
    ).toBe('everyone')
  })

  it('a session matches a pathed role by name, unless aws:PrincipalArn shows another path', () => {
    const session = 'arn:aws:sts::111111111111:assumed-role/app/s1'
    const pathed = 'arn:aws:iam::111111111111:role/team/app'
    expect(names({ AWS: pathed }, session)).toBe(true)
    expect(names({ AWS: pathed }, session, { 'aws:PrincipalArn': pathed })).toBe(true)
    expect(
      names({ AWS: pathed }, session, { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/other/app' }),
    ).toBe(false)
    expect(names({ AWS: 'arn:aws:iam::222222222222:role/team/app' }, session)).toBe(false)
    expect(names({ AWS: 'arn:aws-cn:iam::111111111111:role/app' }, session)).toBe(false)
  })
})

describe('ordered comparisons at their boundaries', () => {
  const holds = (operator: string, key: string, policy: string, actual: string): boolean =>
    evaluatePolicy(
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: '*', Resource: '*', Condition: { [operator]: { [key]: policy } } },
        ],
      },
      { resource: RESOURCE, context: { [key]: actual } },
    ).decision === 'allow'

  it.each([
    ['NumericLessThan', '6', '5', true],
    ['NumericLessThan', '6', '6', false],
    ['NumericLessThan', '6', '7', false],
    ['NumericLessThanEquals', '6', '6', true],
    ['NumericLessThanEquals', '6', '7', false],
    ['NumericGreaterThan', '6', '7', true],
    ['NumericGreaterThan', '6', '6', false],
    ['NumericGreaterThanEquals', '6', '6', true],
    ['NumericGreaterThanEquals', '6', '5', false],
    ['NumericGreaterThanEquals', '6', '7', true],
    ['NumericEquals', '6', '6.0', true],
    ['NumericEquals', '6', '5', false],
    ['NumericNotEquals', '6', '5', true],
    ['NumericNotEquals', '6', '6', false],
    ['NumericEquals', '6', 'six', false],
    ['NumericNotEquals', '6', 'six', true],
  ])('%s %s against request value %s → %s', (op, policy, actual, want) => {
    expect(holds(op, 'example:n', policy, actual)).toBe(want)
  })

  it.each([
    ['DateGreaterThanEquals', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', true],
    ['DateGreaterThanEquals', '2024-01-01T00:00:00Z', '2023-12-31T23:59:59Z', false],
    ['DateGreaterThan', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', false],
    ['DateGreaterThan', '2024-01-01T00:00:00Z', '2024-01-01T00:00:01Z', true],
    ['DateLessThanEquals', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', true],
    ['DateLessThanEquals', '2024-01-01T00:00:00Z', '2024-01-01T00:00:01Z', false],
    ['DateLessThan', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', false],
    ['DateLessThan', '2024-01-01T00:00:00Z', '2023-12-31T23:59:59Z', true],
    // Epoch seconds and ISO 8601 denote the same instant.
    ['DateEquals', '1704067200', '2024-01-01T00:00:00Z', true],
    ['DateEquals', '2024-01-01T00:00:00Z', '1704067201', false],
    ['DateNotEquals', '2024-01-01T00:00:00Z', '1704067200', false],
    ['DateEquals', '2024-01-01', '2024-01-01T00:00:00Z', true],
  ])('%s %s against request value %s → %s', (op, policy, actual, want) => {
    expect(holds(op, 'aws:CurrentTime', policy, actual)).toBe(want)
  })
})

describe('ARN wildcards cross colons only in the resource segment', () => {
  it('a * inside a prefix segment stays inside it', () => {
    const pattern = 'arn:aws:execute-api:u*1:111111111111:abc123/*'
    expect(resourceMatches(pattern, 'arn:aws:execute-api:us-east-1:111111111111:abc123/prod')).toBe(true)
    expect(resourceMatches(pattern, 'arn:aws:execute-api:us:east-1:111111111111:abc123/prod')).toBe(false)
  })

  it('a ? in a prefix segment never matches a colon; in the resource segment it may', () => {
    expect(
      resourceMatches('arn:aws:execute-api:us?east-1:1:a/b', 'arn:aws:execute-api:us-east-1:1:a/b'),
    ).toBe(true)
    expect(
      resourceMatches('arn:aws:execute-api:us?east-1:1:a/b', 'arn:aws:execute-api:us:east-1:1:a/b'),
    ).toBe(false)
    expect(
      resourceMatches('arn:aws:execute-api:us-east-1:1:a?b', 'arn:aws:execute-api:us-east-1:1:a:b'),
    ).toBe(true)
  })

  it('a * that ends a prefix segment runs on, and a * in the resource segment spans colons and slashes', () => {
    expect(resourceMatches('arn:aws:execute-api:*', RESOURCE)).toBe(true)
    expect(resourceMatches('arn:aws:execute-api:us-east-1:111111111111:*', `${RESOURCE}:x`)).toBe(true)
    expect(resourceMatches('arn:aws:execute-api:us-east-1:111111111111:abc123/*/items', RESOURCE)).toBe(true)
    expect(resourceMatches('arn:aws:execute-api:us-east-1:111111111111:abc123/prod/get/*', RESOURCE)).toBe(
      false,
    )
  })
})

describe('predicted responses', () => {
  const base: RequestInput = {
    principal: 'arn:aws:sts::111111111111:assumed-role/app/s1',
    resource: RESOURCE,
    context: { 'aws:SourceVpce': 'vpce-1' },
    resourcePolicy: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
      ],
    },
  }

  it('an allowed request predicts no response and no denying layer', () => {
    const r = evaluateRequest(base)
    expect(r.decision).toBe('allow')
    expect(r).not.toHaveProperty('response')
    expect(r).not.toHaveProperty('deniedBy')
    expect(r.blockedBy).toEqual([])
  })

  it('an implicit deny is not worded as an explicit one; an explicit one says so', () => {
    const implicit = evaluateRequest({
      ...base,
      resourcePolicy: {
        ...(base.resourcePolicy as object),
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: '999999999999' },
            Action: 'execute-api:Invoke',
            Resource: 'execute-api:/*',
          },
        ],
      },
    })
    expect(implicit.response?.message).toBe(
      `User: ${base.principal} is not authorized to perform: execute-api:Invoke on resource: ${RESOURCE}`,
    )
    const explicit = evaluateRequest({
      ...base,
      identityPolicies: [
        { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] },
      ],
    })
    expect(explicit.deniedBy).toBe('identity-policy')
    expect(explicit.response?.message).toMatch(/ with an explicit deny$/)
  })

  it('a Lambda authorizer that explicitly denies gets the documented message', () => {
    const r = evaluateRequest({
      ...base,
      principal: 'anonymous',
      authorizationType: 'CUSTOM',
      resourcePolicy: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
        ],
      },
      authorizerPolicy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Action: 'execute-api:Invoke', Resource: '*' }],
      },
    })
    expect(r.deniedBy).toBe('authorizer-policy')
    expect(r.response).toEqual({
      status: 403,
      errorType: 'AccessDeniedException',
      message: 'User is not authorized to access this resource with an explicit deny',
      documented: true,
    })
  })
})
