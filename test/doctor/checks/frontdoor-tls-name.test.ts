/**
 * frontdoor.tls-name: the integration URI's host must be a name on the endpoint's certificate.
 * The facts: the host, the names, the URI the fix sets (with the private API id and path), the
 * port of a TLS listener and its certificate.
 */
import { describe, expect, it } from 'vitest'
import { frontdoorTlsName, nameCovers } from '../../../src/doctor/checks/frontdoor-tls-name.js'
import type { FrontDoorFacts } from '../../../src/doctor/front-door-facts.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import { API, B, DOMAIN, HOST, REGION, VPCE, denied, ok, val, type Draft } from '../builders.js'
import { FRONT_API, FRONT_RESOURCE, NLB_DNS, healthyFrontDoor } from '../scenario-defs-frontdoor.js'
import { evidenceText, expectFinding, expectFixLines, runCheck } from './run-check.js'

const run = (change: (fd: Draft<FrontDoorFacts>, s: Draft<DoctorSnapshot>) => void) => {
  const s = healthyFrontDoor()
  change(s.frontDoor!, s)
  return runCheck(frontdoorTlsName, s)
}
const CERT = `arn:aws:acm:${REGION}:111111111111:certificate/abc`
const NAMES = `*.execute-api.${REGION}.amazonaws.com, *.execute-api.${REGION}.vpce.amazonaws.com`

describe('nameCovers, the edges', () => {
  it('an exact name covers only itself; a bare "*." covers no one-label host', () => {
    expect(nameCovers('orders.example.com', 'other.example.com')).toBe(false)
    expect(nameCovers('*.', 'localhost')).toBe(false)
    expect(nameCovers('*.com', 'example.com')).toBe(true)
  })
})

describe('frontdoor.tls-name', () => {
  it("the private API's own name: pass naming host and endpoint; the evidence lists the certificate names", () => {
    const f = run(() => {})
    expectFinding(f, 'pass', { summary: [HOST, `(${VPCE})`] })
    expect(evidenceText(f)).toContain(`integration URI host: ${HOST}`)
    expect(evidenceText(f)).toContain(`the endpoint's certificate names: ${NAMES}`)
    expect(evidenceText(f)).toContain('tlsConfig.insecureSkipVerification: false')
  })

  it('the endpoint-specific vpce name is on the certificate too', () => {
    const f = run(fd => {
      val(fd.integration).uri =
        `https://${VPCE}-abcd1234.execute-api.${REGION}.vpce.amazonaws.com/prod/{proxy}`
    })
    expect(f.status).toBe('pass')
  })

  it('the endpoint unknown: the pass says "endpoint"', () => {
    const f = run((_fd, s) => {
      s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    })
    expectFinding(f, 'pass', { summary: ['(endpoint)'] })
  })

  it("the NLB's name: fail naming it; the fix sets the private API's URI with the same path and redeploys", () => {
    const f = run(fd => {
      val(fd.integration).uri = `https://${NLB_DNS}/prod/{proxy}`
    })
    expectFinding(f, 'fail', {
      summary: [`${NLB_DNS} is not a name`, '500'],
      resource: `${FRONT_API} integration`,
      fix: [
        `aws apigateway update-integration --rest-api-id ${FRONT_API} --resource-id ${FRONT_RESOURCE} --http-method GET --region ${REGION}`,
        `"op":"replace","path":"/uri","value":"https://${API}.execute-api.${REGION}.amazonaws.com/prod/{proxy}"`,
        `create-deployment --rest-api-id ${FRONT_API} --stage-name live`,
      ],
      evidence: [NAMES],
    })
    expect(f.summary).toMatch(/certificate subject"\)$/)
    expect(f.fix).not.toContain('PRIVATE_API_ID')
    expectFixLines(f, /^aws apigateway update-integration /, /^aws apigateway create-deployment /)
  })

  it('not on the certificate and insecureSkipVerification set: the summary says it does not help', () => {
    const f = run(fd => {
      const i = val(fd.integration)
      i.uri = `https://${NLB_DNS}/prod/{proxy}`
      i.insecureSkipVerification = true
    })
    expectFinding(f, 'fail', { summary: ['insecureSkipVerification does not help'] })
    expect(evidenceText(f)).toContain('tlsConfig.insecureSkipVerification: true')
  })

  it('no private API known: the fix uses PRIVATE_API_ID, explained; --api-id fills it in', () => {
    const none = run(fd => {
      val(fd.integration).uri = `https://${NLB_DNS}/prod/{proxy}`
      fd.privateApi = { how: 'nothing' }
    })
    expect(none.fix).toContain(
      `"value":"https://PRIVATE_API_ID.execute-api.${REGION}.amazonaws.com/prod/{proxy}"`,
    )
    expect(none.fix).toMatch(/^# PRIVATE_API_ID: /m)
    expectFixLines(none, /^aws apigateway update-integration /)
    const expected = run(fd => {
      val(fd.integration).uri = `https://${NLB_DNS}/prod/{proxy}`
      fd.privateApi = { how: 'nothing', expected: 'z9y8x7w6v5' }
    })
    expect(expected.fix).toContain('"value":"https://z9y8x7w6v5.execute-api.')
    expect(expected.fix).not.toContain('PRIVATE_API_ID')
  })

  it('a two-label host under the name: not covered (one label per *)', () => {
    const f = run(fd => {
      val(fd.integration).uri = `https://x.${HOST}/prod`
    })
    expect(f.status).toBe('fail')
  })

  it('http://: fail; the fix sets the https URI; the evidence shows the URI', () => {
    const f = run(fd => {
      val(fd.integration).uri = `http://${HOST}/prod/{proxy}`
    })
    expectFinding(f, 'fail', {
      summary: ['http://'],
      resource: `${FRONT_API} integration`,
      fix: [
        `"op":"replace","path":"/uri","value":"https://${API}.execute-api.${REGION}.amazonaws.com/prod/{proxy}"`,
      ],
      evidence: [`integration URI: http://${HOST}/prod/{proxy}`],
    })
    expect(f.fix).not.toContain('PRIVATE_API_ID')
    expectFixLines(f, /^aws apigateway update-integration /, /^aws apigateway create-deployment /)
  })

  it('http:// with no private API and no front-door API id: placeholder and "?" for the resource', () => {
    const f = run(fd => {
      val(fd.integration).uri = `http://${NLB_DNS}/prod`
      fd.privateApi = { how: 'nothing' }
      delete fd.restApiId
    })
    expectFinding(f, 'fail', { resource: '? integration' })
    expect(f.fix).toMatch(/^# PRIVATE_API_ID: /m)
    expect(f.fix).not.toContain('update-integration')
  })

  it('a TLS listener on the URI port: unknown naming the port and certificate, and ACM as what would tell', () => {
    const f = run(fd => {
      val(fd.integration).uri = `https://${NLB_DNS}:8443/prod`
      val(fd.listeners).push({
        arn: 'arn:listener/tls',
        port: 8443,
        protocol: 'TLS',
        targetGroupArns: [],
        certificateArns: [CERT],
      })
    })
    expectFinding(f, 'unknown', { summary: [`TLS on 8443 with ${CERT}`] })
    expect(f.missing?.join(' ')).toContain(`the names of ${CERT}`)
    expect(evidenceText(f)).toContain(`integration URI host: ${NLB_DNS}`)
  })

  it('a TLS listener without certificate ARNs: "its certificate" and "the listener certificate"', () => {
    const f = run(fd => {
      Object.assign(val(fd.listeners)[0]!, { protocol: 'TLS', certificateArns: [] })
    })
    expectFinding(f, 'unknown', { summary: ['TLS on 443 with its certificate'] })
    expect(f.missing?.join(' ')).toContain('the names of the listener certificate')
  })

  it('two certificates on the TLS listener: both named', () => {
    const f = run(fd => {
      Object.assign(val(fd.listeners)[0]!, { protocol: 'TLS', certificateArns: [CERT, `${CERT}2`] })
    })
    expectFinding(f, 'unknown', { summary: [`with ${CERT}, ${CERT}2:`] })
  })

  it('no listener on the URI port, or the listeners unreadable: the TLS name is judged', () => {
    expect(run(fd => void (val(fd.integration).uri = `https://${HOST}:8443/prod`)).status).toBe('pass')
    expect(run(fd => void (fd.listeners = denied('elasticloadbalancing:DescribeListeners'))).status).toBe(
      'pass',
    )
  })

  it('a TLS listener on another port than the URI: the TCP path is judged', () => {
    const f = run(fd => {
      val(fd.listeners).unshift({
        arn: 'arn:l2',
        port: 8443,
        protocol: 'TLS',
        targetGroupArns: [],
        certificateArns: [CERT],
      })
    })
    expect(f.status).toBe('pass')
  })

  it('the private custom domain as host: covered, and the evidence names the domain', () => {
    const f = run((fd, s) => {
      val(fd.integration).uri = `https://${DOMAIN}/orders/{proxy}`
      s.api.customDomain = {
        domainName: DOMAIN,
        domain: ok({ domainName: DOMAIN, endpointTypes: ['PRIVATE'], domainNameArn: `arn:${B}` }),
        basePathMappings: ok([]),
        consumerAssociations: ok([]),
        providerAssociations: ok([]),
      } as never
    })
    expect(f.status).toBe('pass')
    expect(evidenceText(f)).toContain(`the endpoint's certificate names: ${DOMAIN}`)
  })

  it('another domain than the custom one: not covered', () => {
    const f = run((fd, s) => {
      val(fd.integration).uri = 'https://other.example.com/orders'
      s.api.customDomain = {
        domainName: DOMAIN,
        domain: ok({ domainName: DOMAIN, endpointTypes: ['PRIVATE'], domainNameArn: `arn:${B}` }),
        basePathMappings: ok([]),
        consumerAssociations: ok([]),
        providerAssociations: ok([]),
      } as never
    })
    expect(f.status).toBe('fail')
    expect(evidenceText(f)).toContain(`names: ${NAMES}`)
  })

  it('covered with insecureSkipVerification: warn; the fix turns it off on the front-door method', () => {
    const f = run(fd => {
      val(fd.integration).insecureSkipVerification = true
    })
    expectFinding(f, 'warn', {
      summary: [HOST, 'insecureSkipVerification'],
      resource: `${FRONT_API} integration`,
      fix: [
        `update-integration --rest-api-id ${FRONT_API} --resource-id ${FRONT_RESOURCE}`,
        '"op":"replace","path":"/tlsConfig/insecureSkipVerification","value":"false"',
      ],
    })
    expectFixLines(f, /^aws apigateway update-integration /, /^aws apigateway create-deployment /)
  })

  it('covered with insecureSkipVerification, front-door method unknown: no AWS API change to print', () => {
    const f = run(fd => {
      val(fd.integration).insecureSkipVerification = true
      delete fd.restApiId
    })
    expectFinding(f, 'warn', { fix: ['# no AWS API change'], resource: '? integration' })
    expectFixLines(f)
  })

  it('no URI: unknown; the integration unreadable: unknown; only the VPC link given: unknown naming --from-api', () => {
    const noUri = run(fd => {
      delete val(fd.integration).uri
    })
    expectFinding(noUri, 'unknown', { summary: ['no URI'] })
    expect(noUri.missing?.join(' ')).toContain('--stage/--path/-X')
    const unreadable = run(fd => {
      fd.integration = denied('apigateway:GET')
    })
    expectFinding(unreadable, 'unknown', { summary: ['the front-door integration'] })
    expect(unreadable.missing?.join(' ')).not.toContain('--from-api')
    const linkOnly = run(fd => {
      fd.from = 'vpc-link'
      fd.integration = { status: 'not-collected', reason: 'only --vpc-link' }
    })
    expectFinding(linkOnly, 'unknown', { summary: ['only the VPC link'] })
    expect(linkOnly.missing?.join(' ')).toContain('--from-api REST_API_ID')
  })

  it('no privateApi and no front-door API id: the placeholder URI and "?" for the resource', () => {
    const f = run(fd => {
      val(fd.integration).uri = `https://${NLB_DNS}/prod`
      delete fd.privateApi
      delete fd.restApiId
    })
    expectFinding(f, 'fail', { resource: '? integration' })
    expect(f.fix).toMatch(/^# PRIVATE_API_ID: /m)
  })

  it('no front door: skipped', () => {
    const s = healthyFrontDoor()
    delete s.frontDoor
    expect(runCheck(frontdoorTlsName, s).status).toBe('skipped')
  })
})
