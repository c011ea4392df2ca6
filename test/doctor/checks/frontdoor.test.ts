/**
 * The front-door pieces below the scenarios: which certificate names cover which hosts, which
 * private API an integration names, and the checks on inputs the scenarios do not build.
 */
import { describe, expect, it } from 'vitest'
import { privateApiOf, staticValue } from '../../../src/aws/collect/front-door.js'
import { nameCovers } from '../../../src/doctor/checks/frontdoor-tls-name.js'
import { runChecks } from '../../../src/doctor/run-checks.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import { val } from '../builders.js'
import { healthyFrontDoor } from '../scenario-defs-frontdoor.js'

describe('nameCovers (one label per *)', () => {
  it.each([
    ['*.execute-api.us-east-1.amazonaws.com', 'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com', true],
    [
      '*.execute-api.us-east-1.amazonaws.com',
      'a1b2c3d4e5-vpce-00000000000000001.execute-api.us-east-1.amazonaws.com',
      true,
    ],
    [
      '*.execute-api.us-east-1.vpce.amazonaws.com',
      'vpce-00000000000000001-abcd1234.execute-api.us-east-1.vpce.amazonaws.com',
      true,
    ],
    ['*.execute-api.us-east-1.amazonaws.com', 'x.y.execute-api.us-east-1.amazonaws.com', false],
    ['*.execute-api.us-east-1.amazonaws.com', 'execute-api.us-east-1.amazonaws.com', false],
    ['*.execute-api.us-east-1.amazonaws.com', 'front-door-0123.elb.us-east-1.amazonaws.com', false],
    ['*.execute-api.us-east-1.amazonaws.com', 'A1B2C3D4E5.EXECUTE-API.US-EAST-1.AMAZONAWS.COM', true],
    ['orders.example.com', 'orders.example.com', true],
  ])('%s covers %s: %s', (pattern, host, covers) => {
    expect(nameCovers(pattern, host)).toBe(covers)
  })
})

describe('privateApiOf', () => {
  it('a static x-apigw-api-id mapping names the API whatever the host', () => {
    expect(
      privateApiOf({
        uri: 'https://b9c8d7e6f5.execute-api.us-east-1.amazonaws.com/prod',
        requestParameters: { 'integration.request.header.x-apigw-api-id': "'a1b2c3d4e5'" },
      }).apiId,
    ).toBe('a1b2c3d4e5')
  })
  it('a mapping from the method request names no API the doctor can know', () => {
    const p = privateApiOf({
      uri: 'https://front-door-0123.elb.us-east-1.amazonaws.com/prod',
      requestParameters: { 'integration.request.header.x-apigw-api-id': 'method.request.header.api' },
    })
    expect(p.apiId).toBeUndefined()
    expect(p.how).toMatch(/not a static value/)
  })
  it('the alias form names the API; a Host mapping does not (API Gateway sends the URI host)', () => {
    expect(
      privateApiOf({
        uri: 'https://a1b2c3d4e5-vpce-00000000000000001.execute-api.us-east-1.amazonaws.com/prod',
        requestParameters: {},
      }).apiId,
    ).toBe('a1b2c3d4e5')
    expect(
      privateApiOf({
        uri: 'https://front-door-0123.elb.us-east-1.amazonaws.com/prod',
        requestParameters: {
          'integration.request.header.Host': "'a1b2c3d4e5.execute-api.us-east-1.amazonaws.com'",
        },
      }).apiId,
    ).toBeUndefined()
  })
  it('staticValue strips the quotes of a static value only', () => {
    expect(staticValue("'abc'")).toBe('abc')
    expect(staticValue('method.request.path.proxy')).toBeUndefined()
  })
})

describe('front-door checks on inputs the scenarios do not build', () => {
  const statuses = (s: unknown) =>
    Object.fromEntries(runChecks(s as DoctorSnapshot).map(f => [f.id, f.status]))

  it('a TLS listener: the certificate names are not read, so the TLS check is unknown and says what would tell', () => {
    const s = healthyFrontDoor()
    val(s.frontDoor!.listeners)[0]!.protocol = 'TLS'
    val(s.frontDoor!.listeners)[0]!.certificateArns = ['arn:aws:acm:us-east-1:111111111111:certificate/abc']
    const f = runChecks(s as DoctorSnapshot).find(x => x.id === 'frontdoor.tls-name')!
    expect(f.status).toBe('unknown')
    expect(f.missing?.join(' ')).toMatch(/acm describe-certificate/)
  })

  it('instance targets cannot be the endpoint ENIs: fail with an ip target group', () => {
    const s = healthyFrontDoor()
    val(s.frontDoor!.targetGroups)[0]!.targetType = 'instance'
    const f = runChecks(s as DoctorSnapshot).find(x => x.id === 'frontdoor.nlb-targets')!
    expect(f.status).toBe('fail')
    expect(f.fix).toMatch(/create-target-group .*--target-type ip/)
    expect(f.fix).toMatch(
      /register-targets --target-group-arn NEW_TARGET_GROUP_ARN --targets Id=10\.0\.2\.10,Port=443 Id=10\.0\.3\.10,Port=443/,
    )
  })

  it('a target group that turns cross-zone off overrides the NLB turning it on', () => {
    const s = healthyFrontDoor()
    val(s.frontDoor!.loadBalancerAttributes)['load_balancing.cross_zone.enabled'] = 'true'
    val(s.frontDoor!.targetGroups)[0]!.attributes = {
      status: 'ok',
      value: { 'load_balancing.cross_zone.enabled': 'false' },
    }
    Object.assign(val(val(s.frontDoor!.targetGroups)[0]!.health)[1]!, { state: 'unhealthy' })
    expect(statuses(s)['frontdoor.nlb-targets']).toBe('fail')
  })

  it('an NLB with security groups must let 443 out to the endpoint', () => {
    const s = healthyFrontDoor()
    s.network.securityGroups['sg-00000000000000001']!.rules = { status: 'ok', value: [] }
    const f = runChecks(s as DoctorSnapshot).find(x => x.id === 'frontdoor.nlb-security-groups')!
    expect(f.status).toBe('fail')
    expect(f.fix).toMatch(/authorize-security-group-egress --group-id sg-00000000000000001/)
  })

  it('every other caller: the frontdoor checks are skipped and the usual ones run', () => {
    const s = healthyFrontDoor()
    delete s.frontDoor
    const st = statuses(s)
    expect(st['frontdoor.nlb-targets']).toBe('skipped')
    expect(st['sg.endpoint-ingress-443']).not.toBe('skipped')
  })
})
