/**
 * `pvapi doctor --probe` at the command line: its flags, the offline rule (a snapshot is
 * re-judged only with the probe results it holds), and one live run of the built CLI against
 * loopback AWS, DNS and API Gateway fakes, one of the endpoint's ENIs black-holed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOAD_SLACK_MS } from '../helpers/load-slack.js'
import { defaultWorld, startFakeAws } from '../aws/fake-aws-endpoint.mjs'
import { healthy } from '../doctor/builders.js'
import { runMain } from '../doctor/run-main.js'
import { startLoopbackDns } from '../helpers/loopback-dns.js'
import { cliEnv, runCli } from '../helpers/run-cli.js'
import { startFakeGateway, type FakeGateway } from '../support/fake-gateway.js'
import { startFaultServer, type FaultServer } from '../support/fault-servers.js'
import { allGood, withProbe } from './facts.js'

const dir = mkdtempSync(join(tmpdir(), 'pvapi-probe-cli-'))
const plain = join(dir, 'plain.json')
const probed = join(dir, 'probed.json')
writeFileSync(plain, JSON.stringify(healthy()))
writeFileSync(probed, JSON.stringify(withProbe(healthy(), allGood())))

describe('flags', () => {
  it('--probe with a snapshot that holds no probe results is refused (probing needs the network)', async () => {
    const r = await runMain(['doctor', '--snapshot', plain, '--probe'])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/--probe sends live requests, and .* holds no probe results to replay/)
  })
  it('a snapshot with probe results is reconciled, with or without --probe', async () => {
    for (const args of [
      ['doctor', '--snapshot', probed, '--format', 'json'],
      ['doctor', '--snapshot', probed, '--probe', '--format', 'json'],
    ]) {
      const r = await runMain(args)
      expect(r.code, r.err).toBe(0)
      const j = JSON.parse(r.out)
      expect(j.probe.attempts).toHaveLength(4)
      expect(
        j.findings
          .filter((f: { id: string }) => f.id.startsWith('probe.'))
          .map((f: { status: string }) => f.status),
      ).toEqual(['pass', 'pass', 'pass', 'pass', 'pass', 'pass', 'pass'])
    }
  })
  it('--probe-method/--probe-path/--probe-timeout need --probe, and are refused with --snapshot', async () => {
    expect((await runMain(['doctor', '--snapshot', probed, '--probe-method', 'GET'])).err).toMatch(
      /--probe-method needs --probe/,
    )
    const r = await runMain(['doctor', '--snapshot', probed, '--probe', '--probe-path', '/prod/health'])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/--probe-path cannot apply to it/)
  })
  it.each([
    [['--probe-method', 'G T'], /not an HTTP method/],
    [['--probe-path', 'prod/items'], /expected a path starting with \//],
    [['--probe-timeout', '0'], /--probe-timeout 0: expected a number of seconds/],
  ])('%j is a usage error', async (extra, message) => {
    const r = await runMain([
      'doctor',
      'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items',
      '--probe',
      ...extra,
    ])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(message)
  })
  it('--list-checks lists the probe checks with their hops', async () => {
    const r = await runMain(['doctor', '--list-checks'])
    expect(r.out).toMatch(/^5 {2}probe\.transit +rows 16,17,18/m)
    expect(r.out).toMatch(/^6 {2}probe\.resource-policy /m)
  })
})

describe('live: the built CLI against loopback AWS, DNS and API Gateway', () => {
  const KEY = {
    AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE01',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY',
  }
  const HOST = 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com'
  let hole: FaultServer
  let gw: FakeGateway
  let aws: Awaited<ReturnType<typeof startFakeAws>>
  let dns: Awaited<ReturnType<typeof startLoopbackDns>>
  const world = defaultWorld()

  beforeAll(async () => {
    hole = await startFaultServer('blackhole', { address: '127.0.0.9' })
    gw = await startFakeGateway({
      apis: [{ id: 'a1b2c3d4e5', routes: [{ method: 'GET', path: '/items' }] }],
      listen: [{ address: '127.0.0.2', vpceId: 'vpce-00000000000000001' }],
      port: hole.port,
    })
    gw.credentials.add(KEY.AWS_ACCESS_KEY_ID, {
      secretAccessKey: KEY.AWS_SECRET_ACCESS_KEY,
      principalArn: world.callerArn,
    })
    world.enis = [
      { id: 'eni-00000000000000001', subnet: 'subnet-00000000000000002', az: 'us-east-1a', ip: '127.0.0.2' },
      { id: 'eni-00000000000000002', subnet: 'subnet-00000000000000003', az: 'us-east-1b', ip: '127.0.0.9' },
    ]
    aws = await startFakeAws({ world })
    dns = await startLoopbackDns({ [HOST]: ['127.0.0.2'] })
  })
  afterAll(async () => {
    await gw?.close()
    await hole?.close()
    await aws?.close()
    await dns?.close()
  })

  it('probes signed, unsigned and each ENI; the black-holed zone is its own finding; the snapshot keeps the results without secrets', async () => {
    const ca = join(dir, 'ca.pem')
    writeFileSync(ca, gw.caPem)
    const saved = join(dir, 'live.json')
    const env = cliEnv({ ...KEY, AWS_ENDPOINT_URL: aws.url, NODE_EXTRA_CA_CERTS: ca })
    const url = `https://${HOST}:${hole.port}/prod/items`
    const r = await runCli(
      [
        'doctor',
        url,
        '--api-account',
        '222222222222',
        '--dns-server',
        dns.server,
        '--probe',
        '--probe-timeout',
        '1.5',
        '--format',
        'json',
        '--save-snapshot',
        saved,
      ],
      { env, timeoutMs: 30_000 },
    )
    expect(r.stderr).toMatch(/snapshot saved/)
    const j = JSON.parse(r.out)
    const byLabel = Object.fromEntries(j.probe.attempts.map((a: { label: string }) => [a.label, a]))
    expect(byLabel.signed).toMatchObject({ httpStatus: 200, address: '127.0.0.2', class: 'ok' })
    expect(byLabel.unsigned).toMatchObject({ httpStatus: 403, class: 'missing-auth-token' })
    expect(byLabel['ENI 127.0.0.2 (us-east-1a)']).toMatchObject({ httpStatus: 200 })
    expect(byLabel['ENI 127.0.0.9 (us-east-1b)']).toMatchObject({
      class: 'connect-timeout',
      exitCode: 28,
      hop: 5,
    })
    const transit = j.findings.find((f: { id: string }) => f.id === 'probe.transit')
    expect(transit).toMatchObject({
      status: 'fail',
      summary: expect.stringMatching(
        /one zone is cut off: 127\.0\.0\.9 in us-east-1b \(subnet-00000000000000003\)/,
      ),
    })
    expect(j.probe).toMatchObject({ method: 'GET', path: '/prod/items', vantage: { kind: 'unknown' } })
    // Only GET reached the gateway.
    expect(gw.requests.length).toBeGreaterThanOrEqual(3)
    expect(gw.requests.every(x => x.method === 'GET')).toBe(true)
    // The snapshot holds the results, redacted, and replays offline to the same probe findings.
    const text = readFileSync(saved, 'utf8')
    expect(text).not.toContain(KEY.AWS_SECRET_ACCESS_KEY)
    expect(text).not.toMatch(/Signature=[0-9a-f]{64}/)
    expect(JSON.parse(text).probe.status).toBe('ok')
    const replay = await runMain(['doctor', '--snapshot', saved, '--probe', '--format', 'json'])
    const rj = JSON.parse(replay.out)
    expect(rj.findings.filter((f: { id: string }) => f.id.startsWith('probe.'))).toEqual(
      j.findings.filter((f: { id: string }) => f.id.startsWith('probe.')),
    )
    // Text and Markdown carry the section too.
    const md = await runMain(['doctor', '--snapshot', saved, '--format', 'markdown'])
    expect(md.out).toMatch(/### Live probe/)
    const txt = await runMain(['doctor', '--snapshot', saved])
    expect(txt.out).toMatch(/Live probe: GET \/prod\/items/)
    // Bounded: collection plus one probe round of at most 1.5 s (+ process start-up).
    expect(r.ms).toBeLessThan(1500 + 1000 + LOAD_SLACK_MS)
  })
})
