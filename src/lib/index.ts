/**
 * pvapi as a library: the same signing, name-form routing (SNI, Host, x-apigw-api-id) and
 * transport as `pvapi call`, for code running inside a Lambda function or a service (the
 * requestor-Lambda pattern). Like src/cli/, this folder is an edge: it reads the process
 * environment (credentials, region); it never prints. It does not load commander, chalk or ora.
 *
 * ```ts
 * import { signedRequest } from 'pvapi'
 * const res = await signedRequest('https://abc1234567.execute-api.us-east-1.amazonaws.com/prod/items')
 * console.log(res.status, res.json())
 * ```
 */
import type { AwsCredentialIdentity } from '@smithy/types'
import { parseHostMode, parseVpce, type ParsedHeader } from '../call/options.js'
import { planRequest, type RequestSettings } from '../call/plan.js'
import { signPrepared } from '../call/sign-prepared.js'
import { toWire } from '../call/wire.js'
import { usageError } from '../core/errors.js'
import { parseUserUrl } from '../core/target.js'
import { parseConnectTo, parseResolve } from '../http/connect-rules.js'
import { sendRequest, type WireResponse } from '../http/send.js'

export { PvapiError } from '../core/errors.js'
export { ExitCode } from '../core/exit-codes.js'
export type { AwsCredentialIdentity }

export type CredentialsInput = AwsCredentialIdentity | (() => Promise<AwsCredentialIdentity>)

export interface SignedRequestOptions {
  /** @default 'GET', or 'POST' with a body */
  readonly method?: string
  readonly headers?: Readonly<Record<string, string>> | ReadonlyArray<readonly [string, string]>
  /** Sent and hashed byte for byte. */
  readonly body?: string | Uint8Array
  /** @default from the host name, else AWS_REGION / AWS_DEFAULT_REGION, else the shared config */
  readonly region?: string
  /** @default 'execute-api' */
  readonly service?: string
  /** REST API id, for endpoint-specific `vpce-…` URLs. */
  readonly apiId?: string
  /** @default 'header' (x-apigw-api-id); 'host' sends Host: {api}.execute-api.{region}.amazonaws.com */
  readonly hostMode?: 'header' | 'host'
  /** Connect through this VPC endpoint: its DNS name, or its id (looked up with DescribeVpcEndpoints). */
  readonly vpce?: string
  /** @default the runtime's credentials (Lambda environment, container, IMDS, profiles) */
  readonly credentials?: CredentialsInput
  readonly profile?: string
  /** Role(s) to assume first, in order. */
  readonly roleArn?: string | readonly string[]
  /** External ID for the last role. */
  readonly externalId?: string
  /** @default 'pvapi-lib' */
  readonly roleSessionName?: string
  /** curl-style `host:port:addr` pins. */
  readonly resolve?: readonly string[]
  /** curl-style `host1:port1:host2:port2` redirections. */
  readonly connectTo?: readonly string[]
  readonly ca?: string | Uint8Array
  readonly cert?: string | Uint8Array
  readonly key?: string | Uint8Array
  readonly connectTimeoutMs?: number
  /** Whole-request limit. @default 30000 */
  readonly timeoutMs?: number
  readonly signal?: AbortSignal
  /** @default false */
  readonly unsigned?: boolean
}

export interface SignedResponse {
  readonly status: number
  readonly statusText: string
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
  readonly body: Buffer
  /** Where the request actually went. */
  readonly remoteAddress?: string
  text(): string
  json<T = unknown>(): T
}

const env = (): Readonly<Record<string, string | undefined>> => process.env

function headerList(h: SignedRequestOptions['headers']): ParsedHeader[] {
  if (!h) return []
  const pairs = Array.isArray(h)
    ? (h as ReadonlyArray<readonly [string, string]>)
    : Object.entries(h as Record<string, string>)
  return pairs.map(([name, value]) => ({ name, value }))
}

const PROXY_VARS = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY']
const proxyConfigured = () => PROXY_VARS.some(n => env()[n]?.trim())

async function resolveCredentials(o: SignedRequestOptions, region: string): Promise<AwsCredentialIdentity> {
  // The AWS clients (STS, SSO, EC2) go through the same proxy; credentials stay in memory only.
  if (proxyConfigured())
    await (await import('../aws/network.js')).configureAwsNetwork({ proxy: { env: env() } })
  let base: AwsCredentialIdentity
  if (typeof o.credentials === 'function') base = await o.credentials()
  else if (o.credentials) base = o.credentials
  else {
    const { resolveBaseCredentials } = await import('../aws/credentials.js')
    base = (
      await resolveBaseCredentials({ ...(o.profile ? { profile: o.profile } : {}), region, env: env() })
    ).credentials
  }
  const roles = o.roleArn === undefined ? [] : typeof o.roleArn === 'string' ? [o.roleArn] : [...o.roleArn]
  if (roles.length === 0) return base
  const { assumeRoleChain } = await import('../aws/sts.js')
  const hops = roles.map((roleArn, i) => ({
    roleArn,
    ...(i === roles.length - 1 && o.externalId ? { externalId: o.externalId } : {}),
  }))
  const chain = await assumeRoleChain(base, {
    hops,
    region,
    sessionName: o.roleSessionName ?? 'pvapi-lib',
    mfaCode: async () => {
      throw usageError(
        'PV_MFA_LIB',
        'roles that require MFA cannot be assumed by the library',
        'pass credentials that already carry the MFA session',
      )
    },
  })
  return chain.credentials
}

/**
 * Send one SigV4-signed request through any private API name form. Resolves with the response
 * for every HTTP status; rejects with a PvapiError (its `exitCode` is curl's code) on
 * transport, credential and input errors.
 */
export async function signedRequest(
  url: string | URL,
  options: SignedRequestOptions = {},
): Promise<SignedResponse> {
  const o = options
  const vpce = parseVpce(o.vpce)
  const body = o.body === undefined ? undefined : { bytes: Buffer.from(o.body), json: false }
  const settings: RequestSettings = {
    url: parseUserUrl(String(url)),
    ...(o.method ? { method: o.method } : {}),
    headers: headerList(o.headers),
    data: [],
    ...(body ? { body } : {}),
    service: o.service ?? 'execute-api',
    ...(o.region ? { region: o.region } : {}),
    ...(o.profile ? { profile: o.profile } : {}),
    ...(o.apiId ? { apiId: o.apiId } : {}),
    hostMode: parseHostMode(o.hostMode),
    ...(vpce ? { vpce } : {}),
    resolve: (o.resolve ?? []).map(parseResolve),
    connectTo: (o.connectTo ?? []).map(parseConnectTo),
  }
  let creds: Promise<AwsCredentialIdentity> | undefined
  const credentialsFor = (region: string) => (creds ??= resolveCredentials(o, region))
  const plan = await planRequest(
    settings,
    {
      env: env(),
      readers: {
        readFile: () => Promise.reject(usageError('PV_LIB_BODY', 'pass the body as bytes in `body`')),
        readStdin: () => Promise.reject(usageError('PV_LIB_BODY', 'pass the body as bytes in `body`')),
      },
      async configRegion(profile) {
        const { resolveRegion } = await import('../aws/region.js')
        return resolveRegion({ ...(profile ? { profile } : {}), env: env() })
      },
      async vpceHostname(vpceId, region) {
        const { lookupVpceHostname } = await import('../aws/vpce-lookup.js')
        return lookupVpceHostname(vpceId, region, await credentialsFor(region))
      },
    },
    !o.unsigned,
  )
  const region = plan.region as string
  const signed = await signPrepared(
    plan.prepared,
    o.unsigned
      ? undefined
      : {
          service: settings.service,
          region,
          credentials: await credentialsFor(region),
          signingDate: new Date(),
        },
  )
  const p = plan.prepared
  // HTTPS_PROXY / HTTP_PROXY / NO_PROXY as in the CLI; the proxy code loads only when one is set.
  const agent = proxyConfigured()
    ? (await import('../http/proxy.js')).agentForDial({
        settings: { env: env() },
        protocol: p.protocol,
        urlHost: settings.url.hostname,
        dial: plan.dial,
        ...(o.connectTimeoutMs ? { connectTimeoutMs: o.connectTimeoutMs } : {}),
      }).agent
    : undefined
  const res: WireResponse = await sendRequest(
    toWire(p, plan.dial, signed.headers, {
      ...(agent ? { agent } : {}),
      tls: {
        ...(o.ca ? { ca: Buffer.from(o.ca) } : {}),
        ...(o.cert ? { cert: Buffer.from(o.cert) } : {}),
        ...(o.key ? { key: Buffer.from(o.key) } : {}),
      },
      ...(o.connectTimeoutMs ? { connectTimeoutMs: o.connectTimeoutMs } : {}),
      maxTimeMs: o.timeoutMs ?? 30_000,
      ...(o.signal ? { signal: o.signal } : {}),
    }),
  )
  return {
    status: res.status,
    statusText: res.statusMessage,
    headers: res.headers,
    body: res.body,
    ...(res.remoteAddress ? { remoteAddress: res.remoteAddress } : {}),
    text: () => res.body.toString('utf8'),
    json: <T>() => JSON.parse(res.body.toString('utf8')) as T,
  }
}

const PVAPI_OPTIONS = [
  'region',
  'service',
  'apiId',
  'hostMode',
  'vpce',
  'credentials',
  'profile',
  'roleArn',
  'externalId',
  'roleSessionName',
  'resolve',
  'connectTo',
  'ca',
  'cert',
  'key',
  'connectTimeoutMs',
  'timeoutMs',
  'unsigned',
] as const

type FetchInit = Omit<RequestInit, 'body' | 'headers' | 'credentials'> & {
  body?: string | Uint8Array | ArrayBuffer | null
  headers?: ConstructorParameters<typeof Headers>[0]
} & Omit<SignedRequestOptions, 'body' | 'headers' | 'method'>

/**
 * A `fetch`-shaped function that signs every request and routes it through the private API
 * name forms. Node's own fetch cannot do this: it silently drops a Host header (undici #2322).
 */
export function createSignedFetch(
  defaults: Omit<SignedRequestOptions, 'body' | 'method' | 'headers'> = {},
): (input: string | URL | Request, init?: FetchInit) => Promise<Response> {
  return async (input, init = {}) => {
    const request = typeof input === 'object' && 'url' in input && !(input instanceof URL) ? input : undefined
    const url = request ? request.url : String(input)
    const headers = new Headers(request?.headers)
    new Headers(init.headers).forEach((v, k) => {
      headers.set(k, v)
    })
    const method = init.method ?? request?.method
    const raw =
      init.body ?? (request && request.body ? new Uint8Array(await request.arrayBuffer()) : undefined)
    const body =
      raw === null || raw === undefined
        ? undefined
        : typeof raw === 'string'
          ? raw
          : raw instanceof ArrayBuffer
            ? new Uint8Array(raw)
            : raw
    // Only pvapi's own options: fetch's RequestInit has fields of the same name with other
    // meanings (`credentials: 'include'` is not AWS credentials).
    const rest: Record<string, unknown> = {}
    for (const k of PVAPI_OPTIONS)
      if ((init as Record<string, unknown>)[k] !== undefined) rest[k] = (init as Record<string, unknown>)[k]
    if (typeof (init as { credentials?: unknown }).credentials === 'string') delete rest.credentials
    const res = await signedRequest(url, {
      ...defaults,
      ...(rest as SignedRequestOptions),
      ...(method ? { method } : {}),
      headers: [...headers.entries()],
      ...(body !== undefined ? { body } : {}),
      ...((init.signal ?? request?.signal)
        ? { signal: (init.signal ?? request?.signal) as AbortSignal }
        : {}),
    })
    const out = new Headers()
    for (const [k, v] of Object.entries(res.headers))
      for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) out.append(k, one)
    // A Response may not carry a body with these statuses.
    const noBody = [101, 204, 205, 304].includes(res.status) || method === 'HEAD'
    return new Response(noBody ? null : new Uint8Array(res.body), {
      status: res.status,
      statusText: res.statusText,
      headers: out,
    })
  }
}
