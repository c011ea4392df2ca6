/**
 * A whole request to a private REST API, in API Gateway's order:
 *
 * 1. **Authentication and the VPC endpoint policy.** "The identity of the invoker is
 *    evaluated based on the Authorization header value. The VPC endpoint policy is evaluated
 *    first": no header or a non-SigV4 header → anonymous, valid SigV4 → that principal,
 *    invalid SigV4 → denied. For CUSTOM and COGNITO_USER_POOLS methods the header carries a
 *    token, not a signature, so the endpoint policy sees an anonymous caller; for NONE with
 *    the default endpoint policy the header is not read at all, but with a custom endpoint
 *    policy a non-SigV4 header fails (403 IncompleteSignatureException, observed in the field).
 * 2. **The method's authorization type.**
 *    - `AWS_IAM`: identity policies and the resource policy, by Table A (same account:
 *      either may allow) or Table B (cross-account: both must allow); an explicit deny
 *      anywhere wins. Then a permissions boundary and the caller account's SCPs, each of
 *      which must allow.
 *    - `NONE`: the resource policy alone must explicitly allow; the caller is anonymous.
 *    - `CUSTOM`: resource-policy explicit denies first, then the Lambda authorizer's policy,
 *      combined with the resource policy by Table A; the caller is anonymous.
 *    - `COGNITO_USER_POOLS`: after authentication the resource policy must explicitly allow
 *      on its own; the caller is anonymous.
 *    A private API with no resource policy cannot be deployed and denies every call.
 *
 * Every layer is evaluated and reported, even after a denial, so the doctor can show all
 * problems at once; `deniedBy` names the layer that decides, and `blockedBy` all that deny.
 */
import { apiFromArn, parseArn } from './arn.js'
import { anonymousView, contextToJson, normalizeContext, type RequestContext } from './context.js'
import { PolicyInputError } from './errors.js'
import { evaluateParsed, type EvaluateOptions } from './evaluate-policy.js'
import { isParsedPolicy, parsePolicy } from './parse.js'
import { parseCaller, type Caller } from './principal.js'
import { expandApiGatewayShorthand, isShorthand } from './shorthand.js'
import type {
  ApiCoordinates,
  AuthorizationHeader,
  AuthorizationType,
  ContextInput,
  Decision,
  DeniedBy,
  LayerName,
  NamedPolicy,
  ParsedPolicy,
  PolicyEvaluation,
  PolicyInput,
  PolicyKind,
  StatementEvaluation,
} from './types.js'

/** Everything evaluateRequest needs to know about one request. */
export interface RequestInput {
  /** Who signed the request: a session/role/user ARN, or `anonymous`. */
  readonly principal: string
  /** @default 'execute-api:Invoke' */
  readonly action?: string
  /** The method ARN: `arn:aws:execute-api:R:A:API/STAGE/METHOD/PATH`. */
  readonly resource: string
  /** The API owner's account. @default the account in `resource` */
  readonly resourceAccount?: string
  /** The caller's account. @default the account in `principal`, else `aws:PrincipalAccount` */
  readonly principalAccount?: string
  /** The method's authorization type. @default 'AWS_IAM' */
  readonly authorizationType?: AuthorizationType
  /** What the Authorization header holds. @default 'sigv4', or 'none' for an anonymous principal */
  readonly authorizationHeader?: AuthorizationHeader
  /** Condition keys (see buildRequestContext). Used as given: nothing is added. */
  readonly context?: ContextInput
  /** The caller's identity policies (inline and managed), each a document or `{name, document}`. */
  readonly identityPolicies?: readonly (PolicyInput | NamedPolicy)[]
  /** The API's resource policy; `execute-api:/…` shorthand is expanded with `api`. */
  readonly resourcePolicy?: PolicyInput | NamedPolicy | null
  /** The VPC endpoint policy. Absent = the default full-access policy. */
  readonly vpcEndpointPolicy?: PolicyInput | NamedPolicy | null
  /** The caller's permissions boundary, when it has one. */
  readonly permissionsBoundary?: PolicyInput | NamedPolicy | null
  /** SCPs that apply to the caller's account (every level of the OU path). */
  readonly serviceControlPolicies?: readonly (PolicyInput | NamedPolicy)[]
  /**
   * For CUSTOM methods: the policy the Lambda authorizer returns. When absent the authorizer
   * is assumed to allow (the authorizer itself is diagnosed elsewhere) and a note says so.
   */
  readonly authorizerPolicy?: PolicyInput | NamedPolicy | null
  /** The API, for the shorthand. @default derived from `resource` */
  readonly api?: ApiCoordinates
  /** A private API needs a resource policy to be callable. @default true */
  readonly privateApi?: boolean
}

/** Where a layer's policy came from. */
export type LayerSource = 'given' | 'default' | 'missing' | 'assumed'

/** One policy's result within a request. */
export interface LayerEvaluation extends PolicyEvaluation {
  readonly layer: LayerName
  /** Position among layers of the same name (identity policies, SCPs); 0 otherwise. */
  readonly index: number
  /** Display name, e.g. `identity policy invoke-items` or `VPC endpoint policy (default)`. */
  readonly label: string
  /** False when this authorization type does not consult the layer (it is still evaluated, for information). */
  readonly applies: boolean
  /** The principal this layer evaluated: the signer, or `anonymous`. */
  readonly caller: string
  readonly source: LayerSource
  readonly note?: string
}

/** How API Gateway read the Authorization header. */
export interface AuthenticationResult {
  readonly header: AuthorizationHeader
  readonly ok: boolean
  /** The caller the VPC endpoint policy sees. */
  readonly endpointCaller: string
  /** The caller the method's policies see. */
  readonly methodCaller: string
  /** The API Gateway error type when authentication fails. */
  readonly errorType?: string
  readonly reason?: string
}

/** What the client would receive for a denial. */
export interface PredictedResponse {
  readonly status: 403
  readonly errorType: string
  readonly message: string
  /** False when AWS has not documented this exact text (e.g. VPC endpoint policy denials). */
  readonly documented: boolean
}

/** The outcome of a request, layer by layer. Plain JSON data. */
export interface RequestEvaluation {
  readonly decision: Decision
  /** The layer that decides a denial: the first explicit deny in API Gateway's order, else the first implicit one. */
  readonly deniedBy?: DeniedBy
  /** Every layer that denies, in API Gateway's order. */
  readonly blockedBy: readonly DeniedBy[]
  readonly principal: string
  readonly action: string
  readonly resource: string
  readonly authorizationType: AuthorizationType
  readonly principalAccount?: string
  readonly resourceAccount?: string
  /** Whether caller and API share an account (AWS_IAM only). */
  readonly sameAccount?: boolean
  /** The evaluation table used: A (either side may allow) or B (both sides must). */
  readonly table?: 'A' | 'B'
  readonly authentication: AuthenticationResult
  readonly layers: readonly LayerEvaluation[]
  /** The context used, as given. */
  readonly context: Readonly<Record<string, string | string[]>>
  readonly response?: PredictedResponse
  /**
   * Malformed ARNs in the policies, as `<layer label> Statement[i].Element: defect`. Present
   * when there are any: AWS would not have accepted such a policy, so a statement that "does
   * not match" because of one is really a policy that could not have been set.
   */
  readonly malformed?: readonly string[]
  /** Assumptions made (default endpoint policy, assumed authorizer, unknown accounts, …). */
  readonly notes: readonly string[]
}

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

const isNamed = (p: unknown): p is NamedPolicy =>
  typeof p === 'object' &&
  p !== null &&
  !isParsedPolicy(p) &&
  typeof (p as NamedPolicy).name === 'string' &&
  'document' in p &&
  !('Statement' in p)

function unwrap(p: PolicyInput | NamedPolicy): { name?: string; document: PolicyInput } {
  return isNamed(p) ? { name: p.name, document: p.document } : { document: p }
}

interface Authentication extends AuthenticationResult {
  readonly endpointCallerParsed: Caller
  readonly methodCallerParsed: Caller
}

/** API Gateway's reading of the Authorization header for this method and endpoint policy. */
function authenticate(
  type: AuthorizationType,
  header: AuthorizationHeader,
  caller: Caller,
  principal: string,
  customEndpointPolicy: boolean,
): Authentication {
  const anonymous: Caller = { kind: 'anonymous' }
  const result = (
    ok: boolean,
    endpointSigned: boolean,
    methodSigned: boolean,
    errorType?: string,
    reason?: string,
  ): Authentication => ({
    header,
    ok,
    endpointCaller: endpointSigned ? principal : 'anonymous',
    methodCaller: methodSigned ? principal : 'anonymous',
    endpointCallerParsed: endpointSigned ? caller : anonymous,
    methodCallerParsed: methodSigned ? caller : anonymous,
    ...(errorType ? { errorType } : {}),
    ...(reason ? { reason } : {}),
  })
  if (type === 'CUSTOM' || type === 'COGNITO_USER_POOLS') {
    // The header carries the authorizer's token; API Gateway does not read it as SigV4.
    return result(
      true,
      false,
      false,
      undefined,
      `${type} methods do not read the Authorization header as SigV4: every policy sees an anonymous caller`,
    )
  }
  if (type === 'AWS_IAM') {
    if (header === 'sigv4') return result(true, true, true)
    if (header === 'none')
      return result(
        false,
        false,
        false,
        'MissingAuthenticationTokenException',
        'the method requires SigV4 (AWS_IAM) and the request is not signed',
      )
    if (header === 'other')
      return result(
        false,
        false,
        false,
        'IncompleteSignatureException',
        'the method requires SigV4 (AWS_IAM) and the Authorization header is not a SigV4 signature',
      )
    return result(
      false,
      false,
      false,
      'InvalidSignatureException',
      'the SigV4 signature or the credentials in it are invalid',
    )
  }
  // NONE
  if (!customEndpointPolicy) {
    return result(
      true,
      false,
      false,
      undefined,
      'NONE method with the default endpoint policy: the Authorization header is not evaluated',
    )
  }
  if (header === 'sigv4') return result(true, true, false)
  if (header === 'none') return result(true, false, false)
  if (header === 'other') {
    return result(
      false,
      false,
      false,
      'IncompleteSignatureException',
      'with a custom VPC endpoint policy API Gateway reads the Authorization header as SigV4, and this one is not',
    )
  }
  return result(
    false,
    false,
    false,
    'InvalidSignatureException',
    'with a custom VPC endpoint policy API Gateway checks the SigV4 signature, and it is invalid',
  )
}

function combine(decisions: readonly Decision[]): Decision {
  if (decisions.includes('explicit-deny')) return 'explicit-deny'
  if (decisions.includes('allow')) return 'allow'
  return 'implicit-deny'
}

interface Block {
  readonly layer: LayerName
  readonly decision: Decision
}

/**
 * Evaluates a request to a private API through every policy layer, in API Gateway's order.
 * @throws PolicyParseError when a policy is not valid (the message names which one).
 * @throws PolicyInputError when the request itself cannot be evaluated.
 */
export function evaluateRequest(input: RequestInput): RequestEvaluation {
  const type: AuthorizationType = input.authorizationType ?? 'AWS_IAM'
  const principal = input.principal.trim()
  const caller = parseCaller(principal)
  if (caller.kind === 'other' && !principal.startsWith('arn:')) {
    throw new PolicyInputError(
      'principal',
      `"${input.principal}" is not a principal: expected an IAM or STS ARN, an account id, a service principal or "anonymous"`,
    )
  }
  const header: AuthorizationHeader =
    input.authorizationHeader ?? (caller.kind === 'anonymous' ? 'none' : 'sigv4')
  if (header === 'sigv4' && caller.kind === 'anonymous') {
    throw new PolicyInputError(
      'authorizationHeader',
      'a valid SigV4 header needs a signing principal, but the principal is anonymous',
    )
  }
  const action = input.action ?? 'execute-api:Invoke'
  const resource = input.resource
  if (typeof resource !== 'string' || resource === '')
    throw new PolicyInputError('resource', 'the resource ARN is required')
  const notes: string[] = []
  const context = normalizeContext(input.context)
  const api = input.api ?? apiFromArn(resource)
  const resourceAccount = input.resourceAccount ?? parseArn(resource)?.account ?? api?.account
  const principalAccount =
    input.principalAccount ?? caller.account ?? context.get('aws:PrincipalAccount')?.values[0]
  const privateApi = input.privateApi ?? true

  const parse = (
    p: PolicyInput | NamedPolicy,
    kind: PolicyKind,
    source: string,
  ): { name?: string; policy: ParsedPolicy } => {
    const { name, document } = unwrap(p)
    const label = name ? `${source} ${name}` : source
    let policy = parsePolicy(document, { kind, source: label })
    if (
      kind === 'resource' &&
      policy.statements.some(s => [...(s.resource ?? []), ...(s.notResource ?? [])].some(isShorthand))
    ) {
      if (!api)
        throw new PolicyInputError(
          'api',
          'the resource policy uses the execute-api:/… shorthand, but the API region, account and id are unknown: pass `api` or an execute-api resource ARN',
        )
      policy = expandApiGatewayShorthand(policy, api)
    }
    return name ? { name, policy } : { policy }
  }

  const customEndpoint = input.vpcEndpointPolicy !== undefined && input.vpcEndpointPolicy !== null
  const boundaryGiven = input.permissionsBoundary !== undefined && input.permissionsBoundary !== null
  // IAM: a Deny with NotPrincipal in a resource-based policy (the resource policy, and the VPC
  // endpoint policy, which AWS also calls a resource-based policy) always denies an IAM user
  // or role that has a permissions boundary, whatever NotPrincipal lists.
  const iamEntity = caller.kind === 'user' || caller.kind === 'role' || caller.kind === 'assumed-role'
  const resourceSideOptions = (who: Caller, extra: EvaluateOptions = {}): EvaluateOptions => ({
    ...extra,
    ...(boundaryGiven && iamEntity && who === caller ? { callerHasBoundary: true } : {}),
  })
  const auth = authenticate(type, header, caller, principal, customEndpoint)
  const layers: LayerEvaluation[] = []
  const contextFor = (c: Caller): RequestContext =>
    c.kind === 'anonymous' ? anonymousView(context) : context
  const addLayer = (
    layer: LayerName,
    index: number,
    label: string,
    policy: ParsedPolicy | undefined,
    who: Caller,
    whoText: string,
    applies: boolean,
    source: LayerSource,
    note?: string,
    options?: EvaluateOptions,
  ): LayerEvaluation => {
    const evaluation: PolicyEvaluation = policy
      ? evaluateParsed(policy, who, action, resource, contextFor(who), options)
      : { decision: source === 'assumed' ? 'allow' : 'implicit-deny', matchedStatements: [], statements: [] }
    const out: LayerEvaluation = {
      layer,
      index,
      label,
      applies,
      caller: whoText,
      source,
      ...(note ? { note } : {}),
      ...evaluation,
    }
    layers.push(out)
    return out
  }

  // 1. VPC endpoint policy, with the caller API Gateway derived from the header.
  const endpoint = customEndpoint
    ? parse(input.vpcEndpointPolicy as PolicyInput | NamedPolicy, 'endpoint', 'VPC endpoint policy')
    : undefined
  const endpointNote =
    auth.endpointCaller === 'anonymous' && caller.kind !== 'anonymous'
      ? type === 'AWS_IAM'
        ? 'the request is not validly signed, so the endpoint policy sees an anonymous caller'
        : `${type} method: the endpoint policy sees an anonymous caller, so only Principal "*" statements can match`
      : undefined
  const vpce = addLayer(
    'vpc-endpoint-policy',
    0,
    endpoint
      ? endpoint.name
        ? `VPC endpoint policy ${endpoint.name}`
        : 'VPC endpoint policy'
      : 'VPC endpoint policy (default full access)',
    endpoint?.policy ?? DEFAULT_ENDPOINT_POLICY,
    auth.endpointCallerParsed,
    auth.endpointCaller,
    true,
    endpoint ? 'given' : 'default',
    endpointNote,
    resourceSideOptions(auth.endpointCallerParsed),
  )
  if (!endpoint) notes.push('no VPC endpoint policy given: the default full-access policy was used')

  // 2. The resource policy.
  const resourceGiven = input.resourcePolicy !== undefined && input.resourcePolicy !== null
  const rpParsed = resourceGiven
    ? parse(input.resourcePolicy as PolicyInput | NamedPolicy, 'resource', 'resource policy')
    : undefined
  const rp = addLayer(
    'resource-policy',
    0,
    rpParsed?.name ? `resource policy ${rpParsed.name}` : 'resource policy',
    rpParsed?.policy,
    auth.methodCallerParsed,
    auth.methodCaller,
    true,
    rpParsed ? 'given' : 'missing',
    rpParsed
      ? undefined
      : privateApi
        ? 'a private API without a resource policy cannot be deployed, and every call fails'
        : 'no resource policy: it neither allows nor denies',
    // API Gateway: "If you set the Principal to "AWS", authorization fails for all resources
    // not secured with AWS_IAM authorization, including unsecured resources." So on NONE,
    // CUSTOM and Cognito methods {"AWS": "*"} does not name the (anonymous) caller, unlike
    // "*". The docs do not say whether a Deny naming {"AWS": …} then denies; it is read the
    // same way (it does not name the caller, so it does not apply), and a test pins that.
    resourceSideOptions(
      auth.methodCallerParsed,
      type === 'AWS_IAM' ? {} : { awsStarMatchesAnonymous: false },
    ),
  )

  // 3. Identity-side layers: only AWS_IAM methods consult the caller's IAM policies.
  const iam = type === 'AWS_IAM'
  const notIam = iam ? undefined : `not evaluated by API Gateway for ${type} methods`
  const identity = (input.identityPolicies ?? []).map((p, i) => {
    const parsed = parse(p, 'identity', `identity policy #${i + 1}`)
    return addLayer(
      'identity-policy',
      i,
      parsed.name ? `identity policy ${parsed.name}` : `identity policy #${i + 1}`,
      parsed.policy,
      caller,
      principal,
      iam,
      'given',
      notIam,
    )
  })

  // 4. The Lambda authorizer's policy (CUSTOM only).
  let authorizer: LayerEvaluation | undefined
  const authorizerGiven = input.authorizerPolicy !== undefined && input.authorizerPolicy !== null
  if (type === 'CUSTOM' || authorizerGiven) {
    const parsed = authorizerGiven
      ? parse(input.authorizerPolicy as PolicyInput | NamedPolicy, 'authorizer', 'authorizer policy')
      : undefined
    authorizer = addLayer(
      'authorizer-policy',
      0,
      'Lambda authorizer policy',
      parsed?.policy,
      auth.methodCallerParsed,
      auth.methodCaller,
      type === 'CUSTOM',
      parsed ? 'given' : 'assumed',
      parsed
        ? type === 'CUSTOM'
          ? undefined
          : `not evaluated by API Gateway for ${type} methods`
        : 'the authorizer policy was not given: assumed to allow',
    )
    if (!parsed) notes.push('CUSTOM method without an authorizer policy: the authorizer was assumed to allow')
  }

  // 5. Permissions boundary and SCPs constrain the caller's IAM identity.
  const boundary = boundaryGiven
    ? (() => {
        const parsed = parse(
          input.permissionsBoundary as PolicyInput | NamedPolicy,
          'boundary',
          'permissions boundary',
        )
        return addLayer(
          'permissions-boundary',
          0,
          parsed.name ? `permissions boundary ${parsed.name}` : 'permissions boundary',
          parsed.policy,
          caller,
          principal,
          iam,
          'given',
          notIam,
        )
      })()
    : undefined
  const scps = (input.serviceControlPolicies ?? []).map((p, i) => {
    const parsed = parse(p, 'scp', `SCP #${i + 1}`)
    return addLayer(
      'service-control-policy',
      i,
      parsed.name ? `SCP ${parsed.name}` : `SCP #${i + 1}`,
      parsed.policy,
      caller,
      principal,
      iam,
      'given',
      notIam,
    )
  })

  // Combine, in API Gateway's order.
  const blocks: Block[] = []
  const block = (layer: LayerName, decision: Decision): void => {
    if (decision !== 'allow') blocks.push({ layer, decision })
  }
  block('vpc-endpoint-policy', vpce.decision)
  let sameAccount: boolean | undefined
  let table: 'A' | 'B' | undefined
  const rpDecision = rp.decision
  // A layer "allows, but for its denies" when an Allow statement applies. The tables are
  // applied to that view too, so blockedBy also names a side that would still block once an
  // explicit deny is fixed (e.g. the missing identity policy of a cross-account caller).
  const allowsAside = (ls: readonly LayerEvaluation[]): boolean =>
    ls.some(l => l.source === 'assumed' || l.statements.some(st => st.applies && st.effect === 'Allow'))
  const rpGrants = (pred: (st: StatementEvaluation) => boolean): boolean =>
    rpParsed !== undefined && rp.statements.some(st => st.applies && st.effect === 'Allow' && pred(st))
  const rpAllows = rpGrants(() => true)
  const rpMissing = privateApi && !rpParsed
  if (type === 'AWS_IAM') {
    sameAccount = principalAccount !== undefined && principalAccount === resourceAccount
    if (principalAccount === undefined || resourceAccount === undefined) {
      notes.push('the caller or API account is unknown: evaluated as cross-account (Table B)')
    }
    table = sameAccount ? 'A' : 'B'
    const idDecision = combine(identity.map(l => l.decision))
    const idAllows = allowsAside(identity)
    // Table A: either side may allow; Table B: both must. An explicit deny blocks regardless.
    // In Table A the resource policy allows on its own only when it names the caller (or
    // "*"): a grant to the account delegates to the account, and the identity inside it
    // still needs an identity-policy allow. Across accounts that delegation is exactly what
    // Table B's resource side needs.
    const rpNamesCaller = rpGrants(st => st.principalMatch !== 'account')
    const either = rpNamesCaller || idAllows
    const rpBlocks =
      rpMissing || rpDecision === 'explicit-deny' || (sameAccount ? !either && !rpAllows : !rpAllows)
    const idBlocks = idDecision === 'explicit-deny' || (sameAccount ? !either : !idAllows)
    if (rpBlocks)
      block(
        'resource-policy',
        rpMissing ? 'implicit-deny' : rpDecision === 'allow' ? 'implicit-deny' : rpDecision,
      )
    if (idBlocks) block('identity-policy', idDecision === 'allow' ? 'implicit-deny' : idDecision)
    if (boundary) {
      // IAM: within one account, a resource-policy grant made directly to the role session
      // ARN or the IAM user ARN (or to "*" with an aws:PrincipalArn condition naming the
      // caller) is not limited by an implicit deny in a permissions boundary; a grant to the
      // role ARN (or the account) is. An explicit deny in the boundary always blocks.
      const unlimited =
        sameAccount && boundary.decision === 'implicit-deny' && rpGrants(st => directGrant(st, rpParsed))
      if (unlimited)
        notes.push(
          'the resource policy grants this session or user directly, so the permissions boundary does not limit it (same account)',
        )
      else block('permissions-boundary', boundary.decision)
    }
    for (const scp of scps) block('service-control-policy', scp.decision)
  } else if (type === 'CUSTOM') {
    table = 'A'
    // Explicit denies in the resource policy are checked before the authorizer runs; then the
    // authorizer's policy and the resource policy combine by Table A.
    const azDecision = authorizer?.decision ?? 'allow'
    const azAllows = authorizer ? allowsAside([authorizer]) : true
    if (rpMissing || rpDecision === 'explicit-deny' || (!rpAllows && !azAllows)) {
      block('resource-policy', rpMissing || rpDecision === 'allow' ? 'implicit-deny' : rpDecision)
    }
    if (azDecision === 'explicit-deny' || (!rpAllows && !azAllows))
      block('authorizer-policy', azDecision === 'allow' ? 'implicit-deny' : azDecision)
  } else {
    // NONE and COGNITO_USER_POOLS: the resource policy must allow on its own. A public
    // (non-private) API without a resource policy has nothing to deny with.
    if (rpParsed || privateApi) block('resource-policy', rpDecision)
  }

  const blockedBy = [...new Set(blocks.map(b => b.layer))] as DeniedBy[]
  let decision: Decision
  let deniedBy: DeniedBy | undefined
  if (!auth.ok) {
    decision = 'implicit-deny'
    deniedBy = 'authentication'
    blockedBy.unshift('authentication')
  } else {
    const explicit = blocks.find(b => b.decision === 'explicit-deny')
    const first = explicit ?? blocks[0]
    decision = first ? first.decision : 'allow'
    deniedBy = first?.layer
  }

  const response =
    decision === 'allow' ? undefined : predictResponse(deniedBy, decision, auth, action, resource)
  const malformed = layers.flatMap(l => (l.malformed ?? []).map(m => `${l.label} ${m}`))
  if (malformed.length > 0)
    notes.push(`malformed: AWS would not have accepted this policy (${malformed.join('; ')})`)
  return {
    decision,
    ...(deniedBy ? { deniedBy } : {}),
    blockedBy,
    principal,
    action,
    resource,
    authorizationType: type,
    ...(principalAccount !== undefined ? { principalAccount } : {}),
    ...(resourceAccount !== undefined ? { resourceAccount } : {}),
    ...(sameAccount !== undefined ? { sameAccount } : {}),
    ...(table ? { table } : {}),
    authentication: {
      header: auth.header,
      ok: auth.ok,
      endpointCaller: auth.endpointCaller,
      methodCaller: auth.methodCaller,
      ...(auth.errorType ? { errorType: auth.errorType } : {}),
      ...(auth.reason ? { reason: auth.reason } : {}),
    },
    layers,
    context: contextToJson(context),
    ...(response ? { response } : {}),
    ...(malformed.length > 0 ? { malformed } : {}),
    notes,
  }
}

/** The 403 a client would see, per the API Gateway troubleshooting guide. */
function predictResponse(
  deniedBy: DeniedBy | undefined,
  decision: Decision,
  auth: Authentication,
  action: string,
  resource: string,
): PredictedResponse {
  if (deniedBy === 'authentication') {
    const messages: Record<string, string> = {
      MissingAuthenticationTokenException: 'Missing Authentication Token',
      IncompleteSignatureException:
        'Authorization header requires a SigV4 signature (IncompleteSignatureException)',
      InvalidSignatureException:
        'The request signature we calculated does not match the signature you provided (or the security token is invalid)',
    }
    const errorType = auth.errorType ?? 'AccessDeniedException'
    return {
      status: 403,
      errorType,
      message: messages[errorType] ?? errorType,
      documented: errorType === 'MissingAuthenticationTokenException',
    }
  }
  // The authorizer layer decides a denial only by an explicit deny: when it merely does not
  // allow, the resource policy does not allow either (Table A) and, coming first, decides.
  if (deniedBy === 'authorizer-policy') {
    return {
      status: 403,
      errorType: 'AccessDeniedException',
      message: 'User is not authorized to access this resource with an explicit deny',
      documented: true,
    }
  }
  const who = deniedBy === 'vpc-endpoint-policy' ? auth.endpointCaller : auth.methodCaller
  const tail = decision === 'explicit-deny' ? ' with an explicit deny' : ''
  return {
    status: 403,
    errorType: 'AccessDeniedException',
    message: `User: ${who} is not authorized to perform: ${action} on resource: ${resource}${tail}`,
    // AWS documents these texts for the resource and identity layers, not for the endpoint policy.
    documented: deniedBy !== 'vpc-endpoint-policy',
  }
}

const POSITIVE_ARN_TESTS = new Set([
  'ArnEquals',
  'ArnLike',
  'StringEquals',
  'StringLike',
  'StringEqualsIgnoreCase',
])

/**
 * Whether an applying Allow statement grants the caller directly: by its own ARN (session,
 * user), or as "*" narrowed by a positive aws:PrincipalArn test that held for this request.
 */
function directGrant(st: StatementEvaluation, rp: { policy: ParsedPolicy } | undefined): boolean {
  if (st.principalMatch === 'direct') return true
  if (st.principalMatch !== 'everyone') return false
  const parsed = rp?.policy.statements.find(x => x.index === st.index)
  return (parsed?.conditions ?? []).some(
    c => c.key.toLowerCase() === 'aws:principalarn' && POSITIVE_ARN_TESTS.has(c.base) && c.set === undefined,
  )
}
