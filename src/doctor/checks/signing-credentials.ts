import { fail, pass, unknown, warn, whyMissing, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

// STS error codes that mean the keys or session token themselves are bad (row 3).
const REJECTED = new Set([
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'PV_NO_CREDENTIALS',
  'PV_CREDENTIALS',
  'PV_SSO',
])

/** Hop 1: the credentials that sign the call are valid and not about to expire (row 3). */
export const signingCredentials: Check = {
  id: 'signing.credentials',
  hop: 1,
  title: 'the signing credentials are valid (sts:GetCallerIdentity) and not expired',
  rows: [3],
  run(s) {
    const principal = valueOf(s.caller.principal)
    if (principal?.source === 'lambda') {
      return pass(
        `the caller is a Lambda function: it signs with its execution role's credentials, which Lambda rotates`,
        [`principal ${principal.arn}`],
      )
    }
    const id = s.caller.identity
    const creds = valueOf(s.caller.credentials)
    if (id.status !== 'ok') {
      const code = id.status === 'error' ? id.code : undefined
      if (code && REJECTED.has(code)) {
        const profile = creds?.source.match(/^profile (\S+)/)?.[1]
        const local = code.startsWith('PV_')
        return fail(
          local
            ? `no usable AWS credentials: ${id.status === 'error' ? id.message : code}`
            : `the credentials are rejected (${code}): API Gateway answers 403 "The security token included in the request is invalid."`,
          local
            ? 'give credentials: --profile NAME (aws sso login --profile NAME first for SSO), or export AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN'
            : profile
              ? `aws sso login --profile ${profile}   # or refresh the profile's keys; then re-run`
              : 'refresh the credentials (new keys, or a new session token) and re-run',
          [
            `sts:GetCallerIdentity: ${id.status === 'error' ? id.message : ''}`,
            ...(creds ? [`credential source: ${creds.source}`] : []),
          ],
          creds?.source,
        )
      }
      return unknown(`could not verify the credentials: ${whyMissing(id)}`, [
        'sts:GetCallerIdentity (needs no permission: STS must be reachable)',
      ])
    }
    const evidence = [
      `signs as ${id.value.arn}`,
      ...(creds
        ? [
            `credential source: ${creds.source}${creds.roleChain.length ? ` → ${creds.roleChain.join(' → ')}` : ''}`,
          ]
        : []),
    ]
    if (creds?.expiresAt) {
      const left = Date.parse(creds.expiresAt) - Date.parse(s.collectedAt)
      if (left <= 0)
        return fail(
          `the session expired at ${creds.expiresAt}`,
          'refresh the session (aws sso login, or assume the role again) and re-run',
          evidence,
        )
      if (left < 10 * 60_000) {
        return warn(
          `the session expires in ${Math.round(left / 60_000)} min (${creds.expiresAt}): calls will start failing with "The security token included in the request is invalid."`,
          'refresh the credentials before they expire; do not cache them past Expiration',
          evidence,
        )
      }
      evidence.push(`expires ${creds.expiresAt}`)
    }
    return pass(`credentials valid for ${id.value.arn}`, evidence)
  },
}
