/**
 * The verifier's failure messages and AWS canonicalization quirks, checked directly (the test
 * vectors cover the happy paths; fake-gateway tests cover the HTTP shapes).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CredentialStore } from './credential-store.js'
import { canonicalQuery, canonicalUri, normalizePath } from './sigv4-canonical.js'
import { signForTest, type SignForTestInput } from './sign-for-test.js'
import { verifySigV4, type VerifyOptions } from './sigv4-verify.js'

const KEY = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }
const NOW = new Date('2017-05-17T06:33:40Z')
const store = new CredentialStore()
store.add(KEY.accessKeyId, { ...KEY, principalArn: 'arn:aws:iam::111111111111:user/example' })
const options: VerifyOptions = {
  credentials: store,
  region: 'us-east-1',
  service: 'execute-api',
  now: () => NOW,
}

function signAndVerify(over: Partial<SignForTestInput> = {}, verifyOver: Partial<VerifyOptions> = {}) {
  const input: SignForTestInput = {
    method: 'GET',
    host: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
    target: '/prod/x',
    credentials: KEY,
    region: 'us-east-1',
    date: NOW,
    ...over,
  }
  const signed = signForTest(input)
  return verifySigV4(
    {
      method: input.method,
      url: input.target,
      headers: signed.headerPairs,
      body: typeof input.body === 'string' ? Buffer.from(input.body) : input.body,
    },
    { ...options, ...verifyOver },
  )
}

describe('canonicalization quirks', () => {
  it('encodes the wire path once more: %20 → %2520, and keeps RFC 3986 unreserved characters', () => {
    expect(canonicalUri('/prod/a%20b')).toBe('/prod/a%2520b')
    expect(canonicalUri('/prod/a b')).toBe('/prod/a%20b')
    expect(canonicalUri('/prod/%2F/@:+')).toBe('/prod/%252F/%40%3A%2B')
    expect(canonicalUri('/-_.~')).toBe('/-_.~')
  })

  it('normalizes dot and empty segments like the non-S3 signers', () => {
    expect(normalizePath('/a/./b/../c//d/')).toBe('/a/c/d/')
    expect(normalizePath('/..')).toBe('/')
    expect(normalizePath('')).toBe('')
  })

  it('query: decode then encode, %20 not +, literal + is %2B, sorted by key then value, k= for empty', () => {
    expect(canonicalQuery('b=2&a=1&a=0&empty=&flag&x=a=b=c&sp=%20&plus=a+b&pre=%41%7e')).toBe(
      'a=0&a=1&b=2&empty=&flag=&plus=a%2Bb&pre=A~&sp=%20&x=a%3Db%3Dc',
    )
    expect(canonicalQuery('Param-3=x&Param=y')).toBe('Param=y&Param-3=x')
    expect(canonicalQuery('k=%zz&u=%E1%88%B4')).toBe('k=%25zz&u=%E1%88%B4')
  })

  it('any wire spelling of the same text canonicalizes the same (minimal, or every byte escaped in lowercase)', () => {
    const everyByte = (t: string) =>
      [...Buffer.from(t, 'utf8')].map(b => `%${b.toString(16).padStart(2, '0')}`).join('')
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1 }), fc.string({ unit: 'grapheme' }), (k, v) => {
        const minimal = canonicalQuery(`${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
        expect(canonicalQuery(`${everyByte(k)}=${everyByte(v)}`)).toBe(minimal)
        expect(minimal).not.toMatch(/\+|%[0-9A-F]?[a-f]/)
      }),
      { numRuns: 200 },
    )
  })
})

describe('verifySigV4', () => {
  it('accepts what sign-for-test signs, including awkward targets and a session token', () => {
    const temp = { accessKeyId: 'ASIATEMP', secretAccessKey: 'tempsecret', sessionToken: 'tok/en+=' }
    store.add(temp.accessKeyId, temp)
    for (const target of [
      '/prod/a%20b/%E1%88%B4',
      '/prod/x?b=2&a=1&a=&c=a%3Db%3Dc&s=%20',
      '/prod/./y/../z//',
    ]) {
      expect(signAndVerify({ target }).ok).toBe(true)
    }
    expect(
      signAndVerify({ credentials: temp, method: 'POST', body: 'hello', addContentSha256: true }),
    ).toMatchObject({
      ok: true,
      signedHeaders: expect.arrayContaining(['x-amz-security-token', 'x-amz-content-sha256']),
    })
  })

  it('missing Authorization is reported, not decided', () => {
    expect(verifySigV4({ method: 'GET', url: '/', headers: [['host', 'x']] }, options)).toMatchObject({
      ok: false,
      reason: 'missing',
      errorType: 'MissingAuthenticationTokenException',
    })
  })

  it.each([
    [
      { region: 'xx-west-9' },
      'wrong-region',
      "Credential should be scoped to a valid region, not 'xx-west-9'. ",
    ],
    [
      { service: 'lambda' },
      'wrong-service',
      "Credential should be scoped to correct service: 'execute-api'. ",
    ],
  ] as const)('%o → %s', (over, reason, message) => {
    expect(signAndVerify(over)).toMatchObject({
      ok: false,
      reason,
      errorType: 'InvalidSignatureException',
      message,
    })
  })

  it('skew messages use the exact AWS sentence', () => {
    expect(signAndVerify({ date: new Date('2017-05-17T06:24:14Z') })).toMatchObject({
      reason: 'expired',
      message:
        'Signature expired: 20170517T062414Z is now earlier than 20170517T062840Z (20170517T063340Z - 5 min.)',
    })
    expect(signAndVerify({ date: new Date('2017-05-17T06:40:00Z') })).toMatchObject({
      reason: 'not-yet-current',
      message:
        'Signature not yet current: 20170517T064000Z is still later than 20170517T063840Z (20170517T063340Z + 5 min.)',
    })
    expect(signAndVerify({ date: new Date('2017-05-17T06:28:41Z') }).ok).toBe(true)
  })

  it('Host must be signed', () => {
    expect(signAndVerify({ unsignedHeaders: ['host'] })).toMatchObject({
      reason: 'host-not-signed',
      errorType: 'IncompleteSignatureException',
      message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    })
  })

  it('a body that does not match x-amz-content-sha256 is refused', () => {
    const signed = signForTest({
      method: 'POST',
      host: 'h',
      target: '/',
      credentials: KEY,
      region: 'us-east-1',
      date: NOW,
      body: 'sent',
      addContentSha256: true,
    })
    const result = verifySigV4(
      { method: 'POST', url: '/', headers: signed.headerPairs, body: Buffer.from('different') },
      options,
    )
    expect(result).toMatchObject({ ok: false, reason: 'content-sha256-mismatch' })
  })

  it('malformed credential scopes', () => {
    const date = '20170517T063340Z'
    const check = (credential: string) =>
      verifySigV4(
        {
          method: 'GET',
          url: '/',
          headers: [
            ['Host', 'h'],
            ['X-Amz-Date', date],
            [
              'Authorization',
              `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=host;x-amz-date, Signature=00`,
            ],
          ],
        },
        options,
      )
    expect(check('AKIDEXAMPLE/20170517/us-east-1/execute-api')).toMatchObject({
      reason: 'credential-format',
      message:
        "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIDEXAMPLE/20170517/us-east-1/execute-api'",
    })
    expect(check('AKIDEXAMPLE/20170518/us-east-1/execute-api/aws4_request')).toMatchObject({
      reason: 'date-scope-mismatch',
      message:
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20170518' != '20170517', from '20170517T063340Z'.",
    })
    expect(check('AKIDEXAMPLE/20170517/us-east-1/execute-api/aws4')).toMatchObject({
      reason: 'wrong-terminator',
    })
  })

  it('never confuses a signature from another key', () => {
    const other = new CredentialStore()
    other.add(KEY.accessKeyId, { secretAccessKey: 'another-secret' })
    expect(signAndVerify({}, { credentials: other })).toMatchObject({
      ok: false,
      reason: 'signature-mismatch',
    })
  })
})
