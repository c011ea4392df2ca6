/**
 * A whole request to a private REST API, in API Gateway's order. A newcomer reads it in four
 * steps, one file each under request/:
 *
 * 1. **Authentication** (request/authenticate.ts): how the Authorization header is read for
 *    this method type and endpoint policy, as tables by header; it decides which caller the
 *    VPC endpoint policy and the method's policies see (the signer, or anonymous).
 * 2. **Layers** (request/layers.ts): every policy (VPC endpoint, resource, identity, Lambda
 *    authorizer, permissions boundary, SCPs) evaluated for the caller its seat sees. Every
 *    layer is evaluated and reported, even after a denial, so the doctor can show all
 *    problems at once.
 * 3. **Combining** (request/combine.ts): one rule per authorization type (AWS_IAM: Table A
 *    or B, then boundary and SCPs; CUSTOM: resource policy and authorizer by Table A; NONE and
 *    COGNITO_USER_POOLS: the resource policy alone) names the layers that block; the VPC
 *    endpoint policy must allow for every type. `deniedBy` names the layer that decides (the
 *    first explicit deny in API Gateway's order, else the first implicit one), and
 *    `blockedBy` all that deny.
 * 4. **Response** (request/response.ts): the 403 a client would see.
 *
 * request/facts.ts checks the input first; request/types.ts holds the input and output shapes.
 */
import { contextToJson } from './context.js'
import { blockOf, combiningRule, decide } from './request/combine.js'
import { requestFacts } from './request/facts.js'
import { evaluateLayers } from './request/layers.js'
import { predictResponse } from './request/response.js'
import type { RequestEvaluation, RequestInput } from './request/types.js'

export type {
  AuthenticationResult,
  LayerEvaluation,
  LayerSource,
  PredictedResponse,
  RequestEvaluation,
  RequestInput,
} from './request/types.js'

/**
 * Evaluates a request to a private API through every policy layer, in API Gateway's order.
 * @throws PolicyParseError when a policy is not valid (the message names which one).
 * @throws PolicyInputError when the request itself cannot be evaluated.
 */
export function evaluateRequest(input: RequestInput): RequestEvaluation {
  const facts = requestFacts(input)
  const { auth, principalAccount, resourceAccount } = facts
  const layers = evaluateLayers(facts, input)
  const combined = combiningRule(facts.type)({
    layers,
    privateApi: facts.privateApi,
    principalAccount,
    resourceAccount,
  })
  const { decision, deniedBy, blockedBy } = decide(auth.ok, [
    ...blockOf('vpc-endpoint-policy', layers.endpoint.decision),
    ...combined.blocks,
  ])
  const response =
    decision === 'allow'
      ? undefined
      : predictResponse({ deniedBy, decision, auth, action: facts.action, resource: facts.resource })

  const notes: string[] = []
  if (layers.endpoint.source === 'default')
    notes.push('no VPC endpoint policy given: the default full-access policy was used')
  if (layers.authorizer?.source === 'assumed')
    notes.push('CUSTOM method without an authorizer policy: the authorizer was assumed to allow')
  notes.push(...combined.notes)
  const malformed = layers.all.flatMap(l => (l.malformed ?? []).map(m => `${l.label} ${m}`))
  if (malformed.length > 0)
    notes.push(`malformed: AWS would not have accepted this policy (${malformed.join('; ')})`)

  return {
    decision,
    ...(deniedBy ? { deniedBy } : {}),
    blockedBy,
    principal: facts.principal,
    action: facts.action,
    resource: facts.resource,
    authorizationType: facts.type,
    ...(principalAccount !== undefined ? { principalAccount } : {}),
    ...(resourceAccount !== undefined ? { resourceAccount } : {}),
    ...(combined.sameAccount !== undefined ? { sameAccount: combined.sameAccount } : {}),
    ...(combined.table ? { table: combined.table } : {}),
    authentication: {
      header: auth.header,
      ok: auth.ok,
      endpointCaller: auth.endpointCaller,
      methodCaller: auth.methodCaller,
      ...(auth.errorType ? { errorType: auth.errorType } : {}),
      ...(auth.reason ? { reason: auth.reason } : {}),
    },
    layers: layers.all,
    context: contextToJson(facts.context),
    ...(response ? { response } : {}),
    ...(malformed.length > 0 ? { malformed } : {}),
    notes,
  }
}
