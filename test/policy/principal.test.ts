/**
 * principal.ts fact by fact: how each caller form is read, how a session's role ARN is
 * rebuilt, and how each Principal value names (or does not name) each kind of caller.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import {
  type Caller,
  parseCaller,
  principalMatch,
  principalMatches,
  roleArnOfCaller,
} from '../../src/policy/principal.js'

const block = (
  AWS: string[],
  extra: { Service?: string[]; Federated?: string[]; wildcard?: boolean } = {},
) => ({
  wildcard: extra.wildcard ?? false,
  AWS,
  Service: extra.Service ?? [],
  Federated: extra.Federated ?? [],
  CanonicalUser: [],
})
const SESSION = 'arn:aws:sts::111111111111:assumed-role/app/s1'
const ROLE = 'arn:aws:iam::111111111111:role/app'

describe('parseCaller', () => {
  it.each(['', '  ', 'anonymous', ' Anonymous ', 'ANONYMOUS', '*'])('reads %j as anonymous', p => {
    expect(parseCaller(p)).toEqual({ kind: 'anonymous' })
  })

  it('reads an account id as the account root, in the aws partition', () => {
    expect(parseCaller('111111111111')).toEqual({
      kind: 'account',
      arn: 'arn:aws:iam::111111111111:root',
      partition: 'aws',
      account: '111111111111',
    })
    expect(parseCaller('11111111111').kind).toBe('other')
    expect(parseCaller('1111111111112').kind).toBe('other')
    expect(parseCaller('arn:aws-cn:iam::111111111111:root')).toEqual({
      kind: 'account',
      arn: 'arn:aws-cn:iam::111111111111:root',
      partition: 'aws-cn',
      account: '111111111111',
    })
  })

  it('reads service principals, in any case and in the China partitions', () => {
    expect(parseCaller('lambda.amazonaws.com')).toEqual({ kind: 'service', service: 'lambda.amazonaws.com' })
    expect(parseCaller('Lambda.AmazonAWS.com')).toMatchObject({ kind: 'service' })
    expect(parseCaller('states.amazonaws.com.cn')).toMatchObject({ kind: 'service' })
    expect(parseCaller('amazonaws.com').kind).toBe('other')
    expect(parseCaller('lambda.amazonaws.com.evil').kind).toBe('other')
    expect(parseCaller('x lambda.amazonaws.com').kind).toBe('other')
  })

  it('reads sessions, federated users, roles and users with their names and paths', () => {
    expect(parseCaller('arn:aws:sts::111111111111:assumed-role/app/s1/more')).toEqual({
      kind: 'assumed-role',
      arn: 'arn:aws:sts::111111111111:assumed-role/app/s1/more',
      partition: 'aws',
      account: '111111111111',
      roleName: 'app',
      session: 's1/more',
    })
    expect(parseCaller('arn:aws:sts::111111111111:federated-user/bob')).toEqual({
      kind: 'federated-user',
      arn: 'arn:aws:sts::111111111111:federated-user/bob',
      partition: 'aws',
      account: '111111111111',
      name: 'bob',
    })
    expect(parseCaller(ROLE)).toMatchObject({ kind: 'role', name: 'app', path: '/', account: '111111111111' })
    expect(parseCaller('arn:aws:iam::111111111111:role/a/b/app')).toMatchObject({
      name: 'app',
      path: '/a/b/',
    })
    expect(parseCaller('arn:aws:iam::111111111111:user/team/alice')).toEqual({
      kind: 'user',
      arn: 'arn:aws:iam::111111111111:user/team/alice',
      partition: 'aws',
      account: '111111111111',
      name: 'alice',
    })
    // An sts role ARN or an iam session ARN is no role or session.
    expect(parseCaller('arn:aws:sts::111111111111:role/app').kind).toBe('other')
    expect(parseCaller('arn:aws:iam::111111111111:assumed-role/app/s1').kind).toBe('other')
    expect(parseCaller('arn:aws:iam::111111111111:federated-user/bob').kind).toBe('other')
    expect(parseCaller('arn:aws:sts::111111111111:root').kind).toBe('other')
  })

  it('keeps the account of other ARNs when they have one', () => {
    expect(parseCaller('arn:aws:iam::111111111111:group/g')).toEqual({
      kind: 'other',
      arn: 'arn:aws:iam::111111111111:group/g',
      account: '111111111111',
    })
    expect(parseCaller('arn:aws:lambda:us-east-1:222222222222:function:f')).toEqual({
      kind: 'other',
      arn: 'arn:aws:lambda:us-east-1:222222222222:function:f',
      account: '222222222222',
    })
    expect(parseCaller('arn:aws:s3:::bucket').account).toBeUndefined()
    expect(parseCaller('not-a-principal')).toEqual({ kind: 'other', arn: 'not-a-principal' })
    // The account must be twelve digits for an IAM/STS ARN to be read as one.
    expect(parseCaller('arn:aws:iam::1111:role/app').kind).toBe('other')
  })

  it('returns the same reading for the same text (parsed once)', () => {
    expect(parseCaller(SESSION)).toBe(parseCaller(SESSION))
  })
})

describe('roleArnOfCaller', () => {
  // Callers are read in each test, not while the file is collected: parseCaller caches, and a
  // reading cached before a mutant is activated would hide it from mutation testing.
  let session: Extract<Caller, { kind: 'assumed-role' }>
  beforeEach(() => {
    session = parseCaller(SESSION) as typeof session
  })
  it('is the role ARN itself for a role, and rebuilt without a path for a session', () => {
    const role = parseCaller('arn:aws:iam::111111111111:role/team/app') as Extract<
      ReturnType<typeof parseCaller>,
      { kind: 'role' }
    >
    expect(roleArnOfCaller(role)).toBe('arn:aws:iam::111111111111:role/team/app')
    expect(roleArnOfCaller(session)).toBe(ROLE)
    const cn = parseCaller('arn:aws-cn:sts::111111111111:assumed-role/app/s1') as typeof session
    expect(roleArnOfCaller(cn)).toBe('arn:aws-cn:iam::111111111111:role/app')
  })

  it('takes the path from a known role ARN only when it names the same role in the same account', () => {
    expect(roleArnOfCaller(session, 'arn:aws:iam::111111111111:role/team/app')).toBe(
      'arn:aws:iam::111111111111:role/team/app',
    )
    expect(roleArnOfCaller(session, 'arn:aws:iam::111111111111:role/team/other')).toBe(ROLE)
    expect(roleArnOfCaller(session, 'arn:aws:iam::222222222222:role/team/app')).toBe(ROLE)
    expect(roleArnOfCaller(session, 'arn:aws:iam::111111111111:user/team/app')).toBe(ROLE)
    expect(roleArnOfCaller(session, '')).toBe(ROLE)
  })
})

describe('principalMatch: each value against each kind of caller', () => {
  let service: Caller
  let session: Caller
  let anon: Caller
  beforeEach(() => {
    service = parseCaller('lambda.amazonaws.com')
    session = parseCaller(SESSION)
    anon = parseCaller('anonymous')
  })

  it('"*" in AWS names every caller but a service; a wildcard Principal names all', () => {
    expect(principalMatch(block(['*']), session)).toBe('everyone')
    expect(principalMatch(block(['*']), service)).toBe(undefined)
    expect(principalMatch(block([], { wildcard: true }), service)).toBe('everyone')
    expect(principalMatch(block(['*']), anon, { awsStarMatchesAnonymous: true })).toBe('everyone')
  })

  it('no account, role or ARN names an anonymous caller or a service', () => {
    for (const v of ['111111111111', ROLE, SESSION, 'arn:aws:iam::111111111111:root']) {
      expect(principalMatch(block([v]), anon), v).toBe(undefined)
      expect(principalMatch(block([v]), service), v).toBe(undefined)
    }
  })

  it('an account names its principals, but not an "other" ARN that merely carries the account', () => {
    expect(principalMatch(block(['arn:aws:iam::111111111111:root']), session)).toBe('account')
    expect(principalMatch(block(['arn:aws:iam::222222222222:root']), session)).toBe(undefined)
    const group = parseCaller('arn:aws:iam::111111111111:group/g')
    expect(principalMatch(block(['arn:aws:iam::111111111111:root']), group)).toBe(undefined)
    expect(principalMatch(block(['111111111111']), parseCaller(ROLE))).toBe('account')
  })

  it('a role names its sessions in the same partition, account and name only', () => {
    expect(principalMatch(block([ROLE]), session)).toBe('role')
    expect(principalMatch(block(['arn:aws:iam::222222222222:role/app']), session)).toBe(undefined)
    expect(principalMatch(block(['arn:aws-us-gov:iam::111111111111:role/app']), session)).toBe(undefined)
    expect(principalMatch(block(['arn:aws:iam::111111111111:role/other']), session)).toBe(undefined)
    // A role names no user and no federated user.
    expect(principalMatch(block([ROLE]), parseCaller('arn:aws:iam::111111111111:user/app'))).toBe(undefined)
    expect(principalMatch(block([ROLE]), parseCaller('arn:aws:sts::111111111111:federated-user/app'))).toBe(
      undefined,
    )
  })

  it('aws:PrincipalArn settles a pathed role only when it is the same role of the same account', () => {
    const pathed = 'arn:aws:iam::111111111111:role/team/app'
    expect(principalMatch(block([pathed]), session, { principalArn: pathed })).toBe('role')
    expect(principalMatch(block([ROLE]), session, { principalArn: pathed })).toBe(undefined)
    // A PrincipalArn of another role or account says nothing about this session's role.
    expect(
      principalMatch(block([ROLE]), session, { principalArn: 'arn:aws:iam::111111111111:role/x/other' }),
    ).toBe('role')
    expect(
      principalMatch(block([ROLE]), session, { principalArn: 'arn:aws:iam::222222222222:role/x/app' }),
    ).toBe('role')
    expect(principalMatch(block([ROLE]), session, { principalArn: SESSION })).toBe('role')
  })

  it('a unique id matches the exact aws:userid or its session form', () => {
    const user = parseCaller('arn:aws:iam::111111111111:user/alice')
    expect(principalMatch(block(['AIDAEXAMPLEEXAMPLE12']), user, { userId: 'AIDAEXAMPLEEXAMPLE12' })).toBe(
      'direct',
    )
    expect(principalMatch(block(['AROAEXAMPLEEXAMPLE12']), session, { userId: 'AROAEXAMPLEEXAMPLE12' })).toBe(
      'role',
    )
    expect(principalMatch(block(['AIDAEXAMPLEEXAMPLE12']), user, { userId: 'XAIDAEXAMPLEEXAMPLE12' })).toBe(
      undefined,
    )
    // Too short, or lower case: not a unique id, compared as an ARN (and never equal).
    expect(principalMatch(block(['AIDAEXAMPLE']), user, { userId: 'AIDAEXAMPLE' })).toBe(undefined)
    expect(principalMatch(block(['aidaexampleexample12']), user, { userId: 'aidaexampleexample12' })).toBe(
      undefined,
    )
  })

  it('a Service entry names that service, in any case, or "*" any service; never another caller', () => {
    expect(principalMatch(block([], { Service: ['LAMBDA.amazonaws.com'] }), service)).toBe('service')
    expect(principalMatch(block([], { Service: ['*'] }), service)).toBe('service')
    expect(principalMatch(block([], { Service: ['states.amazonaws.com'] }), service)).toBe(undefined)
    expect(principalMatch(block([], { Service: ['*'] }), session)).toBe(undefined)
  })

  it('a Federated entry names a federated user or an identity-provider ARN exactly', () => {
    const idp = parseCaller('arn:aws:iam::111111111111:oidc-provider/example.com')
    expect(
      principalMatch(block([], { Federated: ['arn:aws:iam::111111111111:oidc-provider/example.com'] }), idp),
    ).toBe('direct')
    expect(
      principalMatch(block([], { Federated: ['arn:aws:iam::111111111111:oidc-provider/other'] }), idp),
    ).toBe(undefined)
  })

  it('the strongest way wins whatever the order, and principalMatches says whether any does', () => {
    const user = parseCaller('arn:aws:iam::111111111111:user/alice')
    expect(principalMatch(block(['arn:aws:iam::111111111111:user/alice', '*']), user)).toBe('direct')
    expect(principalMatch(block(['*', 'arn:aws:iam::111111111111:user/alice']), user)).toBe('direct')
    expect(principalMatch(block(['111111111111', '*']), user)).toBe('everyone')
    expect(principalMatch(block(['*', '111111111111']), user)).toBe('everyone')
    expect(principalMatch(block([ROLE, '111111111111']), session)).toBe('role')
    expect(principalMatch(block(['111111111111', ROLE]), session)).toBe('role')
    expect(principalMatch(block([ROLE, '*']), session)).toBe('everyone')
    expect(principalMatches(block([ROLE]), session)).toBe(true)
    expect(principalMatches(block(['222222222222']), session)).toBe(false)
  })
})

describe('principalMatch: the edges mutation testing found', () => {
  let session: Caller
  let fed: Caller
  beforeEach(() => {
    session = parseCaller(SESSION)
    fed = parseCaller('arn:aws:sts::111111111111:federated-user/bob')
  })

  it('awsStarMatchesAnonymous: false changes nothing for a signed caller', () => {
    expect(principalMatch(block(['*']), session, { awsStarMatchesAnonymous: false })).toBe('everyone')
  })

  it('a unique id is A, three letters, then twelve or more letters or digits: nothing before or after', () => {
    for (const v of ['XAROAEXAMPLEEXAMPLE12', 'AROAEXAMPLEEXAMPLE12-x', 'AB1234567890123'])
      expect(principalMatch(block([v]), session, { userId: v }), v).toBe(undefined)
  })

  it('a Federated entry names no IAM session, and an empty Federated list names nobody', () => {
    expect(principalMatch(block([], { Federated: [SESSION] }), session)).toBe(undefined)
    expect(principalMatch(block([], { Federated: [] }), fed)).toBe(undefined)
    expect(
      principalMatch(
        block([], {
          Federated: [
            'arn:aws:iam::111111111111:saml-provider/x',
            fed.kind === 'federated-user' ? fed.arn : '',
          ],
        }),
        fed,
      ),
    ).toBe('direct')
  })

  it('reads only a whole IAM/STS ARN as one, a region included', () => {
    expect(parseCaller('xarn:aws:iam::111111111111:role/app').kind).toBe('other')
    expect(parseCaller('arn:aws:sts:us-east-1:111111111111:assumed-role/app/s1')).toMatchObject({
      kind: 'assumed-role',
      roleName: 'app',
    })
  })
})

describe('principal edges (mutation testing)', () => {
  it('reads an IAM or STS ARN only from its start, with any region part', () => {
    expect(parseCaller('xarn:aws:iam::111111111111:user/a')).toStrictEqual({
      kind: 'other',
      arn: 'xarn:aws:iam::111111111111:user/a',
    })
    expect(parseCaller('arn:aws:iam:us-east-1:111111111111:user/a')).toMatchObject({
      kind: 'user',
      name: 'a',
    })
    // Only an ARN gets an account read from its fifth part.
    expect(parseCaller('x:y:z:w:111111111111:q')).toStrictEqual({
      kind: 'other',
      arn: 'x:y:z:w:111111111111:q',
    })
  })

  it('an account named by id and by root ARN is the same principal (IAM stores the id as the root ARN)', () => {
    const group = parseCaller('arn:aws:iam::111111111111:group/g')
    const session = parseCaller('arn:aws:sts::111111111111:assumed-role/app/s1')
    for (const caller of [group, session]) {
      const byId = principalMatch(block(['111111111111']), caller)
      const byRoot = principalMatch(block(['arn:aws:iam::111111111111:root']), caller)
      expect(byId, caller.kind).toBe(byRoot)
    }
    expect(principalMatch(block(['111111111111']), session)).toBe('account')
  })
})
