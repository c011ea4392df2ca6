/**
 * A local STS speaking the AWS Query protocol as `@aws-sdk/client-sts` v3 uses it:
 * `POST /` with a form body (`Action=AssumeRole&Version=2011-06-15&RoleArn=…`), SigV4 with
 * service `sts`, XML answers. Point the SDK at it with `AWS_ENDPOINT_URL_STS=http://127.0.0.1:PORT`
 * or the client's `endpoint` option.
 *
 * It verifies every caller with the shared `CredentialStore`, enforces each role's trust
 * (who may assume it, ExternalId, MFA), and adds the credentials it issues to that store with
 * their assumed-role ARN, so the fake gateway accepts them and names the caller correctly.
 *
 * Actions: AssumeRole, GetCallerIdentity. Anything else: 400 InvalidAction.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { accountOf, CredentialStore, type StoredCredential } from './credential-store.js'
import { pairsFromRawHeaders, verifySigV4 } from './sigv4-verify.js'

export interface FakeRole {
  /** `arn:aws:iam::222222222222:role/Reader` */
  readonly arn: string
  /**
   * Principals the trust policy allows: exact caller ARNs, role ARNs (match any session of
   * that role), `arn:aws:iam::ACCOUNT:root` (anyone in the account) or `*`.
   */
  readonly trustedPrincipals: readonly string[]
  /** Require `sts:ExternalId` to equal this. */
  readonly externalId?: string
  /** Require `aws:MultiFactorAuthPresent`: this serial and this code. */
  readonly mfa?: { readonly serialNumber: string; readonly code: string }
  /** MaxSessionDuration of the role. @default 3600 */
  readonly maxSessionDurationSeconds?: number
  /** `AROA…` @default derived from the name */
  readonly roleId?: string
}

export interface FakeStsOptions {
  readonly credentials?: CredentialStore
  readonly roles?: readonly FakeRole[]
  /** Regions accepted in the SigV4 scope. @default any */
  readonly regions?: readonly string[]
  /** Server clock offset (the ±5 min check). @default 0 */
  readonly clockOffsetMs?: number
}

export interface StsCall {
  readonly action: string
  readonly params: Readonly<Record<string, string>>
  /** Access key the caller signed with (undefined when unsigned). */
  readonly callerAccessKeyId?: string
  readonly callerArn?: string
  readonly status: number
  /** The error code when it failed (`AccessDenied`, `SignatureDoesNotMatch`, …). */
  readonly errorCode?: string
  readonly headers: ReadonlyArray<readonly [string, string]>
  readonly rawBody: string
  readonly url: string
}

export interface FakeSts {
  readonly port: number
  readonly host: '127.0.0.1'
  /** `http://127.0.0.1:PORT`: the value for AWS_ENDPOINT_URL_STS. */
  readonly endpoint: string
  readonly credentials: CredentialStore
  readonly calls: StsCall[]
  addRole(role: FakeRole): void
  setClockOffsetMs(ms: number): void
  close(): Promise<void>
}

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/'

/** How STS names the SigV4 failures the shared verifier reports in API Gateway's terms. */
const STS_AUTH_ERRORS: Record<string, { code: string; status: number }> = {
  MissingAuthenticationTokenException: { code: 'MissingAuthenticationToken', status: 403 },
  IncompleteSignatureException: { code: 'IncompleteSignature', status: 400 },
  InvalidSignatureException: { code: 'SignatureDoesNotMatch', status: 403 },
  UnrecognizedClientException: { code: 'InvalidClientTokenId', status: 403 },
  ExpiredTokenException: { code: 'ExpiredToken', status: 400 },
}

export async function startFakeSts(opts: FakeStsOptions = {}): Promise<FakeSts> {
  const credentials = opts.credentials ?? new CredentialStore()
  const roles = [...(opts.roles ?? [])]
  const calls: StsCall[] = []
  let clockOffsetMs = opts.clockOffsetMs ?? 0
  const now = () => new Date(Date.now() + clockOffsetMs)
  const sockets = new Set<Socket>()

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => handle(req, res, Buffer.concat(chunks)))
  })
  server.on('connection', (s: Socket) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const headers = pairsFromRawHeaders(req.rawHeaders)
    const url = req.url ?? '/'
    const rawBody = body.toString('utf8')
    // GET with the query works too in real STS; the SDK always POSTs a form.
    const form = new URLSearchParams(req.method === 'GET' ? (url.split('?')[1] ?? '') : rawBody)
    const params = Object.fromEntries(form)
    const action = params['Action'] ?? ''
    const record = (status: number, extra: Partial<StsCall> = {}) =>
      calls.push({ action, params, status, headers, rawBody, url, ...extra })
    const requestId = randomUUID()

    const sendError = (
      status: number,
      code: string,
      message: string,
      type: 'Sender' | 'Receiver' = 'Sender',
      extra: Partial<StsCall> = {},
    ) => {
      record(status, { errorCode: code, ...extra })
      reply(
        res,
        status,
        `<ErrorResponse xmlns="${NS}">\n  <Error>\n    <Type>${type}</Type>\n    <Code>${xml(code)}</Code>\n    <Message>${xml(message)}</Message>\n  </Error>\n  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`,
        requestId,
      )
    }

    const auth = verifySigV4(
      { method: req.method ?? 'POST', url, headers, body },
      {
        credentials,
        service: 'sts',
        region: opts.regions ?? ((r: string) => /^[a-z]{2}(-[a-z]+)+-\d+$/.test(r)),
        now,
      },
    )
    if (!auth.ok) {
      const mapped = STS_AUTH_ERRORS[auth.errorType] ?? { code: auth.errorType, status: 403 }
      const message = auth.reason === 'missing' ? 'Request is missing Authentication Token' : auth.message
      return sendError(mapped.status, mapped.code, message, 'Sender', { callerAccessKeyId: auth.accessKeyId })
    }
    const caller = credentials.get(auth.accessKeyId)
    const callerArn = auth.principal ?? `arn:aws:iam::000000000000:user/${auth.accessKeyId}`
    const who = { callerAccessKeyId: auth.accessKeyId, callerArn }

    if (params['Version'] !== '2011-06-15') {
      return sendError(
        400,
        'InvalidParameterValue',
        `Could not find operation ${action} for version ${params['Version'] ?? 'NO_VERSION_SPECIFIED'}`,
        'Sender',
        who,
      )
    }

    if (action === 'GetCallerIdentity') {
      record(200, who)
      const account = accountOf(callerArn) ?? '000000000000'
      return reply(
        res,
        200,
        `<GetCallerIdentityResponse xmlns="${NS}">\n  <GetCallerIdentityResult>\n    <Arn>${xml(callerArn)}</Arn>\n    <UserId>${xml(caller?.userId ?? auth.accessKeyId)}</UserId>\n    <Account>${account}</Account>\n  </GetCallerIdentityResult>\n  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n</GetCallerIdentityResponse>\n`,
        requestId,
      )
    }

    if (action !== 'AssumeRole') {
      return sendError(
        400,
        'InvalidAction',
        `Could not find operation ${action} for version 2011-06-15`,
        'Sender',
        who,
      )
    }

    // ---- AssumeRole ----------------------------------------------------------------
    const roleArn = params['RoleArn']
    const sessionName = params['RoleSessionName']
    const validation: string[] = []
    if (!roleArn)
      validation.push("Value null at 'roleArn' failed to satisfy constraint: Member must not be null")
    if (!sessionName)
      validation.push("Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null")
    else if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
      validation.push(
        `Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
      )
    }
    const duration = params['DurationSeconds'] === undefined ? 3600 : Number(params['DurationSeconds'])
    if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
      validation.push(
        `Value '${params['DurationSeconds']}' at 'durationSeconds' failed to satisfy constraint: Member must have value ${duration < 900 ? 'greater than or equal to 900' : 'less than or equal to 43200'}`,
      )
    }
    if (validation.length > 0) {
      return sendError(
        400,
        'ValidationError',
        `${validation.length} validation error${validation.length > 1 ? 's' : ''} detected: ${validation.join('; ')}`,
        'Sender',
        who,
      )
    }
    const role = roles.find(r => r.arn === roleArn)
    const denied = `User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`
    // Unknown role, untrusted caller, wrong ExternalId, missing MFA: STS says the same thing for all.
    if (!role || !trusts(role, callerArn)) return sendError(403, 'AccessDenied', denied, 'Sender', who)
    if (role.externalId !== undefined && params['ExternalId'] !== role.externalId)
      return sendError(403, 'AccessDenied', denied, 'Sender', who)
    if (role.mfa) {
      if (params['SerialNumber'] !== role.mfa.serialNumber || params['TokenCode'] === undefined)
        return sendError(403, 'AccessDenied', denied, 'Sender', who)
      if (params['TokenCode'] !== role.mfa.code)
        return sendError(
          403,
          'AccessDenied',
          'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
          'Sender',
          who,
        )
    }
    const chainDepth = (caller?.chainDepth ?? 0) + 1
    if (chainDepth > 1 && duration > 3600) {
      return sendError(
        400,
        'ValidationError',
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
        'Sender',
        who,
      )
    }
    if (duration > (role.maxSessionDurationSeconds ?? 3600)) {
      return sendError(
        400,
        'ValidationError',
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
        'Sender',
        who,
      )
    }

    const roleName = role.arn.split('/').pop() ?? 'role'
    const roleAccount = accountOf(role.arn) ?? '000000000000'
    const roleId = role.roleId ?? `AROA${randomId(17)}`
    const issued: StoredCredential & { accessKeyId: string } = {
      accessKeyId: `ASIA${randomId(16)}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: `FwoGZXIvYXdzE${randomBytes(150).toString('base64')}`,
      principalArn: `arn:aws:sts::${roleAccount}:assumed-role/${roleName}/${sessionName}`,
      userId: `${roleId}:${sessionName}`,
      expiresAt: new Date(Math.floor(now().getTime() / 1000) * 1000 + duration * 1000),
      chainDepth,
    }
    credentials.add(issued.accessKeyId, issued)
    record(200, who)
    return reply(
      res,
      200,
      `<AssumeRoleResponse xmlns="${NS}">\n  <AssumeRoleResult>\n    <AssumedRoleUser>\n      <AssumedRoleId>${xml(issued.userId ?? '')}</AssumedRoleId>\n      <Arn>${xml(issued.principalArn ?? '')}</Arn>\n    </AssumedRoleUser>\n    <Credentials>\n      <AccessKeyId>${issued.accessKeyId}</AccessKeyId>\n      <SecretAccessKey>${xml(issued.secretAccessKey)}</SecretAccessKey>\n      <SessionToken>${xml(issued.sessionToken ?? '')}</SessionToken>\n      <Expiration>${issued.expiresAt?.toISOString().replace('.000Z', 'Z')}</Expiration>\n    </Credentials>\n  </AssumeRoleResult>\n  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n</AssumeRoleResponse>\n`,
      requestId,
    )
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as { port: number }).port

  return {
    port,
    host: '127.0.0.1',
    endpoint: `http://127.0.0.1:${port}`,
    credentials,
    calls,
    addRole: role => void roles.push(role),
    setClockOffsetMs: ms => {
      clockOffsetMs = ms
    },
    close: async () => {
      const closed = new Promise<void>(r => server.close(() => r()))
      for (const s of sockets) s.destroy()
      await closed
    },
  }

  function reply(res: ServerResponse, status: number, body: string, requestId: string): void {
    res.writeHead(status, {
      'content-type': 'text/xml',
      'x-amzn-RequestId': requestId,
      date: now().toUTCString(),
    })
    res.end(body)
  }
}

/** Does the role's trust policy name this caller? Sessions match their role's ARN. */
function trusts(role: FakeRole, callerArn: string): boolean {
  const candidates = new Set([callerArn, '*'])
  const assumed = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(callerArn)
  if (assumed) candidates.add(`arn:aws:iam::${assumed[1]}:role/${assumed[2]}`)
  const account = accountOf(callerArn)
  if (account) candidates.add(`arn:aws:iam::${account}:root`)
  return role.trustedPrincipals.some(p => candidates.has(p))
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

function randomId(length: number): string {
  return [...randomBytes(length)].map(b => ID_ALPHABET[b % ID_ALPHABET.length]).join('')
}

function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}
