/**
 * Doctor scenarios with live probe results (fixtures/snapshots/probe-*.json): a configuration
 * from test/doctor/builders.ts plus what `--probe` recorded, and the verdict a careful engineer
 * expects once the wire is reconciled with the configuration. Part of SCENARIOS
 * (test/doctor/scenario-defs.ts), so fixtures.test.ts writes and checks the files and
 * scenarios.test.ts / e2e.test.ts run the doctor on them.
 */
import { type ScenarioDef, verdictIs } from '../doctor/scenario-defs-kit.js'
import { ENI_A_IP, ENI_B_IP, HOST, RESOURCE_POLICY, healthy, healthyLambda, val } from '../doctor/builders.js'
import { MESSAGES, allGood, denied403, everySigned, failed, mat403, ok200, withProbe } from './facts.js'

const oldEndpointPolicy = () => {
  const p = structuredClone(RESOURCE_POLICY)
  p.Statement[1]!.Condition = { StringNotEquals: { 'aws:SourceVpce': 'vpce-00000000000000009' } }
  return p
}

/** The resource policy read names an old endpoint; the probe saw the answers `wire` gives. */
const oldEndpointUnderProbe = (wire: () => Parameters<typeof withProbe>[1]) => () => {
  const s = withProbe(healthy(), wire())
  val(s.api.restApi).policy = oldEndpointPolicy() as never
  return s
}

export const PROBE_SCENARIOS: readonly ScenarioDef[] = [
  {
    name: 'probe-healthy-confirmed',
    description:
      'Every hop passes, and the live probe (signed, unsigned, each ENI) confirms it: 200 everywhere, "Missing Authentication Token" unsigned',
    rows: [],
    build: () => withProbe(healthy(), allGood()),
    expect: verdictIs('pass', null, null, {
      'probe.signing': 'pass',
      'probe.dns': 'pass',
      'probe.transit': 'pass',
      'probe.endpoint-policy': 'pass',
      'probe.resource-policy': 'pass',
      'probe.iam': 'pass',
      'probe.handler': 'pass',
    }),
  },
  {
    name: 'probe-policy-changed-after-deployment',
    description:
      'The resource policy read allows the call, but the wire answers an explicit deny: the live policy is not the one read (changed after the last deployment)',
    rows: [30],
    build: () =>
      withProbe(
        healthy(),
        everySigned((k, a) => denied403(k, a, MESSAGES.explicitDeny)),
      ),
    expect: verdictIs('fail', 6, 'probe.resource-policy', {
      'probe.resource-policy': 'fail',
      'apigw.resource-policy-allows': 'pass',
      'probe.transit': 'pass',
      'probe.iam': 'skipped',
    }),
  },
  {
    name: 'probe-deployed-policy-still-allows',
    description:
      'The resource policy read names an old endpoint (explicit deny), yet the wire answers 200: the deployed policy is older, and the next deployment will break the call',
    rows: [28, 30],
    build: oldEndpointUnderProbe(allGood),
    expect: verdictIs('fail', 6, 'apigw.resource-policy-allows', {
      'probe.resource-policy': 'warn',
      'probe.transit': 'pass',
    }),
  },
  {
    name: 'probe-confirms-sourcevpce-deny',
    description:
      'The resource policy names an old endpoint and the wire answers the explicit deny it predicts: the probe confirms the configuration check',
    rows: [28],
    build: oldEndpointUnderProbe(() => everySigned((k, a) => denied403(k, a, MESSAGES.explicitDeny))),
    expect: verdictIs('fail', 6, 'apigw.resource-policy-allows', {
      'probe.resource-policy': 'fail',
      'probe.signing': 'pass',
    }),
  },
  {
    name: 'probe-one-zone-cut-off',
    description:
      "The configuration allows every hop, but the ENI in us-east-1b times out while us-east-1a answers: that zone's subnet NACL or route",
    rows: [19, 20],
    build: () =>
      withProbe(healthy(), [
        ok200('signed', ENI_A_IP),
        mat403('unsigned', ENI_A_IP),
        ok200('eni', ENI_A_IP),
        failed('eni', ENI_B_IP, 28),
      ]),
    expect: verdictIs('fail', 5, 'probe.transit', {
      'probe.transit': 'fail',
      'nacl.endpoint-subnet': 'pass',
      'probe.resource-policy': 'pass',
    }),
  },
  {
    name: 'probe-dns-answer-not-endpoint',
    description:
      "At collection the name resolved to the endpoint's ENIs; live it resolves to another address: a resolver or private-DNS problem",
    rows: [9, 11],
    build: () =>
      withProbe(
        healthy(),
        [
          ok200('signed', '10.0.9.9'),
          mat403('unsigned', '10.0.9.9'),
          ok200('eni', ENI_A_IP),
          ok200('eni', ENI_B_IP),
        ],
        {
          dns: { hostname: HOST, server: 'system', result: 'answer', addresses: ['10.0.9.9'] },
        },
      ),
    expect: verdictIs('fail', 2, 'probe.dns', {
      'probe.dns': 'fail',
      'dns.private-resolution': 'pass',
      'probe.transit': 'pass',
    }),
  },
  {
    name: 'probe-lambda-from-elsewhere',
    description:
      'A Lambda caller probed from a laptop: every ENI times out from there, which says nothing about the Lambda network (not comparable, no failure)',
    rows: [],
    build: () =>
      withProbe(
        healthyLambda(),
        everySigned((k, a) => failed(k, a, 28)),
        {
          vantage: {
            kind: 'elsewhere',
            detail:
              'the caller is the Lambda function orders-worker; pvapi ran elsewhere, so connection results speak for this host only',
          },
          dns: { hostname: HOST, server: 'system', result: 'answer', addresses: ['3.210.12.34'] },
        },
      ),
    expect: verdictIs('pass', null, null, { 'probe.transit': 'skipped', 'probe.dns': 'skipped' }),
  },
]
