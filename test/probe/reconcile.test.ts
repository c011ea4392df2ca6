/**
 * Reconciliation of live probe results with the configuration, one finding per case: Given a
 * scenario snapshot and what the wire answered, When the doctor runs, Then each `probe.*`
 * check agrees, disagrees (with the likely cause) or says it cannot compare, and the verdict
 * still names the configuration check when both fail.
 */
import { Chalk } from 'chalk'
import { describe, expect, it } from 'vitest'
import type { Check } from '../../src/doctor/check.js'
import { CHECKS } from '../../src/doctor/checks/index.js'
import { diagnose } from '../../src/doctor/diagnose.js'
import { buildReport, type DoctorReport } from '../../src/doctor/report.js'
import type { DoctorSnapshot } from '../../src/doctor/snapshot.js'
import { renderDoctorJson } from '../../src/render/doctor-json.js'
import { renderDoctorMarkdown } from '../../src/render/doctor-markdown.js'
import { renderDoctorText } from '../../src/render/doctor-text.js'
import {
  ENI_A_IP,
  ENI_B_IP,
  LAMBDA_SESSION_ARN,
  healthy,
  healthyLambda,
  ok,
  val,
  type Draft,
} from '../doctor/builders.js'
import { SCENARIOS } from '../doctor/scenario-defs.js'
import {
  MESSAGES,
  allGood,
  answered,
  denied403,
  everySigned,
  failed,
  mat403,
  ok200,
  withProbe,
} from './facts.js'

const scenario = (name: string): Draft<DoctorSnapshot> => {
  const def = SCENARIOS.find(x => x.name === name)
  if (!def) throw new Error(`no scenario ${name}`)
  return def.build()
}
const report = (s: Draft<DoctorSnapshot>): DoctorReport => buildReport(s as DoctorSnapshot, '0.1.0')
const finding = (r: DoctorReport, id: string) => {
  const f = r.findings.find(x => x.id === id)
  if (!f) throw new Error(`no finding ${id}`)
  return f
}
const agreement = (r: DoctorReport, id: string) => r.probe?.checks.find(c => c.id === id)?.agreement
const verdict = (r: DoctorReport) => ({
  status: r.verdict.status,
  hop: r.verdict.hop,
  check: r.verdict.check,
})

describe('without probe results', () => {
  it('reports no probe section and no probe.* finding (the report is as before)', () => {
    const r = report(healthy())
    expect(r.probe).toBeUndefined()
    expect(r.findings.some(f => f.id.startsWith('probe.'))).toBe(false)
    expect(verdict(r)).toEqual({ status: 'pass', hop: null, check: null })
  })
})

describe('agreement raises confidence', () => {
  it('healthy configuration, every request answers 200: every probe check passes, high confidence', () => {
    const r = report(withProbe(healthy(), allGood()))
    expect(verdict(r)).toEqual({ status: 'pass', hop: null, check: null })
    for (const id of [
      'probe.signing',
      'probe.dns',
      'probe.transit',
      'probe.endpoint-policy',
      'probe.resource-policy',
      'probe.iam',
      'probe.handler',
    ]) {
      expect(finding(r, id).status, id).toBe('pass')
      expect(agreement(r, id), id).toBe('agrees')
    }
    expect(r.probe?.checks.every(c => c.confidence === 'high')).toBe(true)
    // The unsigned request's "Missing Authentication Token" agrees with an AWS_IAM method: no warning.
    expect(
      finding(r, 'probe.signing')
        .evidence.map(e => e.text)
        .join('\n'),
    ).toMatch(/unsigned: HTTP 403 MissingAuthenticationTokenException/)
  })

  it('row 28 (aws:SourceVpce names an old endpoint) + explicit deny on the wire: confirmed, the verdict stays the configuration check', () => {
    const r = report(
      withProbe(
        scenario('row28-sourcevpce-lists-old-endpoint'),
        everySigned((k, a) => denied403(k, a, MESSAGES.explicitDeny)),
      ),
    )
    expect(verdict(r)).toEqual({ status: 'fail', hop: 6, check: 'apigw.resource-policy-allows' })
    const f = finding(r, 'probe.resource-policy')
    expect(f.status).toBe('fail')
    expect(f.summary).toMatch(/^the wire confirms apigw\.resource-policy-allows/)
    expect(agreement(r, 'probe.resource-policy')).toBe('agrees')
    expect(r.probe?.confirms).toContain('apigw.resource-policy-allows')
    // The network and signing got through: those probe checks pass.
    expect(finding(r, 'probe.transit').status).toBe('pass')
    expect(finding(r, 'probe.signing').status).toBe('pass')
    // Hop 7 was never reached by the wire.
    expect(finding(r, 'probe.iam').status).toBe('skipped')
  })

  it('row 16 (caller SG without egress 443) + every ENI times out: placed at hop 3, confirms the SG check', () => {
    const r = report(
      withProbe(
        scenario('row16-caller-sg-no-egress-443'),
        everySigned((k, a) => failed(k, a, 28)),
      ),
    )
    expect(verdict(r).check).toBe('sg.caller-egress-443')
    const view = r.probe!.attempts.find(a => a.label.startsWith('ENI 10.0.3.10'))!
    expect(view).toMatchObject({ class: 'connect-timeout', hop: 3, placedBy: 'configuration' })
    expect(finding(r, 'probe.transit')).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/confirms sg\.caller-egress-443/),
    })
  })

  it('row 20 (endpoint subnet NACL denies 443) + every ENI times out: hop 5, confirms the NACL check', () => {
    const r = report(
      withProbe(
        scenario('row20-endpoint-nacl-denies-443'),
        everySigned((k, a) => failed(k, a, 28)),
      ),
    )
    expect(r.probe!.attempts.find(a => a.kind === 'eni')).toMatchObject({ hop: 5, placedBy: 'configuration' })
    expect(finding(r, 'probe.transit').summary).toMatch(/confirms nacl\.endpoint-subnet/)
    expect(verdict(r).check).toBe('nacl.endpoint-subnet')
  })

  it('row 4 (clock 7 min behind) + "Signature expired": confirms signing.clock-skew with the offset measured live', () => {
    const r = report(
      withProbe(
        scenario('row04-clock-skew'),
        everySigned((k, a) =>
          answered(k, a, 403, 'InvalidSignatureException', MESSAGES.expired, { clockOffsetMs: 420_000 }),
        ),
      ),
    )
    const f = finding(r, 'probe.signing')
    expect(f).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/confirms signing\.clock-skew/),
    })
    expect(f.evidence.map(e => e.text).join('\n')).toMatch(
      /clock: API Gateway's Date is \+420\.0 s from the local clock/,
    )
  })

  it('row 9 (private DNS off) + the name resolves live to public addresses: confirms the DNS checks', () => {
    const s = withProbe(
      scenario('row09-private-dns-off'),
      [
        answered('signed', '3.210.12.34', 403, 'ForbiddenException', 'Forbidden'),
        mat403('unsigned', '3.210.12.34'),
        ok200('eni', ENI_A_IP),
        ok200('eni', ENI_B_IP),
      ],
      {
        dns: {
          hostname: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
          server: 'system',
          result: 'answer',
          addresses: ['3.210.12.34', '52.1.2.3'],
        },
      },
    )
    const r = report(s)
    const f = finding(r, 'probe.dns')
    expect(f.status).toBe('fail')
    expect(f.summary).toMatch(/^the wire confirms dns\./)
    // The signed request reached a foreign address: it speaks for DNS only, not for hop 6.
    expect(r.probe!.attempts.find(a => a.kind === 'signed')).toMatchObject({ hop: 2, placedBy: 'dns' })
    expect(finding(r, 'probe.resource-policy').status).toBe('pass')
  })
})

describe('disagreement is its own finding, with the likely cause', () => {
  it('the configuration allows but the wire denies at the resource-policy layer → the policy changed after the last deployment', () => {
    const r = report(
      withProbe(
        healthy(),
        everySigned((k, a) => denied403(k, a, MESSAGES.explicitDeny)),
      ),
    )
    expect(verdict(r)).toEqual({ status: 'fail', hop: 6, check: 'probe.resource-policy' })
    const f = finding(r, 'probe.resource-policy')
    expect(f.summary).toMatch(/configuration allows but the wire stops at the resource policy/)
    expect(f.summary).toMatch(/changed after the last deployment/)
    expect(f.fix).toMatch(/aws apigateway create-deployment --rest-api-id a1b2c3d4e5 --stage-name prod/)
    expect(agreement(r, 'probe.resource-policy')).toBe('disagrees')
    expect(r.probe?.contradicts).toContain('apigw.resource-policy-allows')
  })

  it('the configuration denies but the wire gets through at hop 6 → the deployed policy is older: warn', () => {
    const r = report(withProbe(scenario('row28-sourcevpce-lists-old-endpoint'), allGood()))
    const f = finding(r, 'probe.resource-policy')
    expect(f.status).toBe('warn')
    expect(f.summary).toMatch(
      /says apigw\.resource-policy-allows fails, but every signed request got through/,
    )
    expect(f.summary).toMatch(/next deployment will break the call/)
    expect(r.probe?.contradicts).toContain('apigw.resource-policy-allows')
  })

  it("one ENI times out while the others answer → that zone's subnet NACL or route", () => {
    const r = report(
      withProbe(healthy(), [
        ok200('signed', ENI_A_IP),
        mat403('unsigned', ENI_A_IP),
        ok200('eni', ENI_A_IP),
        failed('eni', ENI_B_IP, 28),
      ]),
    )
    const f = finding(r, 'probe.transit')
    expect(f.status).toBe('fail')
    expect(f.summary).toMatch(
      /one zone is cut off: 10\.0\.3\.10 in us-east-1b \(subnet-00000000000000003\) does not answer/,
    )
    expect(f.summary).toMatch(/that zone's subnet NACL or route/)
    expect(f.fix).toMatch(
      /describe-network-acls --filters Name=association\.subnet-id,Values=subnet-00000000000000003/,
    )
    expect(f.fix).toMatch(/describe-route-tables/)
    expect(verdict(r)).toEqual({ status: 'fail', hop: 5, check: 'probe.transit' })
  })

  it('the DNS answer differs from the ENI addresses → a resolver / private-DNS problem', () => {
    const s = withProbe(
      healthy(),
      [
        ok200('signed', '10.9.9.9'),
        mat403('unsigned', '10.9.9.9'),
        ok200('eni', ENI_A_IP),
        ok200('eni', ENI_B_IP),
      ],
      {
        dns: {
          hostname: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
          server: 'system',
          result: 'answer',
          addresses: ['10.9.9.9'],
        },
      },
    )
    const r = report(s)
    const f = finding(r, 'probe.dns')
    expect(f.status).toBe('fail')
    expect(f.summary).toMatch(/resolves live to 10\.9\.9\.9, not the endpoint's ENI addresses/)
    expect(f.summary).toMatch(/resolver or private-DNS problem/)
    expect(agreement(r, 'probe.dns')).toBe('disagrees')
    expect(r.probe?.contradicts).toContain('dns.private-resolution')
  })

  it('the name does not resolve live although it did at collection', () => {
    const s = withProbe(
      healthy(),
      [failed('signed', '', 6), failed('unsigned', '', 6), ok200('eni', ENI_A_IP), ok200('eni', ENI_B_IP)],
      {
        dns: {
          hostname: 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com',
          server: 'system',
          result: 'nxdomain',
          addresses: [],
        },
      },
    )
    const f = finding(report(s), 'probe.dns')
    expect(f).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(
        /did not resolve live \(NXDOMAIN\), though the configuration says it should/,
      ),
    })
  })

  it('"Signature expired" while the clock was fine at collection → the clock jumped', () => {
    const r = report(
      withProbe(
        healthy(),
        everySigned((k, a) =>
          answered(k, a, 403, 'InvalidSignatureException', MESSAGES.expired, { clockOffsetMs: 360_000 }),
        ),
      ),
    )
    const f = finding(r, 'probe.signing')
    expect(f).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/configuration allows but the wire stops at signing.*clock is off/),
    })
    expect(f.evidence.map(e => e.text).join('\n')).toMatch(/\+360\.0 s/)
    expect(r.probe?.contradicts).toContain('signing.clock-skew')
  })

  it('"The security token … is invalid" → the credentials changed between collection and probe', () => {
    const r = report(
      withProbe(
        healthy(),
        everySigned((k, a) => answered(k, a, 403, 'UnrecognizedClientException', MESSAGES.invalidToken)),
      ),
    )
    expect(finding(r, 'probe.signing').summary).toMatch(/expired or was revoked/)
  })

  it('the VPC endpoint policy wording, where the endpoint policy reads as allowing → hop 4', () => {
    const r = report(
      withProbe(
        healthy(),
        everySigned((k, a) => denied403(k, a, MESSAGES.vpcePolicy)),
      ),
    )
    expect(r.probe!.attempts.find(a => a.kind === 'eni')).toMatchObject({
      class: 'denied-vpce-policy',
      hop: 4,
      placedBy: 'candidates',
    })
    expect(finding(r, 'probe.endpoint-policy')).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/wire names the VPC endpoint policy/),
    })
    expect(verdict(r).check).toBe('probe.endpoint-policy')
  })

  it('"no identity-based policy allows" where the identity policy reads as allowing → hop 7', () => {
    const r = report(
      withProbe(
        healthy(),
        everySigned((k, a) => denied403(k, a, MESSAGES.identityPolicy)),
      ),
    )
    expect(finding(r, 'probe.iam')).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/wire denies at IAM/),
    })
  })

  it('a signed request evaluated as anonymous → hop 6', () => {
    const r = report(
      withProbe(
        healthy(),
        everySigned((k, a) => denied403(k, a, MESSAGES.anonymous)),
      ),
    )
    expect(r.probe!.attempts.find(a => a.kind === 'eni')).toMatchObject({ class: 'denied-anonymous', hop: 6 })
    expect(finding(r, 'probe.resource-policy').status).toBe('fail')
  })

  it('403 Forbidden where the API reads as PRIVATE → hop 6, the deployed endpoint configuration differs', () => {
    const r = report(
      withProbe(
        healthy(),
        everySigned((k, a) => answered(k, a, 403, 'ForbiddenException', MESSAGES.forbidden)),
      ),
    )
    expect(finding(r, 'probe.resource-policy').summary).toMatch(/refused before authorization/)
  })

  it('a signed "Missing Authentication Token" where the route reads as deployed → hop 8, not deployed', () => {
    const r = report(
      withProbe(
        healthy(),
        everySigned((k, a) => mat403(k, a)),
      ),
    )
    expect(r.probe!.attempts.find(a => a.kind === 'eni')).toMatchObject({
      class: 'missing-auth-token',
      hop: 8,
    })
    expect(finding(r, 'probe.handler')).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/live stage does not serve it/),
    })
    expect(finding(r, 'probe.handler').fix).toMatch(/create-deployment/)
  })

  it('the Lambda authorizer denies → hop 8', () => {
    const r = report(
      withProbe(
        healthy(),
        everySigned((k, a) => denied403(k, a, MESSAGES.authorizer)),
      ),
    )
    expect(r.probe!.attempts.find(a => a.kind === 'eni')).toMatchObject({ class: 'authorizer-deny', hop: 8 })
    expect(finding(r, 'probe.handler').summary).toMatch(/authorizer denies/)
  })

  it('5xx with x-amzn-ErrorType → hop 8: the integration fails at run time', () => {
    const r = report(
      withProbe(
        healthy(),
        everySigned((k, a) => answered(k, a, 502, 'InternalServerErrorException', MESSAGES.internal)),
      ),
    )
    expect(finding(r, 'probe.handler')).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/integration fails at run time/),
    })
    // Everything before the handler got through.
    expect(finding(r, 'probe.resource-policy').status).toBe('pass')
    expect(finding(r, 'probe.iam').status).toBe('pass')
  })

  it('an unsigned request answered 200 on a method that reads as AWS_IAM → the deployed method differs', () => {
    const r = report(
      withProbe(healthy(), [
        ok200('signed', ENI_A_IP),
        ok200('unsigned', ENI_A_IP),
        ok200('eni', ENI_A_IP),
        ok200('eni', ENI_B_IP),
      ]),
    )
    expect(finding(r, 'probe.signing')).toMatchObject({
      status: 'warn',
      summary: expect.stringMatching(/deployed method does not require SigV4/),
    })
  })
})

describe('the configuration cannot confirm: the words decide only then, and say so', () => {
  it('account B unreadable + explicit deny: placed at hop 6 because its configuration could not be read', () => {
    const r = report(
      withProbe(
        scenario('account-b-unreadable'),
        everySigned((k, a) => denied403(k, a, MESSAGES.explicitDeny)),
      ),
    )
    const view = r.probe!.attempts.find(a => a.kind === 'eni')!
    expect(view).toMatchObject({ hop: 6, placedBy: 'unreadable-configuration' })
    const f = finding(r, 'probe.resource-policy')
    expect(f.status).toBe('fail')
    expect(f.summary).toMatch(/the configuration could not confirm which rule/)
    expect(agreement(r, 'probe.resource-policy')).toBe('live-only')
    // Now a fail, not only unknowns.
    expect(r.verdict.status).toBe('fail')
  })

  it('account B unreadable + 200: the wire shows hops 6-8 pass where the configuration could not tell', () => {
    const r = report(withProbe(scenario('account-b-unreadable'), allGood()))
    expect(finding(r, 'probe.resource-policy')).toMatchObject({
      status: 'pass',
      summary: expect.stringMatching(/could not be read/),
    })
    expect(agreement(r, 'probe.resource-policy')).toBe('live-only')
  })

  it('endpoint policy unreadable + VPC endpoint policy wording: placed by the wording, low confidence', () => {
    const s = healthy()
    val(s.network.endpoints)[0]!.policy = undefined as never
    s.network.endpoints = { status: 'denied', action: 'ec2:DescribeVpcEndpoints' } as never
    const r = report(
      withProbe(
        s,
        everySigned((k, a) => denied403(k, a, MESSAGES.vpcePolicy)),
      ),
    )
    const eni = r.probe!.attempts.find(a => a.kind === 'eni')
    // Without the endpoint, its ENIs are unknown: the pinned requests still speak for the endpoint.
    expect(eni).toMatchObject({ hop: 4, placedBy: 'wording' })
    expect(r.probe!.checks.find(c => c.id === 'probe.endpoint-policy')).toMatchObject({
      status: 'fail',
      agreement: 'live-only',
      confidence: 'low',
    })
  })
})

describe('results that cannot speak for the caller are not contradictions', () => {
  it('a Lambda caller probed from elsewhere: connection failures are not comparable', () => {
    const s = withProbe(
      healthyLambda(),
      everySigned((k, a) => failed(k, a, 28)),
      {
        vantage: {
          kind: 'elsewhere',
          detail: 'the caller is the Lambda function orders-worker; pvapi ran elsewhere',
        },
      },
    )
    const r = report(s)
    expect(finding(r, 'probe.transit')).toMatchObject({
      status: 'skipped',
      summary: expect.stringMatching(/not comparable/),
    })
    expect(r.verdict.status).toBe('pass')
  })

  it("a Lambda caller: the probe signs as the doctor, so an IAM denial is not the caller's", () => {
    const s = withProbe(
      healthyLambda(),
      everySigned((k, a) => denied403(k, a, MESSAGES.identityPolicy)),
      { vantage: { kind: 'unknown', detail: '' } },
    )
    const r = report(s)
    expect(valueOfPrincipal(s)).toBe(LAMBDA_SESSION_ARN)
    expect(finding(r, 'probe.iam')).toMatchObject({
      status: 'skipped',
      summary: expect.stringMatching(/probe signs as .*orders-caller.*, the caller is .*orders-worker/),
    })
  })

  it('a different route (--probe-path) turns a disagreement into a warning', () => {
    const r = report(
      withProbe(
        healthy(),
        everySigned((k, a) => denied403(k, a, MESSAGES.explicitDeny)),
        { path: '/prod/health' },
      ),
    )
    expect(finding(r, 'probe.resource-policy')).toMatchObject({
      status: 'warn',
      summary: expect.stringMatching(
        /the probe sent GET \/prod\/health; the configuration was evaluated for GET \/prod\/items/,
      ),
    })
  })

  it("the client signs for another region (--signing-region): pvapi's own request passing is not a contradiction", () => {
    const r = report(withProbe(scenario('row05-wrong-signing-region'), allGood()))
    expect(finding(r, 'probe.signing')).toMatchObject({
      status: 'pass',
      summary: expect.stringMatching(/client's signing .* was not reproduced/),
    })
  })

  it('no credentials: only the unsigned request; the hops are not judged', () => {
    const r = report(
      withProbe(healthy(), [mat403('unsigned', ENI_A_IP)], {
        notes: ['no usable credentials: only the unsigned request was sent'],
      }),
    )
    expect(finding(r, 'probe.resource-policy')).toMatchObject({
      status: 'skipped',
      summary: expect.stringMatching(/no usable credentials/),
    })
    expect(r.verdict.status).toBe('pass')
  })
})

describe('outputs', () => {
  const s = withProbe(healthy(), [
    ok200('signed', ENI_A_IP),
    mat403('unsigned', ENI_A_IP),
    ok200('eni', ENI_A_IP),
    failed('eni', ENI_B_IP, 28),
  ])
  const r = report(s)
  it('JSON carries the probe section: every attempt classified, the hop it stopped at, agreement per check', () => {
    const j = JSON.parse(renderDoctorJson(r))
    expect(j.probe.attempts).toHaveLength(4)
    expect(j.probe.attempts[3]).toMatchObject({
      label: 'ENI 10.0.3.10 (us-east-1b)',
      class: 'connect-timeout',
      hops: [3, 5],
      hop: 5,
      exitCode: 28,
    })
    expect(j.probe.checks.find((c: { id: string }) => c.id === 'probe.transit')).toMatchObject({
      status: 'fail',
      agreement: 'disagrees',
    })
    expect(j.findings.filter((f: { id: string }) => f.id.startsWith('probe.'))).toHaveLength(7)
  })
  it('text shows a Live probe section before the hops', () => {
    const text = renderDoctorText(r, new Chalk({ level: 0 }))
    const live = text.indexOf('Live probe: GET /prod/items')
    expect(live).toBeGreaterThan(0)
    expect(live).toBeLessThan(text.indexOf('Hop 1 '))
    expect(text).toMatch(/✖ ENI 10\.0\.3\.10 \(us-east-1b\) +connect timeout \(28\) 3000 ms → hop 5/)
  })
  it('markdown has the probe tables', () => {
    const md = renderDoctorMarkdown(r)
    expect(md).toMatch(/### Live probe/)
    expect(md).toMatch(
      /\| ENI 10\.0\.3\.10 \(us-east-1b\) \| `10\.0\.3\.10` \| connect timeout \(28\) \| 3000 \| hop 5 \|/,
    )
    expect(md).toMatch(/\| `probe\.transit` \| fail \| disagrees \| medium \|/)
  })
  it('--skip probe.transit leaves it out of the agreement lists', () => {
    const skipped = buildReport(s as DoctorSnapshot, '0.1.0', { skip: ['probe.transit'] })
    expect(skipped.probe?.checks.find(c => c.id === 'probe.transit')).toMatchObject({
      status: 'skipped',
      summary: 'skipped with --skip',
    })
    expect(skipped.verdict.status).toBe('pass')
  })
  it('diagnose runs each configuration check once, and the probe checks read its reconciliation', () => {
    const runs = new Map<string, number>()
    const counted = CHECKS.map(
      (c): Check => ({
        ...c,
        run: (snap, d) => {
          runs.set(c.id, (runs.get(c.id) ?? 0) + 1)
          return c.run(snap, d)
        },
      }),
    )
    const dx = diagnose(s as DoctorSnapshot, { checks: counted, skip: ['nacl.endpoint-subnet'] })
    expect(runs.get('sg.caller-egress-443')).toBe(1)
    // Skipped checks are still read for the reconciliation, once.
    expect(runs.get('nacl.endpoint-subnet')).toBe(1)
    expect(dx.findings.find(f => f.id === 'nacl.endpoint-subnet')?.status).toBe('skipped')
    // The probe checks were generated anew over the one reconciliation (the registry's were not run).
    expect(runs.has('probe.transit')).toBe(false)
    expect(dx.findings.find(f => f.id === 'probe.transit')?.summary).toBe(
      dx.reconciliation?.judgements['probe.transit'].summary,
    )
  })
})

function valueOfPrincipal(s: Draft<DoctorSnapshot>): string | undefined {
  const p = s.caller.principal as { status: string; value?: { arn: string } }
  return p.status === 'ok' ? p.value?.arn : undefined
}
void ok
void ENI_B_IP

describe('an unreadable check does not hide what the wire proves', () => {
  it('resource policy read and allows, CloudTrail unreadable, explicit deny at the resource policy → the likely cause is named through apigw.policy-deployed', () => {
    const s = healthy()
    s.api.policyChanges = { status: 'denied', action: 'cloudtrail:LookupEvents' } as never
    const r = report(
      withProbe(
        s,
        everySigned((k, a) => denied403(k, a, MESSAGES.explicitDeny)),
      ),
    )
    expect(finding(r, 'apigw.policy-deployed').status).toBe('unknown')
    const f = finding(r, 'probe.resource-policy')
    expect(f.status).toBe('fail')
    expect(agreement(r, 'probe.resource-policy')).toBe('disagrees')
    expect(f.summary).not.toMatch(/could not confirm which rule/)
    expect(f.summary).toMatch(/configuration allows but the wire stops at the resource policy/)
    expect(f.summary).toMatch(
      /changed after the last deployment.*apigw\.policy-deployed would show it, but: could not check when the resource policy last changed: cloudtrail:LookupEvents was denied/,
    )
    expect(f.fix).toMatch(/create-deployment --rest-api-id a1b2c3d4e5 --stage-name prod/)
    expect(f.evidence.map(e => e.text)).toContain(
      'the configuration could not read the likely cause: apigw.policy-deployed (could not check when the resource policy last changed: cloudtrail:LookupEvents was denied)',
    )
    expect(r.probe?.contradicts).toContain('apigw.resource-policy-allows')
    // The request is placed at hop 6 as a disagreement, not by its words alone.
    expect(r.probe!.attempts.find(a => a.kind === 'eni')).toMatchObject({ hop: 6, placedBy: 'candidates' })
  })

  it('the rule itself unreadable still leaves the hop live-only (only the cause check is reconciled around)', () => {
    const s = healthy()
    s.api.policyChanges = { status: 'denied', action: 'cloudtrail:LookupEvents' } as never
    s.api.restApi = { status: 'denied', action: 'apigateway:GET' } as never
    const r = report(
      withProbe(
        s,
        everySigned((k, a) => denied403(k, a, MESSAGES.explicitDeny)),
      ),
    )
    expect(finding(r, 'apigw.resource-policy-allows').status).toBe('unknown')
    expect(agreement(r, 'probe.resource-policy')).toBe('live-only')
    expect(finding(r, 'probe.resource-policy').summary).toMatch(/could not confirm which rule/)
  })

  it('a configuration check that crashes is an unknown the reconciliation reads (not silently dropped)', () => {
    const s = withProbe(
      healthy(),
      everySigned((k, a) => denied403(k, a, MESSAGES.explicitDeny)),
    ) as DoctorSnapshot
    const checks = CHECKS.map(
      (c): Check =>
        c.id === 'apigw.resource-policy-allows'
          ? {
              ...c,
              run: () => {
                throw new Error('boom')
              },
            }
          : c,
    )
    const dx = diagnose(s, { checks })
    expect(dx.findings.find(f => f.id === 'apigw.resource-policy-allows')).toMatchObject({
      status: 'unknown',
      summary: 'check crashed: boom',
    })
    const j = dx.reconciliation!.judgements['probe.resource-policy']
    expect(j.agreement).toBe('live-only')
    expect(j.summary).toMatch(/could not confirm which rule \(apigw\.resource-policy-allows\)/)
  })

  it("probe.signing: the clock check could not read STS, the probe measured API Gateway's Date → settled live, not 'could not be read'", () => {
    const s = healthy()
    s.caller.clock = { status: 'denied', action: 'sts:GetCallerIdentity' } as never
    const r = report(withProbe(s, allGood()))
    expect(finding(r, 'signing.clock-skew').status).toBe('unknown')
    const f = finding(r, 'probe.signing')
    expect(f.status).toBe('pass')
    expect(agreement(r, 'probe.signing')).toBe('agrees')
    expect(f.summary).not.toMatch(/could not be read: signing\.clock-skew/)
    expect(f.summary).toMatch(
      /confirmed live: every signed request got through signing \(signing\.clock-skew could not be read; measured live: API Gateway's Date is \+0\.4 s from the local clock\)/,
    )
  })

  it('probe.signing: "Signature expired" with the clock check unreadable → the measured offset settles it (fail, high confidence)', () => {
    const s = healthy()
    s.caller.clock = { status: 'denied', action: 'sts:GetCallerIdentity' } as never
    const r = report(
      withProbe(
        s,
        everySigned((k, a) =>
          answered(k, a, 403, 'InvalidSignatureException', MESSAGES.expired, { clockOffsetMs: 420_000 }),
        ),
      ),
    )
    const f = finding(r, 'probe.signing')
    expect(f.status).toBe('fail')
    expect(r.probe?.checks.find(c => c.id === 'probe.signing')).toMatchObject({
      agreement: 'live-only',
      confidence: 'high',
    })
    expect(f.summary).toMatch(
      /the probe measured what signing\.clock-skew could not read: API Gateway's Date is \+420\.0 s from the local clock, beyond SigV4's 5 minutes/,
    )
    expect(f.fix).toMatch(/chronyc makestep/)
    expect(r.probe!.attempts.find(a => a.kind === 'eni')).toMatchObject({
      hop: 1,
      placedBy: 'live-measurement',
    })
  })

  it('a change after deployment while CloudTrail shows none since its lookback start → the change must predate the 90-day lookback', () => {
    const s = healthy()
    s.api.policyChanges = ok({ since: '2024-10-17T12:00:00.000Z' }) as never
    const r = report(
      withProbe(
        s,
        everySigned((k, a) => denied403(k, a, MESSAGES.explicitDeny)),
      ),
    )
    const f = finding(r, 'probe.resource-policy')
    expect(f.evidence.map(e => e.text).join('\n')).toMatch(
      /apigw\.policy-deployed passes \(no resource policy change in CloudTrail since 2024-10-17T12:00:00\.000Z\)/,
    )
    expect(f.summary).toMatch(
      /changed after the last deployment.*CloudTrail shows no policy change since 2024-10-17T12:00:00\.000Z, so that change must predate its 90-day lookback/,
    )
  })
})
