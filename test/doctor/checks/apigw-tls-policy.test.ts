/**
 * apigw.tls-policy, one test per branch: the policy, how the client's TLS version is known (the
 * probe's handshake, --client-tls) and the patch the fix prints.
 */
import { describe, expect, it } from 'vitest'
import { apigwTlsPolicy } from '../../../src/doctor/checks/apigw-tls-policy.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import {
  API,
  DOMAIN,
  DOMAIN_ID,
  ENI_A_IP,
  ENI_B_IP,
  HOST,
  REGION,
  denied,
  healthy,
  healthyCustomDomain,
  ok,
  val,
  type Draft,
} from '../builders.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

const TLS13 = 'SecurityPolicy_TLS13_1_3_2025_09'
const TLS12 = 'SecurityPolicy_TLS13_1_2_2021_06'

const withPolicy = (policy: string | undefined, base: () => Draft<DoctorSnapshot> = healthy) => {
  const s = base()
  Object.assign(val(s.api.restApi), { securityPolicy: policy, endpointAccessMode: 'BASIC' })
  return s
}

type Attempt = { address: string; tls: 'ok' | 'failed' | 'skipped'; message?: string; kind?: string }
const withProbe = (s: Draft<DoctorSnapshot>, attempts: Attempt[]) => {
  s.probe = ok({
    attempts: attempts.map(a => ({ tcp: 'connected', signed: true, ms: 12, ...a })),
    startedAt: '2025-01-15T12:00:05.000Z',
    method: 'GET',
    path: '/prod/items',
    connectHost: HOST,
    hostHeader: HOST,
    vantage: { kind: 'caller-instance', detail: 'IMDS instance i-0123456789abcdef0' },
    timeoutMs: 5000,
  }) as never
  return s
}

const PATCH = [
  `aws apigateway update-rest-api --rest-api-id ${API} --region ${REGION}`,
  `"path":"/securityPolicy","value":"${TLS12}"`,
]

describe('apigw.tls-policy, the facts of each branch', () => {
  it('the API unreadable: unknown naming the API and the credentials that read it', () => {
    const s = healthy()
    s.api.restApi = denied('apigateway:GET') as never
    const f = runCheck(apigwTlsPolicy, s)
    expectFinding(f, 'unknown', { summary: [API, 'apigateway:GET'] })
    expect(f.missing).toContain('apigateway:GET')
    expect(f.missing!.join('\n')).toContain('--api-profile/--api-role-arn')
  })

  it('no policy recorded: skipped naming the API', () => {
    expectFinding(runCheck(apigwTlsPolicy, healthy()), 'skipped', { summary: [API] })
  })

  it('a policy that accepts TLS 1.2: pass naming it, with the GetRestApi evidence', () => {
    const f = runCheck(apigwTlsPolicy, withPolicy(TLS12))
    expectFinding(f, 'pass', {
      summary: [API, TLS12],
      evidence: [`GetRestApi ${API}: securityPolicy=${TLS12}`],
    })
  })

  it("the probe's handshake refused for its version: fail naming the address and the probe's message", () => {
    const s = withProbe(withPolicy(TLS13), [
      { address: ENI_A_IP, tls: 'failed', message: 'tlsv1 alert protocol version', kind: 'signed' },
    ])
    const f = runCheck(apigwTlsPolicy, s)
    expectFinding(f, 'fail', {
      summary: [API, TLS13, ENI_A_IP, 'protocol version'],
      fix: PATCH,
      evidence: [`securityPolicy=${TLS13}`, `probe signed ${ENI_A_IP}: tlsv1 alert protocol version`],
      resource: API,
    })
    const lines = f.fix!.split('\n')
    expect(lines[0]).toMatch(/^# let TLS 1\.2 clients in/)
    expect(lines[1]).toMatch(/^aws apigateway update-rest-api /)
  })

  it('a refused attempt without an address or kind: the connect host is named, the kind is "request"', () => {
    const s = withProbe(withPolicy(TLS13), [{ address: '', tls: 'failed', message: 'wrong version number' }])
    const f = runCheck(apigwTlsPolicy, s)
    expectFinding(f, 'fail', { summary: [HOST], evidence: ['probe request : wrong version number'] })
  })

  it('a handshake failure for another reason (or no message) is not a version refusal', () => {
    const s = withProbe(withPolicy(TLS13), [
      { address: ENI_A_IP, tls: 'failed', message: 'certificate has expired' },
      { address: ENI_B_IP, tls: 'failed' },
    ])
    expectFinding(runCheck(apigwTlsPolicy, s), 'warn', { resource: API })
  })

  it('a version message on an attempt whose TLS succeeded is not a refusal', () => {
    const s = withProbe(withPolicy(TLS13), [{ address: ENI_A_IP, tls: 'ok', message: 'protocol version' }])
    expectFinding(runCheck(apigwTlsPolicy, s), 'pass')
  })

  it('--client-tls 1.2: fail saying the client speaks TLS 1.2 at most', () => {
    const s = withPolicy(TLS13)
    s.signing.clientTlsMax = '1.2'
    const f = runCheck(apigwTlsPolicy, s)
    expectFinding(f, 'fail', {
      summary: [API, TLS13, '--client-tls 1.2'],
      fix: PATCH,
      evidence: [`securityPolicy=${TLS13}`, 'client: TLS 1.2 at most (--client-tls)'],
      resource: API,
    })
  })

  it('--client-tls 1.3: pass with the client named in the evidence', () => {
    const s = withPolicy(TLS13)
    s.signing.clientTlsMax = '1.3'
    const f = runCheck(apigwTlsPolicy, s)
    expectFinding(f, 'pass', {
      summary: [API, '--client-tls 1.3'],
      evidence: [`securityPolicy=${TLS13}`, 'client: TLS 1.3 (--client-tls)'],
    })
  })

  it("the probe's handshake completed: pass naming the attempt (kind defaults to request)", () => {
    const s = withProbe(withPolicy(TLS13), [
      { address: ENI_B_IP, tls: 'failed', message: 'socket hang up' },
      { address: ENI_A_IP, tls: 'ok', kind: 'unsigned' },
    ])
    const f = runCheck(apigwTlsPolicy, s)
    expectFinding(f, 'pass', {
      summary: [API, 'handshake succeeded'],
      evidence: [`securityPolicy=${TLS13}`, `probe unsigned ${ENI_A_IP}: TLS handshake completed`],
    })
    const t = withProbe(withPolicy(TLS13), [{ address: ENI_A_IP, tls: 'ok' }])
    expect(evidenceText(runCheck(apigwTlsPolicy, t))).toContain(
      `probe request ${ENI_A_IP}: TLS handshake completed`,
    )
  })

  it('TLS 1.3 only and the client unknown: warn naming the policy and --client-tls, with the patch', () => {
    const f = runCheck(apigwTlsPolicy, withPolicy(TLS13))
    expectFinding(f, 'warn', {
      summary: [API, TLS13, '--client-tls'],
      fix: PATCH,
      evidence: [`GetRestApi ${API}: securityPolicy=${TLS13}`],
      resource: API,
    })
  })

  it('a custom domain: GetDomainName evidence, and the fix patches the domain by name and id', () => {
    const s = healthyCustomDomain()
    Object.assign(val(s.api.customDomain!.domain), { securityPolicy: TLS13 })
    const f = runCheck(apigwTlsPolicy, s)
    expectFinding(f, 'warn', {
      summary: [DOMAIN],
      fix: [
        `aws apigateway update-domain-name --domain-name ${DOMAIN} --domain-name-id ${DOMAIN_ID}`,
        `"path":"/securityPolicy","value":"${TLS12}"`,
      ],
      evidence: [`GetDomainName ${DOMAIN}: securityPolicy=${TLS13}`],
      resource: DOMAIN,
    })
  })
})
