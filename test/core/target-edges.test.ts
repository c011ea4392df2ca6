/**
 * parseUserUrl and classifyHost at their edges: each rejection has its own code and names the
 * input; defaults (scheme, port) are the curl ones.
 */
import { describe, expect, it } from 'vitest'
import { PvapiError } from '../../src/core/errors.js'
import { apiHostname, classifyHost, parseUserUrl } from '../../src/core/target.js'

function rejection(input: string): PvapiError {
  try {
    parseUserUrl(input)
  } catch (err) {
    expect(err).toBeInstanceOf(PvapiError)
    return err as PvapiError
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`)
}

describe('parseUserUrl: defaults', () => {
  it('http:// defaults to port 80, https:// to 443 (defaultPort true for both)', () => {
    expect(parseUserUrl('http://127.0.0.1/x')).toMatchObject({
      protocol: 'http:',
      port: 80,
      defaultPort: true,
    })
    expect(parseUserUrl('https://127.0.0.1/x')).toMatchObject({
      protocol: 'https:',
      port: 443,
      defaultPort: true,
    })
  })
  it('an explicit port is a number and not the default', () => {
    const p = parseUserUrl('http://127.0.0.1:8080/x')
    expect(p.port).toBe(8080)
    expect(p.defaultPort).toBe(false)
  })
  it('surrounding spaces are trimmed; a scheme in any case is kept, not doubled', () => {
    expect(parseUserUrl('  https://h.example/a  ').url.href).toBe('https://h.example/a')
    expect(parseUserUrl('HTTPS://h.example/a').protocol).toBe('https:')
    expect(parseUserUrl('h.example:8443/a')).toMatchObject({ hostname: 'h.example', port: 8443 })
  })
  it('a scheme-like text later in a URL without a scheme does not count as its scheme', () => {
    expect(parseUserUrl('h.example/go?to=https://x.example/').hostname).toBe('h.example')
  })
  it('a plain IPv4 host is kept as is', () => {
    expect(parseUserUrl('https://10.0.0.1/').hostname).toBe('10.0.0.1')
  })
  it('http:// to a non-AWS host is accepted (local fakes and proxies)', () => {
    expect(parseUserUrl('http://localhost:9000/x').protocol).toBe('http:')
    expect(parseUserUrl('http://amazonaws.com.example/x').protocol).toBe('http:')
    expect(parseUserUrl('http://api.amazonaws.com.example/x').protocol).toBe('http:')
  })
})

describe('parseUserUrl: each rejection says what is wrong with which input', () => {
  it('empty or blank: PV_BAD_URL with an example in the hint', () => {
    for (const input of ['', '   ']) {
      const e = rejection(input)
      expect(e.code).toBe('PV_BAD_URL')
      expect(e.message).toContain('empty')
      expect(e.hint).toContain('https://')
    }
  })
  it('an empty authority (https:///x) has no host, rather than host x', () => {
    const e = rejection('https:///items')
    expect(e.code).toBe('PV_BAD_URL')
    expect(e.message).toContain('no host')
    expect(e.message).toContain('https:///items')
    expect(rejection('HTTP:///items').message).toContain('no host')
    expect(e.hint).toContain('https://HOST/PATH')
    // Only at the start: a later "https:///" in the query is not the URL's authority.
    expect(parseUserUrl('h.example/a?u=https:///b').hostname).toBe('h.example')
  })
  it('not parseable: names the input', () => {
    const e = rejection('https://exa mple.com/')
    expect(e.code).toBe('PV_BAD_URL')
    expect(e.message).toContain('exa mple.com')
    expect(e.hint).toContain('https://')
  })
  it('another scheme: names the scheme without its colon', () => {
    const e = rejection('ftp://h.example/')
    expect(e.code).toBe('PV_BAD_URL')
    expect(e.message).toContain('scheme ftp ')
    expect(e.hint).toContain('https://')
  })
  it('user-info (user or password alone) is refused', () => {
    expect(rejection('https://user@h.example/').code).toBe('PV_BAD_URL')
    expect(rejection('https://:pw@h.example/').code).toBe('PV_BAD_URL')
    expect(rejection('https://user@h.example/').message).toContain('user-info')
    expect(rejection('https://user@h.example/').hint).toContain('credential')
  })
  it('http:// to API Gateway or an endpoint (including .com.cn) is refused', () => {
    for (const host of [
      'abc1234567.execute-api.us-east-1.amazonaws.com',
      'abc1234567.execute-api.cn-north-1.amazonaws.com.cn',
      'vpce-0123456789abcdef0-abcd1234.execute-api.us-east-1.vpce.amazonaws.com',
    ]) {
      const e = rejection(`http://${host}/prod`)
      expect(e.code).toBe('PV_BAD_URL')
      expect(e.message).toContain('HTTPS')
      expect(e.message).toContain(host)
      expect(e.hint).toContain('https://')
    }
  })
  it('port 0 is refused, naming the input and the valid range', () => {
    const e = rejection('https://h.example:0/')
    expect(e.code).toBe('PV_BAD_URL')
    expect(e.message).toContain('port 0')
    expect(e.hint).toContain('65535')
  })
})

describe('classifyHost and apiHostname', () => {
  it('apiHostname defaults to amazonaws.com and keeps another suffix', () => {
    expect(apiHostname('abc1234567', 'us-east-1')).toBe('abc1234567.execute-api.us-east-1.amazonaws.com')
    expect(apiHostname('abc1234567', 'cn-north-1', 'amazonaws.com.cn')).toBe(
      'abc1234567.execute-api.cn-north-1.amazonaws.com.cn',
    )
  })
  it('the whole classification of each form (no extra keys)', () => {
    expect(classifyHost('abc1234567.execute-api.us-east-1.amazonaws.com')).toEqual({
      kind: 'private-dns',
      hostname: 'abc1234567.execute-api.us-east-1.amazonaws.com',
      apiId: 'abc1234567',
      region: 'us-east-1',
      dnsSuffix: 'amazonaws.com',
    })
    expect(classifyHost('abc1234567-vpce-0123456789abcdef0.execute-api.eu-west-1.amazonaws.com')).toEqual({
      kind: 'alias',
      hostname: 'abc1234567-vpce-0123456789abcdef0.execute-api.eu-west-1.amazonaws.com',
      apiId: 'abc1234567',
      vpceId: 'vpce-0123456789abcdef0',
      region: 'eu-west-1',
      dnsSuffix: 'amazonaws.com',
    })
    // A regional endpoint name has no zone key.
    expect(classifyHost('vpce-0123456789abcdef0-abcd1234.execute-api.us-east-1.vpce.amazonaws.com')).toEqual({
      kind: 'vpce',
      hostname: 'vpce-0123456789abcdef0-abcd1234.execute-api.us-east-1.vpce.amazonaws.com',
      vpceId: 'vpce-0123456789abcdef0',
      region: 'us-east-1',
      dnsSuffix: 'amazonaws.com',
    })
    expect(
      classifyHost('vpce-0123456789abcdef0-abcd1234-us-east-1a.execute-api.us-east-1.vpce.amazonaws.com'),
    ).toMatchObject({
      zone: 'us-east-1a',
    })
    expect(classifyHost('sts.eu-central-1.amazonaws.com.cn')).toEqual({
      kind: 'custom',
      hostname: 'sts.eu-central-1.amazonaws.com.cn',
      region: 'eu-central-1',
      dnsSuffix: 'amazonaws.com.cn',
    })
    expect(classifyHost('api.example.com')).toEqual({ kind: 'custom', hostname: 'api.example.com' })
  })
  it('an endpoint id of any hex length is recognised in the alias form', () => {
    expect(classifyHost('abc1234567-vpce-0123.execute-api.us-east-1.amazonaws.com')).toMatchObject({
      kind: 'alias',
      apiId: 'abc1234567',
    })
  })
  it('names that only look like API hosts are custom', () => {
    for (const host of [
      'xabc1234567.execute-api.us-east-1.amazonaws.com.evil.example',
      'ABC1234567.execute-api.us-east-1.amazonaws.com',
      'abc1234567.execute-api.us-east-1.amazonaws.comx',
      'vpce-0123456789abcdef0-abcd1234.execute-api.us-east-1.vpce.amazonaws.com.evil',
    ]) {
      expect(classifyHost(host).kind, host).toBe('custom')
      expect(classifyHost(host).apiId, host).toBeUndefined()
    }
  })
  it('iso and gov partitions are regions', () => {
    expect(classifyHost('abc1234567.execute-api.us-iso-east-1.amazonaws.com').region).toBe('us-iso-east-1')
    expect(classifyHost('abc1234567.execute-api.us-isob-east-1.amazonaws.com').region).toBe('us-isob-east-1')
  })
})
