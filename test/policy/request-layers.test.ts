/**
 * The layers of a request (src/policy/request/layers.ts): their labels, the caller each one
 * evaluated, whether the authorization type consults it, and the notes that say why. These
 * are what the doctor and `pvapi policy` print next to a decision.
 */
import { describe, expect, it } from 'vitest'
import { evaluateRequest, type LayerEvaluation, type RequestInput } from '../../src/policy/index.js'

const RESOURCE = 'arn:aws:execute-api:us-east-1:111111111111:abc123/prod/GET/items'
const SESSION = 'arn:aws:sts::111111111111:assumed-role/app/s1'
const allow = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
}
const idAllow = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }

const run = (input: Partial<RequestInput>) =>
  evaluateRequest({ principal: SESSION, resource: RESOURCE, resourcePolicy: allow, ...input })
const layer = (layers: readonly LayerEvaluation[], name: string, index = 0): LayerEvaluation => {
  const l = layers.find(x => x.layer === name && x.index === index)
  if (!l) throw new Error(`no ${name} #${index}`)
  return l
}

describe('labels', () => {
  it('name each layer, by its given name or its position', () => {
    const r = run({
      vpcEndpointPolicy: { name: 'vpce-only', document: allow },
      resourcePolicy: { name: 'rp', document: allow },
      identityPolicies: [idAllow, { name: 'invoke-items', document: idAllow }],
      permissionsBoundary: { name: 'pb', document: idAllow },
      serviceControlPolicies: [{ name: 'FullAWSAccess', document: idAllow }, idAllow],
      authorizerPolicy: idAllow,
    })
    expect(r.layers.map(l => [l.layer, l.index, l.label])).toEqual([
      ['vpc-endpoint-policy', 0, 'VPC endpoint policy vpce-only'],
      ['resource-policy', 0, 'resource policy rp'],
      ['identity-policy', 0, 'identity policy #1'],
      ['identity-policy', 1, 'identity policy invoke-items'],
      ['authorizer-policy', 0, 'Lambda authorizer policy'],
      ['permissions-boundary', 0, 'permissions boundary pb'],
      ['service-control-policy', 0, 'SCP FullAWSAccess'],
      ['service-control-policy', 1, 'SCP #2'],
    ])
    const plain = run({ vpcEndpointPolicy: allow, permissionsBoundary: idAllow })
    expect(layer(plain.layers, 'vpc-endpoint-policy').label).toBe('VPC endpoint policy')
    expect(layer(plain.layers, 'resource-policy').label).toBe('resource policy')
    expect(layer(plain.layers, 'permissions-boundary').label).toBe('permissions boundary')
    expect(layer(run({}).layers, 'vpc-endpoint-policy').label).toBe(
      'VPC endpoint policy (default full access)',
    )
  })

  it('name the policy in a parse error by the same label', () => {
    const bad = { Version: '2012-10-17', Statement: [{ Effect: 'Maybe', Action: '*', Resource: '*' }] }
    expect(() => run({ identityPolicies: [idAllow, bad] })).toThrow(/identity policy #2/)
    expect(() => run({ identityPolicies: [{ name: 'mine', document: bad }] })).toThrow(
      /identity policy #1 mine/,
    )
    expect(() => run({ serviceControlPolicies: [bad] })).toThrow(/SCP #1/)
    expect(() => run({ permissionsBoundary: bad })).toThrow(/permissions boundary/)
    expect(() => run({ authorizerPolicy: bad })).toThrow(/authorizer policy/)
    expect(() => run({ vpcEndpointPolicy: bad })).toThrow(/VPC endpoint policy/)
    expect(() => run({ resourcePolicy: bad })).toThrow(/resource policy/)
  })
})

describe('sources and notes', () => {
  it('say where each policy came from, and leave out a note that has nothing to say', () => {
    const r = run({})
    expect(layer(r.layers, 'vpc-endpoint-policy').source).toBe('default')
    expect(layer(r.layers, 'resource-policy').source).toBe('given')
    for (const l of r.layers) expect(Object.keys(l)).not.toContain('note')
    expect(r.notes).toEqual(['no VPC endpoint policy given: the default full-access policy was used'])
    const given = run({ vpcEndpointPolicy: allow })
    expect(layer(given.layers, 'vpc-endpoint-policy').source).toBe('given')
    expect(given.notes).toEqual([])
  })

  it('a missing resource policy: cannot be deployed on a private API, neither allows nor denies on a public one', () => {
    const priv = layer(run({ resourcePolicy: null }).layers, 'resource-policy')
    expect(priv).toMatchObject({ source: 'missing', decision: 'implicit-deny', statements: [] })
    expect(priv.note).toMatch(/cannot be deployed/)
    const pub = layer(run({ resourcePolicy: undefined, privateApi: false }).layers, 'resource-policy')
    expect(pub.note).toMatch(/neither allows nor denies/)
  })

  it('an unsigned caller: the endpoint policy sees anonymous, and the note says why for the method type', () => {
    const unsigned = layer(run({ authorizationHeader: 'none' }).layers, 'vpc-endpoint-policy')
    expect(unsigned.caller).toBe('anonymous')
    expect(unsigned.note).toMatch(/not validly signed/)
    const custom = layer(run({ authorizationType: 'CUSTOM' }).layers, 'vpc-endpoint-policy')
    expect(custom.note).toMatch(/^CUSTOM method: .*Principal "\*"/)
    // An anonymous principal needs no explanation.
    expect(
      Object.keys(
        layer(run({ principal: 'anonymous', authorizationType: 'NONE' }).layers, 'vpc-endpoint-policy'),
      ),
    ).not.toContain('note')
  })

  it('identity-side layers are evaluated for every type but consulted by AWS_IAM only', () => {
    const input = {
      identityPolicies: [idAllow],
      permissionsBoundary: idAllow,
      serviceControlPolicies: [idAllow],
    }
    for (const l of run(input).layers) {
      expect(l.applies, l.label).toBe(true)
      expect(Object.keys(l), l.label).not.toContain('note')
    }
    const none = run({ ...input, authorizationType: 'NONE' })
    for (const name of ['identity-policy', 'permissions-boundary', 'service-control-policy']) {
      const l = layer(none.layers, name)
      expect(l.applies, name).toBe(false)
      expect(l.note, name).toBe('not evaluated by API Gateway for NONE methods')
      // They still see the signer: they belong to it.
      expect(l.caller, name).toBe(SESSION)
      expect(l.decision, name).toBe('allow')
    }
  })

  it('the authorizer layer: consulted by CUSTOM only, assumed to allow when not given', () => {
    const assumed = layer(run({ authorizationType: 'CUSTOM' }).layers, 'authorizer-policy')
    expect(assumed).toMatchObject({
      source: 'assumed',
      decision: 'allow',
      applies: true,
      caller: 'anonymous',
    })
    expect(assumed.note).toMatch(/assumed to allow/)
    const given = layer(
      run({ authorizationType: 'CUSTOM', authorizerPolicy: idAllow }).layers,
      'authorizer-policy',
    )
    expect(given).toMatchObject({ source: 'given', applies: true })
    expect(Object.keys(given)).not.toContain('note')
    const iam = layer(run({ authorizerPolicy: idAllow }).layers, 'authorizer-policy')
    expect(iam).toMatchObject({ applies: false, note: 'not evaluated by API Gateway for AWS_IAM methods' })
    expect(run({}).layers.some(l => l.layer === 'authorizer-policy')).toBe(false)
  })

  it('keeps the notes in order: endpoint, authorizer or combining, malformed', () => {
    const malformedRp = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::11111:role/app' }, Action: '*', Resource: '*' },
      ],
    }
    const custom = run({ principal: 'anonymous', authorizationType: 'CUSTOM', resourcePolicy: malformedRp })
    expect(custom.notes.map(n => n.split(':')[0])).toEqual([
      'no VPC endpoint policy given',
      'CUSTOM method without an authorizer policy',
      'malformed',
    ])
    expect(custom.malformed?.[0]).toMatch(/^resource policy Statement\[1\]\.Principal/)
    const iam = run({ principal: 'arn:aws:unknown', resourcePolicy: malformedRp })
    expect(iam.notes.map(n => n.split(':')[0])).toEqual([
      'no VPC endpoint policy given',
      'the caller or API account is unknown',
      'malformed',
    ])
  })
})

describe('the caller each layer evaluates', () => {
  it('gives anonymous callers a context without principal keys', () => {
    const needsArn = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: '*',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/app' } },
        },
      ],
    }
    const context = { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/app' }
    expect(run({ resourcePolicy: needsArn, context }).decision).toBe('allow')
    // The same request unsigned on a NONE method: the resource policy's caller is anonymous,
    // and API Gateway has no principal keys for it.
    const r = run({ resourcePolicy: needsArn, context, authorizationType: 'NONE' })
    expect(r.decision).toBe('implicit-deny')
    expect(layer(r.layers, 'resource-policy').statements[0]?.conditionsMatched).toBe(false)
  })
})
