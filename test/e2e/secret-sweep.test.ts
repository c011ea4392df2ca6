import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeGateway, type FakeGateway } from '../support/fake-gateway.js'
import { TEMP, envFor, runCli, tempFiles } from '../helpers/run-cli.js'

// Every command and path that prints, with known fake credentials: the secret key never
// appears; the session token and a raw signature appear only where `pvapi sign` must print them.
const API = 'abc1234567'
const HOST = `${API}.execute-api.us-east-1.amazonaws.com`
let gw: FakeGateway
let wrong: FakeGateway
let dir: string

beforeAll(async () => {
  gw = await startFakeGateway({ apis: [{ id: API }] })
  gw.credentials.add(TEMP.accessKeyId, {
    secretAccessKey: TEMP.secretAccessKey,
    sessionToken: TEMP.sessionToken,
    principalArn: TEMP.arn,
  })
  // A gateway that knows another secret for this key: it answers InvalidSignatureException and,
  // like API Gateway, quotes the canonical string (with the session token) in the body.
  wrong = await startFakeGateway({ apis: [{ id: API }] })
  wrong.credentials.add(TEMP.accessKeyId, {
    secretAccessKey: 'a-different-secret-key-0000000000000000',
    sessionToken: TEMP.sessionToken,
    principalArn: TEMP.arn,
  })
  dir = tempFiles({ 'ca.pem': gw.caPem })
})
afterAll(async () => {
  await gw?.close()
  await wrong?.close()
})

const SIGNATURE = /Signature=[0-9a-f]{64}/
const via = (g: FakeGateway) => [
  '--connect-to',
  `${HOST}:443:127.0.0.1:${g.port}`,
  '--cacert',
  join(dir, 'ca.pem'),
]
const url = `https://${HOST}/prod/items?x=1`

const runs: Array<[string, string[], { signs?: boolean; gateway?: 'ok' | 'wrong' }]> = [
  ['call', ['call', url], { gateway: 'ok' }],
  ['call -v', ['call', url, '-v'], { gateway: 'ok' }],
  ['call -v -i --json', ['call', url, '-v', '-i', '--json', '{"a":1}'], { gateway: 'ok' }],
  ['call --dry-run', ['call', url, '--dry-run', '-v'], {}],
  [
    'call --debug error path (signature mismatch)',
    ['call', url, '-v', '--debug', '--fail-with-body'],
    { gateway: 'wrong' },
  ],
  ['call -o on an error', ['call', url, '-o', 'OUT', '-v'], { gateway: 'wrong' }],
  ['call -w', ['call', url, '-w', '%{http_code} %header{authorization}'], { gateway: 'ok' }],
  ['call usage error --debug', ['call', url, '--region', 'nowhere', '--debug'], {}],
  [
    'call transport error --debug',
    ['call', url, '--connect-to', `${HOST}:443:127.0.0.1:9`, '--debug', '-v'],
    {},
  ],
  ['sign --format headers', ['sign', url, '--format', 'headers'], { signs: true }],
  ['sign --format json', ['sign', url, '--format', 'json'], { signs: true }],
  ['sign --format curl', ['sign', url, '--format', 'curl'], { signs: true }],
  ['whoami (STS unreachable) --debug', ['whoami', '--region', 'us-east-1', '--debug'], {}],
  ['--help', ['call', '--help'], {}],
]

describe('secrets never leak', () => {
  it.each(runs)('%s', async (_name, args, opts) => {
    const out = join(dir, `out-${Math.random().toString(36).slice(2)}`)
    const g = opts.gateway === 'wrong' ? wrong : gw
    const r = await runCli([...args.map(a => (a === 'OUT' ? out : a)), ...(opts.gateway ? via(g) : [])], {
      env: envFor(TEMP),
    })
    const files = readdirSync(dir)
      .filter(f => f.startsWith('out-'))
      .map(f => readFileSync(join(dir, f), 'utf8'))
    const everything = [r.out, r.stderr, ...files].join('\n')
    expect(everything).not.toContain(TEMP.secretAccessKey)
    if (opts.signs) {
      expect(r.out).toContain(TEMP.sessionToken)
      expect(r.out).toMatch(SIGNATURE)
      expect(r.stderr).toBe('')
    } else {
      expect(everything).not.toContain(TEMP.sessionToken)
      expect(everything).not.toMatch(SIGNATURE)
    }
  })

  it('the mismatch body really quoted the token (so the sweep above proves the scrub)', async () => {
    const r = await runCli(
      ['call', url, ...via(wrong), '--no-sign', '-H', `x-amz-security-token: ${TEMP.sessionToken}`],
      { env: envFor(TEMP) },
    )
    expect(wrong.requests.at(-1)?.errorType).toBeDefined()
    const signed = await runCli(['call', url, ...via(wrong)], { env: envFor(TEMP) })
    expect(signed.out).toMatch(/Canonical String for this request should have been/)
    expect(signed.out).toMatch(/\[redacted sha256:[0-9a-f]{8}\]/)
    expect(r.code).toBe(0)
  })

  it('-v shows route, TLS, canonical request, string to sign, headers and timings', async () => {
    const r = await runCli(['call', url, '-v', ...via(gw)], { env: envFor(TEMP) })
    for (const piece of [
      /\* Route: API abc1234567 via private DNS/,
      /\* Connected to 127\.0\.0\.1 port \d+/,
      /\* TLS TLSv1\.[23] \S+, server name \(SNI\) abc1234567/,
      /\* Peer certificate: subject /,
      /\* Canonical request:\n\*   GET\n\*   \/prod\/items\n\*   x=1/,
      /\* String to sign:\n\*   AWS4-HMAC-SHA256/,
      /> GET \/prod\/items\?x=1 HTTP\/1\.1/,
      /> X-Amz-Security-Token: \[redacted \d+ chars/,
      /< HTTP\/1\.1 200 OK/,
      /\* Timing: dns (-|[\d.]+ ms), connect [\d.]+ ms, tls [\d.]+ ms, first byte [\d.]+ ms, total/,
    ]) {
      expect(r.stderr).toMatch(piece)
    }
  })
})
