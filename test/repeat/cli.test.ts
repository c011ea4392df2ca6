/**
 * `pvapi call --repeat` through main(), in-process: flags, JSON for scripts, per-ENI, exit codes,
 * no secrets. (Ctrl-C during a repeat run: run-repeat.test.ts.)
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeGateway, type FakeGateway } from '../support/fake-gateway.js'
import { TEMP, envFor, tempFiles } from '../helpers/run-cli.js'
import { runInProcess } from '../helpers/run-in-process.js'

const API = 'abc1234567'
const HOST = `${API}.execute-api.us-east-1.amazonaws.com`
let gw: FakeGateway
let ca: string

beforeAll(async () => {
  gw = await startFakeGateway({
    apis: [
      {
        id: API,
        routes: [
          { method: 'GET', path: '/items' },
          {
            method: 'GET',
            path: '/deny',
            handler: {
              status: 403,
              errorType: 'AccessDeniedException',
              body: JSON.stringify({
                Message: `User: ${TEMP.arn} is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:111111111111:${API}/prod/GET/deny with an explicit deny`,
              }),
            },
          },
        ],
      },
    ],
    listen: [{ address: '127.0.0.2' }, { address: '127.0.0.3' }],
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

const pin = () => [
  '--connect-to',
  `${HOST}:443:${HOST}:${gw.port}`,
  '--resolve',
  `${HOST}:${gw.port}:127.0.0.2,127.0.0.3`,
  '--cacert',
  ca,
]
const call = (args: string[]) => runInProcess(['call', ...args], { env: envFor(TEMP) })

describe('pvapi call --repeat', () => {
  it('--format json: counts, latency and per-ENI figures for scripts; stderr quiet without a TTY', async () => {
    gw.clearRequests()
    const r = await call([
      `https://${HOST}/prod/items`,
      '--repeat',
      '12',
      '--concurrency',
      '3',
      '--per-eni',
      '--eni',
      '127.0.0.2=us-east-1a',
      '--eni',
      '127.0.0.3=us-east-1b',
      '--format',
      'json',
      ...pin(),
    ])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const j = JSON.parse(r.out)
    expect(j).toMatchObject({
      schemaVersion: 1,
      requested: 12,
      completed: 12,
      statuses: { '200': 12 },
      concurrency: 3,
      signed: true,
      exitCode: 0,
    })
    expect(j.perAddress).toEqual([
      expect.objectContaining({ address: '127.0.0.2', availabilityZone: 'us-east-1a', completed: 6 }),
      expect.objectContaining({ address: '127.0.0.3', availabilityZone: 'us-east-1b', completed: 6 }),
    ])
    expect(new Set(gw.requests.map(x => x.localAddress))).toEqual(new Set(['127.0.0.2', '127.0.0.3']))
  })

  it('text by default; a denial is classified with its hops; exit 22; no secret in the output', async () => {
    const r = await call([`https://${HOST}/prod/deny`, '--repeat', '3', ...pin()])
    expect(r.code).toBe(22)
    expect(r.out).toMatch(
      /^GET https:\/\/abc1234567\.execute-api\.us-east-1\.amazonaws\.com\/prod\/deny: 3 requests in /,
    )
    expect(r.out).toMatch(/denied-explicit \(hop 6\/4\/7\)/)
    const all = r.out + r.stderr
    expect(all).not.toContain(TEMP.secretAccessKey)
    expect(all).not.toContain(TEMP.sessionToken)
    expect(all).not.toMatch(/Signature=[0-9a-f]{64}/)
  })

  it('--duration alone repeats until the deadline', async () => {
    const r = await call([`https://${HOST}/prod/items`, '--duration', '0.5', '--format', 'json', ...pin()])
    expect(r.code).toBe(0)
    const j = JSON.parse(r.out)
    expect(j).toMatchObject({ requested: null, stoppedBy: 'duration' })
    expect(j.completed).toBeGreaterThan(0)
  })

  it.each([
    [['--repeat', '3', '-o', '/tmp/x'], /-o is for a single request, not --repeat/],
    [['--repeat', '3', '-v', '-i'], /-i, -v are for a single request/],
    [['--repeat', '3', '--retry', '2'], /--retry is for a single request/],
    [['--repeat', '0'], /--repeat 0: expected at least 1 request/],
    [['--repeat', 'x'], /--repeat x: expected a whole number/],
    [['--repeat', '3', '--concurrency', '0'], /--concurrency 0/],
    [['--repeat', '3', '--format', 'yaml'], /--format yaml: expected text or json/],
    [['--concurrency', '3'], /--concurrency is for --repeat/],
    [['--per-eni'], /--per-eni is for --repeat/],
    [['--repeat', '2', '--eni', '10.0.2.10=us-east-1a'], /--eni names zones for --per-eni/],
    [['--repeat', '2', '--per-eni', '--eni', '10.0.2.10'], /--eni 10\.0\.2\.10: expected IP=ZONE/],
  ])('%j is a usage error (exit 2)', async (extra, message) => {
    const r = await call([`https://${HOST}/prod/items`, ...extra])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(message)
  })
})
