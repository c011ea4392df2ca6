/**
 * What the fake API Gateway knows (APIs, stages, routes, custom domains, resource policies)
 * and the pure decisions it makes: which API a Host addresses, which route a path hits, and
 * whether a resource policy lets the call through. No I/O here; fake-gateway.ts does that.
 *
 * Name forms, as API Gateway routes private APIs reached through an interface VPC endpoint
 * (field guide §1.5, §5.5):
 *  - private DNS      `{apiId}.execute-api.{region}.amazonaws.com`
 *  - Route 53 alias   `{apiId}-{vpceId}.execute-api.{region}.amazonaws.com` (VPCE must be associated with the API)
 *  - endpoint DNS     `vpce-…-….execute-api.{region}.vpce.amazonaws.com` (+ per-AZ `…-us-east-1a.…`):
 *                     needs `x-apigw-api-id: {apiId}`, or a Host override that is itself one of the other forms
 *  - private custom domain names: Host = the domain, base path mapping → API + stage
 *
 * The VPCE a request "came through" (aws:SourceVpce) is a property of the listening address,
 * not of the name: the vpce id inside an alias or endpoint DNS name is not compared with it
 * (in AWS the name resolves to that endpoint's ENIs, so they agree by construction).
 */

/** Everything an API Gateway API needs to route and authorize in the fake. */
export interface FakeApi {
  /** 10 lowercase alphanumerics in real life, e.g. `a1b2c3d4e5`. */
  readonly id: string
  /** @default 'us-east-1' */
  readonly region?: string
  /** @default '111111111111' */
  readonly account?: string
  /** Only PRIVATE APIs are reachable through a VPC endpoint; others answer 403 Forbidden. @default 'PRIVATE' */
  readonly endpointType?: 'PRIVATE' | 'REGIONAL' | 'EDGE'
  /** VPCEs associated with the API (`endpointConfiguration.vpcEndpointIds`): enables the alias host. @default [] */
  readonly vpcEndpointIds?: readonly string[]
  /** Deployed stages. @default ['prod'] */
  readonly stages?: readonly string[]
  /** @default one greedy AWS_IAM route: ANY `/` and ANY `/{proxy+}` answered by the echo handler */
  readonly routes?: readonly FakeRoute[]
  /** @default allow every VPCE (a real private API cannot be deployed without a policy) */
  readonly resourcePolicy?: FakeResourcePolicy
}

export interface FakeRoute {
  /** `GET`, `POST`, … or `ANY`. */
  readonly method: string
  /** Resource path template: `/`, `/pets`, `/pets/{petId}`, `/{proxy+}`. */
  readonly path: string
  /** @default 'AWS_IAM' */
  readonly authorizationType?: 'AWS_IAM' | 'NONE'
  /** Only in these stages. @default every stage */
  readonly stages?: readonly string[]
  /** @default the echo handler */
  readonly handler?: RouteHandler
}

/**
 * A resource policy reduced to the shapes that matter for private APIs. Evaluation:
 * explicit deny beats allow beats the implicit deny.
 */
export interface FakeResourcePolicy {
  /** `Deny` `*` for everyone (a new private custom domain name starts like this). */
  readonly denyAll?: boolean
  /**
   * `Allow execute-api:Invoke` when `aws:SourceVpce` is one of these (`'*'` = any VPCE).
   * @default ['*']
   */
  readonly allowVpce?: readonly string[]
  /**
   * Also carry the AWS template's `Deny … StringNotEquals aws:SourceVpce` statement, which
   * turns "other VPCE" into an *explicit* deny. Without it, other VPCEs get an implicit deny.
   * @default true
   */
  readonly denyOtherVpce?: boolean
  /** Restrict the Allow to these caller ARNs (Principal AWS…); anonymous callers never match. */
  readonly allowPrincipals?: readonly string[]
  /** Explicitly deny these caller ARNs. */
  readonly denyPrincipals?: readonly string[]
}

export interface FakeCustomDomain {
  /** e.g. `api.example.internal` (case-insensitive, no port). */
  readonly name: string
  /** The `+id` part of the domain name ARN. @default 'abc123' */
  readonly domainNameId?: string
  readonly region?: string
  readonly account?: string
  /** Base path → API and stage. `''` is the `(none)` mapping; may be multi-level (`v1/orders`). */
  readonly mappings: ReadonlyArray<{
    readonly basePath: string
    readonly apiId: string
    readonly stage: string
  }>
  /** VPCEs with a domain name access association. @default every VPCE */
  readonly accessAssociations?: readonly string[]
  /** The domain's own `policy`. @default allow every VPCE */
  readonly policy?: FakeResourcePolicy
}

/** What a route handler sees. */
export interface RouteContext {
  readonly method: string
  /** Wire path (undecoded), without the query. */
  readonly path: string
  /** Raw query string without `?`. */
  readonly rawQuery: string
  readonly headers: ReadonlyArray<readonly [string, string]>
  readonly body: Buffer
  readonly apiId: string
  readonly stage: string
  /** Matched template, e.g. `/pets/{petId}`. */
  readonly resourcePath: string
  /** Path after the stage (or after the base path for custom domains). */
  readonly resourcePathActual: string
  readonly pathParameters: Readonly<Record<string, string>>
  readonly principal?: string
  readonly sourceVpce: string
  readonly host: string
}

export interface RouteResponse {
  /** @default 200 */
  readonly status?: number
  readonly headers?: Readonly<Record<string, string>>
  /** A string/bytes is sent as is; anything else as JSON. */
  readonly body?: string | Uint8Array | object
  /** Wait this long before answering (timeouts, retries). */
  readonly delayMs?: number
  /** Sets `x-amzn-ErrorType`. */
  readonly errorType?: string
  /**
   * Stream the body instead (an integration with `responseTransferMode: STREAM`): the status
   * line and headers go out at once, chunked (no content-length), then each part as the
   * iterable yields it; the response ends when it is done. `body` is ignored. The test decides
   * when a part is yielded (see stream-parts.ts), so no clock is needed to prove that a client
   * saw one part before the next was sent.
   */
  readonly stream?: AsyncIterable<string | Uint8Array>
}

export type RouteHandler = RouteResponse | ((ctx: RouteContext) => RouteResponse | Promise<RouteResponse>)

/** Ready-made integration failures with API Gateway's real bodies and types. */
export const integrationFailures = {
  /** Lambda/HTTP integration error. Note the space after the colon: the real body has it. */
  badGateway: {
    status: 502,
    errorType: 'InternalServerErrorException',
    body: '{"message": "Internal server error"}',
  },
  internalError: {
    status: 500,
    errorType: 'InternalServerErrorException',
    body: '{"message": "Internal server error"}',
  },
  /** Integration timeout (29 s in real life). */
  timeout: {
    status: 504,
    errorType: 'InternalServerErrorException',
    body: '{"message": "Endpoint request timed out"}',
  },
  throttled: { status: 429, errorType: 'TooManyRequestsException', body: '{"message":"Too Many Requests"}' },
} as const satisfies Record<string, RouteResponse>

export const DEFAULT_VPCE_ID = 'vpce-0123456789abcdef0'
export const DEFAULT_ACCOUNT = '111111111111'
export const DEFAULT_REGION = 'us-east-1'

// ---------------------------------------------------------------------------------------
// Host → target

export type HostForm = 'private-dns' | 'alias' | 'vpce' | 'custom-domain'

export type AddressedTarget =
  /** For custom domains, `api`, `stage` and `basePath` come from the base path mapping. */
  | {
      readonly ok: true
      readonly form: HostForm
      readonly api: FakeApi
      readonly stage?: string
      readonly basePath?: string
      readonly domain?: FakeCustomDomain
    }
  /** `why` is for test debugging only; the client just sees 403 Forbidden. */
  | { readonly ok: false; readonly form?: HostForm; readonly why: string }

const PRIVATE_DNS = /^([a-z0-9]+)\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/
const ALIAS = /^([a-z0-9]+)-(vpce-[0-9a-f]+)\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/
const VPCE_DNS =
  /^(vpce-[0-9a-f]+)-[a-z0-9]+(?:-([a-z]{2}(?:-[a-z]+)+-\d[a-z]))?\.execute-api\.([a-z0-9-]+)\.vpce\.amazonaws\.com$/

/** Lowercased host without `:port` (IPv6 literals keep their brackets). */
export function hostWithoutPort(host: string): string {
  const h = host.trim().toLowerCase()
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1)
  const colon = h.lastIndexOf(':')
  return colon < 0 ? h : h.slice(0, colon)
}

/**
 * Decide which API a request addresses from its Host header and `x-apigw-api-id`.
 * `x-apigw-api-id` is only consulted for endpoint (vpce) host names: with private DNS or an
 * alias the Host already names the API (choice of the fake; AWS documents the header only
 * for the VPCE names).
 */
export function resolveHost(
  host: string | undefined,
  apiIdHeader: string | undefined,
  world: { readonly apis: readonly FakeApi[]; readonly domains: readonly FakeCustomDomain[] },
): AddressedTarget {
  if (!host) return { ok: false, why: 'no Host header' }
  const name = hostWithoutPort(host)
  const findApi = (id: string, region: string, form: HostForm): AddressedTarget => {
    const api = world.apis.find(a => a.id === id)
    if (!api) return { ok: false, form, why: `no API ${id}` }
    if ((api.region ?? DEFAULT_REGION) !== region)
      return { ok: false, form, why: `API ${id} is not in ${region}` }
    return { ok: true, form, api }
  }

  let m = ALIAS.exec(name)
  if (m) {
    const [, apiId = '', vpceId = '', region = ''] = m
    const found = findApi(apiId, region, 'alias')
    if (found.ok && !(found.api.vpcEndpointIds ?? []).includes(vpceId)) {
      // Real DNS would not even resolve this name (NXDOMAIN); forced here, it is refused.
      return { ok: false, form: 'alias', why: `${vpceId} is not associated with API ${apiId}` }
    }
    return found
  }
  m = PRIVATE_DNS.exec(name)
  if (m) return findApi(m[1] ?? '', m[2] ?? '', 'private-dns')
  m = VPCE_DNS.exec(name)
  if (m) {
    const region = m[3] ?? ''
    if (!apiIdHeader)
      return { ok: false, form: 'vpce', why: 'endpoint DNS name without x-apigw-api-id or Host override' }
    return findApi(apiIdHeader.trim(), region, 'vpce')
  }
  const domain = world.domains.find(d => d.name.toLowerCase() === name)
  // The API is known only after the base path mapping (matchBasePath); until then a placeholder.
  if (domain) return { ok: true, form: 'custom-domain', domain, api: { id: '' } }
  return { ok: false, why: `unknown host ${name}` }
}

/** Base path mapping for a custom domain: longest matching prefix of path segments wins. */
export function matchBasePath(
  domain: FakeCustomDomain,
  path: string,
):
  | { readonly apiId: string; readonly stage: string; readonly basePath: string; readonly rest: string }
  | undefined {
  const segments = path.split('/').filter((s, i) => i > 0 || s !== '')
  const mappings = [...domain.mappings].sort(
    (a, b) =>
      b.basePath.split('/').length - a.basePath.split('/').length || b.basePath.length - a.basePath.length,
  )
  for (const mapping of mappings) {
    if (mapping.basePath === '') return { ...mapping, rest: path === '' ? '/' : path }
    const base = mapping.basePath.split('/')
    if (base.every((seg, i) => segments[i] === seg)) {
      const rest = '/' + segments.slice(base.length).join('/')
      return { ...mapping, rest }
    }
  }
  return undefined
}

// ---------------------------------------------------------------------------------------
// Path → stage and route

export const DEFAULT_ROUTES: readonly FakeRoute[] = [
  { method: 'ANY', path: '/' },
  { method: 'ANY', path: '/{proxy+}' },
]

export interface RouteMatch {
  readonly route: FakeRoute
  readonly pathParameters: Record<string, string>
}

/** Split `/prod/pets/1` into the stage and the resource path (`/pets/1`). */
export function splitStage(path: string): { stage: string; rest: string } {
  const withoutLead = path.startsWith('/') ? path.slice(1) : path
  const slash = withoutLead.indexOf('/')
  return slash < 0
    ? { stage: withoutLead, rest: '/' }
    : { stage: withoutLead.slice(0, slash), rest: withoutLead.slice(slash) }
}

/**
 * Find the route for a method and resource path. Specific beats general: an exact method
 * beats ANY, a literal segment beats `{param}`, which beats `{proxy+}`.
 */
export function matchRoute(
  routes: readonly FakeRoute[],
  stage: string,
  method: string,
  resourcePath: string,
): RouteMatch | undefined {
  const trimmed =
    resourcePath.length > 1 && resourcePath.endsWith('/') ? resourcePath.slice(0, -1) : resourcePath
  const segments = trimmed === '/' ? [] : trimmed.slice(1).split('/').map(safeDecode)
  let best: { match: RouteMatch; score: number } | undefined
  for (const route of routes) {
    if (route.stages && !route.stages.includes(stage)) continue
    const methodScore =
      route.method.toUpperCase() === method.toUpperCase() ? 1 : route.method.toUpperCase() === 'ANY' ? 0 : -1
    if (methodScore < 0) continue
    const params = matchTemplate(route.path, segments)
    if (!params) continue
    const score = params.score * 2 + methodScore
    if (!best || score > best.score) best = { match: { route, pathParameters: params.values }, score }
  }
  return best?.match
}

function matchTemplate(
  template: string,
  segments: readonly string[],
): { values: Record<string, string>; score: number } | undefined {
  const parts = template === '/' ? [] : template.replace(/^\//, '').split('/')
  const values: Record<string, string> = {}
  let score = 0
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? ''
    const greedy = /^\{(.+)\+\}$/.exec(part)
    if (greedy) {
      if (i >= segments.length) return undefined // {proxy+} needs at least one segment
      values[greedy[1] ?? 'proxy'] = segments.slice(i).join('/')
      return { values, score }
    }
    const seg = segments[i]
    if (seg === undefined) return undefined
    const param = /^\{(.+)\}$/.exec(part)
    if (param) values[param[1] ?? ''] = seg
    else if (part === seg) score += 100
    else return undefined
    score += 10
  }
  return parts.length === segments.length ? { values, score: score + 1000 } : undefined
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

// ---------------------------------------------------------------------------------------
// Resource policy

export type PolicyDecision = 'allow' | 'implicit-deny' | 'explicit-deny'

export function evaluatePolicy(
  policy: FakeResourcePolicy | undefined,
  request: { sourceVpce: string; principal?: string },
): PolicyDecision {
  const p = policy ?? {}
  if (p.denyAll) return 'explicit-deny'
  if (request.principal && p.denyPrincipals?.includes(request.principal)) return 'explicit-deny'
  const allowVpce = p.allowVpce ?? ['*']
  const vpceListed = allowVpce.includes('*') || allowVpce.includes(request.sourceVpce)
  if (!vpceListed && (p.denyOtherVpce ?? true)) return 'explicit-deny'
  const principalOk =
    !p.allowPrincipals || (request.principal !== undefined && p.allowPrincipals.includes(request.principal))
  return vpceListed && principalOk ? 'allow' : 'implicit-deny'
}

/** `arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/pets/1` (path without its leading slash). */
export function executeApiArn(
  api: FakeApi,
  stage: string,
  method: string,
  resourcePathActual: string,
): string {
  return `arn:aws:execute-api:${api.region ?? DEFAULT_REGION}:${api.account ?? DEFAULT_ACCOUNT}:${api.id}/${stage}/${method.toUpperCase()}/${resourcePathActual.replace(/^\//, '')}`
}

/** `arn:aws:execute-api:us-east-1:111111111111:/domainnames/api.example.internal+abc123` */
export function domainArn(domain: FakeCustomDomain): string {
  return `arn:aws:execute-api:${domain.region ?? DEFAULT_REGION}:${domain.account ?? DEFAULT_ACCOUNT}:/domainnames/${domain.name}+${domain.domainNameId ?? 'abc123'}`
}

/** The AccessDeniedException text API Gateway sends for a resource-policy deny. */
export function accessDeniedMessage(
  principal: string | undefined,
  resourceArn: string,
  decision: Exclude<PolicyDecision, 'allow'>,
): string {
  const who = principal ?? 'anonymous'
  return `User: ${who} is not authorized to perform: execute-api:Invoke on resource: ${resourceArn}${decision === 'explicit-deny' ? ' with an explicit deny' : ''}`
}
