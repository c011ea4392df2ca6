/**
 * One policy, statement by statement (evaluate-policy.ts): each element's verdict, the
 * references to the statements that apply, NotAction/NotResource/NotPrincipal, and the
 * malformed values a statement carries (malformed.ts). The doctor cites these facts: the
 * statement index or Sid, which element failed, and the decision.
 */
import { describe, expect, it } from 'vitest'
import { evaluatePolicy } from '../../src/policy/index.js'
import { statementDefects } from '../../src/policy/malformed.js'
import { parsePolicy } from '../../src/policy/parse.js'

const RESOURCE = 'arn:aws:execute-api:us-east-1:111111111111:abc123/prod/GET/items'
const SESSION = 'arn:aws:sts::111111111111:assumed-role/app/s1'
const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement })
const run = (policy: object, request: object = {}, kind?: 'resource') =>
  evaluatePolicy(policy as never, { resource: RESOURCE, ...request }, kind ? { kind } : {})

describe('statement verdicts', () => {
  it('reports each element separately, and applies only when all match', () => {
    const r = run(
      doc(
        { Sid: 'ok', Effect: 'Allow', Action: 'execute-api:Invoke', Resource: RESOURCE },
        { Sid: 'action', Effect: 'Allow', Action: 'execute-api:ManageConnections', Resource: RESOURCE },
        { Sid: 'resource', Effect: 'Allow', Action: '*', Resource: `${RESOURCE}/x` },
        {
          Sid: 'condition',
          Effect: 'Allow',
          Action: '*',
          Resource: '*',
          Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-2' } },
        },
      ),
      { context: { 'aws:SourceVpce': 'vpce-1' } },
    )
    expect(
      r.statements.map(s => [s.sid, s.applies, s.actionMatched, s.resourceMatched, s.conditionsMatched]),
    ).toEqual([
      ['ok', true, true, true, true],
      ['action', false, false, true, true],
      ['resource', false, true, false, true],
      ['condition', false, true, true, false],
    ])
    expect(r.statements.every(s => s.principalMatched)).toBe(true)
    expect(r.decision).toBe('allow')
    expect(r.matchedStatements).toEqual([{ index: 0, sid: 'ok', effect: 'Allow' }])
  })

  it('leaves out a Sid and a principal match the statement does not have', () => {
    const r = run(doc({ Effect: 'Allow', Action: '*', Resource: '*' }))
    const s = r.statements[0]
    expect(Object.keys(s ?? {})).not.toContain('sid')
    expect(Object.keys(s ?? {})).not.toContain('principalMatch')
    expect(Object.keys(s ?? {})).not.toContain('notPrincipalBoundaryRule')
    expect(Object.keys(s ?? {})).not.toContain('malformed')
    expect(r.matchedStatements).toEqual([{ index: 0, effect: 'Allow' }])
    expect(r).not.toHaveProperty('malformed')
  })

  it('an applying Deny wins over any Allow; no applying statement is an implicit deny', () => {
    const allow = { Effect: 'Allow', Action: '*', Resource: '*' }
    const deny = { Sid: 'no', Effect: 'Deny', Action: '*', Resource: '*' }
    const r = run(doc(allow, deny))
    expect(r.decision).toBe('explicit-deny')
    expect(r.matchedStatements.map(m => [m.index, m.effect])).toEqual([
      [0, 'Allow'],
      [1, 'Deny'],
    ])
    expect(run(doc({ ...deny, Resource: 'arn:aws:s3:::x' })).decision).toBe('implicit-deny')
    expect(run(doc({ ...allow, Action: 'x:y' }, { ...deny, Action: 'x:y' })).decision).toBe('implicit-deny')
  })

  it('NotAction and NotResource match what they do not list', () => {
    const r = run(
      doc(
        { Effect: 'Allow', NotAction: 'execute-api:Invoke', Resource: '*' },
        { Effect: 'Allow', NotAction: 'execute-api:ManageConnections', Resource: '*' },
        { Effect: 'Allow', Action: '*', NotResource: RESOURCE },
        { Effect: 'Allow', Action: '*', NotResource: 'arn:aws:s3:::x' },
      ),
    )
    expect(r.statements.map(s => s.applies)).toEqual([false, true, false, true])
  })

  it('defaults to an anonymous caller and execute-api:Invoke', () => {
    const r = run(
      doc(
        { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' },
        { Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: '*', Resource: '*' },
      ),
      {},
      'resource',
    )
    expect(r.statements.map(s => s.applies)).toEqual([true, false])
    expect(r.statements[0]?.principalMatch).toBe('everyone')
  })
})

describe('principals in a resource policy', () => {
  it('a Principal records how it named the caller', () => {
    const r = run(
      doc({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111111111111:role/app' },
        Action: '*',
        Resource: '*',
      }),
      { principal: SESSION },
      'resource',
    )
    expect(r.statements[0]).toMatchObject({ principalMatched: true, principalMatch: 'role', applies: true })
  })

  it('NotPrincipal applies to everyone it does not list', () => {
    const policy = doc({
      Effect: 'Deny',
      NotPrincipal: { AWS: 'arn:aws:iam::111111111111:role/app' },
      Action: '*',
      Resource: '*',
    })
    expect(run(policy, { principal: SESSION }, 'resource').statements[0]?.principalMatched).toBe(false)
    expect(
      run(policy, { principal: 'arn:aws:sts::111111111111:assumed-role/other/s1' }, 'resource').statements[0]
        ?.principalMatched,
    ).toBe(true)
  })

  it('reads aws:PrincipalArn and aws:userid from the context for principal matching', () => {
    const pathed = doc({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:role/team/app' },
      Action: '*',
      Resource: '*',
    })
    const other = { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/other/app' }
    expect(run(pathed, { principal: SESSION, context: other }, 'resource').decision).toBe('implicit-deny')
    const byId = doc({
      Effect: 'Allow',
      Principal: { AWS: 'AROAEXAMPLEEXAMPLE12' },
      Action: '*',
      Resource: '*',
    })
    expect(
      run(byId, { principal: SESSION, context: { 'aws:userid': 'AROAEXAMPLEEXAMPLE12:s1' } }, 'resource')
        .decision,
    ).toBe('allow')
  })
})

describe('variables in Resource', () => {
  it('resolve against the request; an unresolvable one matches nothing', () => {
    const policy = doc({
      Effect: 'Allow',
      Action: '*',
      Resource: 'arn:aws:execute-api:us-east-1:111111111111:abc123/${aws:PrincipalTag/stage}/*',
    })
    expect(run(policy, { context: { 'aws:PrincipalTag/stage': 'prod' } }).decision).toBe('allow')
    expect(run(policy, { context: { 'aws:PrincipalTag/stage': 'dev' } }).decision).toBe('implicit-deny')
    expect(run(policy).statements[0]?.resourceMatched).toBe(false)
    // Under NotResource an unresolvable variable excludes nothing.
    const not = doc({ Effect: 'Allow', Action: '*', NotResource: 'arn:aws:s3:::${aws:username}' })
    expect(run(not).statements[0]?.resourceMatched).toBe(true)
  })

  it('are literal text in a 2008-10-17 policy', () => {
    const old = {
      Version: '2008-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::${aws:username}' }],
    }
    expect(run(old, { resource: 'arn:aws:s3:::${aws:username}' }).decision).toBe('allow')
  })
})

describe('malformed values', () => {
  const statement = (s: object) => {
    const p = parsePolicy(doc(s), { kind: 'resource' })
    const st = p.statements[0]
    if (!st) throw new Error('no statement')
    return st
  }

  it('names the element of each malformed ARN, in element order', () => {
    const st = statement({
      Effect: 'Deny',
      Principal: { AWS: ['arn:aws:iam::11111:role/a'] },
      Action: '*',
      Resource: ['arn:aws:execute-api:us-east-1:1111:abc/*'],
      Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:lambda:us-east-1:22:function:f' } },
    })
    expect(statementDefects(st).map(d => d.element)).toEqual([
      'Principal',
      'Resource',
      'Condition.ArnLike.aws:SourceArn',
    ])
    expect(statementDefects(st)).toBe(statementDefects(st))
    const not = statement({
      Effect: 'Deny',
      NotPrincipal: { AWS: 'arn:aws:iam::1111:root' },
      Action: '*',
      NotResource: 'arn:aws:s3::1:x:',
    })
    expect(statementDefects(not).map(d => d.element)).toEqual(['NotPrincipal', 'NotResource'])
    // A string condition on an ARN-looking value is not an ARN test.
    const str = statement({
      Effect: 'Allow',
      Principal: '*',
      Action: '*',
      Resource: '*',
      Condition: { StringLike: { 'aws:SourceArn': 'arn:aws:lambda:us-east-1:22:function:f' } },
    })
    expect(statementDefects(str)).toEqual([])
  })

  it('evaluation reports them per statement, with the statement index', () => {
    const r = run(
      doc(
        { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
        { Effect: 'Deny', Principal: { AWS: 'arn:aws:iam::11111:role/a' }, Action: '*', Resource: '*' },
      ),
      {},
      'resource',
    )
    expect(r.statements[1]?.malformed?.[0]).toMatch(/^Principal: .*12 digits/)
    expect(r.malformed?.[0]).toMatch(/^Statement\[1\]\.Principal: /)
    expect(r.malformed).toHaveLength(1)
  })
})
