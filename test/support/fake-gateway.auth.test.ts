/**
 * SigV4, clock skew, resource policies and integration errors in the fake gateway, each with
 * API Gateway's status, `x-amzn-ErrorType` and message.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { CredentialStore } from './credential-store.js'
import { startFakeGateway, type FakeGateway } from './fake-gateway.js'
import { callGateway, type GatewayCall } from './gateway-client.js'
import { integrationFailures } from './gateway-model.js'
import { toAmzDate } from './sigv4-canonical.js'

const API = 'a1b2c3d4e5'
const HOST = `${API}.execute-api.us-east-1.amazonaws.com`
const VPCE_DNS = 'vpce-0123456789abcdef0-abcd1234.execute-api.us-east-1.vpce.amazonaws.com'
const ALICE = {
  accessKeyId: 'AKIAALICE00000000001',
  secretAccessKey: 'alice-secret-0000000000000000000000000000',
}
const TEMP = {
  accessKeyId: 'ASIATEMP000000000001',
  secretAccessKey: 'temp-secret-00000000000000000000000000000',
  sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN//////////',
}
const OLD = {
  accessKeyId: 'ASIAOLD0000000000001',
  secretAccessKey: 'old-secret-000000000000000000000000000000',
  sessionToken: 'FwoGZXIvYXdzEXPIRED',
}
const ALICE_ARN = 'arn:aws:iam::111111111111:user/alice'
const MINUTE = 60_000

let gw: FakeGateway
const call = (c: Omit<GatewayCall, 'gateway' | 'connectName'> & { connectName?: string }) =>
  callGateway({ gateway: gw, connectName: HOST, credentials: ALICE, path: '/prod/items', ...c })
const message = (res: { json<T>(): T }) => res.json<{ message: string }>().message

beforeAll(async () => {
  const credentials = new CredentialStore()
  credentials.add(ALICE.accessKeyId, { ...ALICE, principalArn: ALICE_ARN })
  credentials.add(TEMP.accessKeyId, {
    ...TEMP,
    principalArn: 'arn:aws:sts::111111111111:assumed-role/Reader/s1',
    expiresAt: new Date(Date.now() + 3600_000),
  })
  credentials.add(OLD.accessKeyId, {
    ...OLD,
    principalArn: 'arn:aws:sts::111111111111:assumed-role/Reader/s0',
    expiresAt: new Date(Date.now() - 1000),
  })
  gw = await startFakeGateway({
    credentials,
    // "ENIs": 127.0.0.1 is the default VPCE, 127.0.0.2 another VPCE, 127.0.0.3 the default
    // VPCE reached through an endpoint with a custom endpoint policy.
    listen: [
      { address: '127.0.0.1' },
      { address: '127.0.0.2', vpceId: 'vpce-0bbbbbbbbbbbbbbb2' },
      { address: '127.0.0.3', customEndpointPolicy: true },
    ],
    apis: [
      {
        id: API,
        routes: [
          { method: 'ANY', path: '/items' },
          { method: 'GET', path: '/open', authorizationType: 'NONE' },
          { method: 'GET', path: '/boom', handler: integrationFailures.badGateway },
          {
            method: 'GET',
            path: '/throttle',
            authorizationType: 'NONE',
            handler: integrationFailures.throttled,
          },
          {
            method: 'GET',
            path: '/slow',
            authorizationType: 'NONE',
            handler: { status: 201, body: { slow: true }, delayMs: 150, headers: { 'x-extra': '1' } },
          },
          {
            method: 'GET',
            path: '/fn',
            authorizationType: 'NONE',
            handler: ctx => ({ status: 202, body: `stage=${ctx.stage}` }),
          },
        ],
        resourcePolicy: { allowVpce: ['vpce-0123456789abcdef0'] },
      },
    ],
  })
})

afterAll(() => gw.close())
afterEach(() => gw.setClockOffsetMs(0))

describe('SigV4 on AWS_IAM methods', () => {
  it('accepts a correctly signed request and reports the caller', async () => {
    const res = await call({})
    expect(res.status).toBe(200)
    expect(gw.requests.at(-1)?.verification).toMatchObject({
      ok: true,
      accessKeyId: ALICE.accessKeyId,
      region: 'us-east-1',
      service: 'execute-api',
      principal: ALICE_ARN,
    })
  })

  it('unsigned → 403 MissingAuthenticationTokenException', async () => {
    const res = await call({ credentials: undefined })
    expect(res.status).toBe(403)
    expect(res.headers['x-amzn-errortype']).toBe('MissingAuthenticationTokenException')
    expect(res.text).toBe('{"message":"Missing Authentication Token"}')
  })

  it('wrong secret → InvalidSignatureException with the canonical string API Gateway computed', async () => {
    const res = await call({ credentials: { ...ALICE, secretAccessKey: 'wrong' } })
    expect(res.status).toBe(403)
    expect(res.headers['x-amzn-errortype']).toBe('InvalidSignatureException')
    expect(message(res)).toMatch(
      /^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\. Consult the service documentation for details\.\n\nThe Canonical String for this request should have been\n'GET\n\/prod\/items\n/,
    )
    expect(message(res)).toContain("\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n")
  })

  it('signing a different Host than the one sent (the VPCE mistake) → signature mismatch', async () => {
    const res = await call({
      connectName: VPCE_DNS,
      host: HOST,
      sign: { signedHostOverride: `${VPCE_DNS}:${gw.port}` },
    })
    expect(res.status).toBe(403)
    expect(message(res)).toContain(`host:${HOST}\n`)
    expect(gw.requests.at(-1)?.verification).toMatchObject({ ok: false, reason: 'signature-mismatch' })
  })

  it('wrong region in the scope', async () => {
    const res = await call({ region: 'xx-west-9' })
    expect(res.headers['x-amzn-errortype']).toBe('InvalidSignatureException')
    expect(message(res)).toBe("Credential should be scoped to a valid region, not 'xx-west-9'. ")
  })

  it('wrong service in the scope', async () => {
    const res = await call({ sign: { service: 'execute' } })
    expect(res.headers['x-amzn-errortype']).toBe('InvalidSignatureException')
    expect(message(res)).toBe("Credential should be scoped to correct service: 'execute-api'. ")
  })

  it('unknown access key → UnrecognizedClientException', async () => {
    const res = await call({ credentials: { accessKeyId: 'AKIANOBODY0000000000', secretAccessKey: 'x' } })
    expect(res.headers['x-amzn-errortype']).toBe('UnrecognizedClientException')
    expect(message(res)).toBe('The security token included in the request is invalid.')
  })

  it('temporary credentials: token required, must match, must be signed, must not be expired', async () => {
    expect((await call({ credentials: TEMP })).status).toBe(200)
    const { sessionToken: _dropped, ...withoutToken } = TEMP
    expect(message(await call({ credentials: withoutToken }))).toBe(
      'The security token included in the request is invalid.',
    )
    expect(message(await call({ credentials: { ...TEMP, sessionToken: 'forged' } }))).toBe(
      'The security token included in the request is invalid.',
    )
    const unsigned = await call({ credentials: TEMP, sign: { signSessionToken: false } })
    expect(unsigned.headers['x-amzn-errortype']).toBe('IncompleteSignatureException')
    expect(gw.requests.at(-1)?.verification).toMatchObject({ ok: false, reason: 'token-not-signed' })
    const expired = await call({ credentials: OLD })
    expect(expired.headers['x-amzn-errortype']).toBe('ExpiredTokenException')
    expect(message(expired)).toBe('The security token included in the request is expired')
  })

  it.each([
    [
      'Bearer token',
      'Bearer abc.def.ghi',
      "'abc.def.ghi' not a valid key=value pair (missing equal-sign) in Authorization header: 'Bearer abc.def.ghi'.",
    ],
    [
      'only a credential',
      'AWS4-HMAC-SHA256 Credential=AKIAALICE00000000001/20260101/us-east-1/execute-api/aws4_request',
      "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 Credential=AKIAALICE00000000001/20260101/us-east-1/execute-api/aws4_request",
    ],
  ])(
    'malformed Authorization (%s) → IncompleteSignatureException',
    async (_what, authorization, expected) => {
      const res = await call({ credentials: undefined, headers: { Authorization: authorization } })
      expect(res.status).toBe(403)
      expect(res.headers['x-amzn-errortype']).toBe('IncompleteSignatureException')
      expect(message(res)).toBe(expected)
    },
  )

  it('NONE methods ignore Authorization entirely', async () => {
    const res = await call({
      path: '/prod/open',
      credentials: undefined,
      headers: { Authorization: 'Bearer whatever' },
    })
    expect(res.status).toBe(200)
    expect(res.json<{ principal: null }>().principal).toBeNull()
    expect(gw.requests.at(-1)?.verification).toBeUndefined()
  })

  it('…unless the VPC endpoint has a custom policy: then a Bearer token on a NONE method is an IncompleteSignatureException', async () => {
    const bearer = await call({
      connectAddress: '127.0.0.3',
      path: '/prod/open',
      credentials: undefined,
      headers: { Authorization: 'Bearer app-token' },
    })
    expect(bearer.status).toBe(403)
    expect(bearer.headers['x-amzn-errortype']).toBe('IncompleteSignatureException')
    expect(
      (await call({ connectAddress: '127.0.0.3', path: '/prod/open', credentials: undefined })).status,
    ).toBe(200)
    const signed = await call({ connectAddress: '127.0.0.3', path: '/prod/open' })
    expect(signed.json<{ principal: string }>().principal).toBe(ALICE_ARN)
  })
})

describe('clock skew (±5 minutes, server clock movable)', () => {
  it("server 10 min ahead → Signature expired, with AWS's exact sentence", async () => {
    gw.setClockOffsetMs(10 * MINUTE)
    const signedAt = new Date()
    const res = await call({ sign: { date: signedAt } })
    expect(res.status).toBe(403)
    expect(res.headers['x-amzn-errortype']).toBe('InvalidSignatureException')
    const m =
      /^Signature expired: (\d{8}T\d{6}Z) is now earlier than (\d{8}T\d{6}Z) \((\d{8}T\d{6}Z) - 5 min\.\)$/.exec(
        message(res),
      )
    expect(m).not.toBeNull()
    expect(m?.[1]).toBe(toAmzDate(signedAt))
    // The Date header shows the server's (skewed) clock: what pvapi measures skew from.
    const serverDate = Date.parse(String(res.headers['date']))
    expect(Math.abs(serverDate - (Date.now() + 10 * MINUTE))).toBeLessThan(5000)
  })

  it('server 10 min behind → Signature not yet current', async () => {
    gw.setClockOffsetMs(-10 * MINUTE)
    const res = await call({})
    expect(message(res)).toMatch(
      /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$/,
    )
  })

  it('4 minutes of skew is tolerated', async () => {
    gw.setClockOffsetMs(4 * MINUTE)
    expect((await call({})).status).toBe(200)
    gw.setClockOffsetMs(-4 * MINUTE)
    expect((await call({})).status).toBe(200)
  })

  it('re-signing with the server clock (what --fix-skew does) succeeds', async () => {
    gw.setClockOffsetMs(42 * MINUTE)
    const first = await call({})
    const offset = Date.parse(String(first.headers['date'])) - Date.now()
    const second = await call({ sign: { date: new Date(Date.now() + offset) } })
    expect(second.status).toBe(200)
  })
})

describe('resource policy', () => {
  it('a VPCE outside allowVpce is explicitly denied, naming the signed caller (capital "Message")', async () => {
    const res = await call({ connectAddress: '127.0.0.2' })
    expect(res.status).toBe(403)
    expect(res.headers['x-amzn-errortype']).toBe('AccessDeniedException')
    expect(res.json()).toEqual({
      Message: `User: ${ALICE_ARN} is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:111111111111:${API}/prod/GET/items with an explicit deny`,
    })
    expect(gw.requests.at(-1)).toMatchObject({
      localAddress: '127.0.0.2',
      sourceVpce: 'vpce-0bbbbbbbbbbbbbbb2',
    })
  })

  it('on a NONE method the caller is anonymous; without the Deny statement the deny is implicit', async () => {
    gw.updateApi(API, { resourcePolicy: { allowVpce: ['vpce-0123456789abcdef0'], denyOtherVpce: false } })
    try {
      const res = await call({ connectAddress: '127.0.0.2', path: '/prod/open', credentials: undefined })
      expect(res.json()).toEqual({
        Message: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:111111111111:${API}/prod/GET/open`,
      })
    } finally {
      gw.updateApi(API, { resourcePolicy: { allowVpce: ['vpce-0123456789abcdef0'] } })
    }
  })

  it('denyAll denies every caller explicitly', async () => {
    gw.updateApi(API, { resourcePolicy: { denyAll: true } })
    try {
      const res = await call({})
      expect(res.json<{ Message: string }>().Message).toMatch(/ with an explicit deny$/)
    } finally {
      gw.updateApi(API, { resourcePolicy: { allowVpce: ['vpce-0123456789abcdef0'] } })
    }
  })

  it('SigV4 is checked before the policy: a bad signature from a denied VPCE is a signature error', async () => {
    const res = await call({
      connectAddress: '127.0.0.2',
      credentials: { ...ALICE, secretAccessKey: 'wrong' },
    })
    expect(res.headers['x-amzn-errortype']).toBe('InvalidSignatureException')
  })
})

describe('integration responses and common headers', () => {
  it("502 from the integration: InternalServerErrorException and API Gateway's body", async () => {
    const res = await call({ path: '/prod/boom' })
    expect(res.status).toBe(502)
    expect(res.headers['x-amzn-errortype']).toBe('InternalServerErrorException')
    expect(res.text).toBe('{"message": "Internal server error"}')
  })

  it('429 throttling', async () => {
    const res = await call({ path: '/prod/throttle' })
    expect(res.status).toBe(429)
    expect(res.headers['x-amzn-errortype']).toBe('TooManyRequestsException')
  })

  it('static and function handlers, with delay and extra headers', async () => {
    const t0 = Date.now()
    const slow = await call({ path: '/prod/slow' })
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140)
    expect(slow.status).toBe(201)
    expect(slow.headers['x-extra']).toBe('1')
    expect(slow.json()).toEqual({ slow: true })
    const fn = await call({ path: '/prod/fn' })
    expect(fn.status).toBe(202)
    expect(fn.text).toBe('stage=prod')
  })

  it.each([
    ['success', '/prod/items', ALICE],
    ['auth error', '/prod/items', undefined],
    ['routing error', '/nope', ALICE],
  ] as const)(
    'every response (%s) has x-amzn-RequestId, Date and JSON content-type',
    async (_what, path, credentials) => {
      const res = await call({ path, credentials })
      expect(res.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/)
      expect(res.headers['content-type']).toBe('application/json')
      expect(Number.isNaN(Date.parse(String(res.headers['date'])))).toBe(false)
      expect(res.status === 200 || typeof res.headers['x-amzn-errortype'] === 'string').toBe(true)
    },
  )
})
