/**
 * Step 2 of a request: every policy layer, evaluated in API Gateway's order (VPC endpoint
 * policy, resource policy, identity policies, Lambda authorizer policy, permissions boundary,
 * SCPs). Every layer is evaluated and reported, even one the method's authorization type does
 * not consult (`applies: false`), so the doctor can show all problems at once; whether a layer
 * blocks is decided afterwards by the combining table (combine.ts).
 */
import { anonymousView } from '../context.js'
import { evaluateParsed, type EvaluateOptions } from '../evaluate-policy.js'
import type { Caller } from '../principal.js'
import type { LayerName, NamedPolicy, ParsedPolicy, PolicyEvaluation, PolicyInput } from '../types.js'
import type { RequestFacts } from './facts.js'
import { readPolicy } from './read-policy.js'
import type { LayerEvaluation, LayerSource, RequestInput } from './types.js'

/**
 * Which caller a layer sees: the one API Gateway derived for the VPC endpoint policy, the one
 * it derived for the method's policies (both anonymous unless a valid SigV4 signature was
 * read), or the signer itself (identity-side layers: they belong to the signer).
 */
export type Seat = 'endpoint' | 'method' | 'signer'

/** The arguments of one layer's evaluation. */
export interface LayerSpec {
  readonly layer: LayerName
  /** Position among layers of the same name (identity policies, SCPs). @default 0 */
  readonly index?: number
  readonly label: string
  /** Absent for a missing or assumed policy (see `source`). */
  readonly policy: ParsedPolicy | undefined
  readonly seat: Seat
  /** Whether this authorization type consults the layer. */
  readonly applies: boolean
  readonly source: LayerSource
  readonly note?: string | undefined
  readonly options?: EvaluateOptions
}

function seated(facts: RequestFacts, seat: Seat): { who: Caller; text: string } {
  const seats: Record<Seat, () => { who: Caller; text: string }> = {
    endpoint: () => ({ who: facts.auth.endpointCallerParsed, text: facts.auth.endpointCaller }),
    method: () => ({ who: facts.auth.methodCallerParsed, text: facts.auth.methodCaller }),
    signer: () => ({ who: facts.caller, text: facts.principal }),
  }
  return seats[seat]()
}

/** Evaluates one layer; without a policy, an assumed one allows and a missing one denies implicitly. */
export function evaluateLayer(facts: RequestFacts, spec: LayerSpec): LayerEvaluation {
  const { who, text } = seated(facts, spec.seat)
  const context = who.kind === 'anonymous' ? anonymousView(facts.context) : facts.context
  const evaluation: PolicyEvaluation = spec.policy
    ? evaluateParsed(spec.policy, who, facts.action, facts.resource, context, spec.options)
    : {
        decision: spec.source === 'assumed' ? 'allow' : 'implicit-deny',
        matchedStatements: [],
        statements: [],
      }
  return {
    layer: spec.layer,
    index: spec.index ?? 0,
    label: spec.label,
    applies: spec.applies,
    caller: text,
    source: spec.source,
    ...(spec.note ? { note: spec.note } : {}),
    ...evaluation,
  }
}

/**
 * Options for the resource-based layers (the resource policy, and the VPC endpoint policy,
 * which AWS also calls a resource-based policy). IAM: a Deny with NotPrincipal there always
 * denies an IAM user or role that has a permissions boundary, whatever NotPrincipal lists.
 */
function resourceSide(facts: RequestFacts, seat: Seat, extra: EvaluateOptions = {}): EvaluateOptions {
  const { who } = seated(facts, seat)
  const iamEntity =
    facts.caller.kind === 'user' || facts.caller.kind === 'role' || facts.caller.kind === 'assumed-role'
  return {
    ...extra,
    ...(facts.hasBoundary && iamEntity && who === facts.caller ? { callerHasBoundary: true } : {}),
  }
}

/** The default endpoint policy: full access for everyone. */
// Stryker disable all: a module-level table, built once at load: a static mutant (README "Mutation testing"), which the vitest runner cannot run reliably; the tests pin the table instead
const DEFAULT_ENDPOINT_POLICY: ParsedPolicy = {
  type: 'pvapi.parsed-policy',
  version: '2012-10-17',
  versionGiven: true,
  statements: [
    {
      index: 0,
      effect: 'Allow',
      principal: { wildcard: true, AWS: [], Service: [], Federated: [], CanonicalUser: [] },
      action: ['*'],
      resource: ['*'],
      conditions: [],
    },
  ],
}

type Given = PolicyInput | NamedPolicy
// Stryker restore all
function given(p: Given | null | undefined): p is Given {
  return p !== undefined && p !== null
}

/** Identity-side layers (identity policies, boundary, SCPs) are consulted by AWS_IAM methods only. */
function identitySide(facts: RequestFacts): { applies: boolean; note?: string } {
  return facts.type === 'AWS_IAM'
    ? { applies: true }
    : { applies: false, note: `not evaluated by API Gateway for ${facts.type} methods` }
}

function endpointLayer(facts: RequestFacts, input: Given | null | undefined): LayerEvaluation {
  const read = given(input)
    ? readPolicy({ input, kind: 'endpoint', source: 'VPC endpoint policy', api: facts.api })
    : undefined
  const unsigned = facts.auth.endpointCaller === 'anonymous' && facts.caller.kind !== 'anonymous'
  return evaluateLayer(facts, {
    layer: 'vpc-endpoint-policy',
    label: read
      ? read.name
        ? `VPC endpoint policy ${read.name}`
        : 'VPC endpoint policy'
      : 'VPC endpoint policy (default full access)',
    policy: read?.policy ?? DEFAULT_ENDPOINT_POLICY,
    seat: 'endpoint',
    applies: true,
    source: read ? 'given' : 'default',
    note: unsigned
      ? facts.type === 'AWS_IAM'
        ? 'the request is not validly signed, so the endpoint policy sees an anonymous caller'
        : `${facts.type} method: the endpoint policy sees an anonymous caller, so only Principal "*" statements can match`
      : undefined,
    options: resourceSide(facts, 'endpoint'),
  })
}

function resourceLayer(
  facts: RequestFacts,
  read: { name?: string; policy: ParsedPolicy } | undefined,
): LayerEvaluation {
  return evaluateLayer(facts, {
    layer: 'resource-policy',
    label: read?.name ? `resource policy ${read.name}` : 'resource policy',
    policy: read?.policy,
    seat: 'method',
    applies: true,
    source: read ? 'given' : 'missing',
    note: read
      ? undefined
      : facts.privateApi
        ? 'a private API without a resource policy cannot be deployed, and every call fails'
        : 'no resource policy: it neither allows nor denies',
    // API Gateway: "If you set the Principal to "AWS", authorization fails for all resources
    // not secured with AWS_IAM authorization, including unsecured resources." So on NONE,
    // CUSTOM and Cognito methods {"AWS": "*"} does not name the (anonymous) caller, unlike
    // "*". The docs do not say whether a Deny naming {"AWS": …} then denies; it is read the
    // same way (it does not name the caller, so it does not apply), and a test pins that.
    options: resourceSide(
      facts,
      'method',
      facts.type === 'AWS_IAM' ? {} : { awsStarMatchesAnonymous: false },
    ),
  })
}

function identityLayers(facts: RequestFacts, inputs: readonly Given[]): LayerEvaluation[] {
  return inputs.map((input, index) => {
    const read = readPolicy({
      input,
      kind: 'identity',
      source: `identity policy #${index + 1}`,
      api: facts.api,
    })
    return evaluateLayer(facts, {
      layer: 'identity-policy',
      index,
      label: read.name ? `identity policy ${read.name}` : `identity policy #${index + 1}`,
      policy: read.policy,
      seat: 'signer',
      source: 'given',
      ...identitySide(facts),
    })
  })
}

/** The Lambda authorizer's policy: a layer for CUSTOM methods, or whenever one is given (for information). */
function authorizerLayer(facts: RequestFacts, input: Given | null | undefined): LayerEvaluation | undefined {
  if (facts.type !== 'CUSTOM' && !given(input)) return undefined
  const read = given(input)
    ? readPolicy({ input, kind: 'authorizer', source: 'authorizer policy', api: facts.api })
    : undefined
  return evaluateLayer(facts, {
    layer: 'authorizer-policy',
    label: 'Lambda authorizer policy',
    policy: read?.policy,
    seat: 'method',
    applies: facts.type === 'CUSTOM',
    source: read ? 'given' : 'assumed',
    note: read
      ? facts.type === 'CUSTOM'
        ? undefined
        : `not evaluated by API Gateway for ${facts.type} methods`
      : 'the authorizer policy was not given: assumed to allow',
  })
}

function boundaryLayer(facts: RequestFacts, input: Given | null | undefined): LayerEvaluation | undefined {
  if (!given(input)) return undefined
  const read = readPolicy({ input, kind: 'boundary', source: 'permissions boundary', api: facts.api })
  return evaluateLayer(facts, {
    layer: 'permissions-boundary',
    label: read.name ? `permissions boundary ${read.name}` : 'permissions boundary',
    policy: read.policy,
    seat: 'signer',
    source: 'given',
    ...identitySide(facts),
  })
}

function scpLayers(facts: RequestFacts, inputs: readonly Given[]): LayerEvaluation[] {
  return inputs.map((input, index) => {
    const read = readPolicy({ input, kind: 'scp', source: `SCP #${index + 1}`, api: facts.api })
    return evaluateLayer(facts, {
      layer: 'service-control-policy',
      index,
      label: read.name ? `SCP ${read.name}` : `SCP #${index + 1}`,
      policy: read.policy,
      seat: 'signer',
      source: 'given',
      ...identitySide(facts),
    })
  })
}

/** Every layer of a request, by role, and in API Gateway's order (`all`). */
export interface EvaluatedLayers {
  readonly endpoint: LayerEvaluation
  readonly resource: LayerEvaluation
  /** The resource policy as parsed, when one was given (the boundary rule reads its conditions). */
  readonly resourcePolicy: ParsedPolicy | undefined
  readonly identity: readonly LayerEvaluation[]
  readonly authorizer: LayerEvaluation | undefined
  readonly boundary: LayerEvaluation | undefined
  readonly scps: readonly LayerEvaluation[]
  readonly all: readonly LayerEvaluation[]
}

/**
 * Parses and evaluates every layer, in API Gateway's order (so a parse error names the first
 * invalid policy in that order).
 */
export function evaluateLayers(facts: RequestFacts, input: RequestInput): EvaluatedLayers {
  const endpoint = endpointLayer(facts, input.vpcEndpointPolicy)
  const resourceRead = given(input.resourcePolicy)
    ? readPolicy({ input: input.resourcePolicy, kind: 'resource', source: 'resource policy', api: facts.api })
    : undefined
  const resource = resourceLayer(facts, resourceRead)
  const identity = identityLayers(facts, input.identityPolicies ?? [])
  const authorizer = authorizerLayer(facts, input.authorizerPolicy)
  const boundary = boundaryLayer(facts, input.permissionsBoundary)
  const scps = scpLayers(facts, input.serviceControlPolicies ?? [])
  return {
    endpoint,
    resource,
    resourcePolicy: resourceRead?.policy,
    identity,
    authorizer,
    boundary,
    scps,
    all: [
      endpoint,
      resource,
      ...identity,
      ...(authorizer ? [authorizer] : []),
      ...(boundary ? [boundary] : []),
      ...scps,
    ],
  }
}
