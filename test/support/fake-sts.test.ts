/**
 * The fake STS driven by the real `@aws-sdk/client-sts` (static credentials, endpoint in the
 * client config), so the fake speaks exactly what the SDK sends and parses what it returns.
 */
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  STSClient,
  type STSServiceException,
} from '@aws-sdk/client-sts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CredentialStore } from './credential-store.js'
import { startFakeGateway, type FakeGateway } from './fake-gateway.js'
import { startFakeSts, type FakeSts } from './fake-sts.js'
import { rawRequest } from './https-client.js'
import { signForTest, type TestCredentials } from './sign-for-test.js'

const ALICE = {
  accessKeyId: 'AKIAALICE00000000001',
  secretAccessKey: 'alice-secret-0000000000000000000000000000',
}
const READER = 'arn:aws:iam::222222222222:role/Reader'
const AUDITOR = 'arn:aws:iam::333333333333:role/Auditor'
const PARTNER = 'arn:aws:iam::222222222222:role/Partner'
const MFA_SERIAL = 'arn:aws:iam::111111111111:mfa/alice'

let store: CredentialStore
let sts: FakeSts
let gw: FakeGateway

beforeAll(async () => {
  store = new CredentialStore()
  store.add(ALICE.accessKeyId, {
    ...ALICE,
    principalArn: 'arn:aws:iam::111111111111:user/alice',
    userId: 'AIDAALICE',
  })
  sts = await startFakeSts({
    credentials: store,
    roles: [
      { arn: READER, trustedPrincipals: ['arn:aws:iam::111111111111:root'], maxSessionDurationSeconds: 7200 },
      { arn: AUDITOR, trustedPrincipals: [READER] },
      {
        arn: PARTNER,
        trustedPrincipals: ['arn:aws:iam::111111111111:user/alice'],
        externalId: 'ext-42',
        mfa: { serialNumber: MFA_SERIAL, code: '123456' },
      },
    ],
  })
  gw = await startFakeGateway({ apis: [{ id: 'a1b2c3d4e5' }], credentials: store })
})

afterAll(async () => {
  await sts.close()
  await gw.close()
})

const client = (credentials: TestCredentials) =>
  new STSClient({ region: 'us-east-1', endpoint: sts.endpoint, credentials, maxAttempts: 1 })

async function stsError(p: Promise<unknown>): Promise<STSServiceException> {
  try {
    await p
  } catch (err) {
    return err as STSServiceException
  }
  throw new Error('expected the STS call to fail')
}

describe('fake STS with the real SDK v3 STSClient', () => {
  it('GetCallerIdentity: the SDK posts a signed form and parses the XML', async () => {
    const out = await client(ALICE).send(new GetCallerIdentityCommand({}))
    expect(out).toMatchObject({
      Account: '111111111111',
      Arn: 'arn:aws:iam::111111111111:user/alice',
      UserId: 'AIDAALICE',
    })
    const call = sts.calls.at(-1)
    expect(call).toMatchObject({
      action: 'GetCallerIdentity',
      callerAccessKeyId: ALICE.accessKeyId,
      status: 200,
      url: '/',
    })
    expect(call?.params).toEqual({ Action: 'GetCallerIdentity', Version: '2011-06-15' })
    // What the SDK actually sends (the Query protocol): keep an eye on it across SDK upgrades.
    const names = call?.headers.map(([k]) => k.toLowerCase()) ?? []
    expect(names).toEqual(expect.arrayContaining(['authorization', 'x-amz-date', 'content-type', 'host']))
    expect(call?.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1]).toMatch(
      /^application\/x-www-form-urlencoded/,
    )
  })

  it('AssumeRole: issues credentials the fake gateway accepts, as the assumed-role ARN', async () => {
    const out = await client(ALICE).send(
      new AssumeRoleCommand({ RoleArn: READER, RoleSessionName: 'pvapi-test', DurationSeconds: 3600 }),
    )
    expect(out.AssumedRoleUser?.Arn).toBe('arn:aws:sts::222222222222:assumed-role/Reader/pvapi-test')
    expect(out.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]+:pvapi-test$/)
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/)
    expect(out.Credentials?.Expiration).toBeInstanceOf(Date)
    expect(sts.calls.at(-1)?.params).toMatchObject({
      Action: 'AssumeRole',
      Version: '2011-06-15',
      RoleArn: READER,
      RoleSessionName: 'pvapi-test',
      DurationSeconds: '3600',
    })

    const creds = {
      accessKeyId: out.Credentials?.AccessKeyId ?? '',
      secretAccessKey: out.Credentials?.SecretAccessKey ?? '',
      sessionToken: out.Credentials?.SessionToken,
    }
    const host = 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com'
    const signed = signForTest({
      method: 'GET',
      host: `${host}:${gw.port}`,
      target: '/prod/who',
      credentials: creds,
      region: 'us-east-1',
    })
    const res = await rawRequest({
      port: gw.port,
      servername: host,
      path: '/prod/who',
      headers: signed.headers,
      ca: gw.caPem,
    })
    expect(res.status).toBe(200)
    expect(res.json<{ principal: string }>().principal).toBe(
      'arn:aws:sts::222222222222:assumed-role/Reader/pvapi-test',
    )

    // The same session asks STS who it is.
    const me = await client(creds).send(new GetCallerIdentityCommand({}))
    expect(me).toMatchObject({
      Account: '222222222222',
      Arn: out.AssumedRoleUser?.Arn,
      UserId: out.AssumedRoleUser?.AssumedRoleId,
    })
  })

  it('role chaining: a Reader session can assume Auditor, but only for up to 1 hour', async () => {
    const first = await client(ALICE).send(
      new AssumeRoleCommand({ RoleArn: READER, RoleSessionName: 'hop1' }),
    )
    const hop = {
      accessKeyId: first.Credentials?.AccessKeyId ?? '',
      secretAccessKey: first.Credentials?.SecretAccessKey ?? '',
      sessionToken: first.Credentials?.SessionToken,
    }
    const second = await client(hop).send(
      new AssumeRoleCommand({ RoleArn: AUDITOR, RoleSessionName: 'hop2' }),
    )
    expect(second.AssumedRoleUser?.Arn).toBe('arn:aws:sts::333333333333:assumed-role/Auditor/hop2')
    const tooLong = await stsError(
      client(hop).send(
        new AssumeRoleCommand({ RoleArn: AUDITOR, RoleSessionName: 'hop2', DurationSeconds: 7200 }),
      ),
    )
    expect(tooLong.name).toBe('ValidationError')
    expect(tooLong.message).toBe(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    )
    // Alice herself is not trusted by Auditor.
    const denied = await stsError(
      client(ALICE).send(new AssumeRoleCommand({ RoleArn: AUDITOR, RoleSessionName: 'direct' })),
    )
    expect(denied.name).toBe('AccessDenied')
    expect(denied.$metadata.httpStatusCode).toBe(403)
    expect(denied.message).toBe(
      `User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole on resource: ${AUDITOR}`,
    )
  })

  it('ExternalId and MFA are enforced', async () => {
    const base = { RoleArn: PARTNER, RoleSessionName: 'partner' }
    const noExt = await stsError(
      client(ALICE).send(new AssumeRoleCommand({ ...base, SerialNumber: MFA_SERIAL, TokenCode: '123456' })),
    )
    expect(noExt.name).toBe('AccessDenied')
    const noMfa = await stsError(client(ALICE).send(new AssumeRoleCommand({ ...base, ExternalId: 'ext-42' })))
    expect(noMfa.name).toBe('AccessDenied')
    const badCode = await stsError(
      client(ALICE).send(
        new AssumeRoleCommand({
          ...base,
          ExternalId: 'ext-42',
          SerialNumber: MFA_SERIAL,
          TokenCode: '000000',
        }),
      ),
    )
    expect(badCode.message).toBe('MultiFactorAuthentication failed with invalid MFA one time pass code. ')
    const ok = await client(ALICE).send(
      new AssumeRoleCommand({ ...base, ExternalId: 'ext-42', SerialNumber: MFA_SERIAL, TokenCode: '123456' }),
    )
    expect(ok.AssumedRoleUser?.Arn).toBe('arn:aws:sts::222222222222:assumed-role/Partner/partner')
    expect(sts.calls.at(-1)?.params).toMatchObject({
      ExternalId: 'ext-42',
      SerialNumber: MFA_SERIAL,
      TokenCode: '123456',
    })
  })

  it('SigV4 failures come back as STS error codes', async () => {
    const wrongSecret = await stsError(
      client({ ...ALICE, secretAccessKey: 'nope' }).send(new GetCallerIdentityCommand({})),
    )
    expect(wrongSecret.name).toBe('SignatureDoesNotMatch')
    const unknown = await stsError(
      client({ accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' }).send(
        new GetCallerIdentityCommand({}),
      ),
    )
    expect(unknown.name).toBe('InvalidClientTokenId')
    expect(unknown.message).toBe('The security token included in the request is invalid.')
    sts.setClockOffsetMs(20 * 60 * 1000)
    try {
      const skewed = await stsError(
        new STSClient({
          region: 'us-east-1',
          endpoint: sts.endpoint,
          credentials: ALICE,
          maxAttempts: 1,
        }).send(new GetCallerIdentityCommand({})),
      )
      expect(skewed.name).toBe('SignatureDoesNotMatch')
      expect(skewed.message).toMatch(
        /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/,
      )
    } finally {
      sts.setClockOffsetMs(0)
    }
  })

  it('is reached through AWS_ENDPOINT_URL_STS when the client has no endpoint option', async () => {
    const saved = process.env['AWS_ENDPOINT_URL_STS']
    process.env['AWS_ENDPOINT_URL_STS'] = sts.endpoint
    try {
      const out = await new STSClient({ region: 'eu-west-1', credentials: ALICE, maxAttempts: 1 }).send(
        new GetCallerIdentityCommand({}),
      )
      expect(out.Arn).toBe('arn:aws:iam::111111111111:user/alice')
      const auth = sts.calls.at(-1)?.headers.find(([k]) => k.toLowerCase() === 'authorization')?.[1]
      expect(auth).toContain('/eu-west-1/sts/aws4_request') // the regional scope
    } finally {
      if (saved === undefined) delete process.env['AWS_ENDPOINT_URL_STS']
      else process.env['AWS_ENDPOINT_URL_STS'] = saved
    }
  })

  it('validation errors use STS wording', async () => {
    const bad = await stsError(
      client(ALICE).send(new AssumeRoleCommand({ RoleArn: READER, RoleSessionName: 'has space' })),
    )
    expect(bad.name).toBe('ValidationError')
    expect(bad.message).toContain("at 'roleSessionName' failed to satisfy constraint")
    const short = await stsError(
      client(ALICE).send(
        new AssumeRoleCommand({ RoleArn: READER, RoleSessionName: 'ok-name', DurationSeconds: 60 }),
      ),
    )
    expect(short.message).toContain('greater than or equal to 900')
  })

  it('answers raw requests with the documented XML shapes', async () => {
    const body = 'Action=GetCallerIdentity&Version=2011-06-15'
    const signed = signForTest({
      method: 'POST',
      host: `127.0.0.1:${sts.port}`,
      target: '/',
      body,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
      credentials: ALICE,
      region: 'eu-west-1',
      service: 'sts',
    })
    const ok = await rawRequest({
      plainHttp: true,
      port: sts.port,
      method: 'POST',
      path: '/',
      headers: signed.headers,
      body,
    })
    expect(ok.status).toBe(200)
    expect(ok.headers['content-type']).toBe('text/xml')
    expect(ok.text).toMatch(
      /^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">/,
    )
    expect(ok.text).toContain('<Arn>arn:aws:iam::111111111111:user/alice</Arn>')

    const unsigned = await rawRequest({
      plainHttp: true,
      port: sts.port,
      method: 'POST',
      path: '/',
      headers: { host: `127.0.0.1:${sts.port}` },
      body,
    })
    expect(unsigned.status).toBe(403)
    expect(unsigned.text).toMatch(
      /<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">\s*<Error>\s*<Type>Sender<\/Type>\s*<Code>MissingAuthenticationToken<\/Code>/,
    )
    expect(unsigned.text).toMatch(/<RequestId>[0-9a-f-]{36}<\/RequestId>/)
  })
})
