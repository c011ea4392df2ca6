/**
 * pvapi/policy: IAM policy evaluation with API Gateway's semantics for private REST APIs.
 * Pure TypeScript: no AWS SDK, no I/O. Every result is plain JSON data.
 *
 * Module map:
 * - parse.ts, json-text.ts: grammar, escaped GetRestApi.policy strings, path-named errors
 * - evaluate-policy.ts: one policy; evaluate-request.ts: the whole request, layer by layer
 *   (request/: authentication tables, the layers, one combining rule per authorization type)
 * - principal.ts, wildcard.ts, variables.ts, conditions/: matching rules
 * - context.ts: the request context and its builder
 * - shorthand.ts: `execute-api:/…` expansion; arn.ts: execute-api ARNs and invoke URLs
 * - hints.ts: what would make a denial pass; lint.ts: least-privilege findings;
 *   scaffold.ts: a least-privilege policy set for given routes
 */
export { PolicyInputError, PolicyParseError, type PolicyIssue } from './errors.js'
export {
  analysePolicy,
  isParsedPolicy,
  parsePolicy,
  type ParseOptions,
  type PolicyAnalysis,
} from './parse.js'
export { evaluatePolicy, type PolicyRequest } from './evaluate-policy.js'
export {
  evaluateRequest,
  type AuthenticationResult,
  type LayerEvaluation,
  type LayerSource,
  type PredictedResponse,
  type RequestEvaluation,
  type RequestInput,
} from './evaluate-request.js'
export { buildRequestContext, type RequestContextFacts } from './context.js'
export { expandApiGatewayShorthand, expandShorthandResource, isShorthand } from './shorthand.js'
export {
  apiFromArn,
  executeApiArn,
  executeApiWildcardArn,
  parseApiReference,
  parseArn,
  parseExecuteApiArn,
  type ApiReference,
  type Arn,
  type ExecuteApiArn,
  type MethodArnParts,
} from './arn.js'
export { parseCaller, type Caller } from './principal.js'
export { denialHints, type DenialHint, type HintKind } from './hints.js'
export { lintPolicy, type LintFinding, type LintOptions, type LintSeverity } from './lint.js'
export {
  parseRoute,
  scaffoldPolicies,
  type ScaffoldDocument,
  type ScaffoldInput,
  type ScaffoldOutput,
  type ScaffoldRoute,
  type SecurityGroupRule,
} from './scaffold.js'
export type * from './types.js'
