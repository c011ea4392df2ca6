/**
 * Unit tests for the parts the case table does not cover well: error objects, hints,
 * lint size limits, scaffold round-trips, reference parsing, and the library's purity.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  analysePolicy,
  buildRequestContext,
  denialHints,
  evaluatePolicy,
  evaluateRequest,
  executeApiArn,
  lintPolicy,
  parseApiReference,
  parseCaller,
  parsePolicy,
  parseRoute,
  PolicyInputError,
  PolicyParseError,
  scaffoldPolicies,
  type RequestInput,
} from '../../src/policy/index.js'

const API = 'arn:aws:execute-api:us-east-1:222222222222:abc123'
const SESSION = 'arn:aws:sts::111111111111:assumed-role/lambda-role/s1'

describe('PolicyParseError', () => {
  it('names the first path, lists every issue, and labels the source', () => {
    // Given a policy with two problems in different statements
    const bad = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'execute-api:Invoke',
          Resource: '*',
          Condition: { StringEquals: { 'aws:SourceVpce': [] } },
        },
        { Effect: 'Permit', Action: 'execute-api:Invoke', Resource: '*' },
      ],
    }
    // When it is parsed as a resource policy
    let err: unknown
    try {
      parsePolicy(bad, { kind: 'resource', source: 'resource policy' })
    } catch (e) {
      err = e
    }
    // Then the error names the source and the first path, and carries all issues
    expect(err).toBeInstanceOf(PolicyParseError)
    const e = err as PolicyParseError
    expect(e.message).toMatch(/^resource policy: Statement\[0\]\.Principal: /)
    expect(e.message).toMatch(/and \d+ more problems/)
    expect(e.issues.map(i => i.path)).toEqual(
      expect.arrayContaining([
        'Statement[0].Principal',
        'Statement[0].Condition.StringEquals.aws:SourceVpce',
        'Statement[1].Effect',
      ]),
    )
  })

  it('analysePolicy keeps the valid statements next to the issues', () => {
    const a = analysePolicy({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'x:y', Resource: '*' },
        { Effect: 'Allow', Action: 'bad', Resource: '*' },
      ],
    })
    expect(a.policy?.statements.map(s => s.index)).toEqual([0])
    expect(a.issues).toHaveLength(1)
  })

  it('returns an already parsed policy unchanged', () => {
    const p = parsePolicy({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    })
    expect(parsePolicy(p)).toBe(p)
    expect(parsePolicy(JSON.parse(JSON.stringify(p)) as typeof p)).toEqual(p)
  })
})

describe('evaluateRequest input checks', () => {
  const base: RequestInput = {
    principal: SESSION,
    resource: `${API}/prod/GET/items`,
    resourcePolicy: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
      ],
    },
  }

  it('refuses a SigV4 header without a signer', () => {
    expect(() => evaluateRequest({ ...base, principal: 'anonymous', authorizationHeader: 'sigv4' })).toThrow(
      PolicyInputError,
    )
  })

  it('refuses a principal that is not one', () => {
    expect(() => evaluateRequest({ ...base, principal: 'lambda-role' })).toThrow(/principal/)
  })

  it('needs the API coordinates for shorthand when the resource is not an execute-api ARN', () => {
    expect(() => evaluateRequest({ ...base, resource: 'arn:aws:s3:::bucket' })).toThrow(/shorthand/)
  })

  it('labels a broken policy with its layer', () => {
    expect(() =>
      evaluateRequest({
        ...base,
        identityPolicies: [{ name: 'invoke-items', document: '{"Version":"2012-10-17"' }],
      }),
    ).toThrow(/identity policy #1 invoke-items: not valid JSON/)
  })

  it('uses the names of named policies in layer labels', () => {
    const r = evaluateRequest({
      ...base,
      identityPolicies: [
        {
          name: 'invoke-items',
          document: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }],
          },
        },
      ],
    })
    expect(r.layers.map(l => l.label)).toContain('identity policy invoke-items')
  })
})

describe('denialHints', () => {
  const rp = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyOtherVpce',
        Effect: 'Deny',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: 'execute-api:/*',
        Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0abc' } },
      },
      {
        Sid: 'AllowRole',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111111111111:role/lambda-role' },
        Action: 'execute-api:Invoke',
        Resource: 'execute-api:/prod/GET/*',
      },
    ],
  }
  const identity = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `${API}/*` }],
  }

  it('names the denying statement, the condition and both values', () => {
    const r = evaluateRequest({
      principal: SESSION,
      resource: `${API}/prod/GET/items`,
      context: { 'aws:SourceVpce': 'vpce-0ddd' },
      identityPolicies: [identity],
      resourcePolicy: rp,
    })
    const hints = denialHints(r)
    expect(hints[0]).toMatchObject({
      layer: 'resource-policy',
      kind: 'explicit-deny',
      statement: { index: 0, sid: 'DenyOtherVpce', effect: 'Deny' },
      condition: {
        key: 'aws:SourceVpce',
        operator: 'StringNotEquals',
        expected: ['vpce-0abc'],
        actual: ['vpce-0ddd'],
        matched: true,
      },
    })
    expect(hints[0]?.message).toContain('vpce-0ddd')
    expect(hints[0]?.message).toContain('DenyOtherVpce')
    // An explicit deny is not the Table B trap.
    expect(hints.some(h => h.kind === 'cross-account')).toBe(false)
  })

  it('says when the request carries no aws:SourceVpce at all', () => {
    const r = evaluateRequest({
      principal: SESSION,
      resource: `${API}/prod/GET/items`,
      identityPolicies: [identity],
      resourcePolicy: rp,
    })
    expect(denialHints(r)[0]?.message).toContain('has no aws:SourceVpce')
  })

  it('points at the near-miss statement when the resource does not match', () => {
    const r = evaluateRequest({
      principal: SESSION,
      resource: `${API}/prod/POST/items`,
      context: { 'aws:SourceVpce': 'vpce-0abc' },
      identityPolicies: [identity],
      resourcePolicy: rp,
    })
    expect(r.deniedBy).toBe('resource-policy')
    const hints = denialHints(r)
    expect(hints).toContainEqual(
      expect.objectContaining({
        kind: 'resource-mismatch',
        statement: { index: 1, sid: 'AllowRole', effect: 'Allow' },
      }),
    )
    expect(hints).toContainEqual(expect.objectContaining({ kind: 'cross-account' }))
  })

  it('suggests the missing identity statement for a cross-account caller', () => {
    const r = evaluateRequest({
      principal: SESSION,
      resource: `${API}/prod/GET/items`,
      context: { 'aws:SourceVpce': 'vpce-0abc' },
      resourcePolicy: rp,
    })
    const hint = denialHints(r).find(h => h.layer === 'identity-policy')
    expect(hint?.kind).toBe('missing-statement')
    expect(hint?.suggestedStatement).toEqual({
      Effect: 'Allow',
      Action: 'execute-api:Invoke',
      Resource: `${API}/prod/GET/items`,
    })
  })

  it('explains the anonymous caller when a NONE method meets a role principal', () => {
    const r = evaluateRequest({
      principal: SESSION,
      authorizationType: 'NONE',
      resource: `${API}/prod/GET/items`,
      context: { 'aws:SourceVpce': 'vpce-0abc' },
      resourcePolicy: rp,
    })
    expect(denialHints(r)).toContainEqual(
      expect.objectContaining({ kind: 'anonymous-caller', layer: 'resource-policy' }),
    )
  })

  it('reports a failed condition in an Allow with its expected and actual values', () => {
    const r = evaluateRequest({
      principal: SESSION,
      resource: `${API}/prod/GET/items`,
      context: { 'aws:SourceVpce': 'vpce-0abc' },
      identityPolicies: [identity],
      resourcePolicy: rp,
      vpcEndpointPolicy: {
        Statement: [
          {
            Effect: 'Allow',
            Principal: '*',
            Action: '*',
            Resource: '*',
            Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } },
          },
        ],
      },
    })
    expect(r.deniedBy).toBe('vpc-endpoint-policy')
    const hint = denialHints(r).find(h => h.kind === 'condition-failed')
    expect(hint?.condition).toMatchObject({ key: 'aws:PrincipalOrgID', expected: ['o-abc'], actual: null })
    expect(hint?.message).toContain('send aws:PrincipalOrgID')
  })

  it('is empty for an allowed request', () => {
    const r = evaluateRequest({
      principal: SESSION,
      resource: `${API}/prod/GET/items`,
      context: { 'aws:SourceVpce': 'vpce-0abc' },
      identityPolicies: [identity],
      resourcePolicy: rp,
    })
    expect(r.decision).toBe('allow')
    expect(denialHints(r)).toEqual([])
  })
})

describe('lintPolicy', () => {
  it('flags an endpoint policy over 20,480 characters', () => {
    const many = Array.from({ length: 300 }, (_, i) => ({
      Sid: `S${i}`,
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::111111111111:role/role-number-${i}` },
      Action: 'execute-api:Invoke',
      Resource: `${API}/prod/GET/items/${i}`,
    }))
    const text = JSON.stringify({ Version: '2012-10-17', Statement: many })
    expect(text.length).toBeGreaterThan(20_480)
    const f = lintPolicy(text, { kind: 'endpoint' }).find(x => x.code === 'endpoint-policy-too-large')
    expect(f).toMatchObject({ severity: 'error', path: '' })
  })

  it('reports broken JSON as a finding instead of throwing', () => {
    expect(lintPolicy('{"Version":', { kind: 'resource' })[0]).toMatchObject({
      code: 'invalid-json',
      severity: 'error',
    })
  })

  it('finds nothing wrong in the scaffolded policies', () => {
    const s = scaffoldPolicies({
      callerRoleArn: 'arn:aws:iam::111111111111:role/lambda-role',
      api: `${API}/prod`,
      vpceId: 'vpce-0abc',
      routes: ['GET:/items'],
    })
    for (const [doc, kind] of [
      [s.resourcePolicy, 'resource'],
      [s.vpcEndpointPolicy, 'endpoint'],
      [s.identityPolicy, 'identity'],
    ] as const) {
      expect(lintPolicy(doc, { kind }).filter(f => f.severity !== 'info')).toEqual([])
    }
  })
})

describe('scaffoldPolicies', () => {
  const routes = ['GET:/items', 'POST:/items', 'GET:/items/{id}']
  const role = 'arn:aws:iam::111111111111:role/lambda-role'
  const scaffold = scaffoldPolicies({
    callerRoleArn: role,
    api: `${API}/prod`,
    vpceId: 'vpce-0abc',
    routes,
    callerSecurityGroupId: 'sg-0caller',
    endpointSecurityGroupId: 'sg-0vpce',
  })
  const request = (method: string, path: string, over: Partial<RequestInput> = {}): RequestInput => ({
    principal: SESSION,
    resource: executeApiArn({
      region: 'us-east-1',
      account: '222222222222',
      apiId: 'abc123',
      stage: 'prod',
      method,
      path,
    }),
    context: buildRequestContext({
      principal: SESSION,
      sourceVpce: 'vpce-0abc',
      now: new Date('2024-01-01T00:00:00Z'),
    }),
    identityPolicies: [scaffold.identityPolicy],
    resourcePolicy: scaffold.resourcePolicy,
    vpcEndpointPolicy: scaffold.vpcEndpointPolicy,
    ...over,
  })

  it.each([
    ['GET', '/items'],
    ['POST', '/items'],
    ['GET', '/items/42'],
  ])('allows the scaffolded route %s %s', (method, path) => {
    expect(evaluateRequest(request(method, path)).decision).toBe('allow')
  })

  it.each([
    ['DELETE', '/items'],
    ['PUT', '/items'],
    ['GET', '/orders'],
    ['GET', '/'],
    ['POST', '/items/42'],
    ['GET', '/itemsx'],
  ])('denies the route it was not asked for: %s %s', (method, path) => {
    expect(evaluateRequest(request(method, path)).decision).not.toBe('allow')
  })

  it('grants a {param} route as a * that, per IAM, also spans deeper paths', () => {
    // GET:/items/{id} becomes …/GET/items/*, and IAM's * crosses slashes in the resource part.
    expect(evaluateRequest(request('GET', '/items/42/details')).decision).toBe('allow')
  })

  it('denies another stage', () => {
    const r = evaluateRequest(request('GET', '/items', { resource: `${API}/dev/GET/items` }))
    expect(r.decision).not.toBe('allow')
  })

  it('denies the same route through another endpoint, explicitly, in the resource policy', () => {
    const r = evaluateRequest(
      request('GET', '/items', {
        context: buildRequestContext({ principal: SESSION, sourceVpce: 'vpce-0other', now: new Date(0) }),
      }),
    )
    expect(r).toMatchObject({ decision: 'explicit-deny', deniedBy: 'resource-policy' })
  })

  it('denies another role at the endpoint', () => {
    const other = 'arn:aws:sts::111111111111:assumed-role/other-role/s1'
    const r = evaluateRequest(
      request('GET', '/items', {
        principal: other,
        context: buildRequestContext({ principal: other, sourceVpce: 'vpce-0abc', now: new Date(0) }),
      }),
    )
    expect(r.blockedBy).toContain('vpc-endpoint-policy')
    expect(r.decision).not.toBe('allow')
  })

  it('prints both security-group rules as AWS CLI commands', () => {
    expect(scaffold.securityGroupRules.map(r => r.command)).toEqual([
      'aws ec2 authorize-security-group-ingress --region us-east-1 --group-id "sg-0vpce" --ip-permissions "IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[{GroupId=sg-0caller}]"',
      'aws ec2 authorize-security-group-egress --region us-east-1 --group-id "sg-0caller" --ip-permissions "IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[{GroupId=sg-0vpce}]"',
    ])
  })

  it('reads an invoke URL, taking the account from the option', () => {
    const s = scaffoldPolicies({
      callerRoleArn: role,
      api: 'https://abc123.execute-api.us-east-1.amazonaws.com/prod',
      apiAccount: '222222222222',
      vpceId: 'vpce-0abc',
      routes: ['GET:/items'],
    })
    expect(s.routes[0]?.resourceArn).toBe(`${API}/prod/GET/items`)
  })

  it('refuses routes and ids it cannot read', () => {
    expect(() => parseRoute('FETCH:/items')).toThrow(/METHOD:\/path/)
    expect(() =>
      scaffoldPolicies({
        callerRoleArn: 'arn:aws:iam::111111111111:user/u',
        api: API,
        vpceId: 'vpce-0abc',
        routes: ['GET:/'],
      }),
    ).toThrow(/role ARN/)
    expect(() =>
      scaffoldPolicies({ callerRoleArn: role, api: API, vpceId: 'vpc-0abc', routes: ['GET:/'] }),
    ).toThrow(/VPC endpoint id/)
  })
})

describe('references and callers', () => {
  it.each([
    [
      'https://abc123.execute-api.us-east-1.amazonaws.com/prod/items/1?x=1',
      { apiId: 'abc123', region: 'us-east-1', stage: 'prod', path: '/items/1' },
    ],
    [
      'https://abc123-vpce-0abc123.execute-api.eu-west-1.amazonaws.com/dev/',
      { apiId: 'abc123', region: 'eu-west-1', stage: 'dev', path: '/' },
    ],
    [
      'arn:aws:execute-api:us-east-1:222222222222:abc123/prod/GET/items',
      { apiId: 'abc123', account: '222222222222', stage: 'prod', path: '/items' },
    ],
  ])('parses %s', (text, want) => {
    expect(parseApiReference(text)).toMatchObject(want)
  })

  it('needs the API id for an endpoint-specific hostname', () => {
    const host = 'https://vpce-0abc123-xyz.execute-api.us-east-1.vpce.amazonaws.com/prod/items'
    expect(parseApiReference(host)).toBeUndefined()
    expect(parseApiReference(host, 'abc123')).toMatchObject({
      apiId: 'abc123',
      region: 'us-east-1',
      stage: 'prod',
      path: '/items',
    })
  })

  it('reads every caller form', () => {
    expect(parseCaller('anonymous').kind).toBe('anonymous')
    expect(parseCaller('111111111111')).toMatchObject({ kind: 'account', account: '111111111111' })
    expect(parseCaller(SESSION)).toMatchObject({
      kind: 'assumed-role',
      roleName: 'lambda-role',
      session: 's1',
    })
    expect(parseCaller('arn:aws:iam::111111111111:role/a/b/name')).toMatchObject({
      kind: 'role',
      name: 'name',
      path: '/a/b/',
    })
    expect(parseCaller('lambda.amazonaws.com')).toMatchObject({ kind: 'service' })
  })
})

describe('purity', () => {
  const spies: ReturnType<typeof vi.spyOn>[] = []
  beforeEach(() => {
    for (const m of ['log', 'warn', 'error', 'info', 'debug'] as const) spies.push(vi.spyOn(console, m))
  })
  afterEach(() => {
    for (const s of spies.splice(0)) s.mockRestore()
  })

  it('writes nothing to the console, whatever the outcome', () => {
    const rp =
      '{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":\\"*\\",\\"Action\\":\\"execute-api:Invoke\\",\\"Resource\\":\\"execute-api:/*\\"}]}'
    const r = evaluateRequest({ principal: SESSION, resource: `${API}/prod/GET/items`, resourcePolicy: rp })
    denialHints(r)
    lintPolicy(rp, { kind: 'resource' })
    evaluatePolicy(rp, { resource: `${API}/prod/GET/items` })
    for (const s of spies) expect(s).not.toHaveBeenCalled()
  })
})
