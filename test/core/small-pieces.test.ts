import { describe, expect, it } from 'vitest'
import { explainApiGatewayError } from '../../src/core/apigw-errors.js'
import { Redactor, fingerprint, redactAuthorization } from '../../src/core/redact.js'
import { describeOffset, measureSkew } from '../../src/call/skew.js'
import { retryDelayMs, retryableStatus } from '../../src/call/retry.js'
import { VERSION } from '../../src/core/version.js'
import { readFileSync } from 'node:fs'

const body = (o: object) => Buffer.from(JSON.stringify(o))

describe('API Gateway error catalogue (field guide §1.3)', () => {
  it.each([
    [403, 'MissingAuthenticationTokenException', { message: 'Missing Authentication Token' }, [1, 8]],
    [
      403,
      'AccessDeniedException',
      {
        Message:
          'User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:222222222222:abc1234567/prod/GET/items',
      },
      [4, 6],
    ],
    [
      403,
      'AccessDeniedException',
      {
        Message:
          'User: arn:aws:sts::111111111111:assumed-role/r/s is not authorized to perform: execute-api:Invoke on resource: arn:x with an explicit deny',
      },
      [4, 6, 7],
    ],
    [403, 'ForbiddenException', { message: 'Forbidden' }, [2, 6, 8]],
    [
      403,
      'InvalidSignatureException',
      {
        message:
          'Signature expired: 20170517T062414Z is now earlier than 20170517T062840Z (20170517T063340Z - 5 min.)',
      },
      [1],
    ],
    [
      403,
      'InvalidSignatureException',
      { message: 'The request signature we calculated does not match the signature you provided.' },
      [1],
    ],
    [
      403,
      'IncompleteSignatureException',
      { message: "Authorization header requires 'Credential' parameter." },
      [1, 4],
    ],
    [
      403,
      'UnrecognizedClientException',
      { message: 'The security token included in the request is invalid.' },
      [1],
    ],
    [502, 'InternalServerErrorException', { message: 'Internal server error' }, [8]],
  ])('%i %s', (status, type, msg, hops) => {
    const e = explainApiGatewayError(status, `${type}:http://internal.amazon.com/coral/`, body(msg))
    expect(e?.hops).toEqual(hops)
    expect(e?.errorType).toBe(type)
  })
  it('says nothing for success or unknown 4xx', () => {
    expect(explainApiGatewayError(200, undefined, Buffer.from('{}'))).toBeUndefined()
    expect(explainApiGatewayError(404, undefined, Buffer.from('nope'))).toBeUndefined()
  })
})

describe('clock skew', () => {
  it('reads the server time from "Signature expired"', () => {
    const offset = measureSkew({
      message:
        'Signature expired: 20170517T062414Z is now earlier than 20170517T062840Z (20170517T063340Z - 5 min.)',
      signedAt: new Date('2017-05-17T06:24:14Z'),
      receivedAt: new Date(),
    })
    expect(offset).toBe(566_000)
    expect(describeOffset(offset!)).toBe('9m26s behind the server')
    const ahead = measureSkew({
      message:
        'Signature not yet current: 20170517T070000Z is still later than 20170517T065500Z (20170517T065000Z + 5 min.)',
      signedAt: new Date('2017-05-17T07:00:00Z'),
      receivedAt: new Date(),
    })
    expect(describeOffset(ahead!)).toBe('10m0s ahead of the server')
  })
  it('falls back to the Date header', () => {
    expect(
      measureSkew({
        dateHeader: 'Sat, 21 Nov 2026 05:00:00 GMT',
        receivedAt: new Date('2026-11-21T05:10:00Z'),
      }),
    ).toBe(-600_000)
  })
})

describe('retry schedule', () => {
  it('is exponential with jitter, fixed with --retry-delay, and honours Retry-After', () => {
    expect(retryDelayMs(1, undefined, undefined, () => 0.5)).toBe(1000)
    expect(retryDelayMs(3, undefined, undefined, () => 0)).toBe(3200)
    expect(retryDelayMs(3, 50, undefined, () => 0.9)).toBe(50)
    expect(retryDelayMs(1, 50, '2', () => 0)).toBe(2000)
    expect([408, 429, 500, 503].every(retryableStatus)).toBe(true)
    expect([400, 403, 404].some(retryableStatus)).toBe(false)
  })
})

describe('redaction', () => {
  it('fingerprints signatures and scrubs registered secrets', () => {
    const sig = 'a'.repeat(64)
    expect(
      redactAuthorization(`AWS4-HMAC-SHA256 Credential=AKID/x, SignedHeaders=host, Signature=${sig}`),
    ).toBe(`AWS4-HMAC-SHA256 Credential=AKID/x, SignedHeaders=host, Signature=[redacted ${fingerprint(sig)}]`)
    const r = new Redactor()
    r.add('secret-key-123456', undefined, 'short')
    expect(r.scrub('oops secret-key-123456 and short')).toBe(
      `oops [redacted ${fingerprint('secret-key-123456')}] and short`,
    )
    expect(r.scrub(`Signature=${'b'.repeat(64)}`)).not.toContain('b'.repeat(64))
  })
})

it('VERSION matches package.json', () => {
  expect(VERSION).toBe(
    (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
      .version,
  )
})
