/**
 * "Another client" for the fake gateway: sign with sign-for-test.ts and send with
 * https-client.ts, choosing the connect address, the SNI name and the Host separately, as
 * curl's `--resolve` / `-H Host:` would. Handy in any test that needs a reference request.
 */
import { rawRequest, type RawResponse } from './https-client.js'
import {
  signForTest,
  type SignForTestInput,
  type SignedForTest,
  type TestCredentials,
} from './sign-for-test.js'

export interface GatewayCall {
  /** Where to connect and what to trust. */
  readonly gateway: { readonly port: number; readonly caPem: string; readonly host?: string }
  /** The host name the client believes it connects to: the TLS SNI name. */
  readonly connectName: string
  /** Host header to send (and sign). @default `${connectName}:${port}` */
  readonly host?: string
  /** Address to connect to. @default gateway.host ?? '127.0.0.1' */
  readonly connectAddress?: string
  readonly method?: string
  /** Request target as on the wire. @default '/' */
  readonly path?: string
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: Uint8Array | string
  /** Sign with these; unsigned when absent. */
  readonly credentials?: TestCredentials
  /** @default region from the host name, else 'us-east-1' */
  readonly region?: string
  /** Anything else for the signer (service, date, unsignedHeaders, signedHostOverride, …). */
  readonly sign?: Partial<
    Omit<SignForTestInput, 'method' | 'host' | 'target' | 'headers' | 'body' | 'credentials'>
  >
  /** mTLS client certificate. */
  readonly cert?: string
  readonly key?: string
  readonly timeoutMs?: number
}

export interface GatewayCallResult extends RawResponse {
  /** The signature details when the call was signed. */
  readonly signed?: SignedForTest
}

export async function callGateway(call: GatewayCall): Promise<GatewayCallResult> {
  const port = call.gateway.port
  const host = call.host ?? `${call.connectName}:${port}`
  const method = call.method ?? 'GET'
  const path = call.path ?? '/'
  const region = call.region ?? /\.execute-api\.([a-z0-9-]+)\./.exec(host)?.[1] ?? 'us-east-1'
  const signed = call.credentials
    ? signForTest({
        region,
        ...call.sign,
        method,
        host,
        target: path,
        headers: call.headers,
        body: call.body,
        credentials: call.credentials,
      })
    : undefined
  const headers = signed?.headers ?? { Host: host, ...call.headers }
  const response = await rawRequest({
    connectHost: call.connectAddress ?? call.gateway.host ?? '127.0.0.1',
    port,
    servername: call.connectName,
    method,
    path,
    headers,
    body: call.body,
    ca: call.gateway.caPem,
    cert: call.cert,
    key: call.key,
    timeoutMs: call.timeoutMs,
  })
  return { ...response, signed }
}
