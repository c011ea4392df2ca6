import { describe, expect, it } from 'vitest'
import { classifyHost, parseUserUrl } from '../../src/core/target.js'
import { PvapiError } from '../../src/core/errors.js'

describe('classifyHost: the four name forms', () => {
  it.each([
    [
      'abc1234567.execute-api.us-east-1.amazonaws.com',
      { kind: 'private-dns', apiId: 'abc1234567', region: 'us-east-1' },
    ],
    [
      'abc1234567-vpce-0123456789abcdef0.execute-api.eu-west-1.amazonaws.com',
      { kind: 'alias', apiId: 'abc1234567', vpceId: 'vpce-0123456789abcdef0', region: 'eu-west-1' },
    ],
    [
      'abc1234567-vpce-01234567.execute-api.us-east-1.amazonaws.com',
      { kind: 'alias', vpceId: 'vpce-01234567' },
    ],
    [
      'vpce-0123456789abcdef0-abcd1234.execute-api.us-east-1.vpce.amazonaws.com',
      { kind: 'vpce', vpceId: 'vpce-0123456789abcdef0', region: 'us-east-1' },
    ],
    [
      'vpce-0123456789abcdef0-abcd1234-us-east-1a.execute-api.us-east-1.vpce.amazonaws.com',
      { kind: 'vpce', zone: 'us-east-1a', region: 'us-east-1' },
    ],
    // The design documents' 15-digit id: any hex length is an endpoint-specific name (it was
    // classified as a custom domain, and --api-id was then dropped).
    [
      'vpce-0abc1234def56789-abcdefgh.execute-api.us-east-1.vpce.amazonaws.com',
      { kind: 'vpce', vpceId: 'vpce-0abc1234def56789', region: 'us-east-1' },
    ],
    [
      'abc1234567-vpce-0abc1234def56789.execute-api.us-east-1.amazonaws.com',
      { kind: 'alias', apiId: 'abc1234567', vpceId: 'vpce-0abc1234def56789' },
    ],
    [
      'abc1234567.execute-api.cn-north-1.amazonaws.com.cn',
      { kind: 'private-dns', region: 'cn-north-1', dnsSuffix: 'amazonaws.com.cn' },
    ],
    ['abc1234567.execute-api.us-gov-west-1.amazonaws.com', { kind: 'private-dns', region: 'us-gov-west-1' }],
    ['api.internal.example.com', { kind: 'custom' }],
    ['sts.eu-central-1.amazonaws.com', { kind: 'custom', region: 'eu-central-1' }],
    // 11 characters is not an API id: treated as another host, not mis-addressed.
    ['abc12345678.execute-api.us-east-1.amazonaws.com', { kind: 'custom', region: 'us-east-1' }],
  ])('%s', (host, expected) => {
    expect(classifyHost(host)).toMatchObject({ hostname: host, ...expected })
  })
  it('has no api id for a custom domain', () => expect(classifyHost('api.example.com').apiId).toBeUndefined())
})

describe('parseUserUrl', () => {
  it('defaults to https and port 443', () => {
    expect(parseUserUrl('abc1234567.execute-api.us-east-1.amazonaws.com/prod')).toMatchObject({
      protocol: 'https:',
      port: 443,
      defaultPort: true,
    })
  })
  it('keeps a non-default port', () =>
    expect(parseUserUrl('https://localhost:8443/x')).toMatchObject({ port: 8443, defaultPort: false }))
  it('percent-encodes spaces and UTF-8 in the path, keeps existing escapes', () => {
    expect(parseUserUrl('https://h.example/a b/ሴ/%2F').url.pathname).toBe('/a%20b/%E1%88%B4/%2F')
  })
  it('removes dot segments like curl', () =>
    expect(parseUserUrl('https://h.example/a/./b/../c').url.pathname).toBe('/a/c'))
  it('drops the fragment', () => expect(parseUserUrl('https://h.example/a#frag').url.pathname).toBe('/a'))
  it('unbrackets IPv6 literals', () => expect(parseUserUrl('https://[::1]:8443/').hostname).toBe('::1'))
  it('punycodes non-ASCII hosts', () =>
    expect(parseUserUrl('https://bücher.example/').hostname).toBe('xn--bcher-kva.example'))
  it.each([
    ['', 'empty'],
    ['https://', 'not a valid URL'],
    ['ftp://h.example/', 'unsupported scheme'],
    ['https://user:pw@h.example/', 'user-info'],
    ['http://abc1234567.execute-api.us-east-1.amazonaws.com/prod', 'only accept HTTPS'],
  ])('rejects %j (%s)', (input, message) => {
    expect(() => parseUserUrl(input)).toThrow(PvapiError)
    expect(() => parseUserUrl(input)).toThrow(message)
  })
})
