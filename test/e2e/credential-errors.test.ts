import { createHash } from 'node:crypto'
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CredentialStore } from '../support/credential-store.js'
import { startFakeSts, type FakeSts } from '../support/fake-sts.js'
import { ALICE, TEMP, cliEnv, runCli } from '../helpers/run-cli.js'

// A broken profile says why: the profile, the key at fault, the reason, exit 4, one line + hint.
const ROLE = 'arn:aws:iam::222222222222:role/invoker'
const MFA_ROLE = 'arn:aws:iam::222222222222:role/mfa-invoker'
const MFA = 'arn:aws:iam::111111111111:mfa/alice'
const SSO_CREDS = {
  accessKeyId: 'ASIASSOEXAMPLE000001',
  secretAccessKey: 'sso/secret/never/printed',
  sessionToken: 'sso-session-token-never-printed',
}
let sts: FakeSts
let sso: Server
let ssoCalls = 0
let dir: string

/** A fake AWS IAM Identity Center portal: GetRoleCredentials for one valid bearer token. */
function startFakeSso(): Promise<Server> {
  const server = createServer((req, res) => {
    ssoCalls++
    const url = new URL(req.url ?? '/', 'http://x')
    if (
      url.pathname !== '/federation/credentials' ||
      req.headers['x-amz-sso_bearer_token'] !== 'valid-token'
    ) {
      res.writeHead(401, { 'content-type': 'application/json', 'x-amzn-errortype': 'UnauthorizedException' })
      res.end(JSON.stringify({ message: 'Session token not found or invalid' }))
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ roleCredentials: { ...SSO_CREDS, expiration: Date.now() + 3600_000 } }))
  })
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(server)))
}

beforeAll(async () => {
  const store = new CredentialStore()
  store.add(ALICE.accessKeyId, { secretAccessKey: ALICE.secretAccessKey, principalArn: ALICE.arn })
  store.add(TEMP.accessKeyId, {
    secretAccessKey: TEMP.secretAccessKey,
    sessionToken: TEMP.sessionToken,
    principalArn: TEMP.arn,
  })
  store.add(SSO_CREDS.accessKeyId, {
    secretAccessKey: SSO_CREDS.secretAccessKey,
    sessionToken: SSO_CREDS.sessionToken,
    principalArn: 'arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Dev_0123/alice',
  })
  sts = await startFakeSts({
    credentials: store,
    roles: [
      { arn: ROLE, trustedPrincipals: [TEMP.arn, ALICE.arn] },
      { arn: MFA_ROLE, trustedPrincipals: [ALICE.arn], mfa: { serialNumber: MFA, code: '123456' } },
    ],
  })
  sso = await startFakeSso()
  dir = mkdtempSync(join(tmpdir(), 'pvapi-creds-'))
  writeFileSync(
    join(dir, 'fail.sh'),
    '#!/bin/sh\necho "token for corp-idp expired: run corp-login" >&2\nexit 3\n',
  )
  chmodSync(join(dir, 'fail.sh'), 0o755)
  writeFileSync(
    join(dir, 'config'),
    [
      '[profile broken]',
      `role_arn = ${ROLE}`,
      'source_profile = doesnotexist',
      '[profile failproc]',
      `credential_process = ${join(dir, 'fail.sh')}`,
      '[profile envrole]',
      `role_arn = ${ROLE}`,
      'credential_source = Environment',
      'region = us-east-1',
      '[profile sso]',
      'sso_session = corp',
      'sso_account_id = 111111111111',
      'sso_role_name = Dev',
      'region = us-east-1',
      '[sso-session corp]',
      'sso_start_url = https://corp.awsapps.com/start',
      'sso_region = us-east-1',
      '',
    ].join('\n'),
  )
})
afterAll(async () => {
  await sts?.close()
  await new Promise(r => sso?.close(r))
})

/** A HOME with an SSO token for session "corp" (expired or valid). */
function ssoHome(token: string, expiresInMs: number): string {
  const home = mkdtempSync(join(tmpdir(), 'pvapi-home-'))
  const cache = join(home, '.aws/sso/cache')
  mkdirSync(cache, { recursive: true })
  writeFileSync(
    join(cache, `${createHash('sha1').update('corp').digest('hex')}.json`),
    JSON.stringify({
      accessToken: token,
      expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
      region: 'us-east-1',
      startUrl: 'https://corp.awsapps.com/start',
    }),
  )
  return home
}

const env = (extra: Record<string, string> = {}) =>
  cliEnv({
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_ENDPOINT_URL_STS: sts.endpoint,
    AWS_ENDPOINT_URL_SSO: `http://127.0.0.1:${(sso.address() as AddressInfo).port}`,
    ...extra,
  })
const whoami = (args: string[], e = env()) => runCli(['whoami', '--region', 'us-east-1', ...args], { env: e })
const firstLine = (s: string) => s.split('\n')[0] ?? ''

describe('credential errors that say why', () => {
  it('source_profile names a missing profile', async () => {
    const r = await whoami(['--profile', 'broken'])
    expect(r.code).toBe(4)
    expect(firstLine(r.stderr)).toBe(
      'pvapi: profile broken: source_profile = doesnotexist, and there is no profile doesnotexist',
    )
    expect(r.stderr).toMatch(/hint: .*source_profile/)
  })

  it('an unknown profile is named', async () => {
    const r = await whoami(['--profile', 'nope'])
    expect(r.code).toBe(4)
    expect(firstLine(r.stderr)).toMatch(/^pvapi: profile nope is not in ~\/.aws\/config/)
  })

  it('credential_process: its exit code and the first line of its stderr', async () => {
    const r = await whoami(['--profile', 'failproc'])
    expect(r.code).toBe(4)
    expect(firstLine(r.stderr)).toBe(
      'pvapi: profile failproc: credential_process exited with code 3: token for corp-idp expired: run corp-login',
    )
  })

  it('an expired SSO token: run `aws sso login --profile X`', async () => {
    const r = await whoami(['--profile', 'sso'], env({ HOME: ssoHome('old-token', -3600_000) }))
    expect(r.code).toBe(4)
    expect(firstLine(r.stderr)).toMatch(/^pvapi: profile sso: the SSO session has expired/)
    expect(r.stderr).toContain('aws sso login --profile sso')
  })

  it('a valid SSO token: credentials from the portal', async () => {
    const before = ssoCalls
    const r = await whoami(
      ['--profile', 'sso', '--format', 'json'],
      env({ HOME: ssoHome('valid-token', 3600_000) }),
    )
    expect(r.code, r.stderr).toBe(0)
    expect(ssoCalls).toBe(before + 1)
    expect(JSON.parse(r.out)).toMatchObject({
      arn: 'arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Dev_0123/alice',
      source: 'profile sso (SSO)',
    })
  })

  it('an MFA code STS refuses', async () => {
    const r = await runCli(
      [
        'whoami',
        '--region',
        'us-east-1',
        '--role-arn',
        MFA_ROLE,
        '--mfa-serial',
        MFA,
        '--mfa-code',
        '654321',
      ],
      {
        env: cliEnv({
          AWS_ACCESS_KEY_ID: ALICE.accessKeyId,
          AWS_SECRET_ACCESS_KEY: ALICE.secretAccessKey,
          AWS_ENDPOINT_URL_STS: sts.endpoint,
        }),
      },
    )
    expect(r.code).toBe(4)
    expect(firstLine(r.stderr)).toMatch(/STS refused the MFA code for arn:aws:iam::111111111111:mfa\/alice/)
    expect(r.stderr.trim().split('\n').length).toBe(2) // one line + the hint
  })

  it('whoami: credential_source = Environment is reported as used, not "ignored"', async () => {
    const r = await whoami(
      ['--profile', 'envrole', '--no-cache'],
      env({
        AWS_ACCESS_KEY_ID: TEMP.accessKeyId,
        AWS_SECRET_ACCESS_KEY: TEMP.secretAccessKey,
        AWS_SESSION_TOKEN: TEMP.sessionToken,
      }),
    )
    expect(r.code, r.stderr).toBe(0)
    expect(r.out).toMatch(/credential_source = Environment in profile envrole/)
    expect(r.out).not.toMatch(/ignored/)
  })
})
