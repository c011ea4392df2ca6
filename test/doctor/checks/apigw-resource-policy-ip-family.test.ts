/**
 * apigw.resource-policy-ip-family, one test per branch: which statement tests an IP key with IPv4
 * blocks only (index, Sid, effect, operator, key), whether it shuts an IPv6 caller out or only
 * stops applying, and the caller's IPv6 block the fix adds.
 */
import { describe, expect, it } from 'vitest'
import { apigwResourcePolicyIpFamily } from '../../../src/doctor/checks/apigw-resource-policy-ip-family.js'
import type { Finding } from '../../../src/doctor/finding.js'
import {
  A,
  API,
  HOST,
  REGION,
  SUBNET_CALLER,
  denied,
  healthy,
  invoke,
  ok,
  policyOf,
  setResourcePolicy,
  val,
  type Statement,
} from '../builders.js'
import { V6_CALLER_IP, dualStack } from '../scenario-defs-ipv6.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

const ALLOW_ACCOUNT = invoke('Allow', { AWS: `arn:aws:iam::${A}:root` }, { Sid: 'AllowCallerAccount' })
const denyOutside = (operator = 'NotIpAddress', values: unknown = ['10.0.0.0/16'], key = 'aws:VpcSourceIp') =>
  invoke('Deny', '*', { Sid: 'DenyOutsideVpcRange', Condition: { [operator]: { [key]: values } } })
const allowInside = (operator = 'IpAddress', values: unknown = ['10.0.0.0/16'], Sid = 'AllowVpcRange') =>
  invoke('Allow', '*', { Sid, Condition: { [operator]: { 'aws:VpcSourceIp': values } } })

/** A dual-stack caller (IPv6 first) under a resource policy of these statements. */
const v6With = (...statements: Statement[]) => setResourcePolicy(dualStack(), policyOf(...statements))

/** The IPv6 caller's own address as the block the fix adds. */
const CALLER_128 = `${V6_CALLER_IP}/128`

/** The policy document the fix's update-rest-api command puts. */
function putPolicy(f: Finding): {
  Statement: Array<{ Condition?: Record<string, Record<string, string[]>> }>
} {
  const m = /"value":"((?:[^"\\]|\\.)*)"/.exec(f.fix ?? '')
  if (!m) throw new Error(`no policy value in ${f.fix}`)
  return JSON.parse(JSON.parse(`"${m[1]}"`) as string)
}

describe('apigw.resource-policy-ip-family, the facts of each branch', () => {
  it('an IPv4 caller: skipped, whatever the policy', () => {
    const s = setResourcePolicy(healthy(), policyOf(ALLOW_ACCOUNT, denyOutside()))
    expectFinding(runCheck(apigwResourcePolicyIpFamily, s), 'skipped', { summary: ['IPv4'] })
  })

  it('the API unreadable and no policy supplied: unknown naming the read', () => {
    const s = dualStack()
    s.api.restApi = denied('apigateway:GET') as never
    const f = runCheck(apigwResourcePolicyIpFamily, s)
    expectFinding(f, 'unknown', { summary: ['the resource policy', 'apigateway:GET'] })
    expect(f.missing).toEqual(['apigateway:GET'])
  })

  it('the API unreadable but the policy supplied (--resource-policy): that policy is read', () => {
    const s = dualStack()
    s.api.restApi = denied('apigateway:GET') as never
    s.supplied.resourcePolicy = {
      name: 'policy.json',
      document: policyOf(ALLOW_ACCOUNT, denyOutside()),
    } as never
    expectFinding(runCheck(apigwResourcePolicyIpFamily, s), 'fail', { resource: API })
  })

  it('a supplied policy wins over the one read', () => {
    const s = v6With(ALLOW_ACCOUNT, denyOutside())
    s.supplied.resourcePolicy = { name: 'policy.json', document: policyOf(ALLOW_ACCOUNT) } as never
    expectFinding(runCheck(apigwResourcePolicyIpFamily, s), 'pass')
  })

  it('no resource policy: skipped', () => {
    const s = setResourcePolicy(dualStack(), undefined)
    expectFinding(runCheck(apigwResourcePolicyIpFamily, s), 'skipped', { summary: ['no resource policy'] })
  })

  it('no IPv4-only condition: pass with the family as evidence', () => {
    const f = runCheck(apigwResourcePolicyIpFamily, v6With(ALLOW_ACCOUNT))
    expectFinding(f, 'pass', { evidence: ['address family: IPv6'] })
  })

  it('conditions that also list an IPv6 block, or test another key, or are not IP operators: pass', () => {
    const s = v6With(
      ALLOW_ACCOUNT,
      denyOutside('NotIpAddress', ['10.0.0.0/16', '2600:1f18:aaaa:bb00::/56']),
      denyOutside('NotIpAddress', ['10.0.0.0/16'], 'aws:SourceVpce'),
      denyOutside('StringNotEquals', '10.0.0.0/16'),
      denyOutside('NotIpAddress', []),
      invoke('Deny', '*', { Condition: { NotIpAddress: 'aws:VpcSourceIp' } }),
      invoke('Deny', '*', { Condition: { NotIpAddress: null } }),
    )
    expectFinding(runCheck(apigwResourcePolicyIpFamily, s), 'pass')
  })

  it('a Deny with NotIpAddress on IPv4 only: fail naming the statement, Sid, key, blocks and the caller block', () => {
    const f = runCheck(apigwResourcePolicyIpFamily, v6With(ALLOW_ACCOUNT, denyOutside()))
    expectFinding(f, 'fail', {
      summary: [
        'Statement[1] (DenyOutsideVpcRange)',
        'aws:VpcSourceIp',
        '10.0.0.0/16',
        CALLER_128,
        'the Deny matches',
      ],
      resource: API,
    })
    const line = f.evidence.find(e => e.statement)!
    expect(line.statement).toEqual({
      policy: 'resource policy',
      index: 1,
      sid: 'DenyOutsideVpcRange',
      effect: 'Deny',
    })
    expect(line.text).toContain(
      'resource policy Statement[1] (DenyOutsideVpcRange) Deny NotIpAddress aws:VpcSourceIp ["10.0.0.0/16"]: IPv4 only',
    )
    expect(line.text).toContain('always matches it (denied)')
    expect(evidenceText(f)).toContain('address family: IPv6')
    // The fix puts the policy back with the caller's block added to that condition, and redeploys.
    expect(f.fix).toMatch(
      new RegExp(`^aws apigateway update-rest-api --rest-api-id ${API} --region ${REGION} `),
    )
    expect(f.fix).toContain(`create-deployment --rest-api-id ${API} --stage-name prod `)
    expect(putPolicy(f).Statement[1]!.Condition!.NotIpAddress!['aws:VpcSourceIp']).toEqual([
      '10.0.0.0/16',
      CALLER_128,
    ])
  })

  it('a single statement (not a list), a string value, NotIpAddressIfExists and aws:SourceIp in any case', () => {
    const st = invoke('Deny', '*', { Condition: { NotIpAddressIfExists: { 'AWS:SourceIp': '10.0.0.0/16' } } })
    const s = setResourcePolicy(dualStack(), { Version: '2012-10-17', Statement: st })
    const f = runCheck(apigwResourcePolicyIpFamily, s)
    expectFinding(f, 'fail', { summary: ['Statement[0] ', 'AWS:SourceIp'] })
    expect(f.summary).not.toContain('(undefined)')
    expect(f.evidence.find(e => e.statement)!.statement).toStrictEqual({
      policy: 'resource policy',
      index: 0,
      effect: 'Deny',
    })
  })

  it('a Sid that is not a string is not named; every IPv4 block is listed', () => {
    const st = { ...denyOutside('NotIpAddress', ['10.0.0.0/16', '10.1.0.0/16']), Sid: 7 }
    const f = runCheck(apigwResourcePolicyIpFamily, v6With(ALLOW_ACCOUNT, st))
    expectFinding(f, 'fail', { summary: ['Statement[1] tests', '(10.0.0.0/16, 10.1.0.0/16)'] })
    expect(f.evidence.find(e => e.statement)!.statement).toStrictEqual({
      policy: 'resource policy',
      index: 1,
      effect: 'Deny',
    })
  })

  it('the stage unknown (no stage in the URL): the redeploy names STAGE', () => {
    const s = v6With(ALLOW_ACCOUNT, denyOutside())
    s.target.stage = undefined
    const f = runCheck(apigwResourcePolicyIpFamily, s)
    expectFinding(f, 'fail', { fix: [`create-deployment --rest-api-id ${API} --stage-name STAGE `] })
  })

  it('an IPv6-only caller and A-only names (no connection at all): unknown, nothing more to ask', () => {
    const s = v6With(ALLOW_ACCOUNT, denyOutside())
    val(s.network.caller).privateIps = [V6_CALLER_IP]
    val(s.network.subnets[SUBNET_CALLER]).ipv6Native = true
    const ep = val(s.network.endpoints)[0]!
    ep.dnsRecordIpType = 'ipv4'
    s.dns.answers[HOST] = ok({
      hostname: HOST,
      server: 'system',
      result: 'answer',
      addresses: ['10.0.2.10'],
      asked: ['A', 'AAAA'],
    }) as never
    const f = runCheck(apigwResourcePolicyIpFamily, s)
    expectFinding(f, 'unknown', { summary: ['aws:VpcSourceIp'] })
    expect(f.missing).toEqual([])
  })

  it('a policy written as JSON text is read too', () => {
    const s = setResourcePolicy(dualStack(), JSON.stringify(policyOf(ALLOW_ACCOUNT, denyOutside())))
    expectFinding(runCheck(apigwResourcePolicyIpFamily, s), 'fail')
  })

  it('a Deny with IpAddress (IPv4 blocks): warn, it does not hold IPv6 callers back', () => {
    const f = runCheck(
      apigwResourcePolicyIpFamily,
      v6With(ALLOW_ACCOUNT, denyOutside('IpAddress', ['10.9.0.0/16'])),
    )
    expectFinding(f, 'warn', {
      summary: [
        'Statement[1] (DenyOutsideVpcRange)',
        'Deny IpAddress aws:VpcSourceIp',
        'does not hold IPv6 callers back',
      ],
      evidence: ['never matches it (this Deny does not hold IPv6 callers back)'],
      resource: API,
    })
    expect(putPolicy(f).Statement[1]!.Condition!.IpAddress!['aws:VpcSourceIp']).toEqual([
      '10.9.0.0/16',
      CALLER_128,
    ])
  })

  it('the only Allow limited by IpAddress on IPv4: fail, the Allow never matches', () => {
    const f = runCheck(apigwResourcePolicyIpFamily, v6With(allowInside()))
    expectFinding(f, 'fail', {
      summary: ['Statement[0] (AllowVpcRange)', 'the Allow never matches'],
      evidence: ['never matches it (this Allow does not apply)'],
    })
    expect(f.evidence.find(e => e.statement)!.statement!.effect).toBe('Allow')
  })

  it('every Allow limited (ForAnyValue:IpAddress too): fail, and the fix widens each of them', () => {
    const f = runCheck(
      apigwResourcePolicyIpFamily,
      v6With(allowInside(), allowInside('ForAnyValue:IpAddress', ['10.1.0.0/16'], 'AllowPeer')),
    )
    expectFinding(f, 'fail', { summary: ['Statement[0] (AllowVpcRange)'] })
    const put = putPolicy(f)
    expect(put.Statement[0]!.Condition!.IpAddress!['aws:VpcSourceIp']).toContain(CALLER_128)
    expect(put.Statement[1]!.Condition!['ForAnyValue:IpAddress']!['aws:VpcSourceIp']).toContain(CALLER_128)
  })

  it('an Allow limited by IpAddress beside an unlimited Allow: warn, another statement lets IPv6 in', () => {
    const f = runCheck(apigwResourcePolicyIpFamily, v6With(ALLOW_ACCOUNT, allowInside()))
    expectFinding(f, 'warn', {
      summary: ['Statement[1] (AllowVpcRange)', 'Allow IpAddress', 'another statement lets them in'],
    })
  })

  it('a Deny beside IpAddress-limited Allows does not count as an unlimited Allow', () => {
    const s = v6With(
      allowInside(),
      invoke('Deny', '*', { Condition: { StringEquals: { 'aws:SourceVpce': 'x' } } }),
    )
    expectFinding(runCheck(apigwResourcePolicyIpFamily, s), 'fail')
  })

  it('an Allow with NotIpAddress on IPv4: warn, it lets IPv6 callers in whatever their address', () => {
    const f = runCheck(apigwResourcePolicyIpFamily, v6With(allowInside('NotIpAddress', ['10.9.0.0/16'])))
    expectFinding(f, 'warn', {
      summary: ['Statement[0] (AllowVpcRange)', 'Allow NotIpAddress', 'whatever their address'],
      evidence: ['always matches it (allowed whatever its address)'],
    })
  })

  it('a Deny that shuts IPv6 out is named before an Allow that only stops applying', () => {
    const f = runCheck(apigwResourcePolicyIpFamily, v6With(ALLOW_ACCOUNT, allowInside(), denyOutside()))
    expectFinding(f, 'fail', { summary: ['Statement[2] (DenyOutsideVpcRange)'] })
    expect(f.evidence.filter(e => e.statement).map(e => e.statement!.index)).toEqual([1, 2])
    // Only the shutting statement is widened.
    const put = putPolicy(f)
    expect(put.Statement[1]!.Condition!.IpAddress!['aws:VpcSourceIp']).toEqual(['10.0.0.0/16'])
    expect(put.Statement[2]!.Condition!.NotIpAddress!['aws:VpcSourceIp']).toContain(CALLER_128)
  })

  it('which family the caller uses unknown: unknown naming the key, with what would tell', () => {
    const s = v6With(ALLOW_ACCOUNT, denyOutside('NotIpAddress', ['10.0.0.0/16'], 'aws:SourceIp'))
    const net = val(s.network.caller)
    s.network.caller = ok({ ...net, source: 'flags', privateIps: [] }) as never
    val(s.network.endpoints)[0]!.dnsRecordIpType = 'ipv6'
    s.dns.answers[HOST] = ok({
      hostname: HOST,
      server: 'system',
      result: 'answer',
      addresses: ['2600:1f18:aaaa:bb02::10'],
      asked: ['A', 'AAAA'],
    }) as never
    const f = runCheck(apigwResourcePolicyIpFamily, s)
    expectFinding(f, 'unknown', { summary: ['aws:SourceIp', 'IPv4 blocks only'] })
    expect(f.missing).toEqual(["--caller-ip with the caller's IPv6 address"])
  })

  it("the caller's IPv6 block unknown: the fix says where to add CALLER_IPV6_CIDR", () => {
    const s = v6With(ALLOW_ACCOUNT, denyOutside())
    const net = val(s.network.caller)
    s.network.caller = ok({ ...net, source: 'flags', privateIps: [] }) as never
    const sn = val(s.network.subnets[SUBNET_CALLER]) as { ipv6Native?: boolean; ipv6CidrBlocks?: string[] }
    sn.ipv6Native = true
    delete sn.ipv6CidrBlocks
    const f = runCheck(apigwResourcePolicyIpFamily, s)
    expectFinding(f, 'fail', { resource: API })
    expect(f.summary).toContain('arrives over IPv6: the Deny matches')
    const lines = f.fix!.split('\n')
    expect(lines[0]).toContain('CALLER_IPV6_CIDR')
    expect(lines[0]).toContain('Statement[1] (DenyOutsideVpcRange) (aws:VpcSourceIp)')
    expect(lines[1]).toBe(
      `aws apigateway get-rest-api --rest-api-id ${API} --query policy --region ${REGION}`,
    )
    expect(lines[2]).toMatch(/^# CALLER_IPV6_CIDR: /)
  })

  it("the caller's subnets' IPv6 block when its address is unknown (a Lambda function's)", () => {
    const s = v6With(ALLOW_ACCOUNT, denyOutside())
    const net = val(s.network.caller)
    s.network.caller = ok({ ...net, source: 'flags', privateIps: [] }) as never
    val(s.network.subnets[SUBNET_CALLER]).ipv6Native = true
    const f = runCheck(apigwResourcePolicyIpFamily, s)
    expectFinding(f, 'fail', { summary: ['(2600:1f18:aaaa:bb01::/64)'] })
  })

  it('the API id unknown: the fix spells API_ID; the resource is the host', () => {
    const s = v6With(ALLOW_ACCOUNT, denyOutside())
    s.target.apiId = undefined
    const f = runCheck(apigwResourcePolicyIpFamily, s)
    expectFinding(f, 'fail', { resource: HOST, fix: ['get-rest-api --rest-api-id API_ID '] })
  })
})
