/**
 * The fake gateway routes every private-API name form the way API Gateway does, and answers
 * misses with API Gateway's 403 shapes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CredentialStore } from './credential-store.js'
import { startFakeGateway, type FakeGateway } from './fake-gateway.js'
import { callGateway, type GatewayCall } from './gateway-client.js'

const API = 'a1b2c3d4e5'
const VPCE = 'vpce-0123456789abcdef0'
const PRIVATE_DNS = `${API}.execute-api.us-east-1.amazonaws.com`
const ALIAS = `${API}-${VPCE}.execute-api.us-east-1.amazonaws.com`
const VPCE_DNS = `${VPCE}-abcd1234.execute-api.us-east-1.vpce.amazonaws.com`
const VPCE_DNS_AZ = `${VPCE}-abcd1234-us-east-1a.execute-api.us-east-1.vpce.amazonaws.com`
const DOMAIN = 'api.example.internal'
const ALICE = {
  accessKeyId: 'AKIAALICE00000000001',
  secretAccessKey: 'alice-secret-0000000000000000000000000000',
}

let gw: FakeGateway
const call = (c: Omit<GatewayCall, 'gateway'>) => callGateway({ gateway: gw, credentials: ALICE, ...c })

beforeAll(async () => {
  const credentials = new CredentialStore()
  credentials.add(ALICE.accessKeyId, { ...ALICE, principalArn: 'arn:aws:iam::111111111111:user/alice' })
  gw = await startFakeGateway({
    credentials,
    apis: [
      {
        id: API,
        vpcEndpointIds: [VPCE],
        stages: ['prod', 'dev'],
        routes: [
          { method: 'GET', path: '/pets' },
          { method: 'GET', path: '/pets/{petId}' },
          { method: 'POST', path: '/pets' },
          { method: 'ANY', path: '/files/{proxy+}' },
          { method: 'GET', path: '/' },
          { method: 'GET', path: '/only-dev', stages: ['dev'] },
        ],
      },
      { id: 'other00001', routes: [{ method: 'ANY', path: '/{proxy+}' }] },
      { id: 'regional01', endpointType: 'REGIONAL' },
      { id: 'euapi00001', region: 'eu-west-1' },
    ],
    customDomains: [
      {
        name: DOMAIN,
        mappings: [
          { basePath: '', apiId: API, stage: 'prod' },
          { basePath: 'v2', apiId: 'other00001', stage: 'prod' },
          { basePath: 'v2/beta', apiId: API, stage: 'dev' },
        ],
      },
      {
        name: 'no-assoc.example.internal',
        mappings: [{ basePath: '', apiId: API, stage: 'prod' }],
        accessAssociations: ['vpce-0fffffffffffffff0'],
      },
    ],
  })
})

afterAll(() => gw.close())

interface Echo {
  apiId: string
  stage: string
  resourcePath: string
  path: string
  principal: string | null
  pathParameters: Record<string, string>
  query: Record<string, string[]>
  headers: Record<string, string>
  sourceVpce: string
}

describe('name forms', () => {
  it('private DNS: {api}.execute-api.{region}.amazonaws.com', async () => {
    const res = await call({ connectName: PRIVATE_DNS, path: '/prod/pets' })
    expect(res.status).toBe(200)
    expect(res.json<Echo>()).toMatchObject({
      apiId: API,
      stage: 'prod',
      resourcePath: '/pets',
      principal: 'arn:aws:iam::111111111111:user/alice',
      sourceVpce: VPCE,
    })
    expect(gw.requests.at(-1)).toMatchObject({
      servername: PRIVATE_DNS,
      host: `${PRIVATE_DNS}:${gw.port}`,
      url: '/prod/pets',
      status: 200,
      target: { ok: true, form: 'private-dns' },
    })
  })

  it('Route 53 alias: {api}-{vpce}.execute-api… works only for an associated VPCE', async () => {
    const ok = await call({ connectName: ALIAS, path: '/prod/pets' })
    expect(ok.status).toBe(200)
    expect(gw.requests.at(-1)?.target).toMatchObject({ ok: true, form: 'alias' })
    const notAssociated = await call({
      connectName: `${API}-vpce-0aaaaaaaaaaaaaaa1.execute-api.us-east-1.amazonaws.com`,
      path: '/prod/pets',
    })
    expect(notAssociated.status).toBe(403)
    expect(notAssociated.headers['x-amzn-errortype']).toBe('ForbiddenException')
    expect(notAssociated.json()).toEqual({ message: 'Forbidden' })
  })

  it('endpoint DNS + x-apigw-api-id: the signed Host is the vpce name', async () => {
    const res = await call({
      connectName: VPCE_DNS,
      path: '/prod/pets/7',
      headers: { 'x-apigw-api-id': API },
    })
    expect(res.status).toBe(200)
    expect(res.json<Echo>()).toMatchObject({
      apiId: API,
      resourcePath: '/pets/{petId}',
      pathParameters: { petId: '7' },
    })
    expect(gw.requests.at(-1)).toMatchObject({
      servername: VPCE_DNS,
      host: `${VPCE_DNS}:${gw.port}`,
      apiIdHeader: API,
      target: { form: 'vpce' },
    })
  })

  it('endpoint DNS (per-AZ name) + Host override: SNI is the vpce name, Host is the API name', async () => {
    const res = await call({ connectName: VPCE_DNS_AZ, host: PRIVATE_DNS, path: '/prod/pets' })
    expect(res.status).toBe(200)
    expect(gw.requests.at(-1)).toMatchObject({
      servername: VPCE_DNS_AZ,
      host: PRIVATE_DNS,
      target: { form: 'private-dns' },
    })
  })

  it('endpoint DNS with neither header nor Host override: 403 Forbidden', async () => {
    const res = await call({ connectName: VPCE_DNS, path: '/prod/pets' })
    expect(res.status).toBe(403)
    expect(res.headers['x-amzn-errortype']).toBe('ForbiddenException')
    expect(res.text).toBe('{"message":"Forbidden"}')
  })

  it('private custom domain: Host = the domain, base path mapping picks API and stage', async () => {
    const root = await call({ connectName: DOMAIN, path: '/pets' })
    expect(root.status).toBe(200)
    expect(root.json<Echo>()).toMatchObject({ apiId: API, stage: 'prod', resourcePath: '/pets' })
    const v2 = await call({ connectName: DOMAIN, path: '/v2/anything/here' })
    expect(v2.json<Echo>()).toMatchObject({
      apiId: 'other00001',
      stage: 'prod',
      pathParameters: { proxy: 'anything/here' },
    })
    const multi = await call({ connectName: DOMAIN, path: '/v2/beta/only-dev' })
    expect(multi.json<Echo>()).toMatchObject({ apiId: API, stage: 'dev', resourcePath: '/only-dev' })
    expect(gw.requests.at(-1)?.target).toMatchObject({
      ok: true,
      form: 'custom-domain',
      api: { id: API },
      stage: 'dev',
      basePath: 'v2/beta',
    })
  })

  it('private custom domain through the endpoint DNS name with Host: the domain', async () => {
    const res = await call({ connectName: VPCE_DNS, host: DOMAIN, path: '/pets' })
    expect(res.status).toBe(200)
    expect(gw.requests.at(-1)).toMatchObject({
      servername: VPCE_DNS,
      host: DOMAIN,
      target: { form: 'custom-domain' },
    })
  })

  it('custom domain without an access association for this VPCE: 403 Forbidden', async () => {
    const res = await call({ connectName: 'no-assoc.example.internal', path: '/pets' })
    expect(res.status).toBe(403)
    expect(res.json()).toEqual({ message: 'Forbidden' })
  })
})

describe('what API Gateway says when it cannot route', () => {
  it.each([
    ['an unknown API id', `zzzzzzzzzz.execute-api.us-east-1.amazonaws.com`],
    ['a REGIONAL (non-private) API through the VPCE', 'regional01.execute-api.us-east-1.amazonaws.com'],
    ['an API addressed in the wrong region', 'euapi00001.execute-api.us-east-1.amazonaws.com'],
    ['a host that is not API Gateway at all', 'localhost'],
  ])('%s → 403 ForbiddenException', async (_what, name) => {
    const res = await call({ connectName: name, path: '/prod/pets' })
    expect(res.status).toBe(403)
    expect(res.headers['x-amzn-errortype']).toBe('ForbiddenException')
    expect(res.json()).toEqual({ message: 'Forbidden' })
  })

  it('the eu-west-1 API answers on its own regional name', async () => {
    const res = await call({ connectName: 'euapi00001.execute-api.eu-west-1.amazonaws.com', path: '/prod/x' })
    expect(res.status).toBe(200)
  })

  it.each([
    ['unknown stage', 'GET', '/staging/pets'],
    ['no stage at all', 'GET', '/'],
    ['unknown resource', 'GET', '/prod/cats'],
    ['method not defined on the resource', 'DELETE', '/prod/pets'],
    ['route only deployed to another stage', 'GET', '/prod/only-dev'],
  ])('%s → 403 Missing Authentication Token, signed or not', async (_what, method, path) => {
    for (const credentials of [ALICE, undefined]) {
      const res = await callGateway({ gateway: gw, connectName: PRIVATE_DNS, method, path, credentials })
      expect(res.status).toBe(403)
      expect(res.headers['x-amzn-errortype']).toBe('MissingAuthenticationTokenException')
      expect(res.json()).toEqual({ message: 'Missing Authentication Token' })
    }
  })

  it('a non-SigV4 Authorization header on a missing route gets IncompleteSignatureException', async () => {
    const res = await callGateway({
      gateway: gw,
      connectName: PRIVATE_DNS,
      path: '/prod/cats',
      headers: { Authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig' },
    })
    expect(res.status).toBe(403)
    expect(res.headers['x-amzn-errortype']).toBe('IncompleteSignatureException')
    expect(res.json<{ message: string }>().message).toBe(
      "'eyJhbGciOiJIUzI1NiJ9.e30.sig' not a valid key=value pair (missing equal-sign) in Authorization header: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig'.",
    )
  })
})

describe('what reaches the integration', () => {
  it('greedy paths, decoded path parameters and tricky queries', async () => {
    const res = await call({
      connectName: PRIVATE_DNS,
      path: '/prod/files/a%20b/c?b=2&a=1&a=0&empty=&flag&x=a%3Db%3Dc&sp=%20&plus=a+b',
    })
    expect(res.status).toBe(200)
    const echo = res.json<Echo>()
    expect(echo.pathParameters).toEqual({ proxy: 'a b/c' })
    expect(echo.path).toBe('/prod/files/a%20b/c')
    expect(echo.query).toEqual({
      b: ['2'],
      a: ['1', '0'],
      empty: [''],
      flag: [''],
      x: ['a=b=c'],
      sp: [' '],
      plus: ['a+b'],
    })
  })

  it('records the raw request target untouched', async () => {
    await call({ connectName: PRIVATE_DNS, path: '/prod/pets?q=%7E%2F%zz' })
    expect(gw.requests.at(-1)?.url).toBe('/prod/pets?q=%7E%2F%zz')
  })

  it('binary bodies arrive byte for byte', async () => {
    const body = Buffer.from([0, 1, 2, 255, 254, 13, 10, 0x80])
    const res = await call({
      connectName: PRIVATE_DNS,
      method: 'POST',
      path: '/prod/pets',
      body,
      headers: { 'content-type': 'application/octet-stream' },
    })
    expect(res.status).toBe(200)
    const echo = res.json<{ bodyBase64: string; sha256: string }>()
    expect(Buffer.from(echo.bodyBase64, 'base64')).toEqual(body)
    expect(gw.requests.at(-1)?.body).toEqual(body)
  })

  it('the echo redacts the Authorization header and the session token', async () => {
    const res = await call({ connectName: PRIVATE_DNS, path: '/prod/pets', headers: { 'x-custom': 'kept' } })
    const { headers } = res.json<Echo>()
    expect(headers['authorization']).toBe('REDACTED')
    expect(headers['x-custom']).toBe('kept')
  })
})
