import { execFile, spawnSync } from 'node:child_process'
import { promisify } from 'node:util'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prepareRequest } from '../../src/call/prepare.js'
import { planRoute } from '../../src/call/route.js'
import { signPrepared } from '../../src/call/sign-prepared.js'
import { classifyHost } from '../../src/core/target.js'
import { startFakeGateway, type FakeGateway } from '../support/fake-gateway.js'
import { TEMP, envFor, runCli, tempFiles } from '../helpers/run-cli.js'

// The real `curl --aws-sigv4`, when this machine has it: the fake must accept what curl
// signs, and pvapi's signature must equal curl's for the same request (where curl is right:
// simple sorted queries; curl < 8.x mis-canonicalizes some queries, see peers.md row 18).
const curlHelp = spawnSync('curl', ['--help', 'all'], { encoding: 'utf8' })
const hasCurlSigv4 = curlHelp.status === 0 && curlHelp.stdout.includes('--aws-sigv4')
if (!hasCurlSigv4) console.warn('skipping the curl cross-check: no curl with --aws-sigv4 on this machine')

const API = 'abc1234567'
const PRIVATE = `${API}.execute-api.us-east-1.amazonaws.com`
const VPCE_NAME = 'vpce-0123456789abcdef0-abcd1234.execute-api.us-east-1.vpce.amazonaws.com'
let gw: FakeGateway
let ca: string

beforeAll(async () => {
  gw = await startFakeGateway({ apis: [{ id: API }] })
  gw.credentials.add(TEMP.accessKeyId, {
    secretAccessKey: TEMP.secretAccessKey,
    sessionToken: TEMP.sessionToken,
    principalArn: TEMP.arn,
  })
  ca = join(tempFiles({ 'ca.pem': gw.caPem }), 'ca.pem')
})
afterAll(async () => gw?.close())

// Async: the fake gateway runs in this process, so a synchronous child would deadlock it.
const run = promisify(execFile)
async function curl(host: string, path: string, headers: string[] = []): Promise<string> {
  const { stdout } = await run(
    'curl',
    [
      '-sS',
      '--aws-sigv4',
      'aws:amz:us-east-1:execute-api',
      '--user',
      `${TEMP.accessKeyId}:${TEMP.secretAccessKey}`,
      '-H',
      `x-amz-security-token: ${TEMP.sessionToken}`,
      ...headers.flatMap(h => ['-H', h]),
      '--cacert',
      ca,
      '--connect-to',
      `${host}:443:127.0.0.1:${gw.port}`,
      `https://${host}${path}`,
    ],
    { encoding: 'utf8', timeout: 10_000 },
  )
  return stdout
}

/** pvapi's signature for what the fake saw from curl, at curl's own timestamp. */
async function pvapiSignatureFor(
  host: string,
  path: string,
  extra: Array<{ name: string; value: string }>,
  apiId?: string,
) {
  const seen = gw.requests.at(-1)!
  const header = (n: string) => seen.headers.find(([k]) => k.toLowerCase() === n)?.[1] ?? ''
  const amzDate = header('x-amz-date')
  const date = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  )
  const route = planRoute({
    target: classifyHost(host),
    port: 443,
    defaultPort: true,
    hostMode: 'header',
    ...(apiId ? { userApiIdHeader: apiId } : {}),
  })
  const q = path.indexOf('?')
  const prepared = prepareRequest({
    protocol: 'https:',
    path: q < 0 ? path : path.slice(0, q),
    rawQuery: q < 0 ? '' : path.slice(q + 1),
    route,
    method: 'GET',
    headers: extra,
  })
  const signed = await signPrepared(prepared, {
    service: 'execute-api',
    region: 'us-east-1',
    credentials: TEMP,
    signingDate: date,
  })
  return { curlAuth: header('authorization'), pvapiAuth: signed.headers.authorization }
}

describe.skipIf(!hasCurlSigv4)('cross-check with curl --aws-sigv4', () => {
  it('the fake accepts what curl signs (private DNS)', async () => {
    const body = JSON.parse(await curl(PRIVATE, '/prod/items?a=1&b=2'))
    expect(body).toMatchObject({ principal: TEMP.arn })
    expect(gw.requests.at(-1)?.verification).toMatchObject({ ok: true })
  })

  it("pvapi's signature equals curl's for the same request (private DNS)", async () => {
    await curl(PRIVATE, '/prod/items?a=1&b=2')
    const { curlAuth, pvapiAuth } = await pvapiSignatureFor(PRIVATE, '/prod/items?a=1&b=2', [])
    expect(pvapiAuth).toBe(curlAuth)
  })

  it("pvapi's signature equals curl's through the endpoint name with x-apigw-api-id", async () => {
    await curl(VPCE_NAME, '/prod/items', [`x-apigw-api-id: ${API}`])
    expect(gw.requests.at(-1)).toMatchObject({
      servername: VPCE_NAME,
      apiIdHeader: API,
      verification: { ok: true },
    })
    const { curlAuth, pvapiAuth } = await pvapiSignatureFor(
      VPCE_NAME,
      '/prod/items',
      [{ name: 'x-apigw-api-id', value: API }],
      API,
    )
    expect(pvapiAuth).toBe(curlAuth)
  })

  it('curl accepts what pvapi signs: `pvapi sign --format curl` runs as is', async () => {
    const r = await runCli(['sign', `https://${PRIVATE}/prod/items?z=1&a=x%2Fy`, '--format', 'curl'], {
      env: envFor(TEMP),
    })
    expect(r.code).toBe(0)
    const cmd = `${r.out.trim()} -sS --cacert '${ca}' --connect-to '${PRIVATE}:443:127.0.0.1:${gw.port}'`
    const { stdout: out } = await run('sh', ['-c', cmd], { encoding: 'utf8', timeout: 10_000 })
    expect(JSON.parse(out)).toMatchObject({ principal: TEMP.arn, rawQuery: 'z=1&a=x%2Fy' })
  })
})
