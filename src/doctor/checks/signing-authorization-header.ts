import { fail, pass, unknown, warn, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

/**
 * Hop 1: what the Authorization header carries fits the method's authorization type and the
 * endpoint policy (rows 1 and 8). API Gateway reads the header as SigV4 for AWS_IAM methods, and
 * for NONE methods when the VPC endpoint has a custom policy.
 */
export const signingAuthorizationHeader: Check = {
  id: 'signing.authorization-header',
  hop: 1,
  title: "the Authorization header fits the method's authorization type and the endpoint policy",
  rows: [1, 8],
  run(s, d) {
    const auth = s.signing.authorization
    const type = valueOf(d.method)?.method.authorizationType
    const custom = ['collected', 'supplied'].includes(d.policy.inputs.endpoint.state)
    const sent = {
      sigv4: 'a SigV4 signature',
      none: 'no Authorization header',
      other: 'a non-SigV4 Authorization header (e.g. Bearer)',
    }[auth]
    const evidence = [
      `client sends ${sent}`,
      `method authorization ${type ?? 'unknown'}`,
      `endpoint policy ${d.policy.inputs.endpoint.state}`,
    ]
    if (!type) {
      if (auth === 'sigv4')
        return pass('the request is SigV4-signed (accepted by AWS_IAM and NONE methods)', evidence)
      return unknown(
        `cannot tell whether ${sent} is accepted: the method's authorization type is unknown`,
        ['apigateway:GET on the API (--api-profile/--api-role-arn)'],
        evidence,
      )
    }
    if (type === 'AWS_IAM' && auth === 'none') {
      return fail(
        'the method is AWS_IAM and the request is not signed: API Gateway answers 403 "Missing Authentication Token"',
        `sign the request with SigV4 for execute-api in ${s.target.region}: pvapi call ${s.target.url}`,
        evidence,
      )
    }
    if (type === 'AWS_IAM' && auth === 'other') {
      return fail(
        'the method is AWS_IAM and the Authorization header is not SigV4: API Gateway answers 403 IncompleteSignatureException',
        'sign with SigV4 instead of sending a bearer token (pvapi call signs by default)',
        evidence,
      )
    }
    if (type === 'NONE' && custom && auth === 'other') {
      return fail(
        'the VPC endpoint has a custom policy, so API Gateway parses the Authorization header as SigV4, and a bearer token fails: 403 IncompleteSignatureException / InvalidSignatureException',
        'send the application token in another header, restore the default full-access endpoint policy, or switch the method to a CUSTOM (Lambda) or COGNITO_USER_POOLS authorizer',
        evidence,
      )
    }
    if ((type === 'CUSTOM' || type === 'COGNITO_USER_POOLS') && auth === 'sigv4') {
      return warn(
        `the method uses a ${type} authorizer, which reads a token, not a SigV4 signature`,
        'send the token the authorizer expects (pvapi call --no-sign -H "Authorization: Bearer …"), and re-run the doctor with --auth-header other',
        evidence,
      )
    }
    return pass(`${sent} fits the ${type} method${custom ? ' and the custom endpoint policy' : ''}`, evidence)
  },
}
