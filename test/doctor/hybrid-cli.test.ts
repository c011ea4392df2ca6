/**
 * `doctor --caller-cidr CIDR --from-vpc VPC` (an on-premises caller): each flag needs the other,
 * neither goes with a flag that puts the caller in a VPC, and a malformed value is exit 2 with
 * one line before any AWS call (AWS_ENDPOINT_URL points at a closed port: a read would be an
 * unknown, not a usage error). Then a live run against the loopback AWS and DNS fakes: the
 * flags reach collection, the hybrid checks run, and the checks about the caller's own subnet,
 * SG and DHCP skip.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeAws } from '../aws/fake-aws-endpoint.mjs'
import { startFakeDns } from '../dns/fake-dns-server.mjs'
import { runMain } from './run-main.js'
import { HYBRID_SCENARIOS } from './scenario-defs-hybrid.js'

const HOST = 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com'
const U = `https://${HOST}/prod/items`
const VPC = 'vpc-00000000000000001'
const KEY = {
  AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE01',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY',
}
const CLOSED = { ...KEY, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' }

describe('doctor --caller-cidr / --from-vpc usage', () => {
  it.each([
    [
      '--caller-cidr without --from-vpc',
      ['--caller-cidr', '192.168.10.0/24'],
      /^pvapi: --caller-cidr needs --from-vpc/,
    ],
    ['--from-vpc without --caller-cidr', ['--from-vpc', VPC], /^pvapi: --from-vpc .* needs --caller-cidr/],
    [
      '--caller-cidr with --subnet',
      ['--caller-cidr', '192.168.10.0/24', '--from-vpc', VPC, '--subnet', 'subnet-00000000000000001'],
      /^pvapi: --caller-cidr describes an on-premises caller; --subnet places the caller inside a VPC/,
    ],
    [
      '--caller-cidr with --lambda and --caller-ip',
      ['--caller-cidr', '192.168.10.0/24', '--from-vpc', VPC, '--lambda', 'f', '--caller-ip', '10.0.0.5'],
      /--lambda, --caller-ip place the caller inside a VPC/,
    ],
    [
      'a prefix length over 32',
      ['--caller-cidr', '192.168.10.0/33', '--from-vpc', VPC],
      /^pvapi: --caller-cidr "192.168.10.0\/33": expected an IPv4 CIDR block/,
    ],
    [
      'an address without a prefix',
      ['--caller-cidr', '192.168.10.5', '--from-vpc', VPC],
      /expected an IPv4 CIDR block/,
    ],
    [
      'a malformed VPC id',
      ['--caller-cidr', '192.168.10.0/24', '--from-vpc', 'vpcX'],
      /^pvapi: --from-vpc "vpcX": expected a VPC id/,
    ],
  ])('%s: exit 2, one line, no AWS call', async (_name, flags, error) => {
    const r = await runMain(['doctor', U, ...flags], CLOSED)
    expect(r.code).toBe(2)
    expect(r.err).toMatch(error)
    expect(r.out).toBe('')
  })

  it('with --snapshot, the live-only flags are refused, not ignored', async () => {
    const r = await runMain([
      'doctor',
      '--snapshot',
      'examples/doctor/healthy.json',
      '--caller-cidr',
      '192.168.10.0/24',
      '--from-vpc',
      VPC,
    ])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/--from-vpc, --caller-cidr cannot apply/)
  })

  it('--help documents both flags', async () => {
    const r = await runMain(['doctor', '--help'])
    // (commander wraps the descriptions to the terminal width)
    expect(r.out).toMatch(/--caller-cidr <cidr>\s+an on-premises caller \(Direct Connect or\s+VPN\)/)
    expect(r.out).toMatch(/--from-vpc <id>\s+with --caller-cidr: the VPC the\s+on-premises/)
  })
})

describe('a live run for an on-premises caller (loopback AWS and DNS)', () => {
  let dns: Awaited<ReturnType<typeof startFakeDns>>
  let aws: Awaited<ReturnType<typeof startFakeAws>>
  const saved = process.env.AWS_ENDPOINT_URL
  beforeAll(async () => {
    dns = await startFakeDns({ [HOST]: { A: ['10.0.2.10', '10.0.3.10'] } })
    aws = await startFakeAws()
    process.env.AWS_ENDPOINT_URL = aws.url
  })
  afterAll(async () => {
    process.env.AWS_ENDPOINT_URL = saved
    await dns.close()
    await aws.close()
  })

  it('reads the inbound endpoint of the entry VPC and says which addresses to forward to', async () => {
    const r = await runMain(
      [
        'doctor',
        U,
        '--caller-cidr',
        '192.168.10.0/24',
        '--from-vpc',
        VPC,
        '--api-account',
        '222222222222',
        '--dns-server',
        `127.0.0.1:${dns.port}`,
        '--format',
        'json',
      ],
      { ...KEY, AWS_ENDPOINT_URL: aws.url },
    )
    const j = JSON.parse(r.out) as { findings: Array<{ id: string; status: string; summary: string }> }
    const f = Object.fromEntries(j.findings.map(x => [x.id, x]))
    expect(f['dns.resolver-inbound']).toMatchObject({ status: 'pass' })
    expect(f['dns.resolver-inbound']!.summary).toContain('10.0.2.53, 10.0.3.53')
    for (const id of [
      'sg.caller-egress-443',
      'nacl.caller-subnet',
      'route.no-internet',
      'dns.dhcp-resolvers',
    ])
      expect(f[id]!.status, id).toBe('skipped')
    // The on-premises range is what the endpoint's NACL and SG are judged against.
    expect(f['nacl.endpoint-subnet']!.status).toBe('pass')
    expect(aws.calls).toContain('Route53Resolver.ListResolverEndpoints')
    expect(aws.calls).toContain('Route53.ListHostedZonesByVPC')
  })
})

describe('a saved hybrid snapshot replays in every format', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pvapi-hybrid-'))
  const file = join(dir, 'tgw-referencing-off.json')
  writeFileSync(
    file,
    JSON.stringify(HYBRID_SCENARIOS.find(x => x.name === 'hybrid-vpc-tgw-referencing-off')!.build()),
  )

  it.each(['text', 'json', 'markdown'])(
    '--format %s: exit 1 at sg.cross-vpc-reference, with the fix',
    async format => {
      const r = await runMain(['doctor', '--snapshot', file, '--format', format])
      expect(r.code).toBe(1)
      expect(r.out).toContain('sg.cross-vpc-reference')
      expect(r.out).toContain('tgw-00000000000000001')
      expect(r.out).toContain('authorize-security-group-ingress --group-id sg-00000000000000002')
      if (format === 'json')
        expect(JSON.parse(r.out).verdict).toMatchObject({
          status: 'fail',
          hop: 3,
          check: 'sg.cross-vpc-reference',
        })
    },
  )
})
