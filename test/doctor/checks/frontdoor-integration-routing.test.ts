/**
 * frontdoor.integration-routing: the front-door integration names the private API by its URI host
 * or a static x-apigw-api-id mapping. The facts: the API ids, the host sent, the front-door method
 * in the fix and the x-apigw-api-id value it maps.
 */
import { describe, expect, it } from 'vitest'
import { frontdoorIntegrationRouting } from '../../../src/doctor/checks/frontdoor-integration-routing.js'
import type { FrontDoorFacts } from '../../../src/doctor/front-door-facts.js'
import { API, HOST, REGION, denied, val, type Draft } from '../builders.js'
import { FRONT_API, FRONT_RESOURCE, NLB_DNS, healthyFrontDoor } from '../scenario-defs-frontdoor.js'
import { evidenceText, expectFinding, expectFixLines, runCheck } from './run-check.js'

const run = (change: (fd: Draft<FrontDoorFacts>) => void) => {
  const s = healthyFrontDoor()
  change(s.frontDoor!)
  return runCheck(frontdoorIntegrationRouting, s)
}
/** The URI is the NLB's name and nothing names the API. */
const nlbHost = (fd: Draft<FrontDoorFacts>) => {
  val(fd.integration).uri = `https://${NLB_DNS}/prod/{proxy}`
  fd.privateApi = { how: `neither the URI host ${NLB_DNS} nor an x-apigw-api-id mapping names one` }
}
const HEADER_FIX = `"op":"add","path":"/requestParameters/integration.request.header.x-apigw-api-id"`

describe('frontdoor.integration-routing', () => {
  it('the URI host names the API: pass naming it and how (without "the "); evidence shows the integration', () => {
    const f = run(() => {})
    expectFinding(f, 'pass', { summary: [`private API ${API} by URI host ${HOST}`] })
    expect(evidenceText(f)).toContain(`integration: HTTP_PROXY VPC_LINK https://${HOST}/prod/{proxy}`)
    // Only header mappings are evidence (the path mapping is not).
    expect(evidenceText(f)).not.toContain('integration.request.path.proxy')
    expect(evidenceText(f)).not.toContain('is ignored')
    expect(f.evidence).toHaveLength(1)
  })

  it('how the API is named, without a leading "the " only', () => {
    const f = run(fd => {
      fd.privateApi = { apiId: API, how: `x-apigw-api-id mapping of the front door` }
    })
    expectFinding(f, 'pass', { summary: [`by x-apigw-api-id mapping of the front door`] })
  })

  it('a Host mapping: pass, with the evidence that it is ignored and the host actually sent', () => {
    const f = run(fd => {
      val(fd.integration).requestParameters['integration.request.header.Host'] = `'${NLB_DNS}'`
    })
    expect(f.status).toBe('pass')
    expect(evidenceText(f)).toContain(`integration.request.header.Host = '${NLB_DNS}'`)
    expect(evidenceText(f)).toContain(
      `integration.request.header.Host is ignored: API Gateway sends the URI's host (${HOST})`,
    )
  })

  it('nothing names the API: fail naming the host sent; the fix maps x-apigw-api-id to a placeholder, explained', () => {
    const f = run(nlbHost)
    expectFinding(f, 'fail', {
      summary: [`Host ${NLB_DNS}`, 'x-apigw-api-id', '403'],
      resource: `${FRONT_API} integration`,
      fix: [
        `aws apigateway update-integration --rest-api-id ${FRONT_API} --resource-id ${FRONT_RESOURCE} --http-method GET --region ${REGION}`,
        `${HEADER_FIX},"value":"'\\''PRIVATE_API_ID'\\''"`,
        `create-deployment --rest-api-id ${FRONT_API} --stage-name live`,
      ],
      evidence: [`neither the URI host ${NLB_DNS}`],
    })
    expect(f.fix).toMatch(/^# PRIVATE_API_ID: /m)
    expect(f.summary).toContain("(the URI's host) and no static")
    expectFixLines(f, /^aws apigateway update-integration /, /^aws apigateway create-deployment /)
  })

  it('nothing names the API but a Host mapping: the summary says it is overwritten', () => {
    const f = run(fd => {
      nlbHost(fd)
      val(fd.integration).requestParameters['integration.request.header.host'] = `'${HOST}'`
    })
    expectFinding(f, 'fail', { summary: [`Host ${NLB_DNS}`, 'a Host mapping is overwritten'] })
  })

  it('nothing names the API, --api-id given: the fix maps the expected id, no placeholder', () => {
    const f = run(fd => {
      nlbHost(fd)
      fd.privateApi = { ...fd.privateApi!, expected: 'z9y8x7w6v5' }
    })
    expectFinding(f, 'fail', { fix: [`${HEADER_FIX},"value":"'\\''z9y8x7w6v5'\\''"`] })
    expect(f.fix).not.toContain('PRIVATE_API_ID')
    expectFixLines(f)
  })

  it('nothing names the API and the front-door API id is unknown: no AWS API change to print', () => {
    const f = run(fd => {
      nlbHost(fd)
      fd.privateApi = { ...fd.privateApi!, expected: 'z9y8x7w6v5' }
      delete fd.restApiId
    })
    expectFinding(f, 'fail', { fix: ['# no AWS API change'] })
    expect(f.fix).not.toContain('update-integration')
  })

  it('no privateApi at all: fail with no empty evidence line', () => {
    const f = run(fd => {
      val(fd.integration).uri = `https://${NLB_DNS}/prod/{proxy}`
      delete fd.privateApi
    })
    expect(f.status).toBe('fail')
    for (const e of f.evidence) expect(e.text).not.toBe('')
    expect(f.evidence).toHaveLength(1)
  })

  it('a URI that does not parse: the summary says "(none)" for the host', () => {
    const f = run(fd => {
      val(fd.integration).uri = 'not a uri'
      fd.privateApi = { how: 'no URI host' }
    })
    expectFinding(f, 'fail', { summary: ['Host (none)'] })
  })

  it('the integration reaches another API than --api-id: fail naming both; the fix maps the expected one', () => {
    const f = run(fd => {
      fd.privateApi = { ...fd.privateApi!, expected: 'z9y8x7w6v5' }
    })
    expectFinding(f, 'fail', {
      summary: [`private API ${API} (the URI host ${HOST}), not z9y8x7w6v5`],
      resource: `${FRONT_API} integration`,
      fix: [`update-integration --rest-api-id ${FRONT_API}`, `${HEADER_FIX},"value":"'\\''z9y8x7w6v5'\\''"`],
    })
    expect(f.fix).not.toContain('PRIVATE_API_ID')
    expectFixLines(f, /^aws apigateway update-integration /, /^aws apigateway create-deployment /)
  })

  it('--api-id equal to the API named: pass', () => {
    expect(run(fd => void (fd.privateApi = { ...fd.privateApi!, expected: API })).status).toBe('pass')
  })

  it.each([
    ['an AWS_PROXY integration', { type: 'AWS_PROXY' }, 'is a AWS_PROXY integration over VPC_LINK'],
    [
      'an HTTP integration over the internet',
      { connectionType: 'INTERNET' },
      'is a HTTP_PROXY integration over INTERNET',
    ],
    [
      'no type, no connection type',
      { type: undefined, connectionType: undefined },
      'is a ? integration over INTERNET',
    ],
  ])('%s: unknown naming the front-door method and what it is', (_n, change, text) => {
    const f = run(fd => {
      const i = val(fd.integration) as Record<string, unknown>
      for (const [k, v] of Object.entries(change)) {
        if (v === undefined) delete i[k]
        else i[k] = v
      }
    })
    expectFinding(f, 'unknown', { summary: [`${FRONT_API} GET /orders/items ${text}`] })
    expect(evidenceText(f)).toMatch(/^integration: \S+ \S+ https:/)
    expect(f.missing?.join(' ')).toContain('--stage/--path/-X')
  })

  it('an HTTP (non-proxy) integration through the VPC link is judged', () => {
    expect(run(fd => void (val(fd.integration).type = 'HTTP')).status).toBe('pass')
  })

  it('no method or path given: GET and / in the summary; no URI: "(no URI)" in the evidence', () => {
    const f = run(fd => {
      delete fd.method
      delete fd.path
      const i = val(fd.integration)
      i.type = 'MOCK'
      delete i.uri
    })
    expectFinding(f, 'unknown', { summary: [`${FRONT_API} GET / is a MOCK integration`] })
    expect(evidenceText(f)).toContain('integration: MOCK VPC_LINK (no URI)')
  })

  it('only the VPC link was given: unknown, naming --from-api', () => {
    const f = run(fd => {
      fd.from = 'vpc-link'
    })
    expectFinding(f, 'unknown')
    expect(f.missing?.join(' ')).toContain('--from-api REST_API_ID')
  })

  it('the front-door method or integration unreadable: unknown naming which', () => {
    const m = run(fd => {
      fd.resource = denied('apigateway:GET')
    })
    expectFinding(m, 'unknown', { summary: ['the front-door method'] })
    const i = run(fd => {
      fd.integration = denied('apigateway:GET')
    })
    expectFinding(i, 'unknown', { summary: ['the front-door integration'] })
  })

  it('no front door: skipped', () => {
    const s = healthyFrontDoor()
    delete s.frontDoor
    expect(runCheck(frontdoorIntegrationRouting, s).status).toBe('skipped')
  })
})
