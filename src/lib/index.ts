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
import { LibClient } from './client.js'
import type {
  ClientOptions,
  SignedFetch,
  SignedFetchInit,
  SignedRequestFunction,
  SignedRequestOptions,
  SignedResponse,
} from './types.js'

export { PvapiError } from '../core/errors.js'
export { ExitCode } from '../core/exit-codes.js'
export type {
  AwsCredentialIdentity,
  ClientOptions,
  CredentialsInput,
  SignedFetch,
  SignedFetchInit,
  SignedRequestFunction,
  SignedRequestOptions,
  SignedResponse,
} from './types.js'

// One pool of keep-alive connections for every plain signedRequest call in the process.
const shared = new LibClient({}, false)

/**
 * Send one SigV4-signed request through any private API name form. Resolves with the response
 * for every HTTP status; rejects with a PvapiError (its `exitCode` is curl's code) on
 * transport, credential and input errors. Connections are kept alive and shared between
 * calls; credentials are resolved for each call (a client from `createSignedRequest` keeps them).
 */
export function signedRequest(
  url: string | URL,
  options: SignedRequestOptions = {},
): Promise<SignedResponse> {
  return shared.request(url, options)
}

/**
 * A client: `signedRequest` with defaults, which keeps its keep-alive connections, its
 * credentials (assumed roles included, refreshed 5 minutes before they expire) and looked-up
 * endpoint names. Create it at module scope in a Lambda function: warm invocations then skip
 * the TLS handshake and STS.
 */
export function createSignedRequest(defaults: ClientOptions = {}): SignedRequestFunction & { close(): void } {
  const client = new LibClient(defaults, true)
  return Object.assign((url: string | URL, options?: SignedRequestOptions) => client.request(url, options), {
    close: () => client.close(),
  })
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

/**
 * A `fetch`-shaped function that signs every request and routes it through the private API
 * name forms. Node's own fetch cannot do this: it silently drops a Host header (undici #2322).
 * Like `createSignedRequest`, it is a client: create it once, at module scope.
 */
export function createSignedFetch(defaults: ClientOptions = {}): SignedFetch & { close(): void } {
  const client = new LibClient(defaults, true)
  const signedFetch: SignedFetch = async (input, init: SignedFetchInit = {}) => {
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
    const res = await client.request(url, {
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
  return Object.assign(signedFetch, { close: () => client.close() })
}
