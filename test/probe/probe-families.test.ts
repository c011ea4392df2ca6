/**
 * `doctor --probe` on a dual-stack endpoint: each ENI is probed once per address family, the
 * attempts record the family, and the reconciliation judges the caller's family only. Given a
 * loopback fake gateway on 127.0.0.2 and ::1 standing for one ENI's IPv4 and IPv6 addresses,
 * When the probe runs, Then it sends one ENI request per address with `family` 4 and 6; with
 * IPv6 left out (a host without IPv6) it sends none to ::1 and says so. Skipped, saying why,
 * where ::1 cannot be bound.
 */
import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildReport } from '../../src/doctor/report.js'
import type { DoctorSnapshot, ProbeFacts } from '../../src/doctor/snapshot.js'
import { runProbe } from '../../src/probe/run-probe.js'
import { startFakeGateway, type FakeGateway } from '../support/fake-gateway.js'
import { TEMP } from '../helpers/run-cli.js'
import { API, ENI_A, ENI_B, HOST, SESSION_ARN, ok, val, type Draft } from '../doctor/builders.js'
import { dualStack } from '../doctor/scenario-defs-ipv6.js'

const VPCE = 'vpce-00000000000000001'
const CREDS = {
  accessKeyId: TEMP.accessKeyId,
  secretAccessKey: TEMP.secretAccessKey,
  sessionToken: TEMP.sessionToken,
}

async function ipv6Loopback(): Promise<string | undefined> {
  return new Promise(resolve => {
    const s = createServer()
    s.once('error', (err: NodeJS.ErrnoException) =>
      resolve(`::1 is unavailable here (${err.code ?? err.message})`),
    )
    s.listen(0, '::1', () => s.close(() => resolve(undefined)))
  })
}
const noIpv6 = await ipv6Loopback()
if (noIpv6) console.log(`probe-families: skipping the dual-stack probe: ${noIpv6}`)

describe.skipIf(noIpv6 !== undefined)('--probe on a dual-stack endpoint', () => {
  let gw: FakeGateway
  beforeAll(async () => {
    gw = await startFakeGateway({
      apis: [
        {
          id: API,
          routes: [{ method: 'GET', path: '/items' }],
          resourcePolicy: { allowPrincipals: [SESSION_ARN] },
        },
      ],
      listen: [
        { address: '127.0.0.2', vpceId: VPCE },
        { address: '::1', vpceId: VPCE },
      ],
    })
    gw.credentials.add(TEMP.accessKeyId, {
      secretAccessKey: TEMP.secretAccessKey,
      sessionToken: TEMP.sessionToken,
      principalArn: SESSION_ARN,
    })
  })
  afterAll(async () => {
    await gw?.close()
  })

  /** The dual-stack world on the wire: one ENI with 127.0.0.2 and ::1, the fake's port. */
  function twin(): Draft<DoctorSnapshot> {
    const s = dualStack()
    s.target.url = `https://${HOST}:${gw.port}/prod/items`
    s.signing.hostHeader = `${HOST}:${gw.port}`
    val(s.network.endpoints)[0]!.networkInterfaceIds = [ENI_A]
    s.network.enis = {
      [ENI_A]: ok({
        eniId: ENI_A,
        subnetId: 'subnet-00000000000000002',
        availabilityZone: 'us-east-1a',
        privateIps: ['127.0.0.2'],
        ipv6Addresses: ['::1'],
      }),
    } as never
    void ENI_B
    return s
  }

  const probe = async (families?: ReadonlyArray<4 | 6>): Promise<ProbeFacts> => {
    const r = await runProbe(
      twin() as DoctorSnapshot,
      { method: 'GET', timeoutMs: 3000, tls: { ca: gw.caPem }, ...(families ? { families } : {}) },
      {
        credentials: CREDS,
        secrets: [TEMP.secretAccessKey, TEMP.sessionToken],
        now: () => new Date(),
        localAddresses: () => [],
      },
    )
    if (r.status !== 'ok') throw new Error(`probe not ok: ${JSON.stringify(r)}`)
    return r.value
  }

  it('probes each family of the ENI and records it; both answer', async () => {
    const f = await probe()
    const enis = f.attempts.filter(a => a.kind === 'eni')
    expect(enis.map(a => [a.address, a.family, a.httpStatus]).sort()).toEqual([
      ['127.0.0.2', 4, 200],
      ['::1', 6, 200],
    ])
    expect(gw.requests.some(r => r.localAddress === '::1' && r.servername === HOST)).toBe(true)
  })

  it('a host without IPv6: only IPv4 is probed, and the note names the IPv6 addresses left out', async () => {
    const f = await probe([4])
    const enis = f.attempts.filter(a => a.kind === 'eni')
    expect(enis.map(a => a.address)).toEqual(['127.0.0.2'])
    expect(f.notes?.join('\n')).toContain('IPv6 ENI addresses (::1) were not probed')
  })

  it("the reconciliation judges the caller's family: an IPv6 failure does not read as a zone cut off for an IPv4 caller", async () => {
    const f = await probe()
    // The caller connects over IPv4 (the instance has no IPv6 address); the IPv6 request failed.
    const s = twin()
    val(s.network.caller).privateIps = ['10.0.1.15']
    const facts: ProbeFacts = {
      ...f,
      attempts: f.attempts.map(a => {
        if (a.family !== 6) return a
        // The IPv6 connection timed out (an SG without an IPv6 rule): no TLS, no answer.
        const { httpStatus: _s, tls: _t, requestId: _r, dateHeader: _d, ...rest } = a
        return {
          ...rest,
          tcp: 'timeout' as const,
          exitCode: 28,
          errorCode: 'PV_TIMEOUT',
          message: 'connect timed out',
        }
      }),
    }
    s.probe = ok(facts) as never
    const report = buildReport(s as DoctorSnapshot, '0.1.0')
    const probes = report.findings.filter(x => x.id.startsWith('probe.') && x.id !== 'probe.dns')
    // Without the family filter the IPv6 timeout read as a failure of the caller's path.
    expect(probes.filter(x => x.status === 'fail').map(x => `${x.id}: ${x.summary}`)).toEqual([])
    expect(probes.map(x => x.summary).join('\n')).not.toContain('::1')
  })
})
