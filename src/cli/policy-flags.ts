/**
 * `pvapi policy`'s flags as commander gives them, checked and turned into the request the
 * policy engine evaluates (`eval`) or the inputs of `lint` and `scaffold`. Shapes are checked
 * first: a typo otherwise yields a plausible-looking DENY (or a scaffold with a broken ARN)
 * instead of saying which input is wrong. The options are registered in commands/policy.ts.
 */
import { REGION_PATTERN } from '../aws/region.js'
import { usageError } from '../core/errors.js'
import type * as PolicyEngine from '../policy/index.js'
import type { ContextValue } from '../policy/index.js'

/** The policy engine, loaded by the command only when it runs (its own bundle lane). */
type PolicyLib = typeof PolicyEngine

export const AUTH_TYPES = ['AWS_IAM', 'NONE', 'CUSTOM', 'COGNITO_USER_POOLS']
export const HEADERS = ['none', 'sigv4', 'invalid-sigv4', 'other']
export const KINDS = ['resource', 'endpoint', 'identity', 'boundary', 'scp', 'authorizer']

export interface EvalFlags {
  resourcePolicy?: string
  endpointPolicy?: string
  identityPolicy: string[]
  boundary?: string
  scp: string[]
  authorizerPolicy?: string
  principal: string
  method: string
  url?: string
  resource?: string
  apiId?: string
  apiAccount?: string
  action: string
  vpce?: string
  vpc?: string
  vpceAccount?: string
  vpceOrgId?: string
  vpceOrgPath: string[]
  context: string[]
  bareContext?: boolean
  authorizationType: string
  authorizationHeader?: string
  publicApi?: boolean
  format: string
}

export interface LintFlags {
  kind?: string
  api?: string
  publicApi?: boolean
  format: string
}

export interface ScaffoldFlags {
  callerRole: string
  api: string
  apiAccount?: string
  vpce: string
  route: string[]
  stage?: string
  callerSg?: string
  endpointSg?: string
  format: string
}

// Shapes checked before evaluation: a typo here otherwise yields a plausible-looking DENY (or
// a scaffold with a broken ARN) instead of saying which input is wrong.
const ACCOUNT = /^\d{12}$/
const ORG_ID = /^o-[a-z0-9]{10,32}$/
const ORG_PATH = /^o-[a-z0-9]{10,32}\/r-[0-9a-z]{4,32}\/(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}\/)*$/
const METHOD = /^[A-Za-z]+$/
const ACTION = /^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/
const STAGE = /^(\*|[A-Za-z0-9_-]{1,128})$/
// Security group ids end up inside the printed `aws ec2 …` commands: anything else could be
// shell syntax in a command the user pastes.
const SG = /^sg-[0-9a-f]{8}(?:[0-9a-f]{9})?$/

function checkShape(flag: string, value: string | undefined, re: RegExp, expected: string): void {
  if (value !== undefined && !re.test(value))
    throw usageError('PV_BAD_ARGUMENT', `${flag} ${value}: expected ${expected}`)
}

export function checkFormat(format: string): void {
  if (!['text', 'json'].includes(format))
    throw usageError('PV_BAD_FORMAT', `--format ${format}: expected text or json`)
}

/** `eval`: every flag value checked before the engine loads. */
export function checkEvalFlags(o: EvalFlags): void {
  checkFormat(o.format)
  if (!AUTH_TYPES.includes(o.authorizationType))
    throw usageError(
      'PV_BAD_AUTH_TYPE',
      `--authorization-type ${o.authorizationType}: expected ${AUTH_TYPES.join(', ')}`,
    )
  if (o.authorizationHeader !== undefined && !HEADERS.includes(o.authorizationHeader)) {
    throw usageError(
      'PV_BAD_AUTH_HEADER',
      `--authorization-header ${o.authorizationHeader}: expected ${HEADERS.join(', ')}`,
    )
  }
  if (Boolean(o.url) === Boolean(o.resource))
    throw usageError(
      'PV_NO_RESOURCE',
      'give exactly one of --url and --resource',
      'e.g. --url https://abc123.execute-api.us-east-1.amazonaws.com/prod/items --method GET',
    )
  if (o.principal.trim() === '')
    throw usageError(
      'PV_BAD_PRINCIPAL',
      '--principal is empty',
      'give an IAM or STS ARN, an account id, or "anonymous"',
    )
  checkShape('--method', o.method, METHOD, 'an HTTP method such as GET or POST')
  checkShape('--action', o.action, ACTION, 'service:Action, e.g. execute-api:Invoke')
  checkShape('--api-account', o.apiAccount, ACCOUNT, 'a 12-digit account id')
  checkShape('--vpce-account', o.vpceAccount, ACCOUNT, 'a 12-digit account id')
  checkShape('--vpce-org-id', o.vpceOrgId, ORG_ID, 'an organization id such as o-abc123defg')
  for (const path of o.vpceOrgPath)
    checkShape(
      '--vpce-org-path',
      path,
      ORG_PATH,
      'an organization path such as o-abc123defg/r-ab12/ou-ab12-11111111/',
    )
  // aws:SourceVpce / aws:SourceVpc are compared as typed: a malformed id only ever fails to
  // match. Shapes only (examples use short ids such as vpce-0abc), like the other commands.
  checkShape('--vpce', o.vpce, /^vpce-[0-9a-z]+$/, 'a VPC endpoint id (vpce-0123456789abcdef0)')
  checkShape('--vpc', o.vpc, /^vpc-[0-9a-z]+$/, 'a VPC id (vpc-0123456789abcdef0)')
}

/**
 * `eval`: the method ARN (from --resource, or --url with --method and the account) and the
 * request context (derived keys unless --bare-context, --context pairs, the endpoint owner's
 * keys). `note` tells the user what was assumed.
 */
export function evalRequest(
  o: EvalFlags,
  lib: PolicyLib,
  note: (text: string) => void,
): { resource: string; context: Record<string, ContextValue> } {
  if (o.resource !== undefined) {
    const arn = lib.parseExecuteApiArn(o.resource)
    if (!arn || !arn.stage || !arn.method) {
      throw usageError(
        'PV_BAD_RESOURCE',
        `--resource ${o.resource}: not an execute-api method ARN`,
        'expected arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/METHOD/PATH, e.g. arn:aws:execute-api:us-east-1:111111111111:abc1234567/prod/GET/items',
      )
    }
  }
  const caller = lib.parseCaller(o.principal)
  let resource = o.resource as string
  let region: string | undefined
  if (o.url) {
    const ref = lib.parseApiReference(o.url, o.apiId)
    if (!ref || !ref.stage) {
      throw usageError(
        'PV_BAD_URL',
        `--url ${o.url}: not an execute-api invoke URL with a stage`,
        'custom domain names do not name the API: pass --resource with the method ARN',
      )
    }
    const account = o.apiAccount ?? caller.account
    if (!account)
      throw usageError('PV_NO_ACCOUNT', 'the invoke URL does not carry the API account', 'pass --api-account')
    if (!o.apiAccount)
      note(`pvapi: assuming the API is in the caller's account ${account} (--api-account to change)\n`)
    resource = lib.executeApiArn({
      region: ref.region,
      account,
      apiId: ref.apiId,
      partition: ref.partition,
      stage: ref.stage,
      method: o.method,
      path: ref.path ?? '/',
    })
    region = ref.region
  } else {
    region = lib.parseArn(resource)?.region
  }
  const pairs = parseContextPairs(o.context)
  // The endpoint-owner keys are explicit values, so they are set with --bare-context too.
  const vpceKeys = {
    ...(o.vpceAccount ? { 'aws:VpceAccount': o.vpceAccount } : {}),
    ...(o.vpceOrgId ? { 'aws:VpceOrgID': o.vpceOrgId } : {}),
    ...(o.vpceOrgPath.length > 0 ? { 'aws:VpceOrgPaths': [...o.vpceOrgPath] } : {}),
  }
  const context = o.bareContext
    ? { ...vpceKeys, ...pairs }
    : lib.buildRequestContext({
        principal: o.principal,
        ...(o.vpce ? { sourceVpce: o.vpce } : {}),
        ...(o.vpc ? { sourceVpc: o.vpc } : {}),
        ...(o.vpceAccount ? { vpceAccount: o.vpceAccount } : {}),
        ...(o.vpceOrgId ? { vpceOrgId: o.vpceOrgId } : {}),
        ...(o.vpceOrgPath.length > 0 ? { vpceOrgPaths: o.vpceOrgPath } : {}),
        ...(region ? { region } : {}),
        extra: pairs,
      })
  return { resource, context }
}

/** `--context key=value`, repeated; a key given twice becomes a multivalued key. */
export function parseContextPairs(pairs: readonly string[]): Record<string, ContextValue> {
  const out: Record<string, string | string[]> = {}
  for (const pair of pairs) {
    const eq = pair.indexOf('=')
    if (eq <= 0)
      throw usageError(
        'PV_BAD_CONTEXT',
        `--context ${pair}: expected key=value (e.g. aws:SourceVpce=vpce-0abc)`,
      )
    const key = pair.slice(0, eq)
    const value = pair.slice(eq + 1)
    const prev = out[key]
    out[key] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value]
  }
  return out
}

/** `lint`: --kind and --api checked; the API the policy is linted for. */
export function lintApi(o: LintFlags, lib: PolicyLib): ReturnType<PolicyLib['apiFromArn']> | undefined {
  checkFormat(o.format)
  if (o.kind !== undefined && !KINDS.includes(o.kind))
    throw usageError('PV_BAD_KIND', `--kind ${o.kind}: expected ${KINDS.join(', ')}`)
  const api = o.api ? lib.apiFromArn(o.api) : undefined
  if (o.api && !api)
    throw usageError('PV_BAD_API', `--api ${o.api}: expected arn:aws:execute-api:REGION:ACCOUNT:API_ID`)
  return api
}

/** `scaffold`: the routes and the ids that end up in printed ARNs and commands, checked. */
export function checkScaffoldFlags(o: ScaffoldFlags, lib: PolicyLib): void {
  checkFormat(o.format)
  if (o.route.length === 0)
    throw usageError(
      'PV_NO_ROUTE',
      'at least one --route is needed',
      'e.g. --route GET:/items --route POST:/items',
    )
  checkShape('--api-account', o.apiAccount, ACCOUNT, 'a 12-digit account id')
  checkShape('--stage', o.stage, STAGE, 'a stage name (letters, digits, - and _)')
  checkShape('--caller-sg', o.callerSg, SG, 'a security group id (sg- and 8 or 17 hex digits)')
  checkShape('--endpoint-sg', o.endpointSg, SG, 'a security group id (sg- and 8 or 17 hex digits)')
  // The region is printed unquoted in the `aws ec2 … --region` commands: it must be one.
  const ref = lib.parseApiReference(o.api)
  if (ref && !REGION_PATTERN.test(ref.region))
    throw usageError(
      'PV_BAD_API',
      `--api ${o.api}: ${JSON.stringify(ref.region)} is not a region name`,
      'e.g. arn:aws:execute-api:us-east-1:111111111111:abc1234567/prod',
    )
  if (ref?.account !== undefined && !ACCOUNT.test(ref.account))
    throw usageError(
      'PV_BAD_API',
      `--api ${o.api}: ${JSON.stringify(ref.account)} is not a 12-digit account id`,
    )
}
