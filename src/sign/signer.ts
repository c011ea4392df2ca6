import { Hash } from '@smithy/hash-node'
import { SignatureV4 } from '@smithy/signature-v4'
import type { AwsCredentialIdentity, HeaderBag, HttpRequest } from '@smithy/types'

/** What the signer saw: exactly what the verbose output and the tests show. */
export interface SigningTrace {
  canonicalRequest: string
  stringToSign: string
}

/**
 * `SignatureV4` that records its canonical request and string to sign. The two methods are
 * `protected` in @smithy/signature-v4, so a subclass can observe them without re-implementing
 * SigV4: what `-v` prints is, byte for byte, what was signed.
 */
class TracingSignatureV4 extends SignatureV4 {
  // Stryker disable next-line all: placeholder values, always overwritten by sign() before the trace is read
  trace: SigningTrace = { canonicalRequest: '', stringToSign: '' }

  protected override createCanonicalRequest(
    request: HttpRequest,
    canonicalHeaders: HeaderBag,
    payloadHash: string,
  ): string {
    const canonical = super.createCanonicalRequest(request, canonicalHeaders, payloadHash)
    this.trace.canonicalRequest = canonical
    return canonical
  }

  protected override async createStringToSign(
    longDate: string,
    scope: string,
    canonicalRequest: string,
    algorithm: string,
  ): Promise<string> {
    const sts = await super.createStringToSign(longDate, scope, canonicalRequest, algorithm)
    this.trace.stringToSign = sts
    return sts
  }
}

export interface SignOptions {
  readonly request: HttpRequest
  readonly service: string
  readonly region: string
  readonly credentials: AwsCredentialIdentity
  readonly signingDate: Date
}

export interface SignedRequest {
  readonly request: HttpRequest
  readonly trace: SigningTrace
}

const sha256 = Hash.bind(null, 'sha256')

/**
 * Sign one request. The caller has already put on `request.headers.host` the exact Host
 * header that will be sent (the VPC-endpoint pitfall, field guide §5.4). The session token is
 * added as `X-Amz-Security-Token` and is part of the signed headers. No
 * `x-amz-content-sha256` header is added (`applyChecksum: false`): that is an S3 convention,
 * the SDKs and curl do not send it to execute-api, and the payload hash is still signed.
 */
export async function signRequest({
  request,
  service,
  region,
  credentials,
  signingDate,
}: SignOptions): Promise<SignedRequest> {
  const signer = new TracingSignatureV4({
    service,
    region,
    credentials,
    sha256,
    uriEscapePath: true,
    applyChecksum: false,
  })
  const signed = await signer.sign(request, { signingDate })
  return { request: signed, trace: signer.trace }
}
