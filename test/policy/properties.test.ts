/**
 * Properties of the evaluator, over random policies and requests (fast-check):
 * - an explicit deny that applies always wins, whatever else the layers say;
 * - adding a statement that cannot match changes nothing;
 * - NotAction is the complement of Action for the same list;
 * - the order of statements does not matter.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  evaluatePolicy,
  evaluateRequest,
  type AuthorizationType,
  type RequestInput,
  type RequestEvaluation,
} from '../../src/policy/index.js'

type Statement = Record<string, unknown>
type Doc = { Version: string; Statement: Statement[] }

const ROLE = 'arn:aws:iam::111111111111:role/app'
const API_111 = 'arn:aws:execute-api:us-east-1:111111111111:abc123'
const API_222 = 'arn:aws:execute-api:us-east-1:222222222222:abc123'

const actionPattern = fc.constantFrom(
  'execute-api:Invoke',
  'execute-api:*',
  '*',
  'execute-api:Inv*',
  'EXECUTE-API:invoke',
  'execute-api:?nvoke',
  'execute-api:ManageConnections',
  's3:GetObject',
  's3:*',
)
const resourcePattern = fc.constantFrom(
  '*',
  `${API_111}/*`,
  `${API_222}/*`,
  `${API_111}/prod/GET/*`,
  `${API_222}/prod/*/items`,
  `${API_111}/dev/*`,
  'arn:aws:execute-api:*:*:*',
  'arn:aws:execute-api:us-east-1:*:abc123/prod/GET/items',
)
const principalElement = fc.constantFrom<unknown>(
  '*',
  { AWS: '*' },
  { AWS: '111111111111' },
  { AWS: ROLE },
  { AWS: 'arn:aws:iam::333333333333:role/x' },
  { AWS: '222222222222' },
)
const condition = fc.option(
  fc.constantFrom<Record<string, unknown>>(
    { StringEquals: { 'aws:SourceVpce': 'vpce-1' } },
    { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } },
    { StringNotEqualsIfExists: { 'aws:SourceVpce': ['vpce-1', 'vpce-2'] } },
    { Null: { 'aws:SourceVpce': 'true' } },
    { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/*' } },
    { BoolIfExists: { 'aws:SecureTransport': 'true' } },
    { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] } },
  ),
  { nil: undefined },
)

/** A statement; `withPrincipal` for resource and endpoint policies. */
const statement = (withPrincipal: boolean): fc.Arbitrary<Statement> =>
  fc
    .record({
      effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
      actions: fc.array(actionPattern, { minLength: 1, maxLength: 3 }),
      notAction: fc.boolean(),
      resources: fc.array(resourcePattern, { minLength: 1, maxLength: 2 }),
      principal: principalElement,
      condition,
    })
    .map(s => ({
      Effect: s.effect,
      ...(withPrincipal ? { Principal: s.principal } : {}),
      ...(s.notAction && s.effect === 'Deny' ? { NotAction: s.actions } : { Action: s.actions }),
      Resource: s.resources,
      ...(s.condition ? { Condition: s.condition } : {}),
    }))

const withSids = (statements: Statement[]): Statement[] => statements.map((s, i) => ({ Sid: `S${i}`, ...s }))
const doc = (withPrincipal: boolean, max = 4): fc.Arbitrary<Doc> =>
  fc
    .array(statement(withPrincipal), { minLength: 1, maxLength: max })
    .map(st => ({ Version: '2012-10-17', Statement: withSids(st) }))

const scenario = fc.record({
  authorizationType: fc.constantFrom<AuthorizationType>(
    'AWS_IAM',
    'AWS_IAM',
    'NONE',
    'CUSTOM',
    'COGNITO_USER_POOLS',
  ),
  principal: fc.constantFrom(
    'arn:aws:sts::111111111111:assumed-role/app/s1',
    'arn:aws:sts::333333333333:assumed-role/x/s2',
  ),
  resource: fc.constantFrom(
    `${API_111}/prod/GET/items`,
    `${API_222}/prod/GET/items`,
    `${API_111}/dev/POST/items/1`,
  ),
  vpce: fc.option(fc.constantFrom('vpce-1', 'vpce-2'), { nil: undefined }),
  identityPolicies: fc.array(doc(false, 3), { maxLength: 2 }),
  resourcePolicy: fc.option(doc(true, 5), { nil: undefined }),
  vpcEndpointPolicy: fc.option(doc(true, 3), { nil: undefined }),
  permissionsBoundary: fc.option(doc(false, 2), { nil: undefined }),
  serviceControlPolicies: fc.array(doc(false, 2), { maxLength: 2 }),
  authorizerPolicy: fc.option(doc(false, 2), { nil: undefined }),
})

function toInput(s: {
  authorizationType: AuthorizationType
  principal: string
  resource: string
  vpce: string | undefined
  identityPolicies: Doc[]
  resourcePolicy: Doc | undefined
  vpcEndpointPolicy: Doc | undefined
  permissionsBoundary: Doc | undefined
  serviceControlPolicies: Doc[]
  authorizerPolicy: Doc | undefined
}): RequestInput {
  return {
    principal: s.principal,
    resource: s.resource,
    authorizationType: s.authorizationType,
    authorizationHeader: 'sigv4',
    context: {
      ...(s.vpce ? { 'aws:SourceVpce': s.vpce } : {}),
      'aws:SecureTransport': true,
      'aws:PrincipalArn': s.principal.includes('/app/') ? ROLE : 'arn:aws:iam::333333333333:role/x',
    },
    identityPolicies: s.identityPolicies,
    resourcePolicy: s.resourcePolicy,
    vpcEndpointPolicy: s.vpcEndpointPolicy,
    permissionsBoundary: s.permissionsBoundary,
    serviceControlPolicies: s.serviceControlPolicies,
    authorizerPolicy: s.authorizerPolicy,
  }
}

const summary = (r: RequestEvaluation): unknown => ({
  decision: r.decision,
  deniedBy: r.deniedBy,
  blockedBy: r.blockedBy,
})
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T

/** The layers each authorization type consults (where an added Deny must take effect). */
function applicableLayers(type: AuthorizationType): string[] {
  if (type === 'AWS_IAM')
    return [
      'vpcEndpointPolicy',
      'resourcePolicy',
      'identityPolicies',
      'permissionsBoundary',
      'serviceControlPolicies',
    ]
  if (type === 'CUSTOM') return ['vpcEndpointPolicy', 'resourcePolicy', 'authorizerPolicy']
  return ['vpcEndpointPolicy', 'resourcePolicy']
}

function addStatement(
  input: RequestInput,
  layer: string,
  st: Statement,
  create: boolean,
): RequestInput | undefined {
  const out = clone(input) as unknown as Record<string, unknown>
  const addTo = (d: Doc | undefined): Doc | undefined =>
    d
      ? { ...d, Statement: [...d.Statement, st] }
      : create
        ? { Version: '2012-10-17', Statement: [st] }
        : undefined
  if (layer === 'identityPolicies' || layer === 'serviceControlPolicies') {
    const list = (out[layer] as Doc[] | undefined) ?? []
    if (list.length === 0) {
      if (!create) return undefined
      out[layer] = [{ Version: '2012-10-17', Statement: [st] }]
    } else {
      list[0] = addTo(list[0]) as Doc
      out[layer] = list
    }
    return out as unknown as RequestInput
  }
  const next = addTo(out[layer] as Doc | undefined)
  if (!next) return undefined
  out[layer] = next
  return out as unknown as RequestInput
}

const params = { numRuns: 300 }

describe('policy engine properties', () => {
  it('an explicit deny that applies always wins', () => {
    fc.assert(
      fc.property(scenario, fc.nat(), (s, pick) => {
        const input = toInput(s)
        const layers = applicableLayers(s.authorizationType)
        const layer = layers[pick % layers.length] as string
        const withPrincipal = layer === 'resourcePolicy' || layer === 'vpcEndpointPolicy'
        const deny: Statement = {
          Sid: 'AddedDeny',
          Effect: 'Deny',
          ...(withPrincipal ? { Principal: '*' } : {}),
          Action: '*',
          Resource: '*',
        }
        const denied = addStatement(input, layer, deny, true) as RequestInput
        const r = evaluateRequest(denied)
        expect(r.decision).toBe('explicit-deny')
        // deniedBy names a layer that holds an applying explicit deny (there may be several
        // layers of that name, e.g. identity policies).
        expect(
          r.layers.some(l => l.layer === r.deniedBy && l.applies && l.decision === 'explicit-deny'),
        ).toBe(true)
      }),
      params,
    )
  })

  it('adding a statement that cannot match changes nothing', () => {
    const neverMatching = fc.constantFrom<Statement>(
      { Effect: 'Deny', Action: 's3:GetObject', Resource: '*' },
      {
        Effect: 'Allow',
        Action: 'execute-api:Invoke',
        Resource: 'arn:aws:execute-api:eu-west-1:999999999999:other/*',
      },
      {
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { StringEquals: { 'pvapi:never-present': 'x' } },
      },
      { Effect: 'Allow', Action: '*', Resource: '*', Condition: { Null: { 'aws:SecureTransport': 'true' } } },
      { Effect: 'Deny', NotAction: '*', Resource: '*' },
    )
    fc.assert(
      fc.property(scenario, fc.nat(), neverMatching, (s, pick, st) => {
        const input = toInput(s)
        const all = [
          'vpcEndpointPolicy',
          'resourcePolicy',
          'identityPolicies',
          'permissionsBoundary',
          'serviceControlPolicies',
          'authorizerPolicy',
        ]
        const layer = all[pick % all.length] as string
        const withPrincipal = layer === 'resourcePolicy' || layer === 'vpcEndpointPolicy'
        // Only add to policies that exist: creating a policy is a change of its own
        // (a custom endpoint policy, a resource policy where there was none).
        const changed = addStatement(
          input,
          layer,
          { ...st, ...(withPrincipal ? { Principal: '*' } : {}) },
          false,
        )
        if (!changed) return
        expect(summary(evaluateRequest(changed))).toEqual(summary(evaluateRequest(input)))
      }),
      params,
    )
  })

  it('NotAction is the complement of Action for the same list', () => {
    const action = fc.constantFrom(
      'execute-api:Invoke',
      'execute-api:InvalidateCache',
      'execute-api:ManageConnections',
      's3:GetObject',
      'sqs:SendMessage',
    )
    fc.assert(
      fc.property(fc.array(actionPattern, { minLength: 1, maxLength: 4 }), action, (list, act) => {
        const request = { action: act, resource: `${API_111}/prod/GET/items` }
        const a = evaluatePolicy(
          { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: list, Resource: '*' }] },
          request,
          { kind: 'identity' },
        )
        const n = evaluatePolicy(
          { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: list, Resource: '*' }] },
          request,
          { kind: 'identity' },
        )
        expect(n.statements[0]?.actionMatched).toBe(!a.statements[0]?.actionMatched)
        expect(n.decision === 'allow').toBe(a.decision !== 'allow')
      }),
      { numRuns: 500 },
    )
  })

  it('the order of statements does not matter', () => {
    fc.assert(
      fc.property(scenario, fc.array(fc.nat(), { minLength: 8, maxLength: 8 }), (s, seeds) => {
        const input = toInput(s)
        let k = 0
        const shuffle = (d: Doc | undefined): Doc | undefined => {
          if (!d) return d
          const st = [...d.Statement]
          for (let i = st.length - 1; i > 0; i--) {
            const j = (seeds[k++ % seeds.length] ?? 0) % (i + 1)
            ;[st[i], st[j]] = [st[j] as Statement, st[i] as Statement]
          }
          return { ...d, Statement: st }
        }
        const shuffled: RequestInput = {
          ...input,
          identityPolicies: (input.identityPolicies as Doc[]).map(d => shuffle(d) as Doc),
          resourcePolicy: shuffle(input.resourcePolicy as Doc | undefined),
          vpcEndpointPolicy: shuffle(input.vpcEndpointPolicy as Doc | undefined),
          permissionsBoundary: shuffle(input.permissionsBoundary as Doc | undefined),
          serviceControlPolicies: (input.serviceControlPolicies as Doc[]).map(d => shuffle(d) as Doc),
          authorizerPolicy: shuffle(input.authorizerPolicy as Doc | undefined),
        }
        const a = evaluateRequest(input)
        const b = evaluateRequest(shuffled)
        expect(summary(b)).toEqual(summary(a))
        const sids = (r: RequestEvaluation): string[][] =>
          r.layers.map(l => l.matchedStatements.map(m => m.sid ?? '').sort())
        expect(sids(b)).toEqual(sids(a))
      }),
      params,
    )
  })

  it('every result is plain JSON data', () => {
    fc.assert(
      fc.property(scenario, s => {
        const r = evaluateRequest(toInput(s))
        expect(clone(r)).toEqual(r)
      }),
      { numRuns: 100 },
    )
  })
})
