// `npm run demo`: pvapi's main job on an embedded default, with no AWS account. A local
// stand-in for a private API Gateway (HTTPS on loopback, a CA made now, SigV4 verified by an
// implementation independent of pvapi's signer) answers as the real one would; pvapi calls
// it through every name form with example credentials.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { REPO, loadTestSupport } from './load-test-support.mjs'

const { startFakeGateway } = await loadTestSupport('test/support/index.ts')
const API = 'a1b2c3d4e5'
const VPCE = 'vpce-0123456789abcdef0'
const PRIVATE = `${API}.execute-api.us-east-1.amazonaws.com`
const VPCE_NAME = `${VPCE}-x9y8z7w6.execute-api.us-east-1.vpce.amazonaws.com`
const DOMAIN = 'orders.internal.example'
// The AWS documentation's example key, plus a made-up session token: nothing here is real.
const CREDS = {
  accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKENfor+pvapi+demo==',
}

const gw = await startFakeGateway({
  apis: [
    {
      id: API,
      account: '222222222222',
      vpcEndpointIds: [VPCE],
      routes: [
        { method: 'GET', path: '/orders' },
        { method: 'POST', path: '/orders' },
        { method: 'GET', path: '/health', authorizationType: 'NONE' },
      ],
    },
  ],
  customDomains: [{ name: DOMAIN, mappings: [{ basePath: '', apiId: API, stage: 'prod' }] }],
  extraDnsNames: [DOMAIN],
})
gw.credentials.add(CREDS.accessKeyId, {
  ...CREDS,
  principalArn: 'arn:aws:sts::111111111111:assumed-role/orders-caller/demo',
})
const dir = mkdtempSync(join(tmpdir(), 'pvapi-demo-'))
const ca = join(dir, 'stand-in-ca.pem')
writeFileSync(ca, gw.caPem)
const env = {
  ...process.env,
  AWS_ACCESS_KEY_ID: CREDS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: CREDS.secretAccessKey,
  AWS_SESSION_TOKEN: CREDS.sessionToken,
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_PROFILE: '',
}
// Inside a VPC these names resolve to the endpoint's ENIs; here they are pinned to the stand-in.
const pin = host => ['--connect-to', `${host}:443:127.0.0.1:${gw.port}`, '--cacert', ca]

let failures = 0
// Async on purpose: the stand-in runs in this process, so a synchronous child would stall it.
const run = promisify(execFile)
async function step(title, args, expectCode = 0) {
  process.stdout.write(
    `\n── ${title}\n$ pvapi ${args.map(a => (/[\s'"{}]/.test(a) ? `'${a}'` : a)).join(' ')}\n`,
  )
  let r
  try {
    r = {
      ...(await run(process.execPath, [join(REPO, 'bin/pvapi.js'), ...args], {
        env,
        encoding: 'utf8',
        timeout: 20_000,
      })),
      code: 0,
    }
  } catch (err) {
    r = { stdout: err.stdout ?? '', stderr: err.stderr ?? String(err), code: err.code }
  }
  process.stdout.write(r.stdout)
  if (r.stderr) process.stdout.write(r.stderr.replace(/^(?=.)/gm, '  (stderr) '))
  if (r.code !== expectCode) {
    failures++
    process.stdout.write(`!! expected exit ${expectCode}, got ${r.code}\n`)
  }
}

const seen = () => {
  const s = gw.requests.at(-1)
  return s
    ? `   stand-in saw: SNI=${s.servername} Host=${s.host}${s.apiIdHeader ? ` x-apigw-api-id=${s.apiIdHeader}` : ''} signature=${s.verification?.ok ? 'valid' : s.verification ? 'INVALID' : 'n/a'} → ${s.status}\n`
    : ''
}
const w = ['-w', '\n   → HTTP %{http_code} in %{time_total}s from %{remote_ip}\n']

await step('1. private DNS name', [
  'call',
  `https://${PRIVATE}/prod/orders?status=open&limit=10`,
  ...pin(PRIVATE),
  ...w,
])
process.stdout.write(seen())
await step('2. Route 53 alias {api}-{vpce}', [
  'call',
  `https://${API}-${VPCE}.execute-api.us-east-1.amazonaws.com/prod/orders`,
  ...pin(`${API}-${VPCE}.execute-api.us-east-1.amazonaws.com`),
  ...w,
])
process.stdout.write(seen())
await step('3. endpoint-specific DNS name + --api-id (x-apigw-api-id)', [
  'call',
  `https://${VPCE_NAME}/prod/orders`,
  '--api-id',
  API,
  ...pin(VPCE_NAME),
  ...w,
])
process.stdout.write(seen())
await step('4. private DNS URL through --vpce, Host mode', [
  'call',
  `https://${PRIVATE}/prod/orders`,
  '--vpce',
  VPCE_NAME,
  '--host-mode',
  'host',
  ...pin(VPCE_NAME),
  ...w,
])
process.stdout.write(seen())
await step('5. private custom domain through --vpce', [
  'call',
  `https://${DOMAIN}/orders`,
  '--vpce',
  VPCE_NAME,
  '--json',
  '{"item":"book","qty":1}',
  ...pin(VPCE_NAME),
  ...w,
])
process.stdout.write(seen())
await step('6. unsigned call to an AWS_IAM method: the 403 explained', [
  'call',
  `https://${PRIVATE}/prod/orders`,
  '--no-sign',
  ...pin(PRIVATE),
])
await step(
  '7. a route that does not exist, with --fail',
  ['call', `https://${PRIVATE}/prod/nope`, '-f', ...pin(PRIVATE)],
  22,
)
await step('8. verbose: canonical request, string to sign, TLS and timings (secrets redacted)', [
  'call',
  `https://${PRIVATE}/prod/orders`,
  '-v',
  '-o',
  join(dir, 'body.json'),
  ...pin(PRIVATE),
])
await step('9. pvapi sign: headers for another tool', [
  'sign',
  `https://${PRIVATE}/prod/orders`,
  '--format',
  'headers',
])
// The doctor on shipped snapshots: which of the eight hops denies, which statement, the fix.
await step('10. pvapi doctor on a healthy setup (offline snapshot)', [
  'doctor',
  '--snapshot',
  join(REPO, 'examples/doctor/healthy.json'),
])
await step(
  '11. pvapi doctor: a resource policy that names the wrong VPC endpoint',
  ['doctor', '--snapshot', join(REPO, 'examples/doctor/sourcevpce-mismatch.json')],
  1,
)
await step(
  '12. pvapi doctor: account B unreadable, as a Markdown ticket',
  ['doctor', '--snapshot', join(REPO, 'examples/doctor/account-b-unreadable.json'), '--format', 'markdown'],
  3,
)

await gw.close()
process.stdout.write(
  `\n${failures === 0 ? 'demo: every step behaved as expected' : `demo: ${failures} step(s) did not behave as expected`}\n`,
)
process.exitCode = failures === 0 ? 0 : 1
