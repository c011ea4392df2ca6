import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeGateway, type FakeGateway } from '../support/fake-gateway.js'
import { startFakeEc2 } from '../helpers/fake-ec2.js'
import { ALICE, TEMP, envFor, runCli, tempFiles } from '../helpers/run-cli.js'
import { runInProcess } from '../helpers/run-in-process.js'

// Given a fake private API Gateway on loopback (its own CA, independent SigV4 verifier),
// When pvapi calls it through each name form,
// Then the gateway sees the right SNI, Host and x-apigw-api-id and accepts the signature.
// In-process through main() (no process start each): nothing here is about the process itself;
// the built binary's own runs are in call-output, call-faults and the hardening tests.
const API = 'abc1234567'
const VPCE = 'vpce-0123456789abcdef0'
const PRIVATE = `${API}.execute-api.us-east-1.amazonaws.com`
const ALIAS = `${API}-${VPCE}.execute-api.us-east-1.amazonaws.com`
const VPCE_NAME = `${VPCE}-abcd1234.execute-api.us-east-1.vpce.amazonaws.com`
const DOMAIN = 'api.example.internal'

let gw: FakeGateway
let ec2: Awaited<ReturnType<typeof startFakeEc2>>
let dir: string
let ca: string

beforeAll(async () => {
  gw = await startFakeGateway({
    apis: [{ id: API, vpcEndpointIds: [VPCE] }],
    customDomains: [{ name: DOMAIN, mappings: [{ basePath: '', apiId: API, stage: 'prod' }] }],
    extraDnsNames: [DOMAIN],
  })
  gw.credentials.add(TEMP.accessKeyId, {
    secretAccessKey: TEMP.secretAccessKey,
    sessionToken: TEMP.sessionToken,
    principalArn: TEMP.arn,
  })
  gw.credentials.add(ALICE.accessKeyId, { secretAccessKey: ALICE.secretAccessKey, principalArn: ALICE.arn })
  ec2 = await startFakeEc2({
    [VPCE]: [
      VPCE_NAME,
      `${VPCE}-abcd1234-us-east-1a.execute-api.us-east-1.vpce.amazonaws.com`,
      PRIVATE.replace(API, '*'),
    ],
  })
  dir = tempFiles({ 'ca.pem': gw.caPem })
  ca = join(dir, 'ca.pem')
})
afterAll(async () => {
  await gw?.close()
  await ec2?.close()
})

const via = (host: string) => ['--connect-to', `${host}:443:127.0.0.1:${gw.port}`, '--cacert', ca]
const call = (args: string[], env = envFor(TEMP)) => runInProcess(['call', ...args], { env })
const lastSeen = () => gw.requests.at(-1)!

describe('pvapi call: every name form, end to end', () => {
  it('private DNS', async () => {
    const r = await call([`https://${PRIVATE}/prod/items`, ...via(PRIVATE)])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(JSON.parse(r.out)).toMatchObject({
      method: 'GET',
      path: '/prod/items',
      principal: TEMP.arn,
      apiId: API,
    })
    expect(lastSeen()).toMatchObject({
      servername: PRIVATE,
      host: PRIVATE,
      apiIdHeader: undefined,
      verification: { ok: true },
    })
  })

  it('Route 53 alias: no Host override, no x-apigw-api-id', async () => {
    const r = await call([`https://${ALIAS}/prod/items`, ...via(ALIAS)])
    expect(r.code).toBe(0)
    expect(lastSeen()).toMatchObject({
      servername: ALIAS,
      host: ALIAS,
      apiIdHeader: undefined,
      verification: { ok: true },
    })
  })

  it('endpoint-specific name + --api-id: x-apigw-api-id, signed host = endpoint name', async () => {
    const r = await call([`https://${VPCE_NAME}/prod/items`, '--api-id', API, ...via(VPCE_NAME)])
    expect(r.code).toBe(0)
    expect(lastSeen()).toMatchObject({
      servername: VPCE_NAME,
      host: VPCE_NAME,
      apiIdHeader: API,
      verification: { ok: true },
    })
  })

  it('endpoint-specific name + --host-mode host: Host names the API, SNI stays the endpoint', async () => {
    const r = await call([
      `https://${VPCE_NAME}/prod/items`,
      '--api-id',
      API,
      '--host-mode',
      'host',
      ...via(VPCE_NAME),
    ])
    expect(r.code).toBe(0)
    expect(lastSeen()).toMatchObject({
      servername: VPCE_NAME,
      host: PRIVATE,
      apiIdHeader: undefined,
      verification: { ok: true },
    })
  })

  it('private DNS URL + --vpce <DNS name>', async () => {
    const r = await call([`https://${PRIVATE}/prod/items`, '--vpce', VPCE_NAME, ...via(VPCE_NAME)])
    expect(r.code).toBe(0)
    expect(lastSeen()).toMatchObject({
      servername: VPCE_NAME,
      host: VPCE_NAME,
      apiIdHeader: API,
      verification: { ok: true },
    })
  })

  it('private DNS URL + --vpce <id>: looked up read-only with DescribeVpcEndpoints', async () => {
    // The built binary: the SDK reads AWS_ENDPOINT_URL_EC2 from the process environment itself.
    const r = await runCli(['call', `https://${PRIVATE}/prod/items`, '--vpce', VPCE, ...via(VPCE_NAME)], {
      env: envFor(TEMP, { AWS_ENDPOINT_URL_EC2: ec2.endpoint }),
    })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(ec2.calls.at(-1)).toMatchObject({ Action: 'DescribeVpcEndpoints', 'VpcEndpointId.1': VPCE })
    expect(lastSeen()).toMatchObject({ servername: VPCE_NAME, host: VPCE_NAME, apiIdHeader: API })
  })

  it('private custom domain, plain', async () => {
    const r = await call([`https://${DOMAIN}/items`, '--region', 'us-east-1', ...via(DOMAIN)])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.out)).toMatchObject({ apiId: API, stage: 'prod' })
    expect(lastSeen()).toMatchObject({ servername: DOMAIN, host: DOMAIN, verification: { ok: true } })
  })

  it('private custom domain through --vpce: Host = the custom domain, SNI = the endpoint', async () => {
    const r = await call([`https://${DOMAIN}/items`, '--vpce', VPCE_NAME, ...via(VPCE_NAME)])
    expect(r.code).toBe(0)
    expect(lastSeen()).toMatchObject({
      servername: VPCE_NAME,
      host: DOMAIN,
      apiIdHeader: undefined,
      verification: { ok: true },
    })
  })

  it('--resolve pins an ENI address; SNI and Host keep the name', async () => {
    const r = await call([
      `https://${PRIVATE}:${gw.port}/prod/items`,
      '--resolve',
      `${PRIVATE}:${gw.port}:127.0.0.1`,
      '--cacert',
      ca,
      '-w',
      '%{remote_ip} %{http_code}',
    ])
    expect(r.code).toBe(0)
    expect(r.out.endsWith('127.0.0.1 200')).toBe(true)
    expect(lastSeen()).toMatchObject({
      servername: PRIVATE,
      host: `${PRIVATE}:${gw.port}`,
      verification: { ok: true },
    })
  })

  it('long-term keys (no session token) work as well', async () => {
    const r = await call([`https://${PRIVATE}/prod/items`, ...via(PRIVATE)], envFor(ALICE))
    expect(r.code).toBe(0)
    expect(JSON.parse(r.out)).toMatchObject({ principal: ALICE.arn })
  })

  it('a -H Host override on the endpoint name is signed (the awscurl #68 case)', async () => {
    const r = await call([`https://${VPCE_NAME}/prod/items`, '-H', `Host: ${PRIVATE}`, ...via(VPCE_NAME)])
    expect(r.code).toBe(0)
    expect(lastSeen()).toMatchObject({ servername: VPCE_NAME, host: PRIVATE, verification: { ok: true } })
  })
})

describe('pvapi call: bodies and tricky requests are signed as sent', () => {
  it('binary stdin with --data-binary @-', async () => {
    const bytes = Buffer.from([0, 1, 2, 0xff, 0x0d, 0x0a, 0x7f])
    const r = await runInProcess(
      ['call', `https://${PRIVATE}/prod/upload`, '-X', 'PUT', '--data-binary', '@-', ...via(PRIVATE)],
      { env: envFor(TEMP), stdin: bytes },
    )
    expect(r.code).toBe(0)
    expect(JSON.parse(r.out)).toMatchObject({ method: 'PUT', bodyBase64: bytes.toString('base64') })
  })
  it('-d @file strips newlines like curl; --json sets the content type', async () => {
    writeFileSync(join(dir, 'form.txt'), 'a=1\r\n&b=2\n')
    const r1 = await call([`https://${PRIVATE}/prod/f`, '-d', `@${join(dir, 'form.txt')}`, ...via(PRIVATE)])
    expect(JSON.parse(r1.out)).toMatchObject({
      method: 'POST',
      bodyBase64: Buffer.from('a=1&b=2').toString('base64'),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    const r2 = await call([`https://${PRIVATE}/prod/j`, '--json', '{"x":[1,2]}', ...via(PRIVATE)])
    expect(JSON.parse(r2.out)).toMatchObject({
      headers: { 'content-type': 'application/json', accept: 'application/json' },
    })
  })
  it.each([
    ['sorted, repeated, empty, a=b=c', '?b=2&a=2&a=1&empty=&flag&x=b=c'],
    ['already encoded, not double-encoded', '?path=a%2Fb&space=a%20b&pct=100%25'],
    ['spaces, UTF-8, reserved characters', "?q=caf\u00e9 au lait&s=!'()*&plus=a+b"],
  ])('query: %s', async (_name, query) => {
    const r = await call([`https://${PRIVATE}/prod/search${query}`, ...via(PRIVATE)])
    expect(r.stderr).toBe('')
    expect(lastSeen().verification).toMatchObject({ ok: true })
  })
  it.each([
    ['encoded slash stays encoded', '/prod/files/a%2Fb'],
    ['space and UTF-8 in the path', '/prod/dir with space/\u00fcber'],
    ['dot segments are removed like curl', '/prod/a/./b/../items'],
    ['reserved characters', "/prod/it!em's(1)*"],
  ])('path: %s', async (_name, path) => {
    const r = await call([`https://${PRIVATE}${path}`, ...via(PRIVATE)])
    expect(r.stderr).toBe('')
    expect(lastSeen().verification).toMatchObject({ ok: true })
  })
})
