/**
 * evaluateRequest's input checks and layer reading at their edges (request/facts.ts,
 * request/read-policy.ts, request/layers.ts): what a JavaScript caller can pass, named policies,
 * shorthand detection, and the permissions-boundary rule for NotPrincipal per kind of caller.
 */
import { describe, expect, it } from 'vitest'
import {
  evaluateRequest,
  PolicyInputError,
  PolicyParseError,
  type RequestInput,
} from '../../src/policy/index.js'

const RESOURCE = 'arn:aws:execute-api:us-east-1:111111111111:abc123/prod/GET/items'
const SESSION = 'arn:aws:sts::111111111111:assumed-role/app/s1'
const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement })
const allowAll = doc({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' })
const idAllow = doc({ Effect: 'Allow', Action: '*', Resource: '*' })
const run = (input: Partial<RequestInput>) =>
  evaluateRequest({ principal: SESSION, resource: RESOURCE, resourcePolicy: allowAll, ...input })
const thrown = (f: () => unknown): unknown => {
  try {
    f()
  } catch (e) {
    return e
  }
  throw new Error('did not throw')
}

describe('request facts', () => {
  it('refuses a principal that is none, naming the field and the value', () => {
    const e = thrown(() => run({ principal: 'bob' }))
    expect(e).toBeInstanceOf(PolicyInputError)
    expect(e).toMatchObject({ field: 'principal' })
    expect((e as Error).message).toContain('"bob" is not a principal')
  })

  it('refuses a SigV4 header without a signer, naming the field', () => {
    const e = thrown(() => run({ principal: 'anonymous', authorizationHeader: 'sigv4' }))
    expect(e).toMatchObject({ field: 'authorizationHeader' })
    expect((e as Error).message).toContain('needs a signing principal')
  })

  it.each([
    ['empty', ''],
    ['missing (JavaScript callers)', undefined],
    ['not text (JavaScript callers)', 42],
  ])('refuses a resource that is %s', (_why, resource) => {
    const e = thrown(() => run({ resource: resource as string }))
    expect(e).toBeInstanceOf(PolicyInputError)
    expect(e).toMatchObject({ field: 'resource' })
    expect((e as Error).message).toContain('the resource ARN is required')
  })

  it('trims the principal, and reads its account from aws:PrincipalAccount when the caller has none', () => {
    expect(run({ principal: `  ${SESSION} ` }).principal).toBe(SESSION)
    const service = run({
      principal: 'lambda.amazonaws.com',
      context: { 'aws:PrincipalAccount': '222222222222' },
    })
    expect(service.principalAccount).toBe('222222222222')
  })

  it('a null endpoint policy or boundary is the same as none', () => {
    const none = {
      principal: SESSION,
      authorizationType: 'NONE' as const,
      authorizationHeader: 'sigv4' as const,
    }
    // With a custom endpoint policy a NONE method's endpoint sees the signer; with the default one, anonymous.
    expect(run({ ...none, vpcEndpointPolicy: null }).authentication.endpointCaller).toBe('anonymous')
    expect(run({ ...none, vpcEndpointPolicy: allowAll }).authentication.endpointCaller).toBe(SESSION)
    // A caller without a boundary is excluded by a NotPrincipal Deny that lists it.
    const notPrincipalDeny = doc(
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
      { Effect: 'Deny', NotPrincipal: { AWS: SESSION }, Action: '*', Resource: '*' },
    )
    expect(run({ resourcePolicy: notPrincipalDeny, permissionsBoundary: null }).decision).toBe('allow')
  })
})

describe('reading a layer policy', () => {
  it('a {name, document} pair is named; a document is not a name', () => {
    const named = run({ resourcePolicy: { name: 'rp', document: allowAll } })
    expect(named.layers.find(l => l.layer === 'resource-policy')?.label).toBe('resource policy rp')
    // Without a string name, or with a Statement of its own, it is a policy document (and not a valid one).
    expect(() => run({ resourcePolicy: { document: allowAll } as never })).toThrow(PolicyParseError)
    expect(() => run({ resourcePolicy: { name: 7, document: allowAll } as never })).toThrow(PolicyParseError)
    expect(() =>
      run({ resourcePolicy: { name: 'rp', document: allowAll, Statement: allowAll.Statement } as never }),
    ).toThrow(PolicyParseError)
  })

  it('expands the shorthand when any statement, or any value of one, uses it', () => {
    const other = 'arn:aws:execute-api:us-east-1:111111111111:abc123/prod/POST/other'
    const mixedStatements = doc(
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: other },
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: 'execute-api:/prod/GET/items' },
    )
    expect(run({ resourcePolicy: mixedStatements }).decision).toBe('allow')
    const mixedValues = doc({
      Effect: 'Allow',
      Principal: '*',
      Action: '*',
      Resource: [other, 'execute-api:/prod/GET/items'],
    })
    expect(run({ resourcePolicy: mixedValues }).decision).toBe('allow')
  })

  it('needs the API for the shorthand, naming the api field', () => {
    const e = thrown(() =>
      run({
        resource: 'items',
        resourcePolicy: doc({ Effect: 'Allow', Principal: '*', Action: '*', Resource: 'execute-api:/*' }),
      }),
    )
    expect(e).toMatchObject({ field: 'api' })
  })

  it('reads identity policies as identity policies: a Principal there is refused', () => {
    const withPrincipal = doc({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' })
    expect(() => run({ identityPolicies: [withPrincipal] })).toThrow(/cannot have a Principal/)
  })
})

describe('layers', () => {
  it('a layer without a policy matched no statement', () => {
    const missing = run({ resourcePolicy: null }).layers.find(l => l.layer === 'resource-policy')
    expect(missing).toMatchObject({ matchedStatements: [], statements: [] })
  })

  it('identity-side layers say their policies were given', () => {
    const r = run({
      identityPolicies: [idAllow],
      permissionsBoundary: idAllow,
      serviceControlPolicies: [idAllow],
    })
    for (const l of r.layers.filter(x => x.layer !== 'vpc-endpoint-policy'))
      expect(l.source, l.label).toBe('given')
  })

  // IAM: a Deny with NotPrincipal always applies to an IAM user or role (session) that has a
  // permissions boundary, whatever NotPrincipal lists; an account root has no boundary.
  it.each([
    ['an IAM user', 'arn:aws:iam::111111111111:user/alice', true],
    ['a role', 'arn:aws:iam::111111111111:role/app', true],
    ['a role session', SESSION, true],
    ['an account root', '111111111111', false],
  ])('NotPrincipal Deny with a boundary: %s is denied %s', (_who, principal, denied) => {
    const rp = doc(
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
      { Effect: 'Deny', NotPrincipal: { AWS: principal }, Action: '*', Resource: '*' },
    )
    const r = run({
      principal,
      resourcePolicy: rp,
      permissionsBoundary: idAllow,
      identityPolicies: [idAllow],
    })
    expect(r.decision).toBe(denied ? 'explicit-deny' : 'allow')
  })

  it('an AWS_IAM resource policy reads {"AWS": "*"} as everyone, even for an unsigned caller', () => {
    const awsStar = doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: '*', Resource: '*' })
    const r = run({ resourcePolicy: awsStar, authorizationHeader: 'none' })
    expect(r.layers.find(l => l.layer === 'resource-policy')).toMatchObject({
      caller: 'anonymous',
      decision: 'allow',
    })
  })
})

describe('combining and results', () => {
  it('an applying Deny is no allow: in Table A the resource policy still has to name the caller', () => {
    const r = run({
      resourcePolicy: doc({
        Effect: 'Allow',
        Principal: { AWS: '999999999999' },
        Action: '*',
        Resource: '*',
      }),
      identityPolicies: [
        doc(
          { Effect: 'Deny', Action: 's3:*', Resource: '*' },
          { Effect: 'Deny', Action: '*', Resource: '*' },
        ),
      ],
    })
    expect(r.blockedBy).toEqual(['resource-policy', 'identity-policy'])
  })

  it('lists every malformed value in the note, separated', () => {
    const r = run({
      resourcePolicy: doc(
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::11111:role/a' }, Action: '*', Resource: '*' },
        { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
      ),
      vpcEndpointPolicy: doc({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::22222:role/b' },
        Action: '*',
        Resource: '*',
      }),
    })
    expect(r.malformed).toHaveLength(2)
    const note = r.notes.find(n => n.startsWith('malformed:'))
    expect(note).toBe(`malformed: AWS would not have accepted this policy (${r.malformed?.join('; ')})`)
    expect(note).toContain('; resource policy Statement[0]')
  })
})

describe('layers (mutation testing, continued)', () => {
  const bad = doc({ Effect: 'Maybe', Action: '*', Resource: '*' })
  it.each([
    ['vpcEndpointPolicy', 'VPC endpoint policy'],
    ['authorizerPolicy', 'authorizer policy'],
    ['permissionsBoundary', 'permissions boundary'],
    ['resourcePolicy', 'resource policy'],
  ])('a parse error in %s names it as the %s', (field, source) => {
    const e = thrown(() => run({ [field]: bad }))
    expect(e).toBeInstanceOf(PolicyParseError)
    expect((e as PolicyParseError).source).toBe(source)
  })

  it('the boundary rule follows the signer only: an endpoint that sees an unsigned caller does not apply it', () => {
    // NONE method, no Authorization header, a custom endpoint policy: the endpoint sees anonymous.
    const endpoint = doc(
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
      { Effect: 'Deny', NotPrincipal: { AWS: '*' }, Action: '*', Resource: '*' },
    )
    const r = run({
      authorizationType: 'NONE',
      authorizationHeader: 'none',
      vpcEndpointPolicy: endpoint,
      permissionsBoundary: idAllow,
    })
    expect(r.layers[0]).toMatchObject({ caller: 'anonymous', decision: 'allow' })
    expect(r.decision).toBe('allow')
  })
})

describe('each layer is parsed as its kind', () => {
  const withPrincipal = doc({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' })
  it('an endpoint policy statement needs a Principal', () => {
    expect(() => run({ vpcEndpointPolicy: idAllow })).toThrow(/must have a Principal/)
  })
  it.each(['authorizerPolicy', 'permissionsBoundary'])('a %s cannot have one', field => {
    expect(() => run({ [field]: withPrincipal })).toThrow(/cannot have a Principal/)
  })
})
