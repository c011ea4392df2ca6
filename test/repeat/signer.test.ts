/**
 * The repeat signer: for every request shape and time it must produce exactly the headers the
 * SigV4 signer (src/sign/signer.ts) produces, and fall back to that signer when its template
 * cannot be trusted.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { prepareRequest, type PreparedRequest } from '../../src/call/prepare.js'
import { repeatSigner } from '../../src/call/repeat-signer.js'
import { planRoute } from '../../src/call/route.js'
import { signPrepared } from '../../src/call/sign-prepared.js'
import { classifyHost } from '../../src/core/target.js'

const HOST = 'abc1234567.execute-api.us-east-1.amazonaws.com'
const VPCE_HOST = 'vpce-0123456789abcdef0-abcd1234.execute-api.us-east-1.vpce.amazonaws.com'
const withToken = {
  accessKeyId: 'ASIAEXAMPLEEXAMPLE01',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  sessionToken: 'session-token-value-123456',
}
const longTerm = {
  accessKeyId: 'AKIAEXAMPLEEXAMPLE01',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
}

const prepared = (over: {
  host?: string
  path?: string
  query?: string
  method?: string
  headers?: Array<{ name: string; value: string }>
  body?: Buffer
  port?: number
  apiId?: string
}): PreparedRequest => {
  const host = over.host ?? HOST
  const route = planRoute({
    target: classifyHost(host),
    port: over.port ?? 443,
    defaultPort: over.port === undefined,
    hostMode: 'header',
    ...(over.apiId ? { apiId: over.apiId } : {}),
  })
  return prepareRequest({
    protocol: 'https:',
    path: over.path ?? '/prod/items',
    rawQuery: over.query ?? '',
    route,
    method: over.method ?? 'GET',
    headers: over.headers ?? [],
    ...(over.body
      ? { body: { bytes: over.body, json: false, contentType: 'application/octet-stream' } }
      : {}),
  })
}

async function expectSame(
  p: PreparedRequest,
  credentials: typeof withToken | typeof longTerm,
  dates: readonly Date[],
  region = 'us-east-1',
  service = 'execute-api',
) {
  const signer = await repeatSigner(p, { service, region, credentials })
  expect(signer.fast).toBe(true)
  for (const d of dates)
    expect(await signer.sign(d)).toEqual(
      (await signPrepared(p, { service, region, credentials, signingDate: d })).headers,
    )
}

describe('repeatSigner', () => {
  const dates = [
    new Date('2025-01-15T12:00:00Z'),
    new Date('2025-01-15T12:00:01.999Z'),
    new Date('2025-01-16T00:00:00Z'),
    new Date('2030-12-31T23:59:59Z'),
  ]

  it.each([
    ['private DNS, session token', prepared({}), withToken],
    ['long-term keys (no token)', prepared({}), longTerm],
    [
      'query, repeated keys, encoded path',
      prepared({ path: '/prod/a%20b/%C3%A9', query: 'b=2&a=1&a=0&e=' }),
      withToken,
    ],
    [
      'POST with a body and custom headers',
      prepared({
        method: 'POST',
        body: Buffer.from([0, 1, 2, 255]),
        headers: [{ name: 'X-Trace', value: 'abc' }],
      }),
      withToken,
    ],
    [
      'endpoint-specific name with x-apigw-api-id',
      prepared({ host: VPCE_HOST, apiId: 'abc1234567' }),
      withToken,
    ],
    ['a non-default port (in the signed Host)', prepared({ port: 8443 }), withToken],
  ] as const)('%s: the same headers as the SigV4 signer', async (_name, p, creds) => {
    await expectSame(p, creds, dates)
  })

  it('another region and service', async () => {
    await expectSame(prepared({}), withToken, dates, 'eu-west-1', 'execute-api')
  })

  it('property: any time in 2000-2099 signs like the SigV4 signer', async () => {
    const p = prepared({ query: 'x=1' })
    const signer = await repeatSigner(p, {
      service: 'execute-api',
      region: 'us-east-1',
      credentials: withToken,
    })
    await fc.assert(
      fc.asyncProperty(
        fc.date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2099-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        async d => {
          expect(await signer.sign(d)).toEqual(
            (
              await signPrepared(p, {
                service: 'execute-api',
                region: 'us-east-1',
                credentials: withToken,
                signingDate: d,
              })
            ).headers,
          )
        },
      ),
      { numRuns: 200 },
    )
  })

  it('within one second it reuses the signature the SigV4 signer would compute; the next second signs anew', async () => {
    const p = prepared({})
    const signer = await repeatSigner(p, {
      service: 'execute-api',
      region: 'us-east-1',
      credentials: withToken,
    })
    const real = async (d: Date) =>
      (
        await signPrepared(p, {
          service: 'execute-api',
          region: 'us-east-1',
          credentials: withToken,
          signingDate: d,
        })
      ).headers
    const a = await signer.sign(new Date('2025-01-15T12:00:05.100Z'))
    const b = await signer.sign(new Date('2025-01-15T12:00:05.900Z'))
    const c = await signer.sign(new Date('2025-01-15T12:00:06.000Z'))
    expect(a).toEqual(await real(new Date('2025-01-15T12:00:05.900Z')))
    expect(b).toEqual(a)
    expect(c).toEqual(await real(new Date('2025-01-15T12:00:06.000Z')))
    expect(c.authorization).not.toBe(a.authorization)
  })

  it('falls back to the SigV4 signer when the template date also appears in the request', async () => {
    const p = prepared({ path: '/prod/20000101T000000Z' })
    const signer = await repeatSigner(p, {
      service: 'execute-api',
      region: 'us-east-1',
      credentials: withToken,
    })
    expect(signer.fast).toBe(false)
    const d = new Date('2025-01-15T12:00:00Z')
    expect(await signer.sign(d)).toEqual(
      (
        await signPrepared(p, {
          service: 'execute-api',
          region: 'us-east-1',
          credentials: withToken,
          signingDate: d,
        })
      ).headers,
    )
  })
})
