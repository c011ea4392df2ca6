/**
 * Response streaming in the collectors: GetResources (embed=methods) carries each method's
 * integration with `responseTransferMode` and `timeoutInMillis` (SDK 3.1142 has both fields);
 * the reader keeps them, and a streaming Lambda integration (`…/response-streaming-invocations`)
 * still has its function's resource policy read for handler.integration.
 */
import { createServer, type Server } from 'node:http'
import { GetResourcesCommand } from '@aws-sdk/client-api-gateway'
import { GetPolicyCommand as GetLambdaPolicyCommand } from '@aws-sdk/client-lambda'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { collectSnapshot, type CollectRequest } from '../../src/aws/collect/collect.js'
import { apigwPort } from '../../src/aws/doctor-apigw.js'
import type { DoctorSnapshot } from '../../src/doctor/snapshot.js'
import { B, REGION, healthy } from '../doctor/builders.js'
import { CREDS, mockedPorts, recordedMocks } from './recorded.js'

const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${B}:function:orders-api`
const STREAMING_URI = `arn:aws:apigateway:${REGION}:lambda:path/2021-11-15/functions/${FUNCTION_ARN}/response-streaming-invocations`

describe('GetResources on the wire (the SDK deserializes the 2025 fields)', () => {
  let server: Server
  let endpoint: string
  const saved = process.env.AWS_ENDPOINT_URL
  beforeAll(async () => {
    // API Gateway's wire format (REST-JSON, lists named "item"), as recorded from a STREAM method.
    server = createServer((req, res) => {
      res.writeHead(req.url?.startsWith('/restapis/a1b2c3d4e5/resources') ? 200 : 404, {
        'content-type': 'application/json',
      })
      res.end(
        JSON.stringify({
          item: [
            {
              id: 'res0000001',
              path: '/chat',
              resourceMethods: {
                POST: {
                  httpMethod: 'POST',
                  authorizationType: 'AWS_IAM',
                  methodIntegration: {
                    type: 'AWS_PROXY',
                    httpMethod: 'POST',
                    uri: STREAMING_URI,
                    timeoutInMillis: 900000,
                    responseTransferMode: 'STREAM',
                  },
                },
                GET: {
                  httpMethod: 'GET',
                  authorizationType: 'AWS_IAM',
                  methodIntegration: { type: 'HTTP_PROXY', uri: 'https://backend.example.internal/chat' },
                },
              },
            },
          ],
        }),
      )
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`
    process.env.AWS_ENDPOINT_URL = endpoint
  })
  afterAll(async () => {
    process.env.AWS_ENDPOINT_URL = saved
    await new Promise<void>(resolve => server.close(() => resolve()))
  })

  it('keeps responseTransferMode and timeoutInMillis; absent means BUFFERED and the default timeout', async () => {
    const resources = await apigwPort(REGION, CREDS).resources('a1b2c3d4e5')
    const chat = resources.find(r => r.path === '/chat')
    expect(chat?.methods.POST?.integration).toEqual({
      type: 'AWS_PROXY',
      uri: STREAMING_URI,
      responseTransferMode: 'STREAM',
      timeoutInMillis: 900000,
    })
    expect(chat?.methods.GET?.integration).toEqual({
      type: 'HTTP_PROXY',
      uri: 'https://backend.example.internal/chat',
    })
  })
})

describe('collectSnapshot with a streaming Lambda integration (recorded answers)', () => {
  let mocks: ReturnType<typeof recordedMocks>
  beforeEach(() => {
    mocks = recordedMocks()
  })
  afterEach(() => mocks.reset())

  it("reads the function's resource policy for a …/response-streaming-invocations URI too", async () => {
    mocks.apigw.on(GetResourcesCommand).resolves({
      items: [
        { id: 'root000001', path: '/' },
        {
          id: 'res0000001',
          path: '/items',
          resourceMethods: {
            GET: {
              httpMethod: 'GET',
              authorizationType: 'AWS_IAM',
              apiKeyRequired: false,
              methodIntegration: {
                type: 'AWS_PROXY',
                uri: STREAMING_URI,
                responseTransferMode: 'STREAM',
                timeoutInMillis: 900000,
              },
            },
          },
        },
      ],
    })
    const h = healthy()
    const request: CollectRequest = {
      target: { ...(h.target as DoctorSnapshot['target']), apiAccount: B },
      signing: h.signing as DoctorSnapshot['signing'],
      credentials: {
        status: 'ok',
        value: { source: 'environment variables', kind: 'session', roleChain: [] },
      },
      apiReadWith: 'caller-credentials',
      network: { fromImds: true, subnetIds: [], securityGroupIds: [], privateIps: [] },
      assumesRoleInVpc: false,
      supplied: {},
      now: new Date('2025-01-15T12:00:00Z'),
      version: '0.1.0',
      secrets: [CREDS.secretAccessKey, CREDS.sessionToken],
      attempt: { sleep: async () => undefined },
    }
    const s = await collectSnapshot(request, mockedPorts())
    expect(s.api.integrationPermission).toMatchObject({ status: 'ok', value: { functionArn: FUNCTION_ARN } })
    expect(mocks.lambda.commandCalls(GetLambdaPolicyCommand)[0]?.args[0].input).toMatchObject({
      FunctionName: FUNCTION_ARN,
    })
    const items =
      s.api.resources.status === 'ok' ? s.api.resources.value.find(r => r.path === '/items') : undefined
    expect(items?.methods.GET?.integration).toMatchObject({
      responseTransferMode: 'STREAM',
      timeoutInMillis: 900000,
    })
  })
})
