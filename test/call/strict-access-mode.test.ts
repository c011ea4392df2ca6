/**
 * Endpoint access mode STRICT (2025) against the loopback fake gateway, which refuses the
 * endpoint-specific name the way API Gateway does (SNI host matching: 403 Forbidden before any
 * routing or policy). Given an API in STRICT mode, When pvapi calls it through the
 * endpoint-specific name (x-apigw-api-id, and Host override), Then the call gets 403 and pvapi
 * names STRICT as one possible cause; through private DNS the same API answers 200; and a 403
 * through private DNS never mentions STRICT.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEMP, envFor, tempFiles } from '../helpers/run-cli.js'
import { runInProcess } from '../helpers/run-in-process.js'
import { startFakeGateway, type FakeGateway } from '../support/fake-gateway.js'

const STRICT_API = 'str1234567'
const BASIC_API = 'bas1234567'
const VPCE = 'vpce-0123456789abcdef0'
const VPCE_NAME = `${VPCE}-abcd1234.execute-api.us-east-1.vpce.amazonaws.com`
const host = (api: string) => `${api}.execute-api.us-east-1.amazonaws.com`

let gw: FakeGateway
let ca: string

beforeAll(async () => {
  gw = await startFakeGateway({
    apis: [
      { id: STRICT_API, endpointAccessMode: 'STRICT' },
      { id: BASIC_API, endpointAccessMode: 'BASIC', resourcePolicy: { allowVpce: ['vpce-nothing'] } },
    ],
  })
  gw.credentials.add(TEMP.accessKeyId, {
    secretAccessKey: TEMP.secretAccessKey,
    sessionToken: TEMP.sessionToken,
    principalArn: TEMP.arn,
  })
  ca = join(tempFiles({ 'ca.pem': gw.caPem }), 'ca.pem')
})
afterAll(async () => {
  await gw?.close()
})

const via = (h: string) => ['--connect-to', `${h}:443:127.0.0.1:${gw.port}`, '--cacert', ca]
const call = (args: string[]) => runInProcess(['call', ...args], { env: envFor(TEMP) })
const STRICT_NOTE = /endpoint access mode STRICT/

describe('pvapi call and endpoint access mode STRICT', () => {
  it('through the endpoint-specific name with x-apigw-api-id: 403, and STRICT is named as a possible cause', async () => {
    const r = await call([`https://${VPCE_NAME}/prod/items`, '--api-id', STRICT_API, ...via(VPCE_NAME)])
    expect(r.code).toBe(0)
    expect(gw.requests.at(-1)).toMatchObject({ status: 403, servername: VPCE_NAME, apiIdHeader: STRICT_API })
    const lines = r.stderr.split('\n')
    expect(lines[0]).toMatch(/^pvapi: HTTP 403 ForbiddenException: Forbidden/)
    expect(lines.find(l => l.startsWith('  also: '))).toMatch(STRICT_NOTE)
    expect(r.stderr).toContain('BASIC')
  })

  it('through the endpoint-specific name with a Host override: refused the same way', async () => {
    const r = await call([
      `https://${VPCE_NAME}/prod/items`,
      '--api-id',
      STRICT_API,
      '--host-mode',
      'host',
      ...via(VPCE_NAME),
    ])
    expect(gw.requests.at(-1)).toMatchObject({ status: 403, servername: VPCE_NAME, host: host(STRICT_API) })
    expect(r.stderr).toMatch(STRICT_NOTE)
  })

  it('the same STRICT API by its private DNS name (SNI = Host): served', async () => {
    const r = await call([`https://${host(STRICT_API)}/prod/items`, ...via(host(STRICT_API))])
    expect(r.stderr).toBe('')
    expect(gw.requests.at(-1)).toMatchObject({ status: 200, servername: host(STRICT_API) })
  })

  it('a BASIC API through the endpoint-specific name is routed (then its resource policy decides)', async () => {
    const r = await call([`https://${VPCE_NAME}/prod/items`, '--api-id', BASIC_API, ...via(VPCE_NAME)])
    // Routed to the API: its policy (which lists another endpoint) denies, with its own message.
    expect(gw.requests.at(-1)).toMatchObject({ status: 403, errorType: 'AccessDeniedException' })
    // Any 403 through this name form may be STRICT's: the note is a possibility, after the catalogue's reading.
    expect(r.stderr.split('\n')[1]).toMatch(/^ {2}likely: /)
  })

  it('a 403 through private DNS never mentions STRICT', async () => {
    const r = await call([`https://${host(BASIC_API)}/prod/items`, ...via(host(BASIC_API))])
    expect(gw.requests.at(-1)).toMatchObject({ status: 403 })
    expect(r.stderr).toMatch(/HTTP 403/)
    expect(r.stderr).not.toMatch(STRICT_NOTE)
  })
})
