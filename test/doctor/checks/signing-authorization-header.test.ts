/**
 * signing.authorization-header, the branches signing.test.ts leaves implicit: what each branch
 * says was sent and what the method is, a supplied (--endpoint-policy) custom policy, the
 * `invalid`/`unknown` endpoint policy states (not custom), and the exact fixes' facts.
 */
import { describe, expect, it } from 'vitest'
import { signingAuthorizationHeader } from '../../../src/doctor/checks/signing-authorization-header.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import { HOST, REGION, denied, healthy, val, type Draft } from '../builders.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

type Snap = Draft<DoctorSnapshot>
const run = (s: Snap) => runCheck(signingAuthorizationHeader, s)
const auth = (s: Snap, a: 'sigv4' | 'none' | 'other', type?: string) => {
  s.signing.authorization = a
  if (type)
    for (const r of val(s.api.resources)) if (r.path === '/items') r.methods.GET!.authorizationType = type
  return s
}
const CUSTOM_POLICY = {
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '*' }],
}
const supplied = (s: Snap) => {
  s.supplied.endpointPolicy = { name: 'ep.json', document: CUSTOM_POLICY }
  return s
}
const collected = (s: Snap) => {
  val(s.network.endpoints)[0]!.policy = CUSTOM_POLICY as never
  return s
}

describe('signing.authorization-header: evidence', () => {
  it.each([
    ['sigv4', 'client sends a SigV4 signature'],
    ['none', 'client sends no Authorization header'],
    ['other', 'client sends a non-SigV4 Authorization header (e.g. Bearer)'],
  ] as const)(
    '%s: the evidence says what the client sends, the method type and the endpoint policy state',
    (a, text) => {
      const f = run(auth(healthy(), a))
      expect(f.evidence.map(e => e.text)).toEqual([
        text,
        'method authorization AWS_IAM',
        'endpoint policy default',
      ])
    },
  )
})

describe('signing.authorization-header: the custom endpoint policy', () => {
  it('a supplied (--endpoint-policy) policy counts as custom: a bearer token on NONE fails', () => {
    const f = run(supplied(auth(healthy(), 'other', 'NONE')))
    expectFinding(f, 'fail', {
      summary: ['custom policy', 'parses the Authorization header as SigV4', 'IncompleteSignatureException'],
      fix: ['another header', 'default full-access endpoint policy', 'CUSTOM (Lambda) or COGNITO_USER_POOLS'],
      evidence: ['endpoint policy supplied'],
    })
  })
  it('a collected custom policy: the same', () => {
    expectFinding(run(collected(auth(healthy(), 'other', 'NONE'))), 'fail', {
      evidence: ['endpoint policy collected'],
    })
  })
  it('the endpoint policy unknown is not custom: a bearer token on NONE passes', () => {
    const s = auth(healthy(), 'other', 'NONE')
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    const f = run(s)
    expectFinding(f, 'pass', { summary: ['fits the NONE method'], evidence: ['endpoint policy unknown'] })
    expect(f.summary).not.toContain('custom')
  })
  it('an invalid endpoint policy is not custom either', () => {
    const s = auth(healthy(), 'other', 'NONE')
    val(s.network.endpoints)[0]!.policy = { Statement: [{ Effect: 'Maybe' }] } as never
    const f = run(s)
    expect(f.status).toBe('pass')
    expect(evidenceText(f)).toContain('endpoint policy invalid')
  })
  it('the pass names what was sent and the type, and the custom policy when there is one', () => {
    const f = run(supplied(auth(healthy(), 'none', 'NONE')))
    expectFinding(f, 'pass', {
      summary: ['no Authorization header fits the NONE method and the custom endpoint policy'],
    })
    const g = run(auth(healthy(), 'sigv4'))
    expect(g.summary).toBe('a SigV4 signature fits the AWS_IAM method')
  })
})

describe('signing.authorization-header: the failures', () => {
  it('unsigned on AWS_IAM: the fix signs for the API region and names the URL to call', () => {
    const f = run(auth(healthy(), 'none'))
    expectFinding(f, 'fail', {
      summary: ['not signed'],
      fix: [`execute-api in ${REGION}: pvapi call https://${HOST}/prod/items`],
    })
    expect(f.resource).toBeUndefined()
  })
  it('a bearer token on AWS_IAM: the fix signs with SigV4 instead', () => {
    const f = run(auth(healthy(), 'other'))
    expectFinding(f, 'fail', {
      summary: ['not SigV4'],
      fix: ['sign with SigV4 instead of sending a bearer token'],
    })
  })
  it('SigV4 on a Cognito method: warn, the fix sends the token unsigned and reruns with --auth-header other', () => {
    const f = run(auth(healthy(), 'sigv4', 'COGNITO_USER_POOLS'))
    expectFinding(f, 'warn', {
      summary: ['COGNITO_USER_POOLS authorizer'],
      fix: ['pvapi call --no-sign -H "Authorization: Bearer', '--auth-header other'],
    })
  })
  it('a token on a CUSTOM or Cognito method passes, custom endpoint policy or not (only NONE methods fail on it)', () => {
    for (const type of ['CUSTOM', 'COGNITO_USER_POOLS'])
      expectFinding(run(supplied(auth(healthy(), 'other', type))), 'pass', {
        summary: [`fits the ${type} method`],
      })
  })
  it('no header on a CUSTOM method: pass (the authorizer answers 401 itself)', () => {
    expect(run(auth(healthy(), 'none', 'CUSTOM')).status).toBe('pass')
  })
  it('the method unknown and no header: unknown, naming the permission that reads it', () => {
    const s = auth(healthy(), 'none')
    s.api.resources = denied('apigateway:GET')
    s.api.deployment = denied('apigateway:GET')
    const f = run(s)
    expectFinding(f, 'unknown', { summary: ['no Authorization header', 'authorization type is unknown'] })
    expect(f.missing).toEqual(['apigateway:GET on the API (--api-profile/--api-role-arn)'])
    expect(evidenceText(f)).toContain('method authorization unknown')
  })
})
