/**
 * The least-privilege policy set for one caller role calling given routes of a private API
 * through one VPC endpoint: the endpoint policy (only this role, only these routes), the
 * API resource policy (deny unless through this endpoint; allow this role on these routes),
 * the caller's identity policy (these routes), and the two security-group rules (caller →
 * endpoint on 443) as AWS CLI commands.
 *
 * The methods are assumed to use AWS_IAM: an endpoint policy that names an IAM role only
 * works when the request is SigV4-signed, and so does a resource policy Principal naming it.
 */
import { executeApiArn, executeApiWildcardArn, parseApiReference } from './arn.js'
import { parseCaller, roleArnOfCaller } from './principal.js'
import type { ApiCoordinates } from './types.js'

/** One route: an HTTP method (or ANY) and a resource path (`/items/{id}`). */
export interface ScaffoldRoute {
  readonly method: string
  readonly path: string
}

/** What to scaffold for. */
export interface ScaffoldInput {
  /** The caller's role ARN (a session ARN is accepted and reduced to its role). */
  readonly callerRoleArn: string
  /** The API: an execute-api ARN (`arn:aws:execute-api:R:A:ID[/STAGE]`), an invoke URL, or coordinates. */
  readonly api: string | (ApiCoordinates & { readonly stage?: string })
  /** The API owner's account, needed when `api` is a URL (URLs do not carry it). @default the caller's account */
  readonly apiAccount?: string
  /** The VPC endpoint the caller uses (`vpce-…`). */
  readonly vpceId: string
  /** Routes as `GET:/items` (or `GET /items`) or objects. */
  readonly routes: readonly (string | ScaffoldRoute)[]
  /** The stage. @default the stage in `api`, else `*` (every stage) */
  readonly stage?: string
  /** The caller's security group (for the egress rule). */
  readonly callerSecurityGroupId?: string
  /** The endpoint's security group (for the ingress rule). */
  readonly endpointSecurityGroupId?: string
}

/** A security-group rule, with the AWS CLI command that creates it. */
export interface SecurityGroupRule {
  readonly direction: 'ingress' | 'egress'
  readonly groupId: string
  readonly peerGroupId: string
  readonly port: 443
  readonly description: string
  readonly command: string
}

/** A policy document as plain JSON. */
export type ScaffoldDocument = {
  readonly Version: '2012-10-17'
  readonly Statement: readonly Readonly<Record<string, unknown>>[]
}

/** The scaffolded set. */
export interface ScaffoldOutput {
  readonly api: ApiCoordinates & { readonly stage: string }
  readonly roleArn: string
  readonly vpceId: string
  readonly routes: readonly (ScaffoldRoute & { readonly resourceArn: string })[]
  readonly vpcEndpointPolicy: ScaffoldDocument
  readonly resourcePolicy: ScaffoldDocument
  readonly identityPolicy: ScaffoldDocument
  readonly securityGroupRules: readonly SecurityGroupRule[]
  readonly notes: readonly string[]
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY', '*'])

/** Reads `GET:/items` or `GET /items`. @throws RangeError for anything else. */
export function parseRoute(route: string | ScaffoldRoute): ScaffoldRoute {
  if (typeof route !== 'string') return route
  const m = /^\s*([A-Za-z*]+)\s*[: ]\s*(\/\S*)\s*$/.exec(route)
  if (!m || !METHODS.has((m[1] ?? '').toUpperCase())) {
    throw new RangeError(`route "${route}" is not METHOD:/path (e.g. GET:/items, ANY:/items/{id})`)
  }
  return { method: (m[1] ?? '').toUpperCase(), path: m[2] ?? '/' }
}

/**
 * Builds the least-privilege policy set for `input`. Pure: returns documents and commands.
 * @throws RangeError when the role, API, endpoint id or a route cannot be read.
 */
export function scaffoldPolicies(input: ScaffoldInput): ScaffoldOutput {
  const notes: string[] = []
  const caller = parseCaller(input.callerRoleArn)
  if (caller.kind !== 'role' && caller.kind !== 'assumed-role') {
    throw new RangeError(`"${input.callerRoleArn}" is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)`)
  }
  const roleArn = roleArnOfCaller(caller)
  if (caller.kind === 'assumed-role')
    notes.push(
      `the session ARN was reduced to its role ${roleArn}; if the role has a path, pass the role ARN with it`,
    )
  if (!/^vpce-[0-9a-f]+$/.test(input.vpceId))
    throw new RangeError(`"${input.vpceId}" is not a VPC endpoint id (vpce-…)`)

  let api: ApiCoordinates
  let stageFromApi: string | undefined
  if (typeof input.api === 'string') {
    const ref = parseApiReference(input.api)
    if (!ref)
      throw new RangeError(`"${input.api}" is neither an execute-api ARN nor an invoke URL of a REST API`)
    const account = ref.account ?? input.apiAccount ?? caller.account
    if (!ref.account && !input.apiAccount)
      notes.push(
        `the invoke URL does not carry the API's account: assumed ${account} (the caller's); pass the API account if it differs`,
      )
    api = { region: ref.region, account, apiId: ref.apiId, partition: ref.partition }
    stageFromApi = ref.stage
  } else {
    api = input.api
    stageFromApi = input.api.stage
  }
  const stage = input.stage ?? stageFromApi ?? '*'
  if (stage === '*')
    notes.push('no stage given: the policies cover every stage (*); pass a stage to narrow them')
  if (input.routes.length === 0) throw new RangeError('at least one route is needed (e.g. GET:/items)')

  const routes = input.routes
    .map(parseRoute)
    .map(r => ({ ...r, resourceArn: executeApiArn({ ...api, stage, method: r.method, path: r.path }) }))
  const arns = [...new Set(routes.map(r => r.resourceArn))]
  const resource = arns.length === 1 ? arns[0] : arns
  const invoke = 'execute-api:Invoke'

  const vpcEndpointPolicy: ScaffoldDocument = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowCallerRoleOnRoutes',
        Effect: 'Allow',
        Principal: { AWS: roleArn },
        Action: invoke,
        Resource: resource,
      },
    ],
  }
  const resourcePolicy: ScaffoldDocument = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyUnlessThroughVpce',
        Effect: 'Deny',
        Principal: '*',
        Action: invoke,
        Resource: executeApiWildcardArn(api),
        Condition: { StringNotEquals: { 'aws:SourceVpce': input.vpceId } },
      },
      {
        Sid: 'AllowCallerRoleOnRoutes',
        Effect: 'Allow',
        Principal: { AWS: roleArn },
        Action: invoke,
        Resource: resource,
      },
    ],
  }
  const identityPolicy: ScaffoldDocument = {
    Version: '2012-10-17',
    Statement: [{ Sid: 'InvokePrivateApiRoutes', Effect: 'Allow', Action: invoke, Resource: resource }],
  }
  notes.push(
    'the endpoint policy applies to every API called through this endpoint: merge this statement with what other callers need',
  )
  notes.push(
    'after attaching the resource policy, deploy the API: a policy change takes effect only with a new deployment',
  )

  // Unknown groups become shell variables, so a pasted command fails loudly instead of
  // redirecting to a file (as a <placeholder> would).
  const callerSg = input.callerSecurityGroupId ?? '$CALLER_SG'
  const endpointSg = input.endpointSecurityGroupId ?? '$ENDPOINT_SG'
  if (!input.callerSecurityGroupId || !input.endpointSecurityGroupId) {
    notes.push(
      'set CALLER_SG and ENDPOINT_SG to the caller and endpoint security group ids before running the commands',
    )
  }
  const perm = (peer: string): string =>
    `"IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[{GroupId=${peer}}]"`
  const securityGroupRules: SecurityGroupRule[] = [
    {
      direction: 'ingress',
      groupId: endpointSg,
      peerGroupId: callerSg,
      port: 443,
      description: 'endpoint security group: allow HTTPS (443) in from the caller',
      command: `aws ec2 authorize-security-group-ingress --region ${api.region} --group-id "${endpointSg}" --ip-permissions ${perm(callerSg)}`,
    },
    {
      direction: 'egress',
      groupId: callerSg,
      peerGroupId: endpointSg,
      port: 443,
      description: 'caller security group: allow HTTPS (443) out to the endpoint',
      command: `aws ec2 authorize-security-group-egress --region ${api.region} --group-id "${callerSg}" --ip-permissions ${perm(endpointSg)}`,
    },
  ]

  return {
    api: { ...api, stage },
    roleArn,
    vpceId: input.vpceId,
    routes,
    vpcEndpointPolicy,
    resourcePolicy,
    identityPolicy,
    securityGroupRules,
    notes,
  }
}
