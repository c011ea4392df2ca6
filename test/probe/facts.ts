/**
 * Probe facts for tests, on the fake-id scheme of fixtures/README.md: what `doctor --probe`
 * records for the signed, unsigned and per-ENI requests, with API Gateway's real messages.
 */
import type { DoctorSnapshot, ProbeAttemptFacts, ProbeFacts } from '../../src/doctor/snapshot.js'
import {
  API_ARN,
  ENI_A,
  ENI_A_IP,
  ENI_B,
  ENI_B_IP,
  HOST,
  REGION,
  SESSION_ARN,
  SUBNET_EP_A,
  SUBNET_EP_B,
  ok,
  type Draft,
} from '../doctor/builders.js'

export const METHOD_ARN = `${API_ARN}/prod/GET/items`

export const MESSAGES = {
  explicitDeny: `User: ${SESSION_ARN} is not authorized to perform: execute-api:Invoke on resource: ${METHOD_ARN} with an explicit deny`,
  implicitDeny: `User: ${SESSION_ARN} is not authorized to perform: execute-api:Invoke on resource: ${METHOD_ARN}`,
  anonymous: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${METHOD_ARN}`,
  vpcePolicy: `User: ${SESSION_ARN} is not authorized to perform: execute-api:Invoke on resource: ${METHOD_ARN} because no VPC endpoint policy allows the execute-api:Invoke action`,
  identityPolicy: `User: ${SESSION_ARN} is not authorized to perform: execute-api:Invoke on resource: ${METHOD_ARN} because no identity-based policy allows the execute-api:Invoke action`,
  authorizer: 'User is not authorized to access this resource with an explicit deny',
  expired:
    'Signature expired: 20250115T115300Z is now earlier than 20250115T115500Z (20250115T120000Z - 5 min.)',
  notYet:
    'Signature not yet current: 20250115T120700Z is still later than 20250115T120500Z (20250115T120000Z + 5 min.)',
  mat: 'Missing Authentication Token',
  forbidden: 'Forbidden',
  invalidToken: 'The security token included in the request is invalid.',
  mismatch:
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  internal: 'Internal server error',
} as const

type Kind = NonNullable<ProbeAttemptFacts['kind']>

const eniOf = (address: string): Partial<ProbeAttemptFacts> =>
  address === ENI_A_IP
    ? { eniId: ENI_A, subnetId: SUBNET_EP_A, availabilityZone: `${REGION}a` }
    : address === ENI_B_IP
      ? { eniId: ENI_B, subnetId: SUBNET_EP_B, availabilityZone: `${REGION}b` }
      : {}

/** An answered request. */
export function answered(
  kind: Kind,
  address: string,
  status: number,
  errorType?: string,
  message?: string,
  extra: Partial<ProbeAttemptFacts> = {},
): ProbeAttemptFacts {
  return {
    kind,
    signed: kind !== 'unsigned',
    address,
    tcp: 'connected',
    tls: 'ok',
    httpStatus: status,
    ...(errorType ? { errorType } : {}),
    ...(message ? { message } : {}),
    ms: 12,
    requestId: '00000000-0000-0000-0000-00000000000a',
    dateHeader: 'Wed, 15 Jan 2025 12:00:01 GMT',
    clockOffsetMs: 400,
    ...(kind === 'eni' ? eniOf(address) : {}),
    ...extra,
  }
}

export const ok200 = (kind: Kind, address: string, extra: Partial<ProbeAttemptFacts> = {}) =>
  answered(kind, address, 200, undefined, undefined, extra)
export const denied403 = (
  kind: Kind,
  address: string,
  message: string,
  extra: Partial<ProbeAttemptFacts> = {},
) => answered(kind, address, 403, 'AccessDeniedException', message, extra)
export const mat403 = (kind: Kind, address: string) =>
  answered(kind, address, 403, 'MissingAuthenticationTokenException', MESSAGES.mat)

/** A transport failure with curl's exit code. */
export function failed(
  kind: Kind,
  address: string,
  exitCode: 6 | 7 | 28 | 35 | 52,
  extra: Partial<ProbeAttemptFacts> = {},
): ProbeAttemptFacts {
  const words = {
    6: `could not resolve host ${HOST}`,
    7: `connection refused: ${HOST} (${address}) port 443`,
    28: `timed out after 3000 ms connecting to ${HOST} (${address}) port 443`,
    35: `TLS handshake with ${HOST} (${address}) port 443 failed`,
    52: `empty reply from ${HOST} (${address}) port 443`,
  }[exitCode]
  return {
    kind,
    signed: kind !== 'unsigned',
    address: exitCode === 6 ? '' : address,
    ...(exitCode === 28
      ? { tcp: 'timeout' as const }
      : exitCode === 7
        ? { tcp: 'refused' as const }
        : exitCode === 6
          ? {}
          : { tcp: 'connected' as const }),
    message: words,
    ms: exitCode === 28 ? 3000 : 5,
    exitCode,
    errorCode: { 6: 'PV_DNS', 7: 'PV_CONNECT', 28: 'PV_TIMEOUT', 35: 'PV_TLS', 52: 'PV_EMPTY_REPLY' }[
      exitCode
    ],
    ...(kind === 'eni' ? eniOf(address) : {}),
    ...extra,
  }
}

/** Put probe results into a snapshot (from the caller instance unless said otherwise). */
export function withProbe(
  s: Draft<DoctorSnapshot>,
  attempts: readonly ProbeAttemptFacts[],
  extra: Partial<ProbeFacts> = {},
): Draft<DoctorSnapshot> {
  const facts: ProbeFacts = {
    attempts,
    startedAt: '2025-01-15T12:00:05.000Z',
    method: 'GET',
    path: s.target.urlPath,
    connectHost: s.target.connectHost,
    hostHeader: s.signing.hostHeader,
    principal: SESSION_ARN,
    vantage: {
      kind: 'caller-instance',
      detail: 'pvapi ran on the caller instance i-0123456789abcdef0 (IMDS)',
    },
    dns: {
      hostname: s.target.connectHost,
      server: 'system',
      result: 'answer',
      addresses: [ENI_A_IP, ENI_B_IP],
    },
    timeoutMs: 5000,
    ...extra,
  }
  s.probe = ok(facts) as never
  return s
}

/** Every request goes through: signed and per-ENI 200, unsigned "Missing Authentication Token" (AWS_IAM). */
export function allGood(): ProbeAttemptFacts[] {
  return [
    ok200('signed', ENI_A_IP),
    mat403('unsigned', ENI_B_IP),
    ok200('eni', ENI_A_IP),
    ok200('eni', ENI_B_IP),
  ]
}

/** The signed and per-ENI requests all get the same answer; the unsigned one "Missing Authentication Token". */
export function everySigned(make: (kind: Kind, address: string) => ProbeAttemptFacts): ProbeAttemptFacts[] {
  return [
    make('signed', ENI_A_IP),
    mat403('unsigned', ENI_B_IP),
    make('eni', ENI_A_IP),
    make('eni', ENI_B_IP),
  ]
}
