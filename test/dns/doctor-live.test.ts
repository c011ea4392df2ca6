/**
 * A live `pvapi doctor` run, in-process through main(), against the loopback AWS-compatible
 * endpoint (AWS_ENDPOINT_URL) and the loopback DNS server (--dns-server 127.0.0.1:PORT): the
 * SDK clients, their (de)serialisation, the signed JSON calls and the DNS path, end to end.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { defaultWorld, startFakeAws } from '../aws/fake-aws-endpoint.mjs'
import { runMain } from '../doctor/run-main.js'
import { startFakeDns } from './fake-dns-server.mjs'

const HOST = 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com'
const URL_ = `https://${HOST}/prod/items`
const KEY = {
  AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE01',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY',
}

let dns: Awaited<ReturnType<typeof startFakeDns>>
let aws: Awaited<ReturnType<typeof startFakeAws>> | undefined
const saved = process.env.AWS_ENDPOINT_URL

beforeAll(async () => {
  dns = await startFakeDns({ [HOST]: { A: ['10.0.2.10', '10.0.3.10'] } })
})
afterAll(async () => {
  await dns.close()
  process.env.AWS_ENDPOINT_URL = saved
})
afterEach(async () => {
  await aws?.close()
  aws = undefined
})

async function doctor(extra: string[] = [], world = defaultWorld()) {
  aws = await startFakeAws({ world })
  // The SDK reads its endpoint from the process environment.
  process.env.AWS_ENDPOINT_URL = aws.url
  const args = [
    'doctor',
    URL_,
    '--vpc',
    'vpc-00000000000000001',
    '--subnet',
    'subnet-00000000000000001',
    '--caller-sg',
    'sg-00000000000000001',
    '--caller-ip',
    '10.0.1.15',
    '--api-account',
    '222222222222',
    '--dns-server',
    `127.0.0.1:${dns.port}`,
    ...extra,
  ]
  return runMain(args, { ...KEY, AWS_ENDPOINT_URL: aws.url })
}

describe('live doctor against loopback AWS and DNS', () => {
  it('passes every hop of the healthy world, resolving through --dns-server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pvapi-live-'))
    const file = join(dir, 'snap.json')
    const r = await doctor(['--format', 'json', '--save-snapshot', file])
    expect(r.err).toMatch(/snapshot saved/)
    const j = JSON.parse(r.out)
    expect(
      j.findings.filter((f: { status: string }) => f.status === 'fail' || f.status === 'unknown'),
    ).toEqual([])
    expect(r.code).toBe(0)
    expect(dns.queries).toContain(`A ${HOST}`)
    const dnsFinding = j.findings.find((f: { id: string }) => f.id === 'dns.private-resolution')
    expect(dnsFinding.status).toBe('pass')
    // The clock came from the Date header of a real STS answer.
    expect(j.findings.find((f: { id: string }) => f.id === 'signing.clock-skew').status).toBe('pass')
    // The saved snapshot has no secret and replays to the same verdict.
    const text = readFileSync(file, 'utf8')
    expect(text).not.toContain(KEY.AWS_SECRET_ACCESS_KEY)
    const replay = await runMain(['doctor', '--snapshot', file, '--format', 'json'])
    expect(replay.code).toBe(0)
    expect(JSON.parse(replay.out).verdict).toEqual(j.verdict)
  })

  it('an NXDOMAIN from the given server fails hop 2', async () => {
    aws = await startFakeAws()
    process.env.AWS_ENDPOINT_URL = aws.url
    // An API id the server has no record for.
    const other = await runMain(
      [
        'doctor',
        'https://zz9y8x7w6v.execute-api.us-east-1.amazonaws.com/prod/items',
        '--vpc',
        'vpc-00000000000000001',
        '--caller-sg',
        'sg-00000000000000001',
        '--subnet',
        'subnet-00000000000000001',
        '--api-account',
        '222222222222',
        '--dns-server',
        `127.0.0.1:${dns.port}`,
        '--format',
        'json',
      ],
      { ...KEY, AWS_ENDPOINT_URL: aws!.url },
    )
    const j = JSON.parse(other.out)
    expect(j.findings.find((f: { id: string }) => f.id === 'dns.private-resolution')).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(/NXDOMAIN/),
    })
    expect(other.code).toBe(1)
  })

  it('account B denied: hops 6-8 are unknown and name apigateway:GET (exit 3)', async () => {
    const world = defaultWorld()
    world.deny = [
      'APIGatewayClient.GetRestApi',
      'APIGatewayClient.GetStages',
      'APIGatewayClient.GetResources',
      'APIGatewayClient.GetAuthorizers',
      'APIGatewayClient.GetUsagePlans',
      'CloudTrail_20131101.LookupEvents',
    ]
    const r = await doctor(['--format', 'json'], world)
    const j = JSON.parse(r.out)
    expect(j.verdict.status).toBe('incomplete')
    expect(r.code).toBe(3)
    expect(JSON.stringify(j.verdict.unknowns)).toMatch(/apigateway:GET/)
    expect(JSON.stringify(j.verdict.unknowns)).toMatch(/cloudtrail:LookupEvents/)
  })

  it('EC2 denied: the network hops are unknown and name the ec2 permission', async () => {
    const world = defaultWorld()
    world.deny = ['EC2Client.DescribeSecurityGroupRules']
    const r = await doctor(['--format', 'json'], world)
    const j = JSON.parse(r.out)
    expect(j.findings.find((f: { id: string }) => f.id === 'sg.caller-egress-443')).toMatchObject({
      status: 'unknown',
      missing: ['ec2:DescribeSecurityGroupRules'],
    })
    expect(r.code).toBe(3)
  })
})
