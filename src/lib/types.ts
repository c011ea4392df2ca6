// The library's public types, declared here rather than imported from the SDK's packages: the
// published .d.ts must compile in a consumer with `skipLibCheck: false` that has none of
// them installed (they are optional peer dependencies).

/** AWS credentials: the same shape as the SDK's `AwsCredentialIdentity`, so either fits the other. */
export interface AwsCredentialIdentity {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
  /** When they stop working; a client refreshes them 5 minutes before. */
  readonly expiration?: Date
  readonly credentialScope?: string
  readonly accountId?: string
}

/** Credentials, or a function returning them (called for every request: it does its own caching). */
export type CredentialsInput = AwsCredentialIdentity | (() => Promise<AwsCredentialIdentity>)

/** What a client is created with: every option but the request itself. */
export interface ClientOptions {
  /** @default from the host name, else AWS_REGION / AWS_DEFAULT_REGION, else the shared config */
  readonly region?: string
  /** @default 'execute-api' */
  readonly service?: string
  /** REST API id, for endpoint-specific `vpce-…` URLs. */
  readonly apiId?: string
  /** @default 'header' (x-apigw-api-id); 'host' sends Host: {api}.execute-api.{region}.amazonaws.com */
  readonly hostMode?: 'header' | 'host'
  /**
   * Connect through this VPC endpoint: its DNS name, or its id (looked up with
   * DescribeVpcEndpoints: loads `@aws-sdk/client-ec2`, so prefer the DNS name in a Lambda).
   */
  readonly vpce?: string
  /**
   * @default the runtime's credentials: environment keys (a Lambda function's role) need no
   * SDK code; otherwise the SDK's chain (`@aws-sdk/credential-providers`) is loaded.
   */
  readonly credentials?: CredentialsInput
  /** A profile of the shared config files (loads `@aws-sdk/credential-providers`). */
  readonly profile?: string
  /** Role(s) to assume first, in order (loads `@aws-sdk/client-sts`). */
  readonly roleArn?: string | readonly string[]
  /** External ID for the last role. */
  readonly externalId?: string
  /** @default 'pvapi-lib' */
  readonly roleSessionName?: string
  /** curl-style `host:port:addr` pins. */
  readonly resolve?: readonly string[]
  /** curl-style `host1:port1:host2:port2` redirections. */
  readonly connectTo?: readonly string[]
  /** CA certificate(s), PEM, trusted instead of Node's bundle. */
  readonly ca?: string | Uint8Array
  /** Client certificate (PEM), for mTLS. */
  readonly cert?: string | Uint8Array
  /** Client key (PEM), for mTLS. */
  readonly key?: string | Uint8Array
  readonly connectTimeoutMs?: number
  /** Whole-request limit. @default 30000 */
  readonly timeoutMs?: number
  /** @default false */
  readonly unsigned?: boolean
}

export interface SignedRequestOptions extends ClientOptions {
  /** @default 'GET', or 'POST' with a body */
  readonly method?: string
  readonly headers?: Readonly<Record<string, string>> | ReadonlyArray<readonly [string, string]>
  /** Sent and hashed byte for byte. */
  readonly body?: string | Uint8Array
  readonly signal?: AbortSignal
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

/** `signedRequest`, bound to a client that keeps connections and credentials. */
export type SignedRequestFunction = (
  url: string | URL,
  options?: SignedRequestOptions,
) => Promise<SignedResponse>

/** `fetch`'s init, with pvapi's options beside it (fetch's own `credentials` string is ignored). */
export type SignedFetchInit = Omit<RequestInit, 'body' | 'headers' | 'credentials'> & {
  body?: string | Uint8Array | ArrayBuffer | null
  headers?: ConstructorParameters<typeof Headers>[0]
} & Omit<ClientOptions, 'credentials'> & {
    credentials?: CredentialsInput | 'omit' | 'same-origin' | 'include'
  }

export type SignedFetch = (input: string | URL | Request, init?: SignedFetchInit) => Promise<Response>
