/**
 * `call` in-process against the loopback fake gateway, with an injected clock and sleep: the
 * waits between attempts (backoff, Retry-After) respect -m without any test waiting for them.
 */
import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCall, type CallPorts, type CallSettings } from '../../src/call/run-call.js'
import { parseUserUrl } from '../../src/core/target.js'
import { startFakeGateway, type FakeGateway } from '../support/fake-gateway.js'
import { startFaultServer, type FaultServer } from '../support/fault-servers.js'
import { TEMP } from '../helpers/run-cli.js'

const API = 'abc1234567'
const HOST = `${API}.execute-api.us-east-1.amazonaws.com`
let gw: FakeGateway
let refused: FaultServer
let hits = 0

beforeAll(async () => {
  gw = await startFakeGateway({
    apis: [
      {
        id: API,
        routes: [
          {
            method: 'GET',
            path: '/busy',
            handler: () => {
              hits++
              return {
                status: 429,
                errorType: 'TooManyRequestsException',
                headers: { 'retry-after': '3600' },
                body: { message: 'Too Many Requests' },
              }
            },
          },
        ],
      },
    ],
  })
  gw.credentials.add(TEMP.accessKeyId, {
    secretAccessKey: TEMP.secretAccessKey,
    sessionToken: TEMP.sessionToken,
    principalArn: TEMP.arn,
  })
  refused = await startFaultServer('refuse')
})
afterAll(async () => {
  await gw?.close()
  await refused?.close()
})

function settings(path: string, port: number, extra: Partial<CallSettings> = {}): CallSettings {
  return {
    url: parseUserUrl(`https://${HOST}${path}`),
    headers: [],
    data: [],
    service: 'execute-api',
    hostMode: 'header',
    resolve: [],
    connectTo: [{ fromHost: HOST, fromPort: 443, toHost: '127.0.0.1', toPort: port }],
    noSign: false,
    tls: { ca: gw.caPem },
    retry: 0,
    fixSkew: false,
    include: false,
    silent: false,
    showError: false,
    fail: 'no',
    verbose: false,
    dryRun: false,
    ...extra,
  }
}

/** Ports with a fake clock that the injected sleep moves forward (no real waiting). */
function ports() {
  let clock = Date.now()
  const slept: number[] = []
  const err: string[] = []
  const out: Buffer[] = []
  const stdout = new PassThrough()
  stdout.on('data', (c: Buffer) => out.push(c))
  const p: CallPorts = {
    env: {},
    readers: { readFile: async () => Buffer.alloc(0), readStdin: async () => Buffer.alloc(0) },
    configRegion: async () => 'us-east-1',
    vpceHostname: async () => {
      throw new Error('not used')
    },
    caller: async () => ({
      credentials: {
        accessKeyId: TEMP.accessKeyId,
        secretAccessKey: TEMP.secretAccessKey,
        sessionToken: TEMP.sessionToken,
      },
      source: 'test',
    }),
    now: () => new Date(clock),
    sleep: async ms => {
      slept.push(ms)
      clock += ms
    },
    random: () => 0.5,
    stdout,
    stderr: t => void err.push(t),
    openOutput: () => {
      throw new Error('not used')
    },
  }
  return { p, slept, err: () => err.join(''), out: () => Buffer.concat(out).toString() }
}

describe('-m bounds every wait of a call', () => {
  it('a 429 with Retry-After: 3600, --retry 1 -m 3: no wait, the 429 is the answer', async () => {
    // It waited 60 s (Retry-After capped at a minute), far past -m 3.
    const io = ports()
    hits = 0
    const code = await runCall(settings('/prod/busy', gw.port, { retry: 1, maxTimeMs: 3000 }), io.p)
    expect(io.slept).toEqual([])
    expect(hits).toBe(1)
    expect(code).toBe(0)
    expect(io.out()).toContain('Too Many Requests')
    expect(io.err()).toMatch(/not retrying: waiting 60\.0 s \(Retry-After: 3600\) would pass -m\/--max-time/)
  })
  it('without -m, Retry-After is honoured up to a minute', async () => {
    const io = ports()
    hits = 0
    await runCall(settings('/prod/busy', gw.port, { retry: 1 }), io.p)
    expect(io.slept).toEqual([60_000])
    expect(hits).toBe(2)
  })
  it('backoff after transport errors stops before it would pass -m', async () => {
    // Exponential backoff from 1 s: 1 s, 2 s, 4 s… with -m 4 only the waits that end in time.
    const io = ports()
    await expect(
      runCall(settings('/prod/x', refused.port, { retry: 5, maxTimeMs: 4000 }), io.p),
    ).rejects.toMatchObject({ exitCode: 7 })
    expect(io.slept).toEqual([1000, 2000])
    expect(io.slept.reduce((a, b) => a + b, 0)).toBeLessThan(4000)
    expect(io.err()).toMatch(/not retrying: waiting 4\.0 s would pass -m/)
  })
})
