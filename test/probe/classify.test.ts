/** Every outcome class of the error catalogue (field guide §1.3) and of curl's transport codes. */
import { describe, expect, it } from 'vitest'
import { classifyOutcome, outcomeLabel, type ProbeOutcome } from '../../src/core/classify-outcome.js'
import { tidyMessage } from '../../src/core/tidy-message.js'
import { MESSAGES } from './facts.js'

const http = (httpStatus: number, errorType?: string, message?: string, signed = true): ProbeOutcome => ({
  httpStatus,
  ...(errorType ? { errorType } : {}),
  ...(message ? { message } : {}),
  signed,
})

describe('classifyOutcome', () => {
  it.each([
    ['200', http(200), 'ok', [], undefined],
    ['302', http(302), 'redirect', [], undefined],
    [
      'Signature expired',
      http(403, 'InvalidSignatureException', MESSAGES.expired),
      'signature-expired',
      [1],
      undefined,
    ],
    [
      'Signature not yet current',
      http(403, 'InvalidSignatureException', MESSAGES.notYet),
      'signature-not-yet-current',
      [1],
      undefined,
    ],
    [
      'wrong region',
      http(
        403,
        'InvalidSignatureException',
        'Credential should be scoped to a valid Region, not us-west-2. ',
      ),
      'wrong-scope',
      [1],
      undefined,
    ],
    [
      'signature mismatch',
      http(403, 'InvalidSignatureException', MESSAGES.mismatch),
      'signature-mismatch',
      [1],
      undefined,
    ],
    [
      'expired token',
      http(403, 'ExpiredTokenException', 'The security token included in the request is expired'),
      'expired-token',
      [1],
      undefined,
    ],
    [
      'invalid token',
      http(403, 'UnrecognizedClientException', MESSAGES.invalidToken),
      'invalid-token',
      [1],
      undefined,
    ],
    [
      'IncompleteSignatureException (Bearer + custom endpoint policy)',
      http(403, 'IncompleteSignatureException', "Authorization header requires 'Credential' parameter."),
      'incomplete-signature',
      [1, 4],
      undefined,
    ],
    [
      'InvalidSignatureException, other',
      http(
        403,
        'InvalidSignatureException',
        'Invalid key=value pair (missing equal-sign) in Authorization header',
      ),
      'invalid-signature',
      [1, 4],
      undefined,
    ],
    [
      'Missing Authentication Token, unsigned',
      http(403, 'MissingAuthenticationTokenException', MESSAGES.mat, false),
      'missing-auth-token',
      [1, 8],
      undefined,
    ],
    [
      'Missing Authentication Token, signed',
      http(403, 'MissingAuthenticationTokenException', MESSAGES.mat, true),
      'missing-auth-token',
      [8, 1],
      undefined,
    ],
    [
      'anonymous',
      http(403, 'AccessDeniedException', MESSAGES.anonymous),
      'denied-anonymous',
      [6, 4],
      undefined,
    ],
    [
      'explicit deny',
      http(403, 'AccessDeniedException', MESSAGES.explicitDeny),
      'denied-explicit',
      [6, 4, 7],
      undefined,
    ],
    [
      'implicit deny',
      http(403, 'AccessDeniedException', MESSAGES.implicitDeny),
      'denied-implicit',
      [6, 7, 4],
      undefined,
    ],
    [
      'VPC endpoint policy wording',
      http(403, 'AccessDeniedException', MESSAGES.vpcePolicy),
      'denied-vpce-policy',
      [4],
      4,
    ],
    [
      'explicit deny in a VPC endpoint policy',
      http(
        403,
        'AccessDeniedException',
        `${MESSAGES.implicitDeny} with an explicit deny in a VPC endpoint policy`,
      ),
      'denied-vpce-policy',
      [4],
      4,
    ],
    [
      'no identity-based policy',
      http(403, 'AccessDeniedException', MESSAGES.identityPolicy),
      'denied-identity-policy',
      [7],
      7,
    ],
    [
      'explicit deny in an identity-based policy',
      http(
        403,
        'AccessDeniedException',
        `${MESSAGES.implicitDeny} with an explicit deny in an identity-based policy`,
      ),
      'denied-explicit',
      [7, 6, 4],
      7,
    ],
    [
      'explicit deny in a resource-based policy',
      http(
        403,
        'AccessDeniedException',
        `${MESSAGES.implicitDeny} with an explicit deny in a resource-based policy`,
      ),
      'denied-explicit',
      [6, 4, 7],
      6,
    ],
    [
      'authorizer',
      http(403, 'AccessDeniedException', MESSAGES.authorizer),
      'authorizer-deny',
      [8],
      undefined,
    ],
    [
      'authorizer, newer wording',
      http(
        403,
        'AccessDeniedException',
        'User is not authorized to access this resource with an explicit deny in an identity-based policy',
      ),
      'authorizer-deny',
      [8],
      undefined,
    ],
    ['Forbidden', http(403, 'ForbiddenException', MESSAGES.forbidden), 'forbidden', [6, 2, 8], undefined],
    ['429', http(429, 'TooManyRequestsException', 'Too Many Requests'), 'throttled', [8], undefined],
    [
      '502 with x-amzn-ErrorType',
      http(502, 'InternalServerErrorException', MESSAGES.internal),
      'integration-error',
      [8],
      undefined,
    ],
    [
      '504 timeout of the integration',
      http(504, 'InternalServerErrorException', 'Endpoint request timed out'),
      'integration-error',
      [8],
      undefined,
    ],
    ['503 without x-amzn-ErrorType', http(503), 'server-error', [8, 5], undefined],
    ['404 other', http(404, 'NotFoundException', 'Not Found'), 'http-error', [8], undefined],
    ['DNS (6)', { exitCode: 6 }, 'dns-failure', [2], undefined],
    ['refused (7)', { exitCode: 7, tcp: 'refused' }, 'connect-refused', [5, 3], undefined],
    ['connect timeout (28)', { exitCode: 28, tcp: 'timeout' }, 'connect-timeout', [3, 5], undefined],
    ['black hole after TCP (28)', { exitCode: 28, tcp: 'connected' }, 'connect-timeout', [3, 5], undefined],
    [
      'no answer after TLS (28)',
      { exitCode: 28, tcp: 'connected', tls: 'ok' },
      'response-timeout',
      [8, 5],
      undefined,
    ],
    ['TLS (35)', { exitCode: 35, tcp: 'connected', tls: 'failed' }, 'tls-failure', [2, 5], undefined],
    ['reset (52)', { exitCode: 52 }, 'connection-reset', [5, 3], undefined],
    ['reset while receiving (56)', { exitCode: 56 }, 'connection-reset', [5, 3], undefined],
  ] as const)('%s', (_name, outcome, cls, hops, wordingHop) => {
    const c = classifyOutcome(outcome as ProbeOutcome)
    expect(c.class).toBe(cls)
    expect(c.hops).toEqual(hops)
    expect(c.wordingHop).toBe(wordingHop)
    expect(c.ok).toBe(cls === 'ok' || cls === 'redirect')
    expect(c.meaning.length).toBeGreaterThan(5)
  })

  it('a denial naming a principal ARN proves the signature was accepted (hop 1 passed); anonymous does not', () => {
    expect(classifyOutcome(http(403, 'AccessDeniedException', MESSAGES.explicitDeny)).passed).toContain(1)
    expect(classifyOutcome(http(403, 'AccessDeniedException', MESSAGES.anonymous)).passed).not.toContain(1)
    expect(classifyOutcome({ exitCode: 28 }).passed).toEqual([2])
    expect(classifyOutcome(http(200)).passed).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
  })

  it('accepts x-amzn-ErrorType with a suffix', () => {
    expect(
      classifyOutcome(
        http(
          403,
          'AccessDeniedException:http://internal.amazon.com/coral/com.amazon.coral.service/',
          MESSAGES.explicitDeny,
        ),
      ).class,
    ).toBe('denied-explicit')
  })
})

describe('outcomeLabel', () => {
  it('names HTTP answers by status and type, transport failures by words and exit code', () => {
    expect(outcomeLabel(http(403, 'AccessDeniedException:x'))).toBe('HTTP 403 AccessDeniedException')
    expect(outcomeLabel({ exitCode: 28, tcp: 'connected' })).toBe(
      'timeout (TCP connected, TLS never completed) (28)',
    )
    expect(outcomeLabel({ exitCode: 28 })).toBe('connect timeout (28)')
    expect(outcomeLabel({ exitCode: 6 })).toBe('DNS failure (6)')
    expect(outcomeLabel({ exitCode: 7 })).toBe('connection refused (7)')
  })
})

describe('tidyMessage', () => {
  it('cuts the canonical request a signature-mismatch body quotes (it holds the session token)', () => {
    const body = `${MESSAGES.mismatch}\n\nThe Canonical String for this request should have been\n'GET\n/prod/items\n\nhost:x\nx-amz-security-token:SECRET-TOKEN\n'\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256…'\n`
    const t = tidyMessage(body)
    expect(t).toBe(MESSAGES.mismatch)
    expect(t).not.toContain('SECRET-TOKEN')
  })
  it('folds whitespace and caps the length', () => {
    expect(tidyMessage('a\n  b\tc')).toBe('a b c')
    expect(tidyMessage('x'.repeat(1000))).toHaveLength(300)
  })
})
