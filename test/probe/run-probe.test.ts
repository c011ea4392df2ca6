/**
 * `doctor --probe` on the wire, in-process, against loopback fakes: a fake API Gateway whose
 * listening addresses stand for the endpoint's ENIs in different zones, a black-holed address
 * (accepts TCP, never answers), a refusing address, a server that is not TLS, one that resets,
 * a loopback DNS server and a skewable server clock.
 *
 * The wire runs on 127.0.0.x; the configuration under test keeps the fake-id scheme (10.0.x).
 * A "wire twin" of the snapshot carries the loopback addresses and the port; the recorded
 * facts are mapped back to the scheme's addresses before the doctor reconciles them.
 */
import { createServer, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildReport, type DoctorReport } from '../../src/doctor/report.js'
import type { DoctorSnapshot, ProbeAttemptFacts, ProbeFacts } from '../../src/doctor/snapshot.js'
import { classifyOutcome } from '../../src/core/classify-outcome.js'
import { runProbe, vantageOf, type ProbeSettings } from '../../src/probe/run-probe.js'
import { parseDnsServer } from '../../src/dns/resolve.js'
import { startFakeGateway, type FakeGateway } from '../support/fake-gateway.js'
import { startFaultServer, type FaultServer } from '../support/fault-servers.js'
import { integrationFailures } from '../support/gateway-model.js'
import { startLoopbackDns } from '../helpers/loopback-dns.js'
import { TEMP } from '../helpers/run-cli.js'
import {
  API,
  ENI_A,
  ENI_A_IP,
  ENI_B,
  ENI_B_IP,
  HOST,
  REGION,
  SESSION_ARN,
  SUBNET_EP_A,
  SUBNET_EP_B,
  healthy,
  healthyLambda,
  ok,
  val,
  type Draft,
} from '../doctor/builders.js'
import { SCENARIOS } from '../doctor/scenario-defs.js'
import { MESSAGES } from './facts.js'

const VPCE = 'vpce-00000000000000001'
const WIRE = {
  a: '127.0.0.2',
  b: '127.0.0.3',
  hole: '127.0.0.9',
  refuse: '127.0.0.5',
  notTls: '127.0.0.6',
  reset: '127.0.0.8',
  stray: '127.0.0.7',
}
const CREDS = {
  accessKeyId: TEMP.accessKeyId,
  secretAccessKey: TEMP.secretAccessKey,
  sessionToken: TEMP.sessionToken,
}
const TIMEOUT_MS = 1200
const denyBody = (message: string) => ({
  status: 403,
  errorType: 'AccessDeniedException',
  body: JSON.stringify({ Message: message }),
})

let hole: FaultServer
let gw: FakeGateway
let dns: Awaited<ReturnType<typeof startLoopbackDns>>
const extra: Server[] = []
const sockets = new Set<Socket>()

beforeAll(async () => {
  // The black hole picks the port; every other address listens (or not) on the same one.
  hole = await startFaultServer('blackhole', { address: WIRE.hole })
  gw = await startFakeGateway({
    apis: [
      {
        id: API,
        routes: [
          { method: 'GET', path: '/items' },
          { method: 'GET', path: '/open', authorizationType: 'NONE' },
          { method: 'GET', path: '/broken', handler: integrationFailures.badGateway },
          { method: 'GET', path: '/vpce-deny', handler: denyBody(MESSAGES.vpcePolicy) },
          { method: 'GET', path: '/identity-deny', handler: denyBody(MESSAGES.identityPolicy) },
          { method: 'GET', path: '/authorizer', handler: denyBody(MESSAGES.authorizer) },
          { method: 'GET', path: '/slow', handler: { status: 200, delayMs: 5000 } },
        ],
        resourcePolicy: { allowPrincipals: [SESSION_ARN] },
      },
      { id: 'zz9y8x7w6v', endpointType: 'REGIONAL' },
    ],
    listen: [
      { address: WIRE.a, vpceId: VPCE },
      { address: WIRE.b, vpceId: VPCE },
      { address: WIRE.stray, vpceId: 'vpce-00000000000000009' },
    ],
    port: hole.port,
  })
  gw.credentials.add(TEMP.accessKeyId, {
    secretAccessKey: TEMP.secretAccessKey,
    sessionToken: TEMP.sessionToken,
    principalArn: SESSION_ARN,
  })
  const listen = (address: string, onConnect: (s: Socket) => void) =>
    new Promise<void>((resolve, reject) => {
      const server = createServer(s => {
        sockets.add(s)
        s.on('close', () => sockets.delete(s))
        s.on('error', () => undefined)
        onConnect(s)
      })
      server.once('error', reject)
      server.listen(hole.port, address, () => resolve())
      extra.push(server)
    })
  await listen(WIRE.notTls, s => s.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\nnot TLS\r\n'))
  await listen(WIRE.reset, s => s.resetAndDestroy())
  dns = await startLoopbackDns({
    [HOST]: [WIRE.a, WIRE.b],
    [`zz9y8x7w6v.execute-api.${REGION}.amazonaws.com`]: [WIRE.a],
    [`stray.execute-api.${REGION}.amazonaws.com`]: [WIRE.stray],
  })
})

afterAll(async () => {
  for (const s of sockets) s.destroy()
  await Promise.all(extra.map(s => new Promise<void>(r => s.close(() => r()))))
  await gw?.close()
  await hole?.close()
  await dns?.close()
})

interface TwinEni {
  readonly ip: string
  readonly az: string
}

/** A snapshot for the wire: the healthy one with loopback ENI addresses and the fake's port. */
function twin(opts: {
  enis: readonly TwinEni[]
  host?: string
  base?: () => Draft<DoctorSnapshot>
}): Draft<DoctorSnapshot> {
  const s = (opts.base ?? healthy)()
  const host = opts.host ?? HOST
  s.target.url = `https://${host}:${hole.port}/prod/items`
  s.target.hostname = host
  s.target.connectHost = host
  s.signing.hostHeader = `${host}:${hole.port}`
  const ids = opts.enis.map((_, i) => `eni-0000000000000000${i + 1}`)
  val(s.network.endpoints)[0]!.networkInterfaceIds = ids
  s.network.enis = Object.fromEntries(
    opts.enis.map((e, i) => [
      ids[i]!,
      ok({
        eniId: ids[i]!,
        subnetId: [SUBNET_EP_A, SUBNET_EP_B][i] ?? `subnet-0000000000000000${i + 2}`,
        availabilityZone: e.az,
        privateIps: [e.ip],
      }),
    ]),
  ) as never
  return s
}

const settings = (extra: Partial<ProbeSettings> = {}): ProbeSettings => ({
  method: 'GET',
  timeoutMs: TIMEOUT_MS,
  dnsServer: parseDnsServer(dns.server),
  tls: { ca: gw.caPem },
  ...extra,
})

async function probe(
  s: Draft<DoctorSnapshot>,
  extra: Partial<ProbeSettings> = {},
  creds: typeof CREDS | null = CREDS,
): Promise<ProbeFacts> {
  const r = await runProbe(s as DoctorSnapshot, settings(extra), {
    ...(creds ? { credentials: creds } : {}),
    secrets: [TEMP.secretAccessKey, TEMP.sessionToken],
    now: () => new Date(),
    localAddresses: () => [],
  })
  if (r.status !== 'ok') throw new Error(`probe not ok: ${JSON.stringify(r)}`)
  return r.value
}

const eni = (f: ProbeFacts, ip: string): ProbeAttemptFacts => {
  const a = f.attempts.find(x => x.kind === 'eni' && x.address === ip)
  if (!a) throw new Error(`no ENI attempt to ${ip}: ${JSON.stringify(f.attempts)}`)
  return a
}
const kind = (f: ProbeFacts, k: 'signed' | 'unsigned'): ProbeAttemptFacts =>
  f.attempts.find(x => x.kind === k)!
const cls = (a: ProbeAttemptFacts) => classifyOutcome(a).class

/** The facts recorded on the wire, with loopback addresses mapped to the configuration's. */
function mapped(f: ProbeFacts, map: Readonly<Record<string, string>>): ProbeFacts {
  const m = (ip: string) => map[ip] ?? ip
  return {
    ...f,
    attempts: f.attempts.map(a => ({ ...a, address: m(a.address) })),
    ...(f.dns ? { dns: { ...f.dns, hostname: HOST, addresses: f.dns.addresses.map(m) } } : {}),
    connectHost: HOST,
    path: '/prod/items',
  }
}

function reconcile(config: Draft<DoctorSnapshot>, facts: ProbeFacts): DoctorReport {
  config.probe = ok(facts) as never
  return buildReport(config as DoctorSnapshot, '0.1.0')
}
const find = (r: DoctorReport, id: string) => r.findings.find(f => f.id === id)!
const TO_CONFIG = { [WIRE.a]: ENI_A_IP, [WIRE.b]: ENI_B_IP, [WIRE.hole]: ENI_B_IP }

describe('what each request gets, classified', () => {
  it('signed, unsigned and one request per ENI, each in its zone; SNI and Host unchanged when pinned', async () => {
    gw.clearRequests()
    const f = await probe(
      twin({
        enis: [
          { ip: WIRE.a, az: 'us-east-1a' },
          { ip: WIRE.b, az: 'us-east-1b' },
        ],
      }),
    )
    expect(f.attempts.map(a => a.kind).sort()).toEqual(['eni', 'eni', 'signed', 'unsigned'])
    expect(cls(kind(f, 'signed'))).toBe('ok')
    expect(cls(kind(f, 'unsigned'))).toBe('missing-auth-token')
    expect(eni(f, WIRE.a)).toMatchObject({
      httpStatus: 200,
      tcp: 'connected',
      tls: 'ok',
      availabilityZone: 'us-east-1a',
      eniId: ENI_A,
    })
    expect(eni(f, WIRE.b)).toMatchObject({ httpStatus: 200, availabilityZone: 'us-east-1b', eniId: ENI_B })
    const seen = gw.requests.filter(r => r.localAddress === WIRE.b)
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({
      servername: HOST,
      host: `${HOST}:${hole.port}`,
      method: 'GET',
      url: '/prod/items',
    })
    // Never another method, never a body.
    expect(gw.requests.every(r => r.method === 'GET' && r.body.length === 0)).toBe(true)
    expect(f).toMatchObject({
      method: 'GET',
      path: '/prod/items',
      principal: SESSION_ARN,
      vantage: { kind: 'caller-instance' },
      dns: { result: 'answer', addresses: [WIRE.a, WIRE.b] },
    })
  })

  it('transport: black hole → connect timeout (TCP connected), refused, not TLS, reset; ends within the limit + 1 s', async () => {
    const t0 = performance.now()
    const f = await probe(
      twin({
        enis: [
          { ip: WIRE.hole, az: 'us-east-1a' },
          { ip: WIRE.refuse, az: 'us-east-1b' },
          { ip: WIRE.notTls, az: 'us-east-1c' },
          { ip: WIRE.reset, az: 'us-east-1d' },
        ],
      }),
    )
    expect(performance.now() - t0).toBeLessThan(TIMEOUT_MS + 1000)
    expect(eni(f, WIRE.hole)).toMatchObject({ exitCode: 28, tcp: 'connected' })
    expect(cls(eni(f, WIRE.hole))).toBe('connect-timeout')
    expect(eni(f, WIRE.refuse)).toMatchObject({ exitCode: 7, tcp: 'refused' })
    expect(cls(eni(f, WIRE.refuse))).toBe('connect-refused')
    expect(eni(f, WIRE.notTls)).toMatchObject({ exitCode: 35, tls: 'failed' })
    expect(cls(eni(f, WIRE.notTls))).toBe('tls-failure')
    // A reset right after accept is curl's 35 (the handshake failed), every run; still a reset.
    expect(eni(f, WIRE.reset).exitCode).toBe(35)
    expect(cls(eni(f, WIRE.reset))).toBe('connection-reset')
  })

  it('a name that does not resolve → DNS failure (6), recorded with the resolver used', async () => {
    const f = await probe(twin({ enis: [], host: `nowhere.execute-api.${REGION}.amazonaws.com` }))
    expect(kind(f, 'signed')).toMatchObject({ exitCode: 6, address: '' })
    expect(cls(kind(f, 'signed'))).toBe('dns-failure')
    expect(f.dns).toMatchObject({ result: 'nxdomain', server: dns.server })
    expect(f.notes?.join(' ')).toMatch(/ENI addresses are unknown .*no per-ENI request was sent/)
  })

  it.each([
    ['/prod/broken', 'integration-error', 502],
    ['/prod/vpce-deny', 'denied-vpce-policy', 403],
    ['/prod/identity-deny', 'denied-identity-policy', 403],
    ['/prod/authorizer', 'authorizer-deny', 403],
    ['/prod/missing', 'missing-auth-token', 403],
  ] as const)('%s → %s', async (path, expected, status) => {
    const f = await probe(twin({ enis: [{ ip: WIRE.a, az: 'us-east-1a' }] }), { path })
    expect(eni(f, WIRE.a).httpStatus).toBe(status)
    expect(cls(eni(f, WIRE.a))).toBe(expected)
  })

  it('a NONE method the resource policy does not open to anonymous → "User: anonymous", signed or not (NONE never authenticates)', async () => {
    const f = await probe(twin({ enis: [] }), { path: '/prod/open' })
    expect(cls(kind(f, 'unsigned'))).toBe('denied-anonymous')
    expect(cls(kind(f, 'signed'))).toBe('denied-anonymous')
  })

  it('a REGIONAL API through the endpoint → 403 Forbidden', async () => {
    const f = await probe(
      twin({
        enis: [{ ip: WIRE.a, az: 'us-east-1a' }],
        host: `zz9y8x7w6v.execute-api.${REGION}.amazonaws.com`,
      }),
    )
    expect(cls(eni(f, WIRE.a))).toBe('forbidden')
  })

  it('resource policy deny → explicit deny naming the principal', async () => {
    gw.updateApi(API, { resourcePolicy: { allowPrincipals: [SESSION_ARN], denyPrincipals: [SESSION_ARN] } })
    try {
      const f = await probe(twin({ enis: [{ ip: WIRE.a, az: 'us-east-1a' }] }))
      expect(eni(f, WIRE.a)).toMatchObject({
        httpStatus: 403,
        errorType: 'AccessDeniedException',
        message: expect.stringMatching(
          /^User: arn:aws:sts::111111111111:assumed-role\/orders-caller\/.* with an explicit deny$/,
        ),
      })
      expect(cls(eni(f, WIRE.a))).toBe('denied-explicit')
    } finally {
      gw.updateApi(API, { resourcePolicy: { allowPrincipals: [SESSION_ARN] } })
    }
  })

  it('a wrong secret key → signature mismatch, recorded without the canonical request (no session token, no signature)', async () => {
    const f = await probe(
      twin({ enis: [{ ip: WIRE.a, az: 'us-east-1a' }] }),
      {},
      { ...CREDS, secretAccessKey: 'wrong/secret/key/000000000000000000000000' },
    )
    expect(cls(eni(f, WIRE.a))).toBe('signature-mismatch')
    const text = JSON.stringify(f)
    expect(text).not.toContain(TEMP.sessionToken)
    expect(text).not.toMatch(/Signature=[0-9a-f]{64}/)
    expect(text).not.toContain('Canonical String')
  })

  it('an unknown access key → invalid security token', async () => {
    const f = await probe(
      twin({ enis: [{ ip: WIRE.a, az: 'us-east-1a' }] }),
      {},
      { ...CREDS, accessKeyId: 'ASIAUNKNOWNEXAMPLE01' },
    )
    expect(cls(eni(f, WIRE.a))).toBe('invalid-token')
  })

  it('the server clock 7 minutes behind → "Signature not yet current", the offset measured from its message', async () => {
    gw.setClockOffsetMs(-7 * 60_000)
    try {
      const f = await probe(twin({ enis: [{ ip: WIRE.a, az: 'us-east-1a' }] }))
      expect(cls(eni(f, WIRE.a))).toBe('signature-not-yet-current')
      expect(Math.abs((eni(f, WIRE.a).clockOffsetMs ?? 0) + 420_000)).toBeLessThan(2000)
    } finally {
      gw.setClockOffsetMs(0)
    }
  })

  it('no credentials: only the unsigned request, and a note', async () => {
    const f = await probe(twin({ enis: [{ ip: WIRE.a, az: 'us-east-1a' }] }), {}, null)
    expect(f.attempts.map(a => a.kind)).toEqual(['unsigned'])
    expect(f.notes).toEqual(['no usable credentials: only the unsigned request was sent'])
    expect(f.principal).toBeUndefined()
  })

  it('the method sent is the one given, and only that one', async () => {
    gw.clearRequests()
    await probe(twin({ enis: [{ ip: WIRE.a, az: 'us-east-1a' }] }), { method: 'HEAD' })
    expect(gw.requests.length).toBeGreaterThan(0)
    expect(gw.requests.every(r => r.method === 'HEAD')).toBe(true)
  })
})

describe('reconciled with the configuration', () => {
  it("one ENI black-holed while the other answers → that zone's subnet NACL or route", async () => {
    const f = await probe(
      twin({
        enis: [
          { ip: WIRE.a, az: 'us-east-1a' },
          { ip: WIRE.hole, az: 'us-east-1b' },
        ],
      }),
    )
    const r = reconcile(healthy(), mapped(f, TO_CONFIG))
    const transit = find(r, 'probe.transit')
    expect(transit.status).toBe('fail')
    expect(transit.summary).toMatch(
      /one zone is cut off: 10\.0\.3\.10 in us-east-1b \(subnet-00000000000000003\) does not answer/,
    )
    expect(transit.summary).toMatch(/that zone's subnet NACL or route/)
    expect(r.verdict).toMatchObject({ status: 'fail', hop: 5, check: 'probe.transit' })
  })

  it('the configuration allows, the live resource policy denies → changed after the last deployment', async () => {
    gw.updateApi(API, { resourcePolicy: { allowPrincipals: [SESSION_ARN], denyPrincipals: [SESSION_ARN] } })
    let f: ProbeFacts
    try {
      f = await probe(
        twin({
          enis: [
            { ip: WIRE.a, az: 'us-east-1a' },
            { ip: WIRE.b, az: 'us-east-1b' },
          ],
        }),
      )
    } finally {
      gw.updateApi(API, { resourcePolicy: { allowPrincipals: [SESSION_ARN] } })
    }
    const r = reconcile(healthy(), mapped(f, TO_CONFIG))
    expect(find(r, 'probe.resource-policy')).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/changed after the last deployment/),
    })
    expect(r.verdict.check).toBe('probe.resource-policy')
    // Agreement: the same wire against row 28's configuration confirms its check instead.
    const row28 = SCENARIOS.find(x => x.name === 'row28-sourcevpce-lists-old-endpoint')!.build()
    const agree = reconcile(row28, mapped(f, TO_CONFIG))
    expect(find(agree, 'probe.resource-policy').summary).toMatch(
      /^the wire confirms apigw\.resource-policy-allows/,
    )
    expect(agree.verdict.check).toBe('apigw.resource-policy-allows')
  })

  it('the name resolves to an address that is not an ENI → a resolver / private-DNS problem', async () => {
    const f = await probe(
      twin({
        enis: [
          { ip: WIRE.a, az: 'us-east-1a' },
          { ip: WIRE.b, az: 'us-east-1b' },
        ],
        host: `stray.execute-api.${REGION}.amazonaws.com`,
      }),
    )
    expect(kind(f, 'signed').address).toBe(WIRE.stray)
    const facts = mapped(f, TO_CONFIG)
    const r = reconcile(healthy(), facts)
    expect(find(r, 'probe.dns')).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(
        /resolves live to 127\.0\.0\.7, not the endpoint's ENI addresses .*resolver or private-DNS problem/,
      ),
    })
  })

  it('the clock jumped since collection → "Signature not yet current" on the wire, the offset in the evidence', async () => {
    gw.setClockOffsetMs(-7 * 60_000)
    let f: ProbeFacts
    try {
      f = await probe(
        twin({
          enis: [
            { ip: WIRE.a, az: 'us-east-1a' },
            { ip: WIRE.b, az: 'us-east-1b' },
          ],
        }),
      )
    } finally {
      gw.setClockOffsetMs(0)
    }
    const r = reconcile(healthy(), mapped(f, TO_CONFIG))
    const signing = find(r, 'probe.signing')
    expect(signing.status).toBe('fail')
    expect(signing.summary).toMatch(/clock is off by more than 5 minutes now/)
    expect(signing.evidence.map(e => e.text).join('\n')).toMatch(
      /API Gateway's Date is −4\d\d\.\d s from the local clock/,
    )
  })
})

describe('vantage', () => {
  it('IMDS → the caller instance; a local address in a caller subnet → caller-subnet; a Lambda caller → elsewhere', () => {
    expect(vantageOf(healthy() as DoctorSnapshot, []).kind).toBe('caller-instance')
    const flags = healthy()
    flags.network.caller = ok({
      source: 'flags',
      vpcId: 'vpc-00000000000000001',
      subnetIds: ['subnet-00000000000000001'],
      securityGroupIds: [],
      privateIps: [],
    }) as never
    expect(vantageOf(flags as DoctorSnapshot, ['10.0.1.77'])).toMatchObject({
      kind: 'caller-subnet',
      detail: expect.stringMatching(/10\.0\.1\.77 is in the caller subnet/),
    })
    expect(vantageOf(flags as DoctorSnapshot, ['192.168.1.5']).kind).toBe('elsewhere')
    expect(vantageOf(healthyLambda() as DoctorSnapshot, ['192.168.1.5']).kind).toBe('elsewhere')
  })
})
