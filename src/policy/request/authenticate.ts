/**
 * Step 1 of a request: how API Gateway reads the Authorization header, and so which caller the
 * VPC endpoint policy and the method's policies see. "The identity of the invoker is evaluated
 * based on the Authorization header value. The VPC endpoint policy is evaluated first": no
 * header or a non-SigV4 header → anonymous, valid SigV4 → that principal, invalid SigV4 →
 * denied. For CUSTOM and COGNITO_USER_POOLS methods the header carries a token, not a
 * signature, so every policy sees an anonymous caller; for NONE with the default endpoint
 * policy the header is not read at all, but with a custom endpoint policy a non-SigV4 header
 * fails (403 IncompleteSignatureException, observed in the field).
 */
import type { Caller } from '../principal.js'
import type { AuthorizationHeader, AuthorizationType } from '../types.js'
import type { AuthenticationResult } from './types.js'

/** The result, with the parsed callers the layers evaluate. */
export interface Authentication extends AuthenticationResult {
  readonly endpointCallerParsed: Caller
  readonly methodCallerParsed: Caller
}

/** One row of a header table: whether the request gets past authentication, and who each side sees. */
interface Outcome {
  readonly ok: boolean
  /** The VPC endpoint policy sees the signer (else an anonymous caller). */
  readonly endpointSeesSigner: boolean
  /** The method's policies see the signer (else an anonymous caller). */
  readonly methodSeesSigner: boolean
  readonly errorType?: string | undefined
  readonly reason?: string | undefined
}

function anonymousBoth(reason?: string): Outcome {
  return { ok: true, endpointSeesSigner: false, methodSeesSigner: false, reason }
}
function rejected(errorType: string, reason: string): Outcome {
  return { ok: false, endpointSeesSigner: false, methodSeesSigner: false, errorType, reason }
}

/** A header table; a header value it does not list is read as an invalid signature. */
type HeaderTable = Readonly<Record<AuthorizationHeader, Outcome>>

// The tables are functions built per call (they are small) rather than constants or arrow
// functions assigned at module load, so that mutation testing can exercise them: Stryker
// cannot switch mutants in code that runs only at load (issue 18).

/** AWS_IAM methods: only a valid SigV4 signature gets through, and then every policy sees the signer. */
function awsIamHeaders(): HeaderTable {
  return {
    sigv4: { ok: true, endpointSeesSigner: true, methodSeesSigner: true },
    none: rejected(
      'MissingAuthenticationTokenException',
      'the method requires SigV4 (AWS_IAM) and the request is not signed',
    ),
    other: rejected(
      'IncompleteSignatureException',
      'the method requires SigV4 (AWS_IAM) and the Authorization header is not a SigV4 signature',
    ),
    'invalid-sigv4': rejected(
      'InvalidSignatureException',
      'the SigV4 signature or the credentials in it are invalid',
    ),
  }
}

/**
 * NONE methods behind a custom VPC endpoint policy: the header is read as SigV4 for the
 * endpoint policy only; the method's resource policy still sees an anonymous caller.
 */
function noneCustomEndpointHeaders(): HeaderTable {
  return {
    sigv4: { ok: true, endpointSeesSigner: true, methodSeesSigner: false },
    none: anonymousBoth(),
    other: rejected(
      'IncompleteSignatureException',
      'with a custom VPC endpoint policy API Gateway reads the Authorization header as SigV4, and this one is not',
    ),
    'invalid-sigv4': rejected(
      'InvalidSignatureException',
      'with a custom VPC endpoint policy API Gateway checks the SigV4 signature, and it is invalid',
    ),
  }
}

/** NONE methods with the default endpoint policy: the header is not read at all. */
function noneDefaultEndpoint(): Outcome {
  return anonymousBoth(
    'NONE method with the default endpoint policy: the Authorization header is not evaluated',
  )
}

/** CUSTOM and COGNITO_USER_POOLS: the header carries the authorizer's token, not a signature. */
function tokenMethod(type: AuthorizationType): Outcome {
  return anonymousBoth(
    `${type} methods do not read the Authorization header as SigV4: every policy sees an anonymous caller`,
  )
}

const lookUp = (table: HeaderTable, header: AuthorizationHeader): Outcome =>
  Object.hasOwn(table, header) ? table[header] : table['invalid-sigv4']

/** The row for this method type, header and endpoint policy. Any other type is read as NONE. */
function outcomeOf(
  type: AuthorizationType,
  header: AuthorizationHeader,
  customEndpointPolicy: boolean,
): Outcome {
  if (type === 'CUSTOM' || type === 'COGNITO_USER_POOLS') return tokenMethod(type)
  if (type === 'AWS_IAM') return lookUp(awsIamHeaders(), header)
  return customEndpointPolicy ? lookUp(noneCustomEndpointHeaders(), header) : noneDefaultEndpoint()
}

/** API Gateway's reading of the Authorization header for this method and endpoint policy. */
export function authenticate(args: {
  readonly type: AuthorizationType
  readonly header: AuthorizationHeader
  /** The signer, as parsed. */
  readonly caller: Caller
  /** The signer, as given (trimmed). */
  readonly principal: string
  readonly customEndpointPolicy: boolean
}): Authentication {
  const { type, header, caller, principal, customEndpointPolicy } = args
  const row = outcomeOf(type, header, customEndpointPolicy)
  const anonymous: Caller = { kind: 'anonymous' }
  return {
    header,
    ok: row.ok,
    endpointCaller: row.endpointSeesSigner ? principal : 'anonymous',
    methodCaller: row.methodSeesSigner ? principal : 'anonymous',
    endpointCallerParsed: row.endpointSeesSigner ? caller : anonymous,
    methodCallerParsed: row.methodSeesSigner ? caller : anonymous,
    // Absent ones are left out of the result by evaluateRequest.
    errorType: row.errorType,
    reason: row.reason,
  }
}
