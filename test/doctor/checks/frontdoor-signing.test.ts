/**
 * frontdoor.signing: an HTTP integration through a VPC link never signs, so the private method
 * must not be AWS_IAM. The facts: the method, its resource id, the API and stage in the fix.
 */
import { describe, expect, it } from 'vitest'
import { frontdoorSigning } from '../../../src/doctor/checks/frontdoor-signing.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import { API, REGION, denied, val, type Draft } from '../builders.js'
import { VPC_LINK, healthyFrontDoor } from '../scenario-defs-frontdoor.js'
import { evidenceText, expectFinding, expectFixLines, runCheck } from './run-check.js'

const setAuth = (s: Draft<DoctorSnapshot>, type: string | undefined) => {
  for (const r of val(s.api.resources))
    for (const m of Object.values(r.methods)) {
      if (type === undefined) delete m.authorizationType
      else m.authorizationType = type
    }
  return s
}

describe('frontdoor.signing', () => {
  it('NONE: pass; the evidence names the integration type, the VPC link and the method', () => {
    const f = runCheck(frontdoorSigning, healthyFrontDoor())
    expectFinding(f, 'pass', { summary: ['NONE'] })
    expect(f.summary).toMatch(/is accepted$/)
    expect(evidenceText(f)).toContain(`HTTP_PROXY integration through VPC link ${VPC_LINK} sends no SigV4`)
    expect(evidenceText(f)).toContain(`private method GET /items of ${API}: NONE`)
  })

  it('no authorization type: read as NONE', () => {
    const f = runCheck(frontdoorSigning, setAuth(healthyFrontDoor(), undefined))
    expectFinding(f, 'pass', { summary: ['is NONE'] })
    expect(evidenceText(f)).toContain(': NONE')
  })

  it('CUSTOM: pass, and the summary says the authorizer reads the forwarded token', () => {
    const f = runCheck(frontdoorSigning, setAuth(healthyFrontDoor(), 'CUSTOM'))
    expectFinding(f, 'pass', { summary: ['is CUSTOM', 'the CUSTOM authorizer reads the token'] })
  })

  it('unknown integration type and VPC link: the evidence says HTTP and "?"', () => {
    const s = healthyFrontDoor()
    s.frontDoor!.integration = denied('apigateway:GET')
    delete s.frontDoor!.vpcLinkId
    const f = runCheck(frontdoorSigning, s)
    expect(evidenceText(f)).toContain("the front door's HTTP integration through VPC link ? sends")
  })

  it('AWS_IAM: fail on the method; the fix makes it NONE with its resource id and redeploys the stage', () => {
    const f = runCheck(frontdoorSigning, setAuth(healthyFrontDoor(), 'AWS_IAM'))
    expectFinding(f, 'fail', {
      summary: ['GET /items', 'AWS_IAM', 'Missing Authentication Token'],
      resource: `${API} GET /items`,
      fix: [
        `aws apigateway update-method --rest-api-id ${API} --resource-id res0000001 --http-method GET --region ${REGION} --patch-operations`,
        '"op":"replace","path":"/authorizationType","value":"NONE"',
        `aws apigateway create-deployment --rest-api-id ${API} --stage-name prod --region ${REGION}`,
      ],
    })
    expect(f.fix).not.toContain('# STAGE')
    expectFixLines(f, /^aws apigateway update-method /, /^aws apigateway create-deployment /)
    expect(f.fix!.split('\n')[0]).toMatch(/^# /)
    expect(f.fix!.split('\n').at(-1)).toMatch(/^# or keep AWS_IAM/)
  })

  it('AWS_IAM on an API whose id only the caller knows: API_ID placeholders', () => {
    const s = setAuth(healthyFrontDoor(), 'AWS_IAM')
    delete s.target.apiId
    const f = runCheck(frontdoorSigning, s)
    expectFinding(f, 'fail', { resource: 'API_ID GET /items', fix: ['update-method --rest-api-id API_ID'] })
    expect(evidenceText(f)).toContain('private method GET /items of ?:')
  })

  it('the method unreadable: unknown naming what would tell (the API credentials)', () => {
    const s = healthyFrontDoor()
    s.api.resources = denied('apigateway:GET')
    const f = runCheck(frontdoorSigning, s)
    expectFinding(f, 'unknown', { summary: ["the private method's authorization type"] })
    expect(f.missing?.join(' ')).toContain('--api-profile/--api-role-arn')
  })

  it('no front door: skipped', () => {
    const s = healthyFrontDoor()
    delete s.frontDoor
    expect(runCheck(frontdoorSigning, s).status).toBe('skipped')
  })
})
