import type { AwsCredentialIdentity } from '@smithy/types'
import { signRequest, type SigningTrace } from '../sign/signer.js'
import { toSignable, type PreparedRequest } from './prepare.js'

export interface SignedHeaders {
  /** Every header to send: the signed set, the signature headers, and the transport headers. */
  readonly headers: Readonly<Record<string, string>>
  readonly trace?: SigningTrace
  readonly signingDate?: Date
}

export interface SigningParams {
  readonly service: string
  readonly region: string
  readonly credentials: AwsCredentialIdentity
  readonly signingDate: Date
}

/** Sign a prepared request (or, with no params, pass it through unsigned for --no-sign). */
export async function signPrepared(
  p: PreparedRequest,
  params: SigningParams | undefined,
): Promise<SignedHeaders> {
  if (!params) {
    const headers = {
      ...p.headers,
      ...(p.userAuthorization !== undefined ? { authorization: p.userAuthorization } : {}),
      ...p.transportHeaders,
    }
    return { headers }
  }
  const { request, trace } = await signRequest({ request: toSignable(p), ...params })
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(request.headers))
    if (v !== undefined) headers[k.toLowerCase()] = String(v)
  return { headers: { ...headers, ...p.transportHeaders }, trace, signingDate: params.signingDate }
}
