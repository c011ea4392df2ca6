import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CredentialStore } from '../support/credential-store.js'
import { startFakeGateway, type FakeGateway } from '../support/fake-gateway.js'
import { startFakeSts, type FakeSts } from '../support/fake-sts.js'
import { ALICE, cliEnv, envFor, runCli, tempFiles } from '../helpers/run-cli.js'

// Assumed-role sessions cached in ~/.aws/cli/cache like the AWS CLI (HOME is a temp folder).
const API = 'abc1234567'
const HOST = `${API}.execute-api.us-east-1.amazonaws.com`
const ROLE = 'arn:aws:iam::222222222222:role/invoker'
const MFA_ROLE = 'arn:aws:iam::222222222222:role/mfa-invoker'
const MFA = 'arn:aws:iam::111111111111:mfa/alice'
// sha1('{"RoleArn": "arn:aws:iam::222222222222:role/invoker"}'): the AWS CLI's key for a role
// profile with only role_arn + source_profile (see test/aws/role-cache.test.ts for the source).
const ROLE_KEY = '40181d79f756f2a891387e4c110e66a2191215cd'
let sts: FakeSts
let gw: FakeGateway
let store: CredentialStore
let ca: string

beforeAll(async () => {
  store = new CredentialStore()
  store.add(ALICE.accessKeyId, { secretAccessKey: ALICE.secretAccessKey, principalArn: ALICE.arn })
  sts = await startFakeSts({
    credentials: store,
    roles: [
      { arn: ROLE, trustedPrincipals: [ALICE.arn] },
      { arn: MFA_ROLE, trustedPrincipals: [ALICE.arn], mfa: { serialNumber: MFA, code: '123456' } },
    ],
  })
  gw = await startFakeGateway({ apis: [{ id: API, account: '222222222222' }], credentials: store })
  ca = join(tempFiles({ 'ca.pem': gw.caPem }), 'ca.pem')
})
afterAll(async () => {
  await gw?.close()
  await sts?.close()
})

const home = () => mkdtempSync(join(tmpdir(), 'pvapi-home-'))
const assumes = () => sts.calls.filter(c => c.action === 'AssumeRole').length
const call = (h: string, args: string[], extra: Record<string, string> = {}) =>
  runCli(
    [
      'call',
      `https://${HOST}/prod/items`,
      '--connect-to',
      `${HOST}:443:127.0.0.1:${gw.port}`,
      '--cacert',
      ca,
      ...args,
    ],
    { env: envFor(ALICE, { AWS_ENDPOINT_URL_STS: sts.endpoint, HOME: h, ...extra }) },
  )

describe('assumed-role session cache', () => {
  it('two call --role-arn runs: one AssumeRole; the file is the AWS CLI format, 0600 in a 0700 folder', async () => {
    const h = home()
    const before = assumes()
    const a = await call(h, ['--role-arn', ROLE])
    const b = await call(h, ['--role-arn', ROLE, '-v'])
    expect(a.code, a.stderr).toBe(0)
    expect(b.code, b.stderr).toBe(0)
    expect(assumes()).toBe(before + 1)
    expect(JSON.parse(b.out)).toMatchObject({ principal: expect.stringMatching(/assumed-role\/invoker\//) })
    expect(b.stderr).toMatch(/session from .*\.aws\/cli\/cache/)
    const dir = join(h, '.aws/cli/cache')
    expect(readdirSync(dir)).toEqual([`${ROLE_KEY}.json`])
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(statSync(join(dir, `${ROLE_KEY}.json`)).mode & 0o777).toBe(0o600)
    const doc = JSON.parse(readFileSync(join(dir, `${ROLE_KEY}.json`), 'utf8'))
    expect(Object.keys(doc.Credentials).sort()).toEqual(
      ['AccessKeyId', 'AccountId', 'Expiration', 'SecretAccessKey', 'SessionToken'].sort(),
    )
    // Never printed: the cached secret appears in no output.
    expect(a.stderr + a.out + b.stderr + b.out).not.toContain(doc.Credentials.SecretAccessKey)
    expect(a.stderr + a.out + b.stderr + b.out).not.toContain(doc.Credentials.SessionToken)
  })

  it('--no-cache: two runs, two AssumeRole calls, and no file', async () => {
    const h = home()
    const before = assumes()
    expect((await call(h, ['--role-arn', ROLE, '--no-cache'])).code).toBe(0)
    expect((await call(h, ['--role-arn', ROLE, '--no-cache'])).code).toBe(0)
    expect(assumes()).toBe(before + 2)
    expect(() => readdirSync(join(h, '.aws/cli/cache'))).toThrow()
  })

  it('MFA is asked once per session: the second run needs no code', async () => {
    const h = home()
    const first = await call(h, ['--role-arn', MFA_ROLE, '--mfa-serial', MFA, '--mfa-code', '123456'])
    expect(first.code, first.stderr).toBe(0)
    // No --mfa-code and no terminal: asking would fail (exit 2); the cached session is used.
    const second = await call(h, ['--role-arn', MFA_ROLE, '--mfa-serial', MFA])
    expect(second.code, second.stderr).toBe(0)
  })

  it('a session the AWS CLI cached is used as is (no AssumeRole at all)', async () => {
    const h = home()
    const dir = join(h, '.aws/cli/cache')
    mkdirSync(dir, { recursive: true })
    store.add('ASIAFROMAWSCLI000001', {
      secretAccessKey: 'from/aws/cli/secret',
      sessionToken: 'from-aws-cli-token',
      principalArn: 'arn:aws:sts::222222222222:assumed-role/invoker/botocore-session-1',
    })
    const exp = `${new Date(Date.now() + 3600_000).toISOString().slice(0, 19)}UTC`
    writeFileSync(
      join(dir, `${ROLE_KEY}.json`),
      JSON.stringify({
        Credentials: {
          AccessKeyId: 'ASIAFROMAWSCLI000001',
          SecretAccessKey: 'from/aws/cli/secret',
          SessionToken: 'from-aws-cli-token',
          Expiration: exp,
        },
        AssumedRoleUser: { Arn: 'arn:aws:sts::222222222222:assumed-role/invoker/botocore-session-1' },
      }),
    )
    const before = assumes()
    const r = await call(h, ['--role-arn', ROLE])
    expect(r.code, r.stderr).toBe(0)
    expect(assumes()).toBe(before)
    expect(JSON.parse(r.out)).toMatchObject({
      principal: 'arn:aws:sts::222222222222:assumed-role/invoker/botocore-session-1',
    })
  })

  it('a corrupt cache file is ignored and replaced, never a crash', async () => {
    const h = home()
    const dir = join(h, '.aws/cli/cache')
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, `${ROLE_KEY}.json`), '{"Credentials": garbage')
    const r = await call(h, ['--role-arn', ROLE])
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(readFileSync(join(dir, `${ROLE_KEY}.json`), 'utf8')).Credentials.AccessKeyId).toMatch(
      /^ASIA/,
    )
  })

  it('role profiles (source_profile) share the cache: the AWS CLI key of the profile', async () => {
    const h = home()
    const files = tempFiles({
      credentials: `[base]\naws_access_key_id = ${ALICE.accessKeyId}\naws_secret_access_key = ${ALICE.secretAccessKey}\n`,
      config: `[profile base]\nregion = us-east-1\n\n[profile invoker]\nrole_arn = ${ROLE}\nsource_profile = base\nregion = us-east-1\n`,
    })
    const env = cliEnv({
      HOME: h,
      AWS_CONFIG_FILE: join(files, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(files, 'credentials'),
      AWS_ENDPOINT_URL_STS: sts.endpoint,
    })
    const before = assumes()
    const args = ['whoami', '--profile', 'invoker', '--format', 'json']
    const a = await runCli(args, { env })
    const b = await runCli(args, { env })
    expect(a.code, a.stderr).toBe(0)
    expect(b.code, b.stderr).toBe(0)
    expect(assumes()).toBe(before + 1)
    expect(readdirSync(join(h, '.aws/cli/cache'))).toEqual([`${ROLE_KEY}.json`])
  })
})
