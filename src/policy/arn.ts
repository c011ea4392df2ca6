/**
 * ARNs, and the execute-api ARN in particular:
 * `arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/METHOD/RESOURCE_PATH`.
 * The method segment is upper case and the root resource has an empty path
 * (`…/prod/GET/`); resource matching is case-sensitive, so `…/prod/get/items` never matches.
 */
import type { ApiCoordinates } from './types.js'

/** The six parts of an ARN; `resource` keeps any further colons. */
export interface Arn {
  readonly partition: string
  readonly service: string
  readonly region: string
  readonly account: string
  readonly resource: string
}

/** Splits an ARN into its parts, or returns undefined when `text` is not an ARN. */
export function parseArn(text: string): Arn | undefined {
  if (!text.startsWith('arn:')) return undefined
  const parts = text.split(':')
  if (parts.length < 6) return undefined
  // Stryker disable next-line StringLiteral: defaults only satisfy the types; the length check above guarantees the parts
  const [, partition = '', service = '', region = '', account = ''] = parts
  return { partition, service, region, account, resource: parts.slice(5).join(':') }
}

/** An execute-api method ARN, split into API, stage, method and resource path. */
export interface ExecuteApiArn extends ApiCoordinates {
  readonly partition: string
  readonly stage: string
  readonly method: string
  /** The resource path without a leading slash (empty for the root resource). */
  readonly path: string
}

/** Parses `arn:…:execute-api:R:A:ID/STAGE/METHOD/PATH`; undefined when it is not one. */
export function parseExecuteApiArn(text: string): ExecuteApiArn | undefined {
  const arn = parseArn(text)
  if (!arn || arn.service !== 'execute-api') return undefined
  // Stryker disable next-line StringLiteral: split always yields a first piece
  const [apiId = '', stage = '', method = '', ...path] = arn.resource.split('/')
  if (!apiId) return undefined
  return {
    partition: arn.partition,
    region: arn.region,
    account: arn.account,
    apiId,
    stage,
    method,
    path: path.join('/'),
  }
}

/** The API's coordinates from an execute-api ARN (any depth), for shorthand expansion. */
export function apiFromArn(text: string): ApiCoordinates | undefined {
  const arn = parseArn(text)
  if (!arn || arn.service !== 'execute-api') return undefined
  // Stryker disable next-line StringLiteral: split always yields a first piece
  const apiId = arn.resource.split('/')[0] ?? ''
  if (!apiId || /[*?]/.test(apiId) || /[*?]/.test(arn.region) || !/^\d{12}$/.test(arn.account))
    return undefined
  return { partition: arn.partition, region: arn.region, account: arn.account, apiId }
}

/** What an execute-api method ARN is built from. */
export interface MethodArnParts extends ApiCoordinates {
  readonly stage: string
  /** HTTP method; `ANY` becomes `*`. Upper-cased, as API Gateway writes it. */
  readonly method: string
  /** The resource path, with or without a leading slash; `{param}` segments become `*`. */
  readonly path: string
}

/**
 * Builds `arn:aws:execute-api:R:A:ID/STAGE/METHOD/PATH`. A path parameter (`{id}`,
 * `{proxy+}`) becomes `*`, which is how a resource policy grants a templated route.
 */
export function executeApiArn(parts: MethodArnParts): string {
  const method = parts.method.toUpperCase() === 'ANY' ? '*' : parts.method.toUpperCase()
  const path = parts.path
    .replace(/^\/+/, '')
    .split('/')
    .map(seg => (/^\{[^}]+\}$/.test(seg) ? '*' : seg))
    .join('/')
  return `arn:${parts.partition ?? 'aws'}:execute-api:${parts.region}:${parts.account}:${parts.apiId}/${parts.stage}/${method}/${path}`
}

/** The ARN covering a whole API (`…:ID/*`), or one stage of it. */
export function executeApiWildcardArn(api: ApiCoordinates, stage?: string): string {
  return `arn:${api.partition ?? 'aws'}:execute-api:${api.region}:${api.account}:${api.apiId}/${stage ? `${stage}/*` : '*'}`
}

/** Where an invoke URL or ARN points: the API, and the stage and path when the reference has them. */
export interface ApiReference {
  readonly apiId: string
  readonly region: string
  /** Unknown for a URL: invoke URLs do not carry the account. */
  readonly account?: string
  readonly partition: string
  readonly stage?: string
  /** Resource path after the stage, with a leading slash, when the reference has one. */
  readonly path?: string
}

/**
 * Reads an API reference: an execute-api ARN (`arn:aws:execute-api:R:A:ID[/STAGE…]`) or an
 * invoke URL in any of the private API forms:
 * `https://ID.execute-api.R.amazonaws.com/STAGE/…` (private DNS),
 * `https://ID-vpce-XXXX.execute-api.R.amazonaws.com/STAGE/…` (Route 53 alias), or the
 * endpoint-specific `https://vpce-XXXX.execute-api.R.vpce.amazonaws.com/STAGE/…` with the
 * API id given separately (it is carried in `Host` or `x-apigw-api-id`, not the URL).
 */
export function parseApiReference(text: string, apiIdForVpceHost?: string): ApiReference | undefined {
  const trimmed = text.trim()
  if (trimmed.startsWith('arn:')) {
    const arn = parseArn(trimmed)
    if (!arn || arn.service !== 'execute-api') return undefined
    // Stryker disable next-line StringLiteral: split always yields a first piece
    const [apiId = '', stage, ...rest] = arn.resource.split('/')
    if (!apiId) return undefined
    return {
      apiId,
      region: arn.region,
      account: arn.account || undefined,
      partition: arn.partition,
      ...(stage ? { stage } : {}),
      ...(rest.length > 1 ? { path: `/${rest.slice(1).join('/')}` } : {}),
    } as ApiReference
  }
  let url: URL
  try {
    url = new URL(/^[a-z]+:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`)
  } catch {
    return undefined
  }
  const host = url.hostname.toLowerCase()
  const partition = host.endsWith('.amazonaws.com.cn') ? 'aws-cn' : 'aws'
  let apiId: string | undefined
  let region: string | undefined
  const vpceHost =
    /^vpce-[0-9a-z]+-[0-9a-z]+(?:-[a-z0-9-]+)?\.execute-api\.([a-z0-9-]+)\.vpce\.amazonaws\.com(?:\.cn)?$/.exec(
      host,
    )
  const apiHost =
    /^([a-z0-9]+)(?:-vpce-[0-9a-z]+)?\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/.exec(host)
  if (apiHost) {
    apiId = apiHost[1]
    region = apiHost[2]
  } else if (vpceHost && apiIdForVpceHost) {
    apiId = apiIdForVpceHost
    region = vpceHost[1]
  }
  // Stryker disable next-line LogicalOperator: both are set together, or neither
  if (!apiId || !region) return undefined
  // A URL's path always starts with '/': the first piece is always empty.
  const segments = url.pathname.split('/').slice(1)
  const [stage, ...rest] = segments[0] === '' ? segments.slice(1) : segments
  return {
    apiId,
    region,
    partition,
    ...(stage ? { stage } : {}),
    ...(stage ? { path: `/${rest.join('/')}` } : {}),
  } as ApiReference
}

// ---------------------------------------------------------------------------------------------
// Malformed ARNs. IAM (and API Gateway, for resource policies) refuses a policy holding one of
// these when it is set ("Invalid principal in policy", "Policy has invalid resource"), so a
// policy that has them was copied from somewhere that was never applied: a design document, a
// ticket. They are reported as defects, never read as "does not match".
// ---------------------------------------------------------------------------------------------

function hasPattern(text: string): boolean {
  return /[*?]|\$\{/.test(text)
}

/** What is wrong with the general shape of an ARN (six colon-separated parts), if anything. */
function shapeDefects(text: string): string[] {
  const parts = text.split(':')
  if (parts.length < 6)
    return [
      `${JSON.stringify(text)} is not an ARN: it has ${parts.length} of the 6 colon-separated parts (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE)`,
    ]
  const out: string[] = []
  // Stryker disable next-line StringLiteral: defaults only satisfy the types; the length check above guarantees the parts
  const [, partition = '', service = '', , account = '', resource = ''] = parts
  if (partition === '') out.push(`${JSON.stringify(text)} has an empty partition (expected aws, aws-cn, …)`)
  if (service === '') out.push(`${JSON.stringify(text)} has an empty service`)
  if (resource === '' && parts.length > 6) {
    // Stryker disable next-line StringLiteral: parts[6] exists here, and split always yields a first piece
    const next = (parts[6] ?? '').split('/')[0] ?? ''
    out.push(`${JSON.stringify(text)} has an extra ':' before '${next}'`)
  }
  if (/^\d+$/.test(account) && account.length !== 12)
    out.push(`${JSON.stringify(text)}: account id "${account}" is not 12 digits`)
  return out
}

/**
 * Why a `Principal`/`NotPrincipal` `AWS` value is not one IAM accepts: `"*"`, a 12-digit
 * account id, a unique id (`AIDA…`/`AROA…`), or an IAM/STS ARN of an account root, role,
 * user, role session or federated user. Empty when it is valid.
 */
export function principalValueDefects(value: string): string[] {
  if (value === '*' || /^\d{12}$/.test(value) || /^A[A-Z]{3}[A-Z0-9]{12,}$/.test(value)) return []
  if (/^\d+$/.test(value)) return [`account id "${value}" is not 12 digits`]
  if (!value.startsWith('arn:'))
    return [`${JSON.stringify(value)} is not an account id, an IAM or STS ARN, or "*"`]
  const shape = shapeDefects(value)
  if (shape.length > 0) return shape
  // Stryker disable next-line StringLiteral: defaults only satisfy the types; the length check above guarantees the parts
  const [, , service = '', region = '', account = '', ...rest] = value.split(':')
  const resource = rest.join(':')
  const out: string[] = []
  if (service !== 'iam' && service !== 'sts')
    return [`${JSON.stringify(value)} is a ${service} ARN: an AWS principal is an IAM or STS ARN`]
  if (region !== '')
    out.push(`${JSON.stringify(value)} has a region ("${region}"): IAM and STS ARNs have none`)
  // A digits-only account of the wrong length was reported by shapeDefects.
  if (!/^\d+$/.test(account)) out.push(`${JSON.stringify(value)}: account id "${account}" is not 12 digits`)
  if (service === 'iam') {
    if (resource.startsWith('assumed-role/'))
      out.push(
        `${JSON.stringify(value)} is a role ARN with a session part: a session is arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION, a role arn:aws:iam::ACCOUNT:role/ROLE`,
      )
    // IAM names are 1 to 64 characters (`role/a` is valid); a path ends in '/', a name does not.
    else if (!(resource === 'root' || /^(role|user)\/.*[^/]$/.test(resource)))
      out.push(`${JSON.stringify(value)} names no principal (expected root, role/NAME or user/NAME)`)
  } else if (resource.startsWith('assumed-role/')) {
    // Stryker disable next-line Regex: the resource starts with assumed-role/ (tested above), and .+ runs to the end
    if (!/^assumed-role\/[^/]+\/.+$/.test(resource))
      out.push(`${JSON.stringify(value)} is a session ARN without a session name (assumed-role/ROLE/SESSION)`)
  } else if (!/^federated-user\/./.test(resource)) {
    out.push(
      `${JSON.stringify(value)} names no principal (expected assumed-role/ROLE/SESSION or federated-user/NAME)`,
    )
  }
  return out
}

/**
 * Why a `Resource`/`NotResource` value, or the value of an ARN condition operator, is not
 * a well-formed ARN. `"*"`, the `execute-api:/…` shorthand and values holding wildcards or
 * policy variables in the faulty part are left alone. Empty when nothing is wrong.
 */
export function resourceValueDefects(value: string): string[] {
  // "*" is a pattern, left alone below.
  if (value.startsWith('execute-api:')) return []
  if (!value.startsWith('arn:')) return hasPattern(value) ? [] : [`${JSON.stringify(value)} is not an ARN`]
  const parts = value.split(':')
  if (parts.length < 6 && hasPattern(value)) return []
  return shapeDefects(value)
}
