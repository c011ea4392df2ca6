/**
 * Shared types of the policy engine. Everything a caller gets back is plain,
 * JSON-serializable data (no Maps, classes or functions), so the doctor can store
 * an evaluation in a snapshot and render it later.
 */

/** A request context value, as IAM sees it: a single value or a multivalued key. */
export type ContextScalar = string | number | boolean
/** A context value: a scalar, or an array for a multivalued key such as `aws:PrincipalOrgPaths`. */
export type ContextValue = ContextScalar | readonly ContextScalar[]
/** Context keys to values. Key names are case-insensitive, as in IAM. `undefined`/`null` mean absent. */
export type ContextInput = Readonly<Record<string, ContextValue | null | undefined>>

/** The policy versions IAM knows. Only 2012-10-17 substitutes `${…}` policy variables. */
export type PolicyVersion = '2012-10-17' | '2008-10-17'

/** Which kind of policy a document is; it decides what the grammar requires (e.g. `Principal`). */
export type PolicyKind = 'identity' | 'resource' | 'endpoint' | 'boundary' | 'scp' | 'authorizer'

/** The outcome of one policy or of a whole request. */
export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny'

/** A policy document as raw JSON (loosely typed: parsePolicy validates it). */
export type PolicyDocument = Readonly<Record<string, unknown>>

/**
 * Anything parsePolicy accepts: a document object, JSON text, the escaped string that
 * API Gateway returns in `GetRestApi.policy`, a VPC endpoint `PolicyDocument` string,
 * or an already parsed policy.
 */
export type PolicyInput = string | PolicyDocument | ParsedPolicy

/** A policy with a display name (for example the IAM policy name), for the request layers. */
export interface NamedPolicy {
  readonly name: string
  readonly document: PolicyInput
}

/** The `Principal` / `NotPrincipal` element, normalized. */
export interface ParsedPrincipal {
  /** True for the bare string form `"Principal": "*"`. */
  readonly wildcard: boolean
  readonly AWS: readonly string[]
  readonly Service: readonly string[]
  readonly Federated: readonly string[]
  readonly CanonicalUser: readonly string[]
}

/** A base condition operator (without `IfExists` or a set prefix). */
export type BaseOperator =
  | 'StringEquals'
  | 'StringNotEquals'
  | 'StringEqualsIgnoreCase'
  | 'StringNotEqualsIgnoreCase'
  | 'StringLike'
  | 'StringNotLike'
  | 'NumericEquals'
  | 'NumericNotEquals'
  | 'NumericLessThan'
  | 'NumericLessThanEquals'
  | 'NumericGreaterThan'
  | 'NumericGreaterThanEquals'
  | 'DateEquals'
  | 'DateNotEquals'
  | 'DateLessThan'
  | 'DateLessThanEquals'
  | 'DateGreaterThan'
  | 'DateGreaterThanEquals'
  | 'Bool'
  | 'BinaryEquals'
  | 'IpAddress'
  | 'NotIpAddress'
  | 'ArnEquals'
  | 'ArnLike'
  | 'ArnNotEquals'
  | 'ArnNotLike'
  | 'Null'

/** A set operator prefix for multivalued keys. */
export type SetOperator = 'ForAnyValue' | 'ForAllValues'

/** One condition key test: `Condition.<operator>.<key>: <values>`. */
export interface ParsedCondition {
  /** The operator exactly as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  readonly operator: string
  readonly base: BaseOperator
  readonly set?: SetOperator
  readonly ifExists: boolean
  /** The key as written (matching is case-insensitive). */
  readonly key: string
  /** The policy values, as strings (IAM compares `true` and `"true"` alike). */
  readonly values: readonly string[]
}

/** One statement, normalized. Element arrays are present only when the element was. */
export interface ParsedStatement {
  /** Position in the document's `Statement` array (0 when `Statement` is a single object). */
  readonly index: number
  readonly sid?: string
  readonly effect: 'Allow' | 'Deny'
  readonly principal?: ParsedPrincipal
  readonly notPrincipal?: ParsedPrincipal
  readonly action?: readonly string[]
  readonly notAction?: readonly string[]
  readonly resource?: readonly string[]
  readonly notResource?: readonly string[]
  readonly conditions: readonly ParsedCondition[]
}

/** A validated, normalized policy. Plain data: it can be serialized and passed back in. */
export interface ParsedPolicy {
  /** Marks the object as already parsed, so parsePolicy returns it unchanged. */
  readonly type: 'pvapi.parsed-policy'
  readonly version: PolicyVersion
  /** False when the document had no `Version` (IAM then applies 2008-10-17 rules). */
  readonly versionGiven: boolean
  readonly id?: string
  readonly statements: readonly ParsedStatement[]
}

/** Where a statement sits, for reports. */
export interface StatementRef {
  readonly index: number
  readonly sid?: string
  readonly effect: 'Allow' | 'Deny'
}

/** How one condition key test came out, with the values on both sides. */
export interface ConditionExplanation {
  /** Operator as written. */
  readonly operator: string
  /** Key as written in the policy. */
  readonly key: string
  /** Policy values as written. */
  readonly expected: readonly string[]
  /** Policy values after `${…}` substitution; present only when it changed something. */
  readonly resolved?: readonly string[]
  /** The request's values for the key; `null` when the request does not carry the key. */
  readonly actual: readonly string[] | null
  readonly matched: boolean
  /** Why, when it is not obvious (absent keys, IfExists, set operators, unresolved variables). */
  readonly reason?: string
}

/** How one statement came out, element by element. */
export interface StatementEvaluation extends StatementRef {
  /** True when principal, action, resource and every condition matched. */
  readonly applies: boolean
  /** True when the statement has no Principal/NotPrincipal (identity-style policies). */
  readonly principalMatched: boolean
  readonly actionMatched: boolean
  readonly resourceMatched: boolean
  readonly conditionsMatched: boolean
  readonly conditions: readonly ConditionExplanation[]
  /**
   * How the Principal element named the caller (`direct`, `everyone`, `role`, `account`,
   * `service`); absent when the statement has no Principal or it did not match.
   */
  readonly principalMatch?: 'direct' | 'everyone' | 'role' | 'account' | 'service'
  /**
   * True when this NotPrincipal Deny lists the caller but applies anyway: IAM applies a
   * NotPrincipal Deny to every principal that has a permissions boundary.
   */
  readonly notPrincipalBoundaryRule?: true
  /**
   * Malformed ARNs in the statement, each with its element and the defect. AWS would not have
   * accepted this policy: read a non-match here as "malformed", not as "does not match".
   */
  readonly malformed?: readonly string[]
}

/** The result of one policy for one request. */
export interface PolicyEvaluation {
  readonly decision: Decision
  /** The statements that apply (all conditions true), in document order. */
  readonly matchedStatements: readonly StatementRef[]
  /** Every statement, applying or not, with the reason. */
  readonly statements: readonly StatementEvaluation[]
  /**
   * Present when the policy holds malformed ARNs (`Statement[i].Element: defect`): AWS would
   * not have accepted this policy, so its result says little about the real one.
   */
  readonly malformed?: readonly string[]
}

/** Which policy layer denied a request. */
export type LayerName =
  | 'vpc-endpoint-policy'
  | 'resource-policy'
  | 'identity-policy'
  | 'authorizer-policy'
  | 'permissions-boundary'
  | 'service-control-policy'

/** `deniedBy` also names authentication failures, which stop a request before any policy. */
export type DeniedBy = LayerName | 'authentication'

/** API Gateway method authorization types. */
export type AuthorizationType = 'AWS_IAM' | 'NONE' | 'CUSTOM' | 'COGNITO_USER_POOLS'

/**
 * What the request's `Authorization` header holds. API Gateway derives the caller the VPC
 * endpoint policy sees from it: none or non-SigV4 (`other`, e.g. a bearer token) → anonymous,
 * valid SigV4 → that IAM principal, invalid SigV4 → denied.
 */
export type AuthorizationHeader = 'none' | 'sigv4' | 'invalid-sigv4' | 'other'

/** Region, account and id of a REST API: what the `execute-api:/…` shorthand expands with. */
export interface ApiCoordinates {
  readonly region: string
  readonly account: string
  readonly apiId: string
  /** @default 'aws' */
  readonly partition?: string
}
