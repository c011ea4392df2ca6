/**
 * The non-SDK reads: CloudTrail and Organizations over signed JSON 1.1 (policy-change filtering,
 * pagination, errors as the SDK shapes them) and IMDSv2 (token first), each against a loopback
 * server.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { attempt } from '../../src/aws/collect/attempt.js'
import { imdsPort } from '../../src/aws/doctor-imds.js'
import { cloudTrailPort, endpointFor, organizationsPort } from '../../src/aws/doctor-json-rpc.js'
import { CREDS } from './recorded.js'

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void
let close: (() => Promise<void>) | undefined
afterEach(async () => {
  await close?.()
  close = undefined
})

async function serve(handler: Handler): Promise<string> {
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', c => (body += c))
    req.on('end', () => handler(req, body, res))
  })
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
  close = () => new Promise(r => server.close(() => r()))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const event = (id: string, time: number, name: string, params: object) => ({
  EventId: id,
  EventName: name,
  EventTime: time,
  Username: 'ops',
  CloudTrailEvent: JSON.stringify({ requestParameters: params }),
})

describe('CloudTrail LookupEvents', () => {
  it('finds the latest policy change of this API across pages and event names, signed with SigV4', async () => {
    const seen: string[] = []
    const url = await serve((req, body, res) => {
      expect(req.headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=ASIAEXAMPLEEXAMPLE01\/\d{8}\/us-east-1\/cloudtrail\/aws4_request/,
      )
      expect(req.headers['x-amz-security-token']).toBe(CREDS.sessionToken)
      const b = JSON.parse(body) as { LookupAttributes: [{ AttributeValue: string }]; NextToken?: string }
      const name = b.LookupAttributes[0].AttributeValue
      seen.push(`${name}:${b.NextToken ?? ''}`)
      res.setHeader('content-type', 'application/x-amz-json-1.1')
      if (name === 'PutRestApi')
        return void res.end(
          JSON.stringify({ Events: [event('p1', 1736400000, 'PutRestApi', { restApiId: 'other00000' })] }),
        )
      if (!b.NextToken) {
        return void res.end(
          JSON.stringify({
            Events: [
              event('u1', 1736800000, 'UpdateRestApi', {
                restApiId: 'a1b2c3d4e5',
                patchOperations: [{ op: 'replace', path: '/description' }],
              }),
            ],
            NextToken: 'n2',
          }),
        )
      }
      res.end(
        JSON.stringify({
          Events: [
            event('u2', 1736500000, 'UpdateRestApi', {
              restApiId: 'a1b2c3d4e5',
              patchOperations: [{ op: 'replace', path: '/policy', value: '…' }],
            }),
          ],
        }),
      )
    })
    const port = cloudTrailPort('us-east-1', CREDS, { AWS_ENDPOINT_URL_CLOUDTRAIL: url })
    const r = await port.lastPolicyChange('a1b2c3d4e5', new Date('2024-10-17T00:00:00Z'))
    expect(r).toEqual({
      lastChange: {
        eventTime: new Date(1736500000 * 1000).toISOString(),
        eventName: 'UpdateRestApi',
        eventId: 'u2',
        user: 'ops',
      },
      since: '2024-10-17T00:00:00.000Z',
    })
    expect(seen.sort()).toEqual(['PutRestApi:', 'UpdateRestApi:', 'UpdateRestApi:n2'])
  })

  it('an AccessDeniedException becomes denied data through attempt()', async () => {
    const url = await serve((_req, _body, res) => {
      res.statusCode = 400
      res.setHeader('content-type', 'application/x-amz-json-1.1')
      res.end(
        JSON.stringify({
          __type: 'com.amazonaws.cloudtrail#AccessDeniedException',
          message: 'User: x is not authorized to perform: cloudtrail:LookupEvents',
        }),
      )
    })
    const port = cloudTrailPort('us-east-1', CREDS, { AWS_ENDPOINT_URL: url })
    expect(
      await attempt('cloudtrail:LookupEvents', () => port.lastPolicyChange('a1b2c3d4e5', new Date())),
    ).toMatchObject({ status: 'denied', action: 'cloudtrail:LookupEvents' })
  })
})

describe('Organizations DescribeOrganization', () => {
  it('returns the organization id, or null outside an organization', async () => {
    let inOrg = true
    const url = await serve((req, _body, res) => {
      expect(req.headers['x-amz-target']).toBe('AWSOrganizationsV20161128.DescribeOrganization')
      if (inOrg) return void res.end(JSON.stringify({ Organization: { Id: 'o-exampleorg1' } }))
      res.statusCode = 400
      res.end(JSON.stringify({ __type: 'AWSOrganizationsNotInUseException', Message: 'not in use' }))
    })
    const port = organizationsPort(CREDS, { AWS_ENDPOINT_URL_ORGANIZATIONS: url })
    expect(await port.organizationId()).toBe('o-exampleorg1')
    inOrg = false
    expect(await port.organizationId()).toBeNull()
  })

  it('honours AWS_ENDPOINT_URL_<SERVICE> over AWS_ENDPOINT_URL', () => {
    expect(
      endpointFor(
        { AWS_ENDPOINT_URL: 'http://a', AWS_ENDPOINT_URL_CLOUDTRAIL: 'http://b' },
        'CLOUDTRAIL',
        'https://c',
      ).href,
    ).toBe('http://b/')
    expect(endpointFor({ AWS_ENDPOINT_URL: 'http://a' }, 'CLOUDTRAIL', 'https://c').href).toBe('http://a/')
    expect(
      endpointFor(
        { AWS_ENDPOINT_URL: 'http://a', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' },
        'CLOUDTRAIL',
        'https://c',
      ).href,
    ).toBe('https://c/')
  })
})

describe('IMDSv2', () => {
  it('asks for a token, then reads the primary interface', async () => {
    const url = await serve((req, _body, res) => {
      if (req.method === 'PUT' && req.url === '/latest/api/token') {
        expect(req.headers['x-aws-ec2-metadata-token-ttl-seconds']).toBe('60')
        return void res.end('TOKEN123')
      }
      if (req.headers['x-aws-ec2-metadata-token'] !== 'TOKEN123') {
        res.statusCode = 401
        return void res.end()
      }
      const data: Record<string, string> = {
        '/latest/meta-data/instance-id': 'i-0123456789abcdef0',
        '/latest/meta-data/mac': '0a:00:00:00:00:01',
        '/latest/meta-data/network/interfaces/macs/0a:00:00:00:00:01/vpc-id': 'vpc-00000000000000001',
        '/latest/meta-data/network/interfaces/macs/0a:00:00:00:00:01/subnet-id': 'subnet-00000000000000001',
        '/latest/meta-data/network/interfaces/macs/0a:00:00:00:00:01/security-group-ids':
          'sg-00000000000000001\nsg-00000000000000003',
        '/latest/meta-data/network/interfaces/macs/0a:00:00:00:00:01/local-ipv4s': '10.0.1.15',
        '/latest/meta-data/network/interfaces/macs/0a:00:00:00:00:01/interface-id': 'eni-000000000000000c1',
      }
      const v = data[req.url ?? '']
      res.statusCode = v === undefined ? 404 : 200
      res.end(v ?? '')
    })
    const r = await imdsPort({ AWS_EC2_METADATA_SERVICE_ENDPOINT: url }).network()
    expect(r).toEqual({
      instanceId: 'i-0123456789abcdef0',
      vpcId: 'vpc-00000000000000001',
      subnetId: 'subnet-00000000000000001',
      securityGroupIds: ['sg-00000000000000001', 'sg-00000000000000003'],
      privateIps: ['10.0.1.15'],
      eniId: 'eni-000000000000000c1',
    })
  })

  it('refuses when IMDS is disabled', async () => {
    await expect(imdsPort({ AWS_EC2_METADATA_DISABLED: 'true' }).network()).rejects.toThrow(/disabled/)
  })
})
