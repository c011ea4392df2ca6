/**
 * Scenarios for response streaming (REST integrations with `responseTransferMode: STREAM`, Nov
 * 2025): the `handler.response-streaming` check passing, warning and unknown, and the Lambda
 * streaming URI (`…/response-streaming-invocations`) reaching `handler.integration`'s
 * permission check. Same shape and rules as scenario-defs.ts: expectations written by hand.
 */
import type { DoctorSnapshot } from '../../src/doctor/snapshot.js'
import { failed, mat403, withProbe } from '../probe/facts.js'
import { B, ENI_A_IP, ENI_B_IP, HOST, REGION, denied, healthy, val, type Draft } from './builders.js'
import { edit, set, pass, verdictIs } from './scenario-defs-kit.js'
import type { ScenarioDef } from './scenario-defs-kit.js'

const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${B}:function:orders-api`
const STREAMING_URI = `arn:aws:apigateway:${REGION}:lambda:path/2021-11-15/functions/${FUNCTION_ARN}/response-streaming-invocations`
const BUFFERED_URI = `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${FUNCTION_ARN}/invocations`

/** Changes the integration of GET /items. */
const integration = (s: Draft<DoctorSnapshot>, changes: Record<string, unknown>) => {
  for (const r of val(s.api.resources))
    if (r.path === '/items') Object.assign(r.methods.GET!.integration as object, changes)
}
const streamingLambda = (s: Draft<DoctorSnapshot>) =>
  integration(s, { uri: STREAMING_URI, responseTransferMode: 'STREAM', timeoutInMillis: 900_000 })

/** The signed and per-ENI probe requests ran out of --probe-timeout after TCP and TLS succeeded. */
const cutAfterTls = (kind: 'signed' | 'eni', address: string) =>
  failed(kind, address, 28, {
    tcp: 'connected',
    tls: 'ok',
    message: `timed out after 5000 ms: ${HOST} (${address}) port 443`,
  })

export const STREAM_SCENARIOS: readonly ScenarioDef[] = [
  {
    name: 'stream-lambda-healthy',
    description:
      'GET /items streams a Lambda function (STREAM, …/response-streaming-invocations, 15 min): the doctor reports the limits and passes',
    rows: [],
    build: edit(healthy, streamingLambda),
    expect: pass({ 'handler.response-streaming': 'pass', 'handler.integration': 'pass' }),
  },
  {
    name: 'stream-buffered-default',
    description: 'The healthy set-up (BUFFERED, the default): the check passes and says so',
    rows: [],
    build: healthy,
    expect: pass({ 'handler.response-streaming': 'pass' }),
  },
  {
    name: 'stream-lambda-permission-other-api',
    description:
      "A streaming Lambda integration whose function's resource policy lets API Gateway invoke it only for another API: the streaming URI is a Lambda integration too",
    rows: [39],
    build: edit(healthy, s => {
      streamingLambda(s)
      const perm = val(s.api.integrationPermission) as unknown as {
        policy: { Statement: Array<{ Condition: unknown }> }
      }
      perm.policy.Statement[0]!.Condition = {
        ArnLike: { 'AWS:SourceArn': `arn:aws:execute-api:${REGION}:${B}:zzzzzzzzzz/*/*/*` },
      }
    }),
    expect: verdictIs('fail', 8, 'handler.integration', {
      'handler.integration': 'fail',
      'handler.response-streaming': 'pass',
    }),
  },
  {
    name: 'stream-lambda-buffered-uri',
    description:
      'STREAM set on a Lambda integration that still calls …/invocations: a Lambda function streams only through InvokeWithResponseStream',
    rows: [],
    build: edit(healthy, s =>
      integration(s, { uri: BUFFERED_URI, responseTransferMode: 'STREAM', timeoutInMillis: 900_000 }),
    ),
    expect: pass({ 'handler.response-streaming': 'warn', 'handler.integration': 'pass' }),
  },
  {
    name: 'stream-uri-on-buffered-integration',
    description:
      'The …/response-streaming-invocations URI with a BUFFERED integration: half switched to streaming',
    rows: [],
    build: edit(healthy, s => integration(s, { uri: STREAMING_URI })),
    expect: pass({ 'handler.response-streaming': 'warn' }),
  },
  {
    name: 'stream-not-a-proxy-integration',
    description: 'STREAM on an HTTP (non-proxy) integration: only HTTP_PROXY and AWS_PROXY stream',
    rows: [],
    build: edit(healthy, s =>
      integration(s, {
        type: 'HTTP',
        uri: 'https://backend.example.internal/items',
        responseTransferMode: 'STREAM',
      }),
    ),
    expect: pass({ 'handler.response-streaming': 'warn' }),
  },
  {
    name: 'stream-probe-cut-by-timeout',
    description:
      'A streaming method probed with the default --probe-timeout (5 s): the signed requests time out after TLS. The probe reads that as the handler failing at run time; handler.response-streaming says the stream most likely outlasted the probe',
    rows: [],
    build: () => {
      const s = withProbe(healthy(), [
        cutAfterTls('signed', ENI_A_IP),
        mat403('unsigned', ENI_B_IP),
        cutAfterTls('eni', ENI_A_IP),
        cutAfterTls('eni', ENI_B_IP),
      ])
      streamingLambda(s)
      return s
    },
    // --probe bounds the whole answer: it cannot tell a stream still running from a backend
    // that never answers (the head it received is not kept), hence probe.handler's failure.
    expect: verdictIs('fail', 8, 'probe.handler', {
      'handler.response-streaming': 'warn',
      'probe.transit': 'pass',
    }),
  },
  {
    name: 'stream-resources-unreadable',
    description:
      "The API's resources cannot be read (apigateway:GET denied on them): the transfer mode is unknown",
    rows: [],
    build: set(healthy, s => s.api, { resources: denied('apigateway:GET') }),
    // The first unknown in request order: the method's authorization type (hop 6).
    expect: verdictIs('incomplete', 6, 'apigw.resource-policy-principal-auth', {
      'handler.response-streaming': 'unknown',
      'handler.route-exists': 'unknown',
    }),
  },
]
