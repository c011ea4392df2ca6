/**
 * Secrets, beyond test/e2e/secret-sweep.test.ts (call, sign, whoami):
 * - the `policy` commands and `doctor` (live with --save-snapshot, and --snapshot in text,
 *   JSON and Markdown, -v, error paths with --debug) never print or save the secret key, the
 *   session token or a raw signature;
 * - pvapi never writes credentials to disk: a call through credential_process and a role chain,
 *   with a fresh HOME, XDG folders and TMPDIR, leaves nothing behind but its `-o` output.
 */
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CredentialStore } from '../support/credential-store.js'
import { startFakeGateway, type FakeGateway } from '../support/fake-gateway.js'
import { startFakeSts, type FakeSts } from '../support/fake-sts.js'
import { startLoopbackDns } from '../helpers/loopback-dns.js'
import { TEMP, cliEnv, envFor, runCli, tempFiles } from '../helpers/run-cli.js'
import { startFakeAws } from '../aws/fake-aws-endpoint.mjs'
import { STACK_FRAME } from './support.js'

const SIGNATURE = /Signature=[0-9a-f]{64}|X-Amz-Signature=[0-9a-f]{64}/i
const API = 'abc1234567'
const HOST = `${API}.execute-api.us-east-1.amazonaws.com`

/** Every file under `root`, relative paths, recursively. */
function walk(root: string): string[] {
  const out: string[] = []
  const visit = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      if (statSync(p).isDirectory()) visit(p)
      else out.push(relative(root, p))
    }
  }
  visit(root)
  return out.sort()
}

function expectNoSecrets(text: string, secrets: readonly string[], what: string): void {
  for (const s of secrets)
    expect(text.includes(s), `${what} contains a secret (${s.slice(0, 6)}…)`).toBe(false)
  expect(text, `${what} contains a raw signature`).not.toMatch(SIGNATURE)
}

// ── policy ────────────────────────────────────────────────────────────────────────────
describe('policy commands print no secret from the environment', () => {
  const ARN = `arn:aws:execute-api:us-east-1:111111111111:${API}/prod/GET/items`
  const dir = tempFiles({
    'rp.json': JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: '*',
          Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } },
        },
      ],
    }),
    'bad.json': '{"Version":"2012-10-17","Statement":[',
  })
  const runs: Array<[string, string[]]> = [
    [
      'eval text',
      [
        'policy',
        'eval',
        '--principal',
        TEMP.arn,
        '--resource',
        ARN,
        '--resource-policy',
        join(dir, 'rp.json'),
        '--vpce',
        'vpce-1',
      ],
    ],
    [
      'eval json',
      [
        'policy',
        'eval',
        '--principal',
        TEMP.arn,
        '--resource',
        ARN,
        '--resource-policy',
        join(dir, 'rp.json'),
        '--format',
        'json',
      ],
    ],
    [
      'eval --url',
      [
        'policy',
        'eval',
        '--principal',
        TEMP.arn,
        '--url',
        `https://${HOST}/prod/items`,
        '--resource-policy',
        join(dir, 'rp.json'),
      ],
    ],
    [
      'eval error --debug',
      [
        'policy',
        'eval',
        '--principal',
        TEMP.arn,
        '--resource',
        ARN,
        '--resource-policy',
        join(dir, 'bad.json'),
        '--debug',
      ],
    ],
    ['lint text', ['policy', 'lint', join(dir, 'rp.json'), '--kind', 'resource']],
    ['lint json', ['policy', 'lint', join(dir, 'bad.json'), '--format', 'json']],
    [
      'scaffold text',
      [
        'policy',
        'scaffold',
        '--caller-role',
        'arn:aws:iam::111111111111:role/caller-role',
        '--api',
        ARN,
        '--vpce',
        'vpce-0123456789abcdef0',
        '--route',
        'GET:/items',
      ],
    ],
    [
      'scaffold json',
      [
        'policy',
        'scaffold',
        '--caller-role',
        'arn:aws:iam::111111111111:role/caller-role',
        '--api',
        ARN,
        '--vpce',
        'vpce-0123456789abcdef0',
        '--route',
        'GET:/items',
        '--format',
        'json',
      ],
    ],
    [
      'scaffold error --debug',
      [
        'policy',
        'scaffold',
        '--caller-role',
        'nope',
        '--api',
        ARN,
        '--vpce',
        'vpce-0123456789abcdef0',
        '--route',
        'GET:/items',
        '--debug',
      ],
    ],
  ]
  it.each(runs)('%s', async (name, args) => {
    const r = await runCli(args, { env: envFor(TEMP) })
    expect([0, 1, 2], r.stderr).toContain(r.code)
    expectNoSecrets(r.out + r.stderr, [TEMP.secretAccessKey, TEMP.sessionToken], name)
  })
})

// ── doctor (flags only read from src/cli/commands/doctor.ts) ──────────────────────────
describe('doctor prints and saves no secret', () => {
  const DOCTOR_HOST = 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com'
  let aws: Awaited<ReturnType<typeof startFakeAws>>
  let dns: Awaited<ReturnType<typeof startLoopbackDns>>
  const dir = tempFiles({})
  const snap = join(dir, 'saved.json')
  let env: Record<string, string>
  const live = () => [
    'doctor',
    `https://${DOCTOR_HOST}/prod/items`,
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
    dns.server,
  ]
  beforeAll(async () => {
    aws = await startFakeAws()
    dns = await startLoopbackDns({ [DOCTOR_HOST]: ['10.0.2.10', '10.0.3.10'] })
    env = envFor(TEMP, { AWS_ENDPOINT_URL: aws.url, AWS_REGION: 'us-east-1' })
  })
  afterAll(async () => {
    await aws?.close()
    await dns?.close()
  })

  it('live collection with --save-snapshot (text, -v), then the saved file in every format', {
    timeout: 120_000,
  }, async () => {
    const saved = await runCli([...live(), '--save-snapshot', snap, '-v'], { env })
    expect([0, 1, 3], saved.stderr).toContain(saved.code)
    expect(saved.stderr).toMatch(/snapshot saved to/)
    const file = readFileSync(snap, 'utf8')
    expectNoSecrets(saved.out + saved.stderr, [TEMP.secretAccessKey, TEMP.sessionToken], 'live doctor output')
    expectNoSecrets(file, [TEMP.secretAccessKey, TEMP.sessionToken], 'the saved snapshot')
    for (const format of ['text', 'json', 'markdown']) {
      for (const extra of [[], ['-v']]) {
        const r = await runCli(['doctor', '--snapshot', snap, '--format', format, ...extra], { env })
        expect([0, 1, 3], r.stderr).toContain(r.code)
        expectNoSecrets(
          r.out + r.stderr,
          [TEMP.secretAccessKey, TEMP.sessionToken],
          `doctor --snapshot --format ${format} ${extra.join(' ')}`,
        )
      }
    }
  })

  it.each([
    ['live json', () => [...live(), '--format', 'json']],
    ['live markdown', () => [...live(), '--format', 'markdown']],
    ['error path --debug (bad format)', () => [...live(), '--format', 'yaml', '--debug']],
    [
      'error path --debug (unwritable --save-snapshot)',
      () => [...live(), '--save-snapshot', join(dir, 'no', 'such', 'dir', 's.json'), '--debug'],
    ],
    ['AWS unreachable --debug', () => [...live(), '--debug']],
  ] as const)(
    '%s',
    async (name, args) => {
      const e = name.startsWith('AWS unreachable')
        ? envFor(TEMP, { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_REGION: 'us-east-1' })
        : env
      const r = await runCli(args(), { env: e, timeoutMs: 60_000 })
      expectNoSecrets(r.out + r.stderr, [TEMP.secretAccessKey, TEMP.sessionToken], name)
      if (name.includes('--debug') && r.code === 2) expect(r.stderr).toMatch(STACK_FRAME)
    },
    60_000,
  )
})

// ── never on disk ─────────────────────────────────────────────────────────────────────
describe('pvapi never writes credentials to disk', () => {
  const BASE = {
    accessKeyId: 'ASIAPROCESSEXAMPLE01',
    secretAccessKey: 'process/secret/KEY+never+on+disk+0000001',
    sessionToken: 'process-session-token-never-on-disk-0123456789abcdef',
  }
  const ROLE = 'arn:aws:iam::222222222222:role/invoker'
  let sts: FakeSts
  let gw: FakeGateway
  const store = new CredentialStore()

  beforeAll(async () => {
    store.add(BASE.accessKeyId, {
      secretAccessKey: BASE.secretAccessKey,
      sessionToken: BASE.sessionToken,
      principalArn: 'arn:aws:sts::111111111111:assumed-role/base/proc',
    })
    sts = await startFakeSts({
      credentials: store,
      roles: [{ arn: ROLE, trustedPrincipals: ['arn:aws:iam::111111111111:role/base'] }],
    })
    gw = await startFakeGateway({ credentials: store, apis: [{ id: API, account: '222222222222' }] })
  })
  afterAll(async () => {
    await gw?.close()
    await sts?.close()
  })

  it('a call through credential_process and a role chain, with a fresh HOME, XDG folders and TMPDIR, leaves only its -o file', async () => {
    // Given a user's environment that lives entirely in one temporary folder
    const root = tempFiles({})
    const home = join(root, 'home')
    const folders = ['home/.aws', 'xdg/config', 'xdg/cache', 'xdg/data', 'xdg/state', 'tmp', 'work', 'bin']
    for (const f of folders) mkdirSync(join(root, f), { recursive: true })
    writeFileSync(
      join(root, 'bin/creds.sh'),
      `#!/bin/sh\necho '{"Version":1,"AccessKeyId":"${BASE.accessKeyId}","SecretAccessKey":"${BASE.secretAccessKey}","SessionToken":"${BASE.sessionToken}"}'\n`,
    )
    chmodSync(join(root, 'bin/creds.sh'), 0o755)
    writeFileSync(
      join(home, '.aws/config'),
      `[profile proc]\ncredential_process = ${join(root, 'bin/creds.sh')}\nregion = us-east-1\n`,
    )
    writeFileSync(join(root, 'ca.pem'), gw.caPem)
    const env = cliEnv({
      HOME: home,
      USERPROFILE: home,
      XDG_CONFIG_HOME: join(root, 'xdg/config'),
      XDG_CACHE_HOME: join(root, 'xdg/cache'),
      XDG_DATA_HOME: join(root, 'xdg/data'),
      XDG_STATE_HOME: join(root, 'xdg/state'),
      TMPDIR: join(root, 'tmp'),
      TMP: join(root, 'tmp'),
      TEMP: join(root, 'tmp'),
      AWS_CONFIG_FILE: join(home, '.aws/config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws/credentials'),
      AWS_ENDPOINT_URL_STS: sts.endpoint,
    })
    const before = walk(root)

    // When pvapi resolves the profile, assumes a role, calls the API (-v, -o), and says who it is
    const via = ['--connect-to', `${HOST}:443:127.0.0.1:${gw.port}`, '--cacert', join(root, 'ca.pem')]
    const chain = ['--profile', 'proc', '--role-arn', ROLE, '--role-session-name', 'disk-check']
    const call = await runCli(
      ['call', `https://${HOST}/prod/items`, ...via, ...chain, '-v', '-o', 'out.json'],
      { env, cwd: join(root, 'work') },
    )
    const whoami = await runCli(['whoami', '--format', 'json', ...chain], { env, cwd: join(root, 'work') })
    expect(call.code, call.stderr).toBe(0)
    expect(whoami.code, whoami.stderr).toBe(0)
    expect(JSON.parse(readFileSync(join(root, 'work/out.json'), 'utf8'))).toMatchObject({
      principal: 'arn:aws:sts::222222222222:assumed-role/invoker/disk-check',
    })

    // Then the only new file is the -o output (besides the compile cache of pvapi's code), and
    // no file anywhere under the root holds a secret
    const compileCache = (f: string) => /^tmp\/pvapi-compile-cache-(-1|\d+)\//.test(f)
    // …and the assumed role's session in the AWS CLI's cache (by design, 0600, shared with
    // the AWS CLI; --no-cache skips it): it holds that session only, never the base credentials.
    const roleCache = (f: string) => /^home\/\.aws\/cli\/cache\/[0-9a-f]{40}\.json$/.test(f)
    const cached = walk(root).filter(roleCache)
    expect(cached.length).toBe(1)
    expect(statSync(join(root, cached[0]!)).mode & 0o777).toBe(0o600)
    expectNoSecrets(
      readFileSync(join(root, cached[0]!), 'latin1'),
      [BASE.secretAccessKey, BASE.sessionToken],
      cached[0]!,
    )
    expect(walk(root).filter(f => !compileCache(f) && !roleCache(f))).toEqual(
      [...before, 'work/out.json'].sort(),
    )
    const issued = store.list().filter(c => c.accessKeyId !== BASE.accessKeyId)
    expect(issued.length).toBeGreaterThan(0) // the role's credentials exist, and are checked too
    const secrets = [
      BASE.secretAccessKey,
      BASE.sessionToken,
      ...issued.flatMap(c => [c.secretAccessKey, c.sessionToken ?? ''].filter(Boolean)),
    ]
    for (const f of walk(root).filter(f => f !== 'bin/creds.sh' && !roleCache(f)))
      expectNoSecrets(readFileSync(join(root, f), 'latin1'), secrets, f)
    expectNoSecrets(call.out + call.stderr + whoami.out + whoami.stderr, secrets, 'stdout/stderr')
  })
})
