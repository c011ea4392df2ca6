/**
 * Every SDK client pvapi builds (doctor readers, STS for roles and whoami, the --vpce lookup)
 * takes its limits from request-limits.ts. Against an endpoint that accepts and never answers,
 * a request ends at the answer timeout: smithy's requestTimeout alone only logs a warning.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { DEFAULT_AWS_LIMITS, sdkLimits, tagEndpointErrors } from '../../src/aws/request-limits.js'
import { startFaultServer, type FaultServer } from '../support/fault-servers.js'

let hole: FaultServer
beforeAll(async () => {
  hole = await startFaultServer('blackhole')
})
afterAll(async () => hole?.close())

it('defaults: 3 s to connect, 10 s to answer, errors on a request timeout', () => {
  expect(DEFAULT_AWS_LIMITS).toMatchObject({ connectTimeoutMs: 3000, readTimeoutMs: 10000 })
  expect(sdkLimits().requestHandler).toEqual({
    connectionTimeout: 3000,
    requestTimeout: 10000,
    socketTimeout: 10000,
    throwOnRequestTimeout: true,
  })
})

it('a silent endpoint: TimeoutError at the answer timeout, naming the endpoint', async () => {
  const client = new STSClient({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${hole.port}`,
    credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' },
    ...sdkLimits({ connectTimeoutMs: 1000, readTimeoutMs: 500, maxAttempts: 1 }),
  })
  tagEndpointErrors(client)
  const started = performance.now()
  const err = await client.send(new GetCallerIdentityCommand({})).catch((e: unknown) => e)
  const ms = performance.now() - started
  client.destroy()
  console.log(`silent STS endpoint: TimeoutError after ${Math.round(ms)} ms (limit 500 ms)`)
  expect(err).toMatchObject({ name: 'TimeoutError', $pvapiEndpoint: `127.0.0.1:${hole.port}` })
  expect(ms).toBeLessThan(10_000)
}, 20_000)
