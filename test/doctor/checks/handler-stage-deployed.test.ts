/**
 * handler.stage-deployed, branch by branch: the API that does not exist (in whose account), a
 * URL that maps to no stage, the stage list a user picks from, and the deployment it serves.
 */
import { describe, expect, it } from 'vitest'
import { handlerStageDeployed as check } from '../../../src/doctor/checks/handler-stage-deployed.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import { API, HOST, REGION, denied, healthy, healthyCustomDomain, ok, val, type Draft } from '../builders.js'
import { expectFinding, runCheck } from './run-check.js'

type Snap = Draft<DoctorSnapshot>
const notFound = (s: Snap): Snap => {
  s.api.restApi = { status: 'not-found', message: 'Invalid API identifier specified' }
  return s
}
const stage = (stageName: string, deploymentId?: string) => ({
  stageName,
  ...(deploymentId ? { deploymentId } : {}),
})

describe('handler.stage-deployed: the API does not exist', () => {
  it('the fix lists the APIs of the region, one line each', () => {
    const f = runCheck(check, notFound(healthy()))
    expectFinding(f, 'fail', { resource: API })
    expect(f.fix!.split('\n')).toEqual([
      `# check the API id and region; the APIs of ${REGION}:`,
      `aws apigateway get-rest-apis --region ${REGION} --query 'items[].[id,name]'`,
    ])
    expect(f.evidence).toEqual([])
  })
  it("the API's account unknown: says the API owner's account", () => {
    const s = notFound(healthy())
    s.api.identity = denied('sts:GetCallerIdentity')
    expectFinding(runCheck(check, s), 'fail', {
      summary: [`API ${API} does not exist in the API owner's account`],
    })
  })
  it('the API unreadable: unknown, with the API-side flags', () => {
    const s = healthy()
    s.api.restApi = denied('apigateway:GET')
    const f = runCheck(check, s)
    expectFinding(f, 'unknown', { summary: [API] })
    expect(f.missing).toContain('--api-profile/--api-role-arn')
  })
})

describe('handler.stage-deployed: the stage', () => {
  it('a custom domain path that maps to no stage: skipped (the base path check says why)', () => {
    const s = healthyCustomDomain()
    s.api.customDomain!.basePathMappings = ok([])
    expectFinding(runCheck(check, s), 'skipped', { summary: ['domain.base-path-mapping'] })
  })
  it('the base path mappings unreadable: unknown naming the stage', () => {
    const s = healthyCustomDomain()
    s.api.customDomain!.basePathMappings = denied('apigateway:GET')
    expectFinding(runCheck(check, s), 'unknown', { summary: ['the stage'] })
  })
  it('a custom domain URL (no API id in the host): the API is the mapped one', () => {
    const s = healthyCustomDomain()
    delete s.target.apiId
    s.api.stages = ok([stage('dev', 'dep0000002')])
    expectFinding(runCheck(check, s), 'fail', {
      summary: [`"prod" does not exist on ${API}`],
      resource: `${API}/prod`,
    })
  })
  it('a missing stage: the existing ones listed comma-separated; the fix calls the first, or deploys', () => {
    const s = healthy()
    s.api.stages = ok([stage('dev', 'dep0000002'), stage('test', 'dep0000003')])
    const f = runCheck(check, s)
    expectFinding(f, 'fail', { summary: ['(stages: dev, test)'], evidence: ['stages: dev, test'] })
    expect(f.fix!.split('\n')).toEqual([
      `# call an existing stage (https://${HOST}/dev/items), or deploy this one:`,
      `aws apigateway create-deployment --rest-api-id ${API} --stage-name prod --region ${REGION}`,
    ])
  })
  it('a stage without a deployment: fail with the deploy command, no evidence', () => {
    const s = healthy()
    s.api.stages = ok([stage('prod')])
    const f = runCheck(check, s)
    expectFinding(f, 'fail', { summary: ['"prod" has no deployment'], resource: `${API}/prod` })
    expect(f.evidence).toEqual([])
  })
})

describe('handler.stage-deployed: the deployment served', () => {
  it('the deployment unreadable: pass naming its id, without a date', () => {
    const s = healthy()
    s.api.deployment = denied('apigateway:GET')
    expect(runCheck(check, s).summary).toMatch(/serves deployment dep0000001$/)
  })
  it('a deployment without a creation date: nothing after its id', () => {
    const s = healthy()
    delete (val(s.api.deployment) as { createdDate?: string }).createdDate
    expect(runCheck(check, s).summary).toMatch(/serves deployment dep0000001$/)
  })
})
