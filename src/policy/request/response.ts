/** Step 4 of a denied request: the 403 a client would see, per the API Gateway troubleshooting guide. */
import type { Decision, DeniedBy } from '../types.js'
import type { Authentication } from './authenticate.js'
import type { PredictedResponse } from './types.js'

// Built per call rather than at module load, so mutation testing can exercise it (issue 18).
function authenticationMessages(): Readonly<Record<string, string>> {
  return {
    MissingAuthenticationTokenException: 'Missing Authentication Token',
    IncompleteSignatureException:
      'Authorization header requires a SigV4 signature (IncompleteSignatureException)',
    InvalidSignatureException:
      'The request signature we calculated does not match the signature you provided (or the security token is invalid)',
  }
}

export function predictResponse(args: {
  readonly deniedBy: DeniedBy | undefined
  readonly decision: Decision
  readonly auth: Authentication
  readonly action: string
  readonly resource: string
}): PredictedResponse {
  const { deniedBy, decision, auth, action, resource } = args
  if (deniedBy === 'authentication') {
    // Stryker disable next-line StringLiteral: unreachable; every rejected header row has an error type
    const errorType = auth.errorType ?? 'AccessDeniedException'
    return {
      status: 403,
      errorType,
      message: authenticationMessages()[errorType] ?? errorType,
      documented: errorType === 'MissingAuthenticationTokenException',
    }
  }
  // The authorizer layer decides a denial only by an explicit deny: when it merely does not
  // allow, the resource policy does not allow either (Table A) and, coming first, decides.
  if (deniedBy === 'authorizer-policy') {
    return {
      status: 403,
      errorType: 'AccessDeniedException',
      message: 'User is not authorized to access this resource with an explicit deny',
      documented: true,
    }
  }
  const who = deniedBy === 'vpc-endpoint-policy' ? auth.endpointCaller : auth.methodCaller
  const tail = decision === 'explicit-deny' ? ' with an explicit deny' : ''
  return {
    status: 403,
    errorType: 'AccessDeniedException',
    message: `User: ${who} is not authorized to perform: ${action} on resource: ${resource}${tail}`,
    // AWS documents these texts for the resource and identity layers, not for the endpoint policy.
    documented: deniedBy !== 'vpc-endpoint-policy',
  }
}
