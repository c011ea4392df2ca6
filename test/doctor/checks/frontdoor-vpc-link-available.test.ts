/**
 * frontdoor.vpc-link-available: the VPC link's state, and the fix for each state that carries
 * nothing (the link id, the NLB ARN and the front-door method in the commands).
 */
import { describe, expect, it } from 'vitest'
import { frontdoorVpcLinkAvailable } from '../../../src/doctor/checks/frontdoor-vpc-link-available.js'
import { REGION, denied, val } from '../builders.js'
import { FRONT_API, FRONT_RESOURCE, NLB_ARN, VPC_LINK, healthyFrontDoor } from '../scenario-defs-frontdoor.js'
import { evidenceText, expectFinding, expectFixLines, runCheck } from './run-check.js'

const run = (change: (fd: NonNullable<ReturnType<typeof healthyFrontDoor>['frontDoor']>) => void) => {
  const s = healthyFrontDoor()
  change(s.frontDoor!)
  return runCheck(frontdoorVpcLinkAvailable, s)
}

describe('frontdoor.vpc-link-available', () => {
  it('AVAILABLE: pass naming the link; the evidence names its name, state and targets', () => {
    const f = run(() => {})
    expectFinding(f, 'pass', { summary: [VPC_LINK, 'AVAILABLE'] })
    expect(evidenceText(f)).toContain(`VPC link ${VPC_LINK} (front-door): AVAILABLE`)
    expect(evidenceText(f)).toContain(`targets ${NLB_ARN}`)
  })

  it('a link with no name, state, message or targets: the evidence says "?" and "nothing"', () => {
    const f = run(fd => {
      const l = val(fd.vpcLink)
      delete l.name
      delete l.status
      l.targetArns = []
    })
    expect(evidenceText(f)).toMatch(new RegExp(`VPC link ${VPC_LINK}: \\?$`, 'm'))
    expect(evidenceText(f)).toContain('targets nothing')
    expect(f.status).toBe('fail')
    expect(f.summary).toContain(`${VPC_LINK} is in an unknown state:`)
    // No NLB among the targets: a placeholder, explained.
    expect(f.fix).toContain('--target-arns NLB_ARN')
    expect(f.fix).toMatch(/^# NLB_ARN: /m)
    // No name: the new link gets a neutral one.
    expect(f.fix).toContain('create-vpc-link --name front-door --target-arns')
  })

  it('several targets: the evidence lists them all, the new link targets the first', () => {
    const other = `${NLB_ARN}-2`
    const f = run(fd => {
      const l = val(fd.vpcLink)
      l.status = 'FAILED'
      l.targetArns = [NLB_ARN, other]
    })
    expect(evidenceText(f)).toContain(`targets ${NLB_ARN}, ${other}`)
    expect(f.fix).toContain(`--target-arns ${NLB_ARN} --region ${REGION}`)
    expect(f.fix).not.toMatch(/^# NLB_ARN/m)
    expectFixLines(f, /^aws apigateway create-vpc-link /, /^aws apigateway update-integration /)
  })

  it('PENDING: fail on the link; the fix waits for it (get-vpc-link) and changes nothing', () => {
    const f = run(fd => {
      val(fd.vpcLink).status = 'PENDING'
    })
    expectFinding(f, 'fail', {
      summary: [VPC_LINK, 'PENDING'],
      fix: [`aws apigateway get-vpc-link --vpc-link-id ${VPC_LINK} --region ${REGION}`],
      resource: VPC_LINK,
    })
    expect(f.fix).not.toContain('create-vpc-link')
    expect(f.fix).toMatch(/^# wait/m)
    expectFixLines(f, /^aws apigateway get-vpc-link /)
  })

  it('FAILED with a message: fail naming state and message; the fix re-creates the link and re-points the method', () => {
    const f = run(fd => {
      const l = val(fd.vpcLink)
      l.status = 'FAILED'
      l.statusMessage = 'NLB ARN is malformed'
    })
    expectFinding(f, 'fail', {
      summary: [`${VPC_LINK} is FAILED (NLB ARN is malformed)`],
      resource: VPC_LINK,
      evidence: [`VPC link ${VPC_LINK} (front-door): FAILED: NLB ARN is malformed`],
    })
    const lines = f.fix!.split('\n')
    expect(lines[0]).toMatch(/^# /)
    expect(lines).toContain(
      `aws apigateway create-vpc-link --name front-door-2 --target-arns ${NLB_ARN} --region ${REGION}`,
    )
    expect(f.fix).toContain(
      `update-integration --rest-api-id ${FRONT_API} --resource-id ${FRONT_RESOURCE} --http-method GET --region ${REGION}`,
    )
    expect(f.fix).toContain('"op":"replace","path":"/connectionId","value":"VPC_LINK_ID"')
    expect(f.fix).toMatch(/^# VPC_LINK_ID: /m)
  })

  it('DELETING without a message: the summary names the state and no empty parentheses', () => {
    const f = run(fd => {
      val(fd.vpcLink).status = 'DELETING'
    })
    expect(f.status).toBe('fail')
    expect(f.summary).toContain(`${VPC_LINK} is DELETING: `)
    expect(f.summary).not.toContain('()')
  })

  it('a VPC link V2 (the integration targets the load balancer, the link not read): skipped naming the target', () => {
    const f = run(fd => {
      val(fd.integration).integrationTarget = NLB_ARN
      fd.vpcLink = { status: 'not-collected', reason: 'VPC link V2' }
    })
    expectFinding(f, 'skipped', { summary: [NLB_ARN] })
  })

  it('a VPC link V2 that was read is judged; a link not read without a V2 target is unknown', () => {
    const read = run(fd => {
      val(fd.integration).integrationTarget = NLB_ARN
    })
    expect(read.status).toBe('pass')
    const notRead = run(fd => {
      fd.vpcLink = { status: 'not-collected', reason: 'not asked' }
    })
    expectFinding(notRead, 'unknown', { summary: [VPC_LINK] })
  })

  it('the link unreadable: unknown naming it (and no trailing space without an id)', () => {
    const f = run(fd => {
      fd.vpcLink = denied('apigateway:GET')
    })
    expectFinding(f, 'unknown', { summary: [`the VPC link ${VPC_LINK}:`] })
    const noId = run(fd => {
      fd.vpcLink = denied('apigateway:GET')
      delete fd.vpcLinkId
    })
    expect(noId.summary).toContain('the VPC link:')
  })

  it('the integration unreadable: the VPC link is still judged', () => {
    expect(
      run(fd => void (fd.integration = { status: 'denied', action: 'apigateway:GET', message: 'no' })).status,
    ).toBe('pass')
  })

  it('no front door: skipped', () => {
    const s = healthyFrontDoor()
    delete s.frontDoor
    expect(runCheck(frontdoorVpcLinkAvailable, s).status).toBe('skipped')
  })
})
