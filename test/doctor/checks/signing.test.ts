/**
 * Hop 1 checks: credentials, scope, Authorization header, host routing. Each branch names what
 * the user must change: the credential source or profile, the region or service signed, the
 * method's authorization type.
 */
import { describe, expect, it } from 'vitest'
import { signingAuthorizationHeader } from '../../../src/doctor/checks/signing-authorization-header.js'
import { signingCredentials } from '../../../src/doctor/checks/signing-credentials.js'
import { signingHostRouting } from '../../../src/doctor/checks/signing-host-routing.js'
import { signingScope } from '../../../src/doctor/checks/signing-scope.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import {
  API,
  HOST,
  REGION,
  SESSION_ARN,
  denied,
  healthy,
  healthyCustomDomain,
  healthyLambda,
  healthyVpceName,
  LAMBDA_SESSION_ARN,
  ok,
  val,
  type Draft,
} from '../builders.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

const identityError = (s: Draft<DoctorSnapshot>, code: string, message = `${code} happened`) => {
  s.caller.identity = { status: 'error', code, message }
  return s
}
const setMethodAuth = (s: Draft<DoctorSnapshot>, authorizationType: string) => {
  for (const r of val(s.api.resources))
    if (r.path === '/items') r.methods.GET!.authorizationType = authorizationType
  return s
}
const customEndpointPolicy = (s: Draft<DoctorSnapshot>) => {
  val(s.network.endpoints)[0]!.policy = {
    Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }],
  }
  return s
}

describe('signing.credentials', () => {
  it('valid session: pass naming the ARN, the source and the expiry', () => {
    const f = runCheck(signingCredentials, healthy())
    expectFinding(f, 'pass', {
      summary: [SESSION_ARN],
      evidence: [SESSION_ARN, 'EC2 instance metadata (IMDS)', 'expires 2025-01-15T17:00:00.000Z'],
    })
  })
  it('a role chain is shown in order', () => {
    const s = healthy()
    val(s.caller.credentials).roleChain = [
      'arn:aws:iam::111111111111:role/a',
      'arn:aws:iam::222222222222:role/b',
    ]
    const f = runCheck(signingCredentials, s)
    expect(evidenceText(f)).toContain(
      'EC2 instance metadata (IMDS) → arn:aws:iam::111111111111:role/a → arn:aws:iam::222222222222:role/b',
    )
  })
  it('long-term keys (no expiry) pass without an expiry line', () => {
    const s = healthy()
    delete (val(s.caller.credentials) as { expiresAt?: string }).expiresAt
    const f = runCheck(signingCredentials, s)
    expectFinding(f, 'pass')
    expect(evidenceText(f)).not.toContain('expires')
  })
  it('credentials not described: pass on the identity alone', () => {
    const s = healthy()
    s.caller.credentials = denied('x')
    const f = runCheck(signingCredentials, s)
    expectFinding(f, 'pass', { summary: [SESSION_ARN] })
    expect(evidenceText(f)).not.toContain('credential source')
  })
  it('expiry exactly at collection time: expired (fail)', () => {
    const s = healthy()
    val(s.caller.credentials).expiresAt = s.collectedAt
    expectFinding(runCheck(signingCredentials, s), 'fail', { summary: [s.collectedAt] })
  })
  it('9 minutes left: warn with the minutes; 10 minutes left: pass', () => {
    const s = healthy()
    val(s.caller.credentials).expiresAt = '2025-01-15T12:09:00.000Z'
    expectFinding(runCheck(signingCredentials, s), 'warn', { summary: ['9 min', '2025-01-15T12:09:00.000Z'] })
    val(s.caller.credentials).expiresAt = '2025-01-15T12:10:00.000Z'
    expect(runCheck(signingCredentials, s).status).toBe('pass')
  })
  it('STS rejects the keys: fail naming the code and the credential source', () => {
    for (const code of [
      'InvalidClientTokenId',
      'ExpiredTokenException',
      'SignatureDoesNotMatch',
      'UnrecognizedClientException',
      'InvalidAccessKeyId',
    ]) {
      const f = runCheck(signingCredentials, identityError(healthy(), code))
      expectFinding(f, 'fail', {
        summary: [code],
        resource: 'EC2 instance metadata (IMDS)',
        evidence: [`${code} happened`, 'EC2 instance metadata (IMDS)'],
      })
      expect(f.fix).toMatch(/refresh/)
    }
  })
  it('a rejected profile: the fix logs that profile in', () => {
    const s = identityError(healthy(), 'ExpiredToken')
    val(s.caller.credentials).source = 'profile orders-dev (~/.aws/config)'
    const f = runCheck(signingCredentials, s)
    expectFinding(f, 'fail', {
      fix: ['aws sso login --profile orders-dev'],
      resource: 'profile orders-dev (~/.aws/config)',
    })
  })
  it('no usable credentials locally (PV_ codes): fail with the message, the fix says how to give some', () => {
    for (const code of ['PV_NO_CREDENTIALS', 'PV_CREDENTIALS', 'PV_SSO']) {
      const s = identityError(healthy(), code, 'the SSO session has expired')
      s.caller.credentials = denied('x')
      const f = runCheck(signingCredentials, s)
      expectFinding(f, 'fail', { summary: ['the SSO session has expired'], fix: ['--profile'] })
      expect(f.summary).not.toContain('403')
      expect(evidenceText(f)).not.toContain('credential source')
      expect(f.resource).toBeUndefined()
    }
  })
  it('another STS error: unknown, STS must be reachable', () => {
    const f = runCheck(signingCredentials, identityError(healthy(), 'Throttling', 'Rate exceeded'))
    expectFinding(f, 'unknown', { summary: ['Rate exceeded'] })
    expect(f.missing!.join(' ')).toContain('sts:GetCallerIdentity')
    const g = healthy()
    g.caller.identity = denied('sts:GetCallerIdentity')
    expectFinding(runCheck(signingCredentials, g), 'unknown')
  })
  it('a Lambda caller passes on its execution role', () => {
    const f = runCheck(signingCredentials, healthyLambda())
    expectFinding(f, 'pass', { summary: ['Lambda'], evidence: [LAMBDA_SESSION_ARN] })
  })
})

describe('signing.scope', () => {
  it('right region and service: pass', () => {
    const f = runCheck(signingScope, healthy())
    expectFinding(f, 'pass', {
      summary: [`${REGION}/execute-api`],
      evidence: [`/${REGION}/execute-api/`, 'region from host', `API region ${REGION}`],
    })
  })
  it('the service is checked before the region', () => {
    const s = healthy()
    s.signing.service = 'apigateway'
    s.signing.region = 'us-west-2'
    const f = runCheck(signingScope, s)
    expectFinding(f, 'fail', { summary: ['"apigateway"'], fix: [`aws:amz:${REGION}:execute-api`] })
  })
  it('wrong region: fail naming both regions; the fix signs with the API region', () => {
    const s = healthy()
    s.signing.region = 'eu-west-1'
    s.signing.regionSource = 'flag'
    const f = runCheck(signingScope, s)
    expectFinding(f, 'fail', {
      summary: ['eu-west-1', REGION],
      fix: [`--region ${REGION}`],
      evidence: ['region from flag'],
    })
    expect(f.fix).not.toContain('eu-west-1')
  })
})

describe('signing.authorization-header', () => {
  it('SigV4 on AWS_IAM: pass naming both', () => {
    expectFinding(runCheck(signingAuthorizationHeader, healthy()), 'pass', {
      summary: ['SigV4', 'AWS_IAM'],
      evidence: ['endpoint policy'],
    })
  })
  it('SigV4 with a custom endpoint policy: the pass says so', () => {
    const f = runCheck(signingAuthorizationHeader, customEndpointPolicy(healthy()))
    expectFinding(f, 'pass', { summary: ['custom endpoint policy'], evidence: ['endpoint policy collected'] })
    expect(runCheck(signingAuthorizationHeader, healthy()).summary).not.toContain('custom endpoint policy')
  })
  it('unsigned on AWS_IAM: fail; the fix signs for the API region and URL', () => {
    const s = healthy()
    s.signing.authorization = 'none'
    const f = runCheck(signingAuthorizationHeader, s)
    expectFinding(f, 'fail', {
      summary: ['AWS_IAM', 'Missing Authentication Token'],
      fix: [REGION, `https://${HOST}/prod/items`],
      evidence: ['no Authorization header'],
    })
  })
  it('bearer on AWS_IAM: fail, IncompleteSignatureException', () => {
    const s = healthy()
    s.signing.authorization = 'other'
    expectFinding(runCheck(signingAuthorizationHeader, s), 'fail', {
      summary: ['AWS_IAM', 'IncompleteSignatureException'],
      evidence: ['non-SigV4'],
    })
  })
  it('bearer on NONE: fails only with a custom endpoint policy', () => {
    const s = setMethodAuth(healthy(), 'NONE')
    s.signing.authorization = 'other'
    expectFinding(runCheck(signingAuthorizationHeader, s), 'pass', { summary: ['NONE'] })
    expectFinding(runCheck(signingAuthorizationHeader, customEndpointPolicy(s)), 'fail', {
      summary: ['custom policy'],
    })
  })
  it('unsigned on NONE with a custom endpoint policy: pass (nothing to parse)', () => {
    const s = customEndpointPolicy(setMethodAuth(healthy(), 'NONE'))
    s.signing.authorization = 'none'
    expect(runCheck(signingAuthorizationHeader, s).status).toBe('pass')
  })
  it('SigV4 on CUSTOM or Cognito: warn naming the authorizer type; a token on CUSTOM passes', () => {
    for (const type of ['CUSTOM', 'COGNITO_USER_POOLS']) {
      const f = runCheck(signingAuthorizationHeader, setMethodAuth(healthy(), type))
      expectFinding(f, 'warn', { summary: [type], fix: ['--auth-header other'] })
    }
    const s = setMethodAuth(healthy(), 'CUSTOM')
    s.signing.authorization = 'other'
    expect(runCheck(signingAuthorizationHeader, s).status).toBe('pass')
  })
  it('method unknown: SigV4 passes (both accept it), anything else is unknown', () => {
    const s = healthy()
    s.api.resources = denied('apigateway:GET')
    s.api.deployment = denied('apigateway:GET')
    expectFinding(runCheck(signingAuthorizationHeader, s), 'pass', {
      evidence: ['method authorization unknown'],
    })
    s.signing.authorization = 'other'
    const f = runCheck(signingAuthorizationHeader, s)
    expectFinding(f, 'unknown', { summary: ['non-SigV4'] })
    expect(f.missing!.join(' ')).toContain('apigateway:GET')
  })
})

describe('signing.host-routing', () => {
  it('private DNS: addressed by its host name', () => {
    expectFinding(runCheck(signingHostRouting, healthy()), 'pass', {
      summary: ['its host name'],
      evidence: [`Host: ${HOST}`],
    })
  })
  it('endpoint name with x-apigw-api-id: says so and shows the header', () => {
    const f = runCheck(signingHostRouting, healthyVpceName())
    expectFinding(f, 'pass', { summary: ['x-apigw-api-id'], evidence: [`x-apigw-api-id: ${API}`] })
  })
  it('custom domain: the custom domain Host', () => {
    expectFinding(runCheck(signingHostRouting, healthyCustomDomain()), 'pass', {
      summary: ['custom domain Host'],
    })
  })
  it('a Host override on a private DNS URL passes as such', () => {
    const s = healthy()
    s.signing.hostMode = 'host'
    expectFinding(runCheck(signingHostRouting, s), 'pass', { summary: ['Host override'] })
  })
  it('endpoint name + Host override: warn; the fix names the URL and the API id', () => {
    const s = healthyVpceName()
    s.signing.hostMode = 'host'
    delete s.signing.apiIdHeader
    const f = runCheck(signingHostRouting, s)
    expectFinding(f, 'warn', { fix: [s.target.url, `--api-id ${API}`] })
    expect(f.evidence.map(e => e.text)).not.toContainEqual(expect.stringMatching(/^x-apigw-api-id:/))
    delete s.target.apiId
    expect(runCheck(signingHostRouting, s).fix).toContain('--api-id API_ID')
  })
  void ok
})
