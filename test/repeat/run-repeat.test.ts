/**
 * `call --repeat` in-process against loopback fakes: counts and percentiles against a route
 * with known delays, keep-alive connections, a fresh signature per request, --per-eni over
 * listening addresses standing for ENIs (one black-holed), --duration and Ctrl-C. The only
 * timed assertions are "ends within its limit + 1 s"; latencies are compared with the delays
 * the server adds (a lower bound), never with wall-clock expectations.
 */
import { createServer as createHttpsServer, type Server } from 'node:https'
import type { Socket } from 'node:net'
import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOAD_SLACK_MS } from '../helpers/load-slack.js'
import { runRepeat, type RepeatPorts, type RepeatSettings } from '../../src/call/run-repeat.js'
import { parseUserUrl } from '../../src/core/target.js'
import { parseResolve } from '../../src/http/connect-rules.js'
import { startFakeGateway, type FakeGateway } from '../support/fake-gateway.js'
import { startFaultServer, type FaultServer } from '../support/fault-servers.js'
import { createTestPki } from '../support/test-ca.js'
import { TEMP } from '../helpers/run-cli.js'

const API = 'abc1234567'
const HOST = `${API}.execute-api.us-east-1.amazonaws.com`
const SLOW_MS = 300
let hole: FaultServer
let gw: FakeGateway
let counter = 0

beforeAll(async () => {
  hole = await startFaultServer('blackhole', { address: '127.0.0.9' })
  gw = await startFakeGateway({
    apis: [
      {
        id: API,
        routes: [
          { method: 'GET', path: '/items' },
          // Every 10th request waits SLOW_MS: 18 of 20 fast, 2 slow.
          {
            method: 'GET',
            path: '/mixed',
            handler: () => ({
              status: 200,
              body: { n: ++counter },
              ...(counter % 10 === 0 ? { delayMs: SLOW_MS } : {}),
            }),
          },
          {
            method: 'GET',
            path: '/flaky',
            handler: () =>
              ++counter % 4 === 0
                ? {
                    status: 502,
                    errorType: 'InternalServerErrorException',
                    body: '{"message": "Internal server error"}',
                  }
                : { status: 200, body: {} },
          },
          { method: 'GET', path: '/slow', handler: { status: 200, delayMs: 2000 } },
        ],
      },
    ],
    listen: [
      { address: '127.0.0.2', vpceId: 'vpce-0123456789abcdef0' },
      { address: '127.0.0.3', vpceId: 'vpce-0123456789abcdef0' },
    ],
    port: hole.port,
  })
  gw.credentials.add(TEMP.accessKeyId, {
    secretAccessKey: TEMP.secretAccessKey,
    sessionToken: TEMP.sessionToken,
    principalArn: TEMP.arn,
  })
})
afterAll(async () => {
  await gw?.close()
  await hole?.close()
})

function settings(path: string, extra: Partial<RepeatSettings> = {}): RepeatSettings {
  return {
    url: parseUserUrl(`https://${HOST}${path}`),
    headers: [],
    data: [],
    service: 'execute-api',
    hostMode: 'header',
    resolve: [parseResolve(`${HOST}:${hole.port}:127.0.0.2`)],
    connectTo: [{ fromHost: HOST, fromPort: 443, toHost: HOST, toPort: hole.port }],
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
    concurrency: 1,
    perEni: false,
    format: 'json',
    eniZones: {},
    ...extra,
  }
}

function ports(extra: Partial<RepeatPorts> = {}): RepeatPorts & { out(): string; err(): string } {
  const stdout = new PassThrough()
  const chunks: Buffer[] = []
  stdout.on('data', (c: Buffer) => chunks.push(c))
  const err: string[] = []
  return {
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
    now: () => new Date(),
    sleep: async () => undefined,
    random: () => 0.5,
    stdout,
    stderr: t => void err.push(t),
    openOutput: () => {
      throw new Error('not used')
    },
    out: () => Buffer.concat(chunks).toString('utf8'),
    err: () => err.join(''),
    ...extra,
  }
}

describe('counts and percentiles against known delays', () => {
  it('20 requests, every 10th delayed: status counts exact, p99 and max at least the delay, p50 below p99', async () => {
    counter = 0
    gw.clearRequests()
    const p = ports()
    const code = await runRepeat(settings('/prod/mixed', { repeat: 20 }), p)
    expect(code).toBe(0)
    const j = JSON.parse(p.out())
    expect(j).toMatchObject({
      requested: 20,
      sent: 20,
      completed: 20,
      answered: 20,
      statuses: { '200': 20 },
      transportErrors: {},
      errorClasses: [],
      stoppedBy: 'count',
      exitCode: 0,
    })
    expect(j.latencyMs.count).toBe(20)
    expect(j.latencyMs.p99).toBeGreaterThanOrEqual(SLOW_MS)
    expect(j.latencyMs.max).toBeGreaterThanOrEqual(SLOW_MS)
    expect(j.latencyMs.p90).toBeLessThan(j.latencyMs.p99)
    expect(j.latencyMs.p50).toBeLessThan(j.latencyMs.p99)
    expect(gw.requests.filter(r => r.url === '/prod/mixed')).toHaveLength(20)
  })

  it('a flaky route: 502s counted and classified (hop 8), exit 22', async () => {
    counter = 0
    const p = ports()
    const code = await runRepeat(settings('/prod/flaky', { repeat: 20, concurrency: 4 }), p)
    expect(code).toBe(22)
    const j = JSON.parse(p.out())
    expect(j.statuses).toEqual({ '200': 15, '502': 5 })
    expect(j.errorClasses).toEqual([
      expect.objectContaining({
        class: 'integration-error',
        count: 5,
        hops: [8],
        label: 'HTTP 502 InternalServerErrorException',
        example: 'Internal server error',
      }),
    ])
  })

  it('every request is freshly signed (each with its own X-Amz-Date and signature)', async () => {
    gw.clearRequests()
    let t = Date.parse('2025-01-15T12:00:00Z')
    // A clock that advances a second per reading; the fake checks ±5 min against its own clock.
    gw.setClockOffsetMs(t - Date.now())
    const p = ports({ now: () => new Date((t += 1000)) })
    try {
      await runRepeat(settings('/prod/items', { repeat: 5 }), p)
    } finally {
      gw.setClockOffsetMs(0)
    }
    const auth = gw.requests.map(r => r.headers.find(([k]) => k.toLowerCase() === 'authorization')?.[1])
    expect(new Set(auth).size).toBe(5)
    expect(gw.requests.every(r => r.verification?.ok)).toBe(true)
  })
})

describe('keep-alive', () => {
  let server: Server
  let connections = 0
  const sockets = new Set<Socket>()
  beforeAll(async () => {
    const pki = await createTestPki()
    const cert = await pki.issueServerCert({ cn: 'keep-alive', dnsNames: [HOST], ipAddresses: ['127.0.0.1'] })
    server = createHttpsServer({ cert: cert.certPem, key: cert.keyPem }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{}')
    })
    server.on('secureConnection', (s: Socket) => {
      connections++
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
    })
    await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()))
  })
  afterAll(async () => {
    for (const s of sockets) s.destroy()
    await new Promise<void>(r => server.close(() => r()))
  })

  it('40 requests at concurrency 4 use at most 4 connections', async () => {
    const pki = await createTestPki()
    const port = (server.address() as { port: number }).port
    const p = ports()
    const code = await runRepeat(
      settings('/prod/items', {
        repeat: 40,
        concurrency: 4,
        tls: { ca: pki.caPem },
        resolve: [parseResolve(`${HOST}:${port}:127.0.0.1`)],
        connectTo: [{ fromHost: HOST, fromPort: 443, toHost: HOST, toPort: port }],
      }),
      p,
    )
    expect(code).toBe(0)
    expect(JSON.parse(p.out()).statuses).toEqual({ '200': 40 })
    expect(connections).toBeGreaterThan(0)
    expect(connections).toBeLessThanOrEqual(4)
  })
})

describe('--per-eni', () => {
  it('spreads over the ENI addresses from repeated --resolve, reports each with its zone; the black-holed one times out (exit 28)', async () => {
    gw.clearRequests()
    const t0 = performance.now()
    const p = ports()
    const code = await runRepeat(
      settings('/prod/items', {
        repeat: 9,
        concurrency: 3,
        perEni: true,
        connectTimeoutMs: 500,
        resolve: [
          parseResolve(`${HOST}:${hole.port}:127.0.0.2,127.0.0.3`),
          parseResolve(`${HOST}:${hole.port}:127.0.0.9`),
        ],
        eniZones: { '127.0.0.2': 'us-east-1a', '127.0.0.3': 'us-east-1b', '127.0.0.9': 'us-east-1c' },
      }),
      p,
    )
    // Three rounds at most, each bounded by the connect timeout.
    expect(performance.now() - t0).toBeLessThan(3 * 500 + 1000)
    expect(code).toBe(28)
    const j = JSON.parse(p.out())
    expect(
      j.perAddress.map(
        (a: {
          address: string
          availabilityZone: string
          completed: number
          statuses: object
          transportErrors: object
        }) => [a.address, a.availabilityZone, a.completed, a.statuses, a.transportErrors],
      ),
    ).toEqual([
      ['127.0.0.2', 'us-east-1a', 3, { '200': 3 }, {}],
      ['127.0.0.3', 'us-east-1b', 3, { '200': 3 }, {}],
      ['127.0.0.9', 'us-east-1c', 3, {}, { '28': 3 }],
    ])
    expect(j.errorClasses).toEqual([
      expect.objectContaining({ class: 'connect-timeout', count: 3, hops: [3, 5] }),
    ])
    // The pinned requests keep SNI and Host.
    expect(
      gw.requests
        .filter(r => r.localAddress === '127.0.0.3')
        .every(r => r.servername === HOST && r.host === HOST),
    ).toBe(true)
  })

  it('text output has one line per address', async () => {
    const p = ports()
    await runRepeat(
      settings('/prod/items', {
        repeat: 4,
        concurrency: 2,
        perEni: true,
        format: 'text',
        resolve: [parseResolve(`${HOST}:${hole.port}:127.0.0.2,127.0.0.3`)],
      }),
      p,
    )
    expect(p.out()).toMatch(/^per ENI address\n {2}127\.0\.0\.2 +2 req {2}200×2 {2}p50 /m)
    expect(p.out()).toMatch(/^ {2}127\.0\.0\.3 +2 req {2}200×2/m)
  })
})

describe('bounded', () => {
  it('--duration stops the run and cancels what is in flight; ends within the duration + 1 s', async () => {
    const t0 = performance.now()
    const p = ports()
    const code = await runRepeat(settings('/prod/slow', { durationMs: 700, concurrency: 2 }), p)
    expect(performance.now() - t0).toBeLessThan(700 + 1000 + LOAD_SLACK_MS)
    const j = JSON.parse(p.out())
    expect(j).toMatchObject({ stoppedBy: 'duration', requested: null, completed: 0, sent: 2 })
    expect(code).toBe(0)
  })

  it('Ctrl-C prints what it has and exits 130', async () => {
    const ac = new AbortController()
    const p = ports({ signal: ac.signal })
    counter = 0
    setTimeout(() => ac.abort(), 400)
    const t0 = performance.now()
    const code = await runRepeat(
      settings('/prod/mixed', { repeat: 100_000, concurrency: 2, format: 'text' }),
      p,
    )
    expect(performance.now() - t0).toBeLessThan(400 + 1000 + LOAD_SLACK_MS)
    expect(code).toBe(130)
    expect(p.out()).toMatch(/interrupted \(Ctrl-C\) after \d+ of 100000 requests/)
    expect(p.out()).toMatch(/^status {4}200×\d+/m)
  })

  it('a progress line only when asked (the CLI asks on a TTY), cleared at the end', async () => {
    const lines: string[] = []
    const p = ports({ progress: l => lines.push(l) })
    await runRepeat(settings('/prod/slow', { repeat: 1 }), p)
    expect(lines.some(l => /^pvapi: 0\/1 done, 1 in flight/.test(l))).toBe(true)
    expect(lines.at(-1)).toBe('')
    expect(p.err()).toBe('')
  })
})

describe('secrets', () => {
  it('a signature mismatch quotes the canonical request: neither the token nor a signature reaches the output', async () => {
    const p = ports({
      caller: async () => ({
        credentials: {
          accessKeyId: TEMP.accessKeyId,
          secretAccessKey: 'wrong/secret/0000000000000000000000000',
          sessionToken: TEMP.sessionToken,
        },
        source: 'test',
      }),
    })
    const code = await runRepeat(settings('/prod/items', { repeat: 2 }), p)
    expect(code).toBe(22)
    const out = p.out() + p.err()
    expect(JSON.parse(p.out()).errorClasses[0]).toMatchObject({ class: 'signature-mismatch', count: 2 })
    expect(out).not.toContain(TEMP.sessionToken)
    expect(out).not.toMatch(/Signature=[0-9a-f]{64}/)
    expect(out).not.toContain('Canonical String')
  })
})
