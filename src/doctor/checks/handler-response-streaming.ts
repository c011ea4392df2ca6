import { patchOps, redeployLines, regionFlag } from '../check-helpers.js'
import { pass, skipped, unknownFrom, warn, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'
import { lambdaArnOfUri } from './handler-integration.js'

/**
 * API Gateway's limits on a streamed answer (REST, `responseTransferMode: STREAM`, Nov 2025):
 * at most 15 minutes in all; closed after 5 minutes without a byte on Regional and private
 * endpoints (30 s on edge-optimized ones); the first 10 MB at full speed, the rest at 2 MB/s.
 */
const STREAM_MAX_MS = 15 * 60_000
const IDLE_MS = 5 * 60_000
const EDGE_IDLE_MS = 30_000
/** The integration timeout when `timeoutInMillis` is not set. */
const DEFAULT_TIMEOUT_MS = 29_000
/** Only proxy integrations stream. */
const STREAMING_TYPES = new Set(['HTTP_PROXY', 'AWS_PROXY'])

const duration = (ms: number): string =>
  ms >= 60_000 && ms % 60_000 === 0
    ? `${ms / 60_000} min`
    : ms >= 1000
      ? `${Math.round(ms / 100) / 10} s`
      : `${ms} ms`

/**
 * Hop 8: how the integration answers. A STREAM integration may answer for up to 15 minutes, so
 * the limits that matter are API Gateway's (the total, and the 5-minute idle limit on private
 * endpoints) and the client's own: `pvapi call` writes the body as it arrives and sets no limit
 * unless given `-m`; `--probe` waits `--probe-timeout` for a whole answer. A Lambda function
 * streams only through InvokeWithResponseStream (`…/response-streaming-invocations`).
 */
export const handlerResponseStreaming: Check = {
  id: 'handler.response-streaming',
  hop: 8,
  title: "the integration's response transfer mode (STREAM or BUFFERED) and the time limits of its answer",
  rows: [],
  run(s, d) {
    if (d.method.status === 'not-found') return skipped('no method to inspect (see handler.route-exists)')
    if (d.method.status !== 'ok')
      return unknownFrom("the method's integration (responseTransferMode)", d.method, [
        '--api-profile/--api-role-arn',
      ])
    const { method, matchedAs, resource } = d.method.value
    const integ = method.integration
    if (!integ) return skipped('the method has no integration (see handler.integration)')
    const where = `${matchedAs} ${resource.path}`
    const apiId = d.apiId ?? 'API_ID'
    // Stryker disable next-line all: a readable method implies a readable route (derive.ts)
    const stage = d.route.status === 'ok' ? d.route.value.stage : undefined
    const streaming = integ.responseTransferMode === 'STREAM'
    const timeoutMs = integ.timeoutInMillis ?? DEFAULT_TIMEOUT_MS
    const fn = lambdaArnOfUri(integ.uri)
    const streamingUri = /\/response-streaming-invocations$/.test(integ.uri ?? '')
    const described = `integration ${integ.type ?? '?'}${integ.uri ? ` ${integ.uri}` : ''}, responseTransferMode ${integ.responseTransferMode ?? 'BUFFERED (default)'}, timeoutInMillis ${integ.timeoutInMillis ?? `${DEFAULT_TIMEOUT_MS} (default)`}`
    const update = (ops: Array<{ op: string; path: string; value: string }>) =>
      `aws apigateway update-integration --rest-api-id ${apiId} --resource-id ${resource.id} --http-method ${matchedAs} ${patchOps(ops)} ${regionFlag(s)}`

    if (!streaming) {
      // The URI of InvokeWithResponseStream with a buffered integration: someone half-switched.
      if (fn && streamingUri)
        return warn(
          `${where} calls ${fn} through InvokeWithResponseStream (…/response-streaming-invocations) but its integration is BUFFERED: API Gateway expects the streaming response format only with responseTransferMode STREAM`,
          [
            update([{ op: 'replace', path: '/responseTransferMode', value: 'STREAM' }]),
            ...redeployLines(s, apiId, stage),
          ].join('\n'),
          [described],
          resource.id,
        )
      return pass(
        `${where} answers BUFFERED: API Gateway sends the answer once the backend has finished, within the integration timeout of ${duration(timeoutMs)}`,
        [described],
      )
    }

    const edge = valueOf(s.api.restApi)?.endpointTypes.includes('EDGE') ?? false
    const idleMs = edge ? EDGE_IDLE_MS : IDLE_MS
    // A streamed answer may last as long as the integration timeout allows, 15 minutes at most
    // (the default 29 s applies until timeoutInMillis is raised).
    const maxMs = Math.min(timeoutMs, STREAM_MAX_MS)
    const limits = `up to ${duration(maxMs)} (the integration timeout${integ.timeoutInMillis === undefined ? ', default' : ''}; 15 min at most), and API Gateway ends it after ${duration(idleMs)} without a byte (${edge ? 'edge-optimized' : 'private'} endpoint); past 10 MB it is sent at 2 MB/s`
    const evidence = [
      described,
      `pvapi call writes the body as it arrives (stdout and -o) and sets no time limit of its own: a -m/--max-time below ${duration(maxMs)} ends a long answer early (exit 28)`,
    ]

    if (!STREAMING_TYPES.has(integ.type ?? ''))
      return warn(
        `${where} is set to STREAM, but only HTTP_PROXY and AWS_PROXY integrations stream (this one is ${integ.type ?? 'of no type'}): expect the answer to arrive whole`,
        [
          `# switch the integration to a proxy type (HTTP_PROXY or AWS_PROXY), or set the mode back to BUFFERED:`,
          update([{ op: 'replace', path: '/responseTransferMode', value: 'BUFFERED' }]),
          ...redeployLines(s, apiId, stage),
        ].join('\n'),
        evidence,
        resource.id,
      )
    if (fn && !streamingUri) {
      const region = integ.uri?.match(/^arn:[^:]+:apigateway:([^:]+):/)?.[1] ?? s.target.region
      const partition = integ.uri?.match(/^arn:([^:]+):/)?.[1] ?? 'aws'
      return warn(
        `${where} streams (STREAM), but calls ${fn} through …/invocations: API Gateway streams a Lambda function's answer only through InvokeWithResponseStream (…/2021-11-15/functions/…/response-streaming-invocations), and the function must write the streaming format`,
        [
          update([
            {
              op: 'replace',
              path: '/uri',
              value: `arn:${partition}:apigateway:${region}:lambda:path/2021-11-15/functions/${fn}/response-streaming-invocations`,
            },
          ]),
          ...redeployLines(s, apiId, stage),
        ].join('\n'),
        evidence,
        resource.id,
      )
    }

    // --probe waits --probe-timeout for the whole answer: a stream that outlasts it ends as a
    // timeout after TCP and TLS succeeded, which is not a network failure.
    const probe = valueOf(s.probe)
    if (probe?.timeoutMs !== undefined && probe.timeoutMs < maxMs) {
      const samePath = probe.path === undefined || probe.path.split('?')[0] === s.target.urlPath.split('?')[0]
      const cut = probe.attempts.filter(a => a.exitCode === 28 && a.tls === 'ok')
      if (samePath && cut.length > 0)
        return warn(
          `${where} streams its answer (${limits}); ${cut.length} --probe request${cut.length === 1 ? '' : 's'} timed out after the TLS handshake: most likely the stream outlasted --probe-timeout (${duration(probe.timeoutMs)}), which bounds the whole answer, not a network failure`,
          [
            `# no AWS API change: read these probe timeouts as "still streaming"; to see the whole answer, call it without a short limit:`,
            `# pvapi call ${s.target.url} -o answer.bin -w '%{http_code} %{time_starttransfer} %{time_total}\\n'`,
            `# or probe a path that answers quickly: --probe-path /PATH`,
          ].join('\n'),
          [
            ...evidence,
            ...cut.map(a => `probe ${a.kind ?? 'request'} to ${a.address || '?'}: ${a.message ?? 'timeout'}`),
          ],
          resource.id,
        )
      if (samePath)
        evidence.push(
          `--probe waited at most ${duration(probe.timeoutMs)} per request (--probe-timeout): a streamed answer that lasts longer ends there as a timeout (28)`,
        )
    }
    return pass(`${where} streams its answer (responseTransferMode STREAM): ${limits}`, evidence)
  },
}
