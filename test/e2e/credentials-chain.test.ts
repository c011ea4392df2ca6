import { chmodSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CredentialStore } from '../support/credential-store.js'
import { startFakeGateway, type FakeGateway } from '../support/fake-gateway.js'
import { startFakeSts, type FakeSts } from '../support/fake-sts.js'
import { ALICE, TEMP, cliEnv, runCli, tempFiles } from '../helpers/run-cli.js'

// The SDK credential chain as users configure it: profiles in ~/.aws/config and
// ~/.aws/credentials, role profiles (source_profile), credential_process, and the region
// from the profile. STS is the local fake (AWS_ENDPOINT_URL_STS), used by the SDK itself.
const API = 'abc1234567'
const HOST = `${API}.execute-api.us-east-1.amazonaws.com`
const ROLE = 'arn:aws:iam::222222222222:role/invoker'
let sts: FakeSts
let gw: FakeGateway
let dir: string

beforeAll(async () => {
  const store = new CredentialStore()
  store.add(ALICE.accessKeyId, { secretAccessKey: ALICE.secretAccessKey, principalArn: ALICE.arn })
  store.add(TEMP.accessKeyId, {
    secretAccessKey: TEMP.secretAccessKey,
    sessionToken: TEMP.sessionToken,
    principalArn: TEMP.arn,
  })
  sts = await startFakeSts({
    credentials: store,
    roles: [{ arn: ROLE, trustedPrincipals: [ALICE.arn], externalId: 'ext-1' }],
  })
  gw = await startFakeGateway({
    credentials: store,
    apis: [{ id: API }],
    customDomains: [
      { name: 'api.example.internal', mappings: [{ basePath: '', apiId: API, stage: 'prod' }] },
    ],
    extraDnsNames: ['api.example.internal'],
  })
  dir = tempFiles({
    'ca.pem': gw.caPem,
    credentials: `[base]\naws_access_key_id = ${ALICE.accessKeyId}\naws_secret_access_key = ${ALICE.secretAccessKey}\n`,
    config: [
      '[profile base]',
      'region = us-east-1',
      '',
      '[profile invoker]',
      `role_arn = ${ROLE}`,
      'source_profile = base',
      'external_id = ext-1',
      'role_session_name = from-profile',
      'region = us-east-1',
      '',
      '[profile proc]',
      `credential_process = ${join('DIR', 'creds.sh')}`,
      'region = eu-west-1',
      '',
    ].join('\n'),
    'creds.sh': `#!/bin/sh\necho '{"Version":1,"AccessKeyId":"${TEMP.accessKeyId}","SecretAccessKey":"${TEMP.secretAccessKey}","SessionToken":"${TEMP.sessionToken}"}'\n`,
  })
  const { readFileSync, writeFileSync } = await import('node:fs')
  writeFileSync(join(dir, 'config'), readFileSync(join(dir, 'config'), 'utf8').replace('DIR', dir))
  chmodSync(join(dir, 'creds.sh'), 0o755)
})
afterAll(async () => {
  await gw?.close()
  await sts?.close()
})

const env = (extra: Record<string, string> = {}) =>
  cliEnv({
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_ENDPOINT_URL_STS: sts.endpoint,
    ...extra,
  })
const call = (url: string, args: string[], e = env()) =>
  runCli(
    [
      'call',
      url,
      '--connect-to',
      `${new URL(url).hostname}:443:127.0.0.1:${gw.port}`,
      '--cacert',
      join(dir, 'ca.pem'),
      ...args,
    ],
    { env: e },
  )

describe('SDK credential chain', () => {
  it('--profile with static keys', async () => {
    const r = await call(`https://${HOST}/prod/x`, ['--profile', 'base'])
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.out)).toMatchObject({ principal: ALICE.arn })
  })
  it('AWS_PROFILE names a role profile: the SDK assumes it through STS', async () => {
    const r = await call(`https://${HOST}/prod/x`, [], env({ AWS_PROFILE: 'invoker' }))
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.out)).toMatchObject({
      principal: 'arn:aws:sts::222222222222:assumed-role/invoker/from-profile',
    })
    expect(sts.calls.at(-1)?.params).toMatchObject({ RoleArn: ROLE, ExternalId: 'ext-1' })
  })
  it('credential_process, and the region from the profile for a custom domain', async () => {
    const r = await call('https://api.example.internal/x', ['--profile', 'proc', '-v'])
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/region eu-west-1/)
    expect(r.stderr).toMatch(/profile proc \(credential_process\)/)
  })
  it('AWS_REGION wins over the profile region when the host says nothing', async () => {
    const r = await call(
      'https://api.example.internal/x',
      ['--profile', 'proc', '--dry-run'],
      env({ AWS_REGION: 'ap-southeast-2' }),
    )
    expect(r.out).toMatch(/\/ap-southeast-2\/execute-api\/aws4_request/)
  })
  it('an unknown profile is a one-line error with exit 4', async () => {
    const r = await call(`https://${HOST}/prod/x`, ['--profile', 'nope'])
    expect(r.code).toBe(4)
    // It names the profile that is missing (it used to say only "no AWS credentials found").
    expect(r.stderr.split('\n')[0]).toMatch(
      /^pvapi: profile nope is not in ~\/\.aws\/config or ~\/\.aws\/credentials$/,
    )
  })
  it('a profile and environment keys together: the profile wins, quietly, and whoami says so', async () => {
    const e = env({
      AWS_PROFILE: 'base',
      AWS_ACCESS_KEY_ID: TEMP.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEMP.secretAccessKey,
    })
    const r = await call(`https://${HOST}/prod/x`, [], e)
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.out)).toMatchObject({ principal: ALICE.arn })
    const w = await runCli(['whoami'], { env: e })
    expect(w.out).toMatch(/AWS_ACCESS_KEY_ID in the environment ignored/)
  })
  it('whoami names the source and shows the expiry of assumed-role credentials', async () => {
    const r = await runCli(['whoami', '--profile', 'base', '--role-arn', ROLE, '--external-id', 'ext-1'], {
      env: env(),
    })
    expect(r.code).toBe(0)
    expect(r.out).toMatch(
      /source {6}profile base \(shared credentials file\) → arn:aws:iam::222222222222:role\/invoker/,
    )
    expect(r.out).toMatch(/expires {5}20\d\d-/)
  })
})
