import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CredentialStore } from '../support/credential-store.js'
import { startFakeGateway, type FakeGateway } from '../support/fake-gateway.js'
import { startFakeSts, type FakeSts } from '../support/fake-sts.js'
import { ALICE, envFor, runCli, tempFiles } from '../helpers/run-cli.js'

// Role chains through a local STS (the SDK reaches it via AWS_ENDPOINT_URL_STS); the fake
// gateway shares its credential store, so it names the final assumed role as the caller.
const API = 'abc1234567'
const HOST = `${API}.execute-api.us-east-1.amazonaws.com`
const HOP1 = 'arn:aws:iam::111111111111:role/jump'
const HOP2 = 'arn:aws:iam::222222222222:role/invoker'
const MFA = 'arn:aws:iam::111111111111:mfa/alice'
let sts: FakeSts
let gw: FakeGateway
let ca: string

beforeAll(async () => {
  const store = new CredentialStore()
  store.add(ALICE.accessKeyId, {
    secretAccessKey: ALICE.secretAccessKey,
    principalArn: ALICE.arn,
    userId: 'AIDAALICE',
  })
  sts = await startFakeSts({
    credentials: store,
    roles: [
      { arn: HOP1, trustedPrincipals: [ALICE.arn], mfa: { serialNumber: MFA, code: '123456' } },
      { arn: HOP2, trustedPrincipals: [HOP1], externalId: 'ext-42' },
    ],
  })
  gw = await startFakeGateway({ apis: [{ id: API, account: '222222222222' }], credentials: store })
  ca = join(tempFiles({ 'ca.pem': gw.caPem }), 'ca.pem')
})
afterAll(async () => {
  await gw?.close()
  await sts?.close()
})

const env = () => envFor(ALICE, { AWS_ENDPOINT_URL_STS: sts.endpoint })
const chain = [
  '--role-arn',
  HOP1,
  '--mfa-serial',
  MFA,
  '--mfa-code',
  '123456',
  '--role-arn',
  HOP2,
  '--external-id',
  'ext-42',
  '--role-session-name',
  'incident-42',
]

describe('role chains with MFA and external ID', () => {
  it('call signs as the last role of the chain', async () => {
    const r = await runCli(
      [
        'call',
        `https://${HOST}/prod/items`,
        '--connect-to',
        `${HOST}:443:127.0.0.1:${gw.port}`,
        '--cacert',
        ca,
        ...chain,
      ],
      { env: env() },
    )
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(JSON.parse(r.out)).toMatchObject({
      principal: 'arn:aws:sts::222222222222:assumed-role/invoker/incident-42',
    })
    const assumes = sts.calls.filter(c => c.action === 'AssumeRole').slice(-2)
    expect(assumes[0]?.params).toMatchObject({
      RoleArn: HOP1,
      SerialNumber: MFA,
      TokenCode: '123456',
      RoleSessionName: 'incident-42',
    })
    expect(assumes[0]?.params.ExternalId).toBeUndefined()
    expect(assumes[1]?.params).toMatchObject({ RoleArn: HOP2, ExternalId: 'ext-42' })
    expect(assumes[1]?.callerArn).toBe('arn:aws:sts::111111111111:assumed-role/jump/incident-42')
  })

  it('whoami shows the final identity and each role', async () => {
    const r = await runCli(['whoami', '--region', 'us-east-1', '--format', 'json', ...chain], { env: env() })
    expect(r.code).toBe(0)
    const w = JSON.parse(r.out)
    expect(w).toMatchObject({
      account: '222222222222',
      arn: 'arn:aws:sts::222222222222:assumed-role/invoker/incident-42',
      source: expect.stringContaining('environment variables'),
    })
    expect(w.roles.map((x: { roleArn: string }) => x.roleArn)).toEqual([HOP1, HOP2])
    expect(r.out).not.toContain(ALICE.secretAccessKey)
    const text = await runCli(['whoami', '--region', 'us-east-1', ...chain], { env: env() })
    expect(text.out).toMatch(/^account {5}222222222222\narn /)
  })

  it('a wrong external ID is refused by STS: exit 4, one line and a hint', async () => {
    const r = await runCli(
      [
        'whoami',
        '--region',
        'us-east-1',
        '--role-arn',
        HOP1,
        '--mfa-serial',
        MFA,
        '--mfa-code',
        '123456',
        '--role-arn',
        HOP2,
        '--external-id',
        'wrong',
      ],
      { env: env() },
    )
    expect(r.code).toBe(4)
    expect(r.stderr).toMatch(
      /^pvapi: sts:AssumeRole on arn:aws:iam::222222222222:role\/invoker denied: .*\n  hint: .*trust policy/,
    )
  })

  it('MFA needed but no code and no terminal: a usage error', async () => {
    const r = await runCli(['whoami', '--region', 'us-east-1', '--role-arn', HOP1, '--mfa-serial', MFA], {
      env: env(),
    })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('pass --mfa-code')
  })

  it('STS unreachable is named as such (the no-internet VPC case)', async () => {
    const r = await runCli(['whoami', '--region', 'us-east-1', '--role-arn', HOP1], {
      env: envFor(ALICE, { AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9' }),
    })
    expect(r.code).toBe(4)
    expect(r.stderr).toMatch(/STS in us-east-1 is unreachable/)
    expect(r.stderr).toMatch(/STS interface endpoint/)
  })

  it.each([
    [['--role-arn', 'not-an-arn'], 'not an IAM role ARN'],
    [['--role-arn', HOP1, '--role-arn', HOP1], 'chain loops'],
    [['--external-id', 'x'], '--external-id needs --role-arn'],
    [['--role-arn', HOP1, '--role-arn', HOP2, '--duration-seconds', '7200'], 'role chaining limits sessions'],
    [['--role-arn', HOP1, '--duration-seconds', '60'], 'STS accepts 900 to 43200'],
    [['--role-arn', HOP1, '--mfa-serial', MFA, '--mfa-code', '12ab'], 'must be 6 digits'],
  ])('rejects %j before calling STS', async (args, message) => {
    const before = sts.calls.length
    const r = await runCli(['whoami', '--region', 'us-east-1', ...args], { env: env() })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(message)
    expect(sts.calls.length).toBe(before)
  })
})
