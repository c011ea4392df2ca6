/**
 * Builders for the facts several scenarios expect alike (scenario-facts.ts): the fix commands of
 * one kind of change (edit the API and redeploy, edit the endpoint, add a NACL entry), and the
 * facts of a policy statement the doctor blames. Each builder spells the whole expectation, so a
 * scenario's entry lists only what is its own: the statement, the extra ids in summary and fix.
 */
import { API, API_ARN, NACL_STRICT, ROLE_ARN, SESSION_ARN, VPCE } from './builders.js'

export interface Facts {
  /** `finding.resource`, exactly. */
  readonly resource?: string
  /** Substrings of the summary. */
  readonly summary?: readonly string[]
  /** Substrings of the fix. */
  readonly fix?: readonly string[]
  /** Substrings of some evidence line. */
  readonly evidence?: readonly string[]
  /** A statement some evidence names. */
  readonly statement?: { readonly index: number; readonly sid?: string }
}

/** The fix edits the REST API (its policy, its endpoint type) and redeploys it. */
export const UPDATE_API_AND_DEPLOY = [
  'aws apigateway update-rest-api',
  'aws apigateway create-deployment',
  `--rest-api-id ${API}`,
] as const

/** The fix only redeploys the API, naming it. */
export const REDEPLOY = [API, 'aws apigateway create-deployment', `--rest-api-id ${API}`] as const

/** The fix edits the VPC endpoint (its policy, its private DNS). */
export const MODIFY_ENDPOINT = [VPCE, 'aws ec2 modify-vpc-endpoint', `--vpc-endpoint-id ${VPCE}`] as const

/** The fix adds an entry to the strict NACL. */
export const NACL_ENTRY = [
  NACL_STRICT,
  'aws ec2 create-network-acl-entry',
  `--network-acl-id ${NACL_STRICT}`,
] as const

/** The ARN the caller is asked for in the default request (GET /items on stage prod). */
export const ITEMS_ARN = `${API_ARN}/prod/GET/items`

/**
 * Statement `index` (`sid`) of the API's resource policy decides: the resource and summary name
 * it, the fix edits the policy and redeploys, naming `fixIds` (by default the API and the endpoint).
 */
export const resourcePolicyStatement = (
  index: number,
  sid: string,
  more: { summary?: readonly string[]; fixIds?: readonly string[] } = {},
): Facts => ({
  resource: `${API} resource policy Statement[${index}] (${sid})`,
  summary: [`Statement[${index}]`, ...(more.summary ?? [])],
  fix: [...(more.fixIds ?? [API, VPCE]), ...UPDATE_API_AND_DEPLOY],
  statement: { index, sid },
})

/** Statement `index` (`sid`) of the endpoint policy decides; the fix edits the endpoint. */
export const endpointPolicyStatement = (
  index: number,
  sid: string,
  summary: readonly string[] = [],
): Facts => ({
  resource: `${VPCE} endpoint policy Statement[${index}] (${sid})`,
  summary: [VPCE, `Statement[${index}]`, ...summary],
  fix: MODIFY_ENDPOINT,
  statement: { index, sid },
})

/** The strict NACL drops the traffic; the summary names it and `summary`. */
export const naclBlocks = (summary: readonly string[]): Facts => ({
  resource: NACL_STRICT,
  summary: [NACL_STRICT, ...summary],
  fix: NACL_ENTRY,
})

/** The caller role has no identity policy allowing GET /items; the fix adds one. */
export const identityMissing = (statement?: Facts['statement']): Facts => ({
  resource: ROLE_ARN,
  summary: [SESSION_ARN, ITEMS_ARN],
  fix: [API, 'aws iam put-role-policy'],
  ...(statement ? { statement } : {}),
})

/** The permissions boundary `arn` (its Statement[0]) lacks execute-api:Invoke. */
export const boundaryLacksInvoke = (arn: string): Facts => ({
  resource: arn,
  summary: [arn],
  statement: { index: 0 },
  fix: ['aws iam create-policy-version', `--policy-arn ${arn}`],
})
