/**
 * handler.response-streaming: the transfer mode of the method's integration and the limits of a
 * streamed answer. The facts: the method and resource id, the durations (integration timeout,
 * idle limit), the URI the fix sets, the probe requests cut by --probe-timeout.
 */
import { describe, expect, it } from 'vitest'
import { handlerResponseStreaming } from '../../../src/doctor/checks/handler-response-streaming.js'
import type { ProbeAttemptFacts } from '../../../src/doctor/snapshot.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import { failed, mat403, ok200, withProbe } from '../../probe/facts.js'
import { API, B, ENI_A_IP, ENI_B_IP, REGION, denied, healthy, val, type Draft } from '../builders.js'
import { evidenceText, expectFinding, expectFixLines, runCheck } from './run-check.js'

const FN = `arn:aws:lambda:${REGION}:${B}:function:orders-api`
const STREAMING_URI = `arn:aws:apigateway:${REGION}:lambda:path/2021-11-15/functions/${FN}/response-streaming-invocations`
const BUFFERED_URI = `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${FN}/invocations`

/** Changes the integration of GET /items (`undefined` deletes a field). */
function withIntegration(changes: Record<string, unknown>, s: Draft<DoctorSnapshot> = healthy()) {
  const integ = val(s.api.resources).find(r => r.path === '/items')!.methods.GET!.integration as Record<
    string,
    unknown
  >
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete integ[k]
    else integ[k] = v
  }
  return s
}
const streaming = (extra: Record<string, unknown> = {}, s?: Draft<DoctorSnapshot>) =>
  withIntegration(
    { uri: STREAMING_URI, responseTransferMode: 'STREAM', timeoutInMillis: 900_000, ...extra },
    s,
  )
const run = (s: Draft<DoctorSnapshot>) => runCheck(handlerResponseStreaming, s)

/** A request cut by --probe-timeout after the TLS handshake. */
const cut = (kind: 'signed' | 'eni', address: string): ProbeAttemptFacts =>
  failed(kind, address, 28, { tcp: 'connected', tls: 'ok', message: `timed out after 5000 ms (${address})` })

describe('handler.response-streaming, BUFFERED', () => {
  it('the default: pass naming the method and the default 29 s timeout; the evidence describes the integration', () => {
    const f = run(healthy())
    expectFinding(f, 'pass', { summary: ['GET /items answers BUFFERED', 'integration timeout of 29 s'] })
    expect(evidenceText(f)).toBe(
      `integration AWS_PROXY ${BUFFERED_URI}, responseTransferMode BUFFERED (default), timeoutInMillis 29000 (default)`,
    )
  })

  it.each([
    [60_000, '1 min'],
    [120_000, '2 min'],
    [90_000, '90 s'],
    [1_000, '1 s'],
    [1_250, '1.3 s'],
    [12_340, '12.3 s'],
    [999, '999 ms'],
  ])('timeoutInMillis %i reads as %s', (ms, text) => {
    const f = run(withIntegration({ timeoutInMillis: ms }))
    expect(f.summary).toMatch(new RegExp(`integration timeout of ${text.replace('.', '\\.')}$`))
    expect(evidenceText(f)).toContain(`timeoutInMillis ${ms}`)
    expect(evidenceText(f)).not.toContain('(default)\n')
  })

  it('an explicit BUFFERED mode and an integration with no type or URI: described as such', () => {
    const f = run(withIntegration({ responseTransferMode: 'BUFFERED', type: undefined, uri: undefined }))
    expect(f.status).toBe('pass')
    expect(evidenceText(f)).toContain('integration ?, responseTransferMode BUFFERED, timeoutInMillis')
  })

  it('the streaming Lambda URI on a BUFFERED integration: warn naming the function; the fix sets STREAM and redeploys', () => {
    const f = run(withIntegration({ uri: STREAMING_URI }))
    expectFinding(f, 'warn', {
      summary: ['GET /items calls', FN, 'BUFFERED'],
      resource: 'res0000001',
      fix: [
        `aws apigateway update-integration --rest-api-id ${API} --resource-id res0000001 --http-method GET --patch-operations`,
        '"op":"replace","path":"/responseTransferMode","value":"STREAM"',
        `--region ${REGION}`,
        `create-deployment --rest-api-id ${API} --stage-name prod`,
      ],
      evidence: [STREAMING_URI],
    })
    expectFixLines(f, /^aws apigateway update-integration /, /^aws apigateway create-deployment /)
  })

  it('a non-Lambda URI that ends like the streaming one, or a Lambda buffered URI: pass', () => {
    expect(
      run(withIntegration({ type: 'HTTP_PROXY', uri: 'https://backend/x/response-streaming-invocations' }))
        .status,
    ).toBe('pass')
    expect(run(withIntegration({ uri: `${STREAMING_URI}/more` })).status).toBe('pass')
  })

  it('the API id unknown: API_ID in the fix', () => {
    const s = withIntegration({ uri: STREAMING_URI })
    delete s.target.apiId
    expectFinding(run(s), 'warn', {
      fix: ['update-integration --rest-api-id API_ID', 'create-deployment --rest-api-id API_ID'],
    })
  })
})

describe('handler.response-streaming, STREAM', () => {
  it('a streaming Lambda: pass naming the limits (15 min, 5 min idle on a private endpoint, 2 MB/s)', () => {
    const f = run(streaming())
    expectFinding(f, 'pass', {
      summary: [
        'GET /items streams',
        'up to 15 min (the integration timeout; 15 min at most)',
        'after 5 min without a byte (private endpoint)',
        '2 MB/s',
      ],
    })
    expect(evidenceText(f)).toContain('-m/--max-time below 15 min')
    expect(evidenceText(f)).toContain('responseTransferMode STREAM, timeoutInMillis 900000')
  })

  it('the timeout unset: the default 29 s bounds the stream, and the summary says so', () => {
    const f = run(streaming({ timeoutInMillis: undefined }))
    expectFinding(f, 'pass', { summary: ['up to 29 s (the integration timeout, default;'] })
  })

  it('a timeout above 15 minutes: 15 min at most', () => {
    expectFinding(run(streaming({ timeoutInMillis: 1_200_000 })), 'pass', {
      summary: ['up to 15 min (the integration timeout;'],
    })
  })

  it('an edge-optimized API: 30 s idle limit', () => {
    const s = streaming()
    val(s.api.restApi).endpointTypes = ['EDGE']
    expectFinding(run(s), 'pass', { summary: ['after 30 s without a byte (edge-optimized endpoint)'] })
  })

  it('the API unreadable: judged as private', () => {
    const s = streaming()
    s.api.restApi = denied('apigateway:GET')
    expectFinding(run(s), 'pass', { summary: ['after 5 min without a byte (private endpoint)'] })
  })

  it('STREAM on a non-proxy integration: warn naming its type; the fix sets BUFFERED', () => {
    const f = run(streaming({ type: 'HTTP', uri: 'https://backend.example.internal/items' }))
    expectFinding(f, 'warn', {
      summary: ['this one is HTTP'],
      resource: 'res0000001',
      fix: [
        '--resource-id res0000001 --http-method GET',
        '"op":"replace","path":"/responseTransferMode","value":"BUFFERED"',
        'create-deployment',
      ],
    })
    expectFixLines(
      f,
      /^# switch the integration/,
      /^aws apigateway update-integration /,
      /^aws apigateway create-deployment /,
    )
    expect(run(streaming({ type: undefined })).summary).toContain('of no type')
  })

  it('HTTP_PROXY streams', () => {
    expect(run(streaming({ type: 'HTTP_PROXY', uri: 'https://backend.example.internal/items' })).status).toBe(
      'pass',
    )
  })

  it('STREAM with the buffered Lambda URI: warn; the fix sets the streaming URI in the same partition and region', () => {
    const f = run(streaming({ uri: BUFFERED_URI }))
    expectFinding(f, 'warn', {
      summary: ['streams (STREAM)', FN],
      resource: 'res0000001',
      fix: [
        `"op":"replace","path":"/uri","value":"arn:aws:apigateway:${REGION}:lambda:path/2021-11-15/functions/${FN}/response-streaming-invocations"`,
        'create-deployment',
      ],
    })
    expectFixLines(f, /^aws apigateway update-integration /, /^aws apigateway create-deployment /)
    const cn = `arn:aws-cn:lambda:cn-north-1:${B}:function:orders-api`
    const other = run(
      streaming({
        uri: `arn:aws-cn:apigateway:cn-north-1:lambda:path/2015-03-31/functions/${cn}/invocations`,
      }),
    )
    expect(other.fix).toContain(
      `"value":"arn:aws-cn:apigateway:cn-north-1:lambda:path/2021-11-15/functions/${cn}/response-streaming-invocations"`,
    )
  })

  it('a Lambda URI without the arn:…:apigateway: prefix: the region and partition of the target', () => {
    const f = run(streaming({ uri: `x/functions/${FN}/invocations` }))
    expectFinding(f, 'warn', {
      fix: [`"value":"arn:aws:apigateway:${REGION}:lambda:path/2021-11-15/functions/${FN}/`],
    })
    // An apigateway ARN later in the URI is not its prefix.
    const inner = run(
      streaming({
        uri: `x/arn:aws-cn:apigateway:eu-west-1:lambda:path/2015-03-31/functions/${FN}/invocations`,
      }),
    )
    expectFinding(inner, 'warn', {
      fix: [`"value":"arn:aws:apigateway:${REGION}:lambda:path/2021-11-15/functions/${FN}/`],
    })
  })
})

describe('handler.response-streaming and --probe', () => {
  it('requests cut after TLS on the same path: warn counting them and naming the probe timeout', () => {
    const s = withProbe(streaming(), [
      cut('signed', ENI_A_IP),
      mat403('unsigned', ENI_B_IP),
      cut('eni', ENI_B_IP),
    ])
    const f = run(s)
    expectFinding(f, 'warn', {
      summary: ['2 --probe requests timed out', '--probe-timeout (5 s)'],
      resource: 'res0000001',
      fix: ['# no AWS API change', `# pvapi call https://`, '--probe-path'],
      evidence: [
        `probe signed to ${ENI_A_IP}: timed out after 5000 ms (${ENI_A_IP})`,
        `probe eni to ${ENI_B_IP}:`,
      ],
    })
    expect(evidenceText(f)).not.toContain(`probe unsigned`)
    expectFixLines(f, /^# no AWS API change/, /^# pvapi call /, /^# or probe a path .*--probe-path/)
    expect(f.fix!.split('\n')).toHaveLength(3)
  })

  it('one request cut: singular; a cut with no kind, address or message says so', () => {
    const a = { ...cut('signed', ENI_A_IP), address: '' } as Record<string, unknown>
    delete a.kind
    delete a.message
    const f = run(withProbe(streaming(), [a as unknown as ProbeAttemptFacts]))
    expectFinding(f, 'warn', {
      summary: ['1 --probe request timed out'],
      evidence: ['probe request to ?: timeout'],
    })
  })

  it('a query string on the probed path is the same path', () => {
    const f = run(withProbe(streaming(), [cut('signed', ENI_A_IP)], { path: '/prod/items?x=1' }))
    expect(f.status).toBe('warn')
  })

  it('a probe of another path: pass, and no probe note', () => {
    const f = run(withProbe(streaming(), [cut('signed', ENI_A_IP)], { path: '/prod/health' }))
    expect(f.status).toBe('pass')
    expect(evidenceText(f)).not.toContain('--probe waited')
  })

  it('a probe of the path with no cut request: pass, noting the probe timeout bounds the answer', () => {
    const f = run(withProbe(streaming(), [ok200('signed', ENI_A_IP), failed('signed', ENI_B_IP, 28)]))
    expectFinding(f, 'pass', { evidence: ['--probe waited at most 5 s per request'] })
  })

  it('a probe timeout at least as long as the stream: nothing to say', () => {
    const f = run(withProbe(streaming({ timeoutInMillis: 5000 }), [cut('signed', ENI_A_IP)]))
    expect(f.status).toBe('pass')
    expect(evidenceText(f)).not.toContain('--probe waited')
    const longer = run(withProbe(streaming(), [cut('signed', ENI_A_IP)], { timeoutMs: 900_000 }))
    expect(longer.status).toBe('pass')
  })

  it('a probe with no timeout recorded: nothing to say', () => {
    const s = withProbe(streaming(), [cut('signed', ENI_A_IP)])
    delete (val(s.probe) as { timeoutMs?: number }).timeoutMs
    expect(run(s).status).toBe('pass')
  })

  it('a probe of a path with no path recorded counts as the same path', () => {
    const s = withProbe(streaming(), [cut('signed', ENI_A_IP)])
    delete (val(s.probe) as { path?: string }).path
    expect(run(s).status).toBe('warn')
  })

  it('a BUFFERED method probed: no probe reading', () => {
    expect(run(withProbe(healthy(), [cut('signed', ENI_A_IP)])).status).toBe('pass')
  })
})

describe('handler.response-streaming, when it cannot tell', () => {
  it('no such method: skipped; resources unreadable: unknown naming the API credentials; no integration: skipped', () => {
    const s = healthy()
    s.target.resourcePath = '/nothing'
    expect(run(s).status).toBe('skipped')
    const d = healthy()
    d.api.resources = denied('apigateway:GET')
    const u = run(d)
    expectFinding(u, 'unknown', { summary: ['responseTransferMode'] })
    expect(u.missing?.join(' ')).toContain('--api-profile/--api-role-arn')
    const n = healthy()
    delete (val(n.api.resources).find(r => r.path === '/items')!.methods.GET as { integration?: unknown })
      .integration
    expectFinding(run(n), 'skipped', { summary: ['no integration'] })
  })
})
