/** The pure building blocks: IPv4 ranges, SG rule and NACL evaluation, route matching, policy text. */
import { describe, expect, it } from 'vitest'
import { classify } from '../../src/aws/collect/attempt.js'
import { scrubText } from '../../src/aws/collect/sanitize.js'
import { parsePolicyText } from '../../src/aws/doctor-client-config.js'
import { mapPath, matchResource } from '../../src/core/route-match.js'
import {
  evaluateNacl,
  evaluateNaclRange,
  parseCidr,
  rangeContains,
  sgRuleAllows,
} from '../../src/doctor/net.js'
import { isDefaultEndpointPolicy } from '../../src/doctor/policy-analysis.js'
import type { NaclEntryFacts, ResourceFacts } from '../../src/doctor/snapshot.js'

describe('IPv4 ranges', () => {
  it('parses addresses and CIDRs', () => {
    expect(parseCidr('10.0.1.15')).toMatchObject({ text: '10.0.1.15/32' })
    expect(parseCidr('10.0.1.77/24')!.first).toBe(parseCidr('10.0.1.0')!.first)
    expect(parseCidr('300.0.0.1')).toBeUndefined()
    expect(parseCidr('fd00::/8')).toBeUndefined()
    expect(rangeContains(parseCidr('0.0.0.0/0')!, parseCidr('192.168.1.1')!)).toBe(true)
    expect(rangeContains(parseCidr('10.0.2.0/24')!, parseCidr('10.0.1.15')!)).toBe(false)
  })
})

describe('security group rules', () => {
  const rule = (x: object) => ({
    ruleId: 'sgr-1',
    groupId: 'sg-1',
    egress: false,
    protocol: 'tcp',
    fromPort: 443,
    toPort: 443,
    ...x,
  })
  const caller = [parseCidr('10.0.1.15')!]
  it.each([
    [{ cidrIpv4: '10.0.0.0/16' }, 'all'],
    [{ cidrIpv4: '10.0.2.0/24' }, 'none'],
    [{ cidrIpv4: '10.0.1.0/24', fromPort: 80, toPort: 80 }, 'none'],
    [{ protocol: '-1', fromPort: undefined, toPort: undefined, cidrIpv4: '0.0.0.0/0' }, 'all'],
    [{ protocol: 'udp', cidrIpv4: '0.0.0.0/0' }, 'none'],
    [{ referencedGroupId: 'sg-caller' }, 'all'],
    [{ referencedGroupId: 'sg-other' }, 'none'],
    [{ cidrIpv6: '::/0' }, 'none'],
  ])('%j → %s', (x, want) => expect(sgRuleAllows(rule(x), 443, caller, ['sg-caller'])).toBe(want))
  it('a CIDR covering part of a subnet is a partial match', () => {
    expect(sgRuleAllows(rule({ cidrIpv4: '10.0.1.0/25' }), 443, [parseCidr('10.0.1.0/24')!], [])).toBe('some')
  })
})

describe('network ACLs', () => {
  const e = (
    ruleNumber: number,
    egress: boolean,
    action: 'allow' | 'deny',
    cidrBlock: string,
    fromPort?: number,
    toPort?: number,
  ): NaclEntryFacts => ({
    ruleNumber,
    egress,
    protocol: fromPort === undefined ? '-1' : '6',
    action,
    cidrBlock,
    ...(fromPort !== undefined ? { fromPort, toPort: toPort ?? fromPort } : {}),
  })
  const peer = parseCidr('10.0.2.10')!
  it('first match in rule-number order wins, else the implicit deny', () => {
    const entries = [e(200, true, 'allow', '0.0.0.0/0'), e(100, true, 'deny', '10.0.2.0/24', 443)]
    expect(evaluateNacl(entries, true, peer, 443)).toMatchObject({ allowed: false, rule: '100' })
    expect(evaluateNacl(entries, true, peer, 80)).toMatchObject({ allowed: true, rule: '200' })
    expect(evaluateNacl(entries, false, peer, 443)).toMatchObject({ allowed: false, rule: '*' })
  })
  it('splits a port range where the rules change the answer', () => {
    const entries = [e(100, false, 'allow', '10.0.0.0/16', 32768, 65535), e(110, false, 'deny', '0.0.0.0/0')]
    const spans = evaluateNaclRange(entries, false, peer, 1024, 65535)
    expect(spans.map(s => [s.from, s.to, s.verdict.allowed])).toEqual([
      [1024, 32767, false],
      [32768, 65535, true],
    ])
  })
})

describe('routes', () => {
  const r = (path: string): ResourceFacts => ({ id: path, path, methods: {} })
  const resources = [r('/'), r('/items'), r('/items/{id}'), r('/items/special'), r('/files/{proxy+}')]
  it.each([
    ['/', '/'],
    ['/items', '/items'],
    ['/items/42', '/items/{id}'],
    ['/items/special', '/items/special'],
    ['/files/a/b/c', '/files/{proxy+}'],
    ['/nothing', undefined],
    ['/items/42/x', undefined],
  ])('%s → %s', (path, want) => expect(matchResource(resources, path)?.path).toBe(want))
  it('maps base paths longest first, then (none)', () => {
    const m = [
      { basePath: '(none)', restApiId: 'root', stage: 'prod' },
      { basePath: 'orders', restApiId: 'o', stage: 'prod' },
      { basePath: 'orders/v2', restApiId: 'o2', stage: 'v2' },
    ]
    expect(mapPath(m, '/orders/v2/items')).toMatchObject({ mapping: { restApiId: 'o2' }, rest: '/items' })
    expect(mapPath(m, '/orders/items')).toMatchObject({ mapping: { restApiId: 'o' }, rest: '/items' })
    expect(mapPath(m, '/health')).toMatchObject({ mapping: { restApiId: 'root' }, rest: '/health' })
    expect(mapPath(m.slice(1), '/health')).toBeUndefined()
  })
})

describe('policy text and errors', () => {
  it('un-escapes the policy GetRestApi returns', () => {
    const doc = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: 'arn:aws:execute-api:us-east-1:1:a/*',
        },
      ],
    }
    expect(parsePolicyText(JSON.stringify(doc).replace(/"/g, '\\"'))).toEqual(doc)
    expect(parsePolicyText(JSON.stringify(doc))).toEqual(doc)
    expect(parsePolicyText('not json')).toBe('not json')
    expect(parsePolicyText(undefined)).toBeUndefined()
  })
  it('recognises the default endpoint policy', () => {
    expect(
      isDefaultEndpointPolicy(
        '{"Statement":[{"Action":"*","Effect":"Allow","Principal":"*","Resource":"*"}]}',
      ),
    ).toBe(true)
    expect(
      isDefaultEndpointPolicy({
        Statement: [{ Action: '*', Effect: 'Allow', Principal: { AWS: '*' }, Resource: '*' }],
      }),
    ).toBe(true)
    expect(
      isDefaultEndpointPolicy({
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Principal: '*', Resource: '*' }],
      }),
    ).toBe(false)
  })
  it.each([
    [{ name: 'AccessDenied' }, 'denied'],
    [{ name: 'UnauthorizedOperation' }, 'denied'],
    [{ name: 'Whatever', $metadata: { httpStatusCode: 403 } }, 'denied'],
    [{ name: 'InvalidClientTokenId', $metadata: { httpStatusCode: 403 } }, 'error'],
    [{ name: 'ThrottlingException' }, 'throttled'],
    [{ name: 'RequestLimitExceeded' }, 'throttled'],
    [{ name: 'X', $metadata: { httpStatusCode: 429 } }, 'throttled'],
    [{ name: 'NotFoundException' }, 'not-found'],
    [{ name: 'InvalidVpcEndpointId.NotFound' }, 'not-found'],
    [{ name: 'NoSuchEntity' }, 'not-found'],
    [new Error('socket hang up'), 'error'],
  ])('classifies %j as %s', (err, want) => expect(classify(err)).toBe(want))
  it('scrubs tokens and signatures from text', () => {
    const token = 'IQoJb3JpZ2luX2Vj' + 'A'.repeat(300)
    const out = scrubText(
      `token ${token} sig X-Amz-Signature=abc&x=1 Signature=${'a'.repeat(64)} "aws_secret_access_key": "abc123"`,
      [],
    )
    expect(out).not.toContain(token)
    expect(out).not.toMatch(/X-Amz-Signature=abc/)
    expect(out).not.toContain('a'.repeat(64))
    expect(out).not.toContain('abc123')
  })
})
