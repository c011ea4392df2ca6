/**
 * The combining rules (request/combine.ts) at their edges: when a layer counts as allowing,
 * which account facts choose Table A or B, the permissions-boundary exception for direct
 * grants, and how each blocking layer's decision is worded (explicit or implicit).
 */
import { describe, expect, it } from 'vitest'
import { evaluateRequest, type RequestInput } from '../../src/policy/index.js'
import { type CombineInput, combiningRule, decide } from '../../src/policy/request/combine.js'
import type { EvaluatedLayers } from '../../src/policy/request/layers.js'
import type { LayerEvaluation } from '../../src/policy/request/types.js'
import type { Decision, LayerName, StatementEvaluation } from '../../src/policy/types.js'

const RESOURCE = 'arn:aws:execute-api:us-east-1:111111111111:abc123/prod/GET/items'
const SESSION = 'arn:aws:sts::111111111111:assumed-role/app/s1'
const OTHER_SESSION = 'arn:aws:sts::222222222222:assumed-role/app/s1'
const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement })
const allow = (extra: object = {}) => ({
  Effect: 'Allow',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: '*',
  ...extra,
})
const identityAllow = doc({ Effect: 'Allow', Action: '*', Resource: '*' })
const identityAllowOther = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })
const denyAll = doc({ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' })
const boundaryS3 = doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' })

const run = (input: Partial<RequestInput>) =>
  evaluateRequest({ principal: SESSION, resource: RESOURCE, resourcePolicy: doc(allow()), ...input })
const blockOfLayer = (r: ReturnType<typeof run>, layer: string) =>
  r.blockedBy.includes(layer as never) ? r.layers.find(l => l.layer === layer)?.decision : undefined

// Hand-built layers, for combining-rule inputs the request pipeline never produces.
const statement = (effect: 'Allow' | 'Deny', applies: boolean): StatementEvaluation => ({
  index: 0,
  effect,
  applies,
  principalMatched: true,
  actionMatched: true,
  resourceMatched: true,
  conditionsMatched: applies,
  conditions: [],
})
const layer = (name: LayerName, decision: Decision, statements: StatementEvaluation[]): LayerEvaluation => ({
  layer: name,
  index: 0,
  label: name,
  applies: true,
  caller: SESSION,
  source: 'given',
  decision,
  matchedStatements: [],
  statements,
})
const layers = (over: Partial<EvaluatedLayers>): EvaluatedLayers => {
  const resource = over.resource ?? layer('resource-policy', 'allow', [statement('Allow', true)])
  const base = {
    endpoint: layer('vpc-endpoint-policy', 'allow', [statement('Allow', true)]),
    resource,
    resourcePolicy: {
      type: 'pvapi.parsed-policy',
      version: '2012-10-17',
      versionGiven: true,
      statements: [],
    },
    identity: [],
    authorizer: undefined,
    boundary: undefined,
    scps: [],
    all: [],
  } as EvaluatedLayers
  return { ...base, ...over }
}
const combine = (type: 'AWS_IAM' | 'CUSTOM' | 'NONE', over: Partial<CombineInput>) =>
  combiningRule(type)({
    layers: layers({}),
    privateApi: true,
    principalAccount: '111111111111',
    resourceAccount: '111111111111',
    ...over,
  })

describe('AWS_IAM: which table', () => {
  it('two unknown accounts are not the same account: Table B, with the note', () => {
    const c = combine('AWS_IAM', { principalAccount: undefined, resourceAccount: undefined })
    expect(c).toMatchObject({ table: 'B', sameAccount: false })
    expect(c.notes).toEqual(['the caller or API account is unknown: evaluated as cross-account (Table B)'])
  })

  it('the note is written when either account is unknown, and only then', () => {
    for (const [p, r] of [
      ['111111111111', undefined],
      [undefined, '111111111111'],
    ] as const)
      expect(combine('AWS_IAM', { principalAccount: p, resourceAccount: r }).notes, `${p} ${r}`).toHaveLength(
        1,
      )
    expect(
      combine('AWS_IAM', { principalAccount: '111111111111', resourceAccount: '222222222222' }),
    ).toMatchObject({
      table: 'B',
      notes: [],
    })
  })
})

describe('what counts as an allow', () => {
  it('an identity Allow statement that does not apply allows nothing (Table B then blocks)', () => {
    const r = run({ principal: OTHER_SESSION, identityPolicies: [identityAllowOther] })
    expect(r.blockedBy).toEqual(['identity-policy'])
    expect(blockOfLayer(r, 'identity-policy')).toBe('implicit-deny')
    expect(run({ principal: OTHER_SESSION, identityPolicies: [identityAllow] }).decision).toBe('allow')
  })

  it('an authorizer assumed to allow (CUSTOM, no policy given) allows on its own, by Table A', () => {
    const r = run({ principal: 'anonymous', authorizationType: 'CUSTOM', resourcePolicy: doc() })
    expect(r.decision).toBe('allow')
    expect(r.blockedBy).toEqual([])
  })

  it('CUSTOM without an authorizer layer at all reads it as allowing; with one that allows nothing, both block', () => {
    const rpSilent = layer('resource-policy', 'implicit-deny', [])
    expect(combine('CUSTOM', { layers: layers({ resource: rpSilent }) }).blocks).toEqual([])
    const azSilent = layer('authorizer-policy', 'implicit-deny', [statement('Allow', false)])
    expect(
      combine('CUSTOM', { layers: layers({ resource: rpSilent, authorizer: azSilent }) }).blocks,
    ).toEqual([
      { layer: 'resource-policy', decision: 'implicit-deny' },
      { layer: 'authorizer-policy', decision: 'implicit-deny' },
    ])
  })
})

describe('how a blocking layer is worded', () => {
  it('AWS_IAM: explicit when the layer denies, implicit when a table blocks it', () => {
    const deny = run({ resourcePolicy: denyAll, identityPolicies: [identityAllow] })
    expect(deny.blockedBy).toEqual(['resource-policy'])
    expect(deny).toMatchObject({ decision: 'explicit-deny', deniedBy: 'resource-policy' })
    // Cross-account with only the identity side allowing: the resource policy blocks implicitly.
    const silent = run({
      principal: OTHER_SESSION,
      resourcePolicy: doc(allow({ Principal: { AWS: '999999999999' } })),
      identityPolicies: [identityAllow],
    })
    expect(silent).toMatchObject({ decision: 'implicit-deny', deniedBy: 'resource-policy' })
    // A private API without a resource policy blocks implicitly.
    expect(run({ resourcePolicy: null, identityPolicies: [identityAllow] })).toMatchObject({
      decision: 'implicit-deny',
      deniedBy: 'resource-policy',
    })
    const idDeny = combine('AWS_IAM', {
      layers: layers({ identity: [layer('identity-policy', 'explicit-deny', [statement('Deny', true)])] }),
    })
    expect(idDeny.blocks).toEqual([{ layer: 'identity-policy', decision: 'explicit-deny' }])
  })

  it('CUSTOM: the resource policy and the authorizer, each explicit or implicit', () => {
    const custom = { principal: 'anonymous', authorizationType: 'CUSTOM' as const }
    const rpDeny = combine('CUSTOM', {
      layers: layers({ resource: layer('resource-policy', 'explicit-deny', [statement('Deny', true)]) }),
    })
    expect(rpDeny.blocks).toEqual([{ layer: 'resource-policy', decision: 'explicit-deny' }])
    const azDeny = run({ ...custom, authorizerPolicy: doc({ Effect: 'Deny', Action: '*', Resource: '*' }) })
    expect(azDeny).toMatchObject({ decision: 'explicit-deny', deniedBy: 'authorizer-policy' })
    expect(azDeny.blockedBy).toEqual(['authorizer-policy'])
    const missing = run({ ...custom, resourcePolicy: null, authorizerPolicy: identityAllow })
    expect(missing).toMatchObject({ decision: 'implicit-deny', deniedBy: 'resource-policy' })
  })

  it('NONE: the resource policy of a public API still denies; the rule adds no notes', () => {
    const r = run({
      principal: 'anonymous',
      authorizationType: 'NONE',
      privateApi: false,
      resourcePolicy: denyAll,
    })
    expect(r).toMatchObject({ decision: 'explicit-deny', deniedBy: 'resource-policy' })
    expect(combine('NONE', {}).notes).toEqual([])
    expect(combine('NONE', { privateApi: false }).blocks).toEqual([])
  })
})

describe('the permissions boundary and direct grants (same account)', () => {
  // IAM: "an implicit deny in a permissions boundary does not limit the permissions granted
  // by a resource-based policy" when the policy names the IAM user or role session directly;
  // a grant to the role ARN or the account is limited. Principal "*" narrowed by a positive
  // aws:PrincipalArn test names the caller as well.
  const boundaryRun = (...statements: object[]) =>
    run({
      resourcePolicy: doc(...statements),
      permissionsBoundary: boundaryS3,
      context: {
        'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/app',
        'aws:PrincipalAccount': '111111111111',
      },
    })
  const arnTest = (operator: string, value = 'arn:aws:iam::111111111111:role/app') =>
    allow({ Condition: { [operator]: { 'aws:PrincipalArn': value } } })

  it('a direct grant: the boundary does not limit it, and a note says why', () => {
    const r = boundaryRun(allow({ Principal: { AWS: SESSION } }))
    expect(r.decision).toBe('allow')
    expect(r.notes).toContain(
      'the resource policy grants this session or user directly, so the permissions boundary does not limit it (same account)',
    )
  })

  it.each(['ArnEquals', 'ArnLike', 'StringEquals', 'StringLike', 'StringEqualsIgnoreCase'])(
    'Principal "*" with a %s aws:PrincipalArn test is a direct grant',
    operator => {
      expect(boundaryRun(arnTest(operator)).decision).toBe('allow')
    },
  )

  it('the key is matched in any case', () => {
    const r = boundaryRun(
      allow({ Condition: { StringEquals: { 'AWS:PRINCIPALARN': 'arn:aws:iam::111111111111:role/app' } } }),
    )
    expect(r.decision).toBe('allow')
  })

  it.each([
    ['a negated test', arnTest('StringNotEquals', 'arn:aws:iam::111111111111:role/other')],
    [
      'a test on another key',
      allow({ Condition: { StringEquals: { 'aws:PrincipalAccount': '111111111111' } } }),
    ],
    [
      'a set operator',
      allow({
        Condition: {
          'ForAnyValue:StringEquals': { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/app' },
        },
      }),
    ],
    ['Principal "*" alone', allow()],
    [
      'a role-ARN principal, even with an aws:PrincipalArn test',
      allow({
        Principal: { AWS: 'arn:aws:iam::111111111111:role/app' },
        Condition: { StringEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/app' } },
      }),
    ],
  ])('%s is not a direct grant: the boundary blocks', (_why, st) => {
    const r = boundaryRun(st)
    expect(r).toMatchObject({ decision: 'implicit-deny', deniedBy: 'permissions-boundary' })
    expect(r.notes.join('\n')).not.toContain('does not limit')
  })

  it('reads the conditions of the statement that granted, not of another one', () => {
    // Statement 0 has the aws:PrincipalArn test but does not apply (another action).
    const r = boundaryRun({ ...arnTest('StringEquals'), Action: 'execute-api:ManageConnections' }, allow())
    expect(r).toMatchObject({ decision: 'implicit-deny', deniedBy: 'permissions-boundary' })
    // And the other way round: the granting statement is found by its index.
    expect(
      boundaryRun({ ...allow(), Action: 'execute-api:ManageConnections' }, arnTest('StringEquals')).decision,
    ).toBe('allow')
  })
})

describe('decide', () => {
  it('a failed authentication decides before any block, and is listed first', () => {
    expect(decide(false, [{ layer: 'resource-policy', decision: 'explicit-deny' }])).toEqual({
      decision: 'implicit-deny',
      deniedBy: 'authentication',
      blockedBy: ['authentication', 'resource-policy'],
    })
  })

  it('the first explicit deny decides, else the first block; each layer is named once', () => {
    expect(
      decide(true, [
        { layer: 'resource-policy', decision: 'implicit-deny' },
        { layer: 'service-control-policy', decision: 'implicit-deny' },
        { layer: 'service-control-policy', decision: 'explicit-deny' },
      ]),
    ).toEqual({
      decision: 'explicit-deny',
      deniedBy: 'service-control-policy',
      blockedBy: ['resource-policy', 'service-control-policy'],
    })
    expect(decide(true, [{ layer: 'identity-policy', decision: 'implicit-deny' }])).toMatchObject({
      decision: 'implicit-deny',
      deniedBy: 'identity-policy',
    })
    expect(decide(true, [])).toEqual({ decision: 'allow', blockedBy: [] })
  })
})

describe('evaluateRequest: accounts in the result', () => {
  it('names each account only when it is known', () => {
    const known = run({})
    expect(known).toMatchObject({ principalAccount: '111111111111', resourceAccount: '111111111111' })
    const unknown = run({
      principal: 'lambda.amazonaws.com',
      resource: 'execute-api-resource',
    })
    expect(unknown).not.toHaveProperty('principalAccount')
    expect(unknown).not.toHaveProperty('resourceAccount')
  })

  it('notes a malformed policy with the layer and the defect', () => {
    const r = run({
      resourcePolicy: doc(allow({ Principal: { AWS: 'arn:aws:iam::111111111111::role/app' } })),
    })
    const note = r.notes.find(n => n.startsWith('malformed: AWS would not have accepted this policy ('))
    expect(note).toContain('resource policy Statement[0].Principal: ')
    expect(note).toContain("extra ':' before 'role'")
    expect(note?.endsWith(')')).toBe(true)
  })
})
