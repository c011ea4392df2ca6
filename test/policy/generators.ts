/**
 * Random private-API requests for the property tests (fast-check): session callers of pathed
 * and unpathed roles, IAM users and anonymous callers; AWS_IAM and NONE methods; Principal and
 * NotPrincipal in Allow and Deny; identity policies, permissions boundaries, up to three SCP
 * levels; every condition operator family (IfExists and set operators too) over the keys such
 * a request carries, the 2025 VPC endpoint keys included. Each scenario is given both as the
 * reference evaluator's request and as pvapi's RequestInput.
 */
import fc from 'fast-check'
import type { RequestInput } from '../../src/policy/index.js'
import type { Json, RefRequest } from './reference-iam.js'

const A = '111111111111'
const B = '222222222222'
const ROLE_PATHED = `arn:aws:iam::${A}:role/team/app`
const ROLE_PLAIN = `arn:aws:iam::${A}:role/app`
const SESSION = `arn:aws:sts::${A}:assumed-role/app/s1`
const USER = `arn:aws:iam::${A}:user/alice`

const pick = <T>(...xs: T[]): fc.Arbitrary<T> => fc.constantFrom(...xs)

/** One condition test per operator family, over keys a private-API request carries. */
const condition: fc.Arbitrary<Json> = fc.oneof(
  fc
    .tuple(
      pick(
        'StringEquals',
        'StringNotEquals',
        'StringEqualsIgnoreCase',
        'StringNotEqualsIgnoreCase',
        'StringLike',
        'StringNotLike',
        'StringEqualsIfExists',
        'StringNotEqualsIfExists',
      ),
      pick('aws:SourceVpce', 'aws:PrincipalTag/team', 'aws:VpceAccount', 'aws:VpceOrgID'),
      fc.subarray(['vpce-1', 'VPCE-1', 'vpce-?', 'pay*', 'payments', 'o-aaa', A, '333333333333'], {
        minLength: 1,
        maxLength: 2,
      }),
    )
    .map(([op, key, values]) => ({ [op]: { [key]: values } })),
  fc
    .tuple(
      pick(
        'ForAnyValue:StringLike',
        'ForAllValues:StringLike',
        'ForAnyValue:StringEquals',
        'ForAllValues:StringNotEquals',
      ),
      fc.subarray(['o-aaa/r-1/ou-1/', 'o-aaa/r-1/*', 'o-bbb/*', 'o-aaa/r-1/ou-2/'], {
        minLength: 1,
        maxLength: 2,
      }),
    )
    .map(([op, values]) => ({ [op]: { 'aws:VpceOrgPaths': values } })),
  fc
    .tuple(
      pick(
        'NumericEquals',
        'NumericNotEquals',
        'NumericLessThan',
        'NumericLessThanEquals',
        'NumericGreaterThan',
        'NumericGreaterThanEquals',
      ),
      pick('1699999999', '1700000000', '1700000001'),
    )
    .map(([op, v]) => ({ [op]: { 'aws:EpochTime': v } })),
  fc
    .tuple(
      pick(
        'DateEquals',
        'DateNotEquals',
        'DateLessThan',
        'DateLessThanEquals',
        'DateGreaterThan',
        'DateGreaterThanEquals',
      ),
      pick('2023-11-14T22:13:20Z', '2023-11-14T22:13:19Z', '2024-01-01T00:00:00Z', '1700000000'),
    )
    .map(([op, v]) => ({ [op]: { 'aws:CurrentTime': v } })),
  pick('true', 'false').map(v => ({ Bool: { 'aws:SecureTransport': v } })),
  pick('aGVsbG8=', 'd29ybGQ=').map(v => ({ BinaryEquals: { 'example:Blob': v } })),
  fc
    .tuple(
      pick('IpAddress', 'NotIpAddress', 'IpAddressIfExists'),
      pick('10.0.0.0/16', '10.0.1.5/32', '192.168.0.0/16'),
    )
    .map(([op, v]) => ({ [op]: { 'aws:VpcSourceIp': v } })),
  fc
    .tuple(
      pick('ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'),
      pick(ROLE_PATHED, ROLE_PLAIN, `arn:aws:iam::${A}:role/*`, `arn:aws:iam::*:user/*`, USER),
    )
    .map(([op, v]) => ({ [op]: { 'aws:PrincipalArn': v } })),
  fc
    .tuple(pick('aws:VpceOrgID', 'aws:PrincipalTag/team', 'aws:PrincipalArn'), pick('true', 'false'))
    .map(([key, v]) => ({ Null: { [key]: v } })),
)

const conditions: fc.Arbitrary<Json | undefined> = fc
  .oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 4, arbitrary: fc.array(condition, { minLength: 1, maxLength: 2 }) },
  )
  .map(cs => {
    if (!cs) return undefined
    // Merge the tests; a repeated operator keeps both keys.
    const out: Record<string, Json> = {}
    for (const c of cs as Json[])
      for (const [op, block] of Object.entries(c)) out[op] = { ...(out[op] ?? {}), ...(block as Json) }
    return out
  })

const principalValues = fc.subarray(
  ['*', A, `arn:aws:iam::${A}:root`, ROLE_PATHED, ROLE_PLAIN, SESSION, USER, `arn:aws:iam::${B}:role/other`],
  { minLength: 1, maxLength: 3 },
)

const principalPart: fc.Arbitrary<Json> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ Principal: '*' }) },
  { weight: 5, arbitrary: principalValues.map(v => ({ Principal: { AWS: v } })) },
  { weight: 2, arbitrary: principalValues.map(v => ({ NotPrincipal: { AWS: v } })) },
)

const actionPart: fc.Arbitrary<Json> = fc.oneof(
  { weight: 6, arbitrary: pick('execute-api:Invoke', 'execute-api:*', '*').map(a => ({ Action: [a] })) },
  { weight: 1, arbitrary: fc.constant({ Action: ['s3:GetObject'] }) },
  { weight: 1, arbitrary: pick('s3:*', 'execute-api:Invoke').map(a => ({ NotAction: [a] })) },
)

const resourcePart = (apiAccount: string): fc.Arbitrary<Json> =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: pick(
        '*',
        'arn:aws:execute-api:us-east-1:*:abc123/*',
        `arn:aws:execute-api:us-east-1:${apiAccount}:abc123/prod/GET/*`,
        'arn:aws:execute-api:*:*:abc123/*/POST/*',
        'arn:aws:execute-api:us-*-1:*:*',
        'arn:aws:execute-api:*',
        'arn:aws:execute-api:us-east-1:999999999999:abc123/*',
      ).map(r => ({ Resource: [r] })),
    },
    {
      weight: 1,
      arbitrary: pick(`arn:aws:execute-api:us-east-1:${apiAccount}:abc123/*/DELETE/*`).map(r => ({
        NotResource: [r],
      })),
    },
  )

const statement = (apiAccount: string, withPrincipal: boolean, allowWeight: number): fc.Arbitrary<Json> =>
  fc
    .record({
      allow: fc.nat(9).map(n => n < allowWeight),
      principal: withPrincipal ? principalPart : fc.constant({}),
      action: actionPart,
      resource: resourcePart(apiAccount),
      condition: conditions,
    })
    .map(s => ({
      Effect: s.allow ? 'Allow' : 'Deny',
      ...s.principal,
      ...s.action,
      ...s.resource,
      ...(s.condition ? { Condition: s.condition } : {}),
    }))

const policy = (
  apiAccount: string,
  withPrincipal: boolean,
  allowWeight: number,
  max = 3,
): fc.Arbitrary<Json> =>
  fc
    .array(statement(apiAccount, withPrincipal, allowWeight), { minLength: 1, maxLength: max })
    .map(Statement => ({ Version: '2012-10-17', Statement }))

export const ALLOW_ALL: Json = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
}

export interface Scenario {
  readonly ref: RefRequest
  readonly input: RequestInput
}

export const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    apiAccount: pick(A, B),
    caller: pick('session-pathed', 'session-plain', 'user', 'anonymous'),
    method: fc.oneof(
      { weight: 3, arbitrary: fc.constant('AWS_IAM' as const) },
      { weight: 1, arbitrary: fc.constant('NONE' as const) },
    ),
    route: pick('prod/GET/items', 'prod/POST/orders/7', 'test/DELETE/items'),
    tag: pick('payments', 'ops', undefined),
    vpce: pick('vpce-1', 'vpce-2'),
    vpceAccount: pick(A, '333333333333', undefined),
    vpceOrgId: pick('o-aaa', 'o-bbb', undefined),
    vpceOrgPaths: pick(['o-aaa/r-1/ou-1/'], ['o-aaa/r-1/ou-1/', 'o-aaa/r-1/ou-2/'], undefined),
    sourceIp: pick('10.0.1.5', '192.168.3.4'),
    secure: pick('true', 'false'),
    blob: pick('aGVsbG8=', 'd29ybGQ=', undefined),
  })
  .chain(base =>
    fc.record({
      base: fc.constant(base),
      endpointPolicy: fc.option(policy(base.apiAccount, true, 7), { freq: 2 }),
      resourcePolicy: fc.option(policy(base.apiAccount, true, 7), { freq: 12 }),
      identityPolicies: fc.array(policy(base.apiAccount, false, 8), { maxLength: 2 }),
      boundary: fc.option(policy(base.apiAccount, false, 8, 2), { freq: 2 }),
      scps: fc.array(fc.oneof(fc.constant(ALLOW_ALL), policy(base.apiAccount, false, 8, 2)), {
        maxLength: 3,
      }),
    }),
  )
  .map(({ base, ...p }) => {
    const anonymous = base.caller === 'anonymous'
    const method = anonymous ? 'NONE' : base.method
    const principal = anonymous ? 'anonymous' : base.caller === 'user' ? USER : SESSION
    const principalArn =
      base.caller === 'user' ? USER : base.caller === 'session-pathed' ? ROLE_PATHED : ROLE_PLAIN
    const context: Record<string, string | string[]> = {
      'aws:SourceVpce': base.vpce,
      'aws:VpcSourceIp': base.sourceIp,
      'aws:SecureTransport': base.secure,
      'aws:EpochTime': '1700000000',
      'aws:CurrentTime': '2023-11-14T22:13:20Z',
    }
    if (!anonymous) {
      context['aws:PrincipalArn'] = principalArn
      context['aws:PrincipalAccount'] = A
      if (base.tag) context['aws:PrincipalTag/team'] = base.tag
    }
    if (base.vpceAccount) context['aws:VpceAccount'] = base.vpceAccount
    if (base.vpceOrgId) context['aws:VpceOrgID'] = base.vpceOrgId
    if (base.vpceOrgPaths) context['aws:VpceOrgPaths'] = base.vpceOrgPaths
    if (base.blob) context['example:Blob'] = base.blob
    const resource = `arn:aws:execute-api:us-east-1:${base.apiAccount}:abc123/${base.route}`
    const ref: RefRequest = {
      principal,
      action: 'execute-api:Invoke',
      resource,
      authorizationType: method,
      signed: !anonymous,
      context,
      ...(p.endpointPolicy ? { endpointPolicy: p.endpointPolicy } : {}),
      ...(p.resourcePolicy ? { resourcePolicy: p.resourcePolicy } : {}),
      identityPolicies: p.identityPolicies,
      ...(p.boundary && !anonymous ? { boundary: p.boundary } : {}),
      scps: p.scps,
    }
    const input: RequestInput = {
      principal,
      resource,
      authorizationType: method,
      authorizationHeader: anonymous ? 'none' : 'sigv4',
      context,
      resourcePolicy: p.resourcePolicy ?? null,
      vpcEndpointPolicy: p.endpointPolicy ?? null,
      identityPolicies: p.identityPolicies,
      permissionsBoundary: p.boundary && !anonymous ? p.boundary : null,
      serviceControlPolicies: p.scps,
    }
    return { ref, input }
  })
