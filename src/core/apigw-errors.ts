/**
 * What an API Gateway error response most likely means, from the error catalogue (field guide
 * §1.3). It says only what the message proves: the same 403 text can come from several
 * layers (e.g. "Missing Authentication Token" is an unsigned request *or* an undeployed route),
 * and the VPC endpoint policy's own wording is unverified, so no layer is claimed from text alone.
 */
export interface ErrorExplanation {
  readonly errorType?: string
  readonly message?: string
  /** One line: what it most likely means. */
  readonly meaning: string
  /** One line: what to check next. */
  readonly hint?: string
  /** The hop(s) of the request path it points at. */
  readonly hops: readonly number[]
  /** Set for `Signature expired` / `not yet current`. */
  readonly skew?: boolean
}

export function parseErrorBody(body: Uint8Array): string | undefined {
  if (body.length === 0 || body.length > 64 * 1024) return undefined
  try {
    const parsed = JSON.parse(Buffer.from(body).toString('utf8')) as Record<string, unknown>
    const m = parsed.message ?? parsed.Message ?? parsed.errorMessage
    return typeof m === 'string' ? m : undefined
  } catch {
    return undefined
  }
}

export function explainApiGatewayError(
  status: number,
  errorTypeHeader: string | undefined,
  body: Uint8Array,
): ErrorExplanation | undefined {
  // x-amzn-ErrorType can carry a suffix after ':' (e.g. "AccessDeniedException:http://...").
  const errorType = errorTypeHeader?.split(':')[0]
  const message = parseErrorBody(body)
  const base = { ...(errorType ? { errorType } : {}), ...(message ? { message } : {}) }
  const m = message ?? ''
  if (status < 400) return undefined

  if (/^Signature expired/i.test(m) || /^Signature not yet current/i.test(m)) {
    return {
      ...base,
      meaning: 'the request time is more than 5 minutes away from AWS time (clock skew)',
      hint: 'fix the clock (NTP/chrony) or re-run with --fix-skew',
      hops: [1],
      skew: true,
    }
  }
  if (/Credential should be scoped to a valid region/i.test(m)) {
    return {
      ...base,
      meaning: 'signed for the wrong region',
      hint: "pass --region with the API's region",
      hops: [1],
    }
  }
  if (/Credential should be scoped to correct service/i.test(m)) {
    return {
      ...base,
      meaning: 'signed for the wrong service',
      hint: 'private APIs are signed for service execute-api (--service execute-api)',
      hops: [1],
    }
  }
  if (/signature we calculated does not match/i.test(m)) {
    return {
      ...base,
      meaning:
        'the signature does not match what the server canonicalized: wrong secret key, or the signed Host/path/query differs from what arrived',
      hint: 're-run with -v to see the canonical request; through an endpoint-specific name use --api-id (x-apigw-api-id)',
      hops: [1],
    }
  }
  // Temporary credentials that expired (mid-run, or between --retry attempts) said nothing
  // before: name it, since the fix (fresh credentials) differs from a wrong key.
  if (/security token included in the request is expired/i.test(m) || errorType === 'ExpiredTokenException') {
    return {
      ...base,
      meaning: 'the session token has expired: these temporary credentials no longer work',
      hint: 'get fresh credentials (aws sso login, re-assume the role, or refresh the environment) and re-run; pvapi whoami shows their expiry',
      hops: [1],
    }
  }
  if (/security token included in the request is invalid/i.test(m)) {
    return {
      ...base,
      meaning: 'the access key or session token is invalid or expired',
      hint: 'refresh the credentials (pvapi whoami shows which are used)',
      hops: [1],
    }
  }
  if (errorType === 'IncompleteSignatureException' || errorType === 'InvalidSignatureException') {
    return {
      ...base,
      meaning:
        'the Authorization header is not a valid SigV4 signature; with a custom VPC endpoint policy, a non-SigV4 Authorization header (e.g. a bearer token) is rejected this way',
      hint: 'sign the request, or move the app token to another header; see pvapi doctor',
      hops: [1, 4],
    }
  }
  if (/Missing Authentication Token/i.test(m) || errorType === 'MissingAuthenticationTokenException') {
    return {
      ...base,
      meaning:
        'either the request was not signed on an AWS_IAM method, or the stage, path or method does not exist or is not deployed',
      hint: 'check the stage and path in the URL and that the API was deployed; sign unless the method is NONE',
      hops: [1, 8],
    }
  }
  if (/^User: anonymous is not authorized/i.test(m)) {
    return {
      ...base,
      meaning:
        'evaluated as anonymous: unsigned, or a method that is not AWS_IAM, and no policy explicitly allows the anonymous caller',
      hint: 'check that the resource policy allows this VPC endpoint (aws:SourceVpce) and that the request is signed if the method uses AWS_IAM',
      hops: [4, 6],
    }
  }
  if (/^User: .* is not authorized to perform: .* with an explicit deny/i.test(m)) {
    return {
      ...base,
      meaning:
        'a policy explicitly denies this caller (often a resource policy Deny with aws:SourceVpce/aws:SourceVpc that does not match)',
      hint: 'run pvapi doctor to find the statement',
      hops: [4, 6, 7],
    }
  }
  if (/^User: .* is not authorized to perform/i.test(m)) {
    return {
      ...base,
      meaning:
        "no policy allows this caller: cross-account calls need both the caller's identity policy and the resource policy to allow",
      hint: 'add execute-api:Invoke on this ARN to the caller role, and allow it in the resource policy',
      hops: [4, 6, 7],
    }
  }
  if (/not authorized to access this resource with an explicit deny/i.test(m)) {
    return {
      ...base,
      meaning: 'the Lambda authorizer (or an identity-based policy) denied the request',
      hint: "check the authorizer's logs and returned policy",
      hops: [8],
    }
  }
  if (m === 'Forbidden' || errorType === 'ForbiddenException') {
    return {
      ...base,
      meaning:
        'API Gateway refused before authorization: the API is not PRIVATE or not reachable through this endpoint (a public API through private DNS), the endpoint name was used without x-apigw-api-id, or an API key is missing',
      hint: 'check the API is PRIVATE; through a vpce name use --api-id; send x-api-key if the method requires one',
      hops: [2, 6, 8],
    }
  }
  if (status >= 500) {
    return {
      ...base,
      meaning: 'the integration or handler failed behind API Gateway',
      hint: 'check the stage execution/access logs and the backend',
      hops: [8],
    }
  }
  return undefined
}
