/**
 * The request context (context.ts): the case-insensitive lookup, the view an anonymous
 * caller presents, and the keys buildRequestContext derives per kind of caller.
 */
import { describe, expect, it } from 'vitest'
import { anonymousView, contextToJson, normalizeContext } from '../../src/policy/context.js'
import { buildRequestContext } from '../../src/policy/index.js'

const NOW = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678))

describe('normalizeContext', () => {
  it('looks keys up in any case, keeps their spelling, and reads scalars as text', () => {
    const c = normalizeContext({
      'aws:SourceVpce': 'vpce-1',
      'aws:SecureTransport': true,
      'aws:EpochTime': 5,
    })
    expect(c.get('AWS:SOURCEVPCE')).toEqual({ key: 'aws:SourceVpce', values: ['vpce-1'], multi: false })
    expect(c.get('aws:securetransport')?.values).toEqual(['true'])
    expect(c.get('aws:EpochTime')?.values).toEqual(['5'])
    expect(c.get('aws:Missing')).toBeUndefined()
  })

  it('marks arrays as multivalued, skips null and undefined, and keeps input order', () => {
    const c = normalizeContext({ 'aws:TagKeys': ['a', 1, false], gone: null, alsoGone: undefined, last: 'x' })
    expect(c.get('aws:TagKeys')).toEqual({ key: 'aws:TagKeys', values: ['a', '1', 'false'], multi: true })
    expect(c.get('gone')).toBeUndefined()
    expect(c.entries().map(e => e.key)).toEqual(['aws:TagKeys', 'last'])
  })

  it('returns a context it is given as is, and an empty one for nothing', () => {
    const c = normalizeContext({ a: 'b' })
    expect(normalizeContext(c)).toBe(c)
    expect(normalizeContext(undefined).entries()).toEqual([])
  })

  it('turns back into plain data: arrays for multivalued keys, strings otherwise', () => {
    expect(contextToJson(normalizeContext({ one: 'x', many: ['a', 'b'], none: [] }))).toEqual({
      one: 'x',
      many: ['a', 'b'],
      none: [],
    })
  })
})

describe('anonymousView', () => {
  it('drops every principal-scoped key, keeps the rest, and says the caller is anonymous', () => {
    const signed = normalizeContext({
      'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/app',
      'aws:PrincipalAccount': '111111111111',
      'aws:PrincipalOrgID': 'o-1',
      'aws:PrincipalTag/team': 'a',
      'aws:PrincipalServiceName': 'lambda.amazonaws.com',
      'AWS:USERID': 'AROAEXAMPLE:s1',
      'aws:username': 'alice',
      'aws:MultiFactorAuthPresent': 'true',
      'aws:TokenIssueTime': '2024-01-01T00:00:00Z',
      'aws:SourceIdentity': 'x',
      'aws:RoleSessionName': 's1',
      'aws:FederatedProvider': 'x',
      'aws:AssumedRoot': 'true',
      'aws:Ec2InstanceSourceVpc': 'vpc-1',
      'aws:Ec2InstanceSourcePrivateIPv4': '10.0.0.1',
      'aws:PrincipalType': 'AssumedRole',
      'aws:PrincipalIsAWSService': 'false',
      'aws:SourceVpce': 'vpce-1',
      'aws:VpceAccount': '222222222222',
      'aws:usernameSuffix': 'kept',
    })
    const anon = anonymousView(signed)
    expect(anon.entries().map(e => e.key)).toEqual([
      'aws:PrincipalIsAWSService',
      'aws:SourceVpce',
      'aws:VpceAccount',
      'aws:usernameSuffix',
      'aws:PrincipalType',
    ])
    expect(anon.get('aws:principaltype')).toEqual({
      key: 'aws:PrincipalType',
      values: ['Anonymous'],
      multi: false,
    })
    // The signed view is untouched.
    expect(signed.get('aws:PrincipalType')?.values).toEqual(['AssumedRole'])
  })
})

describe('buildRequestContext per kind of caller', () => {
  const build = (principal: string, extra: object = {}) =>
    buildRequestContext({ principal, now: NOW, ...extra })

  it('a session: its role ARN, account, type, session name; user id, org and tags when known', () => {
    const c = build('arn:aws:sts::111111111111:assumed-role/app/s1', {
      userId: 'AROAEXAMPLE:s1',
      principalOrgId: 'o-1',
      principalOrgPaths: ['o-1/r-1/'],
      principalTags: { team: 'a' },
    })
    expect(c).toMatchObject({
      'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/app',
      'aws:PrincipalAccount': '111111111111',
      'aws:PrincipalIsAWSService': false,
      'aws:PrincipalType': 'AssumedRole',
      'aws:RoleSessionName': 's1',
      'aws:userid': 'AROAEXAMPLE:s1',
      'aws:PrincipalOrgID': 'o-1',
      'aws:PrincipalOrgPaths': ['o-1/r-1/'],
      'aws:PrincipalTag/team': 'a',
    })
    expect(c).not.toHaveProperty('aws:username')
  })

  it('a user: its ARN and user name; a role: its ARN; an account root; a federated user', () => {
    expect(build('arn:aws:iam::111111111111:user/team/alice')).toMatchObject({
      'aws:PrincipalArn': 'arn:aws:iam::111111111111:user/team/alice',
      'aws:PrincipalType': 'User',
      'aws:username': 'alice',
    })
    const role = build('arn:aws:iam::111111111111:role/team/app')
    expect(role).toMatchObject({
      'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/team/app',
      'aws:PrincipalType': 'AssumedRole',
    })
    expect(role).not.toHaveProperty('aws:RoleSessionName')
    expect(build('111111111111')).toMatchObject({
      'aws:PrincipalArn': 'arn:aws:iam::111111111111:root',
      'aws:PrincipalType': 'Account',
    })
    expect(build('arn:aws:sts::111111111111:federated-user/bob')).toMatchObject({
      'aws:PrincipalType': 'FederatedUser',
    })
    for (const p of ['arn:aws:iam::111111111111:user/alice', '111111111111'])
      expect(build(p), p).not.toHaveProperty('aws:userid')
  })

  it('another ARN: its ARN and account, and no type', () => {
    const c = build('arn:aws:iam::111111111111:group/g')
    expect(c).toMatchObject({
      'aws:PrincipalArn': 'arn:aws:iam::111111111111:group/g',
      'aws:PrincipalAccount': '111111111111',
    })
    expect(c).not.toHaveProperty('aws:PrincipalType')
    expect(build('arn:aws:s3:::bucket')).not.toHaveProperty('aws:PrincipalAccount')
  })

  it('a service: its name and no principal ARN or account', () => {
    const c = build('lambda.amazonaws.com', { principalTags: { team: 'a' }, userId: 'x' })
    expect(c).toMatchObject({
      'aws:PrincipalIsAWSService': true,
      'aws:PrincipalServiceName': 'lambda.amazonaws.com',
    })
    for (const k of [
      'aws:PrincipalArn',
      'aws:PrincipalAccount',
      'aws:PrincipalType',
      'aws:userid',
      'aws:PrincipalTag/team',
    ])
      expect(c, k).not.toHaveProperty(k)
  })

  it('anonymous: only its type among the principal keys', () => {
    const c = build('anonymous', { principalTags: { team: 'a' }, principalOrgId: 'o-1' })
    expect(c['aws:PrincipalType']).toBe('Anonymous')
    for (const k of [
      'aws:PrincipalArn',
      'aws:PrincipalIsAWSService',
      'aws:PrincipalOrgID',
      'aws:PrincipalTag/team',
    ])
      expect(c, k).not.toHaveProperty(k)
  })
})

describe('buildRequestContext: request keys', () => {
  it('API tags, region, custom domain, transport and time', () => {
    const c = buildRequestContext({
      principal: 'anonymous',
      now: NOW,
      resourceTags: { stage: 'prod' },
      region: 'us-east-1',
      viaDomainArn: 'arn:aws:execute-api:us-east-1:111111111111:/domainnames/x+abc',
      secureTransport: false,
    })
    expect(c).toMatchObject({
      'aws:ResourceTag/stage': 'prod',
      'aws:RequestedRegion': 'us-east-1',
      'execute-api:viaDomainArn': 'arn:aws:execute-api:us-east-1:111111111111:/domainnames/x+abc',
      'aws:SecureTransport': false,
      'aws:CurrentTime': '2024-01-02T03:04:05Z',
      'aws:EpochTime': 1704164645,
    })
    const bare = buildRequestContext({ principal: 'anonymous', now: NOW })
    for (const k of [
      'aws:RequestedRegion',
      'execute-api:viaDomainArn',
      'aws:SourceVpce',
      'aws:SourceVpc',
      'aws:VpcSourceIp',
    ])
      expect(bare, k).not.toHaveProperty(k)
    expect(bare['aws:SecureTransport']).toBe(true)
  })

  it('endpoint keys through an endpoint, including the caller IP', () => {
    expect(
      buildRequestContext({
        principal: 'anonymous',
        now: NOW,
        sourceVpce: 'vpce-1',
        sourceVpc: 'vpc-1',
        vpcSourceIp: '10.0.0.1',
      }),
    ).toMatchObject({ 'aws:SourceVpce': 'vpce-1', 'aws:SourceVpc': 'vpc-1', 'aws:VpcSourceIp': '10.0.0.1' })
  })

  it('extra keys replace derived ones in any case, and null removes one', () => {
    const c = buildRequestContext({
      principal: 'arn:aws:iam::111111111111:user/alice',
      now: NOW,
      extra: { 'AWS:USERNAME': 'bob', 'aws:SecureTransport': null, 'example:new': 'x' },
    })
    expect(c['AWS:USERNAME']).toBe('bob')
    expect(c).not.toHaveProperty('aws:username')
    expect(c).not.toHaveProperty('aws:SecureTransport')
    expect(c['example:new']).toBe('x')
    expect(c['aws:PrincipalType']).toBe('User')
  })
})

describe('context edges (mutation testing)', () => {
  it('an anonymous view drops aws:PrincipalType in any case, and only that exact key', () => {
    const anon = anonymousView(
      normalizeContext({
        'AWS:PRINCIPALTYPE': 'User',
        'my-aws:PrincipalType': 'y',
      }),
    )
    expect(anon.entries().map(e => [e.key, e.values])).toEqual([
      ['my-aws:PrincipalType', ['y']],
      ['aws:PrincipalType', ['Anonymous']],
    ])
  })

  it('a session: aws:PrincipalArn is the known role ARN with its path, when it is that role', () => {
    const session = 'arn:aws:sts::111111111111:assumed-role/app/s1'
    const known = buildRequestContext({
      principal: session,
      roleArn: 'arn:aws:iam::111111111111:role/team/app',
      now: NOW,
    })
    expect(known['aws:PrincipalArn']).toBe('arn:aws:iam::111111111111:role/team/app')
    const other = buildRequestContext({
      principal: session,
      roleArn: 'arn:aws:iam::111111111111:role/x/other',
      now: NOW,
    })
    expect(other['aws:PrincipalArn']).toBe('arn:aws:iam::111111111111:role/app')
    // A role given as the caller is its own ARN, whatever roleArn says.
    const role = buildRequestContext({
      principal: 'arn:aws:iam::111111111111:role/app',
      roleArn: 'arn:aws:iam::111111111111:role/team/app',
      now: NOW,
    })
    expect(role['aws:PrincipalArn']).toBe('arn:aws:iam::111111111111:role/app')
  })

  it('the endpoint owner keys come only with a request through an endpoint; empty org paths are left out', () => {
    const facts = {
      principal: 'anonymous',
      now: NOW,
      sourceVpce: 'vpce-1',
      sourceVpc: 'vpc-1',
      vpceAccount: '222222222222',
      vpceOrgId: 'o-abc',
      vpceOrgPaths: ['o-abc/r-ab12/ou-ab12-11111111/'],
      vpcSourceIp: '10.0.0.1',
      sourceIp: '203.0.113.9',
    }
    const through = buildRequestContext(facts)
    expect(through).toMatchObject({
      'aws:VpceAccount': '222222222222',
      'aws:VpceOrgID': 'o-abc',
      'aws:VpceOrgPaths': ['o-abc/r-ab12/ou-ab12-11111111/'],
    })
    // A request through an endpoint carries no aws:SourceIp (it has aws:VpcSourceIp).
    expect(through).not.toHaveProperty('aws:SourceIp')
    expect(buildRequestContext({ ...facts, vpceOrgPaths: [] })).not.toHaveProperty('aws:VpceOrgPaths')
    const direct = buildRequestContext({ ...facts, viaVpcEndpoint: false })
    expect(direct['aws:SourceIp']).toBe('203.0.113.9')
    for (const k of [
      'aws:SourceVpce',
      'aws:SourceVpc',
      'aws:VpceAccount',
      'aws:VpceOrgID',
      'aws:VpceOrgPaths',
      'aws:VpcSourceIp',
    ])
      expect(direct, k).not.toHaveProperty(k)
    expect(
      buildRequestContext({ principal: 'anonymous', now: NOW, viaVpcEndpoint: false }),
    ).not.toHaveProperty('aws:SourceIp')
  })

  it('the time is now when not given, in whole seconds, and an undefined extra removes a key too', () => {
    const before = Math.floor(Date.now() / 1000)
    const c = buildRequestContext({ principal: 'anonymous', extra: { 'aws:SecureTransport': undefined } })
    const after = Math.floor(Date.now() / 1000)
    expect(c['aws:EpochTime']).toBeGreaterThanOrEqual(before)
    expect(c['aws:EpochTime']).toBeLessThanOrEqual(after)
    expect(c['aws:CurrentTime']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(Date.parse(c['aws:CurrentTime'] as string) / 1000).toBe(c['aws:EpochTime'])
    expect(c).not.toHaveProperty('aws:SecureTransport')
  })
})

describe('which keys are principal-scoped (anonymousView)', () => {
  // aws:PrincipalType and aws:PrincipalIsAWSService describe any caller; every other
  // aws:Principal* key and the listed session keys exist only for an authenticated one.
  const kept = (key: string): boolean =>
    anonymousView(normalizeContext({ [key]: 'v' }))
      .entries()
      .some(e => e.key === key)
  it.each([
    'aws:PrincipalArn',
    'aws:PrincipalTypeX',
    'aws:PrincipalIsAWSServiceX',
    'aws:MultiFactorAuthAge',
    'aws:userid',
    'aws:TokenIssueTime',
    'aws:Ec2InstanceSourcePrivateIPv4',
  ])('drops %s', key => {
    expect(kept(key)).toBe(false)
  })
  it.each([
    'aws:PrincipalIsAWSService',
    'x-aws:userid',
    'aws:useridX',
    'aws:usernameX',
    'aws:TokenIssueTimeX',
    'aws:SourceIdentityX',
    'aws:RoleSessionNameX',
    'aws:FederatedProviderX',
    'aws:AssumedRootX',
    'aws:Ec2InstanceSourceVpcX',
    'aws:Ec2InstanceSourcePrivateIPv4X',
  ])('keeps %s', key => {
    expect(kept(key)).toBe(true)
  })

  it('leaves the endpoint owner keys out when nothing is known about the endpoint', () => {
    const bare = buildRequestContext({ principal: 'anonymous', now: NOW })
    for (const k of ['aws:VpceAccount', 'aws:VpceOrgID', 'aws:VpceOrgPaths', 'aws:SourceIp'])
      expect(bare, k).not.toHaveProperty(k)
  })
})
