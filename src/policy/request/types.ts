/**
 * The shapes of a whole-request evaluation (evaluate-request.ts): what goes in, and the plain
 * JSON data that comes out, layer by layer.
 */
import type {
  ApiCoordinates,
  AuthorizationHeader,
  AuthorizationType,
  ContextInput,
  Decision,
  DeniedBy,
  LayerName,
  NamedPolicy,
  PolicyEvaluation,
  PolicyInput,
} from '../types.js'

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
